"""The site's pages: the one place that says which pages are generated, of which kind.

Every generated page is a :class:`PageSpec`; :func:`site_pages` lists them all.
Where each page and file goes is :mod:`.urls`; what the site does with a page of
each kind is :mod:`.kinds`. :func:`site_problems` holds the rules about URLs (two
pages claiming one URL, reserved ids and slugs): ``journal check``, ``mkdocs
build`` and ``mkdocs serve`` all call it.

Engine-agnostic: titles are plain text (escaped where HTML is written) and no
MkDocs import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from .kinds import ENTITY_KINDS, INDEX_KINDS, SITE_WIDE_KINDS, Kind
from .links import re_aim
from .messages import quote, say
from .problems import Problem
from .urls import (
    ALL_ACTIONS,
    JOURNAL_INDEX,
    RESERVED_IDS,
    SCHEMA_DIR,
    reserved_names,
    site_wide_uri,
    url_of,
)

if TYPE_CHECKING:
    from ..compliance import SiteDetails
    from .entities import Action, Entry, Journal, Participant, Residency, Visit

# What a page shows: the entry of a day or follow-up, the entity of an entity page, the
# residency of its home, index pages and livret, the journal of /actions/, the
# publisher's details of a site-wide page; nothing for /journal/.
PageObject = Union["Entry", "Action", "Visit", "Participant", "Residency", "Journal",
                   "SiteDetails", None]


# --- the pages --------------------------------------------------------------------


@dataclass
class PageSpec:
    src_uri: str
    kind: Kind  # what the site does with the page: kinds.FACTS
    title: str  # plain text: the h1 and the navigation
    residency: Residency | None = None
    obj: PageObject = None
    body: str = ""  # Markdown rendered before the template (a day's narrative)
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # the file that makes this page exist
    line: int = 0  # ... and the line (of the id), for messages
    full_title: str = ""  # for <title> and search results, where the residency is not implied

    def __post_init__(self) -> None:
        self.kind = Kind(self.kind)  # a kind's name is accepted, and checked, here
        if not self.full_title:
            self.full_title = (f"{self.title} — {self.residency.title}"
                               if self.residency and self.kind is not Kind.RESIDENCY else self.title)

    @property
    def url(self) -> str:
        return url_of(self.src_uri)

    @property
    def is_entity(self) -> bool:
        return self.kind in ENTITY_KINDS


def site_pages(journal: Journal) -> list[PageSpec]:
    """Every generated page, in a stable order (residencies, then their pages)."""
    specs: list[PageSpec] = [PageSpec(JOURNAL_INDEX, Kind.JOURNAL, "Les résidences",
                                      source="journal/")]
    for res in journal.residencies:
        src = res.source
        specs.append(PageSpec(res.src_uri, Kind.RESIDENCY, res.title, res, res,
                              summary=res.summary, extra=res.extra, source=src,
                              line=res.slug_line))
        for entry in res.entries:
            specs.append(PageSpec(entry.src_uri,
                                  Kind.FOLLOWUP if entry.follow_up else Kind.DAY,
                                  entry.title, res, entry, body=entry.body,
                                  summary=entry.summary, tags=entry.tags, extra=entry.extra,
                                  source=entry.path))
        for kind in INDEX_KINDS:
            specs.append(PageSpec(res.index_src_uri(kind), kind, kind.facts.title, res, res,
                                  source=src))
        entities: list[tuple[Kind, Action | Visit | Participant, str, str | None]] = [
            *((Kind.ACTION, a, a.title, None) for a in res.actions.values()),
            *((Kind.VISIT, v, v.title, v.summary) for v in res.visits.values()),
            *((Kind.PARTICIPANT, p, p.label, None) for p in res.participants.values()),
        ]
        for kind, obj, title, summary in entities:
            specs.append(PageSpec(obj.src_uri, kind, title, res, obj, summary=summary,
                                  tags=list(getattr(obj, "tags", None) or []),
                                  source=obj.declared_at.path, line=obj.declared_at.line,
                                  full_title=f"{kind.facts.label} : {title} — {res.title}"))
        specs.append(livret_page(res))
    if len(journal.residencies) > 1:
        specs.append(PageSpec(ALL_ACTIONS, Kind.ALL_ACTIONS, Kind.ALL_ACTIONS.facts.title,
                              obj=journal,
                              source="journal/"))
    return specs


def livret_page(res: Residency) -> PageSpec:
    """The livret: its Markdown is every published day's and follow-up's body, in
    journal order, each after a marker line (:data:`LIVRET_MARKER`), so MkDocs
    renders (and checks) them as one page and the template places each story.
    Each body's relative links are re-aimed from its day's page to the livret's."""
    bodies = [re_aim(e.body, from_uri=e.src_uri, from_url=e.url, to_uri=res.livret_src_uri,
                     to_url=res.livret_url) for e in res.entries]
    key = livret_key(bodies)
    stories = "".join(f"\n\n{LIVRET_MARKER.format(key=key, anchor=e.anchor)}\n\n{body}"
                      for e, body in zip(res.entries, bodies, strict=True))
    return PageSpec(res.livret_src_uri, Kind.LIVRET, f"Livret — {res.title}", res, res,
                    body=stories, summary=res.summary, source=res.source,
                    full_title=f"Livret — {res.title}")


