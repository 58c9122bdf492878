"""The resolved journal: residencies, days and the entities they mention.

Plain dataclasses, cross-linked both ways once :mod:`.resolve` has run. The
URL of every page is asked of :mod:`.urls`, from the content model, so any engine (or
the CLI) agrees on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .kinds import Kind
from .problems import Problem
from .urls import (
    JOURNAL_INDEX,
    day_uri,
    entity_uri,
    followup_uri,
    index_uri,
    livret_uri,
    residency_uri,
    url_of,
)
from .vocabulary import (
    DEFAULT_VERDICT,
    DIFFICULTY_LABELS,
    DONE_STATUS,
    DROPPED_STATUSES,
    IMPACT_LABELS,
    RETAINED_VERDICT,
    SCOPES,
)


@dataclass(frozen=True)
class Source:
    """Where something was written: a file and a line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def _unique_entries(items: list[Any]) -> list[Entry]:
    """The entries of ``items`` (presences, steps), each once, in order."""
    seen: dict[int, Entry] = {}
    for item in items:
        seen.setdefault(id(item.entry), item.entry)
    return list(seen.values())


class _Levels:
    """Readable labels for objects carrying `impact` and `difficulty` (1..3 or None)."""

    impact: int | None
    difficulty: int | None

    @property
    def impact_label(self) -> str | None:
        return IMPACT_LABELS.get(self.impact) if self.impact else None

    @property
    def difficulty_label(self) -> str | None:
        return DIFFICULTY_LABELS.get(self.difficulty) if self.difficulty else None


@dataclass(eq=False)
class Participant:
    id: str
    label: str
    residency: Residency = field(repr=False)
    declared_at: Source
    group: str | None = None
    count: int | None = None
    role: str | None = None
    is_team: bool = False
    # The person's name. Without consent it is only kept for previews (the
    # resolver drops it unless Options.private_names): a build never holds it.
    name: str | None = None
    consent: bool = False
    presences: list[Presence] = field(default_factory=list, repr=False)
    visits: list[Visit] = field(default_factory=list, repr=False)
    verbatims: list[Verbatim] = field(default_factory=list, repr=False)

    @property
    def days(self) -> list[Entry]:
        return _unique_entries(self.presences)

    @property
    def public_name(self) -> str | None:
        """The name a reader may see beside the label: with consent (team: always, it is the label)."""
        if self.is_team or not self.consent or not self.name or self.name == self.label:
            return None
        return self.name

    @property
    def private_name(self) -> str | None:
        """A name given without consent: only present in previews, shown marked as private."""
        return self.name if self.name and not self.consent and not self.is_team else None

    @property
    def src_uri(self) -> str:
        return entity_uri(self.residency.slug, Kind.PARTICIPANT, self.id)

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


@dataclass(eq=False)
class Presence:
    """A participant present on a day (with that day's count, if given)."""

    participant: Participant
    entry: Entry = field(repr=False)
    count: int | None
    line: int


@dataclass(eq=False)
class ActionStep(_Levels):
    """What one day said about an action."""

    action: Action = field(repr=False)
    entry: Entry = field(repr=False)
    line: int
    scope: str | None = None
    impact: int | None = None
    difficulty: int | None = None
    verdict: str | None = None
    status: str | None = None
    progress: int | None = None
    tags: list[str] = field(default_factory=list)
    note: str | None = None
    declares: bool = False


@dataclass(eq=False)
class Action(_Levels):
    id: str
    title: str
    residency: Residency = field(repr=False)
    declared_at: Source
    steps: list[ActionStep] = field(default_factory=list, repr=False)
    verbatims: list[Verbatim] = field(default_factory=list, repr=False)
    # Current state: field by field, the latest value given in journal order.
    scope: str | None = None
    impact: int | None = None
    difficulty: int | None = None
    verdict: str = DEFAULT_VERDICT
    status: str | None = None
    status_label: str | None = None  # set by the resolver, from the site's vocabulary
    progress: int | None = None
    tags: list[str] = field(default_factory=list)  # every tag of every mention, first seen first
    note: str | None = None

    def derive_state(self) -> None:
        """Field by field, the latest value in journal order (follow-ups after every day)."""
        self.steps.sort(key=lambda step: step.entry.order_key)
        for name in ("scope", "impact", "difficulty", "verdict", "status", "progress", "note"):
            for step in reversed(self.steps):
                value = getattr(step, name)
                if value is not None:
                    setattr(self, name, value)
                    break
        self.tags = list(dict.fromkeys(tag for step in self.steps for tag in step.tags))

    @property
    def retained(self) -> bool:
        return self.verdict == RETAINED_VERDICT

    @property
    def effective_progress(self) -> int | None:
        """The progress to draw: the latest `progress` given, except that an action
        whose status became `realisee` without a progress on that step (or after
        it) counts as 100 %: "réalisée" outdates an older "60 %". None: not known."""
        if self.status == DONE_STATUS:
            done_at = max(i for i, s in enumerate(self.steps) if s.status is not None)
            if all(s.progress is None for s in self.steps[done_at:]):
                return 100
        return self.progress

    @property
    def state_steps(self) -> list[ActionStep]:
        """The steps that set the status or the progress: the history of its implementation."""
        return [s for s in self.steps if s.status is not None or s.progress is not None]

    @property
    def days(self) -> list[Entry]:
        return _unique_entries(self.steps)

    @property
    def visits(self) -> list[Visit]:
        """Visits where the action came up: those of its verbatims."""
        seen: dict[str, Visit] = {}
        for verbatim in self.verbatims:
            if verbatim.visit is not None:
                seen.setdefault(verbatim.visit.id, verbatim.visit)
        return list(seen.values())

    @property
    def scope_label(self) -> str | None:
        return SCOPES.get(self.scope) if self.scope else None

    @property
    def src_uri(self) -> str:
        return entity_uri(self.residency.slug, Kind.ACTION, self.id)

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


