"""The plain-Python model: validation messages, derivations, action state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import RESIDENCE_YML, entry, write_project
from residency_journal.dates import french_date
from residency_journal.model import Options, Vocabulary, load_journal
from residency_journal.model.slugs import slugify


def load(tmp_path: Path, files: dict[str, str], **options):
    write_project(tmp_path, files)
    return load_journal(tmp_path, options=Options(**options))


def messages(journal) -> list[str]:
    return [str(p) for p in journal.problems]


R = "journal/res/residence.yml"


def test_slugify_folds_accents():
    assert slugify("Achats durables en Rhône-Alpes") == "achats-durables-en-rhone-alpes"
    assert slugify("Œuvre  d'été !") == "oeuvre-d-ete"


def test_french_dates():
    assert french_date(dt.date(2013, 2, 13)) == "mercredi 13 février 2013"
    assert french_date(dt.date(2013, 2, 1)) == "vendredi 1er février 2013"
    assert french_date(dt.date(2013, 2, 1), "long") == "1er février 2013"


def test_week_and_day_from_frontmatter_path_and_weeks(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        # from the path
        "journal/res/semaine-1/jour-2.md": entry("date: 2013-01-29"),
        # from the frontmatter, whatever the path says
        "journal/res/notes/atelier.md": entry("date: 2013-02-06\nweek: 2\nday: 3"),
        # from residence.yml weeks: rank of the date among week 2's entries
        "journal/res/notes/2013-02-04.md": entry("date: 2013-02-04"),
        "journal/res/notes/2013-02-05.md": entry("date: 2013-02-05"),
    })
    assert messages(journal) == []
    res = journal.residencies[0]
    assert [(e.week, e.day, e.path.rsplit("/", 1)[1]) for e in res.entries] == [
        (1, 2, "jour-2.md"), (2, 1, "2013-02-04.md"), (2, 2, "2013-02-05.md"),
        (2, 3, "atelier.md")]
    assert [e.url for e in res.entries][0] == "res/semaine-1/jour-2/"
    assert res.entries[0].title == "Semaine 1, Jour 2"


def test_action_state_is_latest_value_field_by_field_in_journal_order(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        # written in a file that sorts first, but it is the later day
        "journal/res/a-later.md": entry("""
            date: 2013-02-05
            week: 2
            day: 2
            actions:
              - ref: parite
                difficulty: forte
                verdict: retenue
        """),
        "journal/res/semaine-1/jour-1.md": entry("""
            date: 2013-01-28
            actions:
              - id: parite
                title: Critère de parité
                scope: externe
                impact: 3
                verdict: a-approfondir
        """),
        "journal/res/semaine-2/jour-1.md": entry("""
            date: 2013-02-04
            actions:
              - ref: parite
                impact: moyen
                difficulty: faible
        """),
    })
    assert messages(journal) == []
    action = journal.residencies[0].actions["parite"]
    assert [(s.entry.week, s.entry.day) for s in action.steps] == [(1, 1), (2, 1), (2, 2)]
    assert (action.scope, action.impact, action.difficulty, action.verdict) == (
        "externe", 2, 3, "retenue")


def test_default_verdict_and_custom_vocabulary(tmp_path):
    files = {
        R: RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("""
            date: 2013-01-28
            actions:
              - id: a
                title: A
              - id: b
                title: B
                verdict: reportee
        """),
    }
    journal = load(tmp_path, files)
    assert journal.residencies[0].actions["a"].verdict == "proposee"
    assert messages(journal) == [
        "journal/res/semaine-1/jour-1.md:8: actions[1].verdict: 'reportee' is not one of "
        "proposee, a-approfondir, retenue, anecdotique, irrealisable, non-verifiable, abandonnee"]
    journal = load(tmp_path, files, vocabulary=Vocabulary.with_overrides({"reportee": "Reportée"}))
    assert messages(journal) == []
    assert journal.residencies[0].actions["b"].verdict == "reportee"


def test_yaml_pitfalls_are_read_as_written(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("""
            date: 2013-01-28
            title: no
            summary: 14:30
            participants:
              - id: 0123
                label: on
        """),
    })
    assert messages(journal) == []
    e = journal.residencies[0].entries[0]
    assert e.title == "no"
    assert e.summary == "14:30"
    assert journal.residencies[0].participants["0123"].label == "on"


def test_participants_visits_verbatims_link_both_ways(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("""
            date: 2013-01-28
            authors: [claire]
            participants:
              - ref: daj
              - id: elus
                label: Élus
                group: élus
                count: 3
            actions:
              - id: a
                title: A
            visits:
              - id: v
                title: Visite
                participants: [daj, claire]
            verbatims:
              - quote: Bonjour
                by: daj
                visit: v
                action: a
              - quote: Salut
                by: un agent
        """),
    })
    assert messages(journal) == []
    res = journal.residencies[0]
    daj, visit, action = res.participants["daj"], res.visits["v"], res.actions["a"]
    day = res.entries[0]
    assert [p.participant.id for p in day.presences] == ["daj", "elus"]
    assert day.presences[1].count == 3
    assert daj.days == [day] and daj.visits == [visit]
    assert [v.quote for v in daj.verbatims] == ["Bonjour"]
    assert visit.participants == [daj, res.participants["claire"]]
    assert action.verbatims[0].visit is visit and action.visits == [visit]
    assert day.verbatims[1].speaker is None and day.verbatims[1].speaker_text == "un agent"
    assert res.participants["claire"].is_team and day.authors == [res.participants["claire"]]


def test_drafts_are_left_out_unless_asked(tmp_path):
    files = {
        R: RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28"),
        "journal/res/semaine-1/jour-2.md": entry("""
            date: 2013-01-29
            draft: true
            actions:
              - id: secret
                title: Secret
        """),
    }
    public = load(tmp_path, files)
    assert [e.day for e in public.residencies[0].entries] == [1]
    assert "secret" not in public.residencies[0].actions
    preview = load(tmp_path, files, include_drafts=True)
    assert [e.day for e in preview.residencies[0].entries] == [1, 2]
    assert "secret" in preview.residencies[0].actions


def test_ref_to_an_id_declared_only_in_a_draft_says_so(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28\ndraft: oui\nactions:\n"
                                                 "  - id: secret\n    title: S"),
        "journal/res/semaine-1/jour-2.md": entry("date: 2013-01-29\nactions:\n  - ref: secret"),
    })
    assert messages(journal) == [
        "journal/res/semaine-1/jour-2.md:4: actions[0].ref: action 'secret' is declared only "
        "in a draft (journal/res/semaine-1/jour-1.md), which is not published"]


@pytest.mark.parametrize("week_line, expected", [("", 1), ("week: 2\n", 2)])
def test_missing_residence_yml_is_reported_and_entries_kept(tmp_path, week_line, expected):
    journal = load(tmp_path, {
        "journal/Ma Résidence/semaine-1/jour-1.md": entry(f"date: 2013-01-28\n{week_line}"),
    })
    assert messages(journal) == [
        "journal/Ma Résidence/residence.yml: is missing: every residency folder needs a "
        "residence.yml with at least 'title:'"]
    res = journal.residencies[0]
    assert res.slug == "ma-residence"
    assert res.entries[0].week == expected


def test_a_broken_save_keeps_the_last_good_version_when_asked(tmp_path):
    day = "journal/res/semaine-1/jour-1.md"
    files = {R: RESIDENCE_YML, day: entry("date: 2013-01-28\ntitle: Bon titre", "Bon récit.\n")}
    cache: dict = {}
    journal = load(tmp_path, files, last_good=cache)
    assert journal.residencies[0].entries[0].title == "Bon titre"
    (tmp_path / day).write_text(entry("date: 2013-01-28\ntitle: [cassé", "Récit cassé.\n"))
    broken = load_journal(tmp_path, options=Options(last_good=cache))
    assert len(broken.problems) == 1 and "cannot be read" in str(broken.problems[0])
    kept = broken.residencies[0].entries[0]
    assert (kept.title, kept.body.strip()) == ("Bon titre", "Bon récit.")
    # without the cache (a public build), the broken entry is simply not published
    assert load_journal(tmp_path).residencies[0].entries == []


def test_a_typo_in_a_required_key_is_one_problem_and_loses_nothing(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML.replace("title: Résidence test", "titre: Résidence test"),
        "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28\nauthors: [claire]\n"
                                                 "participants:\n  - ref: daj"),
    })
    assert messages(journal) == [f"{R}:1: titre: unknown key; did you mean title?"]
    res = journal.residencies[0]
    assert res.title == "res" and [p.id for p in res.team] == ["claire"]
    assert res.entries[0].authors[0].id == "claire"


def test_residence_problems_name_items_as_the_resident_numbers_them(tmp_path):
    # team[0] is set aside (not an id); the clash is still reported at team[2], line 7
    residence = ("title: R\nteam:\n  - id: Pas Un Id\n    name: X\n  - id: ana\n    name: Ana\n"
                 "  - id: ana\n    name: Anne\n")
    journal = load(tmp_path, {R: residence})
    assert [m.split(": ", 2)[:2] for m in messages(journal)] == [
        [f"{R}:3", "team[0].id"], [f"{R}:7", "team[2].id"]]
