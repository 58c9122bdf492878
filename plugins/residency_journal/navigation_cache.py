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

A page *in* the menu (a day) differs from the other pages of its folder by one
item only: its own, which Material renders open, with the page's table of
contents. The kept navigation of the first such page is made general once (its
own item replaced by the plain link another page sees), then each page gets it
with its plain link replaced by its own item, which ``nav-item.html``'s macro
renders. Where an item is not found once exactly as expected (a section's index
page, for one), the page's navigation is rendered whole.
"""

from __future__ import annotations

import posixpath
from collections import OrderedDict
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateNotFound
from markupsafe import Markup
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

# The partials whose output the key below determines (Material 9's).
CACHED_PARTIALS = ("partials/nav.html", "partials/nav-item.html")
# Navigations kept at a time, the most recently used: the pages of one folder and
# section are built one after the other, so a few keep memory flat at any size.
KEPT = 24


def _parts(url: str) -> tuple[str, ...]:
    """A URL's path segments as MkDocs' ``get_relative_url`` compares them."""
    path = posixpath.normpath("/" + url)[1:]
    return tuple(path.split("/")) if path else ()


def _edges(item: str) -> tuple[str, str]:
    """The white space before and after an item's HTML."""
    core = item.strip()
    start = item.find(core)
    return item[:start], item[start + len(core):]


def _themes_own(env: Environment, partials: tuple[str, ...], blocks: tuple[str, ...]) -> bool:
    """Whether ``partials`` are the theme's (Material's) own files, base.html too, and
    no ``blocks`` are a site's own (its main.html may override them)."""
    try:
        import material
    except ImportError:
        return False
    theme = Path(material.__file__).parent / "templates"
    try:
        for name in (*partials, "base.html"):
            filename = env.get_template(name).filename
            if filename is None or Path(filename).parent != theme / posixpath.dirname(name):
                return False
        return not set(blocks) & set(env.get_template("main.html").blocks)
    except TemplateNotFound:
        return False


