"""The model's reading shortcuts say what the long way says.

YAML is read from the parser's events by the loader's ``get_event`` (not
``yaml.parse``'s generator), a body's nesting is told from a bound when it cannot
cross a limit, and a body without invisible characters is not rewritten: each is
compared here with the long way on texts made to hit every branch."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from residency_journal.model import nesting
from residency_journal.model import yamlsource as ys
from residency_journal.model.reading import _clean_body
from residency_journal.model.yamlsource import parse_yaml, remove_invisible

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of YAML, good and broken: keys, lists, flow collections, quotes, aliases,
# anchors, block scalars, escapes of invisible characters, a second document.
YAML_PIECES = ["a: 1\n", "b:\n  - x\n  - y\n", "c: [1, 2\n", "d: {e: f}\n", "g: 'h\n",
               'i: "j\\x01k"\n', "l: &m n\n", "o: *m\n", "p: |\n  q\n  r\n", "s:\n  t: u\n",
               "- v\n", "w: x: y\n", "\tz: 1\n", "---\n", "aa: \n", "? [k]\n: v\n", "a: 2\n",
               "  bb: 3\n", "cc: ~\n", 'dd: ""\n', "ee: no\n", "ff: 14:30\n"]

# Pieces of Markdown that nest: indentation, tabs, quote and list markers, admonitions,
# HTML containers, emphasis runs, code spans and fences.
BODY_PIECES = ["    ", "\t", "> ", "- ", "* ", "1. ", "!!! note ", "??? ", "<div>", "</div>",
               "<span/>", "*", "**", "_", "__a_", "mot ", "\n", "\n\n", "`<div>`", "```\n",
               "<!-- <div> -->"]


def _long_way(text: str, path: str = "p.md") -> ys.YamlDoc:
    """parse_yaml as it was read before: events from ``yaml.parse``."""
    real = ys._read_events

    def through_yaml_parse(text: str, builder: ys._Builder) -> None:
        for event in yaml.parse(text, Loader=ys._Loader):
            builder.feed(event)

    ys._read_events = through_yaml_parse
    try:
        return parse_yaml(text, path, line_offset=1, salvage=True)
    finally:
        ys._read_events = real


@FAST
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=12))
def test_yaml_from_get_event_is_what_yaml_parse_gives(pieces):
    text = "".join(pieces)
    doc = parse_yaml(text, "p.md", line_offset=1, salvage=True)
    assert doc == _long_way(text)


@FAST
@given(st.lists(st.sampled_from(BODY_PIECES), max_size=60),
       st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=6))
def test_a_shallow_body_is_told_as_the_walk_tells_it(pieces, limit, inline_limit):
    body = "".join(pieces)
    walked = _walk(body, limit, inline_limit)
    assert nesting.too_deep(body, limit, inline_limit) == walked
    if nesting._shallow(body, limit, inline_limit):
        assert walked is None


def _walk(body: str, limit: int, inline_limit: int):
    real = nesting._shallow
    nesting._shallow = lambda *args: False
    try:
        return nesting.too_deep(body, limit, inline_limit)
    finally:
        nesting._shallow = real


def test_a_long_ordinary_story_is_shallow():
    story = "\n\n".join(f"- un point **important** n° {i}, <span>dit</span> _vite_"
                        for i in range(5))
    assert nesting._shallow(story, nesting.MAX_DEPTH, nesting.MAX_INLINE_DEPTH)
    assert nesting.too_deep(story) is None
    deep = "> " * (nesting.MAX_DEPTH + 1) + "trop"
    assert not nesting._shallow(deep, nesting.MAX_DEPTH, nesting.MAX_INLINE_DEPTH)
    assert nesting.too_deep(deep) == (0, nesting.MAX_DEPTH)


@FAST
@given(st.lists(st.sampled_from(["mot", " ", "\n", "\x01", "\x85", "\u2028", "é", "\t"]),
                max_size=30))
def test_a_clean_body_is_kept_and_a_dirty_one_cleaned(pieces):
    lines = "".join(pieces).split("\n")
    body, first = _clean_body(lines, 10)
    joined = "\n".join(lines)
    assert body == remove_invisible(joined)
    changed = [i for i, line in enumerate(lines) if remove_invisible(line) != line]
    assert first == (10 + changed[0] if changed else None)
