"""Consent holds for any input: a withdrawal wins, declarations that disagree are told,
and a name kept out of `name:` is not given away by a public id or label."""

from __future__ import annotations

import pytest
from conftest import BASE_MKDOCS_YML, build_project, entry, write_project
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from residency_journal.model import Options, load_journal
from residency_journal.model.messages import say
from residency_journal.model.people import holds_name, role_id
from residency_journal.search_index import available
from site_text import files_holding
from test_cli import run

RESIDENCE = """\
title: Résidence test
weeks:
  - start: 2013-01-28
team:
  - id: claire
    name: Claire Résidente
participants:
  - id: resp-d
    label: Responsable D
    group: agents
    name: Denis Retiré
    consent: true
"""
DAY_1 = entry("""\
date: 2013-01-28
authors: [claire]
participants:
  - ref: resp-d
verbatims:
  - quote: Une parole du responsable.
    by: resp-d
""", "Le récit du jour, avec le responsable.\n")
WITHDRAWAL = entry("""\
date: 2013-01-29
authors: [claire]
participants:
  - id: resp-d
    label: Responsable D
    consent: false
""")
# Without Material's search plugin, the journal indexes with Pagefind (when installed).
PAGEFIND_YML = BASE_MKDOCS_YML.replace("  - search:\n      lang: fr\n", "")
WHERE = "journal/res/semaine-1/jour-2.md:7: participants[1].consent : "


def consent_conflict(yes: str, no: str) -> str:
    return say("participant.consent_conflict", ident="« resp-d »", yes=yes, no=no)


def files(**more: str) -> dict[str, str]:
    return {"journal/res/residence.yml": RESIDENCE, "journal/res/semaine-1/jour-1.md": DAY_1,
            **more}


def test_a_withdrawal_in_a_later_entry_wins_everywhere_in_the_build(tmp_path):
    message = WHERE + consent_conflict("journal/res/residence.yml:12",
                                       "journal/res/semaine-1/jour-2.md:7")
    root = write_project(tmp_path / "p", files(**{"journal/res/semaine-1/jour-2.md": WITHDRAWAL}),
                         PAGEFIND_YML)
    built = build_project(root, expect=[message])
    assert len(built.warnings) == 1
    assert "Responsable D" in built.html("res/participants/resp-d/")
    # pages, livret, feeds, open data, journal.json, sitemap, Pagefind fragments (gzip)
    assert files_holding(built.site, "Denis Retiré", "Retiré,", "Denis") == {}
    assert (built.site / "donnees" / "journal.json").is_file()
    if available():
        assert any((built.site / "pagefind" / "fragment").iterdir())


def test_journal_check_reports_the_withdrawal_at_both_places(tmp_path):
    root = write_project(tmp_path / "p", files(**{"journal/res/semaine-1/jour-2.md": WITHDRAWAL}))
    result = run("check", root)
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("journal/")]
    assert problems == [WHERE + consent_conflict("journal/res/residence.yml:12",
                                                 "journal/res/semaine-1/jour-2.md:7")]


def test_a_withdrawal_in_residence_yml_wins_over_a_later_consent(tmp_path):
    residence = RESIDENCE.replace("consent: true", "consent: false")
    later = entry("""\
    date: 2013-01-29
    participants:
      - id: resp-d
        label: Responsable D
        name: Denis Retiré
        consent: true
    """)
    write_project(tmp_path, {**files(**{"journal/res/semaine-1/jour-2.md": later}),
                             "journal/res/residence.yml": residence})
    journal = load_journal(tmp_path)
    assert journal.residencies[0].participants["resp-d"].name is None
    assert [str(p) for p in journal.problems] == [
        "journal/res/semaine-1/jour-2.md:7: participants[1].consent : " + consent_conflict(
            "journal/res/semaine-1/jour-2.md:7", "journal/res/residence.yml:12")]


