"""The kinds of generated pages, and every fact about each kind: one table.

A generated page (:class:`.site.PageSpec`) has one :class:`Kind`. What the site
does with a page of that kind is read from :data:`FACTS` and nowhere else: the
template that renders it, whether search finds it and how much it weighs, its
schema.org type, which residents' problems a preview shows on it, whether its
body is a resident's (sanitised, kept for the feeds). Adding a kind is one row
here, one template ``templates/journal/<kind>.html`` and the pages that have it
(:func:`.site.site_pages`).

Plain Python, imports nothing: every other module of the model may read it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class Kind(str, Enum):
    """A kind of generated page. Its value names its template, ``journal/<value>.html``,
    and is ``page.meta.journal`` (a plain string for the templates)."""

    JOURNAL = "journal"  # the list of residencies
    RESIDENCY = "residency"  # a residency's home
    DAY = "day"
    FOLLOWUP = "followup"  # a follow-up note, after the residency
    # a residency's index pages, in the order of the navigation (after the weeks)
    ACTIONS = "actions"
    VISITS = "visits"
    PARTICIPANTS = "participants"
    VERBATIMS = "verbatims"
    DONNEES = "donnees"  # the open data files of the residency and what they hold
    # one action, visit or participant: under its index, reached from it, not in the menu
    ACTION = "action"
    VISIT = "visit"
    PARTICIPANT = "participant"
    ALL_ACTIONS = "all_actions"  # every action of every residency (several residencies)
    LIVRET = "livret"  # the whole residency on one printable page
    # about the site itself, required of a public body's site (linked from every footer)
    ACCESSIBILITY = "accessibility"
    LEGAL = "legal"

    # The value, not "Kind.DAY", wherever a kind is written as text (Python 3.10 to 3.13
    # differ on a str-mixin Enum's str() and format()).
    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @property
    def facts(self) -> KindFacts:
        return FACTS[self]

    @property
    def template(self) -> str:
        """The template that renders the page's content (inside ``journal/page.html``)."""
        return f"journal/{self.value}.html"


class Banner(Enum):
    """Which residents' problems a preview (``mkdocs serve``) shows at the top of a page."""

    NONE = "none"
    ALL = "all"  # every problem (the journal index; the site's home too)
    FOLDER = "folder"  # those of the residency's folder
    FILE = "file"  # those of the page's own file, and what the sanitiser removed from it


@dataclass(frozen=True)
class KindFacts:
    title: str = ""  # fixed title (index and site-wide pages), the h1 and the navigation
    folder: str = ""  # index pages: folder under the residency; site-wide pages: top-level name
    under: Kind | None = None  # an entity page: the index kind whose folder holds it
    label: str = ""  # an entity page: what it is, before its title in <title>
    searched: bool = False  # found by the site's search (model/search.py says why)
    search_weight: str | None = None  # Pagefind weight of its indexed text (None: 1)
    search_excluded: bool = False  # ``search: {exclude: true}`` in its page.meta
    linked_data: str | None = None  # schema.org @type of its JSON-LD (model/linked_data.py)
    sharing_type: str = "website"  # og:type where the page is shared
    banner: Banner = Banner.NONE
    resident_body: bool = False  # its body is an entry's: passes the allowlist (the feeds carry it)
    needs_open_data: bool = False  # published only with the ``open_data`` option


_ENTRY = KindFacts(searched=True, linked_data="BlogPosting", sharing_type="article",
                   resident_body=True)

FACTS: dict[Kind, KindFacts] = {
    Kind.JOURNAL: KindFacts(banner=Banner.ALL),
    Kind.RESIDENCY: KindFacts(searched=True, search_weight="0.5", banner=Banner.FOLDER),
    Kind.DAY: replace(_ENTRY, banner=Banner.FILE),
    Kind.FOLLOWUP: _ENTRY,
    Kind.ACTIONS: KindFacts(title="Actions", folder="actions"),
    Kind.VISITS: KindFacts(title="Visites", folder="visites"),
    Kind.PARTICIPANTS: KindFacts(title="Participants", folder="participants"),
    Kind.VERBATIMS: KindFacts(title="Verbatims", folder="verbatims"),
    Kind.DONNEES: KindFacts(title="Données ouvertes", folder="donnees", needs_open_data=True),
    Kind.ACTION: KindFacts(under=Kind.ACTIONS, label="Action", searched=True,
                           search_weight="0.5", linked_data="Action"),
    Kind.VISIT: KindFacts(under=Kind.VISITS, label="Visite", searched=True,
                          search_weight="0.5", linked_data="Event"),
    Kind.PARTICIPANT: KindFacts(under=Kind.PARTICIPANTS, label="Participant"),
    Kind.ALL_ACTIONS: KindFacts(title="Toutes les actions"),
    Kind.LIVRET: KindFacts(search_excluded=True),  # its days are found on their own pages
    Kind.ACCESSIBILITY: KindFacts(title="Déclaration d'accessibilité", folder="accessibilite"),
    Kind.LEGAL: KindFacts(title="Mentions légales", folder="mentions-legales"),
}

# A residency's index pages, in the order of the navigation after the weeks.
INDEX_KINDS: tuple[Kind, ...] = (Kind.ACTIONS, Kind.VISITS, Kind.PARTICIPANTS,
                                 Kind.VERBATIMS, Kind.DONNEES)
# One action, visit or participant (a page per declared id).
ENTITY_KINDS: tuple[Kind, ...] = tuple(k for k in Kind if FACTS[k].under is not None)
# Pages about the site itself: generated on every site.
SITE_WIDE_KINDS: tuple[Kind, ...] = (Kind.ACCESSIBILITY, Kind.LEGAL)
