"""The one place where the preview uses names MkDocs, ProperDocs and Material keep private.

MkDocs has no incremental build and no public way to render one page: the
preview replays ``mkdocs.commands.build`` step by step, with the engine's own
functions, and answers from MkDocs' own live-reload server. What it needs of
the engine beyond the public interface is here and nowhere else, listed in
:data:`PRIVATE_NAMES`; ``tests/test_engine_seam.py`` checks every one against
the installed engine and says which is gone. The rest of the preview imports
only public names of the engine, and of this module.

ProperDocs is MkDocs' fork: once ``properdocs.replacement`` is imported
(:mod:`.`), ``mkdocs.*`` is ``properdocs.*``, so the same names are checked
against whichever engine runs.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

from mkdocs.commands import build as _build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..material_plugins import material_plugin
from . import ENGINE

# (where, name, what for). ``where`` is a module, a class (its attribute or, for the
# server and the plugins, an attribute its instances get) or a function (a local).
PRIVATE_NAMES: tuple[tuple[str, str, str], ...] = (
    ("mkdocs.commands.build", "_populate_page", "a page's Markdown rendered, as the build does"),
    ("mkdocs.commands.build", "_build_theme_template", "404 page and sitemap"),
    ("mkdocs.commands.build", "_build_extra_template", "the site's extra_templates"),
    ("mkdocs.commands.build", "_build_page", "its draft marker, copied in DRAFT_MARKER"),
    ("mkdocs.config.defaults.MkDocsConfig", "_current_page", "the page being rendered"),
    ("mkdocs.plugins.PluginCollection", "_current_plugin", "File.generated's generated_by"),
    ("mkdocs.livereload.LiveReloadServer", "_serve_request", "a request answered from files"),
    ("mkdocs.livereload.LiveReloadServer", "_inject_js_into_html", "the live-reload script"),
    ("mkdocs.livereload.LiveReloadServer", "_guess_type", "a file's Content-Type"),
    ("mkdocs.livereload.LiveReloadServer()", "_epoch_cond", "waiting for a rebuild"),
    ("mkdocs.livereload.LiveReloadServer()", "_visible_epoch", "the site version shown"),
    ("mkdocs.livereload.LiveReloadServer()", "_wanted_epoch", "the site version being built"),
    ("mkdocs.livereload.LiveReloadServer()", "_want_rebuild", "a save seen, not yet taken in"),
    ("mkdocs.livereload.LiveReloadServer()", "_shutdown", "the server stopping"),
    ("mkdocs.livereload.LiveReloadServer()", "_watched_paths", "what `serve` watches"),
    ("mkdocs.commands.serve.serve", "get_config", "the config as `serve` loads it again"),
    ("mkdocs.commands.serve.serve", "livereload", "whether `serve` runs on_serve"),
    ("mkdocs.contrib.search.search_index.SearchIndex()", "_entries", "search entries per page"),
    ("material.plugins.tags.plugin.TagsPlugin()", "mappings", "tags kept per page URL"),
    ("material.plugins.tags.plugin.TagsPlugin()", "listings", "tag listings, filled once"),
    ("material.plugins.tags.structure.mapping.manager.MappingManager()", "data", "by page URL"),
    ("material.plugins.tags.structure.listing.manager.ListingManager()", "data", "the listings"),
)

# What _build_page puts before a page that only previews show (MkDocs' draft_docs);
# ProperDocs names its class after itself.
DRAFT_MARKER = (f'<div class="{ENGINE}-draft-marker" title="This page will not be included '
                'into the built site.">DRAFT</div>')

populate_page: Callable[[Page, MkDocsConfig, Files], None] = _build._populate_page
build_theme_template: Callable[..., None] = _build._build_theme_template
build_extra_template: Callable[..., None] = _build._build_extra_template


def build_static_templates(env: Any, files: Files, config: MkDocsConfig, nav: Navigation) -> None:
    """The theme's static templates (404 page, sitemap) and the site's extra templates."""
    for template in config.theme.static_templates:
        build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        build_extra_template(template, files, config, nav)


@contextlib.contextmanager
def current_page(config: MkDocsConfig, page: Page) -> Iterator[None]:
    """``config._current_page`` while a page is read or rendered, as the build sets it."""
    config._current_page = page
    try:
        yield
    finally:
        config._current_page = None


@contextlib.contextmanager
def events_of(config: MkDocsConfig, plugin_name: str) -> Iterator[None]:
    """Code run as ``plugin_name``'s event (``File.generated`` names it as the maker)."""
    config.plugins._current_plugin = plugin_name
    try:
        yield
    finally:
        config.plugins._current_plugin = None