def test_a_withdrawal_beside_a_ref_or_in_a_draft_still_wins(tmp_path):
    beside_ref = entry("date: 2013-01-29\nparticipants:\n  - ref: resp-d\n    consent: false")
    write_project(tmp_path, files(**{"journal/res/semaine-1/jour-2.md": beside_ref}))
    journal = load_journal(tmp_path)
    assert journal.residencies[0].participants["resp-d"].name is None
    assert [str(p) for p in journal.problems] == [  # one mistake, one message
        "journal/res/semaine-1/jour-2.md:4: participants[1] : "
        + say("participant.details_with_ref")]

    draft = WITHDRAWAL.replace("authors: [claire]", "draft: true")
    write_project(tmp_path, files(**{"journal/res/semaine-1/jour-2.md": draft}))
    build = load_journal(tmp_path)
    assert build.residencies[0].participants["resp-d"].name is None
    assert build.problems == []  # a draft's own problems are not a build's
    checked = load_journal(tmp_path, options=Options(include_drafts=True))
    assert [p.line for p in checked.problems] == [7]


def test_a_name_without_consent_in_a_later_declaration_withdraws_it(tmp_path):
    later = entry("""\
    date: 2013-01-29
    participants:
      - id: resp-d
        label: Responsable D
        name: Denis Retiré
    """)
    write_project(tmp_path, files(**{"journal/res/semaine-1/jour-2.md": later}))
    journal = load_journal(tmp_path)
    assert journal.residencies[0].participants["resp-d"].name is None
    assert [str(p) for p in journal.problems] == [
        "journal/res/semaine-1/jour-2.md:6: participants[1].name : " + consent_conflict(
            "journal/res/residence.yml:12", "journal/res/semaine-1/jour-2.md:6")]


def test_two_names_for_one_participant_publish_neither_and_give_one_message(tmp_path):
    later = entry("""\
    date: 2013-01-29
    participants:
      - id: resp-d
        label: Responsable D
        name: Denise Autre
        consent: true
    """)
    root = write_project(tmp_path / "p", files(**{"journal/res/semaine-1/jour-2.md": later}))
    message = ("journal/res/semaine-1/jour-2.md:6: participants[1].name : "
               + say("participant.name_conflict", ident="« resp-d »", name="« Denise Autre »",
                     other_name="« Denis Retiré »", here="journal/res/semaine-1/jour-2.md:6",
                     there="journal/res/residence.yml:11"))
    built = build_project(root, expect=[message])
    assert len(built.warnings) == 1
    assert (built.site / "search" / "search_index.json").is_file()
    assert files_holding(built.site, "Denis Retiré", "Denise Autre") == {}


def test_declarations_that_agree_publish_the_name_without_a_message(tmp_path):
    again = WITHDRAWAL.replace("consent: false", "name: Denis  Retiré\n    consent: oui")
    root = write_project(tmp_path / "p", files(**{"journal/res/semaine-1/jour-2.md": again}))
    built = build_project(root)
    assert "Denis Retiré" in built.html("res/participants/resp-d/")


NAMED = """\
title: Résidence test
weeks:
  - start: 2013-01-28
team:
  - id: claire
    name: Claire Résidente
participants:
  - id: isabelle-martin
    label: Cheffe de projet achats
    name: Isabelle Martin
  - id: resp-achats
    label: Mme Martinez, responsable des achats
    name: Sophie Martinez
  - id: dgs
    label: Direction générale des services
    name: Léa Dupont
"""
NAMED_DAY = entry("""\
date: 2013-01-28
participants: [{ref: isabelle-martin}, {ref: resp-achats}, {ref: dgs}]
verbatims:
  - quote: Une parole.
    by: isabelle-martin
""")
ID_MESSAGE = ("journal/res/residence.yml:8: participants[1].id : "
              + say("participant.name_in_id", value="« isabelle-martin »",
                    name="« Isabelle Martin »", example="« cheffe-de-projet-achats »"))
LABEL_MESSAGE = ("journal/res/residence.yml:12: participants[2].label : "
                 + say("participant.name_in_label", value="« Mme Martinez, responsable des achats »",
                       name="« Sophie Martinez »", example="« responsable-des-achats »"))


def test_a_name_inside_an_id_or_a_label_is_told_and_strict_refuses_to_publish(tmp_path):
    named = {"journal/res/residence.yml": NAMED, "journal/res/semaine-1/jour-1.md": NAMED_DAY}
    root = write_project(tmp_path / "p", named)
    built = build_project(root, expect=[ID_MESSAGE, LABEL_MESSAGE])
    assert len(built.warnings) == 2  # none for « dgs »
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "strict"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with pytest.raises(Abort):
            build(config)
    finally:
        config.plugins.on_shutdown()
    checked = run("check", root)
    assert ID_MESSAGE in checked.output.splitlines() and LABEL_MESSAGE in checked.output.splitlines()


