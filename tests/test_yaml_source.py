"""The YAML reader keeps what residents wrote and where they wrote it, and is
bounded and total: any text gives data and problems in French, never an exception."""

import time

import pytest
from residency_journal.model.messages import say
from residency_journal.model.yamlsource import MAX_DEPTH, parse_yaml


def messages(doc) -> list[str]:
    return [str(p) for p in doc.problems]


def test_scalars_stay_as_written():
    doc = parse_yaml("a: no\nb: 14:30\nc: 0123\nd: 2013-02-13\ne: on\nf:\ng: ~\n", "x.yml")
    assert doc.data == {"a": "no", "b": "14:30", "c": "0123", "d": "2013-02-13", "e": "on",
                        "f": None, "g": None}
    assert not doc.problems


def test_quoted_null_words_stay_text():
    doc = parse_yaml('a: "null"\nb: ""\n', "x.yml")
    assert doc.data == {"a": "null", "b": ""}


def test_lines_of_values_and_items():
    doc = parse_yaml("title: x\nactions:\n  - id: a\n    impact: fort\n  - id: b\n", "x.yml",
                     line_offset=1)
    assert doc.line(("title",)) == 2
    assert doc.line(("actions", 0, "impact")) == 5
    assert doc.line(("actions", 1)) == 6
    # a key that is not there falls back to its nearest parent
    assert doc.line(("actions", 1, "title")) == 6


def test_duplicate_key_is_reported_and_first_value_kept():
    doc = parse_yaml("verdict: retenue\nnote: x\nverdict: abandonnee\n", "x.yml")
    assert doc.data["verdict"] == "retenue"
    assert messages(doc) == [
        "x.yml:3: verdict : clé donnée deux fois (déjà ligne 1) ; cette seconde valeur est ignorée"]


def test_syntax_error_is_a_problem_not_an_exception():
    doc = parse_yaml("title: x\n  bad: [\n", "x.yml", line_offset=1)
    assert doc.data is None
    assert len(doc.problems) == 1
    assert doc.problems[0].path == "x.yml"
    assert doc.problems[0].line == 3


# (text, line of the one message, its catalogue key and values)
SYNTAX_MISTAKES = {
    # the parser notices at the end of the file; the resident must fix line 2
    "unclosed-quote": ('a: x\nb: "Bonjour\nc: y\n' + "d: z\n" * 40, 2,
                       "yaml.unclosed_quote", {"quote": "« \" »"}),
    "unclosed-single-quote": ("a: x\nb: 'Bonjour\nc: y\n", 2, "yaml.unclosed_quote", {"quote": "« ' »"}),
    # the quote is closed by the next value's opening quote: still line 2
    "quote-closed-later": ('a: x\nb: "Bonjour\nc: "y"\nd: z\n', 2, "yaml.unclosed_quote",
                           {"quote": "« \" »"}),
    "colon-space-in-value": ("a: x\nsummary: texte : suite\n", 2, "yaml.colon_in_value", {}),
    "tab-indentation": ("a: x\nb:\n\t- y\n", 3, "yaml.tab", {}),
    "tab-before-key": ("a:\n  b: 1\n\tc: 2\n", 3, "yaml.tab", {}),
    "unclosed-bracket": ("tags: [x, y\nb: z\n", 1, "yaml.unclosed_bracket",
                         {"opening": "« [ »", "closing": "« ] »"}),
    "unclosed-brace": ("a: {x: 1\nb: z\n", 1, "yaml.unclosed_bracket",
                       {"opening": "« { »", "closing": "« } »"}),
    "indented-too-far": ("a: x\n  b: y\n", 2, "yaml.indentation", {}),
    "dash-out-of-line": ("a:\n  - x\n - y\n", 3, "yaml.indentation", {}),
    "no-colon": ("a: x\nbonjour\nc: y\n", 2, "yaml.missing_colon", {}),
    "at-sign": ("a: @moi\n", 1, "yaml.bad_start", {"char": "« @ »"}),
    "backtick": ("a: `code`\n", 1, "yaml.bad_start", {"char": "« ` »"}),
    "bad-escape": ('a: "C:\\dossier"\n', 1, "yaml.bad_escape", {}),
    "text-after-quote": ('a: "x" y\n', 1, "yaml.text_after_quote", {}),
    "dash-in-value": ("a: - x\n", 1, "yaml.dash_in_value", {}),
}


