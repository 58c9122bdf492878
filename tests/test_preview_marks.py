"""In the preview, a draft listed on the residency home says it is one; a build lists none."""

from __future__ import annotations

R = "journal/res"
FILES = {
    f"{R}/residence.yml": "title: Résidence\nweeks:\n  - start: 2026-05-04\n    end: 2026-05-08\n",
    f"{R}/semaine-1/jour-1.md": "---\ndate: 2026-05-04\n---\n\nPublié.\n",
    f"{R}/semaine-1/jour-2.md": "---\ndate: 2026-05-05\ndraft: true\n---\n\nPas encore.\n",
}
MARK = '<em class="journal-draft-mark">(brouillon)</em>'


def test_drafts_are_marked_in_the_previews_lists(project):
    preview = project(FILES, command="serve")
    home = preview.html("res/")
    assert home.count(MARK) == 2  # the latest entries and its week
    line = next(line for line in home.splitlines() if MARK in line)
    assert "Semaine 1, Jour 2" in line and "Semaine 1, Jour 1" not in line


def test_a_build_has_no_draft_to_mark(project):
    built = project(FILES)
    assert MARK not in built.html("res/") and "Semaine 1, Jour 2" not in built.html("res/")
