"""Check every internal link and anchor of a built site (used by the tests)."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key):
                self.ids.add(values[key])
        # <link> only counts for stylesheets: canonical/alternate links are not loaded.
        if tag == "link" and values.get("rel") != "stylesheet":
            return
        for key in ("href", "src"):
            if values.get(key):
                self.links.append(values[key])


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """Every internal link (and #anchor) that does not resolve, as 'page -> link'."""
    # 404.html links from the server's root (site_url), wherever it is served: skip it.
    pages = {p: parse(p) for p in site.rglob("*.html") if p.name != "404.html"}
    broken = []
    for path, page in sorted(pages.items()):
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
                continue
            if parts.path:
                target = (path.parent / unquote(parts.path)).resolve()
                if parts.path.endswith("/") or target.is_dir():
                    target = target / "index.html"
            else:
                target = path.resolve()
            if not target.is_file():
                broken.append(f"{path.relative_to(site)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                anchors = pages.get(target) or parse(target)
                if unquote(parts.fragment) not in anchors.ids:
                    broken.append(f"{path.relative_to(site)} -> {link} (no anchor)")
    return broken


def url_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return posixpath.dirname(rel) + "/" if rel.endswith("index.html") else rel