# A raw HTML comment line: Markdown keeps it as it is, between blocks. Its key is a
# digest of the bodies it separates (livret_key): a body cannot write a marker that
# cuts the livret, since it would have to contain the digest of itself.
LIVRET_MARKER = "<!-- journal-livret-story {key}: {anchor} -->"


def livret_key(bodies: list[str]) -> str:
    digest = hashlib.sha256()
    for body in bodies:
        digest.update(body.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:32]


def site_wide_pages(details: SiteDetails) -> list[PageSpec]:
    """Pages about the site itself, required of a public body's site: the accessibility
    statement (RGAA 4.1) and the legal notice, rendered from ``details`` (the publisher,
    licence and accessibility status: plain values)."""
    return [PageSpec(site_wide_uri(kind), kind, kind.facts.title, obj=details,
                     source="mkdocs.yml") for kind in SITE_WIDE_KINDS]


# --- rules about URLs ---------------------------------------------------------------


def site_problems(journal: Journal, specs: list[PageSpec], docs_files: Iterable[str] = (),
                  schema_dir: str = SCHEMA_DIR) -> list[Problem]:
    """Reserved slugs and ids, and generated pages that claim one URL.

    ``docs_files`` are the hand-written files of the site (paths relative to
    docs_dir, as the engine or the CLI lists them). A hand-written page at a
    generated URL replaces that page (the content model allows it, it is not a
    problem); but a residency slug equal to a top-level name of docs_dir that is
    more than such replacements would mix the site's own pages with the residency's.
    """
    problems = _reserved_slugs(journal, specs, list(docs_files), schema_dir)
    # A residency whose slug is reserved is reported once, not again for each of its pages.
    reported = {p.path for p in problems}
    problems += _reserved_ids(specs)
    problems += _clashes([s for s in specs if s.residency is None
                          or s.residency.source not in reported])
    return sorted(set(problems))


def _reserved_slugs(journal: Journal, specs: list[PageSpec], docs_files: list[str],
                    schema_dir: str) -> list[Problem]:
    generated = {spec.url for spec in specs}
    folders = reserved_names(schema_dir)
    for path in docs_files:
        name = path.split("/")[0]
        stem = name[: -len(".md")] if name.endswith(".md") else name
        if not stem or stem == "index" or name.startswith("."):
            continue
        # A Markdown page at a generated URL replaces it: not a clash by itself.
        if path.endswith(".md") and url_of(path) in generated:
            continue
        folders.setdefault(stem, say("site.docs_entry", path=quote(f"docs/{name}")))
    found = []
    for res in journal.residencies:
        if res.slug in folders:
            written = res.slug_line > 0
            found.append(Problem(
                res.source, res.slug_line, "slug" if written else "",
                say("site.reserved_slug" if written else "site.reserved_folder",
                    slug=quote(res.slug), what=folders[res.slug],
                    folder=quote(res.folder.rsplit("/", 1)[-1]))))
    return found


def _reserved_ids(specs: list[PageSpec]) -> list[Problem]:
    return [Problem(spec.source, spec.line, "id",
                    say("site.reserved_id", id=quote(spec.obj.id),
                        page=f"/{spec.url}"))
            for spec in specs if spec.is_entity and spec.obj.id in RESERVED_IDS]


def _clashes(specs: list[PageSpec]) -> list[Problem]:
    """The first page (in :func:`site_pages` order) keeps a URL; later claims are reported."""
    claimed: dict[str, PageSpec] = {}
    found = []
    for spec in specs:
        first = claimed.setdefault(spec.url, spec)
        if first is spec or (spec.is_entity and spec.obj.id in RESERVED_IDS):
            continue
        where = f"{first.source}:{first.line}" if first.line else first.source
        field_name = "id" if spec.is_entity else ("slug" if spec.kind is Kind.RESIDENCY else "")
        found.append(Problem(spec.source, spec.line, field_name,
                             say("site.url_clash", url=f"/{spec.url}", other=where)))
    return found


def published_specs(specs: list[PageSpec]) -> list[PageSpec]:
    """The specs that get a page: the first claim of each URL, reserved ids left out."""
    claimed: dict[str, PageSpec] = {}
    for spec in specs:
        if spec.is_entity and spec.obj.id in RESERVED_IDS:
            continue
        claimed.setdefault(spec.url, spec)
    return list(claimed.values())
