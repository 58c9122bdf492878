"""The MkDocs adapter: events only. The journal itself, its pages and their URLs are :mod:`.model`.

Per build: load the model once (``on_files``), add one generated file per page
of :func:`.model.site.site_pages`, place residencies in the navigation
(``on_nav``), and render each generated page's content with an overridable
template in MkDocs' own Jinja environment (``on_page_context``, before the
search plugin indexes the page). Every problem in the residents' files is
logged as a warning: ``mkdocs build --strict`` fails on them and a plain build
publishes everything else. ``mkdocs serve`` also shows them in the pages.

Escaping: values stay plain text in the model and in ``page.meta`` (tags,
``extra``). They are escaped where HTML is written: our templates autoescape
(see :func:`_autoescape`), and so do the two Material templates that print tag
names. ``page.title``, ``page.meta.title`` and ``page.meta.description`` are
HTML by MkDocs' and Material's own contract (Material prints them raw, its
search index stores them as HTML, a hand-written ``# R&amp;D`` keeps its
entity): for generated pages they are given as :class:`markupsafe.Markup`, the
plain text escaped exactly once and marked safe, so Material's ``| e`` (footer)
or any autoescape leaves them as they are.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import livret, views
from .check_render import ALWAYS
from .compliance import SiteDetails, missing_details, raw_date, site_details
from .config import JournalConfig
from .dates import french_date
from .french import NBSP, NNBSP, typographie
from .material_plugins import material_plugin
from .model import Journal, Options, Problem, Vocabulary, load_journal
from .model.body_policy import sanitise_body
from .model.discovery import rel
from .model.drafts import without_drafts
from .model.images import is_photo
from .model.jsonschema import dumps, entry_schema, residence_schema
from .model.kinds import INDEX_KINDS, Banner, Kind
from .model.messages import quote, say
from .model.problems import noted
from .model.reminders import scaffold_reminders
from .model.search import is_searched
from .model.site import (
    PageSpec,
    published_specs,
    site_pages,
    site_problems,
    site_wide_pages,
)
from .model.svg_policy import svg_media
from .model.urls import (
    CSS_URI,
    FOLLOWUP_CSS_URI,
    LIVRET_CSS_URI,
    PRINT_CSS_URI,
    SITE_WIDE_URLS,
    schema_uris,
)
from .navigation_cache import KeptBlocks, NavigationCache
from .photos import Photos, add_photo
from .publishing import Publishing, write_atomic
from .rendered import RenderedBodies
from .settings import Settings, settings
from .strict import StrictCount, engine_logger

log = get_plugin_logger(__name__)

PACKAGE_DIR = Path(__file__).parent
PHOTOS = "residency_journal.photos"  # photos as <picture>, figures (photos.py)
# Where docs/index.md wants the list of residencies (else it goes at the end of the home).
HOME_MARKER = "<!-- journal:residences -->"

# Material templates that print tag names raw (`{{ tag.name }}`): compiled with
# autoescape, so a tag stays one plain name everywhere (`R&D` on a hand-written
# page and on a day is one tag) and is written `R&amp;D`. Every `{{ }}` in them is
# text or a URL (checked against Material 9.8), so autoescape changes nothing else.
THEME_TEMPLATES_TO_ESCAPE = frozenset({"partials/tags.html", "fragments/tags/default/tag.html"})

# Keys of page.meta this plugin sets on generated pages. The entry's own `extra:`
# goes under `extra` only: it never replaces a key MkDocs, Material or we read.
PAGE_TEMPLATE = "journal/page.html"


class JournalPlugin(BasePlugin[JournalConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        # Survives serve rebuilds (this instance does): the last readable version
        # of each journal file, shown while a save is broken.
        self.last_good: dict[str, object] = {}
        # How the model is loaded and paged: the preview (preview_loading) gives a loader
        # that re-resolves only the residencies whose files changed, and keeps the pages
        # of the others.
        self.load_journal = load_journal
        self.site_pages = site_pages
        self.public_pages: SitePages = site_pages  # of the journal without drafts (a preview's)
        # Every generated page's rendered body (rendered.py): for visits' pages and feeds.
        self.bodies = RenderedBodies()
        # Feeds, open data and search.
        self.publishing = Publishing(log, self.bodies)
        self.photos = Photos()  # derived photos; counts encodes across serve rebuilds
        self.first_serve_build = False  # see on_startup
        self.strict: StrictCount | None = None  # a strict build's warnings (strict.py)
        self.preview: Any = None  # the server `mkdocs serve` runs (on_serve)
        self.navigation = NavigationCache()  # Material's navigation, rendered once per key
        self.blocks = KeptBlocks()  # Material's blocks that depend only on a page's folder
        self._reset()

    def _reset(self) -> None:
        self.journal = Journal()
        self.vocabulary = Vocabulary()
        self.specs: dict[str, PageSpec] = {}
        self.problems: list[Problem] = []
        self.env: Environment | None = None
        self.svg: dict[str, bytes | None] = {}  # src_uri -> an SVG of media/ as published
        # src_uri -> what the sanitiser removed from the entry's body (its own warnings)
        self.removed: dict[str, list[Problem]] = {}
        self.details = SiteDetails()
        self.settings = Settings()  # what the model is told (settings.py, shared with the CLI)
        self.project_dir = Path.cwd()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"
        self.load_journal, self.site_pages = load_journal, site_pages
        self.public_pages = site_pages
        self.preview = None
        # `mkdocs serve` builds the whole site, then hands its server to on_serve: the
        # preview (preview/) serves instead, rendering pages when asked, so that first
        # build writes nothing (on_files). Not with --no-livereload: no on_serve then.
        from .preview.engine_seam import serve_will_call_on_serve

        self.first_serve_build = self.is_serve and serve_will_call_on_serve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._reset()  # state is per build: serve rebuilds reuse this instance
        if not self.config.enabled:
            return None
        self._stop_counting()
        self.strict = StrictCount(engine_logger(log)) if config.strict else None
        self.project_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        # The site's own words, shown in the header, <title>, the sharing tags and the
        # feeds: typeset once here (idempotent, serve may hand the same config again).
        config.site_name = typographie(config.site_name)
        if config.site_description:
            config.site_description = typographie(config.site_description)
        # The publisher's details: legal notice, accessibility statement, footer.
        self.details = site_details(self.config, config.site_name)
        # Heading anchors as the site's toc writes them (a custom slugify).
        self.settings = settings(self.config, docs_dir=os.path.relpath(config.docs_dir,
                                                                       self.project_dir),
                                 slugify=config.mdx_configs.get("toc", {}).get("slugify"))
        self.vocabulary = self.settings.vocabulary
        self.publishing.configure(self.config, config)
        # Our templates sit after the site's custom_dir (so `overrides/journal/*.html`
        # replaces any of them) and before the theme's.
        templates = str(PACKAGE_DIR / "templates")
        if templates not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, templates)
        # French no-break spaces in every rendered Markdown body (typography.py); no
        # attribute without a value (attributes.py).
        config.markdown_extensions += [name for name in ALWAYS
                                       if name not in config.markdown_extensions]
        # Derived photos are cached outside site/, beside the project (see photos.py).
        self.photos.start_build(self.project_dir / ".cache" / "journal-images")
        if PHOTOS not in config.markdown_extensions:
            config.markdown_extensions.append(PHOTOS)
        config.mdx_configs[PHOTOS] = {"photos": self.photos}
        for css in (CSS_URI, FOLLOWUP_CSS_URI, LIVRET_CSS_URI):
            if css not in config.extra_css:
                config.extra_css.append(css)
        if PRINT_CSS_URI not in config.extra_css:  # last: its print rules win
            config.extra_css.append(PRINT_CSS_URI)
        return config

    @property
    def journal_path(self) -> Path:
        return self.project_dir / self.settings.journal_dir

    # Early (before Material's blog and tags at -50): the generated pages must be in
    # `files` before other plugins look at the documentation pages.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        if self.first_serve_build:  # the preview builds the site (see on_startup)
            for file in files:
                file.inclusion = InclusionLevel.EXCLUDED
            config.theme.static_templates = set()  # not even the 404 page and sitemap
            config.extra_templates = []
            return files
        return self.add_files(files, config, self.load_pages(files, config))

    def add_files(self, files: Files, config: MkDocsConfig, specs: list[PageSpec]) -> Files:
        """``on_files`` for the pages :meth:`load_pages` gave: one generated file per page,
        the media, our assets and schemas (the preview calls it after a save)."""
        for spec in specs:
            files.append(File.generated(config, spec.src_uri, content=page_source(spec),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        self.photos.prepare((u, p) for r in self.journal.residencies
                            for u, p in sorted(r.media.items()) if is_photo(u))
        for residency in self.journal.residencies:
            for uri, path in sorted(residency.media.items()):
                if is_photo(uri):  # re-encoded, never copied (photos.py)
                    if not add_photo(self.photos, files, config, uri, path):
                        log.warning(f"{rel(self.project_dir, Path(path))}: "
                                    f"{say('image.broken', target=quote(uri))}")
                elif files.get_file_from_path(uri) is None:
                    if uri in self.svg:  # published as the SVG allowlist rewrote it, or not at all
                        if (svg := self.svg[uri]) is not None:
                            files.append(File.generated(config, uri, content=svg))
                        continue
                    files.append(File.generated(config, uri, abs_src_path=path))
        for uri in (CSS_URI, FOLLOWUP_CSS_URI, LIVRET_CSS_URI):
            files.append(File.generated(config, uri, abs_src_path=str(
                PACKAGE_DIR / "assets" / uri.rsplit("/", 1)[-1])))
        files.append(File.generated(config, PRINT_CSS_URI,
                                    abs_src_path=str(PACKAGE_DIR / "assets" / "print.css")))
        for uri, path in self.publishing.assets():
            files.append(File.generated(config, uri, abs_src_path=path))
        self.publishing.files = files
        schemas = schema_uris(self.settings.schema_dir)  # export.json: with the open data
        for name, schema in (("entry", entry_schema(self.vocabulary.verdicts)),
                             ("residence", residence_schema())):
            if name in schemas:
                files.append(File.generated(config, schemas[name], content=dumps(schema)))
        return files

    def load_pages(self, files: Files, config: MkDocsConfig) -> list[PageSpec]:
        """The model, its problems (logged) and the generated pages to add (``self.specs``),
        given the site's own files. ``on_files`` adds them as files; `journal serve`
        calls this alone after a save (preview/site.py)."""
        options = self.settings.model_options(
            include_drafts=self.is_serve and self.config.drafts_on_serve,
            last_good=self.last_good if self.is_serve else None, private_names=self.is_serve,
            vocabulary=self.vocabulary)
        self.journal = self.load_journal(self.project_dir, self.settings.journal_dir, options)
        specs = self.site_pages(self.journal)
        specs += site_wide_pages(self.details)  # every site: the law asks them of each
        # Here, not in on_config: only warnings logged during the build count for --strict.
        for warning in missing_details(self.details, raw_date(self.config)):
            log.warning(warning)
        for reminder in scaffold_reminders(self.journal, self.project_dir):
            log.warning(str(reminder))
        docs = [f.src_uri for f in files if f.generated_by is None]
        self.svg, svg_problems = svg_media(self.journal, self.project_dir)
        self.problems = sorted(set(self.journal.problems) | set(svg_problems) | set(
            site_problems(self.journal, specs, docs, self.settings.schema_dir)))
        public = self.problems
        if options.include_drafts and self.journal.draft_files:
            public = self._public_problems(options, docs)
        # In a preview, as `journal check` says them: what a draft brings (in its own file
        # or in a published one) is marked; what the build reads without drafts is not.
        for problem, note in noted(self.problems, public, self.journal.draft_files).items():
            log.warning(f"{problem} ({note})" if note else str(problem))
        self.problems = sorted(set(self.problems) | set(public))

        hand_written = {f.url: f for f in files.documentation_pages()}
        self.specs = {}
        for spec in published_specs(specs):
            if not self.publishing.wants(spec):
                continue
            if spec.url in hand_written:
                # As with Material's blog: a page written in docs/ wins over ours.
                log.info(f"{hand_written[spec.url].src_uri} replaces the generated page "
                         f"/{spec.url}")
                continue
            self.specs[spec.src_uri] = spec
        self.bodies.keep_only(self.specs)
        return list(self.specs.values())

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
            notes = [p for e in residency.follow_ups if (p := page(e.src_uri)) is not None]
            if notes:
                children.append(Section("Suivi", notes))
            for kind in INDEX_KINDS:
                if (index := page(residency.index_src_uri(kind))) is not None:
                    children.append(index)
            # Section titles are HTML for Material (printed raw): escaped once here.
            sections[residency.slug] = Section(escape(typographie(residency.title)), children)
        if not sections:
            return None
        index = page(self.journal.src_uri)
        if len(sections) > 1:
            top: list[Section | Page] = [index] if index is not None and id(index) not in listed else []
            nav.items.append(Section("Résidences", [*top, *sections.values()]))
        else:
            nav.items.extend(sections.values())
        _relink(nav)
        for spec in self.specs.values():
            if spec.is_entity and spec.residency.slug in sections:
                entity = page(spec.src_uri)
                if entity is not None and id(entity) not in listed:
                    entity.parent = sections[spec.residency.slug]
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        self.photos.page_url = page.url  # photos.py writes URLs relative to it
        spec = self._spec(page)
        if spec is not None:
            # Default priority: before Material's tags plugin (-50) reads page.meta.tags.
            page.meta = _meta(spec)
            # The h1 and the navigation take the short title (the residency is
            # implied there); <title> and search results take meta.title, the full one.
            page.title = escape(typographie(spec.title))
        elif isinstance(page.meta.get("title"), str):
            # A hand-written page's `title:` is HTML by MkDocs' contract (printed raw in
            # <title>): the rule leaves its entities alone.
            page.meta["title"] = typographie(page.meta["title"])
        return None

    # Before Material's tags plugin (on_env at 100) renders its listings: the tag
    # templates must be compiled with autoescape on (see THEME_TEMPLATES_TO_ESCAPE).
    @event_priority(110)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.autoescape = _autoescape(env.autoescape)
        env.filters.setdefault("date_fr", french_date)  # for the site's own templates too
        env.filters["journal_ld_json"] = views.linked_data_json
        env.filters["journal_typeset"] = views.typeset_html  # HTML in, French spaces (idempotent)
        env.filters["journal_plain"] = views.plain_text  # HTML in, plain text out (head.html)
        # For the footer, 404 and head partials (partials/copyright.html, main.html).
        if self.config.enabled:  # the legal pages exist: the footer links them
            env.globals["journal_site"] = self.details
            env.globals["journal_site_urls"] = SITE_WIDE_URLS
        env.globals["journal_publishing"] = self.publishing.globals()  # feeds, search
        self.env = env
        return env

    # Above the search plugin (default priority 0, on_page_context is where it
    # indexes page.content): the page's content must be rendered before it is indexed.
    @event_priority(50)
    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any] | None:
        if not self.config.enabled or self.env is None:
            return None
        spec = self._spec(page)
        self.publishing.page_context(context, page, spec)  # for the templates below
        # Its first photo where the page is shared (og:image) and in its JSON-LD.
        context["journal_image"] = image = self.photos.shared(page.url, config.site_url or "")
        self.publishing.page_image(spec, image)  # and its feed item's picture
        if image is not None and context.get("journal_linked_data"):
            context["journal_linked_data"]["image"] = image["url"]
        if spec is not None:
            # The preview renders pages on demand, each with the navigation as it is then.
            kept = not self.is_serve and nav is not None
            if kept:
                self.navigation.start(nav, self.env)
            context["journal_navigation"] = self.navigation
            context["journal_navigation_key"] = self.navigation.key(page) if kept else None
            if kept:
                self.blocks.start(config, self.env)
            context["journal_blocks"] = self.blocks
            context["journal_blocks_key"] = self.blocks.key(page) if kept else None
            template = self.env.get_template(spec.kind.template)
            page.content = template.render({
                **context, "spec": spec, "obj": spec.obj, "residency": spec.residency,
                "journal": self.journal, "body": Markup(page.content or ""),
                "view": self._view(), "is_serve": self.is_serve,
                "tag_urls": _tag_urls(context, page, config, nav),
                "day_body": lambda entry: self.bodies.get(entry.src_uri),
                "stories": livret.stories(page.content or "", [e.anchor for e in spec.obj.entries])
                if spec.kind is Kind.LIVRET else {},
            })
            # French spaces in generated text too; the toc lists the template's headings.
            page.content, tokens = views.typeset_with_toc(page.content)
            page.toc = get_toc(tokens)
        elif page.is_homepage and self.journal.residencies:
            self._list_residencies(page, context)
        if spec is not None or (page.is_homepage and self.journal.residencies):
            # MkDocs checks links to `page/#id` (validation.anchors) against the ids its
            # Markdown rendering saw; the page the reader gets is the template's.
            page.present_anchor_ids = views.anchor_ids(page.content or "")
        if self.is_serve:
            problems = self._problems_shown_on(page, spec)
            if problems:
                banner = self.env.get_template("journal/partials/problems.html").render(
                    {**context, "problems": problems})
                page.content = _after_h1(page.content or "", banner)
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        spec = self._spec(page)
        if spec is None:
            _typeset_title_from_heading(page)
            return None
        # Once, here, before the body is kept for the feeds, the livret, the visits and
        # the search: what a resident wrote passes the allowlist (model/body_policy.py).
        if spec.kind.facts.resident_body:
            entry = spec.obj
            html, removed = sanitise_body(html, entry.path, entry.body, entry.body_line)
            for problem in removed:
                log.warning(str(problem))
            self.removed[page.file.src_uri] = removed  # shown on the page in previews
        elif spec.kind is Kind.LIVRET:
            html = livret.sanitised(html, [e.anchor for e in spec.obj.entries])
        self.bodies.keep(page.file.src_uri, html)  # for a visit's page and the feeds
        return html

    def _view(self) -> views.View:
        return views.View(self.vocabulary, group_order=self.config.group_order,
                          team_label=self.config.team_label)

    def _list_residencies(self, page: Page, context: dict[str, Any]) -> None:
        """The site's home lists the residencies: where it writes HOME_MARKER, else after it."""
        assert self.env is not None
        listing = views.typeset_html(self.env.get_template("journal/partials/home.html").render({
            **context, "journal": self.journal, "view": self._view()}))
        # Joined as plain strings: the page's own HTML added to Markup would be escaped.
        content, listing = str.__str__(page.content or ""), str.__str__(listing)
        if HOME_MARKER in content:
            page.content = content.replace(HOME_MARKER, listing, 1)
        else:
            page.content = content + listing
        page.toc = get_toc(views.toc_tokens(page.content))

    def _public_problems(self, options: Options, docs: list[str]) -> list[Problem]:
        """The problems of the journal as the build reads it (no draft), as `journal
        check` compares them: the residencies that hold a draft are read again."""
        journal = without_drafts(self.project_dir, self.settings.journal_dir, self.journal, options)
        specs = self.public_pages(journal) + site_wide_pages(self.details)
        return sorted(set(journal.problems) | set(svg_media(journal, self.project_dir)[1])
                      | set(site_problems(journal, specs, docs, self.settings.schema_dir)))

    def _problems_shown_on(self, page: Page, spec: PageSpec | None) -> list[Problem]:
        """In previews: the site's home lists every problem; a generated page those its
        kind's banner says (kinds.Banner)."""
        banner = Banner.ALL if page.is_homepage else (
            spec.kind.facts.banner if spec is not None else Banner.NONE)
        if banner is Banner.ALL:
            return self.problems
        if banner is Banner.FOLDER and spec is not None and spec.residency is not None:
            folder = spec.residency.folder + "/"
            return [p for p in self.problems if p.path.startswith(folder)]
        if banner is Banner.FILE and spec is not None:
            return sorted({*(p for p in self.problems if p.path == spec.source),
                           *self.removed.get(spec.src_uri, ())})
        return []

    def _spec(self, page: Page) -> PageSpec | None:
        if not self.config.enabled or page.file.generated_by is None:
            return None
        return self.specs.get(page.file.src_uri)

    # Last: after the search and tags plugins have written their JSON files.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            if not self.config.enabled or self.first_serve_build:
                return
            _html_safe_other_json(config)
            self.publishing.post_build(config, self.journal, self.vocabulary)
        finally:
            # Right before the engine's English « Aborted with … in strict mode! ».
            notice = self._stop_counting()
            if notice:
                log.info(notice)

    def _stop_counting(self) -> str | None:
        strict, self.strict = self.strict, None
        return strict.stop() if strict is not None else None

    # Last: the page as written, for the search index.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.config.enabled:
            self.publishing.post_page(output, page)
        return None

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_counting()
        self.publishing.close()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer | None:
        """`mkdocs serve` serves what this returns: the preview (preview/), which renders
        each page when asked and, after a save, only what the save changed."""
        if not self.config.enabled:
            return None
        if self.first_serve_build:
            self.first_serve_build = False
            from .preview.server import preview_server

            self.preview = preview_server(server, config, self.journal_path)
            return self.preview
        if self.journal_path.is_dir():
            server.watch(str(self.journal_path))
        return None

    def on_shutdown(self) -> None:
        self._stop_counting()
        if self.preview is not None:  # a Pagefind process building the index is ended
            self.preview.site.close()

    # --- the preview's interface (preview/): how it loads and indexes between events ---

    def preview_loading(self, load: LoadJournal, pages: SitePages) -> None:
        """Load the model with ``load`` and page it with ``pages`` (the preview's
        incremental loader: only the residencies whose files changed are read again)."""
        self.load_journal, self.site_pages = load, pages
        from .preview.loader import IncrementalPages

        self.public_pages = IncrementalPages()  # its own memory: the journal without drafts

    def preview_search(self, indexer: PageIndexer) -> None:
        """Hand each page written to ``indexer`` (after on_config): the preview builds the
        search index itself once every page it indexes (:meth:`searches`) is rendered."""
        self.publishing.indexer = indexer  # type: ignore[assignment]

    def searches(self, page: Page) -> bool:
        """Whether the journal's search indexes ``page`` (its template marks its body)."""
        spec = self._spec(page)
        return self.publishing.search and is_searched(spec.kind if spec is not None else None,
                                                      page.meta)

    def preview_files(self, files: Files) -> None:
        """The site's files, listed again by the preview after a save."""
        self.publishing.files = files

    def write_published_files(self, config: MkDocsConfig) -> None:
        """on_post_build without the journal's search index (the preview builds it): the
        other plugins' JSON made HTML-safe, the feeds, open data and schemas (the feeds
        hold the bodies of the days rendered so far)."""
        if not self.config.enabled:
            return
        _html_safe_other_json(config)
        self.publishing._write_files(config, Path(config.site_dir), self.journal, self.vocabulary)


