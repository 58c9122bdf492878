"""A new resident's path, end to end, with the real commands: `journal init`, `journal
new` (days, a finished week, a follow-up), her mistakes and `journal check`, `mkdocs
build --strict`, the fixes, the published site, then a withdrawal of consent.

Every message she meets is asserted: how many, at which file:line, in French, one
per mistake (no knock-on message in another file), her own date as the example, a
draft's problems marked and not blocking.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fresh_site import filled_texts
from residency_journal import cli
from residency_journal.compliance import PLACEHOLDERS

SLUG = "residence-mairie-de-trifouillis"
R = f"journal/{SLUG}"
DRAFT = " (brouillon, ne bloque pas la publication)"

RESIDENCE = """\
title: Résidence Mairie de Trifouillis
slug: residence-mairie-de-trifouillis
host: Mairie de Trifouillis
place: Trifouillis
weeks:
  - start: 2026-05-04
    end: 2026-05-05
  - start: 2026-06-11
    end: 2026-06-12
team:
  - id: camille
    name: Camille
participants:
  - id: resp-etat-civil
    label: Responsable de l'état civil
    name: Odile Lambertin
    consent: true
  - id: dgs
    label: Directrice générale des services
  - id: service-accueil
    label: Agents du service accueil
"""

DAY_1 = """\
---
date: 2026-05-04
authors: [camille]
participants:
  - ref: camille
  - ref: service-accueil
actions:
  - id: premiere-piste
    title: Simplifier le guichet des naissances
    verdict: proposee
---

Le récit du premier jour.
"""

# The closing `---` is forgotten: it belongs on line 7 (the blank line).
DAY_2_OPEN = """\
---
date: 2026-05-05
authors: [camille]
participants:
  - id: elus
    label: Élus du conseil municipal

Le récit du deuxième jour.
"""

# A French date, and three other mistakes (plus two things that are not mistakes:
# a verdict written as its label, a ref to `elus`, declared in the open file).
WEEK_2_DAY_1 = """\
---
date: 11/06/2026
authors: [camile]
participants:
  - ref: camille
  - ref: service-accueil
  - ref: elus
  - ref: dgss
actions:
  - ref: premiere-piste
    verdict: Retenue
verbatims:
  - quote: Bonjour, on commence par l'état civil.
    by: responsable-etat-civil
---

Le récit.
"""

DRAFT_OUTSIDE = """\
---
date: 2026-11-20
draft: true
participants:
  - ref: inconnu
---

Un brouillon rangé dans la mauvaise semaine.
"""

FOLLOW_UP = """\
---
date: 2026-11-20
follow_up: true
authors: [camille]
actions:
  - ref: premiere-piste
    status: en-cours
    progress: 40
---

