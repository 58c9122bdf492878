"""The same journal gives the same search index, byte for byte, build after build.

A journal of several residencies: Pagefind lists the values of the ``residency``
filter in a random order of its own (a hash map seeded by each run), which changed
the filter file, its name, the meta and ``pagefind-entry.json`` from one build to the
next (search_filters). With four residencies, two builds of Pagefind's own output
differ 23 times in 24, three builds all but once in 576. The filter file itself:
tests/test_search_filters.py.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, build_project, entry, write_project
from residency_journal.search_index import available

# Written in an order that is not the sorted one; accents and case sort by code point.
RESIDENCIES = {"zebre": "Résidence Zèbre", "ete": "Résidence Été", "alpha": "Résidence alpha",
               "beta": "Résidence Beta"}
NO_MATERIAL_SEARCH = BASE_MKDOCS_YML.replace("  - search:\n      lang: fr\n", "")
BUILDS = 3


def write_residencies(root: Path) -> Path:
    """A journal of four residencies of two days each, searched with Pagefind."""
    assert NO_MATERIAL_SEARCH != BASE_MKDOCS_YML  # Material's search would turn ours off
    files = {}
    for slug, title in RESIDENCIES.items():
        files[f"journal/{slug}/residence.yml"] = RESIDENCE_YML.replace("Résidence test", title)
        for day in (1, 2):
            files[f"journal/{slug}/semaine-1/jour-{day}.md"] = entry(
                f"date: 2013-01-{27 + day}\nauthors: [claire]\n",
                f"Le récit du jour {day} à {title}, une séance d'atelier.\n")
    return write_project(root, files, NO_MATERIAL_SEARCH)


def bundle(site: Path) -> dict[str, str]:
    """The search index's files: path in the bundle -> sha256."""
    folder = site / "pagefind"
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_journal_of_several_residencies_gives_the_same_search_index_every_build(tmp_path):
    if not available():
        pytest.skip("pagefind[bin] not installed")
    root = write_residencies(tmp_path / "journal")
    first, *others = [bundle(build_project(root, site_dir=f"site-{n}").site) for n in range(BUILDS)]
    assert any(name.startswith("filter/") for name in first), sorted(first)
    for other in others:
        assert sorted(n for n in first.keys() | other.keys() if first.get(n) != other.get(n)) == []
