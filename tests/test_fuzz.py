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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from residency_journal.model import load_journal
from residency_journal.model.reading import read_entry, read_residence
from residency_journal.model.yamlsource import parse_yaml

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
