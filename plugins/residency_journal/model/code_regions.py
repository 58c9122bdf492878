"""Where a Markdown body holds code or comments: text that is shown, not parsed.

Links and headings inside fenced code blocks (``` and ~~~), indented code
blocks, inline code spans and HTML comments are not links or headings: the
link rewriter and the anchor finder skip them. One pass over the body, linear
in its length.

The block rules follow Python-Markdown closely enough for what residents write:
an indented block is code only after a blank line (it cannot interrupt a
paragraph), and inside a list an indent of 4 continues the item, so code there
needs 8.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d+[.)])[ \t]")
_INLINE = re.compile(r"`+|<!--")


@dataclass
class Regions:
    """Sorted, non-overlapping ``[start, end)`` spans of a body that are code or comments."""

    spans: list[tuple[int, int]]

    def __post_init__(self) -> None:
        self._starts = [start for start, _ in self.spans]

    def covers(self, offset: int) -> bool:
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self.spans[i][1]


def indent(line: str) -> tuple[int, int]:
    """(columns, characters) of a line's leading spaces and tabs (a tab stops at 4)."""
    width = 0
    for count, char in enumerate(line):
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            return width, count
    return width, len(line)


def code_lines(lines: list[str]) -> list[bool]:
    """For each line: is it inside a fenced or indented code block?"""
    flags = [False] * len(lines)
    fence: str | None = None
    previous_blank, in_list, code_indent = True, False, 0
    for i, line in enumerate(lines):
        if fence is not None:
            flags[i] = True
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        blank = not line.strip()
        if blank:
            previous_blank = True
            continue
        indent_width = indent(line)[0]
        if code_indent and indent_width >= code_indent:
            flags[i] = True
            continue
        code_indent = 0
        match = _FENCE.match(line)
        if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
            fence = match.group(1)
            flags[i] = True
            previous_blank = False
            continue
        needed = 8 if in_list else 4
        if previous_blank and indent_width >= needed:
            code_indent = needed
            flags[i] = True
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif indent_width == 0 and previous_blank:
            in_list = False
        previous_blank = False
    return flags


def code_regions(body: str) -> Regions:
    """The spans of ``body`` that are code blocks, code spans or HTML comments."""
    lines = body.split("\n")
    flags = code_lines(lines)
    spans: list[tuple[int, int]] = []
    offset = 0
    block_start: int | None = None
    text_parts: list[tuple[int, int]] = []  # spans of ordinary text, between code blocks
    text_start = 0
    for line, is_code in zip(lines, flags, strict=True):
        end = offset + len(line) + 1
        if is_code and block_start is None:
            block_start = offset
            text_parts.append((text_start, offset))
        elif not is_code and block_start is not None:
            spans.append((block_start, offset))
            block_start = None
            text_start = offset
        offset = end
    if block_start is not None:
        spans.append((block_start, len(body)))
    else:
        text_parts.append((text_start, len(body)))
    for start, end in text_parts:
        spans.extend(_inline_regions(body, start, end))
    spans.sort()
    return Regions(spans)


@lru_cache(maxsize=64)
def _closing(length: int) -> re.Pattern[str]:
    return re.compile(r"(?<!`)`{" + str(length) + r"}(?!`)")


def _inline_regions(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Code spans (a run of backticks up to the same run, within a paragraph) and comments."""
    found: list[tuple[int, int]] = []
    breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", body[start:end])]
    position = start
    while True:
        match = _INLINE.search(body, position, end)
        if match is None:
            return found
        if match.group(0) == "<!--":
            close = body.find("-->", match.end(), end)
            stop = end if close < 0 else close + 3
            found.append((match.start(), stop))
            position = stop
            continue
        if match.start() > 0 and body[match.start() - 1] == "\\":
            position = match.end()
            continue
        run = match.group(0)
        # a code span stays within its paragraph (up to the next blank line)
        k = bisect_right(breaks, match.end() - start)
        limit = start + breaks[k] if k < len(breaks) else end
        closing = _closing(len(run))
        close_match = closing.search(body, match.end(), limit)
        if close_match is None:
            position = match.end()  # an unmatched run is literal backticks
            continue
        found.append((match.start(), close_match.end()))
        position = close_match.end()
