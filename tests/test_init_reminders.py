"""A site just made by `journal init`: what it still has to fill in before publishing.

Its examples (the publisher's details, « Nom de l'administration… », the example day and
its `exemple` tag) are listed by `journal check`, and are warnings of `mkdocs build`:
`--strict` fails until they are replaced, a plain build and `mkdocs serve` still work.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import build_project
from fresh_site import fill_in
from residency_journal import cli
from residency_journal.compliance import PLACEHOLDERS
from residency_journal.model.reminders import SCAFFOLD
from residency_journal.scaffold import site_files

SLUG = "residence-accueil"
DAY = f"journal/{SLUG}/semaine-1/jour-1.md"
RESIDENCE = f"journal/{SLUG}/residence.yml"

# What `journal init` leaves to fill in: (where, option or key) of each reminder.
REMINDERS = [
    *[("mkdocs.yml", f"journal.{option}") for option in PLACEHOLDERS],
    (f"{RESIDENCE}:7", "host"),
    (f"{RESIDENCE}:12", "summary"),
    (f"{DAY}:5", "tags"),
    (f"{DAY}:10", "actions[0].title"),
    (f"{DAY}:17", "verbatims[0].quote"),
]


def init(root: Path) -> Path:
    result = CliRunner().invoke(cli.main, ["init", str(root), "--slug", SLUG])
    assert result.exit_code == 0, result.output
    return root


def test_init_writes_every_example_the_reminders_know():
    files = {f.path: f.text for f in site_files(title="Résidence", slug=SLUG)}
    for option, example in PLACEHOLDERS.items():
        assert f": {example}\n" in files["mkdocs.yml"], option
    journal = files[RESIDENCE] + files[DAY]
    for key, example in SCAFFOLD.items():
        assert example in journal, key


def test_check_lists_in_french_what_is_left_to_fill_in(tmp_path: Path):
    root = init(tmp_path / "site")
    result = CliRunner().invoke(cli.main, ["check", str(root)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    for where, key in REMINDERS:
        assert any(line.startswith(f"{where}: {key} : ") for line in lines), (where, key, lines)
    assert f"« {PLACEHOLDERS['publisher.name']} » est l'exemple écrit par journal init" in (
        result.output)
    assert "le mot-clé « exemple » marque l'entrée d'exemple" in result.output
    assert len(lines) == len(REMINDERS) + 1  # and the summary line
    # Checking one file says nothing about mkdocs.yml.
    one = CliRunner().invoke(cli.main, ["check", str(root / DAY)])
    assert "mkdocs.yml" not in one.output and one.output.count(f"{DAY}:") == 3

    fill_in(root)
    filled = CliRunner().invoke(cli.main, ["check", str(root)])
    assert filled.exit_code == 0, filled.output


def test_build_warns_on_each_example_so_strict_fails_and_serve_still_works(tmp_path: Path):
    root = init(tmp_path / "site")
    expected = [f"{where}: {key} : " for where, key in REMINDERS]
    built = build_project(root, expect=expected)
    assert len(built.warnings) == len(REMINDERS)
    # The site is whole meanwhile: both legal pages, in every footer.
    assert built.exists("mentions-legales/") and built.exists("accessibilite/")
    served = build_project(root, command="serve", expect=expected, site_dir="served")
    assert served.exists(f"{SLUG}/semaine-1/jour-1/")
    fill_in(root)
    assert build_project(root, site_dir="filled").warnings == []


def test_without_any_publisher_the_build_only_informs(tmp_path: Path):
    root = fill_in(init(tmp_path / "site"))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("      publisher:\n"), text.index("      # licence:")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    # No warning: a site configured by hand, or a test site; check says what the build says.
    assert CliRunner().invoke(cli.main, ["check", str(root)]).exit_code == 0
    built = build_project(root)
    assert "pas encore indiqué" in built.html("mentions-legales/")
