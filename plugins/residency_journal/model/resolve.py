"""From validated files to the linked journal: ids, refs, weeks, days, state.

Rules that span several files live here (the content model's "Identity and
references"): an id names one thing across its residency, a ref must resolve,
two entries may not claim the same week and day, and an action's state is the
latest value of each field in journal order. Finding the files is
:mod:`.discovery`; what a body may link to (the publishing boundary) is
:mod:`.links`.

One mistake, one message: a ref to an id whose declaration was set aside
because of a mistake already reported (an unreadable entry, an item missing its
title, an entry that lost its day) is not reported again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .anchors import heading_anchors
from .discovery import ResidencyFiles, find_files, rel
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
from .links import Targets, nfc, relative_targets, rewrite_links
from .messages import quote, say
from .people import Declaration, name_in_public, normal_name, settle
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
    # The heading-anchor function of the site's toc extension, ``(text, separator)
    # -> anchor``, when mkdocs.yml configures one; None: toc's default.
    slugify: Callable[[str, str], str] | None = None
    # Keep the names given without consent (previews only, where they are shown
    # marked as private). False: they are dropped here, so no page, search index,
    # feed or export of a build can ever hold one.
    private_names: bool = False


def load_journal(project_dir: Path, journal_dir: str = "journal",
                 options: Options | None = None) -> Journal:
    """Read, validate and resolve every residency under ``project_dir/journal_dir``."""
    options = options or Options()
    project_dir = Path(os.path.abspath(project_dir))
    root = project_dir / journal_dir
    journal = Journal()
    if not root.is_dir():
        journal.problems.append(Problem(journal_dir, 0, "", say("journal.missing")))
        return journal
    found = find_files(project_dir, root)
    journal.problems.extend(found.problems)
    for files in found.residencies:
        _Resolver(project_dir, files, options, journal).run()
    return finish_journal(journal)


def finish_journal(journal: Journal) -> Journal:
    """The rules across residencies (one slug each), then the problems in file order.
    Shared with the preview's incremental loader, which resolves residencies one by one."""
    slugs: dict[str, Residency] = {}
    for residency in journal.residencies:
        if residency.slug in slugs:
            journal.problems.append(Problem(
                residency.source, residency.slug_line, "slug" if residency.slug_line else "",
                say("residence.slug_taken", slug=quote(residency.slug),
                    other=slugs[residency.slug].folder)))
        slugs.setdefault(residency.slug, residency)
    journal.residencies = list(slugs.values())
    journal.problems.sort()
    return journal


@dataclass
class _Candidate:
    """An entry file on its way to a week and a day."""

    file: EntryFile
    week: int
    day: int
    explicit: bool  # `day:` or jour-N in the path: it keeps its URL against a derived day

    @property
    def draft(self) -> bool:
        return bool(self.file.frontmatter.value and self.file.frontmatter.value.draft)


def _add_days(date: dt.date, days: int) -> dt.date | None:
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return None


def _kind_phrase(kind: str) -> str:
    return {"participant": "un participant", "action": "une action"}.get(kind, kind)


