"""The livret's stories: the rendered page split back into one body per entry.

The livret's Markdown is every entry's body after a marker line (see
:func:`.model.site.livret_page`); MkDocs renders it as one page (links checked
and re-aimed once), and the template places each story under its day.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_MARKER = re.compile(r"<!-- journal-livret-story: ([A-Za-z0-9_-]+) -->")


def stories(html: str, anchors: list[str]) -> dict[str, Markup]:
    """``anchor -> rendered body`` for the entries of ``anchors`` (in that order).

    Only the markers of those anchors, in that order, cut the page: a body that
    contains a look-alike comment cannot move another entry's story.
    """
    found: dict[str, Markup] = {}
    positions: list[tuple[str, int, int]] = []
    start = 0
    for anchor in anchors:
        match = next((m for m in _MARKER.finditer(html, start) if m.group(1) == anchor), None)
        if match is None:
            continue
        positions.append((anchor, match.start(), match.end()))
        start = match.end()
    for i, (anchor, _, end) in enumerate(positions):
        stop = positions[i + 1][1] if i + 1 < len(positions) else len(html)
        found[anchor] = Markup(html[end:stop].strip())
    return found
