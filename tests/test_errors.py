"""Residents' mistakes: one `file:line: field: message` warning each, nothing else lost."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import RESIDENCE_YML, build_project, entry, write_project

A = "journal/achats"
MISTAKES = {
    f"{A}/residence.yml": RESIDENCE_YML,
    # valid days
    f"{A}/semaine-1/jour-1.md": entry("""
        date: 2013-01-28
        participants:
          - ref: daj
        actions:
          - id: parite
            title: Critère de parité
            impact: fort
    """, "Premier jour, tout va bien.\n"),
    f"{A}/semaine-1/jour-2.md": entry("""
        date: 2013-01-29
        partcipants:
          - ref: daj
        actions:
          - ref: parite
            impact: tres fort
          - ref: parite
            verdict: adoptee
          - id: Plan Formation
            title: Plan de formation
          - ref: inconnue
        verdict: doublon
        verdict: doublon
    """, "Deuxième jour, avec des erreurs dans l'en-tête.\n"),
    f"{A}/semaine-1/jour-3.md": entry("""
        date: 2013-01-30
        actions:
          - id: parite
            title: Un autre titre
    """, "Troisième jour.\n"),
    # impossible date: the only mistake that loses its file
    f"{A}/semaine-2/jour-1.md": entry("date: 2013-02-30", "Jour impossible.\n"),
    # same week and day as semaine-1/jour-3.md
    f"{A}/semaine-1/zz-doublon.md": entry("date: 2013-01-30\nday: 3", "Doublon.\n"),
    # a residency without residence.yml, and one whose residence.yml is broken
    "journal/sans-fiche/semaine-1/jour-1.md": entry("date: 2013-03-04", "Sans fiche.\n"),
    "journal/fiche-cassee/residence.yml": "title: Cassée\nweeks: [\n",
    "journal/fiche-cassee/semaine-1/jour-1.md": entry("date: 2013-04-01", "Fiche cassée.\n"),
}

EXPECTED = [
    "journal/achats/semaine-1/zz-doublon.md:3: day : semaine 1, jour 3 est déjà le jour de "
    "journal/achats/semaine-1/jour-3.md : cette entrée n'est pas publiée",
    "journal/achats/semaine-1/jour-2.md:3: partcipants : clé inconnue ; vouliez-vous dire "
    "« participants » ?",
    "journal/achats/semaine-1/jour-2.md:7: actions[1].impact : « tres fort » n'est pas une valeur "
    "possible (faible, moyen, fort, 1, 2, 3)",
    "journal/achats/semaine-1/jour-2.md:9: actions[2].verdict : « adoptee » n'est pas un verdict "
    "possible ; Verdicts possibles : proposee (Proposée), a-approfondir (À approfondir),",
    "journal/achats/semaine-1/jour-2.md:10: actions[3].id : « Plan Formation » n'est pas un "
    "identifiant",
    "journal/achats/semaine-1/jour-2.md:12: actions[4].ref : aucune action « inconnue » dans "
    "cette résidence",
    "journal/achats/semaine-1/jour-2.md:14: verdict : clé donnée deux fois (déjà ligne 13)",
    "journal/achats/semaine-1/jour-2.md:13: verdict : clé inconnue",
    "journal/achats/semaine-1/jour-3.md:4: actions[1].title : l'action « parite » est déjà "
    "déclarée avec le titre « Critère de parité » (journal/achats/semaine-1/jour-1.md:6)",
    "journal/achats/semaine-2/jour-1.md:2: date : « 2013-02-30 » n'est pas une date du calendrier",
    "journal/fiche-cassee/residence.yml:3: cette ligne ne peut pas être lue",
    "journal/sans-fiche/residence.yml: il manque ce fichier",
]


def test_each_mistake_is_one_warning_and_valid_days_are_published(tmp_path):
    root = write_project(tmp_path / "p", MISTAKES)
    built = build_project(root, expect=EXPECTED)
    # exactly one warning per mistake, each starting with its file:line
    assert len(built.warnings) == len(EXPECTED), "\n".join(built.warnings)
    for expected in EXPECTED:
        assert sum(expected in w for w in built.warnings) == 1, expected
    # every valid day is still published, with what was right in it
    assert "Premier jour" in built.html("achats/semaine-1/jour-1/")
    day2 = built.html("achats/semaine-1/jour-2/")
    assert "Deuxième jour" in day2 and "Critère de parité" in day2
    assert "Troisième jour" in built.html("achats/semaine-1/jour-3/")
    assert "Sans fiche." in built.html("sans-fiche/semaine-1/jour-1/")
    assert "Fiche cassée." in built.html("fiche-cassee/semaine-1/jour-1/")
    # the impossible date is the only entry lost; the duplicate day keeps the first file
    assert not built.exists("achats/semaine-2/jour-1/")
    assert "Doublon." not in built.html("achats/semaine-1/jour-3/")


def test_strict_build_fails_and_lists_every_problem(tmp_path):
    root = write_project(tmp_path / "p", MISTAKES)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    for expected in EXPECTED:
        assert expected in run.stderr, expected
    assert f"Aborted with {len(EXPECTED)} warnings in strict mode" in run.stdout + run.stderr