Six mois après.
"""


def journal(*args: str | Path, cwd: Path):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli.main, [str(a) for a in args], prog_name="journal",
                                 catch_exceptions=False)
    finally:
        os.chdir(old)


def build(site: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          cwd=site, env=env, capture_output=True, text=True, timeout=300)


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("journal/", "mkdocs.yml"))]


def write(site: Path, rel: str, text: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def name_the_publisher(site: Path) -> None:
    """Replace only the publisher's name that `journal init` wrote, as a hurried editor
    would: the other examples of mkdocs.yml are still there."""
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    example = f"name: {PLACEHOLDERS['publisher.name']}\n"
    assert example in text
    config.write_text(text.replace(example, "name: Mairie de Trifouillis\n", 1), encoding="utf-8")


def fill_in_settings(site: Path) -> None:
    """Every example of mkdocs.yml replaced, as the site's owner does before publishing."""
    config = site / "mkdocs.yml"
    text = filled_texts({"mkdocs.yml": config.read_text(encoding="utf-8")})["mkdocs.yml"]
    config.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_the_residents_path_end_to_end(tmp_path: Path):
    site = tmp_path / "mon-site"
    created = journal("init", site, "--title", "Résidence Mairie de Trifouillis", cwd=tmp_path)
    assert created.exit_code == 0, created.output
    assert "site_name: Résidence Mairie de Trifouillis" in (site / "mkdocs.yml").read_text(
        encoding="utf-8")
    write(site, f"{R}/residence.yml", RESIDENCE)
    write(site, f"{R}/semaine-1/jour-1.md", DAY_1)

    # --- journal new: the next day, then a finished week moves on to the next one ---
    second = journal("new", cwd=site)
    assert second.exit_code == 0, second.output
    assert second.stdout.strip() == f"{R}/semaine-1/jour-2.md"
    assert "Semaine 1, jour 2 : 2026-05-05" in second.stderr
    third = journal("new", cwd=site)
    assert third.exit_code == 0, third.output
    assert third.stdout.strip() == f"{R}/semaine-2/jour-1.md"
    assert "la semaine 1 est finie (le 2026-05-05) : cette journée va dans la semaine 2" \
        in third.stderr
    # A date after the weeks is no day of week 2: the right remedy is given.
    late = journal("new", "--date", "2026-11-20", cwd=site)
    assert late.exit_code == 1 and not late.stdout
    assert late.stderr.startswith("Erreur : le 2026-11-20 est après les semaines d'immersion")
    assert "journal new --suivi --date 2026-11-20" in late.stderr
    note = journal("new", "--suivi", "--date", "2026-11-20", cwd=site)
    assert note.exit_code == 0, note.output
    assert note.stdout.strip() == f"{R}/suivi/2026-11-20.md"
    assert "follow_up: true" in (site / note.stdout.strip()).read_text(encoding="utf-8")
    # Click's own errors are French too.
    typo = journal("new", "--dat", "2026-06-12", cwd=site)
    assert typo.exit_code == 2
    assert typo.stderr.splitlines()[:2] == ["Utilisation : journal new [OPTIONS]",
                                            "Aide : journal new --help"]
    assert "Erreur : option inconnue : --dat." in typo.stderr
    assert "Usage" not in typo.output and "Error" not in typo.output

    # --- her mistakes -----------------------------------------------------------------
    write(site, f"{R}/semaine-1/jour-2.md", DAY_2_OPEN)
    write(site, f"{R}/semaine-2/jour-1.md", WEEK_2_DAY_1)
    write(site, f"{R}/semaine-2/jour-2.md", DRAFT_OUTSIDE)
    write(site, f"{R}/suivi/2026-11-20.md", FOLLOW_UP)
    name_the_publisher(site)
    checked = journal("check", cwd=site)
    lines = problem_lines(checked.stdout)
    blocking = [
        f"{R}/semaine-1/jour-2.md:7: les informations de l'entrée ne sont pas fermées : ajoutez "
        "une ligne « --- » à cette ligne, après la dernière information et avant le récit",
        f"{R}/semaine-2/jour-1.md:2: date : « 11/06/2026 » n'est pas une date : écrivez-la "
        "AAAA-MM-JJ (par exemple 2026-06-11)",
        f"{R}/semaine-2/jour-1.md:3: authors[1] : « camile » ne fait pas partie de l'équipe ; "
        "vouliez-vous dire « camille » ?",
        f"{R}/semaine-2/jour-1.md:8: participants[4].ref : aucun participant « dgss » dans cette "
        "résidence ; vouliez-vous dire « dgs » ?",
        f"{R}/semaine-2/jour-1.md:14: verbatims[1].by : aucun participant "
        "« responsable-etat-civil » dans cette résidence ; vouliez-vous dire « resp-etat-civil » ?",
    ]
    drafts = [
        f"{R}/semaine-2/jour-2.md:2: date : le 2026-11-20 n'est pas dans la semaine 2 (du "
        "2026-06-11 au 2026-06-12 dans residence.yml) : corrigez la date, ou, si c'est une note "
        "écrite après la résidence, ajoutez « follow_up: true » (« journal new --suivi » crée une "
        "note de suivi)" + DRAFT,
        f"{R}/semaine-2/jour-2.md:5: participants[1].ref : aucun participant « inconnu » dans "
        f"cette résidence : déclarez-le une fois avec « id: » et « label: » (dans une entrée ou "
        f"dans {R}/residence.yml), ou vérifiez l'orthographe" + DRAFT,
    ]
    settings = [line for line in lines if line.startswith("mkdocs.yml")]
    assert lines == blocking + drafts + settings, checked.stdout
    assert len(settings) == 7
    assert any(line.startswith("mkdocs.yml: journal.publisher.host.phone : « Téléphone de "
                               "l'hébergeur » est l'exemple écrit par journal init ; remplacez-le")
               for line in settings), settings
    assert checked.stdout.splitlines()[-1] == (
        "12 problèmes dans 3 fichiers (5 entrées vérifiées, 1 fichier residence.yml) ; et "
        "2 problèmes de brouillon, qui ne bloquent pas la publication.")
    assert checked.exit_code == 1
    assert "elus" not in checked.stdout  # declared in the open file: no knock-on message
    assert "Retenue" not in checked.stdout  # a verdict written as its label is that verdict

    # The strict build stops on exactly the blocking problems, never on the draft's.
    failed = build(site, tmp_path / "broken")
    assert failed.returncode == 1
    for line in blocking + settings:
        assert line in failed.stderr, line
    assert "inconnu" not in failed.stderr and "semaine-2/jour-2.md" not in failed.stderr
    assert "Material for MkDocs" not in failed.stderr + failed.stdout

    # --- fixed: the check passes (the draft's problems are still shown, not counted) ---
    write(site, f"{R}/semaine-1/jour-2.md", DAY_2_OPEN.replace("\n\nLe récit", "\n---\n\nLe récit"))
    write(site, f"{R}/semaine-2/jour-1.md", WEEK_2_DAY_1
          .replace("11/06/2026", "2026-06-11").replace("camile", "camille")
          .replace("dgss", "dgs").replace("responsable-etat-civil", "resp-etat-civil"))
    fill_in_settings(site)
    clean = journal("check", cwd=site)
    assert problem_lines(clean.stdout) == drafts
    assert clean.exit_code == 0, clean.stdout
    assert clean.stdout.splitlines()[-1].startswith("Aucun problème qui bloque la publication")

    out = tmp_path / "public"
    built = build(site, out)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    home = (out / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Mise en œuvre de l'action retenue" in home  # « Retenue » was read as retenue
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    follow_up = next(item for item in feed["items"] if "/suivi/2026-11-20/" in item["url"])
    assert "«\u00a0Simplifier le guichet des naissances\u00a0»\u00a0: En cours, 40\u00a0%" \
        in follow_up["summary"]
    assert not (out / SLUG / "semaine-2" / "jour-2").exists()  # the draft stays private
    assert "Odile Lambertin" in (out / SLUG / "participants" / "resp-etat-civil" /
                               "index.html").read_text(encoding="utf-8")

    # --- consent withdrawn: the name leaves every page, feed and export ---------------
    write(site, f"{R}/residence.yml", RESIDENCE.replace("consent: true", "consent: false"))
    withdrawn = tmp_path / "withdrawn"
    assert build(site, withdrawn).returncode == 0
    assert journal("check", cwd=site).exit_code == 0
    leaks = [p for p in withdrawn.rglob("*") if p.is_file() and p.suffix in
             (".html", ".json", ".xml", ".csv") and "Odile Lambertin" in p.read_text(
                 encoding="utf-8", errors="replace")]
    assert leaks == []
