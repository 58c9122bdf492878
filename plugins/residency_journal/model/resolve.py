"""From validated files to the linked journal: ids, refs, weeks, days, state.

Rules that span several files live here (the content model's "Identity and
references"): an id names one thing across its residency, a ref must resolve,
two entries may not claim the same week and day, and an action's state is the
latest value of each field in journal order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .entities import (
    Action,
    ActionStep,
    Entry,
    Journal,
    Participant,
    Presence,
    Residency,
    Source,
    Verbatim,
    Visit,
    Week,
)
from .links import rewrite_links
from .problems import Problem, field_path
from .reading import EntryFile, read_entry, read_residence
from .schema import ResidenceFile
from .slugs import is_slug, slugify
from .validate import Validated
from .vocabulary import Vocabulary

_WEEK_DIR = re.compile(r"^semaine-?(\d+)$")
_DAY_FILE = re.compile(r"^jour-?(\d+)$")


@dataclass
class Options:
    """How to read a journal."""

    include_drafts: bool = False
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    # For previews: a cache, owned by the caller and kept between loads, of the
    # last readable version of each file. A file that becomes unreadable (broken
    # YAML, impossible date) keeps its last good content while its problem is
    # reported, so a half-typed save never makes a page disappear.
    last_good: dict[str, Any] | None = None


def load_journal(project_dir: Path, journal_dir: str = "journal",
                 options: Options | None = None) -> Journal:
    """Read, validate and resolve every residency under ``project_dir/journal_dir``."""
    options = options or Options()
    root = project_dir / journal_dir
    journal = Journal()
    if not root.is_dir():
        journal.problems.append(Problem(journal_dir, 0, "", "the journal folder does not exist"))
        return journal
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        _Resolver(project_dir, folder, options, journal).run()
    slugs: dict[str, Residency] = {}
    for residency in journal.residencies:
        if residency.slug in slugs:
            journal.problems.append(Problem(residency.source, 1, "slug",
                                            f"{residency.slug!r} is already the slug of "
                                            f"{slugs[residency.slug].source}"))
        slugs.setdefault(residency.slug, residency)
    journal.residencies = list(slugs.values())
    journal.problems.sort()
    return journal


def _rel(project_dir: Path, path: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()


class _Resolver:
    """Builds one residency. Each ``_step`` method is one rule of the content model."""

    def __init__(self, project_dir: Path, folder: Path, options: Options, journal: Journal):
        self.project_dir = project_dir
        self.folder = folder
        self.options = options
        self.journal = journal
        self.problems: list[Problem] = []

    def problem(self, path: str, line: int, loc: tuple, message: str) -> None:
        self.problems.append(Problem(path, line, field_path(loc), message))

    # --- the residency ------------------------------------------------------------

    def run(self) -> None:
        residence_path = self.folder / "residence.yml"
        rel = _rel(self.project_dir, residence_path)
        info: ResidenceFile | None = None
        self.residence: Validated[ResidenceFile] | None = None
        if residence_path.is_file():
            self.residence = self._or_last_good(read_residence(residence_path, rel), rel)
            self.problems.extend(self.residence.problems)
            info = self.residence.value
        else:
            self.problem(rel, 0, (), "is missing: every residency folder needs a residence.yml "
                         "with at least 'title:'")
        slug = (info.slug if info and info.slug else slugify(self.folder.name)) or "residence"
        self.res = Residency(
            slug=slug,
            title=info.title if info else self.folder.name,
            folder=_rel(self.project_dir, self.folder),
            source=rel,
            host=info.host if info else None,
            place=info.place if info else None,
            summary=info.summary if info else None,
            extra=dict(info.extra) if info else {},
        )
        if info:
            self._declare_residence_people(info)
            self.res.weeks = [Week(i + 1, w.start, w.end) for i, w in enumerate(info.weeks)]
            self._close_weeks()

        files = []
        for path in sorted(self.folder.rglob("*.md")):
            if path.is_file():
                f = read_entry(path, _rel(self.project_dir, path))
                f.frontmatter = self._or_last_good(f.frontmatter, f.path, f)
                files.append(f)
        usable = [f for f in files if f.frontmatter.value is not None]
        drafts = {f.path for f in usable if f.frontmatter.value.draft}
        for f in files:
            if self.options.include_drafts or f.path not in drafts:
                self.problems.extend(f.problems)
        placed = self._place_entries(usable)
        published = [(f, e) for f, e in placed if self.options.include_drafts or not e.draft]
        self.draft_ids = self._draft_declarations([(f, e) for f, e in placed if e.draft])
        self._declare(published)
        self._mention(published)
        self._link_bodies(published)
        self._finish()
        self.journal.residencies.append(self.res)
        self.journal.problems.extend(self.problems)

    def _or_last_good(self, validated: Validated, key: str, f: EntryFile | None = None):
        cache = self.options.last_good
        if cache is None:
            return validated
        if validated.value is not None:
            cache[key] = (validated, f.body if f else None, f.body_line if f else None)
            return validated
        if key not in cache:
            return validated
        good, body, body_line = cache[key]
        if f is not None:
            f.body, f.body_line = body, body_line
        return dataclasses.replace(good, problems=validated.problems)

    def _declare_residence_people(self, info: ResidenceFile) -> None:
        assert self.residence is not None
        for i, member in enumerate(info.team):
            line = self.residence.line(("team", i))
            person = Participant(member.id, member.name, self.res, Source(self.res.source, line),
                                 group=member.group, role=member.role, is_team=True)
            if self._add_participant(person, self.residence.source_loc(("team", i, "id"))):
                self.res.team.append(person)
        for i, decl in enumerate(info.participants):
            line = self.residence.line(("participants", i))
            self._add_participant(
                Participant(decl.id, decl.label, self.res, Source(self.res.source, line),
                            group=decl.group, count=decl.count, role=decl.role),
                self.residence.source_loc(("participants", i, "id")))

    def _add_participant(self, person: Participant, loc: tuple) -> bool:
        known = self.res.participants.get(person.id)
        if known is None:
            self.res.participants[person.id] = person
            return True
        if known.label != person.label:
            self.problem(person.declared_at.path, person.declared_at.line, loc,
                         f"{person.id!r} is already declared as {known.label!r} at "
                         f"{known.declared_at}; use ref: {person.id} or another id")
        return False

    def _close_weeks(self) -> None:
        """A week without `end` runs until the day before the next one (or 6 days)."""
        weeks = self.res.weeks
        for i, week in enumerate(weeks):
            if week.end is None:
                following = weeks[i + 1].start if i + 1 < len(weeks) else None
                week.end = (following - dt.timedelta(days=1)) if following else (
                    week.start + dt.timedelta(days=6))
            if week.end < week.start and self.residence is not None:
                self.problem(*self.residence.where(("weeks", i, "end")),
                             f"{week.end} is before the week's start")

    # --- week and day of each entry ----------------------------------------------

    def _place_entries(self, files: list[EntryFile]) -> list[tuple[EntryFile, Entry]]:
        """Week and day: from the frontmatter, else the path, else residence.yml `weeks`."""
        pending: list[tuple[EntryFile, int, int | None]] = []
        for f in files:
            fm = f.frontmatter.value
            assert fm is not None
            path_week, path_day = week_and_day_from_path(
                Path(f.path).relative_to(Path(self.res.folder)).parts)
            week = fm.week or path_week
            day = fm.day or path_day
            if week is None:
                week = self._week_of(fm.date)
                if week is None:
                    self.problem(*f.frontmatter.where(("date",)),
                                 f"{fm.date} is in none of the weeks of {self.res.source}; give "
                                 "'week:' and 'day:', or put the file under semaine-N/jour-N.md")
                    continue
            pending.append((f, week, day))

        # Day = rank of the date among the week's entries (drafts included, so that
        # publishing a draft never moves the URL of another day).
        by_week: dict[int, list[dt.date]] = {}
        for f, week, _ in pending:
            by_week.setdefault(week, []).append(f.frontmatter.value.date)
        ranks = {w: sorted(set(dates)) for w, dates in by_week.items()}

        placed: list[tuple[EntryFile, Entry]] = []
        taken: dict[tuple[int, int], EntryFile] = {}
        for f, week, day in sorted(pending, key=lambda item: item[0].path):
            fm = f.frontmatter.value
            if day is None:
                day = ranks[week].index(fm.date) + 1
            other = taken.get((week, day))
            if other is not None:
                self.problem(*f.frontmatter.where((), line_of=("date",)),
                             f"semaine {week}, jour {day} is already {other.path}; give this "
                             "entry another 'week:'/'day:' (or path)")
                continue
            taken[(week, day)] = f
            entry = Entry(
                residency=self.res, path=f.path, date=fm.date, week=week, day=day,
                title=fm.title or f"Semaine {week}, Jour {day}", body=f.body,
                body_line=f.body_line, summary=fm.summary, tags=list(fm.tags),
                draft=fm.draft, extra=dict(fm.extra),
            )
            placed.append((f, entry))
        placed.sort(key=lambda item: item[1].order_key)
        return placed

    def _week_of(self, date: dt.date) -> int | None:
        for week in self.res.weeks:
            if week.start <= date <= (week.end or week.start):
                return week.number
        return None

    # --- declarations, then mentions -----------------------------------------------

    def _draft_declarations(self, drafts: list[tuple[EntryFile, Entry]]) -> dict[str, str]:
        """Ids declared in drafts, to explain why a published ref does not resolve."""
        found: dict[str, str] = {}
        for f, _ in drafts:
            fm = f.frontmatter.value
            for item in (*fm.participants, *fm.actions, *fm.visits):
                if item.id:
                    found.setdefault(item.id, f.path)
        return found

    def _declare(self, published: list[tuple[EntryFile, Entry]]) -> None:
        """Participants and actions declared by entries (ids), in journal order."""
        for f, _entry in published:
            fm = f.frontmatter.value
            for i, item in enumerate(fm.participants):
                if item.id and item.label:
                    line = f.frontmatter.line(("participants", i))
                    self._add_participant(
                        Participant(item.id, item.label, self.res, Source(f.path, line),
                                    group=item.group, count=item.count, role=item.role),
                        f.frontmatter.source_loc(("participants", i, "label")))
            for i, item in enumerate(fm.actions):
                if item.id and item.title:
                    line = f.frontmatter.line(("actions", i))
                    known = self.res.actions.get(item.id)
                    if known is None:
                        self.res.actions[item.id] = Action(item.id, item.title, self.res,
                                                           Source(f.path, line))
                    elif known.title != item.title:
                        self.problem(*f.frontmatter.where(("actions", i, "title"), line_of=("actions", i)),
                                     f"action {item.id!r} is already declared as "
                                     f"{known.title!r} at {known.declared_at}; use ref: "
                                     f"{item.id} or another id")

    def _participant(self, ident: str, f: EntryFile, loc: tuple) -> Participant | None:
        person = self.res.participants.get(ident)
        if person is None:
            self.problem(*f.frontmatter.where(loc), self._unknown("participant", ident))
        return person

    def _unknown(self, kind: str, ident: str) -> str:
        where = self.draft_ids.get(ident)
        if where:
            return f"{kind} {ident!r} is declared only in a draft ({where}), which is not published"
        return (f"no {kind} {ident!r} in this residency: declare it once with 'id:' (in an entry "
                f"or {self.res.source}), or check the spelling")

    def _mention(self, published: list[tuple[EntryFile, Entry]]) -> None:
        for f, entry in published:
            fm = f.frontmatter.value
            for i, ident in enumerate(fm.authors):
                person = self.res.participants.get(ident)
                if person is None or not person.is_team:
                    self.problem(*f.frontmatter.where(("authors", i)),
                                 f"{ident!r} is not in the team of {self.res.source}")
                else:
                    entry.authors.append(person)
            self._mention_participants(f, entry)
            self._mention_actions(f, entry)
            self._mention_visits(f, entry)
            self._mention_verbatims(f, entry)
            self.res.entries.append(entry)

    def _mention_participants(self, f: EntryFile, entry: Entry) -> None:
        seen: set[str] = set()
        for i, item in enumerate(f.frontmatter.value.participants):
            loc = ("participants", i)
            ident = _one_of(self, f, loc, item.id, item.ref, "participant")
            if ident is None:
                continue
            if item.ref and (item.label or item.group or item.role):
                self.problem(*f.frontmatter.where(loc),
                             "label, group and role go with 'id:' (declaring); with 'ref:' the "
                             "participant is already declared: remove them or use 'id:'")
            if item.id and not item.label and item.id not in self.res.participants:
                self.problem(*f.frontmatter.where((*loc, "label"), line_of=loc),
                             f"is required to declare participant {item.id!r}")
                continue
            person = self._participant(ident, f, (*loc, "ref" if item.ref else "id"))
            if person is None or ident in seen:
                continue
            seen.add(ident)
            presence = Presence(person, entry, item.count, f.frontmatter.line(loc))
            entry.presences.append(presence)
            person.presences.append(presence)

    def _mention_actions(self, f: EntryFile, entry: Entry) -> None:
        verdicts = self.options.vocabulary.verdicts
        for i, item in enumerate(f.frontmatter.value.actions):
            loc = ("actions", i)
            ident = _one_of(self, f, loc, item.id, item.ref, "action")
            if ident is None:
                continue
            if item.ref and item.title:
                self.problem(*f.frontmatter.where((*loc, "title")),
                             "goes with 'id:' (declaring); with 'ref:' the action already has "
                             "its title: remove it or use 'id:'")
            action = self.res.actions.get(ident)
            if action is None:
                if item.id:
                    self.problem(*f.frontmatter.where((*loc, "title"), line_of=loc),
                                 f"is required the first time action {ident!r} is mentioned")
                else:
                    self.problem(*f.frontmatter.where((*loc, "ref")),
                                 self._unknown("action", ident))
                continue
            verdict = item.verdict
            if verdict is not None and verdict not in verdicts:
                self.problem(*f.frontmatter.where((*loc, "verdict")),
                             f"{verdict!r} is not one of {', '.join(verdicts)}")
                verdict = None
            step = ActionStep(action, entry, f.frontmatter.line(loc), scope=item.scope,
                              impact=item.impact, difficulty=item.difficulty, verdict=verdict,
                              note=item.note, declares=bool(item.id and item.title))
            action.steps.append(step)
            entry.steps.append(step)

    def _mention_visits(self, f: EntryFile, entry: Entry) -> None:
        for i, item in enumerate(f.frontmatter.value.visits):
            loc = ("visits", i)
            line = f.frontmatter.line(loc)
            known = self.res.visits.get(item.id)
            if known is not None:
                self.problem(*f.frontmatter.where((*loc, "id")),
                             f"visit {item.id!r} is already declared at {known.declared_at}; "
                             "a visit belongs to one day: use another id")
                continue
            visit = Visit(item.id, item.title, entry, Source(f.path, line), place=item.place,
                          hosts=list(item.hosts), section=item.section, summary=item.summary)
            for k, ident in enumerate(item.participants):
                person = self._participant(ident, f, (*loc, "participants", k))
                if person is not None and person not in visit.participants:
                    visit.participants.append(person)
                    person.visits.append(visit)
            self.res.visits[item.id] = visit
            entry.visits.append(visit)

    def _mention_verbatims(self, f: EntryFile, entry: Entry) -> None:
        for i, item in enumerate(f.frontmatter.value.verbatims):
            loc = ("verbatims", i)
            verbatim = Verbatim(item.quote, entry, i + 1, f.frontmatter.line(loc))
            if item.by is not None:
                if is_slug(item.by):
                    verbatim.speaker = self._participant(item.by, f, (*loc, "by"))
                else:
                    verbatim.speaker_text = item.by
            if item.visit is not None:
                visit = next((v for v in entry.visits if v.id == item.visit), None)
                if visit is None:
                    other = self.res.visits.get(item.visit)
                    hint = (f"it belongs to {other.entry.path}" if other
                            else "declare it under 'visits:' in this entry")
                    self.problem(*f.frontmatter.where((*loc, "visit")),
                                 f"no visit {item.visit!r} in this entry ({hint})")
                else:
                    verbatim.visit = visit
                    visit.verbatims.append(verbatim)
            if item.action is not None:
                action = self.res.actions.get(item.action)
                if action is None:
                    self.problem(*f.frontmatter.where((*loc, "action")),
                                 self._unknown("action", item.action))
                else:
                    verbatim.action = action
                    action.verbatims.append(verbatim)
            if verbatim.speaker is not None:
                verbatim.speaker.verbatims.append(verbatim)
            entry.verbatims.append(verbatim)

    # --- bodies and derived state --------------------------------------------------

    def _link_bodies(self, published: list[tuple[EntryFile, Entry]]) -> None:
        by_file = {f.abs_path.resolve(): e for f, e in published}
        residency_dir = self.folder
        for f, entry in published:
            def missing(line: int, target: str, f: EntryFile = f, entry: Entry = entry) -> None:
                self.problems.append(Problem(
                    f.path, entry.body_line + line - 1, "body",
                    f"link to {target!r}, but there is no such file next to this entry"))

            entry.body = rewrite_links(
                entry.body,
                entry_dir=f.abs_path.parent,
                residency_dir=residency_dir,
                target_uri=entry.src_uri,
                target_url=entry.url,
                slug=self.res.slug,
                entry_uri_for=lambda path: by_file[path].src_uri if path in by_file else None,
                on_media=lambda uri, path: self.res.media.__setitem__(uri, str(path)),
                on_missing=missing,
            )

    def _finish(self) -> None:
        res = self.res
        res.entries.sort(key=lambda e: e.order_key)
        for before, after in zip(res.entries, res.entries[1:], strict=False):
            before.next, after.previous = after, before
        weeks = {w.number: w for w in res.weeks}
        for entry in res.entries:
            weeks.setdefault(entry.week, Week(entry.week)).entries.append(entry)
        res.weeks = [weeks[n] for n in sorted(weeks)]
        for action in res.actions.values():
            action.derive_state()
        # Actions and participants nobody mentions in a published entry are not
        # shown (an action declared only in a draft stays private).
        res.actions = {k: a for k, a in sorted(res.actions.items(),
                                               key=lambda kv: kv[1].steps[0].entry.order_key
                                               if kv[1].steps else (0, 0, dt.date.min, ""))
                       if a.steps}


def _one_of(resolver: _Resolver, f: EntryFile, loc: tuple, ident: str | None, ref: str | None,
            kind: str) -> str | None:
    article = "an" if kind[0] in "aeiou" else "a"
    if ident and ref:
        resolver.problem(*f.frontmatter.where(loc),
                         f"give either 'id:' (to declare {article} {kind}) or 'ref:' (to mention "
                         "one), not both")
        return None
    if not ident and not ref:
        resolver.problem(*f.frontmatter.where(loc),
                         f"give 'id:' (to declare {article} {kind}) or 'ref:' (to mention one)")
        return None
    return ident or ref


def week_and_day_from_path(parts: tuple[str, ...]) -> tuple[int | None, int | None]:
    """What a path below the residency folder says: ``semaine-3/jour-3.md`` -> (3, 3).

    The week is the nearest ``semaine-N`` folder, the day a ``jour-N`` file name.
    """
    return (_number_in(parts[:-1], _WEEK_DIR),
            _number_in(parts[-1:], _DAY_FILE, strip_suffix=True))


def _number_in(parts: tuple[str, ...], pattern: re.Pattern[str], *,
               strip_suffix: bool = False) -> int | None:
    for part in reversed(parts):
        name = part.rsplit(".", 1)[0] if strip_suffix else part
        match = pattern.match(name.lower())
        if match:
            return int(match.group(1))
    return None