class _Resolver:
    """Builds one residency. Each ``_step`` method is one rule of the content model."""

    def __init__(self, project_dir: Path, files: ResidencyFiles, options: Options,
                 journal: Journal):
        self.project_dir = project_dir
        self.files = files
        self.folder = files.folder
        self.options = options
        self.journal = journal
        self.problems: list[Problem] = []
        self.draft_ids: dict[str, str] = {}
        # Ids whose declaration was set aside by a mistake already reported.
        self.set_aside: set[str] = set()
        # Entry files (resolved) that are not published, with the message a link to one gets.
        self.unpublished: dict[Path, str] = {}

    def problem(self, path: str, line: int, loc: tuple, message: str) -> None:
        self.problems.append(Problem(path, line, field_path(loc), message))

    def shown(self, f: EntryFile) -> bool:
        """Are this file's own problems reported? A draft's only when drafts are shown."""
        return self.options.include_drafts or not f.is_draft

    # --- the residency ------------------------------------------------------------

    def run(self) -> None:
        residence_path = self.folder / "residence.yml"
        rel_path = rel(self.project_dir, residence_path)
        info: ResidenceFile | None = None
        self.residence: Validated[ResidenceFile] | None = None
        if residence_path in self.files.refused:
            pass  # a symbolic link out of the journal: already reported
        elif residence_path.is_file():
            self.residence = self._or_last_good(read_residence(residence_path, rel_path), rel_path)
            self.problems.extend(self.residence.problems)
            info = self.residence.value
            self.set_aside |= _raw_ids(self.residence.doc.data)
        else:
            self.problems.append(Problem(rel_path, 0, "", say("residence.missing")))
        slug = (info.slug if info and info.slug else slugify(self.folder.name)) or "residence"
        self.res = Residency(
            slug=slug,
            title=info.title if info else self.folder.name,
            folder=rel(self.project_dir, self.folder),
            source=rel_path,
            host=info.host if info else None,
            place=info.place if info else None,
            summary=info.summary if info else None,
            extra=dict(info.extra) if info else {},
            slug_line=self.residence.line(("slug",)) if info and info.slug and self.residence else 0,
        )
        if info:
            self._declare_residence_people(info)
            self.res.weeks = [Week(i + 1, w.start, w.end, end_written=w.end is not None)
                              for i, w in enumerate(info.weeks)]
            self._close_weeks()

        files = []
        for path in self.files.entries:
            f = read_entry(path, rel(self.project_dir, path))
            f.frontmatter = self._or_last_good(f.frontmatter, f.path, f)
            files.append(f)
        for f in files:
            if f.is_draft:
                self.journal.draft_files.add(f.path)
            if self.shown(f):
                self.problems.extend(f.problems)
            if f.frontmatter.value is None:
                self.unpublished[_real(f)] = "link.to_draft" if f.is_draft else "link.to_unpublished"
        usable = [f for f in files if f.frontmatter.value is not None]
        placed = self._place_entries(usable)
        published = [(f, e) for f, e in placed if self.options.include_drafts or not e.draft]
        for f, e in placed:
            if e.draft and not self.options.include_drafts:
                self.unpublished[_real(f)] = "link.to_draft"
        self.draft_ids = self._draft_declarations([(f, e) for f, e in placed if e.draft])
        for f in files:
            if not f.is_draft or self.options.include_drafts:
                self.set_aside |= _raw_ids(f.frontmatter.doc.data)
        self._declare(published)
        self._settle_people(usable, placed)
        self._mention(published)
        for f in files:
            if f.rest is not None and f.frontmatter.value is None and self.shown(f):
                self._check_rest(dataclasses.replace(f, frontmatter=f.rest))
        self._link_bodies(files, published)
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
                            group=decl.group, count=decl.count, role=decl.role,
                            **self._name(decl.name, decl.consent)),
                self.residence.source_loc(("participants", i, "id")))

    def _name(self, name: str | None, consent: bool | None) -> dict[str, Any]:
        """A participant's name and consent, as far as this load may keep them."""
        consent = bool(consent)
        if not consent and not self.options.private_names:
            name = None
        return {"name": name or None, "consent": consent}

    def _add_participant(self, person: Participant, loc: tuple) -> bool:
        known = self.res.participants.get(person.id)
        if known is None:
            self.res.participants[person.id] = person
            return True
        if known.label != person.label:
            self.problem(person.declared_at.path, person.declared_at.line, loc,
                         say("participant.declared_twice", ident=quote(person.id),
                             label=quote(known.label), where=known.declared_at, id=person.id))
        return False

    def _close_weeks(self) -> None:
        """A week without `end` runs until the day before the next one (or 6 days).

        Date arithmetic near year 1 or 9999 would overflow: such a week gets a
        message and runs to the last possible date, never a traceback.
        """
        assert self.residence is not None
        weeks = self.res.weeks
        for i, week in enumerate(weeks):
            assert week.start is not None
            if i and week.start <= weeks[i - 1].start:  # type: ignore[operator]
                self.problem(*self.residence.where(("weeks", i, "start")),
                             say("week.before_previous", start=week.start,
                                 previous=weeks[i - 1].start))
            if week.end is None:
                following = weeks[i + 1].start if i + 1 < len(weeks) else None
                if following is not None and following > week.start:
                    week.end = following - dt.timedelta(days=1)
                else:
                    week.end = _add_days(week.start, 6)
                    if week.end is None:
                        week.end = dt.date.max
                        self.problem(*self.residence.where(("weeks", i, "start")),
                                     say("week.end_too_late", start=week.start))
            elif week.end < week.start:
                self.problem(*self.residence.where(("weeks", i, "end")),
                             say("week.end_before_start", end=week.end, start=week.start))

    # --- week and day of each entry ----------------------------------------------

    def _place_entries(self, files: list[EntryFile]) -> list[tuple[EntryFile, Entry]]:
        """Week and day: from the frontmatter, else the path, else residence.yml `weeks`.

        A derived day is the rank of the entry's date among the distinct dates of
        its week's entries, drafts included (publishing a draft never moves a URL).
        Days are then claimed in this order: explicit days first, published entries
        before drafts, then path order; a file whose day is taken is not published
        and its message names the file that kept the day.
        """
        follow_ups = [f for f in files if f.frontmatter.value.follow_up]
        files = [f for f in files if not f.frontmatter.value.follow_up]
        pending: list[tuple[EntryFile, int, int | None]] = []
        for f in files:
            fm = f.frontmatter.value
            assert fm is not None
            path_week, path_day = week_and_day_from_path(
                Path(f.path).relative_to(Path(self.res.folder)).parts)
            week = fm.week or path_week or self._week_of(fm.date)
            if week is None:
                if self.shown(f):
                    self.problem(*f.frontmatter.where(("date",)),
                                 say("date.outside_weeks", date=fm.date,
                                     residence=self.res.source))
                self.unpublished[_real(f)] = "link.to_unpublished"
                continue
            if week != self._week_of(fm.date) and self.shown(f):
                self._outside_its_week(f, week)
            pending.append((f, week, fm.day or path_day))

        dates: dict[int, set[dt.date]] = {}
        for f, week, _ in pending:
            dates.setdefault(week, set()).add(f.frontmatter.value.date)
        ranks = {w: {d: i + 1 for i, d in enumerate(sorted(ds))} for w, ds in dates.items()}
        candidates = [_Candidate(f, week, day or ranks[week][f.frontmatter.value.date], day is not None)
                      for f, week, day in pending]
        candidates.sort(key=lambda c: (not c.explicit, c.draft, c.file.path))

        placed: list[tuple[EntryFile, Entry]] = []
        taken: dict[tuple[int, int], _Candidate] = {}
        for c in candidates:
            f, fm = c.file, c.file.frontmatter.value
            other = taken.get((c.week, c.day))
            if other is not None:
                self.unpublished[_real(f)] = "link.to_unpublished"
                if self.shown(f):
                    self._day_taken(c, other)
                continue
            taken[(c.week, c.day)] = c
            entry = Entry(
                residency=self.res, path=f.path, date=fm.date, week=c.week, day=c.day,
                title=fm.title or f"Semaine {c.week}, Jour {c.day}", body=f.body,
                body_line=f.body_line, summary=fm.summary, tags=list(fm.tags),
                draft=fm.draft, extra=dict(fm.extra),
            )
            placed.append((f, entry))
        placed += self._place_follow_ups(follow_ups)
        placed.sort(key=lambda item: item[1].order_key)
        return placed

    def _place_follow_ups(self, files: list[EntryFile]) -> list[tuple[EntryFile, Entry]]:
        """Follow-up notes: no week and no day (the path's semaine-N/jour-N is not
        read for them), dated after the immersion weeks, one per date. A date is
        claimed as a day is: published notes before drafts, then path order."""
        end = max((w.end for w in self.res.weeks if w.end is not None), default=None)
        placed: list[tuple[EntryFile, Entry]] = []
        taken: dict[dt.date, EntryFile] = {}
        for f in sorted(files, key=lambda f: (f.is_draft, f.path)):
            fm = f.frontmatter.value
            key = "week" if fm.week is not None else "day" if fm.day is not None else None
            mistake = ((key,), say("followup.week_or_day", name=key)) if key else None
            if mistake is None and end is not None and fm.date <= end:
                mistake = (("date",), say("followup.inside_weeks", date=fm.date, end=end))
            if mistake is None and fm.date in taken:
                mistake = (("date",), say("followup.same_date", other=taken[fm.date].path,
                                          date=fm.date))
            if mistake is not None:
                self.unpublished[_real(f)] = "link.to_unpublished"
                if self.shown(f):
                    self.problem(*f.frontmatter.where(mistake[0]), mistake[1])
                continue
            taken[fm.date] = f
            placed.append((f, Entry(
                residency=self.res, path=f.path, date=fm.date, week=0, day=0,
                title=fm.title or followup_title(fm.date), body=f.body,
                body_line=f.body_line, summary=fm.summary, tags=list(fm.tags),
                draft=fm.draft, follow_up=True, extra=dict(fm.extra))))
        return placed

    def _day_taken(self, lost: _Candidate, kept: _Candidate) -> None:
        f, fm = lost.file, lost.file.frontmatter.value
        values = {"week": lost.week, "day": lost.day, "other": kept.file.path}
        if lost.explicit:
            message = say("day.taken", **values)
            if fm.day:
                self.problem(*f.frontmatter.where(("day",)), message)
            else:  # the day comes from the file's name
                self.problems.append(Problem(f.path, 0, "", message))
        elif kept.explicit and kept.file.frontmatter.value.date != fm.date:
            self.problem(*f.frontmatter.where(("date",)), say("day.taken_explicitly", **values))
        else:
            self.problem(*f.frontmatter.where(("date",)),
                         say("day.same_date", date=fm.date, **values))

    def _outside_its_week(self, f: EntryFile, number: int) -> None:
        """An entry filed in a declared week (by `week:` or its folder) that its date is
        not in: the week's dates, the date or the folder is wrong; say which could be."""
        week = next((w for w in self.res.weeks if w.number == number), None)
        if week is None or week.start is None:
            return
        date = f.frontmatter.value.date
        other = self._week_of(date)
        last_end = max(w.end or w.start for w in self.res.weeks if w.start is not None)
        if other is not None:
            remedy = say("date.remedy_other_week", week=other)
        elif date > last_end:
            remedy = say("date.remedy_follow_up")
        else:
            remedy = say("date.remedy_weeks", week=number)
        self.problem(*f.frontmatter.where(("date",)),
                     say("date.outside_its_week", date=date, week=number, start=week.start,
                         end=week.end or week.start, remedy=remedy))

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
                                    group=item.group, count=item.count, role=item.role,
                                    **self._name(item.name, item.consent)),
                        f.frontmatter.source_loc(("participants", i, "label")))
            for i, item in enumerate(fm.actions):
                if item.id and item.title:
                    line = f.frontmatter.line(("actions", i))
                    known = self.res.actions.get(item.id)
                    if known is None:
                        self.res.actions[item.id] = Action(item.id, item.title, self.res,
                                                           Source(f.path, line))
                    elif known.title != item.title:
                        self.problem(*f.frontmatter.where(("actions", i, "title"),
                                                          line_of=("actions", i)),
                                     say("action.declared_twice", ident=quote(item.id),
                                         title=quote(known.title), where=known.declared_at,
                                         id=item.id))

    def _settle_people(self, usable: list[EntryFile],
                       placed: list[tuple[EntryFile, Entry]]) -> None:
        """Name and consent of each participant, from its declarations in residence.yml
        and the entries this load publishes, then the names its public id or label
        would give away. A draft or an unpublished entry never gives a name, but a
        refusal written there (``consent: false``, or a name without consent) wins."""
        found: dict[str, list[Declaration]] = {}
        withdrawn: set[str] = set()
        if self.residence is not None and self.residence.value is not None:
            for i, decl in enumerate(self.residence.value.participants):
                found.setdefault(decl.id, []).append(self._declaration(
                    self.residence, ("participants", i), decl, shown=True))
        in_order = [f for f, _ in placed]
        placed_ids = {id(f) for f in in_order}
        in_order += [f for f in usable if id(f) not in placed_ids]
        published = {id(f) for f, e in placed if self.options.include_drafts or not e.draft}
        for f in in_order:
            for i, item in enumerate(f.frontmatter.value.participants):
                refused = item.consent is False or (item.name and item.consent is not True)
                if refused and (item.id or item.ref):
                    withdrawn.add(item.id or item.ref)
                person = self.res.participants.get(item.id) if item.id else None
                if (id(f) not in published or person is None or item.ref
                        or item.label not in (None, person.label)):
                    continue  # not this load's, or a mistake of its own; a refusal still counts
                found.setdefault(item.id, []).append(self._declaration(
                    f.frontmatter, ("participants", i), item, shown=self.shown(f)))
        taken = frozenset(self.res.participants)
        for ident, person in self.res.participants.items():
            if person.is_team:
                continue
            declarations = found.get(ident, [])
            settled = settle(ident, declarations, private_names=self.options.private_names,
                             withdrawn=ident in withdrawn)
            person.name, person.consent = settled.name, settled.consent
            self.problems.extend(p for p in settled.problems
                                 if any(d.shown and d.path == p.path for d in declarations))
            names = [n for n in dict.fromkeys(normal_name(d.name) for d in declarations) if n]
            first = next((d for d in declarations if d.path == person.declared_at.path
                          and d.line == person.declared_at.line), None)
            if not settled.consent and names and first is not None and first.shown:
                problem = name_in_public(ident, person.label, person.role, person.group,
                                         names, first, taken=taken)
                if problem is not None:
                    self.problems.append(problem)

    @staticmethod
    def _declaration(validated: Validated, loc: tuple, item: Any, *, shown: bool) -> Declaration:
        given = item.model_fields_set
        return Declaration(
            path=validated.doc.path, line=validated.line(loc), loc=validated.source_loc(loc),
            name=item.name, consent=item.consent if "consent" in given else None, shown=shown,
            lines={key: validated.line((*loc, key)) for key in ("id", "label", "name", "consent")
                   if key in given})

    def _participant(self, ident: str, f: EntryFile, loc: tuple) -> Participant | None:
        person = self.res.participants.get(ident)
        if person is None:
            self._unknown("participant", ident, f, loc)
        return person

    def _unknown(self, kind: str, ident: str, f: EntryFile, loc: tuple) -> None:
        """Report a ref that does not resolve, unless an earlier message explains it."""
        where = self.draft_ids.get(ident)
        if where:
            self.problem(*f.frontmatter.where(loc),
                         say(f"{kind}.only_in_draft", ident=quote(ident), where=where))
        elif ident not in self.set_aside:
            known = self.res.participants if kind == "participant" else self.res.actions
            guess = _close_id(ident, known)
            if guess:
                self.problem(*f.frontmatter.where(loc),
                             say(f"{kind}.unknown_guess", ident=quote(ident), guess=quote(guess)))
            else:
                self.problem(*f.frontmatter.where(loc),
                             say(f"{kind}.unknown", ident=quote(ident), residence=self.res.source))

    def _mention(self, published: list[tuple[EntryFile, Entry]]) -> None:
        # What was declared is known now: only ids that did not make it stay "set aside".
        self.set_aside -= set(self.res.participants) | set(self.res.actions)
        for f, entry in published:
            fm = f.frontmatter.value
            for i, ident in enumerate(fm.authors):
                person = self.res.participants.get(ident)
                if person is None or not person.is_team:
                    if person is not None or ident not in self.set_aside:
                        guess = _close_id(ident, [p.id for p in self.res.team])
                        self.problem(*f.frontmatter.where(("authors", i)),
                                     say("author.not_in_team_guess", ident=quote(ident),
                                         guess=quote(guess)) if guess else
                                     say("author.not_in_team", ident=quote(ident),
                                         residence=self.res.source))
                else:
                    entry.authors.append(person)
            self._mention_participants(f, entry)
            self._mention_actions(f, entry)
            self._mention_visits(f, entry)
            self._mention_verbatims(f, entry)
            self.res.entries.append(entry)

    def _check_rest(self, f: EntryFile) -> None:
        """The refs of an entry set aside for its date: checked now, so that its
        other mistakes come in the same run, never published (nothing is recorded)."""
        fm = f.frontmatter.value
        team = [p.id for p in self.res.team]
        for i, ident in enumerate(fm.authors):
            if ident not in team and ident not in self.set_aside:
                guess = _close_id(ident, team)
                self.problem(*f.frontmatter.where(("authors", i)),
                             say("author.not_in_team_guess", ident=quote(ident),
                                 guess=quote(guess)) if guess else
                             say("author.not_in_team", ident=quote(ident),
                                 residence=self.res.source))
        for i, item in enumerate(fm.participants):
            if item.ref and not item.id:
                self._participant(item.ref, f, ("participants", i, "ref"))
        for i, item in enumerate(fm.actions):
            if item.ref and not item.id and item.ref not in self.res.actions:
                self._unknown("action", item.ref, f, ("actions", i, "ref"))
            self._verdict(item.verdict, f, ("actions", i, "verdict"))
        for i, item in enumerate(fm.verbatims):
            if item.by is not None and is_slug(item.by):
                self._participant(item.by, f, ("verbatims", i, "by"))
            if item.action is not None and item.action not in self.res.actions:
                self._unknown("action", item.action, f, ("verbatims", i, "action"))

    def _mention_participants(self, f: EntryFile, entry: Entry) -> None:
        seen: set[str] = set()
        for i, item in enumerate(f.frontmatter.value.participants):
            loc = ("participants", i)
            ident = _one_of(self, f, loc, item.id, item.ref, "participant")
            if ident is None:
                continue
            if item.ref and (item.label or item.group or item.role or item.name
                             or item.consent is not None):
                self.problem(*f.frontmatter.where(loc), say("participant.details_with_ref"))
            if item.id and not item.label and item.id not in self.res.participants:
                self.problem(*f.frontmatter.where((*loc, "label"), line_of=loc),
                             say("participant.label_required", ident=quote(item.id)))
                continue
            person = self._participant(ident, f, (*loc, "ref" if item.ref else "id"))
            if person is None or ident in seen:
                continue
            seen.add(ident)
            presence = Presence(person, entry, item.count, f.frontmatter.line(loc))
            entry.presences.append(presence)
            person.presences.append(presence)

    def _mention_actions(self, f: EntryFile, entry: Entry) -> None:
        for i, item in enumerate(f.frontmatter.value.actions):
            loc = ("actions", i)
            ident = _one_of(self, f, loc, item.id, item.ref, "action")
            if ident is None:
                continue
            if item.ref and item.title:
                self.problem(*f.frontmatter.where((*loc, "title")), say("action.title_with_ref"))
            action = self.res.actions.get(ident)
            if action is None:
                if item.id:
                    self.problem(*f.frontmatter.where((*loc, "title"), line_of=loc),
                                 say("action.title_required", ident=quote(ident)))
                else:
                    self._unknown("action", ident, f, (*loc, "ref"))
                continue
            verdict = self._verdict(item.verdict, f, (*loc, "verdict"))
            step = ActionStep(action, entry, f.frontmatter.line(loc), scope=item.scope,
                              impact=item.impact, difficulty=item.difficulty, verdict=verdict,
                              status=item.status, progress=item.progress, tags=list(item.tags),
                              note=item.note, declares=bool(item.id and item.title))
            action.steps.append(step)
            entry.steps.append(step)

    def _verdict(self, value: str | None, f: EntryFile, loc: tuple) -> str | None:
        """The verdict key, or None after a message listing the site's verdicts."""
        verdicts = self.options.vocabulary.verdicts
        if value is None or value in verdicts:
            return value
        # "Retenue" (the label the site shows) or "À approfondir" mean their key, as
        # "Fort" means fort and "réalisée" means realisee: no message.
        same = _same_verdict(str(value), verdicts)
        if same is not None:
            return same
        listing = ", ".join(f"{key} ({label})" for key, label in verdicts.items())
        guess = _guess_verdict(str(value), verdicts)
        if guess:
            message = say("verdict.unknown_guess", value=quote(value), guess=quote(guess),
                          verdicts=listing)
        else:
            message = say("verdict.unknown", value=quote(value), verdicts=listing)
        self.problem(*f.frontmatter.where(loc), message)
        return None

    def _mention_visits(self, f: EntryFile, entry: Entry) -> None:
        anchors: list[str] | None = None
        self.refused_visits: set[str] = set()
        for i, item in enumerate(f.frontmatter.value.visits):
            loc = ("visits", i)
            line = f.frontmatter.line(loc)
            known = self.res.visits.get(item.id)
            if known is not None:
                self.problem(*f.frontmatter.where((*loc, "id")),
                             say("visit.declared_twice", ident=quote(item.id),
                                 where=known.declared_at))
                self.refused_visits.add(item.id)
                continue
            if item.section:
                if anchors is None:
                    anchors = heading_anchors(f.body, self.options.slugify)
                self._check_section(item.section, anchors, f, (*loc, "section"))
            visit = Visit(item.id, item.title, entry, Source(f.path, line), place=item.place,
                          hosts=list(item.hosts), section=item.section, summary=item.summary)
            for k, ident in enumerate(item.participants):
                person = self._participant(ident, f, (*loc, "participants", k))
                if person is not None and person not in visit.participants:
                    visit.participants.append(person)
                    person.visits.append(visit)
            self.res.visits[item.id] = visit
            entry.visits.append(visit)

    def _check_section(self, section: str, anchors: list[str], f: EntryFile, loc: tuple) -> None:
        """A visit's `section` names a heading anchor of its entry's body."""
        if section in anchors:
            return
        if anchors:
            message = say("visit.section_unknown", anchor=quote(section),
                          known=", ".join(anchors))
        else:
            message = say("visit.section_no_heading", anchor=quote(section))
        self.problem(*f.frontmatter.where(loc), message)

    def _mention_verbatims(self, f: EntryFile, entry: Entry) -> None:
        own_ids = _raw_ids(f.frontmatter.doc.data, keys=("visits",))
        for i, item in enumerate(f.frontmatter.value.verbatims):
            loc = ("verbatims", i)
            verbatim = Verbatim(item.quote, entry, i + 1, f.frontmatter.line(loc))
            if item.by is not None:
                if is_slug(item.by):
                    verbatim.speaker = self._participant(item.by, f, (*loc, "by"))
                else:
                    verbatim.speaker_text = item.by
            if item.visit is not None:
                self._verbatim_visit(verbatim, item.visit, entry, f, loc, own_ids)
            if item.action is not None:
                action = self.res.actions.get(item.action)
                if action is None:
                    self._unknown("action", item.action, f, (*loc, "action"))
                else:
                    verbatim.action = action
                    action.verbatims.append(verbatim)
            if verbatim.speaker is not None:
                verbatim.speaker.verbatims.append(verbatim)
            entry.verbatims.append(verbatim)

    def _verbatim_visit(self, verbatim: Verbatim, ident: str, entry: Entry, f: EntryFile,
                        loc: tuple, own_ids: set[str]) -> None:
        visit = next((v for v in entry.visits if v.id == ident), None)
        if visit is not None:
            verbatim.visit = visit
            visit.verbatims.append(verbatim)
            return
        if ident in own_ids:
            return  # this entry's declaration of it was set aside, with its own message
        other = self.res.visits.get(ident)
        if other is not None:
            message = say("verbatim.visit_elsewhere", ident=quote(ident), where=other.entry.path)
        else:
            message = say("verbatim.visit_unknown", ident=quote(ident))
        self.problem(*f.frontmatter.where((*loc, "visit")), message)

    # --- bodies and derived state --------------------------------------------------

    def _link_bodies(self, files: list[EntryFile],
                     published: list[tuple[EntryFile, Entry]]) -> None:
        """Re-aim the links of published entries; report files nobody links to.

        A file of the residency that no entry links to is not published, and the
        resident is told (the content model: nothing is dropped without a word).
        A file that only a draft, or an entry that could not be published, links
        to gets no message: a draft never fails a build, and the entry's own
        mistake is already reported.
        """
        residency_real = self.files.real
        targets = Targets(
            residency_dir=residency_real,
            published={_real(f): e.src_uri for f, e in published},
            unpublished=self.unpublished,
            media={real for real in self.files.others if real.is_relative_to(residency_real)},
            refused=self.files.refused,
            drafts={_real(f) for f, e in published if e.draft},
        )
        for real, path in self.files.others.items():
            targets.by_nfc.update({nfc(str(path)): real, nfc(str(real)): real})
        for f in files:
            targets.by_nfc.update({nfc(str(f.abs_path)): _real(f), nfc(str(_real(f))): _real(f)})
        used: set[Path] = set()
        for f, entry in published:
            def report(line: int, message: str, f: EntryFile = f, entry: Entry = entry) -> None:
                self.problems.append(Problem(f.path, entry.body_line + line - 1, "", message))

            def add_media(uri: str, path: Path) -> None:
                self.res.media[uri] = str(path)
                used.add(path)

            entry.body = rewrite_links(
                entry.body,
                entry_dir=f.abs_path.parent,
                targets=targets,
                target_uri=entry.src_uri,
                target_url=entry.url,
                slug=self.res.slug,
                on_media=add_media,
                on_problem=report,
                from_draft=entry.draft,
            )
        published_files = {id(f) for f, _ in published}
        for f in files:
            if id(f) not in published_files:
                for target in relative_targets(f.body):
                    real = Path(os.path.realpath(f.abs_path.parent / target))
                    used.add(targets.by_nfc.get(nfc(str(real)), real))
        for real in sorted(targets.media - used - targets.unusable):
            path = self.files.others[real]
            self.problems.append(Problem(rel(self.project_dir, path), 0, "",
                                         say("publish.unused_file")))

    def _finish(self) -> None:
        res = self.res
        res.entries.sort(key=lambda e: e.order_key)
        for before, after in zip(res.entries, res.entries[1:], strict=False):
            before.next, after.previous = after, before
        weeks = {w.number: w for w in res.weeks}
        for entry in res.days:
            weeks.setdefault(entry.week, Week(entry.week)).entries.append(entry)
        res.weeks = [weeks[n] for n in sorted(weeks)]
        for action in res.actions.values():
            action.derive_state()
            action.status_label = self.options.vocabulary.status_label(action.status)
        # Actions and participants nobody mentions in a published entry are not
        # shown (an action declared only in a draft stays private).
        res.actions = {k: a for k, a in sorted(res.actions.items(),
                                               key=lambda kv: kv[1].steps[0].entry.order_key
                                               if kv[1].steps else (0, 0, dt.date.min, ""))
                       if a.steps}


