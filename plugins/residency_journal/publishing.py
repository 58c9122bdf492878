"""Feeds, open data and search of a build: the part of the MkDocs adapter that writes them.

The plugin calls one method per event; the model says what each file holds
(:mod:`.model.feeds`, :mod:`.model.exports`, :mod:`.model.search`) and the
templates write the HTML (``main.html``, ``partials/header.html``,
``journal/partials/feed_links.html``, ``journal/partials/search.html``,
``journal/partials/subscribe.html``, ``journal/donnees.html``).

- Feeds need each day's rendered body: it is kept from ``on_page_context``
  (the Markdown of the entry rendered by MkDocs, before the day's template wraps
  it), by source path, across ``mkdocs serve`` rebuilds.
- Files are written in ``on_post_build``, into the site: the feeds, the open
  data, the export's JSON Schema, and the Pagefind index.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .config import JournalConfig
from .french import typographie
from .material_plugins import material_plugin
from .model import Journal, Vocabulary
from .model.entities import Entry, Residency
from .model.exports import Exporter, Licence, export_files, licence_of, residency_data_files
from .model.feeds import FORMATS, MEDIA_TYPES, MISSING_SITE_URL, FeedImage, feed_files, feed_uri
from .model.kinds import Kind
from .model.linked_data import linked_data
from .model.search import is_searched, search_weight
from .model.site import PageSpec
from .model.urls import SEARCH_CSS, SEARCH_INDEX_FOLDER, SEARCH_JS
from .rendered import RenderedBodies
from .search_index import SearchIndexer, available, root_url
from .views import html_safe_json

ASSETS = Path(__file__).parent / "assets"

FEED_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


PAGEFIND_MISSING = (
    "la recherche du site n'est pas construite : le programme Pagefind est introuvable. "
    "Installez-le avec « pip install 'pagefind[bin]' » (il fait partie des dépendances du "
    "journal), ou mettez « search: false » sous « - journal: » dans mkdocs.yml.")


class Publishing:
    def __init__(self, log: logging.LoggerAdapter | logging.Logger,
                 bodies: RenderedBodies) -> None:
        self.log = log
        self.bodies = bodies  # the plugin's: each day's and follow-up's body, for the feeds
        self.day_image: dict[str, FeedImage | None] = {}  # src_uri -> its feed item's picture
        self.options = JournalConfig()
        self.licence = licence_of(None)
        self.site_url: str | None = None
        self.site_name = ""
        self.feeds = False
        self.search = False
        self.indexer: SearchIndexer | None = None
        self.files: Files | None = None  # this build's, for pages a --dirty build did not write
        self.linked = Exporter(None)  # URLs and speakers of the pages' JSON-LD (linked_data)

    # --- on_config -------------------------------------------------------------------

    def configure(self, options: JournalConfig, config: MkDocsConfig) -> None:
        self.close()
        self.options = options
        self.licence = licence_of(options.licence.name, options.licence.url)
        try:
            ZoneInfo(options.timezone)
        except (ValueError, KeyError, OSError) as error:
            raise PluginError(f"journal: timezone : « {options.timezone} » n'est pas un fuseau "
                              "horaire connu (par exemple Europe/Paris)") from error
        self.site_url = config.site_url or None
        self.site_name = config.site_name
        self.linked = Exporter(self.site_url, None, self.licence)
        self.feeds = options.feeds and bool(self.site_url)
        if options.feeds and not self.site_url:
            self.log.warning(MISSING_SITE_URL)
        self.search = options.search and not _material_search(config)
        if self.search and not available():
            self.log.warning(PAGEFIND_MISSING)
            self.search = False
        if self.search:
            for css in (SEARCH_CSS,):
                if css not in config.extra_css:
                    config.extra_css.append(css)
            if SEARCH_JS not in config.extra_javascript:
                config.extra_javascript.append(SEARCH_JS)

    def assets(self) -> list[tuple[str, str]]:
        """(uri, absolute path) of the files to add to the site."""
        if not self.search:
            return []
        return [(uri, str(ASSETS / uri.rsplit("/", 1)[-1])) for uri in (SEARCH_JS, SEARCH_CSS)]

    def wants(self, spec: PageSpec) -> bool:
        """Whether a generated page is published (the open data page needs open data)."""
        return not spec.kind.facts.needs_open_data or self.options.open_data

    # --- templates ---------------------------------------------------------------------

    def globals(self) -> dict[str, Any]:
        """For every template (head, header), pages and 404 alike."""
        return {"search": self.search, "feeds": self.feed_links(None)}

    def feed_links(self, residency: Residency | None) -> list[dict[str, str]]:
        if not self.feeds:
            return []
        # Display text (a browser lists feeds by it); the site's name is typeset already.
        name = typographie(residency.title) if residency is not None else self.site_name
        return [{"type": MEDIA_TYPES[fmt], "uri": feed_uri(fmt, residency), "format": FEED_NAMES[fmt],
                 "title": f"{FEED_NAMES[fmt]} — {name}" if name else FEED_NAMES[fmt]}
                for fmt in FORMATS]

    def page_context(self, context: dict[str, Any], page: Page, spec: PageSpec | None) -> None:
        """Before the page's template: tell the templates what this page links to and
        whether search indexes it."""
        residency = spec.residency if spec is not None else None
        kind: Kind | None = spec.kind if spec is not None else None
        context["journal_feeds"] = [*self.feed_links(None), *self.feed_links(residency)]
        context["journal_residency_feeds"] = self.feed_links(residency)
        context["journal_search_body"] = self.search and is_searched(kind, page.meta)
        context["journal_search_residency"] = residency.title if residency is not None else ""
        context["journal_search_weight"] = search_weight(kind)
        context["journal_sharing_type"] = kind.facts.sharing_type if kind else "website"
        context["licence"] = self.licence
        context["journal_linked_data"] = linked_data(spec, self.linked)
        context["data_files"] = (residency_data_files(residency, self.options.schema_dir)
                                 if residency is not None and self.options.open_data else [])
        if residency is not None and self.options.open_data:
            context["data_page"] = residency.index_url(Kind.DONNEES)

    def page_image(self, spec: PageSpec | None, image: dict[str, Any] | None) -> None:
        """A day's first photo as shared (``Photos.shared``): its feed item's picture."""
        if spec is not None and spec.kind.facts.resident_body:
            self.day_image[spec.src_uri] = None if image is None or "://" not in image["url"] else \
                FeedImage(image["url"], image["type"], image["width"], image["height"], image["alt"])

    # --- on_post_page / on_post_build -------------------------------------------------------

    def post_page(self, output: str, page: Page) -> None:
        if self.search:
            if self.indexer is None:
                self.indexer = SearchIndexer()
            self.indexer.add(root_url(page.url), output)

    def post_build(self, config: MkDocsConfig, journal: Journal, vocabulary: Vocabulary) -> None:
        site = Path(config.site_dir)
        indexer = None
        if self.search:  # Pagefind writes its index while the feeds and open data are written
            indexer, self.indexer = self.indexer or SearchIndexer(), None
            on_disk = [(root_url(f.url), site / f.dest_uri) for f in (self.files or [])
                       if f.is_documentation_page()]
            indexer.write(site / SEARCH_INDEX_FOLDER, on_disk)
        try:
            self._write_files(config, site, journal, vocabulary)
        finally:
            if indexer is not None:
                self.log.debug(f"search: {indexer.wait()} pages indexed")

    def _write_files(self, config: MkDocsConfig, site: Path, journal: Journal,
                     vocabulary: Vocabulary) -> None:
        """The feeds, the open data and the export's JSON Schema."""
        written: dict[str, bytes] = {}
        if self.feeds:
            for uri, text in feed_files(
                    journal, self.site_url, config.site_name, self._html_of,
                    description=config.site_description, timezone=self.options.timezone,
                    licence=self.licence, max_items=self.options.feed_max_items or None,
                    image_of=lambda entry: self.day_image.get(entry.src_uri)).items():
                written[uri] = text.encode("utf-8")
        if self.options.open_data:
            exporter = Exporter(self.site_url, vocabulary, self.licence)
            written.update(export_files(journal, exporter, self.options.schema_dir))
        for uri, data in written.items():
            if uri.endswith(".json"):
                data = html_safe_json(data.decode("utf-8")).encode("utf-8")
            write_atomic(site / uri, data)

    def close(self) -> None:
        """A build that stops early: stop the indexer without writing."""
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None

    def _html_of(self, entry: Entry) -> str:
        return self.bodies.get(entry.src_uri)


def _material_search(config: MkDocsConfig) -> bool:
    """Material's search plugin is on: it keeps the search (and its UI in the header)."""
    plugin = material_plugin(config, "search")
    options = getattr(plugin, "config", None)
    return plugin is not None and bool(getattr(options, "enabled", True))


__all__ = ["Publishing", "Licence"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all, and not at all when it holds ``data`` already.

    The preview serves these files while it writes them again after a save; MkDocs'
    server sends a file's size, then its bytes: a file truncated and rewritten in
    between reaches the reader cut. A new file moved into place never is."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.writing")
    temporary.write_bytes(data)
    os.replace(temporary, path)
