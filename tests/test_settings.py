"""One reader of the site's settings (settings.py) for the plugin and `journal check`:
both read the same journal folder, vocabulary and heading anchors from mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, build_project, entry, write_project
from residency_journal import cli
from residency_journal.settings import read_settings, settings

# pymdownx's slugify keeps accents (toc's default folds them): "Visite à l'Hôtel" is
# visite-à-lhôtel here and visite-a-lhotel with the default.
CUSTOM_SLUGIFY = BASE_MKDOCS_YML.replace(
    "  - toc:\n      permalink: true\n",
    "  - toc:\n      permalink: true\n"
    "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n")

DAY = entry("""
    date: 2013-01-28
    title: Premier jour
    visits:
      - id: hotel
        title: L'hôtel de Région
        section: {section}
""", "## Visite à l'Hôtel\n\nLe récit.\n")


def journal_check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, ["check", str(root)], prog_name="journal")
    return result.exit_code, result.output


def project(tmp_path: Path, section: str, mkdocs_yml: str) -> Path:
    return write_project(tmp_path / "site", {
        "journal/test/residence.yml": RESIDENCE_YML,
        "journal/test/semaine-1/jour-1.md": DAY.replace("{section}", section),
    }, mkdocs_yml)


def test_check_and_build_agree_on_a_custom_slugify(tmp_path: Path):
    root = project(tmp_path, "visite-à-lhôtel", CUSTOM_SLUGIFY)
    assert read_settings(root / "mkdocs.yml").slugify("Visite à l'Hôtel", "-") == "visite-à-lhôtel"
    built = build_project(root)  # no warning: the build finds the section
    assert 'id="visite-à-lhôtel"' in built.html("test/semaine-1/jour-1/")
    code, output = journal_check(root)
    assert code == 0 and "section" not in output, output


def test_check_and_build_agree_when_the_section_is_the_default_slug(tmp_path: Path):
    root = project(tmp_path, "visite-a-lhotel", CUSTOM_SLUGIFY)
    message = "aucun titre de cette entrée n'a l'ancre « visite-a-lhotel »"
    build_project(root, expect=[message])
    code, output = journal_check(root)
    assert code == 1 and message in output and "visite-à-lhôtel" in output, output


def test_without_a_custom_slugify_both_use_toc_default(tmp_path: Path):
    root = project(tmp_path, "visite-a-lhotel", BASE_MKDOCS_YML)
    assert read_settings(root / "mkdocs.yml").slugify is None
    build_project(root)
    code, output = journal_check(root)
    assert code == 0, output


def test_one_reader_gives_defaults_and_cleans_values():
    read = settings({"journal_dir": "/carnets/", "schema_dir": "", "verdicts": {"a": 1},
                     "statuses": {"realisee": "Terminée"}}, docs_dir="pages/")
    assert (read.journal_dir, read.schema_dir, read.docs_dir) == ("carnets", "", "pages")
    assert read.vocabulary.verdicts["a"] == "1"
    assert read.vocabulary.statuses["realisee"] == "Terminée"
    default = settings({"journal_dir": 3, "schema_dir": None}, docs_dir=None, slugify="x")
    assert (default.journal_dir, default.schema_dir, default.docs_dir) == (
        "journal", "schema", "docs")
    assert default.slugify is None  # not a function: toc's default


def test_an_unknown_slugify_is_toc_default_for_the_cli(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - toc:\n"
        "      slugify: !!python/name:nowhere.to.be.found\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - journal:\n      journal_dir: !ENV [JOURNAL, carnets]\n",
        encoding="utf-8")
    read = read_settings(tmp_path / "mkdocs.yml")
    assert read.slugify is None and read.journal_dir == "journal"
    emoji = next(e for e in read.markdown_extensions if "pymdownx.emoji" in e)
    assert emoji["pymdownx.emoji"]["emoji_index"] is None  # never imported, never run
