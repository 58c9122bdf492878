"""The `journal` command: init, new, check and schema, each on a temporary copy."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from fresh_site import fill_in
from residency_journal import cli
from residency_journal.model import Problem
from residency_journal.model.jsonschema import dumps, entry_schema, residence_schema
from residency_journal.scaffold import SCHEMA_DIR, editor_files
from residency_journal.settings import _TolerantLoader

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cli"
MISTAKES = FIXTURES / "mistakes"
SLUG = "residence-accueil"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# One line per mistake written in tests/fixtures/cli/mistakes: `file:line: field` (then " : ").
EXPECTED_MISTAKES = {
    "journal/atelier/semaine-1/jour-1.md:3: authors[2]",  # 'zoe' is not in the team
    "journal/atelier/semaine-1/jour-1.md:4: sumary",  # typo of summary
    "journal/atelier/semaine-1/jour-1.md:7: participants[2].id",  # 'Élus CAO' is no id
    "journal/atelier/semaine-1/jour-1.md:9: participants[3].ref",  # unresolved ref
    "journal/atelier/semaine-1/jour-1.md:13: actions[1].impact",  # 'tres fort'
    "journal/atelier/semaine-1/jour-2.md:2: date",  # 2013-02-30
    "journal/atelier/semaine-1/jour-3.md:5: tags",  # key given twice
    "journal/atelier/supplement/doublon.md:4: day",  # same week and day as jour-1
    "journal/sans-titre/residence.yml:1: title",  # missing title
}
_PREFIX = re.compile(r"^(\S+?:\d+: \S+) : ")


def run(*args: str | Path, cwd: Path | None = None) -> Result:
    """Run `journal ARGS` in-process, from ``cwd`` when given."""
    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(cli.main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


def prefixes(output: str) -> list[str]:
    """`file:line: field` of each problem line (the summary line has none)."""
    return [m.group(1) for line in output.splitlines() if (m := _PREFIX.match(line))]


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("site", "__pycache__"))
    return target


@pytest.fixture
def new_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    result = run("init", root, "--title", "Résidence Accueil")
    assert result.exit_code == 0, result.output
    return fill_in(root)  # every example replaced: test_init_reminders.py tests them


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the shipped site's sources (mkdocs.yml, docs/, journal/)."""
    root = tmp_path / "shipped"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    copy_tree(ROOT / "docs", root / "docs")
    copy_tree(ROOT / "journal", root / "journal")
    return root


def test_console_script_is_the_click_group():
    (script,) = entry_points(group="console_scripts", name="journal")
    assert script.load() is cli.main


# --- init -------------------------------------------------------------------------


def test_init_gives_a_site_that_builds_strict(new_site: Path):
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                           cwd=new_site, env=ENV, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    site = new_site / "site"
    day = (site / SLUG / "semaine-1" / "jour-1" / "index.html").read_text(encoding="utf-8")
    assert "On remplit trois fois le même formulaire." in day
    assert (site / "ecrire-une-entree" / "index.html").is_file()
    # its home (no marker: the residencies are listed after the text) shows the text as HTML
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<p>Ce site rassemble le journal" in home and "&lt;" not in home
    assert home.count("<h1") == 1 and f'href="{SLUG}/"' in home
    assert json.loads((site / "schema" / "entry.json").read_text(encoding="utf-8"))["$schema"]
    assert run("check", new_site).exit_code == 0


