"""The next day's entry: where it goes (week, day, date) and its starting text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Participant, Residency
from ..model.placement import week_and_day_from_path
from ..model.vocabulary import DEFAULT_VERDICT

# Verdicts that close an action: `journal new` suggests only the others.
CLOSED_VERDICTS = frozenset({"retenue", "anecdotique", "irrealisable", "non-verifiable",
                             "abandonnee"})


class PlanError(Exception):
    """The entry asked for cannot be written (it exists, or the request is unclear)."""


@dataclass
class EntryPlan:
    week: int
    day: int
    date: dt.date
    path: Path  # absolute
    notes: list[str] = field(default_factory=list)  # things the resident should know


def plan_entry(residency: Residency, folder: Path, *, week: int | None = None,
               day: int | None = None, date: dt.date | None = None,
               today: dt.date | None = None) -> EntryPlan:
    """Week, day, date and path of a new entry of ``residency`` (stored in ``folder``).

    ``residency`` must be loaded with drafts, so that a draft's day is never
    given twice. The rules, each overridden by the matching option:

    - week: the week ``date`` falls in (per residence.yml), else the week of the
      latest entry (the current week), else the first declared week, else 1;
    - day: the day after the week's last day, else 1;
    - date: the weekday after the week's latest entry, else the declared start
      of the week (plus one weekday per day), else today.
    """
    today = today or dt.date.today()
    taken = _taken_days(residency, folder)
    declared = {w.number: w for w in residency.weeks if w.start is not None}
    notes: list[str] = []

    if week is None and date is not None:
        week = next((n for n, w in declared.items() if w.start <= date <= (w.end or w.start)),
                    None)
        if week is None and declared:
            raise PlanError(_no_week_for(date, declared))
    elif date is not None and week in declared:
        given = declared[week]
        if not given.start <= date <= (given.end or given.start):
            raise PlanError(f"le {date.isoformat()} n'est pas dans la semaine {week} (du "
                            f"{given.start.isoformat()} au "
                            f"{(given.end or given.start).isoformat()} dans residence.yml) : "
                            "retirez --week (la semaine vient alors de la date), ou corrigez "
                            "la date")
    if week is None:  # the current week: that of the latest entry
        week = residency.days[-1].week if residency.days else min(declared, default=1)
    days = sorted(d for (w, d) in taken if w == week)
    if day is None:
        day = days[-1] + 1 if days else 1
    if (week, day) in taken:
        raise PlanError(f"semaine {week}, jour {day} existe déjà : {taken[(week, day)]}")

    if date is None:
        dates = [e.date for e in residency.days if e.week == week]
        try:
            if dates:
                date = _next_weekday(max(dates))
            elif week in declared:
                date = _add_weekdays(declared[week].start, day - 1)
            else:
                date = today
        except OverflowError:
            raise PlanError(f"la date de la semaine {week}, jour {day} dépasserait la dernière "
                            "date du calendrier : vérifiez les dates de residence.yml, ou "
                            "donnez la date avec --date") from None
        end = declared[week].end if week in declared else None
        if end is not None and date > end:
            # The week is over: the next day is in the next declared week, or after the
            # residency (a follow-up note); never a day filed in a week it is not in.
            later = sorted(n for n in declared if n > week)
            if not later:
                raise PlanError(
                    f"la semaine {week} est finie (le {end.isoformat()} dans residence.yml) : "
                    "pour une note de suivi, tapez « journal new --suivi » ; pour une nouvelle "
                    "semaine, ajoutez-la d'abord dans « weeks: » de residence.yml ; pour un "
                    "autre jour, donnez sa date avec --date AAAA-MM-JJ")
            plan = plan_entry(residency, folder, week=later[0], today=today)
            plan.notes.insert(0, f"la semaine {week} est finie (le {end.isoformat()}) : cette "
                              f"journée va dans la semaine {later[0]}")
            return plan

    path = folder / f"semaine-{week}" / f"jour-{day}.md"
    if path.exists():
        raise PlanError(f"{path} existe déjà : il n'est jamais remplacé")
    return EntryPlan(week=week, day=day, date=date, path=path, notes=notes)


def _no_week_for(date: dt.date, declared: dict) -> str:
    """Why ``--date`` alone cannot place an entry, and what to type instead."""
    last = max(w.end or w.start for w in declared.values())
    if date > last:
        return (f"le {date.isoformat()} est après les semaines d'immersion (la dernière finit "
                f"le {last.isoformat()}) : pour une note de suivi, tapez "
                f"« journal new --suivi --date {date.isoformat()} » ; pour une nouvelle semaine, "
                "ajoutez-la d'abord dans « weeks: » de residence.yml")
    return (f"le {date.isoformat()} n'est dans aucune semaine de residence.yml : ajoutez sa "
            "semaine dans « weeks: », ou vérifiez la date")


def plan_follow_up(residency: Residency, folder: Path, *, date: dt.date | None = None,
                   today: dt.date | None = None) -> EntryPlan:
    """Date and path of a new follow-up note: ``suivi/<date>.md``, dated today by default.

    A follow-up is written after the immersion weeks, one per date."""
    date = date or today or dt.date.today()
    ends = [w.end or w.start for w in residency.weeks if w.start is not None]
    if ends and date <= max(ends):
        raise PlanError(f"le {date.isoformat()} est avant la fin des semaines d'immersion (le "
                        f"{max(ends).isoformat()}) : une note de suivi s'écrit après ; donnez "
                        "une date plus tardive avec --date AAAA-MM-JJ")
    taken = next((e.path for e in residency.entries if e.follow_up and e.date == date), None)
    if taken:
        raise PlanError(f"{taken} est déjà la note de suivi du {date.isoformat()} : "
                        "complétez-la, ou choisissez une autre date avec --date")
    path = folder / "suivi" / f"{date.isoformat()}.md"
    if path.exists():
        raise PlanError(f"{path} existe déjà : il n'est jamais remplacé")
    return EntryPlan(week=0, day=0, date=date, path=path)


def follow_up_text(residency: Residency, plan: EntryPlan,
                   status_labels: Mapping[str, str] | None = None) -> str:
    """A new follow-up note: its frontmatter, every action in comments with its state."""
    labels = status_labels or {}
    team = [one_line(p.id) for p in residency.team]
    lines = [
        "---",
        "# Note de suivi créée par `journal new --suivi`. Les lignes qui commencent par « # »",
        "# sont des commentaires : retirez le « # » des lignes utiles, en gardant l'indentation.",
        f"date: {plan.date.isoformat()}",
        "follow_up: true",
        "# title: Quatre mois après",
        _commented("authors: []", "ids de l'équipe : " + ", ".join(team) if team else
                   "ids de l'équipe de residence.yml"),
        "summary:",
        "",
        "# Ce que sont devenues les actions : gardez celles dont vous avez des nouvelles.",
        "# actions:",
    ]
    for action in residency.actions.values():
        state = labels.get(action.status, action.status) if action.status else "pas de statut"
        lines.append(_commented(f"#   - ref: {one_line(action.id)}",
                                f"{action.title} ({str(state).lower()})"))
        lines.append(_commented("#     status: en-cours",
                                "a-lancer | en-cours | realisee | suspendue | abandonnee"))
        lines.append(_commented("#     progress: 40", "pourcentage, de 0 à 100"))
        lines.append("#     note: Ce qui a changé.")
    lines += [
        "---",
        "",
        "Ce que sont devenues les actions depuis la résidence.",
        "",
    ]
    return "\n".join(lines)


def _taken_days(residency: Residency, folder: Path) -> dict[tuple[int, int], str]:
    """(week, day) -> file, from the entries read and from `semaine-W/jour-D.md` files.

    The files count too: an entry whose frontmatter cannot be read is not among
    the entries, yet its day is not free.
    """
    taken = {(e.week, e.day): e.path for e in residency.days}
    for path in folder.rglob("*.md"):
        week, day = week_and_day_from_path(path.relative_to(folder).parts)
        if week and day:
            taken.setdefault((week, day), str(path))
    return taken


def _next_weekday(day: dt.date) -> dt.date:
    return _add_weekdays(day, 1)


def _add_weekdays(day: dt.date, count: int) -> dt.date:
    # Immersion days are working days: skip Saturdays and Sundays.
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def entry_text(residency: Residency, plan: EntryPlan,
               verdict_labels: dict[str, str] | None = None) -> str:
    """The new entry: a valid frontmatter with commented suggestions, then the body.

    ``residency`` should be loaded without drafts here: an id declared only in a
    draft cannot be referred to from a published entry.
    """
    labels = verdict_labels or {}
    team = [one_line(p.id) for p in residency.team]
    lines = [
        "---",
        "# Entrée créée par `journal new`. Les lignes qui commencent par « # » sont des",
        "# commentaires : retirez le « # » des lignes utiles, en gardant l'indentation.",
        "# Toutes les clés : page « Écrire une entrée » du site.",
        f"date: {plan.date.isoformat()}",
        f"# week: {plan.week} et day: {plan.day} viennent du chemin "
        f"semaine-{plan.week}/jour-{plan.day}.md",
        f'# title: "Semaine {plan.week}, Jour {plan.day}"',
        _commented("authors: []", "ids de l'équipe : " + ", ".join(team) if team else
                   "ids de l'équipe de residence.yml"),
        "summary:",
        "tags: []",
        _commented("draft: true", "passez à false pour publier ; `mkdocs serve` montre "
                   "les brouillons"),
        "",
        "# Participants récurrents : gardez ceux qui étaient là.",
        "# participants:",
    ]
    for person in _recurring(residency):
        lines.append(_commented(f"#   - ref: {one_line(person.id)}", _participant_note(person)))
    lines += [
        _commented("#   - id: nouvel-id", "quelqu'un de nouveau : choisissez son id"),
        "#     label: Qui c'est, tel que les lecteurs le verront",
        "#     group: agents",
        "",
        "# Actions encore ouvertes : gardez celles dont on a parlé aujourd'hui.",
        "# actions:",
    ]
    for action in residency.actions.values():
        if action.verdict in CLOSED_VERDICTS:
            continue
        label = labels.get(action.verdict, action.verdict).lower()
        lines.append(_commented(f"#   - ref: {one_line(action.id)}", f"{action.title} ({label})"))
        lines.append(_commented(f"#     verdict: {one_line(action.verdict)}", "le sort décidé ce jour"))
    lines += [
        _commented("#   - id: nouvelle-action", "une action nouvelle : son titre est requis"),
        "#     title: Intitulé de l'action",
        _commented("#     scope: interne", "interne | externe"),
        _commented("#     impact: moyen", "faible | moyen | fort"),
        _commented("#     difficulty: moyenne", "faible | moyenne | forte"),
        f"#     verdict: {DEFAULT_VERDICT}",
        "",
        "# Micro-voyage d'étude du jour :",
        "# visits:",
        "#   - id: micro-voyage-lieu",
        "#     title: Micro-voyage d'étude chez ...",
        "#     place: Ville",
        "#     hosts: [Qui nous a reçus]",
        "#     participants: [" + ", ".join(team[:2]) + "]",
        "",
        "# Paroles recueillies, mot pour mot :",
        "# verbatims:",
        "#   - quote: Ce qui a été dit.",
        _commented("#     by: un agent", "un id de participant, ou un texte libre"),
        "---",
        "",
        "Le récit de la journée.",
        "",
    ]
    return "\n".join(lines)


def _recurring(residency: Residency) -> list[Participant]:
    """The team, the participants of residence.yml, and anyone present on two days."""
    return [p for p in residency.participants.values()
            if p.is_team or p.declared_at.path == residency.source or len(p.days) >= 2]


def _participant_note(person: Participant) -> str:
    return f"{person.label} (équipe)" if person.is_team else person.label


def _commented(line: str, note: str, width: int = 32) -> str:
    note = one_line(note)
    return f"{line.ljust(width)}  # {note}" if note else line


def one_line(text: str) -> str:
    """``text`` safe inside a YAML comment: one line of printable characters.

    Names and labels come from residents' files; a line break in one (a newline,
    a carriage return, or Unicode's NEL, LS, PS, which YAML also ends lines on)
    would end the comment and write live YAML into the new entry, and a control
    character would make the whole file unreadable. Each run of such characters
    and spaces becomes one space. (`#` and quotes are harmless inside a comment.)
    """
    kept = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(kept.split())
