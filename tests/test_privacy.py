"""People shown by role: a name without consent never leaves `mkdocs serve`."""

from __future__ import annotations

from conftest import ROOT, build_project, entry, write_project
from residency_journal.model import Options, load_journal
from residency_journal.model.messages import say
from residency_journal.scaffold.entry import EntryPlan, entry_text
from site_text import files_holding
from test_build import shipped

SECRET = "Nadège Privatière"  # in the shipped journal, without consent
PUBLIC = "Sophie Durand-Lefort"  # in the shipped journal, with consent

RESIDENCE = """\
title: Résidence test
weeks:
  - start: 2013-01-28
team:
  - id: claire
    name: Claire Résidente
participants:
  - id: daj
    label: Responsable de la commande publique
    group: agents
    name: Marie Consentante
    consent: true
  - id: dgs
    label: Chargée de mission développement durable
    group: agents
    name: Zoé Secrète
"""
DAY = entry("""\
date: 2013-01-28
authors: [claire]
participants:
  - ref: daj
  - ref: dgs
  - id: elu
    label: Élu délégué
    name: Octave Caché
    consent: non
verbatims:
  - quote: Une parole.
    by: dgs
""")
FILES = {"journal/res/residence.yml": RESIDENCE, "journal/res/semaine-1/jour-1.md": DAY}
HIDDEN = ("Zoé Secrète", "Octave Caché")


def test_model_keeps_a_name_without_consent_only_for_previews(tmp_path):
    write_project(tmp_path, FILES)
    build = load_journal(tmp_path)
    res = build.residencies[0]
    daj, dgs, elu = res.participants["daj"], res.participants["dgs"], res.participants["elu"]
    assert (daj.name, daj.public_name) == ("Marie Consentante", "Marie Consentante")
    assert (dgs.name, dgs.public_name, dgs.private_name) == (None, None, None)
    assert (elu.name, elu.consent) == (None, False)
    preview = load_journal(tmp_path, options=Options(private_names=True)).residencies[0]
    assert preview.participants["dgs"].private_name == "Zoé Secrète"
    assert preview.participants["dgs"].public_name is None
    assert preview.participants["elu"].private_name == "Octave Caché"
    assert res.team[0].public_name is None  # the team is public by its label: its name


def test_name_and_consent_go_with_a_declaration(tmp_path):
    write_project(tmp_path, {**FILES, "journal/res/semaine-1/jour-2.md": entry(
        "date: 2013-01-29\nparticipants:\n  - ref: daj\n    name: Autre Nom")})
    problems = [str(p) for p in load_journal(tmp_path).problems]
    assert problems == ["journal/res/semaine-1/jour-2.md:4: participants[1] : "
                        + say("participant.details_with_ref")]


def test_build_shows_consented_names_and_no_other_anywhere(tmp_path):
    built = build_project(write_project(tmp_path / "p", FILES))
    assert files_holding(built.site, *HIDDEN) == {}
    person = built.html("res/participants/daj/")
    assert "Marie Consentante" in person and "Responsable de la commande publique" in person
    assert "Marie Consentante" in built.html("res/participants/")
    assert "Marie Consentante" in built.html("res/semaine-1/jour-1/")
    assert "Claire Résidente" in built.html("res/semaine-1/jour-1/")  # team: public by name
    assert "Chargée de mission développement durable" in built.html("res/participants/dgs/")


def test_serve_shows_a_name_without_consent_marked_private(tmp_path):
    built = build_project(write_project(tmp_path / "p", FILES), command="serve")
    page = built.html("res/participants/dgs/")
    assert "Zoé Secrète" in page and "journal-private" in page and "nom privé" in page


def test_shipped_journal_build_never_holds_a_name_without_consent(tmp_path):
    assert SECRET in (ROOT / "journal/achats-durables-rhone-alpes/residence.yml").read_text()
    built = shipped(tmp_path)
    assert files_holding(built.site, SECRET, "Privatière") == {}
    assert PUBLIC in built.html("achats-durables-rhone-alpes/participants/daj-commande-publique/")


def test_journal_new_suggests_participants_by_role_never_by_a_private_name(tmp_path):
    write_project(tmp_path, FILES)
    for options in (Options(), Options(private_names=True)):
        res = load_journal(tmp_path, options=options).residencies[0]
        plan = EntryPlan(week=1, day=2, date=res.days[0].date, path=tmp_path / "x.md")
        text = entry_text(res, plan)
        assert "Chargée de mission développement durable" in text
        assert "Zoé Secrète" not in text and "Octave Caché" not in text