class NavigationCache:
    """Rendered navigations by key, for one navigation (one build)."""

    def __init__(self) -> None:
        self._nav: Navigation | None = None
        self._enabled = False
        self._in_menu: set[str] = set()  # src_uri of every page in the menu
        self._targets: set[tuple[str, ...]] = set()  # every URL of the menu, and its folders
        self._folders: set[tuple[str, ...]] = set()  # every folder a menu link points into
        self._html: dict[tuple[Any, ...], Markup] = {}
        # In-menu keys: (the first page's navigation, that page, its own item), then the
        # navigation made general (None: never kept, render each page whole).
        self._first: dict[tuple[Any, ...], tuple[str, Page, str]] = {}
        self._general: dict[tuple[Any, ...], str | None] = {}
        self._plain: dict[tuple[Any, ...], tuple[str, str]] = {}  # white space around a link
        self._recent: OrderedDict[tuple[Any, ...], None] = OrderedDict()

    def start(self, nav: Navigation, env: Environment | None) -> None:
        """Forget what was kept when the navigation is another one."""
        if nav is self._nav:
            return
        self._nav, self._html, self._first, self._general, self._plain = nav, {}, {}, {}, {}
        self._recent = OrderedDict()
        self._enabled = env is not None and _themes_own(env, CACHED_PARTIALS, ("site_nav",))
        self._in_menu = {page.file.src_uri for page in nav.pages}
        self._targets, self._folders = set(), set()
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
            self._folders.update(parts[:end] for end in range(1, len(parts)))

    def key(self, page: Page) -> tuple[Any, ...] | None:
        """What the page's navigation depends on, or None when it is rendered anew."""
        if not self._enabled:
            return None
        url = page.url or ""
        parts = _parts(url)
        if not url.endswith("/") or not parts or parts in self._folders:
            return None
        sections = tuple(id(section) for section in page.ancestors)
        if page.file.src_uri in self._in_menu:
            return parts[:-1], sections, "menu"
        if parts in self._targets:
            return None
        return parts[:-1], sections

    @property
    def theirs(self) -> bool:
        """A site's own main.html or navigation partials: Material's block, as they make it."""
        return self._nav is not None and not self._enabled

    @staticmethod
    def in_menu(key: tuple[Any, ...] | None) -> bool:
        return key is not None and key[-1] == "menu"

    def other(self, key: tuple[Any, ...] | None) -> Page | None:
        """The page whose item the template renders as this page sees it (a plain link),
        while the kept navigation of ``key`` is not yet made general."""
        if key is None or key not in self._first or key in self._general:
            return None
        return self._first[key][1]

    def get(self, key: tuple[Any, ...] | None, page: Page | None = None, own: str = "",
            others: str = "") -> Markup | None:
        """The kept navigation for ``key``; for a page in the menu, with its ``own`` item
        (``others``: the first page's item as this page sees it, when asked by ``other``)."""
        if key is None:
            return None
        if key in self._recent:
            self._recent.move_to_end(key)
        if not self.in_menu(key):
            return self._html.get(key)
        if key not in self._first or page is None:
            return None
        if key not in self._general:
            html, _, first_own = self._first[key]
            others = str.__str__(others)
            # Each item as the macro renders it, with the white space around it, which
            # is the same for every plain link (and not that of the page's own item).
            self._general[key] = (html.replace(first_own, others, 1)
                                  if others and html.count(first_own) == 1 else None)
            self._plain[key] = _edges(others)
            self._first[key] = ("", *self._first[key][1:])  # the general one replaces it
        general = self._general[key]
        if general is None:
            return None
        first = self._first[key][1]
        link = f'<a href="{normalize_url(page.url, page=first)}" class="md-nav__link">'
        at = general.find(link)
        if at < 0 or general.find(link, at + 1) >= 0:
            return None
        # Its plain item: <li class="md-nav__item"> <a ...>title</a> </li>, nothing else.
        opening = '<li class="md-nav__item">'
        start = general.rfind(opening, 0, at)
        closing = general.find("</a>", at)
        end = general.find("</li>", at)
        if (start < 0 or not 0 <= closing < end or general[start + len(opening):at].strip()
                or general[closing + 4:end].strip() or "<li" in general[at:end]):
            return None
        before, after = self._plain[key]
        end += 5
        if general[start - len(before):start] != before or general[end:end + len(after)] != after:
            return None
        # Joined as plain strings: a str added to Markup would be escaped.
        return Markup("".join((general[:start - len(before)], str.__str__(own),
                               general[end + len(after):])))

    def keep(self, key: tuple[Any, ...] | None, html: Markup, page: Page | None = None,
             own: str = "") -> Markup:
        if key is not None:
            if not self.in_menu(key):
                self._html[key] = html
            elif key not in self._first and page is not None and own:
                self._first[key] = (str.__str__(html), page, str.__str__(own))
            else:
                return html
            self._recent[key] = None
            self._recent.move_to_end(key)
            while len(self._recent) > KEPT:
                old, _ = self._recent.popitem(last=False)
                for kept in (self._html, self._first, self._general, self._plain):
                    kept.pop(old, None)
        return html


# Material's blocks (base.html) whose output depends only on the page's folder, through
# MkDocs' ``base_url`` and ``url`` filter (links to the theme's assets and the site's
# extra CSS and JavaScript), and on the configuration.
KEPT_BLOCKS = ("styles", "libs", "fonts", "analytics", "config", "scripts")


class KeptBlocks:
    """Those blocks as ``super()`` rendered them for the first page of each folder."""

    def __init__(self) -> None:
        self._config: Any = None
        self._enabled = False
        self._asset_roots: set[str] = set()
        self._html: dict[tuple[str, tuple[str, ...]], Markup] = {}

    def start(self, config: Any, env: Environment | None) -> None:
        """Forget what was kept when the configuration is another one (a rebuild)."""
        if config is self._config:
            return
        self._config, self._html = config, {}
        self._enabled = env is not None and _themes_own(env, (), KEPT_BLOCKS)
        paths = ["assets/", *(str(getattr(p, "path", p)) for p in config.extra_css),
                 *(str(getattr(s, "path", s)) for s in config.extra_javascript),
                 *(str(getattr(s, "path", s)) for s in (config.extra or {}).get("polyfills") or [])]
        self._asset_roots = {_parts(path)[0] for path in paths if _parts(path)}

    def key(self, page: Page) -> tuple[str, ...] | None:
        """The page's folder, unless a link of these blocks may point inside it."""
        url = page.url or ""
        parts = _parts(url)
        if not self._enabled or not url.endswith("/") or not parts or parts[0] in self._asset_roots:
            return None
        return parts[:-1]

    def get(self, name: str, key: tuple[str, ...] | None) -> Markup | None:
        return self._html.get((name, key)) if key is not None else None

    def keep(self, name: str, key: tuple[str, ...] | None, html: Markup) -> Markup:
        if key is not None:
            self._html[(name, key)] = html
        return html