_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")


def followup_title(date: dt.date) -> str:
    """A follow-up's default title: "Suivi du 20 juin 2013", "Suivi du 1er juin 2013"."""
    day = "1er" if date.day == 1 else str(date.day)
    return f"Suivi du {day} {_MONTHS[date.month - 1]} {date.year}"


def _real(f: EntryFile) -> Path:
    return Path(os.path.realpath(f.abs_path))


def _raw_ids(data: Any, keys: tuple[str, ...] = ("participants", "actions", "visits", "team")
             ) -> set[str]:
    """The ids a file declares as written (before validation set any item aside),
    also as slugs: a ref to one of them follows from that file's reported mistake."""
    found: set[str] = set()
    if not isinstance(data, dict):
        return found
    for key in keys:
        items = data.get(key)
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("id"), (str, int)):
                    text = str(item["id"]).strip()
                    found |= {text, slugify(text)}
    return found


def _close_id(ident: str, known: Any) -> str | None:
    """The declared id a resident probably meant (a typo, a longer or shorter form)."""
    close = difflib.get_close_matches(ident, [str(k) for k in known], n=1, cutoff=0.75)
    return close[0] if close else None


def _same_verdict(value: str, verdicts: Any) -> str | None:
    """The verdict key written another way: any case or accents, or its label."""
    folded = slugify(value)
    for key, label in verdicts.items():
        if folded in (key, slugify(str(label))):
            return str(key)
    return None


