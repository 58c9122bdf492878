"""The YAML reader keeps what residents wrote and where they wrote it."""

from residency_journal.model.yamlsource import parse_yaml


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
    assert [str(p) for p in doc.problems] == [
        "x.yml:3: verdict: key given twice (first on line 1); this second value is ignored"]


def test_syntax_error_is_a_problem_not_an_exception():
    doc = parse_yaml("title: x\n  bad: [\n", "x.yml", line_offset=1)
    assert doc.data is None
    assert len(doc.problems) == 1
    assert doc.problems[0].path == "x.yml"
    assert doc.problems[0].line >= 2
    assert "cannot be read" in doc.problems[0].message
