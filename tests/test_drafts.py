"""A draft never fails a build, even when its frontmatter is broken."""

from __future__ import annotations

import pytest
from conftest import RESIDENCE_YML, build_project, entry, write_project
from residency_journal.model import Options, load_journal

A = "journal/achats"

BROKEN_DRAFTS = {
    # broken YAML: an unclosed quote, yet `draft: true` can be read around it
    "yaml": '---\ndate: 2013-01-29\ndraft: true\nsummary: "pas fermé\n---\n\nBrouillon cassé.\n',
    # readable YAML, but a date that loses the whole file
    "date": entry("date: 2013-02-30\ndraft: oui", "Brouillon daté du 30 février.\n"),
}


@pytest.mark.parametrize("kind", BROKEN_DRAFTS)
def test_a_broken_draft_fails_no_build_and_is_reported_in_previews(tmp_path, kind):
    root = write_project(tmp_path / "p", {
        f"{A}/residence.yml": RESIDENCE_YML,
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28", "Voir [demain](jour-2.md).\n"),
        f"{A}/semaine-1/jour-2.md": BROKEN_DRAFTS[kind],
    })
    # The published entry's link to the draft is the only thing a build reports...
    built = build_project(root, expect=["jour-1.md:5: lien vers « jour-2.md » : cette entrée est "
                                        "un brouillon"])
    assert len(built.warnings) == 1, built.warnings
    assert not built.exists("achats/semaine-1/jour-2/")
    for path in built.all_files():
        assert b"Brouillon" not in path.read_bytes(), path
    # ...while `journal check` and `mkdocs serve` (drafts shown) report the draft's mistake.
    previewed = load_journal(root, "journal", Options(include_drafts=True))
    assert any(p.path == f"{A}/semaine-1/jour-2.md" for p in previewed.problems), previewed.problems
    published = load_journal(root, "journal", Options(include_drafts=False))
    assert not any(p.path == f"{A}/semaine-1/jour-2.md" for p in published.problems)


def test_a_broken_entry_that_is_not_a_draft_is_reported_in_the_build(tmp_path):
    root = write_project(tmp_path / "p", {
        f"{A}/residence.yml": RESIDENCE_YML,
        f"{A}/semaine-1/jour-1.md": '---\ndate: 2013-01-28\ndraft: false\nsummary: "x\n---\n\nX\n',
    })
    build_project(root, expect=["jour-1.md:4: le guillemet"])