@dataclass(eq=False)
class Visit:
    id: str
    title: str
    entry: Entry = field(repr=False)
    declared_at: Source
    place: str | None = None
    hosts: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list, repr=False)
    section: str | None = None
    summary: str | None = None
    verbatims: list[Verbatim] = field(default_factory=list, repr=False)

    @property
    def residency(self) -> Residency:
        return self.entry.residency

    @property
    def date(self) -> dt.date:
        return self.entry.date

    @property
    def story_url(self) -> str:
        """The day's narrative of this visit: its section when one is named."""
        return f"{self.entry.url}#{self.section}" if self.section else self.entry.url

    @property
    def actions(self) -> list[Action]:
        seen: dict[str, Action] = {}
        for verbatim in self.verbatims:
            if verbatim.action is not None:
                seen.setdefault(verbatim.action.id, verbatim.action)
        return list(seen.values())

    @property
    def src_uri(self) -> str:
        return entity_uri(self.residency.slug, Kind.VISIT, self.id)

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


@dataclass(eq=False)
class Verbatim:
    quote: str
    entry: Entry = field(repr=False)
    number: int  # 1-based rank within its entry: the anchor is #verbatim-<number>
    line: int
    speaker: Participant | None = None
    speaker_text: str | None = None
    visit: Visit | None = None
    action: Action | None = None

    @property
    def anchor(self) -> str:
        return f"verbatim-{self.number}"

    @property
    def url(self) -> str:
        """The quote on its day's page."""
        return f"{self.entry.url}#{self.anchor}"

    @property
    def speaker_name(self) -> str | None:
        return self.speaker.label if self.speaker else self.speaker_text


@dataclass(eq=False)
class Entry:
    """One day of the journal."""

    residency: Residency = field(repr=False)
    path: str
    date: dt.date
    week: int
    day: int
    title: str
    body: str
    body_line: int
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    # A follow-up note (after the immersion weeks): week and day are 0, its URL is its date.
    follow_up: bool = False
    authors: list[Participant] = field(default_factory=list, repr=False)
    presences: list[Presence] = field(default_factory=list, repr=False)
    steps: list[ActionStep] = field(default_factory=list, repr=False)
    visits: list[Visit] = field(default_factory=list, repr=False)
    verbatims: list[Verbatim] = field(default_factory=list, repr=False)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)
    previous: Entry | None = field(default=None, repr=False)
    next: Entry | None = field(default=None, repr=False)

    @property
    def order_key(self) -> tuple[int, int, dt.date, str]:
        """Journal order: week, day, date; follow-ups after every day, by date."""
        if self.follow_up:
            return (_AFTER_EVERY_WEEK, 0, self.date, self.path)
        return (self.week, self.day, self.date, self.path)

    @property
    def src_uri(self) -> str:
        if self.follow_up:
            return followup_uri(self.residency.slug, self.date)
        return day_uri(self.residency.slug, self.week, self.day)

    @property
    def url(self) -> str:
        return url_of(self.src_uri)

    @property
    def anchor(self) -> str:
        """The id of this day's heading on pages that list several days."""
        return self.src_uri[: -len(".md")].replace("/", "-")


_AFTER_EVERY_WEEK = 2**31  # the week number of follow-ups in journal order


@dataclass(eq=False)
class Week:
    number: int
    start: dt.date | None = None
    end: dt.date | None = None
    entries: list[Entry] = field(default_factory=list, repr=False)
    end_written: bool = False  # `end` given in residence.yml, not worked out from the start