LoadJournal = Callable[[Path, str, Options], Journal]
SitePages = Callable[[Journal], list[PageSpec]]


class PageIndexer(Protocol):
    """What the journal's search is given of each page written (search_index.SearchIndexer)."""

    def add(self, url: str, html: str) -> object: ...

    def close(self) -> None: ...


def page_source(spec: PageSpec) -> str:
    """The generated file: a minimal header (so a body that starts with `---` stays
    body), then the Markdown body. Its page.meta is set from the spec, in Python."""
    return f"---\ntemplate: {PAGE_TEMPLATE}\n---\n\n{spec.body}"


def _meta(spec: PageSpec) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "template": PAGE_TEMPLATE,
        "journal": spec.kind.value,  # a plain string for the templates
        # HTML for Material (see the module's docstring); display text, typeset (the
        # JSON-LD headline and the open data keep spec.full_title as written).
        "title": escape(typographie(spec.full_title)),
        "tags": list(spec.tags),  # plain names: one tag is one tag on every page
        "extra": copy.deepcopy(spec.extra),  # the site's own data, plain values
    }
    if spec.summary:
        meta["description"] = escape(typographie(spec.summary))
    if spec.kind.facts.search_excluded:
        meta["search"] = {"exclude": True}
    return meta


def _typeset_title_from_heading(page: Page) -> None:
    """A hand-written page titled by its h1: MkDocs reads that title from the typeset
    heading but collapses its no-break spaces into ordinary ones, and so does Material's
    ``striptags`` in <title>; ``page.meta.title`` is printed as it is. The title stays
    HTML, as MkDocs gives it (the rule leaves entities alone)."""
    if "title" in page.meta or not page.title:
        return
    title = typographie(page.title)
    page.title = title
    if not page.is_homepage and title != title.replace(NBSP, " ").replace(NNBSP, " "):
        page.meta["title"] = title


