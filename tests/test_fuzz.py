"""Hostile input is normal input: random and mutated files give problems, never an
exception, every problem points at a line of its file, and a valid entry beside a
broken one is still published.

Examples that once found a bug are kept below as plain tests (``test_found_*``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import RESIDENCE_YML, entry
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from residency_journal.model import load_journal
from residency_journal.model.reading import read_entry, read_residence
from residency_journal.model.yamlsource import parse_yaml
from test_body_policy import MKDOCS_YML as BODY_POLICY_SITE_YML

# A few seconds in the suite; FUZZ_EXAMPLES=5000 runs a deeper search by hand.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
FUZZ_JOURNAL = settings(max_examples=max(EXAMPLES // 4, 10), deadline=None, database=None,
                        suppress_health_check=[HealthCheck.too_slow,
                                               HealthCheck.function_scoped_fixture])

VALID_ENTRY = """\
---
date: 2013-01-28
title: Jour valide
authors: [claire]
participants:
  - ref: daj
  - id: elus
    label: Élus
actions:
  - id: parite
    title: Critère de parité
    impact: fort
    verdict: retenue
visits:
  - id: visite
    title: Visite
    participants: [elus, claire]
verbatims:
  - quote: Bonjour
    by: elus
---

Le récit du jour.
"""

# Pieces residents (or their editors) put in files by mistake.
ODD_PIECES = [
    "\t", "\ufeff", "\r\n", "\r", "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028", "\ufffe",
    "\U0001f600", "é", "\u0301", "\u200b", ": ", " : ", "- ", "---", "\n---\n", "&a ", "*a", "*a*",
    "&a [*a]", "[", "]", "{", "}", '"', "'", "#", "|", ">", "? ", "!!python/object:os.system ",
    "%YAML 1.1\n", "@", "`", "\\", '"\\x00"', '"\\ud800"', "~", "null", "no", "0123", "14:30",
    "[" * 50, "{a: " * 30, "partcipants:", "titre: ", "date: 13/02/2013", "verdict: Retenue",
    "impact: tres fort", "x" * 5000,
]
piece = st.sampled_from(ODD_PIECES) | st.text(max_size=20)
scalar = st.text(max_size=30) | st.sampled_from(["", "~", "2013-02-13", "fort", "claire", "3"])
keys = st.sampled_from(["date", "week", "day", "title", "authors", "participants", "actions",
                        "visits", "verbatims", "extra", "tags", "draft", "id", "ref", "label",
                        "quote", "by", "impact", "team", "weeks", "start", "partcipants"]) | st.text(
    max_size=10)
data = st.recursive(scalar | st.none() | st.integers() | st.booleans(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
                    max_leaves=30)


@st.composite
def mutated(draw, base: str) -> str:
    """``base`` with a few pieces inserted, lines deleted or duplicated."""
    text = base
    for _ in range(draw(st.integers(1, 5))):
        action = draw(st.sampled_from(["insert", "delete-line", "duplicate-line", "replace"]))
        lines = text.split("\n")
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if action == "insert":
            position = draw(st.integers(0, len(text)))
            text = text[:position] + draw(piece) + text[position:]
        elif action == "delete-line" and len(lines) > 1:
            del lines[i]
            text = "\n".join(lines)
        elif action == "duplicate-line":
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        else:
            lines[i] = draw(piece)
            text = "\n".join(lines)
    return text


def dumped(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True)


def any_frontmatter() -> st.SearchStrategy[bytes]:
    texts = (mutated(VALID_ENTRY) | data.map(lambda d: "---\n" + dumped(d) + "---\n\nRécit.\n")
             | st.text(max_size=300).map(lambda t: "---\n" + t + "\n---\n"))
    encoded = texts.map(lambda t: t.encode("utf-8", "surrogatepass"))
    return encoded | st.binary(max_size=300)


def any_residence() -> st.SearchStrategy[bytes]:
    texts = mutated(RESIDENCE_YML) | data.map(dumped) | st.text(max_size=300)
    return texts.map(lambda t: t.encode("utf-8", "surrogatepass")) | st.binary(max_size=300)


def line_count(raw: bytes) -> int:
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def assert_lines_inside(problems, files: dict[str, bytes]) -> None:
    for problem in problems:
        assert problem.path in files, problem
        assert problem.message, problem
        assert 1 <= problem.line <= line_count(files[problem.path]), (problem, files[problem.path])


# --- one file ------------------------------------------------------------------------


@pytest.mark.slow
@FUZZ
@given(text=mutated(RESIDENCE_YML) | data.map(dumped) | st.text(max_size=200) | piece)
def test_parse_yaml_is_total(text):
    doc = parse_yaml(text, "x.yml", line_offset=3, salvage=True)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for problem in doc.problems:
        assert 4 <= problem.line <= lines + 3, problem
    assert all(4 <= line <= lines + 3 for line in doc.lines.values())


@FUZZ
@given(raw=any_frontmatter())
def test_reading_any_entry_gives_problems_inside_the_file(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jour-1.md"
        path.write_bytes(raw)
        f = read_entry(path, "jour-1.md")
    assert_lines_inside(f.problems, {"jour-1.md": raw})
    assert "\x00" not in f.body
    if f.frontmatter.value is not None:
        assert "\x00" not in repr(f.frontmatter.value.model_dump())


@FUZZ
@given(raw=any_residence())
def test_reading_any_residence_gives_problems_inside_the_file(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "residence.yml"
        path.write_bytes(raw)
        validated = read_residence(path, "residence.yml")
    assert_lines_inside(validated.problems, {"residence.yml": raw})


# --- a whole journal ---------------------------------------------------------------

R = "journal/res/residence.yml"
GOOD = "journal/res/semaine-1/jour-1.md"
FUZZED = "journal/res/semaine-1/jour-2.md"


def load(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, raw in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(raw)
        return load_journal(root)


@FUZZ_JOURNAL
@given(raw=any_frontmatter())
def test_a_valid_entry_beside_a_broken_one_is_published(raw):
    files = {R: RESIDENCE_YML.encode(), GOOD: VALID_ENTRY.encode(), FUZZED: raw}
    journal = load(files)
    assert_lines_inside(journal.problems, files)
    [res] = journal.residencies
    assert GOOD in {e.path for e in res.entries}


@FUZZ_JOURNAL
@given(raw=any_residence())
def test_a_broken_residence_yml_still_publishes_its_entries(raw):
    files = {R: raw, GOOD: entry("date: 2013-01-28\ntitle: Jour valide").encode()}
    journal = load(files)
    assert_lines_inside(journal.problems, files)
    [res] = journal.residencies
    assert GOOD in {e.path for e in res.entries}


# --- examples that found bugs ------------------------------------------------------


def test_found_alias_bomb_is_not_expanded():
    bomb = ("extra:\n  a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
            + "".join(f"  {b}: &{b} [{','.join([f'*{a}'] * 9)}]\n"
                      for a, b in zip("abcdefgh", "bcdefghi", strict=True)))
    files = {R: RESIDENCE_YML.encode(), GOOD: VALID_ENTRY.encode(),
             FUZZED: ("---\ndate: 2013-01-29\n" + bomb + "---\n").encode()}
    journal = load(files)
    assert len([p for p in journal.problems if p.path == FUZZED]) == 9
    assert {e.path for e in journal.residencies[0].entries} == {GOOD, FUZZED}


def test_found_recursive_alias_and_deep_lists_do_not_raise():
    deep = "date: 2013-01-29\nextra:\n  a: " + "[" * 600 + "]" * 600
    for fm in ("date: 2013-01-29\nextra:\n  a: &a [*a]\n", deep):
        files = {R: RESIDENCE_YML.encode(), GOOD: VALID_ENTRY.encode(),
                 FUZZED: f"---\n{fm}\n---\n".encode()}
        journal = load(files)
        assert_lines_inside(journal.problems, files)
        assert len(journal.problems) == 1


def test_found_nul_escape_never_reaches_an_entry():
    files = {R: RESIDENCE_YML.encode(), GOOD: entry('date: 2013-01-28\ntitle: "a\\x00b"').encode()}
    journal = load(files)
    assert journal.residencies[0].entries[0].title == "ab"


def test_found_a_lone_surrogate_escape_is_a_message():
    doc = parse_yaml('title: "\\ud800"\n', "x.yml")
    assert doc.data is None and [p.line for p in doc.problems] == [1]


def test_found_a_file_that_is_only_dashes():
    for raw in (b"---", b"---\n", b"---\n---", b"------\n---\n---\n"):
        files = {R: RESIDENCE_YML.encode(), GOOD: VALID_ENTRY.encode(), FUZZED: raw}
        journal = load(files)
        assert_lines_inside(journal.problems, files)
        assert GOOD in {e.path for e in journal.residencies[0].entries}


# --- bodies: no active content ever reaches an output file --------------------------------
# Random bodies of raw HTML and Markdown-with-attributes, every payload carrying MARK: the
# output is read back with the standard library's HTML parser (not the sanitiser's) and no
# MARK may stand where a browser would run or load it.

MARK = "Zq9MARK"
BODY_TAGS = ["script", "iframe", "object", "embed", "form", "input", "button", "meta", "base",
             "link", "style", "svg", "math", "template", "noscript", "textarea", "title", "frame",
             "applet", "video", "audio", "source", "picture", "img", "a", "div", "p", "span",
             "details", "summary", "table", "td", "h2", "figure", "blockquote", "q", "abbr"]
BODY_ATTRIBUTES = ["onclick", "onerror", "onload", "onmouseover", "href", "src", "srcset", "style",
                   "class", "id", "title", "action", "formaction", "data", "xlink:href",
                   "http-equiv", "content", "markdown", "cite", "poster", "background"]
BODY_VALUES = [f"javascript:alert('{MARK}')", f" JaVa\tScRiPt:{MARK}", f"&#106;avascript:{MARK}",
               f"&#x6A;avascript&colon;{MARK}", f"data:text/html,{MARK}", f"vbscript:{MARK}",
               f"alert('{MARK}')", f"0;url=javascript:{MARK}", f"data:image/png;base64,{MARK}",
               f"https://ex.org/{MARK}", f"#{MARK}", f"../{MARK}/", f"x.png 1x, javascript:{MARK} 2x",
               f"background:url(javascript:{MARK})", '"', "'", ">", "<", ""]
_value = st.sampled_from(BODY_VALUES)
_attribute = st.builds(lambda name, value, quote: f' {name}={quote}{value}{quote}',
                       st.sampled_from(BODY_ATTRIBUTES), _value, st.sampled_from(['"', "'", ""]))
_tag = st.builds(lambda name, attrs, inner, close: f"<{name}{''.join(attrs)}>{inner}"
                 + (f"</{name}>" if close else ""),
                 st.sampled_from(BODY_TAGS), st.lists(_attribute, max_size=3),
                 st.sampled_from(["", f"alert('{MARK}')", "texte", "**gras**", "\n\ntexte\n\n"]),
                 st.booleans())
_markdown = st.one_of(
    st.builds(lambda v: f"[lien]({v})", _value),
    st.builds(lambda v: f"![image]({v})", _value),
    st.builds(lambda v: f"<{v}>", _value),  # an autolink
    st.builds(lambda a: f"Un paragraphe.\n{{:{''.join(a)} }}", st.lists(_attribute, max_size=3)),
    st.builds(lambda a: f"## Titre {{:{''.join(a)} }}", st.lists(_attribute, max_size=3)),
    st.builds(lambda a, t: f'<div markdown="1"{"".join(a)}>\n\n{t}\n\n</div>',
              st.lists(_attribute, max_size=2), _tag),
    st.builds(lambda t: f'!!! note "Note"\n    {t}', _tag),
    st.sampled_from([f"`<script>{MARK}</script>`", f"```\n<script>{MARK}</script>\n```",
                     "<!--", "-->", "<![CDATA[", "]]>", f"<!-- {MARK} -->", "| a | b |\n|---|---|\n| 1 | 2 |",
                     "Terme\n:   définition", "Texte[^1]\n\n[^1]: note", "*[HTML]: texte", "&", "\\"]),
)
_piece = st.one_of(_tag, _markdown, st.sampled_from(["texte", "<", ">", "</div>", "</p>", "</a>"]))
hostile_bodies = st.lists(st.tuples(_piece, st.sampled_from(["", " ", "\n", "\n\n", "\n    "])),
                          min_size=1, max_size=12).map(lambda parts: "".join(p + s for p, s in parts))

# Where MARK would act: an element that runs or loads, an event handler, a URL of a kind
# a browser runs (checked as the browser reads it: tabs, newlines and entities decoded).
_RUNS = {"script", "iframe", "object", "embed", "form", "input", "button", "meta", "base", "link",
         "style", "svg", "math", "frame", "applet", "video", "audio", "template"}
_URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "xlink:href", "cite",
                   "poster", "background", "content"}


class _ActiveFinder(__import__("html.parser").parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            compact = "".join(c for c in value if c > " ").lower()
            if MARK.lower() not in compact:
                continue
            if tag in _RUNS:
                self.found.append(f"<{tag} {name}=…{MARK}>")
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=…{MARK}>")
            urls = [c.split()[0] for c in value.split(",") if c.split()] if name == "srcset" else [value]
            for url in urls if name in _URL_ATTRIBUTES else []:
                if "".join(c for c in url if c > " ").lower().startswith(
                        ("javascript:", "vbscript:", "data:text")):
                    self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "style"):
            self.inside.append(tag)

    def handle_endtag(self, tag):
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data):
        if self.inside and MARK in data:
            self.found.append(f"<{self.inside[-1]}>…{MARK}")


def active_markup(html: str) -> list[str]:
    finder = _ActiveFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def _render(body: str) -> str:
    """A body as the site renders it (check_render: MkDocs' built-ins and the extensions
    the plugin always adds, after these)."""
    from residency_journal.check_render import renderer

    render = renderer([{"toc": {"permalink": True}}, "admonition", "attr_list", "md_in_html",
                       "tables", "footnotes", "abbr", "def_list"])
    assert render is not None
    return render(body)


@FUZZ
@given(body=hostile_bodies)
def test_no_active_content_survives_the_body_sanitiser(body):
    from residency_journal.model.body_policy import sanitise_body

    clean, problems = sanitise_body(_render(body), "journal/res/semaine-1/jour-1.md", body, 6)
    assert active_markup(clean) == []
    lines = body.count("\n") + 6
    assert all(6 <= p.line <= lines for p in problems)


def _output_texts(site: Path) -> dict[str, str]:
    """Every file of a build as text (site_text.contents: gzip decompressed), read back to
    the HTML a reader would get: a feed's HTML is escaped once as XML text, or written
    with \\u escapes in JSON (the search fragments too)."""
    import html

    from site_text import contents, unescape_json

    texts = {}
    for name, data in contents(site).items():
        text = data.decode("utf-8", errors="replace")
        if name.endswith(".xml"):
            text = html.unescape(text)
        elif data[:1] in (b"{", b"[") or name.endswith(".json"):
            text = unescape_json(text)
        texts[name] = text
    return texts


# The sanitiser tests' site: the shipped extensions that let a body carry HTML.
FUZZ_SITE_YML = BODY_POLICY_SITE_YML


# A build a second: few examples, and a failure is reported as found (shrinking a body
# through whole builds takes minutes).
@pytest.mark.slow
@settings(max_examples=max(EXAMPLES // 20, 4), deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow])
@given(body=hostile_bodies)
def test_no_active_content_reaches_any_file_of_a_build(body):
    from conftest import build, load_config, write_project

    with tempfile.TemporaryDirectory() as tmp:
        files = {"journal/res/residence.yml": RESIDENCE_YML,
                 "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28\nauthors: [claire]",
                                                          body + "\n")}
        root = write_project(Path(tmp) / "p", files, FUZZ_SITE_YML)
        # Whatever the body, the build finishes (its warnings are the resident's messages).
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))
        for name, text in _output_texts(root / "site").items():
            # Pagefind's fragments hold each page's text (a code span's `<script>` as the
            # letters it shows); the search writes them with textContent (search.js).
            if not name.startswith("pagefind/"):
                assert active_markup(text) == [], name
