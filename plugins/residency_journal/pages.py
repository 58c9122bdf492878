"""Which pages a journal publishes: one :class:`PageSpec` per generated page.

Engine-agnostic: the URLs come from the model, the titles are plain text, and
each spec names the template that renders its content and the objects that
template receives. The MkDocs adapter turns specs into files and pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Journal, Residency
from .model.entities import url_of


@dataclass
class PageSpec:
    src_uri: str
    kind: str  # the template under journal/ that renders the content: journal/<kind>.html
    title: str  # plain text (escaped when it reaches HTML): the h1 and the navigation
    residency: Residency | None = None
    obj: Any = None
    body: str = ""  # Markdown rendered before the template (a day's narrative)
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    draft: bool = False
    source: str = ""  # where it comes from, for error messages
    full_title: str = ""  # for <title> and search results, where the residency is not implied

    def __post_init__(self) -> None:
        if not self.full_title:
            self.full_title = (f"{self.title} — {self.residency.title}"
                               if self.residency and self.kind != "residency" else self.title)

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


# Residency index pages: (folder under the residency, kind, title). Their order is
# the order of the navigation after the weeks.
INDEX_PAGES = (
    ("actions", "actions", "Actions"),
    ("visites", "visits", "Visites"),
    ("participants", "participants", "Participants"),
    ("verbatims", "verbatims", "Verbatims"),
)


# Pages of one action, visit or participant: reached from their index page, not
# listed in the navigation.
ENTITY_KINDS = ("action", "visit", "participant")


def site_pages(journal: Journal) -> list[PageSpec]:
    """Every generated page, in a stable order (residencies, then their pages)."""
    specs: list[PageSpec] = [
        PageSpec("journal/index.md", "journal", "Les résidences", source="journal/")
    ]
    for res in journal.residencies:
        src = res.source
        specs.append(PageSpec(f"{res.slug}/index.md", "residency", res.title, res, res,
                              summary=res.summary, source=src))
        for entry in res.entries:
            specs.append(PageSpec(entry.src_uri, "day", entry.title, res, entry, body=entry.body,
                                  summary=entry.summary, tags=entry.tags, extra=entry.extra,
                                  draft=entry.draft, source=entry.path))
        for folder, kind, title in INDEX_PAGES:
            specs.append(PageSpec(f"{res.slug}/{folder}/index.md", kind, title, res, res,
                                  source=src))
        for action in res.actions.values():
            specs.append(PageSpec(action.src_uri, "action", action.title, res, action,
                                  source=str(action.declared_at),
                                  full_title=f"Action : {action.title} — {res.title}"))
        for visit in res.visits.values():
            specs.append(PageSpec(visit.src_uri, "visit", visit.title, res, visit,
                                  summary=visit.summary, source=str(visit.declared_at),
                                  full_title=f"Visite : {visit.title} — {res.title}"))
        for person in res.participants.values():
            specs.append(PageSpec(person.src_uri, "participant", person.label, res, person,
                                  source=str(person.declared_at),
                                  full_title=f"Participant : {person.label} — {res.title}"))
    return specs