@dataclass(eq=False)
class Residency:
    slug: str
    title: str
    folder: str  # relative path of the residency's folder, e.g. journal/achats
    source: str  # relative path of its residence.yml
    host: str | None = None
    place: str | None = None
    summary: str | None = None
    weeks: list[Week] = field(default_factory=list, repr=False)
    team: list[Participant] = field(default_factory=list, repr=False)
    participants: dict[str, Participant] = field(default_factory=dict, repr=False)
    actions: dict[str, Action] = field(default_factory=dict, repr=False)
    visits: dict[str, Visit] = field(default_factory=dict, repr=False)
    entries: list[Entry] = field(default_factory=list, repr=False)
    media: dict[str, str] = field(default_factory=dict, repr=False)  # src_uri -> absolute path
    extra: dict[str, Any] = field(default_factory=dict, repr=False)
    slug_line: int = 0  # line of `slug:` in residence.yml; 0 when the slug is the folder's name

    @property
    def verbatims(self) -> list[Verbatim]:
        return [v for entry in self.entries for v in entry.verbatims]

    @property
    def days(self) -> list[Entry]:
        """The days of the immersion weeks, in order (``entries`` holds the follow-ups too)."""
        return [e for e in self.entries if not e.follow_up]

    @property
    def follow_ups(self) -> list[Entry]:
        """Follow-up notes, by date."""
        return [e for e in self.entries if e.follow_up]

    @property
    def period(self) -> tuple[dt.date, dt.date] | None:
        """The residency's period, the one every page and the livret name.

        From the first immersion week's start (residence.yml `weeks`) to the last
        week's `end`; when the last week has no `end`, to its last day written, or
        to its start if none is (not the Sunday six days on, that nobody worked).
        With no week declared, from the first day written to the last. Follow-up
        notes never count. None when there is neither a week nor a day.
        """
        dated = [(w.start, w) for w in self.weeks if w.start is not None]
        if dated:
            start = min(day for day, _ in dated)
            last_start, last = max(dated, key=lambda pair: pair[0])
            if last.end_written and last.end is not None:
                end = last.end
            else:
                end = max((e.date for e in last.entries if not e.follow_up), default=last_start)
            return start, max(start, end)
        dates = [e.date for e in self.days]
        return (min(dates), max(dates)) if dates else None

    @property
    def retained_actions(self) -> list[Action]:
        return [a for a in self.actions.values() if a.retained]

    @property
    def overall_progress(self) -> int | None:
        """The residency's progress: how far its retained actions have got, in percent.

        Roll-up rule: the plain mean, over the retained actions (current verdict
        `retenue`) except those whose status is `abandonnee` (they will never
        move), of each action's progress: its latest `progress`, else 100 when
        its status is `realisee`, else 0 (nothing said yet counts as not
        started). Every action weighs the same; the mean is rounded to the
        nearest whole percent (halves up). None when no action counts.
        """
        counted = [a for a in self.retained_actions if a.status not in DROPPED_STATUSES]
        if not counted:
            return None
        total = sum(a.effective_progress or 0 for a in counted)
        return (2 * total + len(counted)) // (2 * len(counted))

    @property
    def livret_src_uri(self) -> str:
        return livret_uri(self.slug)

    @property
    def livret_url(self) -> str:
        return url_of(self.livret_src_uri)

    def actions_by_verdict(self, verdict_keys: list[str]) -> list[tuple[str, list[Action]]]:
        groups: dict[str, list[Action]] = {key: [] for key in verdict_keys}
        for action in self.actions.values():
            groups.setdefault(action.verdict, []).append(action)
        return [(key, actions) for key, actions in groups.items() if actions]

    @property
    def src_uri(self) -> str:
        return residency_uri(self.slug)

    @property
    def url(self) -> str:
        return url_of(self.src_uri)

    def index_src_uri(self, kind: Kind) -> str:
        """Source of one of the residency's index pages (:data:`.kinds.INDEX_KINDS`)."""
        return index_uri(self.slug, kind)

    def index_url(self, kind: Kind) -> str:
        return url_of(self.index_src_uri(kind))

    @property
    def actions_url(self) -> str:
        return self.index_url(Kind.ACTIONS)

    @property
    def visits_url(self) -> str:
        return self.index_url(Kind.VISITS)

    @property
    def participants_url(self) -> str:
        return self.index_url(Kind.PARTICIPANTS)

    @property
    def verbatims_url(self) -> str:
        return self.index_url(Kind.VERBATIMS)


@dataclass
class Journal:
    """Every residency of a site, and every problem found while reading them."""

    residencies: list[Residency] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Entry files that are drafts (`draft: true`, readable or not): their problems
    # never block a build.
    draft_files: set[str] = field(default_factory=set)

    def residency(self, slug: str) -> Residency | None:
        return next((r for r in self.residencies if r.slug == slug), None)

    def from_draft(self, problem: Problem) -> bool:
        """Whether the problem is in a draft's file (read only for previews and
        `journal check`): it never blocks publishing."""
        return problem.path in self.draft_files

    @property
    def src_uri(self) -> str:
        """The page listing every residency."""
        return JOURNAL_INDEX

    @property
    def url(self) -> str:
        return url_of(JOURNAL_INDEX)
