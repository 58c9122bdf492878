"""Days and dates (content model, "Identity and references"): explicit days keep
their URL, derived days are ranks of distinct dates, drafts count, hostile dates
give messages, never a traceback."""

from __future__ import annotations

from conftest import RESIDENCE_YML, entry, write_project
from residency_journal.model import Options, load_journal

A = "journal/res"
R = f"{A}/residence.yml"


def load(tmp_path, files, **options):
    write_project(tmp_path, files)
    return load_journal(tmp_path, options=Options(**options))


def days(journal) -> list[tuple[int, int, str]]:
    return [(e.week, e.day, e.path.rsplit("/", 1)[1]) for e in journal.residencies[0].entries]


def test_an_explicit_day_keeps_its_url_against_a_derived_one(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        # derived: 2013-01-28 is the first date of week 1 -> day 1; sorts first by path
        f"{A}/a-notes.md": entry("date: 2013-01-28", "Notes.\n"),
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-29", "Le jour 1.\n"),
    })
    assert days(journal) == [(1, 1, "jour-1.md")]
    assert [str(p) for p in journal.problems] == [
        f"{A}/a-notes.md:2: date : la semaine 1, jour 1 (le rang de cette date dans la semaine) "
        f"est déjà celui de {A}/semaine-1/jour-1.md, qui l'indique explicitement : cette entrée "
        "n'est pas publiée. Donnez-lui son jour avec « day: »"]


def test_two_files_on_one_date_claim_one_day_and_the_loser_is_named(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        f"{A}/notes/b.md": entry("date: 2013-01-29"),
        f"{A}/notes/a.md": entry("date: 2013-01-29"),
        f"{A}/notes/c.md": entry("date: 2013-01-30"),
    })
    assert days(journal) == [(1, 1, "a.md"), (1, 2, "c.md")]
    assert [str(p) for p in journal.problems] == [
        f"{A}/notes/b.md:2: date : {A}/notes/a.md a la même date (2013-01-29) et garde la "
        "semaine 1, jour 1 : cette entrée n'est pas publiée. Réunissez les deux récits dans un "
        "seul fichier, ou donnez à celui-ci un autre jour avec « day: »"]


def test_two_explicit_days_the_second_in_path_order_loses(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        f"{A}/semaine-1/jour-3.md": entry("date: 2013-01-30"),
        f"{A}/semaine-1/zz.md": entry("date: 2013-01-31\nday: 3"),
        f"{A}/semaine-2/jour-1.md": entry("date: 2013-02-04"),
        f"{A}/semaine-2/x/jour-1.md": entry("date: 2013-02-05"),
    })
    assert days(journal) == [(1, 3, "jour-3.md"), (2, 1, "jour-1.md")]
    assert [str(p) for p in journal.problems] == [
        f"{A}/semaine-1/zz.md:3: day : semaine 1, jour 3 est déjà le jour de "
        f"{A}/semaine-1/jour-3.md : cette entrée n'est pas publiée. Donnez-lui un autre jour "
        "(« day: » ou un fichier jour-N.md)",
        f"{A}/semaine-2/x/jour-1.md: semaine 2, jour 1 est déjà le jour de "
        f"{A}/semaine-2/jour-1.md : cette entrée n'est pas publiée. Donnez-lui un autre jour "
        "(« day: » ou un fichier jour-N.md)"]


def test_publishing_a_draft_never_moves_a_url(tmp_path):
    files = {
        R: RESIDENCE_YML,
        f"{A}/notes/lundi.md": entry("date: 2013-01-28\ndraft: true"),
        f"{A}/notes/mardi.md": entry("date: 2013-01-29"),
    }
    assert days(load(tmp_path, files)) == [(1, 2, "mardi.md")]
    files[f"{A}/notes/lundi.md"] = entry("date: 2013-01-28")
    assert days(load(tmp_path, files)) == [(1, 1, "lundi.md"), (1, 2, "mardi.md")]


def test_a_published_entry_never_loses_its_day_to_a_draft(tmp_path):
    files = {
        R: RESIDENCE_YML,
        f"{A}/notes/a-brouillon.md": entry("date: 2013-01-28\ndraft: true"),
        f"{A}/notes/b-publie.md": entry("date: 2013-01-28"),
    }
    journal = load(tmp_path, files)
    assert days(journal) == [(1, 1, "b-publie.md")] and journal.problems == []
    preview = load(tmp_path, files, include_drafts=True)
    assert days(preview) == [(1, 1, "b-publie.md")]
    assert [p.path for p in preview.problems] == [f"{A}/notes/a-brouillon.md"]


def test_an_entry_outside_every_week_is_reported_once(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        f"{A}/notes/perdue.md": entry("date: 2014-06-01"),
    })
    assert [str(p) for p in journal.problems] == [
        f"{A}/notes/perdue.md:2: date : le 2014-06-01 n'est dans aucune semaine de {R} : cette "
        "entrée n'est pas publiée. Ajoutez sa semaine dans « weeks: », ou indiquez « week: » et "
        "« day: », ou rangez le fichier dans semaine-N/jour-N.md ; si c'est une note écrite "
        "après la résidence, ajoutez « follow_up: true »"]


def test_weeks_at_the_ends_of_the_calendar_give_messages_not_tracebacks(tmp_path):
    residence = ("title: R\nweeks:\n  - start: 0001-01-01\n  - start: 9999-12-20\n"
                 "  - start: 9999-12-30\n")
    journal = load(tmp_path, {
        R: residence,
        f"{A}/notes/fin.md": entry("date: 9999-12-31"),
        f"{A}/notes/debut.md": entry("date: 0001-01-01"),
    })
    assert [str(p) for p in journal.problems] == [
        f"{R}:5: weeks[3].start : la semaine commence le 9999-12-30 : sa fin dépasserait la "
        "dernière date possible ; vérifiez l'année, ou indiquez « end: »"]
    assert days(journal) == [(1, 1, "debut.md"), (3, 1, "fin.md")]


def test_weeks_out_of_order_are_reported(tmp_path):
    residence = "title: R\nweeks:\n  - start: 2013-02-04\n  - start: 2013-01-28\n"
    journal = load(tmp_path, {R: residence})
    assert [str(p) for p in journal.problems] == [
        f"{R}:4: weeks[2].start : cette semaine commence le 2013-01-28, avant la semaine "
        "précédente (2013-02-04) : rangez les semaines dans l'ordre des dates"]
