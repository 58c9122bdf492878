"""The one store of generated pages' rendered bodies.

A page's body is kept here when it is rendered (``on_page_content``, after the
sanitiser), by its source ``src_uri``, and read by whatever shows it again: a visit's
page (part of its day), the feeds (each day's and follow-up's). It lives as long as
the plugin, across the rebuilds of ``mkdocs serve`` and in the preview, where a page
is rendered only when asked: a body stays until its page is rendered again or is no
longer generated.
"""

from __future__ import annotations

from collections.abc import Iterable


class RenderedBodies:
    def __init__(self) -> None:
        self._html: dict[str, str] = {}

    def keep(self, src_uri: str, html: str) -> None:
        self._html[src_uri] = html

    def get(self, src_uri: str) -> str:
        """The page's body as last rendered; '' for a page not rendered yet."""
        return self._html.get(src_uri, "")

    def keep_only(self, src_uris: Iterable[str]) -> None:
        """Forget the bodies of pages no longer generated (a day deleted or renamed)."""
        wanted = set(src_uris)
        for src_uri in self._html.keys() - wanted:
            del self._html[src_uri]
