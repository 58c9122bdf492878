"""The livret's stories: the rendered page split back into one body per entry.

The livret's Markdown is every entry's body after a marker line (see
:func:`.model.site.livret_page`); MkDocs renders it as one page (links checked
and re-aimed once), and the template places each story under its day.

A marker carries a key, a digest of the bodies (:func:`.model.site.livret_key`):
the page's first marker is the livret's own (no body comes before it), and only
the markers with its key cut the page, so a body that copies another day's
marker cannot move a story. Each story is sanitised on its own
(:mod:`.model.body_policy`), so no story's markup can wrap the next one.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from .model.body_policy import sanitise

_MARKER = re.compile(r"<!-- journal-livret-story ([0-9a-f]{32}): ([A-Za-z0-9_-]+) -->")


def _cuts(html: str, anchors: list[str]) -> list[tuple[str, int, int, int]]:
    """(anchor, marker start, marker end, story end) for each story of ``anchors``."""
    first = _MARKER.search(html)
    if first is None:
        return []
    key, wanted = first.group(1), set(anchors)
    marks = [m for m in _MARKER.finditer(html, first.start())
             if m.group(1) == key and m.group(2) in wanted]
    return [(m.group(2), m.start(), m.end(),
             marks[i + 1].start() if i + 1 < len(marks) else len(html))
            for i, m in enumerate(marks)]


def sanitised(html: str, anchors: list[str]) -> str:
    """The rendered livret with each story sanitised and the livret's markers kept.

    Silent: each removal was reported already, on the entry's own page."""
    out = []
    for _, start, end, stop in _cuts(html, anchors):
        out.append(html[start:end])
        out.append(sanitise(html[end:stop])[0])
    return "\n".join(out)


def stories(html: str, anchors: list[str]) -> dict[str, Markup]:
    """``anchor -> rendered body`` for the entries of ``anchors``."""
    return {anchor: Markup(html[end:stop].strip()) for anchor, _, end, stop in _cuts(html, anchors)}