def _autoescape(previous: Any):
    """Autoescape our templates (and a site's overrides of them) inside MkDocs' env,
    whose default is off; every other template keeps the previous setting."""

    def choose(name: str | None) -> bool:
        if name and (name.startswith("journal/") or name in THEME_TEMPLATES_TO_ESCAPE):
            return True
        return bool(previous(name) if callable(previous) else previous)

    return choose


def _after_h1(content: str, banner: str) -> str:
    """``banner`` right after the page's h1 if the content starts with one, else first.

    Both are HTML already: joined as plain strings, since adding a str to Markup
    would escape it."""
    content, banner = str.__str__(content), str.__str__(banner)
    match = re.match(r"\s*<h1\b.*?</h1>", content, re.DOTALL)
    return content[:match.end()] + banner + content[match.end():] if match else banner + content


def _tag_urls(context: dict[str, Any], page: Page, config: MkDocsConfig,
              nav: Navigation) -> dict[str, str]:
    """``{tag: URL of its listing}`` for the page's tags, from Material's tags plugin.

    Its own ``on_page_context`` (a public event) computes the page's tag references; it
    runs later than ours, so we call it first: it keeps what it finds in the context and
    does not compute it again. No tags plugin or no tag index: no links."""
    plugin = material_plugin(config, "tags")
    if plugin is None or not hasattr(plugin, "on_page_context"):
        return {}
    plugin.on_page_context(context, page=page, config=config, nav=nav)
    variable = getattr(getattr(plugin, "config", None), "tags_name_variable", "tags")
    return {str(ref.name): str(ref.url) for ref in context.get(variable) or []
            if getattr(ref, "url", None)}


def _tags_export(config: MkDocsConfig) -> str:
    plugin = material_plugin(config, "tags")
    options = getattr(plugin, "config", None)
    if options is None or not getattr(options, "export", False):
        return ""
    return str(getattr(options, "export_file", "") or "")


def _html_safe_other_json(config: MkDocsConfig) -> None:
    """The JSON files of the search and tags plugins, made HTML-safe (:func:`_html_safe_json`)."""
    site = Path(config.site_dir)
    for path in (site / "search" / "search_index.json", site / _tags_export(config)):
        _html_safe_json(path)


def _html_safe_json(path: Path) -> None:
    """Write `<`, `>` and `&` in a JSON file as \\u escapes: the same data (a JSON
    reader sees the same strings), but no tag from a resident's value can appear in
    the file as markup. Tags are plain names there (Material's contract)."""
    if not path.is_file() or path.suffix != ".json":
        return
    text = path.read_text(encoding="utf-8")
    safe = views.html_safe_json(text)
    if safe != text:
        write_atomic(path, safe.encode("utf-8"))


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
