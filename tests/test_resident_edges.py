"""One message per mistake at the edges a new resident meets (unit level; the whole
path with the real commands is tests/test_walkthrough.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from residency_journal.cli_french import translate
from residency_journal.model import load_journal
from residency_journal.model.messages import say

R = "journal/res"
RESIDENCE = """\
title: Résidence
weeks:
  - start: 2026-05-04
    end: 2026-05-08
team:
  - id: camille
    name: Camille
participants:
  - id: dgs
    label: Directrice générale des services
"""


def site(tmp_path: Path, files: dict[str, str]) -> list[str]:
    (tmp_path / R).mkdir(parents=True)
    (tmp_path / R / "residence.yml").write_text(RESIDENCE, encoding="utf-8")
    for rel, text in files.items():
        path = tmp_path / R / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return [str(p) for p in load_journal(tmp_path).problems]


@pytest.mark.parametrize(("written", "meant"), [
    ("05/05/2026", "2026-05-05"), ("4 mai 2026", "2026-05-04"), ("2026-5-4", "2026-05-04"),
    ("lundi 4 mai 2026", "2026-05-04"), ("1er juin 2026", "2026-06-01"),
    ("4.5.2026", "2026-05-04"), ("bientôt", "2013-02-13"),
])
def test_a_date_written_the_french_way_gets_her_own_date_back(tmp_path, written, meant):
    problems = site(tmp_path, {"semaine-1/jour-1.md": f"""
        ---
        date: {written}
        authors: [camile]
        ---
        """})
    assert problems == [
        f"{R}/semaine-1/jour-1.md:2: date : « {written} » n'est pas une date : écrivez-la "
        f"AAAA-MM-JJ (par exemple {meant})",
        # the rest of the entry is still checked, in the same run
        f"{R}/semaine-1/jour-1.md:3: authors[1] : « camile » ne fait pas partie de l'équipe ; "
        "vouliez-vous dire « camille » ?"]


@pytest.mark.parametrize("written", ["Retenue", "retenue", "RETENUE", "Jugée anecdotique",
                                     "À approfondir", "a approfondir"])
def test_a_verdict_is_accepted_as_its_key_or_its_label(tmp_path, written):
    assert site(tmp_path, {"semaine-1/jour-1.md": f"""
        ---
        date: 2026-05-04
        actions:
          - id: piste
            title: Une piste
            verdict: {written}
        ---
        """}) == []


def test_a_near_miss_action_ref_gets_a_guess(tmp_path):
    problems = site(tmp_path, {
        "semaine-1/jour-1.md": """
            ---
            date: 2026-05-04
            actions:
              - id: guichet-unique
                title: Un guichet unique
            ---
            """,
        "semaine-1/jour-2.md": """
            ---
            date: 2026-05-05
            actions:
              - ref: guichet-uniqe
            verbatims:
              - quote: Enfin.
                action: guichet-unique
            ---
            """})
    assert problems == [
        f"{R}/semaine-1/jour-2.md:4: actions[1].ref : "
        + say("action.unknown_guess", ident="« guichet-uniqe »", guess="« guichet-unique »")]


def test_an_open_frontmatter_is_one_message_where_the_dashes_belong(tmp_path):
    problems = site(tmp_path, {
        "semaine-1/jour-1.md": """
            ---
            date: 2026-05-04
            participants:
              - id: elus
                label: Élus
            Le récit commence sans ligne vide.
            """,
        "semaine-1/jour-2.md": """
            ---
            date: 2026-05-05
            participants:
              - ref: elus
            ---
            """})
    assert problems == [f"{R}/semaine-1/jour-1.md:6: " + say("read.frontmatter_not_closed")]


@pytest.mark.parametrize(("date", "remedy"), [
    ("2026-05-01", say("date.remedy_weeks", week=1)),
    ("2026-09-01", say("date.remedy_follow_up")),
])
def test_an_entry_outside_its_week_is_reported_with_its_remedy(tmp_path, date, remedy):
    problems = site(tmp_path, {"semaine-1/jour-1.md": f"""
        ---
        date: {date}
        ---
        """})
    assert problems == [f"{R}/semaine-1/jour-1.md:2: date : " + say(
        "date.outside_its_week", date=date, week=1, start="2026-05-04", end="2026-05-08",
        remedy=remedy)]


def test_an_entry_in_the_folder_of_another_week_is_told_which(tmp_path):
    (tmp_path / R).mkdir(parents=True)
    residence = RESIDENCE.replace(
        "    end: 2026-05-08\n", "    end: 2026-05-08\n  - start: 2026-06-01\n")
    (tmp_path / R / "residence.yml").write_text(residence, encoding="utf-8")
    (tmp_path / R / "semaine-1").mkdir()
    (tmp_path / R / "semaine-1" / "jour-1.md").write_text("---\ndate: 2026-06-02\n---\n",
                                                           encoding="utf-8")
    problems = [str(p) for p in load_journal(tmp_path).problems]
    assert problems == [f"{R}/semaine-1/jour-1.md:2: date : " + say(
        "date.outside_its_week", date="2026-06-02", week=1, start="2026-05-04",
        end="2026-05-08", remedy=say("date.remedy_other_week", week=2))]


@pytest.mark.parametrize(("english", "french"), [
    ("No such option '--bogus'.", "option inconnue : --bogus."),
    ("No such command 'nw'. Did you mean 'new'?",
     "commande inconnue : « nw ». Vouliez-vous dire « new » ?"),
    ("Missing argument 'DIRECTORY'.", "il manque l'argument DIRECTORY."),
    ("Invalid value for '--date': '4 mai 2026' does not match the format '%Y-%m-%d'.",
     "valeur impossible pour --date : « 4 mai 2026 » n'est pas une date AAAA-MM-JJ "
     "(par exemple 2026-05-04)"),
    ("Invalid value for '[PATH]': Path 'x' does not exist.",
     "valeur impossible pour [PATH] : « x » n'existe pas."),
    ("Option '--date' requires an argument.", "l'option --date attend une valeur."),
    ("Got unexpected extra argument (b)", "argument en trop : b"),
])
def test_clicks_errors_in_french(english, french):
    assert translate(english) == french


def test_journal_new_never_files_a_date_in_a_week_it_is_not_in(tmp_path):
    from click.testing import CliRunner
    from residency_journal import cli

    site(tmp_path, {"semaine-1/jour-1.md": "---\ndate: 2026-05-04\n---\n"})
    runner = CliRunner()
    given = runner.invoke(cli.main, ["new", "-C", str(tmp_path), "--week", "1", "--date",
                                     "2026-06-02"], prog_name="journal")
    assert given.exit_code == 1 and not given.stdout
    assert given.stderr == (
        "Erreur : le 2026-06-02 n'est pas dans la semaine 1 (du 2026-05-04 au 2026-05-08 dans "
        "residence.yml) : retirez --week (la semaine vient alors de la date), ou corrigez la "
        "date\n")
    before = runner.invoke(cli.main, ["new", "-C", str(tmp_path), "--date", "2026-05-01"],
                           prog_name="journal")
    assert before.exit_code == 1
    assert "le 2026-05-01 n'est dans aucune semaine de residence.yml" in before.stderr
    assert not (tmp_path / R / "semaine-1" / "jour-2.md").exists()