# --- MkDocs' live-reload server ---------------------------------------------------

class EngineServer(LiveReloadServer):
    """MkDocs' live-reload server, its private parts given public names: a subclass
    answers :meth:`answer` and calls :meth:`serve_file` for what it does not answer."""

    def _serve_request(self, environ: dict[str, Any], start_response: Any):
        return self.answer(environ, start_response)

    def answer(self, environ: dict[str, Any], start_response: Any):
        return self.serve_file(environ, start_response)

    def serve_file(self, environ: dict[str, Any], start_response: Any):
        """As MkDocs answers: site_dir's files, live reload's long polls, 404 (None)."""
        return super()._serve_request(environ, start_response)

    def site_version(self) -> int:
        """The version of the site shown, once a rebuild under way (if any) is over."""
        with self._epoch_cond:
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            return self._visible_epoch

    def with_live_reload(self, content: bytes, version: int) -> bytes:
        return self._inject_js_into_html(content, version)

    @classmethod
    def content_type(cls, path: str) -> str:
        return cls._guess_type(path)

    @property
    def save_pending(self) -> bool:
        """A save seen and not taken in yet."""
        return self._want_rebuild

    @property
    def stopping(self) -> bool:
        return self._shutdown

    def watched_paths(self) -> list[str]:
        return list(self._watched_paths)


def watched_paths(server: LiveReloadServer) -> list[str]:
    """What another MkDocs server watches (``serve`` watched docs_dir, mkdocs.yml and,
    with ``--watch-theme``, the theme's folders before it hands the server to on_serve)."""
    return list(getattr(server, "_watched_paths", {}))


# --- `mkdocs serve` --------------------------------------------------------------

def _serve_frame() -> Any:
    """The running ``mkdocs.commands.serve.serve`` call (on_startup and on_serve run inside)."""
    frame = sys._getframe(1)
    while frame is not None:
        if (frame.f_code.co_name == "serve"
                and frame.f_globals.get("__name__", "").endswith("commands.serve")):
            return frame
        frame = frame.f_back
    return None


def serve_loads_config() -> Callable[[], MkDocsConfig] | None:
    """``serve``'s own config loader (the same file and command-line options, site_dir),
    when called from inside ``mkdocs serve``."""
    frame = _serve_frame()
    loader = frame.f_locals.get("get_config") if frame is not None else None
    return loader if callable(loader) else None


# --- MkDocs' and Material's search and tags plugins ---------------------------------

def search_plugin(config: MkDocsConfig) -> Any:
    plugin = material_plugin(config, "search")
    return plugin if getattr(plugin, "search_index", None) is not None else None


def search_entries(index: Any) -> list[Any]:
    return list(getattr(index, "entries", None) or getattr(index, "_entries", None) or [])


def set_search_entries(index: Any, entries: list[Any]) -> None:
    if hasattr(index, "entries"):
        index.entries = entries
    else:
        index._entries = entries


def forget_tags_of(config: MkDocsConfig, url: str) -> None:
    """A page that is gone leaves Material's tag mappings (kept per page URL)."""
    mappings = getattr(material_plugin(config, "tags"), "mappings", None)
    data = getattr(mappings, "data", None)
    if isinstance(data, dict):
        data.pop(url, None)


def forget_tag_listings(config: MkDocsConfig) -> None:
    """Material's tag listings are filled once per build (on_env): start them afresh."""
    listings = getattr(material_plugin(config, "tags"), "listings", None)
    if listings is not None and isinstance(getattr(listings, "data", None), set):
        listings.data = set()


def serve_will_call_on_serve() -> bool:
    """Whether this runs inside ``mkdocs serve`` with live reload (it then hands its
    server to on_serve after its first build)."""
    frame = _serve_frame()
    return frame is not None and frame.f_locals.get("livereload") is not False


def order_tag_mappings(config: MkDocsConfig, urls: list[str]) -> None:
    """Material's tag mappings in the site's page order, as a build adds them (a page
    read again after a save was added last)."""
    mappings = getattr(material_plugin(config, "tags"), "mappings", None)
    data = getattr(mappings, "data", None)
    if isinstance(data, dict):
        ordered = {url: data[url] for url in urls if url in data}
        ordered.update((url, value) for url, value in data.items() if url not in ordered)
        mappings.data = ordered