@pytest.mark.parametrize("text, line, key, values", SYNTAX_MISTAKES.values(), ids=SYNTAX_MISTAKES)
def test_syntax_mistakes_get_one_french_message_at_the_line_to_fix(text, line, key, values):
    doc = parse_yaml(text, "x.yml")
    assert doc.data is None
    assert messages(doc) == [f"x.yml:{line}: {say(key, **values)}"]


def test_salvage_reads_around_a_broken_line_and_reports_it_once():
    doc = parse_yaml('title: "Résidence\nplace: Lyon\nteam:\n  - id: claire\n', "r.yml", salvage=True)
    assert doc.data == {"place": "Lyon", "team": [{"id": "claire"}]}
    assert doc.salvaged
    assert messages(doc) == ["r.yml:1: " + say("yaml.unclosed_quote", quote='« " »')]


def test_aliases_are_refused_not_expanded():
    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
    start = time.perf_counter()
    doc = parse_yaml(bomb, "x.yml")
    assert time.perf_counter() - start < 1
    assert doc.data["a"] == ["lol"] * 9
    assert doc.data["i"] == [None] * 9  # nothing expanded
    assert [(p.line, p.field) for p in doc.problems] == [
        (i + 1, key) for i, key in enumerate("abcdefghi")]
    assert doc.problems[0].message == say("yaml.alias", sign="« &a »")


def test_a_recursive_alias_is_one_message():
    doc = parse_yaml("a: &a [*a]\n", "x.yml")
    assert doc.data == {"a": [None]}
    assert messages(doc) == [f"x.yml:1: a : {say('yaml.alias', sign='« &a »')}"]
    assert doc.reported == {("a", 0)}


def test_markdown_emphasis_at_the_start_of_a_value_says_to_quote_it():
    doc = parse_yaml("summary: *Très* important\n", "x.yml")
    assert messages(doc) == [f"x.yml:1: {say('yaml.alias', sign='« * »')}"]


@pytest.mark.parametrize("text", [
    "a: " + "[" * 600 + "]" * 600 + "\nb: 1\n",
    "a: " + "{x: " * 600 + "1" + "}" * 600 + "\nb: 1\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 600)) + "b: 1\n",
])
def test_deep_nesting_is_set_aside_without_recursion(text):
    doc = parse_yaml(text, "x.yml")
    assert doc.data["b"] == "1"
    assert len(doc.problems) == 1
    assert doc.problems[0].message == say("yaml.too_deep", limit=MAX_DEPTH)


def test_nesting_beyond_the_parsers_own_bound_is_the_same_message():
    doc = parse_yaml("a: " + "[" * 100_000 + "]" * 100_000 + "\nb: 1\n", "x.yml")
    assert messages(doc) == [f"x.yml:1: {say('yaml.too_deep', limit=MAX_DEPTH)}"]


def test_control_characters_are_removed_once_per_value():
    doc = parse_yaml('a: "x\\x00y\\x07z"\nb: "\\uFFFE ok"\nc: raw\x01\x02value\nd: fine\n', "x.yml")
    assert doc.data == {"a": "xyz", "b": " ok", "c": "rawvalue", "d": "fine"}
    assert [(p.line, p.field) for p in doc.problems] == [(3, ""), (1, "a"), (2, "b")]
    assert {p.message for p in doc.problems} == {say("text.invisible_removed")}


def test_yaml_line_breaks_editors_do_not_show_keep_lines_in_step():
    doc = parse_yaml("a: x\x85y\u2028z\nb: 2\n", "x.yml")
    assert doc.data == {"a": "x y z", "b": "2"}
    assert doc.line(("b",)) == 2


def test_a_second_document_is_reported_and_ignored():
    doc = parse_yaml("a: 1\n---\nb: 2\n", "x.yml")
    assert doc.data == {"a": "1"}
    assert messages(doc) == [f"x.yml:2: {say('yaml.several_documents')}"]


def test_a_list_used_as_a_key_is_reported():
    doc = parse_yaml("? [a]\n: b\nc: d\n", "x.yml")
    assert doc.data == {"c": "d"}
    assert messages(doc) == [f"x.yml:1: {say('yaml.key_not_word')}"]


def test_too_much_text_is_one_message_without_reading_it():
    doc = parse_yaml("a: b\n" * 500_000, "x.yml")
    assert doc.data is None
    assert [p.line for p in doc.problems] == [1]
    assert doc.problems[0].message.startswith("le fichier est trop gros")


@pytest.mark.parametrize("text", ["", "\n\n", "# rien\n", "---\n", "~\n"])
def test_empty_documents_are_no_keys(text):
    doc = parse_yaml(text, "x.yml")
    assert doc.data in ({}, None) and doc.problems == []
