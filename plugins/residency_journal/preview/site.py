"""The site held in memory between saves, its pages rendered when asked for.

:class:`PreviewSite` runs MkDocs' own build (``mkdocs.commands.build.build``),
step for step and with the same calls, but stops before rendering the pages:
config and plugins, files, navigation, every page's source and
``on_page_markdown`` (titles and tags are known), the hand-written pages'
Markdown (Material's tag listings are filled in ``on_env``), ``on_env``, the
static files and the theme's templates (404, sitemap). A page is then rendered
when :meth:`PreviewSite.page` is asked for it (Markdown, ``on_page_content``,
the template with ``on_page_context`` and ``on_post_page``, as
``_build_page`` does) and kept until something it depends on changes.

After a save, :meth:`PreviewSite.refresh` (:attr:`PreviewSite.last_refresh`
says which way it went):

- mkdocs.yml or a file of docs_dir changed: the whole site is prepared again;
- otherwise only the journal plugin's :meth:`load_pages` runs (not ``on_files``:
  no File is made), with :class:`.loader.IncrementalLoader` (only the residency
  whose files changed is read and resolved) and :class:`.loader.IncrementalPages`
  (only its pages are made again from the model);
- ``"pages"``: the same pages and media. Each page of the changed residency and
  each journal-wide page gets its new source and is read again (``page.meta``,
  title, tags); the rendered pages forgotten are those, the hand-written ones
  (the home lists residencies and problems) and nothing else. Only when a title
  or tags changed are the hand-written pages read again and ``on_env`` run
  (Material's tag listings), and when the navigation's titles changed every page
  is forgotten (``"all"``), as when a problem appears or goes away in another
  residency's file (a URL clash);
- ``"navigation"``: pages added, renamed or removed, a residency's title, media
  linked or unlinked. The files are listed again as ``on_files`` would list them
  (File objects kept, new ones only for new pages; ``on_files`` itself when the
  media changed), the navigation is made again (``get_navigation`` from docs_dir's
  files, ``on_nav``), new and changed pages are read, every rendered page is
  forgotten; the 404 page and sitemap are written later
  (:meth:`PreviewSite.write_static_templates`, by the server's background
  renderer).

So a save costs what it changes: one residency read and resolved, its pages read,
the open page rendered; what stays proportional to the journal is cheap (a scan
of the journal's folders, the model's URL rules in ``load_pages``, comparing sets
of URLs). Dependencies are by residency: the model resolves each residency on its
own (:mod:`.loader`), and the pages of one residency read only that residency,
the navigation and the journal-wide lists. A test compares every page with a
clean build after each step of a scripted sequence of saves.

Search: the journal plugin's Pagefind indexer (``publishing.indexer``) is
replaced by :class:`.search.SearchBodies`, which keeps each rendered page's
searched body; :meth:`PreviewSite.write_pagefind` builds site_dir/pagefind/ from
them once every body is known (:attr:`PreviewSite.search_first`: the pages a
save may have changed, rendered again first). With MkDocs' or Material's search
plugin, its index is fed page by page (:meth:`PreviewSite.write_after_pages`, which
also writes what the other plugins' on_post_build and the journal's write: feeds,
open data, schemas).

Every method that touches MkDocs' objects holds :attr:`PreviewSite.lock`: MkDocs
renders one page at a time (``config._current_page``, ``page.active``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, Section, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from ..model.images import is_photo
from ..plugin import PACKAGE_DIR, page_source
from ..search_index import root_url
from .engine_seam import (
    DRAFT_MARKER,
    build_static_templates,
    current_page,
    events_of,
    forget_tag_listings,
    forget_tags_of,
    order_tag_mappings,
    populate_page,
    search_entries,
    search_plugin,
    set_search_entries,
)
from .loader import IncrementalLoader, IncrementalPages, file_state
from .search import PagefindIndex, SearchBodies

log = logging.getLogger("mkdocs.plugins.residency_journal.preview")

INCLUSION = InclusionLevel.is_in_serve
PLUGIN = "journal"
_PACKAGE = str(PACKAGE_DIR)


class PreviewSite:
    """One MkDocs site, prepared once, its pages rendered on demand."""

    def __init__(self, config_file: str | None, site_dir: str, serve_url: str, *,
                 load: Callable[[], MkDocsConfig] | None = None, started: bool = False,
                 **config_options: Any) -> None:
        """``load``: how the config is loaded (`mkdocs serve`'s own loader, which knows the
        command line), else from ``config_file`` with ``config_options``. ``started``:
        on_startup already ran (`mkdocs serve` runs it)."""
        self.config_file = config_file
        self.load = load
        self.site_dir = site_dir
        self.serve_url = serve_url
        self.config_options = config_options
        self.loader = IncrementalLoader()
        self.site_pages = IncrementalPages()
        self.lock = threading.RLock()
        self.started = started
        # url -> the page as built, without live reload, for each page rendered since it
        # last changed; None for a page rendered only for search (not kept: memory).
        self.html: dict[str, str | None] = {}
        self.content: dict[str, str] = {}  # src_uri -> page.content after on_page_content
        self.search_entries: dict[str, list[Any]] = {}  # url -> its search index entries
        self.search_bodies = SearchBodies()  # the journal's search: each rendered page's body
        self.pagefind = PagefindIndex(site_dir)
        self._indexed_version = -1  # search_bodies.version in the Pagefind index served
        # Pages whose search body may have changed since they were last rendered: rendered
        # first by the background pass, then the index is written (the others' bodies hold).
        self.search_first: set[str] = set()
        self.generation = 0  # counts full preparations
        self.last_refresh = ""  # what the last refresh did: "pages", "all" (pages) or "navigation"
        self.static_pending = False  # the 404 page and sitemap to write again
        self._docs_state: dict[str, Any] = {}
        self._svg: dict[str, bytes | None] = {}  # the journal plugin's SVGs as last published
        self._static_state: dict[str, Any] = {}
        self._config_state: Any = None
        self.broken = False  # a save failed to be taken in: the next one prepares all again

    # --- preparing -------------------------------------------------------------

    def prepare(self) -> None:
        """MkDocs' build up to the rendering of pages (see the module's docstring)."""
        with self.lock:
            config = self.load() if self.load is not None else load_config(
                self.config_file, site_dir=self.site_dir, **self.config_options)
            if not self.started:
                config.plugins.on_startup(command="serve", dirty=False)
                self.started = True
            config.site_url = self.serve_url
            plugin = config.plugins.get(PLUGIN)
            if plugin is not None:
                plugin.preview_loading(self.loader, self.site_pages)
            self.config = config = config.plugins.on_config(config)
            if plugin is not None:  # no Pagefind process per page: bodies kept for write_pagefind
                plugin.preview_search(self.search_bodies)
            config.plugins.on_pre_build(config=config)
            with self.pagefind.set_aside():  # served until the pages are indexed again
                clean_directory(config.site_dir)
            self._indexed_version = -1
            files = get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            # What the journal plugin is given after a save: docs_dir's and the theme's files.
            self.given = Files(list(files))
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            self.files, self.nav = files, nav
            self.html.clear()
            self.content.clear()
            self.search_entries.clear()
            for file in files.documentation_pages(inclusion=INCLUSION):
                if file.page is None and file.inclusion.is_not_in_nav():
                    Page(None, file, config)
                assert file.page is not None
                if self._is_journal_page(file):
                    self._read(file.page)
                else:
                    self._populate(file.page)
            self.doc_files = list(files.documentation_pages(inclusion=INCLUSION))
            self.env = config.plugins.on_env(env, config=config, files=files)
            self._snapshot_hand_written()
            files.copy_static_files(inclusion=INCLUSION)
            # The 404 page and sitemap (a template of every page): written in the background,
            # after the first page (see write_static_templates).
            self.static_pending = True
            self._index_files()
            self.search_first = set(self.pages)
            self._nav_signature = nav_signature(nav)
            self._docs_state = self._docs_now()
            self._config_state = file_state(config.config_file_path)
            self.generation += 1
            self.last_refresh = "all"
            self.broken = False

    def _index_files(self) -> None:
        """What a save is compared with: the pages, the journal plugin's files, the navigation."""
        files = self.files
        self.doc_files = list(files.documentation_pages(inclusion=INCLUSION))
        self.pages = {page_key(f.url): f.page for f in self.doc_files}
        self.generated = {f.src_uri: f for f in files if f.generated_by == PLUGIN}
        self._static_state = {uri: file_state(f.abs_src_path) for uri, f in self.generated.items()
                              if f.abs_src_path}
        plugin = self.config.plugins.get(PLUGIN)
        journal = plugin.journal if plugin is not None else None
        self._headlines = _headlines(journal) if journal is not None else []
        self._media = _media_of(journal) if journal is not None else {}
        self._svg = dict(plugin.svg) if plugin is not None else {}
        self._page_uris = {u for u, f in self.generated.items()
                           if f.abs_src_path is None and f.is_documentation_page()}

    def _is_journal_page(self, file: File) -> bool:
        return file.generated_by == PLUGIN

    def _read(self, page: Page) -> None:
        """A page's source and on_page_markdown: its title, meta and tags, no rendering."""
        config = self.config
        forget_tags_of(config, page.url)  # the tags plugin adds a page's tags, never removes them
        with current_page(config, page):
            page = config.plugins.on_pre_page(page, config=config, files=self.files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(
                page.markdown, page=page, config=config, files=self.files)

    def _populate(self, page: Page) -> None:
        forget_tags_of(self.config, page.url)
        populate_page(page, self.config, self.files)
        self.content[page.file.src_uri] = page.content or ""

    def _snapshot_hand_written(self) -> None:
        # Material fills tag listings into page.content in on_env: keep that content.
        for file in self.doc_files:
            if not self._is_journal_page(file) and file.page is not None:
                self.content[file.src_uri] = file.page.content or ""

    def write_static_templates(self) -> bool:
        """The theme's 404 page and sitemap, if the navigation changed since they were
        written (after a save they wait for the pages open in a browser)."""
        with self.lock:
            if not self.static_pending:
                return False
            self._static_templates()
            return True

    def _static_templates(self) -> None:
        self.static_pending = False
        build_static_templates(self.env, self.files, self.config, self.nav)

    def _docs_now(self) -> dict[str, Any]:
        docs = Path(self.config.docs_dir)
        state = {}
        for root, dirs, names in os.walk(docs):
            dirs.sort()
            for name in names:
                path = os.path.join(root, name)
                state[path] = file_state(path)
        return state

    # --- rendering ---------------------------------------------------------------

    def page(self, url: str, keep: bool = True) -> str | None:
        """The page at ``url`` (:func:`page_key`), as the build writes it (no live-reload
        script); kept until it changes, unless ``keep`` is false (rendered for search)."""
        with self.lock:
            html = self.html.get(url)
            if html is not None:
                return html
            page = self.pages.get(url)
            if page is None:
                return None
            html = self._render(page)
            self.html[url] = html if keep else None
            self.search_first.discard(url)
            return html

    def _render(self, page: Page) -> str:
        """``_build_page``, returning the output instead of writing it."""
        config = self.config
        src_uri = page.file.src_uri
        if src_uri not in self.content:
            self._populate(page)
        page.content = self.content[src_uri]
        search = search_plugin(config)
        if search is not None:
            search.search_index = type(search.search_index)(**search.config)
        with current_page(config, page):
          try:
            page.active = True
            context = get_context(self.nav, self.doc_files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config,
                                                     nav=self.nav)
            if page.file.inclusion.is_excluded():
                page.content = (DRAFT_MARKER + (page.content or ""))
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
          finally:
            page.active = False
        if search is not None:
            self.search_entries[page.url] = search_entries(search.search_index)
        return output

    @property
    def project_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.config.config_file_path or "mkdocs.yml"))

    def source_of(self, url: str) -> str | None:
        """The file a page comes from, as the resident names it (an entry, a residence.yml,
        a page of docs_dir)."""
        with self.lock:
            page = self.pages.get(url)
            if page is None:
                return None
            plugin = self.config.plugins.get(PLUGIN)
            spec = plugin.specs.get(page.file.src_uri) if plugin is not None else None
            if spec is not None and spec.source:
                return f"{spec.source}:{spec.line}" if getattr(spec, "line", 0) else spec.source
            path = page.file.abs_src_path
            return os.path.relpath(path, self.project_dir) if path else page.file.src_uri

    def missing(self) -> Iterator[str]:
        """URLs of pages not rendered yet: first those whose search body may have changed
        (:attr:`search_first`), then the others (each in the site's order)."""
        with self.lock:
            urls = [page_key(f.url) for f in self.doc_files]
            first = set(self.search_first)
        for url in [u for u in urls if u in first] + [u for u in urls if u not in first]:
            if url not in self.html:
                yield url

    def needs_every_page(self) -> bool:
        """Whether something is written from every page once all are rendered (see
        :meth:`write_after_pages`): a search index, the journal's feeds and open data."""
        plugin = self.config.plugins.get(PLUGIN)
        return search_plugin(self.config) is not None or (
            plugin is not None and plugin.config.enabled)

    def _journal_search(self) -> bool:
        plugin = self.config.plugins.get(PLUGIN)
        return plugin is not None and plugin.config.enabled and plugin.publishing.search

    def write_pagefind(self) -> bool:
        """Build the journal's search index (site_dir/pagefind/, swapped in whole) from every
        page's body, once every body is known and if some body changed since the index
        served was built. A page not rendered again since a save counts with the body it
        had: a save changes the bodies of the pages in :attr:`search_first` only (the
        changed residency's, the journal-wide and hand-written pages, new pages; every page
        when mkdocs.yml or docs_dir changed), the others differ by their navigation, which
        search does not index. Holds :attr:`lock` only to collect the bodies: Pagefind's
        process works while pages are rendered and saves taken in."""
        with self.lock:
            if not self._journal_search() or not self._search_bodies_known():
                return False
            urls = [root_url(f.url) for f in self.doc_files]
            pages = self.search_bodies.pages(urls)
            version = self.search_bodies.version
        if version == self._indexed_version:
            return False
        if not self.pagefind.build(pages):
            return False
        self._indexed_version = version
        return True

    def _search_bodies_known(self) -> bool:
        if not self.search_first.isdisjoint(self.pages):
            return False
        bodies = self.search_bodies.bodies
        return all(page_key(f.url) in self.html or root_url(f.url) in bodies
                   for f in self.doc_files)

    def write_after_pages(self) -> bool:
        """What a build writes once every page is written, if every page was rendered
        since it last changed: the other plugins' on_post_build (the search index of
        MkDocs' or Material's search from every page's entries, Material's tags export),
        then the journal's (feeds, open data, schemas; not its search index:
        :meth:`write_pagefind`); and the anchor links checked as the build checks them."""
        with self.lock:
            config = self.config
            if any(page_key(f.url) not in self.html for f in self.doc_files):
                return False
            search = search_plugin(config)
            if search is not None:
                # Kept by page.url (the home's is "", its file's "./").
                urls = [f.page.url for f in self.doc_files if f.page is not None]
                if any(url not in self.search_entries for url in urls):
                    return False
                search.search_index = type(search.search_index)(**search.config)
                set_search_entries(search.search_index,
                                   [e for url in urls for e in self.search_entries[url]])
            for name, plugin in config.plugins.items():
                if name != PLUGIN and hasattr(plugin, "on_post_build"):
                    plugin.on_post_build(config=config)
            journal = config.plugins.get(PLUGIN)
            if journal is not None:
                journal.write_published_files(config)
            level = config.validation.links.anchors
            for file in self.doc_files:
                if file.page is not None:
                    file.page.validate_anchor_links(files=self.files, log_level=level)
            return True

    # --- after a save ----------------------------------------------------------

    def refresh(self) -> set[str] | None:
        """Take the saved files in. Returns the URLs forgotten, or None: all of them."""
        with self.lock:
            if (self.broken or file_state(self.config.config_file_path) != self._config_state
                    or self._docs_now() != self._docs_state):
                self.prepare()
                return None
            return self._refresh_journal()

    def _refresh_journal(self) -> set[str] | None:
        config = self.config
        plugin = config.plugins.get(PLUGIN)
        if plugin is None or not plugin.config.enabled:
            self.last_refresh = "pages"
            return set()
        before_problems = set(plugin.problems)
        plugin.load_pages(self.given, config)  # only the changed residencies are read again
        project = Path(plugin.project_dir)
        changed = {_folder_of(p, project) for p in self.loader.changed}
        if (plugin.specs.keys() != self._page_uris or _media_of(plugin.journal) != self._media
                or plugin.svg != self._svg  # an SVG is published as rewritten (on_files)
                or _headlines(plugin.journal) != self._headlines):
            return self._restructure(changed)
        stale = self._renew_sources(plugin, changed)
        for uri in self._static_uris(changed):  # media and our CSS: copied again if saved
            file = self.generated[uri]
            if file_state(file.abs_src_path) != self._static_state.get(uri):
                file.copy_file()
                self._static_state[uri] = file_state(file.abs_src_path)
        shown = self._reread(stale)
        # A problem that appears or goes away outside the changed residencies (a URL
        # clash with another residency) may show on any page.
        moved = before_problems ^ set(plugin.problems)
        if any(not any(p.path.startswith(f + "/") for f in changed) for p in moved):
            return self._forget_all()
        if shown:  # a title or tags changed: tag listings and the navigation may show it
            self._refresh_hand_written()
            signature = nav_signature(self.nav)
            if signature != self._nav_signature:
                self._nav_signature = signature
                self.static_pending = True
                return self._forget_all(stale)
        self.last_refresh = "pages"
        # The hand-written pages: the home lists residencies and problems, tag listings.
        stale |= {f.src_uri for f in self.doc_files if not self._is_journal_page(f)}
        urls = set()
        for uri in stale:
            file = self.files.get_file_from_path(uri)
            if file is None:
                continue
            if self._is_journal_page(file):
                self.content.pop(uri, None)
            self.html.pop(page_key(file.url), None)
            self.search_entries.pop(page_key(file.url), None)  # page.url: the home's is ""
            urls.add(page_key(file.url))
        self.search_first |= urls
        return urls

    def _renew_sources(self, plugin: Any, changed: set[str]) -> set[str]:
        """Give each generated page that may have changed its new source; their src_uris.
        Those are every page of a changed residency and the journal-wide pages."""
        stale = set()
        for uri, spec in plugin.specs.items():
            if spec.residency is not None and spec.residency.folder not in changed:
                continue
            file = self.generated[uri]
            source = page_source(spec)
            if file.content_string != source:
                file.content_string = source
            stale.add(uri)
        return stale

    def _reread(self, uris: set[str]) -> bool:
        """Read the pages again (page.meta, page.title, tags); whether a title or tags changed."""
        shown = False
        for uri in uris:
            page = self.generated[uri].page
            if page is None:
                continue
            before = (str(page.title), page.meta.get("tags"))
            self._read(page)
            shown = shown or before != (str(page.title), page.meta.get("tags"))
        return shown

    def _refresh_hand_written(self) -> None:
        """Hand-written pages read again and on_env: Material fills its tag listings there."""
        forget_tag_listings(self.config)  # each hand-written page declares its own again
        for file in self.doc_files:
            if not self._is_journal_page(file) and file.page is not None:
                self._populate(file.page)
        # Material's tags export is written in on_env, its pages in the order read.
        order_tag_mappings(self.config, [f.url for f in self.doc_files])
        self.env = self.config.plugins.on_env(self.env, config=self.config, files=self.files)
        self._snapshot_hand_written()

    def _static_uris(self, changed: set[str]) -> list[str]:
        """Our static files a save may have changed: the media of the changed residencies
        and the plugin's own assets (CSS, scripts)."""
        plugin = self.config.plugins.get(PLUGIN)
        uris = [u for r in plugin.journal.residencies if r.folder in changed for u in r.media
                if u in self.generated]  # (an SVG that cannot be published has no file)
        return [*uris, *(u for u, f in self.generated.items()
                         if f.abs_src_path is not None and f.abs_src_path.startswith(_PACKAGE))]

    def _restructure(self, changed: set[str]) -> None:
        """Pages added, renamed or removed (or a residency's title): the files and the
        navigation are built again as MkDocs builds them, keeping every file and page
        object (and its reading) that is still there; every page is rendered again."""
        config = self.config
        plugin = config.plugins.get(PLUGIN)
        old = self.generated
        if _media_of(plugin.journal) == self._media and plugin.svg == self._svg:
            listed, added = self._files_with_pages(plugin)
        else:  # media came, went or an SVG changed: the journal plugin's on_files, as the build
            listed, added = self._files_from_on_files(plugin)
        self.files = files = _Files(listed)
        plugin.preview_files(files)
        for uri, file in old.items():
            if uri not in files.src_uris:
                self._forget_file(file)
        set_exclusions(added, config)
        for file in added:
            if file.is_documentation_page() and file.page is None:
                Page(None, file, config)  # as get_navigation makes the pages of files not in it
        # The navigation MkDocs makes lists only pages in it: without a `nav:` in
        # mkdocs.yml, only docs_dir's (the journal's pages are not in it); on_nav
        # places the residencies.
        nav = get_navigation(self.given if config.nav is None else files, config)
        self.nav = config.plugins.on_nav(nav, config=config, files=files)
        self._index_files()
        stale = {f.src_uri for f in added if f.is_documentation_page()}
        stale |= {u for u, s in plugin.specs.items()
                  if s.residency is None or s.residency.folder in changed}
        self._reread(stale)
        self._refresh_hand_written()
        for file in added:
            if not file.is_documentation_page():
                file.copy_file()
        self._nav_signature = nav_signature(self.nav)
        self.static_pending = True
        self.last_refresh = "navigation"
        return self._forget_all(stale)

    def _files_with_pages(self, plugin: Any) -> tuple[list[File], list[File]]:
        """The files on_files would give when only pages changed: docs_dir's and the
        theme's, the journal's pages in the model's order (a file made only for a new
        page), then every other file as it was. And the files made."""
        config = self.config
        pages, added = [], []
        with events_of(config, PLUGIN):  # File.generated names the plugin as run_event does
            for uri, spec in plugin.specs.items():
                source = page_source(spec)
                file = self.generated.get(uri) if uri in self._page_uris else None
                if file is None:
                    file = File.generated(config, uri, content=source,
                                          inclusion=InclusionLevel.NOT_IN_NAV)
                    added.append(file)
                elif file.content_string != source:
                    file.content_string = source
                pages.append(file)
        rest = [f for f in self.files
                if f.generated_by is not None and f.src_uri not in self._page_uris]
        return [*self.given, *pages, *rest], added

    def _files_from_on_files(self, plugin: Any) -> tuple[list[File], list[File]]:
        config = self.config
        specs = list(plugin.specs.values())
        # The model was loaded a moment ago (and its problems logged): on_files' files are
        # added without loading it again.
        with events_of(config, PLUGIN):
            fresh = plugin.add_files(Files(list(self.given)), config, specs)
        listed, added = [], []
        for file in fresh:
            kept = self.generated.get(file.src_uri)
            if kept is not None and kept.abs_src_path == file.abs_src_path and (
                    kept.abs_src_path is not None or kept.is_documentation_page()):
                if kept.abs_src_path is None:
                    kept.content_string = file.content_string
                listed.append(kept)
            else:
                listed.append(file)
                if file.generated_by == PLUGIN:
                    added.append(file)
        # Files other plugins added after ours, as they were.
        listed += [f for f in self.files if f.generated_by not in (None, PLUGIN)
                   and f.src_uri not in fresh.src_uris]
        return listed, added

    def _forget_file(self, file: File) -> None:
        """A file that is gone: its page forgotten, its copy in the site removed."""
        self.content.pop(file.src_uri, None)
        self.html.pop(page_key(file.url), None)
        self.search_entries.pop(page_key(file.url), None)
        forget_tags_of(self.config, file.url)
        if not file.is_documentation_page():
            with contextlib.suppress(OSError):
                os.remove(file.abs_dest_path)

    def _forget_all(self, changed: set[str] | None = None) -> None:
        """Forget every rendered page (the hand-written pages' content stays). ``changed``:
        the src_uris of the journal's pages whose body may have changed (None: any)."""
        self.search_first = {page_key(f.url) for f in self.doc_files
                             if changed is None or f.src_uri in changed
                             or not self._is_journal_page(f)}
        self.html.clear()
        for file in self.doc_files:
            if self._is_journal_page(file):
                self.content.pop(file.src_uri, None)
        self.search_entries.clear()
        if self.last_refresh != "navigation":
            self.last_refresh = "all"
        return None

    def close(self) -> None:
        """No more search index built; a Pagefind process under way is ended."""
        self.pagefind.close()

    def remove(self) -> None:
        self.close()
        shutil.rmtree(self.site_dir, ignore_errors=True)


