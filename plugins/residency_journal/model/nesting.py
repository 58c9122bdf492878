"""How deeply a body nests, found before Python-Markdown sees it.

Python-Markdown parses nested blocks (lists, quotes, admonitions, ``<div
markdown="1">``) by recursion: a few hundred levels exhaust Python's stack and
the build stops on a RecursionError. No story needs more than a handful of
levels, so a body nesting more than :data:`MAX_DEPTH` levels is not rendered:
its entry is set aside with a message at the line where the limit is crossed.

One pass over the body, linear in its length. The count is generous (it counts
what might nest, never less): on each line, its indentation (4 columns a
level), the container markers that open it (``>``, ``-``, ``*``, ``+``, ``1.``,
``!!!``, ``???``), and the HTML block elements still open (code and comments
excepted). Emphasis nests too (``*a _b *c …``): within a paragraph, each ``*``
or ``_`` of a run that opens emphasis is a level, each one of a run that closes
it ends one; the limit there is :data:`MAX_INLINE_DEPTH`.
"""

from __future__ import annotations

import re

from .code_regions import Regions, code_regions, indent

MAX_DEPTH = 50
# Python-Markdown recurses once per emphasis level; runs that only look like
# openers (a `_blank`, an asterisk note) are counted too, hence more room.
MAX_INLINE_DEPTH = 100

# Elements that hold blocks and are closed by their end tag (a <p> or <li> may be
# left open in HTML: counting them would take every unclosed paragraph for a level).
_CONTAINERS = frozenset({
    "div", "section", "article", "aside", "details", "blockquote", "ul", "ol", "dl",
    "table", "figure", "nav", "header", "footer", "main", "form", "fieldset", "span",
    "summary", "center",
})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>")
_RUN = re.compile(r"[*_]+")
_MARKERS = re.compile(r"(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])|!!!\+?|\?\?\?\+?)[ \t]*")


def _emphasis(line: str, start: int, depth: int, skip: Regions, offset: int) -> tuple[int, int]:
    """``depth`` after the emphasis runs of ``line`` (from character ``start``), and the
    deepest it went on the way."""
    peak = depth
    for run in _RUN.finditer(line, start):
        if skip.covers(offset + run.start()):
            continue
        before = line[run.start() - 1] if run.start() else " "
        after = line[run.end()] if run.end() < len(line) else " "
        opens = not after.isspace() and (before.isspace() or not before.isalnum())
        closes = not before.isspace() and (after.isspace() or not after.isalnum())
        if opens and not closes:
            depth += len(run.group())
            peak = max(peak, depth)
        elif closes and not opens:
            depth = max(0, depth - len(run.group()))
    return depth, peak


def too_deep(body: str, limit: int = MAX_DEPTH,
             inline_limit: int = MAX_INLINE_DEPTH) -> tuple[int, int] | None:
    """(0-based line of ``body``, limit crossed) where nesting first exceeds a limit,
    or None."""
    skip = code_regions(body) if ("<" in body or "*" in body or "_" in body) else None
    html_depth = inline_depth = 0
    offset = 0
    for number, line in enumerate(body.split("\n")):
        columns, chars = indent(line)
        depth = html_depth + columns // 4
        position = chars
        while depth <= limit and (marker := _MARKERS.match(line, position)) is not None \
                and marker.end() > position:
            depth += 1
            position = marker.end()
        if depth > limit:
            return number, limit
        if not line.strip():
            inline_depth = 0  # a paragraph ends: so does its emphasis
        elif skip is not None and ("*" in line or "_" in line):
            inline_depth, peak = _emphasis(line, position, inline_depth, skip, offset)
            if peak > inline_limit:
                return number, inline_limit
        if skip is not None and "<" in line:
            for tag in _TAG.finditer(line):
                name = tag.group(2).lower()
                if name not in _CONTAINERS or tag.group(3).rstrip().endswith("/") \
                        or skip.covers(offset + tag.start()):
                    continue
                if tag.group(1):
                    html_depth = max(0, html_depth - 1)
                else:
                    html_depth += 1
                    if html_depth > limit:
                        return number, limit
        offset += len(line) + 1
    return None