def test_a_consented_name_in_an_id_is_no_mistake(tmp_path):
    named = NAMED.replace("name: Isabelle Martin", "name: Isabelle Martin\n    consent: true")
    write_project(tmp_path, {"journal/res/residence.yml": named,
                             "journal/res/semaine-1/jour-1.md": NAMED_DAY})
    assert [p.field for p in load_journal(tmp_path).problems] == ["participants[2].label"]


@pytest.mark.parametrize(("text", "name", "holds"), [
    ("isabelle-martin", "Isabelle Martin", True),
    ("imartin", "Isabelle Martin", False),  # no word of the name, nor its slug
    ("resp-martin", "Isabelle Martin", True),  # one word of three letters or more
    ("Chef de projet MARTÍN", "Isabelle Martin", True),  # case and accents folded
    ("marche-public", "Marc Lé", False),  # words, not parts of words; « Lé » is too short
    ("direction-des-achats", "Marie des Champs", False),  # a particle is no name
    ("lea-dupont", "Léa Dupont", True),
])
def test_what_counts_as_holding_a_name(text, name, holds):
    assert holds_name(text, name) is holds


def test_the_proposed_id_never_holds_the_name():
    proposed = role_id("Isabelle Martin", None, "Isabelle Martin, cheffe de projet")
    assert proposed == "cheffe-de-projet" and not holds_name(proposed, "Isabelle Martin")
    assert role_id("Isabelle Martin", None, "Isabelle Martin", None) == "participant-role"
    taken = frozenset({"cheffe-de-projet", "cheffe-de-projet-2"})
    assert role_id("Isabelle Martin", "Cheffe de projet", taken=taken) == "cheffe-de-projet-3"


def test_a_draft_never_gives_a_name_but_its_refusal_counts(tmp_path):
    anonymous = RESIDENCE.replace("    name: Denis Retiré\n    consent: true\n", "")
    draft = entry("""\
    date: 2013-01-29
    draft: true
    participants:
      - id: resp-d
        label: Responsable D
        name: Denis Brouillon
        consent: true
    """)
    write_project(tmp_path, {**files(**{"journal/res/semaine-1/jour-2.md": draft}),
                             "journal/res/residence.yml": anonymous})
    assert load_journal(tmp_path).residencies[0].participants["resp-d"].name is None
    checked = load_journal(tmp_path, options=Options(include_drafts=True))
    assert checked.residencies[0].participants["resp-d"].name == "Denis Brouillon"

    unnamed_draft = draft.replace("    consent: true\n", "").replace("Brouillon", "Retiré")
    assert "consent" not in unnamed_draft  # a name without consent, in a draft
    write_project(tmp_path, files(**{"journal/res/semaine-1/jour-2.md": unnamed_draft}))
    assert load_journal(tmp_path).residencies[0].participants["resp-d"].name is None


def test_a_withdrawal_may_re_mention_the_id_without_its_label(tmp_path):
    later = entry("date: 2013-01-29\nparticipants:\n  - id: resp-d\n    consent: false")
    write_project(tmp_path, files(**{"journal/res/semaine-1/jour-2.md": later}))
    journal = load_journal(tmp_path)
    assert journal.residencies[0].participants["resp-d"].name is None
    assert [str(p) for p in journal.problems] == [
        "journal/res/semaine-1/jour-2.md:5: participants[1].consent : " + consent_conflict(
            "journal/res/residence.yml:12", "journal/res/semaine-1/jour-2.md:5")]


def test_a_name_in_an_id_declared_by_an_entry_is_told_at_that_entry(tmp_path):
    later = entry("""\
    date: 2013-01-29
    participants:
      - id: elu-marc-dupont
        label: Élu délégué
        name: Marc Dupont
    """)
    write_project(tmp_path, files(**{"journal/res/semaine-1/jour-2.md": later}))
    assert [str(p) for p in load_journal(tmp_path).problems] == [
        "journal/res/semaine-1/jour-2.md:4: participants[1].id : " + say(
            "participant.name_in_id", value="« elu-marc-dupont »", name="« Marc Dupont »",
            example="« elu-delegue »")]