def test_init_residence_points_editors_at_the_schema(new_site: Path):
    residence = new_site / "journal" / SLUG / "residence.yml"
    first = residence.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    schema_file = (residence.parent / match.group(1)).resolve()
    assert schema_file == (new_site / SCHEMA_DIR / "residence.json").resolve()
    assert schema_file.read_text(encoding="utf-8") == dumps(residence_schema())
    settings = json.loads((new_site / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {f"./{SCHEMA_DIR}/residence.json": ["**/residence.yml"]}
    assert (new_site / "frontmatter.json").is_file()


def test_init_quotes_a_title_yaml_would_misread(tmp_path: Path):
    title = 'Résidence : "Accueil" #2'
    assert run("init", tmp_path / "s", "--title", title).exit_code == 0
    residence = next((tmp_path / "s" / "journal").glob("*/residence.yml"))
    assert yaml.safe_load(residence.read_text(encoding="utf-8"))["title"] == title
    config = yaml.load((tmp_path / "s" / "mkdocs.yml").read_text(encoding="utf-8"),
                       Loader=_TolerantLoader)
    assert config["site_name"] == title


def test_init_refuses_a_non_empty_directory_unless_forced(tmp_path: Path):
    root = tmp_path / "busy"
    root.mkdir()
    (root / "notes.txt").write_text("à garder\n", encoding="utf-8")
    refused = run("init", root)
    assert refused.exit_code == 1
    assert "n'est pas vide" in refused.output
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt"]

    forced = run("init", root, "--force")
    assert forced.exit_code == 0, forced.output
    assert (root / "mkdocs.yml").is_file()
    assert (root / "notes.txt").read_text(encoding="utf-8") == "à garder\n"


def test_init_rejects_a_slug_that_is_no_id(tmp_path: Path):
    result = run("init", tmp_path / "s", "--slug", "Accueil Lille")
    assert result.exit_code == 2
    assert not (tmp_path / "s").exists()


def _config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)


def test_init_configures_material_and_plugins_as_the_shipped_site(new_site: Path):
    ours, shipped = _config(new_site / "mkdocs.yml"), _config(ROOT / "mkdocs.yml")
    shipped["theme"].pop("custom_dir", None)  # the shipped site's own overrides
    for config in (ours, shipped):  # each site's own publisher (a new site's: to fill in)
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "journal" in plugin:
                for key in ("publisher", "licence", "accessibility"):
                    plugin["journal"].pop(key, None)
    for key in ("theme", "plugins", "markdown_extensions", "validation"):
        assert ours.get(key) == shipped.get(key), key
    assert ours["theme"]["language"] == "fr" and ours["theme"]["font"] is False


def test_scaffold_residents_page_is_the_shipped_one():
    scaffold = ROOT / "plugins/residency_journal/scaffold/site/docs/ecrire-une-entree.md"
    assert scaffold.read_bytes() == (ROOT / "docs/ecrire-une-entree.md").read_bytes(), (
        "copy docs/ecrire-une-entree.md to the scaffold")


def test_shipped_editor_files_are_current():
    site = cli.read_site(ROOT)
    for file in editor_files(journal_dir=site.journal_dir, verdicts=site.vocabulary.verdicts):
        assert (ROOT / file.path).read_text(encoding="utf-8") == file.text, (
            f"{file.path} is stale: run `journal schema --editor` at the project root")


# --- new --------------------------------------------------------------------------


def test_new_twice_gives_the_next_days_and_never_overwrites(new_site: Path):
    residence = (new_site / "journal" / SLUG / "residence.yml").read_text(encoding="utf-8")
    start = yaml.safe_load(residence)["weeks"][0]["start"]  # a Monday
    first = run("new", cwd=new_site)
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == f"journal/{SLUG}/semaine-1/jour-2.md"
    second = run("new", cwd=new_site)
    assert second.stdout.strip() == f"journal/{SLUG}/semaine-1/jour-3.md"

    day2 = new_site / first.stdout.strip()
    day3 = new_site / second.stdout.strip()
    assert f"date: {start + dt.timedelta(days=1)}\n" in day2.read_text(encoding="utf-8")
    assert f"date: {start + dt.timedelta(days=2)}\n" in day3.read_text(encoding="utf-8")

    before = day2.read_text(encoding="utf-8")
    day2.write_text(before + "Mon récit.\n", encoding="utf-8")
    refused = run("new", "--day", "2", cwd=new_site)
    assert refused.exit_code == 1
    assert "existe déjà" in refused.stderr
    assert day2.read_text(encoding="utf-8") == before + "Mon récit.\n"

    # What `new` writes is a valid (draft) entry as it stands.
    checked = run("check", new_site)
    assert checked.exit_code == 0, checked.output
    assert "Aucun problème : 3 entrées vérifiées" in checked.output


def test_new_starts_a_week_when_asked(new_site: Path):
    residence = new_site / "journal" / SLUG / "residence.yml"
    text = residence.read_text(encoding="utf-8")
    start = re.search(r"  - start: (\S+)\n", text)
    week2 = dt.date.fromisoformat(start.group(1)) + dt.timedelta(days=14)
    residence.write_text(text.replace(start.group(0), f"{start.group(0)}  - start: {week2}\n"),
                         encoding="utf-8")
    result = run("new", "--week", "2", cwd=new_site)
    assert result.exit_code == 0, result.output
    path = new_site / result.stdout.strip()
    assert path == new_site / "journal" / SLUG / "semaine-2" / "jour-1.md"
    assert f"date: {week2}\n" in path.read_text(encoding="utf-8")
    # The current week is now the latest entry's: the next day follows it.
    assert run("new", cwd=new_site).stdout.strip().endswith("semaine-2/jour-2.md")


def test_new_week_from_date_and_the_next_weekday(shipped: Path):
    # Week 2 holds days 1 to 3 (the third one in extra/, placed by its frontmatter).
    by_week = run("new", "--week", "2", cwd=shipped)
    assert by_week.stdout.strip() == "journal/achats-durables-rhone-alpes/semaine-2/jour-4.md"
    assert "date: 2013-02-07\n" in (shipped / by_week.stdout.strip()).read_text(encoding="utf-8")
    # A date picks its week from residence.yml.
    by_date = run("new", "--date", "2013-02-08", cwd=shipped / "docs")
    assert by_date.stdout.strip() == "../journal/achats-durables-rhone-alpes/semaine-2/jour-5.md"
    # Past the end of the last week, no day is filed in a week it is not in: the
    # resident is told what to type instead.
    current = run("new", cwd=shipped)
    assert current.exit_code == 1 and not current.stdout
    assert "la semaine 3 est finie" in current.stderr
    assert "journal new --suivi" in current.stderr


def test_new_suggests_recurring_participants_and_open_actions(shipped: Path):
    result = run("new", "--week", "2", cwd=shipped)
    assert result.exit_code == 0, result.output
    path = shipped / result.stdout.strip()
    text = path.read_text(encoding="utf-8")
    for suggested in ("claire", "daj-commande-publique", "elus-cao", "acheteurs-directions"):
        assert f"#   - ref: {suggested} " in text
    assert "#   - ref: critere-parite " in text  # à approfondir: still open
    assert "#   - ref: label-rse " not in text  # jugée irréalisable: closed
    # Nothing declared only in the draft semaine-3/jour-5.md: a ref to it would not build.
    assert "participant-brouillon" not in text and "action-brouillon" not in text
    assert "#   - ref: lyceens-villeurbanne " not in text  # present on one day only

    # Uncommenting suggestions, as the resident does, gives a valid entry.
    kept = (text.replace("# participants:\n#   - ref: claire", "participants:\n  - ref: claire")
            .replace("# actions:\n#   - ref: critere-parite", "actions:\n  - ref: critere-parite")
            .replace("#     verdict: a-approfondir", "    verdict: a-approfondir", 1))
    assert kept != text
    path.write_text(kept, encoding="utf-8")
    checked = run("check", path)
    assert checked.exit_code == 0, checked.output


def test_new_asks_which_residency_when_there_are_several(new_site: Path):
    other = new_site / "journal" / "autre"
    other.mkdir()
    (other / "residence.yml").write_text("title: Autre résidence\n", encoding="utf-8")
    ambiguous = run("new", cwd=new_site)
    assert ambiguous.exit_code == 2
    assert f"--residency autre | {SLUG}" in ambiguous.output
    chosen = run("new", "--residency", "autre", "--project", new_site)
    assert chosen.exit_code == 0, chosen.output
    assert (other / "semaine-1" / "jour-1.md").is_file()
    assert run("new", "-r", "inconnue", "-C", new_site).exit_code == 2


def test_new_never_writes_live_yaml_from_names_and_labels(new_site: Path):
    """A team name or a label is copied into a comment: whatever it holds stays there."""
    residence = new_site / "journal" / SLUG / "residence.yml"
    hostile = 'Camille\n---\ndraft: false\r#"\x85\u2028\x07 fin'
    data = yaml.safe_load(residence.read_text(encoding="utf-8"))
    data["team"][0]["name"] = hostile
    data.setdefault("participants", []).append(
        {"id": "labo", "label": "Le labo\n  - ref: pirate\nsummary: 'x'", "group": "agents"})
    residence.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("new", cwd=new_site)
    assert result.exit_code == 0, result.output
    text = (new_site / result.stdout.strip()).read_text(encoding="utf-8")
    frontmatter = text.split("\n---\n", 1)[0]
    # Every line of the frontmatter is what `journal new` writes itself: the names
    # sit on comment lines, whole, and YAML reads the same keys as without them.
    assert yaml.safe_load(frontmatter.removeprefix("---\n")).keys() == {
        "date", "authors", "summary", "tags", "draft"}
    named = [line for line in frontmatter.splitlines() if "Camille" in line or "Le labo" in line]
    assert len(named) == 2 and all(line.lstrip().startswith("#") for line in named)
    assert "# Camille --- draft: false" in named[0] and '" fin (équipe)' in named[0]
    assert "# Le labo - ref: pirate summary: 'x'" in named[1]
    checked = run("check", new_site / result.stdout.strip())
    assert checked.exit_code == 0, checked.output


def test_new_outside_a_site_is_a_usage_error(tmp_path: Path):
    result = run("new", cwd=tmp_path)
    assert result.exit_code == 2
    assert "journal init" in result.output


# --- check ------------------------------------------------------------------------


def test_check_the_shipped_journal_finds_nothing():
    result = run("check", ROOT)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Aucun problème : 13 entrées vérifiées, 1 fichier residence.yml."]


def test_check_prints_one_line_per_mistake_and_fails():
    result = run("check", MISTAKES)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert set(prefixes(result.output)) == EXPECTED_MISTAKES
    assert len(lines) == len(EXPECTED_MISTAKES) + 1
    assert lines[-1] == ("9 problèmes dans 5 fichiers (4 entrées vérifiées, "
                         "2 fichiers residence.yml).")
    assert "journal/atelier/semaine-1/jour-1.md:4: sumary : clé inconnue ; vouliez-vous dire " \
           "« summary » ?" in lines
    # The verdict added in the fixture's mkdocs.yml is known: no problem for it.
    assert "verdict" not in result.output


@pytest.mark.slow
def test_check_says_what_mkdocs_build_says(tmp_path: Path):
    root = copy_tree(MISTAKES, tmp_path / "mistakes")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, env=ENV,
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    warnings = {line.split("residency_journal: ", 1)[1]
                for line in build.stderr.splitlines() if "residency_journal: " in line}
    checked = run("check", root).output.splitlines()[:-1]
    assert set(checked) == warnings


def test_check_reports_reserved_names_as_the_build_does(new_site: Path):
    """Rules about URLs are the model's: `journal check` sees them without a build."""
    (new_site / "docs" / "equipe").mkdir()
    (new_site / "docs" / "equipe" / "membres.md").write_text("# Membres\n", encoding="utf-8")
    for folder, slug in (("equipe", None), ("recherche", "search")):
        (new_site / "journal" / folder).mkdir()
        (new_site / "journal" / folder / "residence.yml").write_text(
            f"title: {folder}\n" + (f"slug: {slug}\n" if slug else ""), encoding="utf-8")
    start = re.search(r"  - start: (\S+)", (new_site / "journal" / SLUG / "residence.yml")
                      .read_text(encoding="utf-8")).group(1)
    (new_site / "journal" / SLUG / "semaine-1" / "jour-5.md").write_text(
        f"---\ndate: {start}\nactions:\n  - id: index\n    title: Un index\n---\n\nTexte.\n",
        encoding="utf-8")
    result = run("check", new_site)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()[:-1]
    assert f"journal/{SLUG}/semaine-1/jour-5.md:4: id : « index » est réservé" in result.output
    assert any(line.startswith("journal/recherche/residence.yml:2: slug : « search » est déjà "
                               "pris par le site") for line in lines), lines
    assert any(line.startswith("journal/equipe/residence.yml: le dossier « equipe » donne")
               and "« docs/equipe »" in line for line in lines), lines
    assert len(lines) == 3, lines


def test_check_json_for_ci_bots():
    result = run("check", MISTAKES, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["count"] == len(report["problems"]) == len(EXPECTED_MISTAKES)
    assert report["checked"] == {"entries": 4, "residences": 2}
    shown = [Problem(p["path"], p["line"], p["field"], p["message"]) for p in report["problems"]]
    assert set(prefixes("\n".join(map(str, shown)))) == EXPECTED_MISTAKES
    # `blocking`: false for a draft's problem, which never stops `mkdocs build --strict`.
    assert set(report["problems"][0]) == {"path", "line", "field", "message", "blocking"}
    assert report["blocking"] == sum(p["blocking"] for p in report["problems"])
    clean = json.loads(run("check", ROOT, "--format", "json").output)
    assert clean["count"] == 0 and clean["problems"] == []


@pytest.mark.parametrize(("target", "expected"), [
    ("journal", EXPECTED_MISTAKES),
    ("journal/sans-titre", {"journal/sans-titre/residence.yml:1: title"}),
    ("journal/atelier/semaine-1/jour-1.md",
     {p for p in EXPECTED_MISTAKES if "jour-1.md" in p}),
    ("journal/atelier/supplement/doublon.md",
     {"journal/atelier/supplement/doublon.md:4: day"}),
])
def test_check_path_narrows_to_a_folder_or_a_file(target: str, expected: set[str]):
    result = run("check", MISTAKES / target)
    assert result.exit_code == 1
    assert set(prefixes(result.output)) == expected


def test_check_defaults_to_the_current_folder():
    result = run("check", cwd=MISTAKES / "journal" / "sans-titre")
    assert set(prefixes(result.output)) == {"journal/sans-titre/residence.yml:1: title"}


def test_check_a_path_outside_the_journal_is_a_usage_error(tmp_path: Path):
    assert run("check", MISTAKES / "docs").exit_code == 2
    assert run("check", tmp_path / "absent").exit_code == 2
    assert run("check", tmp_path).exit_code == 2  # no site, no journal
    assert run("check", MISTAKES, "--format", "xml").exit_code == 2


def test_check_reads_journal_dir_and_verdicts_from_mkdocs_yml(tmp_path: Path):
    root = copy_tree(MISTAKES, tmp_path / "m")
    (root / "journal").rename(root / "carnets")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - journal:\n", "  - journal:\n      journal_dir: carnets\n"), encoding="utf-8")
    result = run("check", root)
    assert {p.replace("journal/", "carnets/", 1) for p in EXPECTED_MISTAKES} == set(
        prefixes(result.output))

    # Without mkdocs.yml the layout is guessed, and only the default verdicts are known.
    config.unlink()
    guessed = run("check", root / "carnets")
    assert set(prefixes(guessed.output)) == {
        p.replace("journal/", "carnets/", 1) for p in EXPECTED_MISTAKES} | {
        "carnets/atelier/semaine-1/jour-1.md:14: actions[1].verdict"}


def test_plugins_written_as_a_mapping_are_read_too(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  search: {}\n  journal:\n    journal_dir: carnets\n"
        "    verdicts: {reportee: Reportée}\n", encoding="utf-8")
    site = cli.read_site(tmp_path)
    assert site.journal_dir == "carnets"
    assert site.vocabulary.verdicts["reportee"] == "Reportée"
    assert site.vocabulary.verdicts["retenue"] == "Retenue"


# --- schema -----------------------------------------------------------------------


def test_schema_writes_both_schemas_with_the_sites_verdicts(tmp_path: Path):
    out = tmp_path / "out"
    result = run("schema", "--output", out, "--project", MISTAKES)
    assert result.exit_code == 0, result.output
    entry = json.loads((out / "entry.json").read_text(encoding="utf-8"))
    verdict = entry["$defs"]["ActionMention"]["properties"]["verdict"]["anyOf"][0]
    assert "reportee" in verdict["enum"] and "retenue" in verdict["enum"]
    assert (out / "residence.json").read_text(encoding="utf-8") == dumps(residence_schema())
    assert not (MISTAKES / ".vscode").exists()  # --output only writes there


def test_schema_refreshes_the_sites_editor_schemas(new_site: Path):
    stale = new_site / SCHEMA_DIR / "entry.json"
    stale.write_text("{}\n", encoding="utf-8")
    settings = new_site / ".vscode" / "settings.json"
    settings.write_text('{"editor.wordWrap": "on"}\n', encoding="utf-8")
    assert run("schema", cwd=new_site / "docs").exit_code == 0
    assert json.loads(stale.read_text(encoding="utf-8")) == json.loads(dumps(
        entry_schema(cli.read_site(new_site).vocabulary.verdicts)))
    assert "wordWrap" in settings.read_text(encoding="utf-8")  # kept without --editor
    assert run("schema", "--editor", cwd=new_site).exit_code == 0
    assert "wordWrap" not in settings.read_text(encoding="utf-8")


def test_check_also_checks_drafts(new_site: Path):
    draft = new_site / "journal" / SLUG / "semaine-1" / "jour-2.md"
    first = (draft.parent / "jour-1.md").read_text(encoding="utf-8")
    date = next(line for line in first.splitlines() if line.startswith("date: "))
    draft.write_text(f"---\n{date}\ndraft: true\nactions:\n  - id: a\n    title: A\n"
                     "    impact: énorme\n---\n", encoding="utf-8")
    result = run("check", new_site)
    # Shown, marked as a draft's, and not counted as blocking: the strict build passes.
    assert result.exit_code == 0, result.output
    assert prefixes(result.output) == [f"journal/{SLUG}/semaine-1/jour-2.md:7: actions[1].impact"]
    assert "(brouillon, ne bloque pas la publication)" in result.output
