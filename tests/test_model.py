"""The plain-Python model: validation messages, derivations, action state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import RESIDENCE_YML, entry, write_project
from residency_journal.dates import french_date
from residency_journal.model import Options, Vocabulary, load_journal
from residency_journal.model.messages import say
from residency_journal.model.reading import MAX_FILE_BYTES
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
        "journal/res/semaine-1/jour-1.md:8: actions[2].verdict : « reportee » n'est pas un "
        "verdict possible ; Verdicts possibles : proposee (Proposée), a-approfondir (À "
        "approfondir), retenue (Retenue), anecdotique (Jugée anecdotique), irrealisable (Jugée "
        "irréalisable), non-verifiable (Jugée non vérifiable), abandonnee (Abandonnée)"]
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
        "journal/res/semaine-1/jour-2.md:4: actions[1].ref : l'action « secret » n'est déclarée "
        "que dans un brouillon (journal/res/semaine-1/jour-1.md), qui n'est pas publié : "
        "déclarez-la dans une entrée publiée"]


@pytest.mark.parametrize("week_line, expected", [("", 1), ("week: 2\n", 2)])
def test_missing_residence_yml_is_reported_and_entries_kept(tmp_path, week_line, expected):
    journal = load(tmp_path, {
        "journal/Ma Résidence/semaine-1/jour-1.md": entry(f"date: 2013-01-28\n{week_line}"),
    })
    assert messages(journal) == [
        "journal/Ma Résidence/residence.yml: il manque ce fichier : chaque dossier de résidence "
        "a besoin d'un residence.yml avec au moins une ligne « title: »"]
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
    assert messages(broken) == [f"{day}:3: " + say("yaml.unclosed_bracket", opening="« [ »",
                                                    closing="« ] »")]
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
    assert messages(journal) == [
        f"{R}:1: titre : clé inconnue ; vouliez-vous dire « title » ?"]
    res = journal.residencies[0]
    # reported once, then read as the key it was meant to be
    assert res.title == "Résidence test" and [p.id for p in res.team] == ["claire"]
    assert res.entries[0].authors[0].id == "claire"


def test_residence_problems_name_items_as_the_resident_numbers_them(tmp_path):
    # team[1] is set aside (not an id); the clash is still reported at team[3], line 7
    residence = ("title: R\nteam:\n  - id: Pas Un Id\n    name: X\n  - id: ana\n    name: Ana\n"
                 "  - id: ana\n    name: Anne\n")
    journal = load(tmp_path, {R: residence})
    assert [(p.path, p.line, p.field) for p in journal.problems] == [
        (R, 3, "team[1].id"), (R, 7, "team[3].id")]
    assert journal.problems[0].message == say("value.not_id", value="« Pas Un Id »",
                                              example="pas-un-id")


# --- one mistake, one message ------------------------------------------------------

DAY1, DAY2 = "journal/res/semaine-1/jour-1.md", "journal/res/semaine-1/jour-2.md"


def test_a_typo_hiding_a_list_is_one_message_in_all_the_journal(tmp_path):
    # `partcipants:` in residence.yml used to hide daj: one message per entry naming it
    journal = load(tmp_path, {
        R: RESIDENCE_YML.replace("participants:", "partcipants:"),
        DAY1: entry("date: 2013-01-28\nparticipants:\n  - ref: daj"),
        DAY2: entry("date: 2013-01-29\nverbatims:\n  - quote: Oui\n    by: daj"),
    })
    assert messages(journal) == [
        f"{R}:12: partcipants : clé inconnue ; vouliez-vous dire « participants » ?"]
    assert "daj" in journal.residencies[0].participants


def test_a_typo_in_an_entry_does_not_hide_what_it_declares(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        DAY1: entry("date: 2013-01-28\npartcipants:\n  - id: elus\n    label: Élus\n"
                    "visits:\n  - id: v\n    title: V\n    participants: [elus]\n"
                    "verbatims:\n  - quote: Oui\n    by: elus"),
    })
    assert messages(journal) == [
        f"{DAY1}:3: partcipants : clé inconnue ; vouliez-vous dire « participants » ?"]


def test_an_unclosed_quote_in_residence_yml_is_one_message_at_its_line(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML.replace("place: Lyon", 'place: "Lyon'),
        DAY1: entry("date: 2013-01-28\nauthors: [claire]\nparticipants:\n  - ref: daj"),
    })
    assert messages(journal) == [f"{R}:3: " + say("yaml.unclosed_quote", quote='« " »')]
    assert journal.residencies[0].title == "Résidence test"


def test_an_unclosed_quote_in_an_entry_is_one_message_at_the_line_it_opens(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        DAY1: entry('date: 2013-01-28\ntitle: "Bonjour\nsummary: x\n' + "tags: [a]\n" * 40),
    })
    assert messages(journal) == [f"{DAY1}:3: " + say("yaml.unclosed_quote", quote='« " »')]
    assert journal.residencies[0].entries == []  # an unreadable entry is not published


def test_values_are_told_in_the_residents_words(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        DAY1: entry("""
            date: 2013-01-28
            week: zéro
            actions:
              - id: a
                title: A
                impact: tres fort
                difficulty: énorme
                scope: dehors
              - id: b
                title: B
            draft: peut-être
        """),
        DAY2: entry("date: 13/02/2013"),
    })
    assert messages(journal) == [
        f"{DAY1}:3: week : « zéro » n'est pas un nombre entier : écrivez un nombre comme 3",
        f"{DAY1}:7: actions[1].impact : « tres fort » n'est pas une valeur possible "
        "(faible, moyen, fort, 1, 2, 3)",
        f"{DAY1}:8: actions[1].difficulty : « énorme » n'est pas une valeur possible "
        "(faible, moyenne, forte, 1, 2, 3)",
        f"{DAY1}:9: actions[1].scope : « dehors » n'est pas une valeur possible (interne, externe)",
        f"{DAY1}:12: draft : « peut-être » n'est pas une valeur possible (oui, non, true, false)",
        f"{DAY2}:2: date : « 13/02/2013 » n'est pas une date : écrivez-la AAAA-MM-JJ "
        "(par exemple 2013-02-13)",
    ]
    # the wrong values are set aside, the rest of the day is kept
    assert journal.residencies[0].actions["a"].title == "A"


def test_a_verdict_is_plain_text_for_the_site_to_check():
    from residency_journal.model.schema import ActionMention
    assert ActionMention.model_validate({"ref": "a", "verdict": " Retenue "}).verdict == "Retenue"


def test_a_list_item_missing_a_required_key_is_set_aside_alone(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        DAY1: entry("date: 2013-01-28\nvisits:\n  - id: v1\n  - id: v2\n    title: V2"),
    })
    assert messages(journal) == [
        f"{DAY1}:4: visits[1].title : " + say("key.required", name="title")]
    assert list(journal.residencies[0].visits) == ["v2"]


def test_control_characters_never_reach_an_entry(tmp_path):
    journal = load(tmp_path, {
        R: RESIDENCE_YML,
        DAY1: entry('date: 2013-01-28\ntitle: "Jour\\x00 un"', "Récit\x00 \x07du jour.\n"),
    })
    e = journal.residencies[0].entries[0]
    assert (e.title, e.body.strip()) == ("Jour un", "Récit du jour.")
    assert [(p.line, p.field) for p in journal.problems] == [(3, "title"), (6, "")]
    assert {p.message for p in journal.problems} == {say("text.invisible_removed")}


# --- reading any bytes -------------------------------------------------------------

@pytest.mark.parametrize("raw, line, key", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", 1, "read.not_text"),
    (b"---\ndate: 2013-01-28\ntitle: caf\xe9\n---\n", 3, "read.not_utf8"),
    (b"", 1, "read.no_frontmatter"),
    (b"Juste un r\xc3\xa9cit.\n", 1, "read.no_frontmatter"),
    (b"---\n", 2, "read.frontmatter_not_closed"),
    (b"---\ndate: 2013-01-28\n", 3, "read.frontmatter_not_closed"),
])
def test_unreadable_files_get_one_message(tmp_path, raw, line, key):
    (tmp_path / "journal/res/semaine-1").mkdir(parents=True)
    (tmp_path / R).write_text(RESIDENCE_YML, encoding="utf-8")
    (tmp_path / DAY1).write_bytes(raw)
    journal = load_journal(tmp_path)
    assert messages(journal) == [f"{DAY1}:{line}: {say(key)}"]


def test_a_huge_file_is_not_read(tmp_path):
    (tmp_path / "journal/res/semaine-1").mkdir(parents=True)
    (tmp_path / R).write_text(RESIDENCE_YML, encoding="utf-8")
    (tmp_path / DAY1).write_bytes(b"---\ndate: 2013-01-28\n---\n" + b"x" * (MAX_FILE_BYTES + 1))
    journal = load_journal(tmp_path)
    assert messages(journal) == [f"{DAY1}:1: " + say("read.too_big", size="2,0", limit="2,0")]


@pytest.mark.parametrize("raw", [
    "\ufeff---\ndate: 2013-01-28\ntitle: Titre\n---\n\nRécit.\n".encode(),
    b"---\r\ndate: 2013-01-28\r\ntitle: Titre\r\n---\r\n\r\nR\xc3\xa9cit.\r\n",
    b"---\rdate: 2013-01-28\rtitle: Titre\r---\r\rR\xc3\xa9cit.\r",
])
def test_bom_and_any_line_ends_read_the_same(tmp_path, raw):
    (tmp_path / "journal/res/semaine-1").mkdir(parents=True)
    (tmp_path / R).write_text(RESIDENCE_YML, encoding="utf-8")
    (tmp_path / DAY1).write_bytes(raw)
    journal = load_journal(tmp_path)
    assert messages(journal) == []
    e = journal.residencies[0].entries[0]
    assert (e.title, e.body.strip(), e.body_line) == ("Titre", "Récit.", 5)
