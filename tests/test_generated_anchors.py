"""A hand-written page may link to any id a generated page really has: MkDocs' anchor
validation (``validation: anchors: warn``, fatal with --strict) knows the ids of the page
the reader gets (its template), and still reports an id that no page has."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, entry, write_project

YML = BASE_MKDOCS_YML + "validation:\n  anchors: warn\n"

DAY = entry("""
    date: 2013-01-29
    authors: [claire]
    participants: [{ref: daj}]
    actions:
      - id: parite
        title: Un critère de parité
        verdict: retenue
    verbatims:
      - quote: On y va ensemble.
        by: daj
""", "## Le matin\n\nLe récit.\n")

# Ids written by the templates (not by the Markdown of any page), on four page kinds.
GOOD = """\
# Liens

- [le tableau des actions](res/actions/index.md#journal-tableau-actions)
- [les actions retenues](res/actions/index.md#verdict-retenue)
- [un verbatim du jour](res/semaine-1/jour-1.md#verbatim-1)
- [la matinée](res/semaine-1/jour-1.md#le-matin)
- [les participants du jour](res/semaine-1/jour-1.md#journal-participants)
- [le premier groupe](res/participants/index.md#groupe-1)
- [l'état de conformité](accessibilite.md#etat-de-conformite)
"""

FILES = {"journal/res/residence.yml": RESIDENCE_YML, "journal/res/semaine-1/jour-1.md": DAY}


def build_strict(root) -> subprocess.CompletedProcess:
    # (not -q: MkDocs then drops warnings before --strict counts them)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_links_to_ids_of_generated_pages_build_strict(tmp_path):
    root = write_project(tmp_path / "good", {**FILES, "docs/liens.md": GOOD}, YML)
    run = build_strict(root)
    assert run.returncode == 0, run.stderr
    assert "anchor" not in run.stderr, run.stderr


def test_a_link_to_an_id_no_page_has_still_fails(tmp_path):
    bad = GOOD + "- [nulle part](res/actions/index.md#journal-nulle-part)\n"
    root = write_project(tmp_path / "bad", {**FILES, "docs/liens.md": bad}, YML)
    run = build_strict(root)
    assert run.returncode == 1
    assert "contains a link 'res/actions/index.md#journal-nulle-part'" in run.stderr
    assert run.stderr.count("does not contain an anchor") == 1, run.stderr
