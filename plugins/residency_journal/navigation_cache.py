"""Material's rendered navigation, kept for the generated pages that share it.

A page outside the menu (an action, a visit, a participant: most of a large
journal's pages) gets the same navigation as every other page of its folder
under the same sections: Material's ``partials/nav.html`` reads only the
navigation, which of its sections are active (the page's ancestors), whether an
item *is* the page (never, outside the menu) and the page's URL, through MkDocs'
``url`` filter, which writes each link relative to it. Pages of one folder get
the same relative links unless a link points inside the page's own folder.

``journal/page.html`` renders the navigation once per such key and prints the
kept HTML for the next pages: the output is the same, byte for byte (a test
compares it with Material's own rendering). Only Material's own ``nav.html`` and
``nav-item.html`` are kept this way: a site's override of them may read more.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateNotFound
from markupsafe import Markup
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

# The partials whose output the key below determines (Material 9's).
CACHED_PARTIALS = ("partials/nav.html", "partials/nav-item.html")


def _parts(url: str) -> tuple[str, ...]:
    """A URL's path segments as MkDocs' ``get_relative_url`` compares them."""
    path = posixpath.normpath("/" + url)[1:]
    return tuple(path.split("/")) if path else ()


def _themes_own(env: Environment) -> bool:
    """Whether the navigation partials are the theme's (Material's) own files."""
    try:
        import material
    except ImportError:
        return False
    theme = Path(material.__file__).parent / "templates"
    for name in CACHED_PARTIALS:
        try:
            filename = env.get_template(name).filename
        except TemplateNotFound:
            return False
        if filename is None or Path(filename).parent.parent != theme:
            return False
    return True


class NavigationCache:
    """Rendered navigations by key, for one navigation (one build)."""

    def __init__(self) -> None:
        self._nav: Navigation | None = None
        self._enabled = False
        self._in_menu: set[str] = set()  # src_uri of every page in the menu
        self._targets: set[tuple[str, ...]] = set()  # every folder a menu link points into
        self._html: dict[tuple[Any, ...], Markup] = {}

    def start(self, nav: Navigation, env: Environment | None) -> None:
        """Forget what was kept when the navigation is another one."""
        if nav is self._nav:
            return
        self._nav, self._html = nav, {}
        self._enabled = env is not None and _themes_own(env)
        self._in_menu = {page.file.src_uri for page in nav.pages}
        self._targets = set()
        urls = [nav.homepage.url] if nav.homepage is not None else []

        def walk(items: list[Any]) -> None:
            for item in items:
                if isinstance(item, Section):
                    walk(item.children)
                elif isinstance(item, (Page, Link)):
                    urls.append(item.url or "")

        walk(nav.items)
        for url in urls:
            parts = _parts(url)
            self._targets.update(parts[:end] for end in range(1, len(parts) + 1))

    def key(self, page: Page) -> tuple[Any, ...] | None:
        """What the page's navigation depends on, or None when it is rendered anew."""
        if not self._enabled or page.file.src_uri in self._in_menu:
            return None
        url = page.url or ""
        parts = _parts(url)
        if not url.endswith("/") or not parts or parts in self._targets:
            return None
        return parts[:-1], tuple(id(section) for section in page.ancestors)

    def get(self, key: tuple[Any, ...] | None) -> Markup | None:
        return self._html.get(key) if key is not None else None

    def keep(self, key: tuple[Any, ...] | None, html: Markup) -> Markup:
        if key is not None:
            self._html[key] = html
        return html
