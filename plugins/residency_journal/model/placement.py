"""Weeks and days: the weeks of residence.yml closed, each entry given its week and
day (or, for a follow-up note, its date after the weeks), one entry a day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..dates import french_date
from .entities import Entry
from .messages import say
from .problems import Problem
from .reading import EntryFile
from .resolution import Resolution

_WEEK_DIR = re.compile(r"^semaine-?(\d+)$")
_DAY_FILE = re.compile(r"^jour-?(\d+)$")


@dataclass
class _Candidate:
    """An entry file on its way to a week and a day."""

    file: EntryFile
    week: int
    day: int
    explicit: bool  # `day:` or jour-N in the path: it keeps its URL against a derived day


def close_weeks(r: Resolution) -> None:
    """A week without `end` runs until the day before the next one (or 6 days).

    Date arithmetic near year 1 or 9999 would overflow: such a week gets a
    message and runs to the last possible date, never a traceback.
    """
    assert r.residence is not None
    weeks = r.res.weeks
    for i, week in enumerate(weeks):
        assert week.start is not None
        if i and week.start <= weeks[i - 1].start:  # type: ignore[operator]
            r.problem(*r.residence.where(("weeks", i, "start")),
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
                    r.problem(*r.residence.where(("weeks", i, "start")),
                              say("week.end_too_late", start=week.start))
        elif week.end < week.start:
            r.problem(*r.residence.where(("weeks", i, "end")),
                      say("week.end_before_start", end=week.end, start=week.start))


def place_entries(r: Resolution, files: list[EntryFile]) -> list[tuple[EntryFile, Entry]]:
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
            Path(f.path).relative_to(Path(r.res.folder)).parts)
        week = fm.week or path_week or _week_of(r, fm.date)
        if week is None:
            if r.shown(f):
                r.problem(*f.frontmatter.where(("date",)),
                          say("date.outside_weeks", date=fm.date, residence=r.res.source))
            r.unpublish(f)
            continue
        if week != _week_of(r, fm.date) and r.shown(f):
            _outside_its_week(r, f, week)
        pending.append((f, week, fm.day or path_day))

    dates: dict[int, set[dt.date]] = {}
    for f, week, _ in pending:
        dates.setdefault(week, set()).add(f.frontmatter.value.date)
    ranks = {w: {d: i + 1 for i, d in enumerate(sorted(ds))} for w, ds in dates.items()}
    candidates = [_Candidate(f, week, day or ranks[week][f.frontmatter.value.date], day is not None)
                  for f, week, day in pending]
    candidates.sort(key=lambda c: (not c.explicit, c.file.is_draft, c.file.path))

    placed: list[tuple[EntryFile, Entry]] = []
    taken: dict[tuple[int, int], _Candidate] = {}
    for c in candidates:
        f, fm = c.file, c.file.frontmatter.value
        other = taken.get((c.week, c.day))
        if other is not None:
            r.unpublish(f)
            if r.shown(f):
                _day_taken(r, c, other)
            continue
        taken[(c.week, c.day)] = c
        entry = Entry(
            residency=r.res, path=f.path, date=fm.date, week=c.week, day=c.day,
            title=fm.title or f"Semaine {c.week}, Jour {c.day}", body=f.body,
            body_line=f.body_line, summary=fm.summary, tags=list(fm.tags),
            draft=fm.draft, extra=dict(fm.extra),
        )
        placed.append((f, entry))
    placed += _place_follow_ups(r, follow_ups)
    placed.sort(key=lambda item: item[1].order_key)
    return placed


def _place_follow_ups(r: Resolution, files: list[EntryFile]) -> list[tuple[EntryFile, Entry]]:
    """Follow-up notes: no week and no day (the path's semaine-N/jour-N is not
    read for them), dated after the immersion weeks, one per date. A date is
    claimed as a day is: published notes before drafts, then path order."""
    end = max((w.end for w in r.res.weeks if w.end is not None), default=None)
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
            r.unpublish(f)
            if r.shown(f):
                r.problem(*f.frontmatter.where(mistake[0]), mistake[1])
            continue
        taken[fm.date] = f
        placed.append((f, Entry(
            residency=r.res, path=f.path, date=fm.date, week=0, day=0,
            title=fm.title or followup_title(fm.date), body=f.body,
            body_line=f.body_line, summary=fm.summary, tags=list(fm.tags),
            draft=fm.draft, follow_up=True, extra=dict(fm.extra))))
    return placed


def _day_taken(r: Resolution, lost: _Candidate, kept: _Candidate) -> None:
    f, fm = lost.file, lost.file.frontmatter.value
    values = {"week": lost.week, "day": lost.day, "other": kept.file.path}
    if lost.explicit:
        message = say("day.taken", **values)
        if fm.day:
            r.problem(*f.frontmatter.where(("day",)), message)
        else:  # the day comes from the file's name
            r.problems.append(Problem(f.path, 0, "", message))
    elif kept.explicit and kept.file.frontmatter.value.date != fm.date:
        r.problem(*f.frontmatter.where(("date",)), say("day.taken_explicitly", **values))
    else:
        r.problem(*f.frontmatter.where(("date",)),
                  say("day.same_date", date=fm.date, **values))


def _outside_its_week(r: Resolution, f: EntryFile, number: int) -> None:
    """An entry filed in a declared week (by `week:` or its folder) that its date is
    not in: the week's dates, the date or the folder is wrong; say which could be."""
    week = next((w for w in r.res.weeks if w.number == number), None)
    if week is None or week.start is None:
        return
    date = f.frontmatter.value.date
    other = _week_of(r, date)
    last_end = max(w.end or w.start for w in r.res.weeks if w.start is not None)
    if other is not None:
        remedy = say("date.remedy_other_week", week=other)
    elif date > last_end:
        remedy = say("date.remedy_follow_up")
    else:
        remedy = say("date.remedy_weeks", week=number)
    r.problem(*f.frontmatter.where(("date",)),
              say("date.outside_its_week", date=date, week=number, start=week.start,
                  end=week.end or week.start, remedy=remedy))


def _week_of(r: Resolution, date: dt.date) -> int | None:
    for week in r.res.weeks:
        if week.start <= date <= (week.end or week.start):
            return week.number
    return None


def _add_days(date: dt.date, days: int) -> dt.date | None:
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return None


def followup_title(date: dt.date) -> str:
    """A follow-up's default title: "Suivi du 20 juin 2013", "Suivi du 1er juin 2013"."""
    return f"Suivi du {french_date(date, 'long')}"


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