class _Files(Files):
    """MkDocs' Files, whose lookup by path tries the path as given first: the
    journal's src_uris are already normalized (on_nav looks up every page of the
    journal; normalizing each path is most of its time at 1000 entries)."""

    def get_file_from_path(self, path: str) -> File | None:
        return self.src_uris.get(path) or super().get_file_from_path(path)


def page_key(url: str) -> str:
    """A page's URL as a request names it under the site's root: the home is ``""``."""
    return "" if url == "./" else url


def _folder_of(folder: str, project_dir: Path) -> str:
    """A residency folder as the model names it (relative to the project, with /)."""
    try:
        return Path(folder).relative_to(project_dir).as_posix()
    except ValueError:
        return folder


def nav_signature(nav: Navigation) -> tuple[Any, ...]:
    """What of the navigation a page shows: titles, URLs and shape."""

    def walk(items: list[Any]) -> tuple[Any, ...]:
        out = []
        for item in items:
            if isinstance(item, Section):
                out.append(("s", str(item.title), walk(item.children)))
            elif isinstance(item, Page):
                out.append(("p", str(item.title), item.url))
            else:
                out.append(("l", str(item.title), getattr(item, "url", "")))
        return tuple(out)

    return walk(nav.items)


def _headlines(journal: Any) -> list[tuple[str, str, str]]:
    """What of each residency the navigation shows (on_nav builds its section from it)."""
    return [(r.folder, r.slug, r.title) for r in journal.residencies]


def _media_of(journal: Any) -> dict[str, str]:
    """The media files the journal publishes: uri -> path (as on_files adds them)."""
    media: dict[str, str] = {}
    for residency in journal.residencies:
        for uri, path in residency.media.items():
            # A photo is published as derived files (photos.py): saving it changes the files.
            media.setdefault(uri, f"{path} {file_state(path)}" if is_photo(uri) else path)
    return media