def _guess_verdict(value: str, verdicts: Any) -> str | None:
    """The verdict key a resident probably meant: a close spelling."""
    folded = slugify(value)
    close = difflib.get_close_matches(folded, list(verdicts), n=1, cutoff=0.75)
    return close[0] if close else None


def _one_of(resolver: _Resolver, f: EntryFile, loc: tuple, ident: str | None, ref: str | None,
            kind: str) -> str | None:
    if ident and ref:
        resolver.problem(*f.frontmatter.where(loc), say("item.id_and_ref", what=_kind_phrase(kind)))
        return None
    if not ident and not ref:
        resolver.problem(*f.frontmatter.where(loc),
                         say("item.no_id_nor_ref", what=_kind_phrase(kind)))
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
            number = int(match.group(1))
            return number or None  # jour-0 is no day: the date decides
    return None


def resolve_residency(project_dir: Path, files: ResidencyFiles,
                      options: Options) -> tuple[Residency, list[Problem], set[str]]:
    """One residency resolved on its own (residencies are independent until
    :func:`finish_journal`): the residency, its problems and its drafts' files."""
    scratch = Journal()
    _Resolver(Path(os.path.abspath(project_dir)), files, options, scratch).run()
    (residency,) = scratch.residencies
    return residency, scratch.problems, scratch.draft_files
