"""The MkDocs adapter: events only. The journal itself is :mod:`.model`.

Per build: load the model once (``on_files``), add one generated file per page
of :func:`.pages.site_pages`, place residencies in the navigation
(``on_nav``), and render each generated page's content with an overridable
template (``on_page_content``, so the search index sees it). Every problem in
the residents' files is logged as a warning: ``mkdocs build --strict`` fails on
them and a plain build publishes everything else.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import views
from .config import JournalConfig
from .dates import french_date
from .model import Journal, Options, Vocabulary, load_journal
from .model.jsonschema import dumps, entry_schema, residence_schema
from .pages import ENTITY_KINDS, INDEX_PAGES, PageSpec, site_pages

log = get_plugin_logger(__name__)

PACKAGE_DIR = Path(__file__).parent
CSS_URI = "assets/journal/journal.css"


class JournalPlugin(BasePlugin[JournalConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        # Survives serve rebuilds (this instance does): the last readable version
        # of each journal file, shown while a save is broken.
        self.last_good: dict[str, object] = {}
        self._reset()

    def _reset(self) -> None:
        self.journal = Journal()
        self.vocabulary = Vocabulary()
        self.specs: dict[str, PageSpec] = {}
        self.env: Environment | None = None
        self.project_dir = Path.cwd()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._reset()  # state is per build: serve rebuilds reuse this instance
        if not self.config.enabled:
            return None
        self.project_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.vocabulary = Vocabulary.with_overrides(
            {str(k): str(v) for k, v in self.config.verdicts.items()})
        # Our templates sit after the site's custom_dir (so `overrides/journal/*.html`
        # replaces any of them) and before the theme's.
        templates = str(PACKAGE_DIR / "templates")
        if templates not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, templates)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        return config

    @property
    def journal_path(self) -> Path:
        return self.project_dir / self.config.journal_dir

    # Early (before Material's blog and tags at -50): the generated pages must be in
    # `files` before other plugins look at the documentation pages.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        options = Options(include_drafts=self.is_serve and self.config.drafts_on_serve,
                          vocabulary=self.vocabulary,
                          last_good=self.last_good if self.is_serve else None)
        self.journal = load_journal(self.project_dir, self.config.journal_dir, options)
        for problem in self.journal.problems:
            log.warning(str(problem))

        hand_written = {f.url: f for f in files.documentation_pages()}
        claimed: dict[str, PageSpec] = {}
        for spec in site_pages(self.journal):
            if spec.url in hand_written:
                # As with Material's blog: a page written in docs/ wins over ours.
                log.info(f"{hand_written[spec.url].src_uri} replaces the generated page "
                         f"/{spec.url}")
                continue
            if spec.url in claimed:
                log.warning(f"{spec.source}: two generated pages claim /{spec.url}: this one "
                            f"and the one from {claimed[spec.url].source}")
                continue
            claimed[spec.url] = spec
            self.specs[spec.src_uri] = spec
            files.append(File.generated(config, spec.src_uri, content=_markdown(spec),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        for residency in self.journal.residencies:
            for uri, path in sorted(residency.media.items()):
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, abs_src_path=path))
        files.append(File.generated(config, CSS_URI,
                                    abs_src_path=str(PACKAGE_DIR / "assets" / "journal.css")))
        if self.config.schema_dir:
            schemas = (("entry", entry_schema(self.vocabulary.verdicts)),
                       ("residence", residence_schema()))
            for name, schema in schemas:
                uri = f"{self.config.schema_dir.strip('/')}/{name}.json"
                files.append(File.generated(config, uri, content=dumps(schema)))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Each residency: home, weeks with their days, then its index pages.

        Entity pages (one action, visit, participant) are reached from their index
        and stay out of the menu, but they get their residency as parent so the
        menu opens on it and the breadcrumbs say where the reader is. With several
        residencies, all sit in one "Résidences" section (its index is /journal/):
        Material renders the whole top level into every page, so it stays short.
        """
        if not self.config.enabled or not self.config.navigation:
            return None
        listed = {id(page) for page in nav.pages}

        def page(src_uri: str) -> Page | None:
            file = files.get_file_from_path(src_uri)
            return file.page if file is not None and isinstance(file.page, Page) else None

        sections: dict[str, Section] = {}
        for residency in self.journal.residencies:
            home = page(residency.src_uri)
            if home is None or id(home) in listed:
                continue  # the site's own nav already places this residency
            children: list[Section | Page] = [home]
            for week in residency.weeks:
                days = [p for e in week.entries if (p := page(e.src_uri)) is not None]
                if days:
                    children.append(Section(f"Semaine {week.number}", days))
            for folder, _, _ in INDEX_PAGES:
                if (index := page(f"{residency.slug}/{folder}/index.md")) is not None:
                    children.append(index)
            sections[residency.slug] = Section(html.escape(residency.title), children)
        if not sections:
            return None
        index = page("journal/index.md")
        if len(sections) > 1:
            top: list[Section | Page] = [index] if index is not None and id(index) not in listed else []
            nav.items.append(Section("Résidences", [*top, *sections.values()]))
        else:
            nav.items.extend(sections.values())
        _relink(nav)
        for spec in self.specs.values():
            if spec.kind in ENTITY_KINDS and spec.residency.slug in sections:
                entity = page(spec.src_uri)
                if entity is not None and id(entity) not in listed:
                    entity.parent = sections[spec.residency.slug]
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and page.file.generated_by is not None:
            # The h1 and the navigation take the short title (the residency is
            # implied there); <title> and search results take meta.title, the full one.
            page.title = html.escape(spec.title)
        return None

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.filters.setdefault("date_fr", french_date)  # for the site's own templates too
        return env

    def _content_env(self, config: MkDocsConfig) -> Environment:
        # Page content is rendered before MkDocs hands out its environment (on_env
        # comes after every page is read), so build one from the same theme dirs.
        if self.env is None:
            self.env = config.theme.get_env()
            self.env.filters["date_fr"] = french_date
        return self.env

    def on_page_content(self, html_body: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        spec = self.specs.get(page.file.src_uri)
        if spec is None or page.file.generated_by is None:
            return None
        if spec.kind == "day":
            self._check_sections(spec, page)
        template = self._content_env(config).get_template(f"journal/{spec.kind}.html")
        return template.render(
            page=page, config=config, base_url=get_relative_url(".", page.url),
            spec=spec, obj=spec.obj, residency=spec.residency, journal=self.journal,
            body=html_body, view=views.View(self.vocabulary), is_serve=self.is_serve,
        )

    def _check_sections(self, spec: PageSpec, page: Page) -> None:
        """A visit's `section` must name a heading of its entry's body."""
        anchors = _anchors(page.toc)
        for visit in spec.obj.visits:
            if visit.section and visit.section not in anchors:
                known = ", ".join(sorted(anchors)) or "none: add a '## ' heading"
                log.warning(f"{visit.declared_at}: visits.section: no heading with anchor "
                            f"{visit.section!r} in this entry (anchors: {known})")

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> None:
        if self.config.enabled and self.journal_path.is_dir():
            server.watch(str(self.journal_path))


def _markdown(spec: PageSpec) -> str:
    """The generated page's source: escaped metadata for the theme, then the body.

    Material prints `page.meta.title`, `description` and tags without escaping, so
    every value from a resident's frontmatter is escaped before it gets there.
    """
    meta: dict[str, Any] = {k: _escape(v) for k, v in spec.extra.items() if isinstance(k, str)}
    meta["extra"] = _escape(spec.extra)
    meta.update({
        "title": html.escape(spec.full_title),
        "template": "journal/page.html",
        "journal": spec.kind,
    })
    if spec.summary:
        meta["description"] = html.escape(spec.summary)
    if spec.tags:
        meta["tags"] = [html.escape(tag) for tag in spec.tags]
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=10_000)
    return f"---\n{header}---\n\n{spec.body}"


def _escape(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, list):
        return [_escape(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _escape(v) for k, v in value.items()}
    return value


def _anchors(toc: Any) -> set[str]:
    found: set[str] = set()
    for item in toc:
        found.add(item.id)
        found |= _anchors(item.children)
    return found


def _relink(nav: Navigation) -> None:
    """Recompute the page list, parents and previous/next links after adding items."""
    pages: list[Page] = []

    def walk(items: list[Any], parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Page):
                pages.append(item)
            elif isinstance(item, Section):
                walk(item.children, item)

    walk(nav.items, None)
    for before, after in zip([None, *pages], [*pages, None], strict=True):
        if before is not None:
            before.next_page = after
        if after is not None:
            after.previous_page = before
    nav.pages = pages


__all__ = ["JournalPlugin"]
