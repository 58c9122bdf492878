"""The journal outlives its site engine.

The model and the residents' `journal` command run where no engine is importable
(MkDocs 1.6.1 gets no more releases; 2.0 drops plugins); and the suite really runs
on the engine conftest.py chose (MkDocs, or its fork ProperDocs in .ci/run).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ENGINE, ROOT

# Run the `journal` command in a Python where every engine and the theme are
# unimportable: an import of one raises, and is recorded so that a caught
# ImportError cannot hide it.
NO_ENGINE = """
import importlib.abc, json, os, sys
BLOCKED = ("mkdocs", "properdocs", "material")
tried = []
class NoEngine(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            tried.append(name)
            raise ModuleNotFoundError(f"No module named {name!r} (no engine here)")
        return None
sys.meta_path.insert(0, NoEngine())
for name in [n for n in sys.modules if n.partition(".")[0] in BLOCKED]:
    del sys.modules[name]
try:
    from residency_journal.cli import main
    main(sys.argv[1:], prog_name="journal")
finally:
    with open(os.environ["ENGINE_IMPORTS"], "w") as out:
        json.dump(tried, out)
"""


def journal_without_engine(tmp_path: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    record = tmp_path / "engine-imports.json"
    env = {"PATH": "/usr/bin:/bin", "ENGINE_IMPORTS": str(record), "LANG": "C.UTF-8"}
    run = subprocess.run([sys.executable, "-c", NO_ENGINE, *args], cwd=cwd, env=env,
                         capture_output=True, text=True, timeout=120)
    assert json.loads(record.read_text(encoding="utf-8")) == [], "tried to import an engine"
    assert "Traceback" not in run.stderr, run.stderr
    return run


# Each resident's command, as it must work with no engine installed (the open-data
# exports are checked without an engine below).
NO_ENGINE_COMMANDS = [
    ("init", ["init", "site"], "."),
    ("new", ["new", "--suivi", "--date", "2030-01-08"], "site"),
    ("schema", ["schema", "--editor"], "site"),
    ("check", ["check", "--format", "json"], "site"),
]


def test_residents_commands_need_no_engine(tmp_path: Path):
    for name, args, cwd in NO_ENGINE_COMMANDS:
        run = journal_without_engine(tmp_path, tmp_path / cwd, *args)
        # `check` fails on the examples `journal init` wrote (test_init_reminders.py)
        assert run.returncode == (1 if name == "check" else 0), (
            f"journal {name}:\n{run.stdout}\n{run.stderr}")
    site = tmp_path / "site"
    (residency,) = [p.parent for p in (site / "journal").glob("*/residence.yml")]
    assert len(list(residency.rglob("*.md"))) == 2  # the example day and the new one
    assert json.loads((site / ".vscode/schemas/entry.json").read_text(encoding="utf-8"))["$schema"]
    report = json.loads(run.stdout)  # the last command: `journal check --format json`
    assert report["checked"]["entries"] == 2
    assert all("par journal init" in p["message"] for p in report["problems"]), report


def test_check_without_engine_reports_mistakes(tmp_path: Path):
    site = tmp_path / "site"
    assert journal_without_engine(tmp_path, tmp_path, "init", "site").returncode == 0
    (entry,) = (site / "journal").glob("*/semaine-1/jour-1.md")
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("date:", "dat:", 1), encoding="utf-8")
    run = journal_without_engine(tmp_path, site, "check")
    assert run.returncode == 1
    assert re.search(re.escape(entry.relative_to(site).as_posix()) + r":\d+: dat", run.stdout + run.stderr)


def test_the_model_imports_no_engine():
    code = ("import sys, residency_journal.model, residency_journal.cli, residency_journal.scaffold\n"
            "engines = {'mkdocs', 'properdocs', 'material'}\n"
            "print(sorted({n.partition('.')[0] for n in sys.modules} & engines))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "[]", run.stderr


def test_the_suite_runs_on_the_chosen_engine():
    import mkdocs

    # Under ProperDocs, `mkdocs` is ProperDocs' own package, aliased.
    assert mkdocs.__name__ == ENGINE
    run = subprocess.run([sys.executable, "-m", "mkdocs", "--version"], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    version = re.search(r"version (\S+) from (\S+)", run.stdout)
    assert version, run.stdout
    assert Path(version.group(2)).name == ENGINE
    assert version.group(1).startswith("1.6.")


@pytest.mark.skipif(shutil.which("properdocs") is None and ENGINE != "properdocs",
                    reason="ProperDocs is not installed here (.ci/run tests it in its own venv)")
def test_properdocs_builds_the_shipped_journal_like_mkdocs(tmp_path: Path):
    """`properdocs build` reads mkdocs.yml and loads the plugin from its mkdocs.plugins entry point."""
    properdocs = shutil.which("properdocs") or str(Path(sys.executable).with_name("properdocs"))
    run = subprocess.run([properdocs, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                          "-d", str(tmp_path / "site")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    day = tmp_path / "site" / "achats-durables-rhone-alpes" / "semaine-3" / "jour-3" / "index.html"
    assert 'content="mkdocs-ProperDocs 1.6.' in day.read_text(encoding="utf-8")


EXPORTS_WITHOUT_ENGINE = NO_ENGINE.split("try:")[0] + """
try:
    from pathlib import Path
    from residency_journal.model import load_journal
    from residency_journal.model.exports import Exporter, export_schema
    journal = load_journal(Path(sys.argv[1]), "journal")
    exporter = Exporter("https://example.org/")
    out = {"journal.json": exporter.journal_json(journal), "schema": len(export_schema())}
    for residency in journal.residencies:
        out[residency.slug] = [len(exporter.actions_csv(residency)),
                               len(exporter.verbatims_csv(residency)),
                               len(exporter.actions_json(residency))]
    print(json.dumps(out))
finally:
    with open(os.environ["ENGINE_IMPORTS"], "w") as out:
        json.dump(tried, out)
"""


def test_open_data_exports_need_no_engine(tmp_path: Path):
    record = tmp_path / "engine-imports.json"
    env = {"PATH": "/usr/bin:/bin", "ENGINE_IMPORTS": str(record), "LANG": "C.UTF-8"}
    run = subprocess.run([sys.executable, "-c", EXPORTS_WITHOUT_ENGINE, str(ROOT)], env=env,
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr, run.stderr
    assert json.loads(record.read_text(encoding="utf-8")) == [], "tried to import an engine"
    out = json.loads(run.stdout)
    document = json.loads(out["journal.json"])
    assert document["version"] == 1 and document["residencies"]
    slug = document["residencies"][0]["slug"]
    assert all(size > 100 for size in out[slug]), out[slug]
