"""Publishing: the shipped CI workflows are valid YAML and run the documented commands.

The same files, but for how they install the generator, are written by `journal
init` into a new site; the README and the residents' guide say how to publish.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from fresh_site import filled_texts
from residency_journal import __version__
from residency_journal.scaffold import site_files

GITLAB = ".gitlab-ci.yml"
GITHUB = ".github/workflows/publish.yml"
BUILD = "mkdocs build --strict"
# How the shipped site installs (the README's exact install), and how a new site does.
LOCKED_INSTALL = ["pip install --require-hashes -r requirements/mkdocs.txt", "pip install --no-deps ."]
NEW_SITE_INSTALL = ["pip install -r requirements.txt"]


def _load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)  # raises on invalid YAML
    assert isinstance(data, dict)
    return data


def _scaffold(title: str = "Résidence test") -> dict[str, str]:
    return {f.path: f.text for f in site_files(title=title)}


def _gitlab_script(text: str) -> list[str]:
    pages = _load(text)["pages"]  # GitLab Pages publishes the job named `pages`...
    assert pages["artifacts"]["paths"] == ["public"]  # ...from its public/ folder
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    return pages["script"]


def _github_steps(text: str) -> list[dict[str, Any]]:
    workflow = _load(text)
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    trigger = workflow.get("on", workflow.get(True))
    assert trigger["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [s.get("uses", "").split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"
    upload = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert [u["with"]["path"] for u in upload] == ["site"]  # what `mkdocs build` writes
    return build["steps"]


def _runs(steps: list[dict[str, Any]]) -> list[str]:
    return [s["run"] for s in steps if "run" in s]


@pytest.mark.parametrize("where", ["shipped", "new site"])
def test_gitlab_pages_job_installs_builds_strict_and_publishes(where: str):
    text = (ROOT / GITLAB).read_text(encoding="utf-8") if where == "shipped" else _scaffold()[GITLAB]
    install = LOCKED_INSTALL if where == "shipped" else NEW_SITE_INSTALL
    assert _gitlab_script(text) == [*install, f"{BUILD} --site-dir public"]


@pytest.mark.parametrize("where", ["shipped", "new site"])
def test_github_pages_workflow_installs_builds_strict_and_publishes(where: str):
    text = (ROOT / GITHUB).read_text(encoding="utf-8") if where == "shipped" else _scaffold()[GITHUB]
    install = LOCKED_INSTALL if where == "shipped" else NEW_SITE_INSTALL
    steps = _github_steps(text)
    assert _runs(steps) == [*install, BUILD]
    # The build runs after the install and before the upload.
    names = [s.get("run") or s.get("uses", "").split("@")[0] for s in steps]
    assert names.index(BUILD) < names.index("actions/upload-pages-artifact")


def _without(text: str, *fragments: str) -> list[str]:
    return [line for line in text.splitlines() if not any(f in line for f in fragments)]


def test_new_site_workflows_are_the_shipped_ones_but_for_the_install():
    new = _scaffold()
    for path in (GITLAB, GITHUB):
        shipped = (ROOT / path).read_text(encoding="utf-8")
        assert (_without(new[path], *NEW_SITE_INSTALL, "à la version écrite dans requirements.txt")
                == _without(shipped, *LOCKED_INSTALL, "Exactement les versions testées")), path


def test_the_documented_commands_are_the_workflows_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs/ecrire-une-entree.md").read_text(encoding="utf-8")
    for command in [*LOCKED_INSTALL, BUILD, "mkdocs gh-deploy --strict", "tools/lock"]:
        assert command in readme, command
    assert "pip install --require-hashes -r requirements/mkdocs.txt && pip install --no-deps -e ." in readme
    for text in (readme, guide):
        assert "## Publier le site" in text
        for needed in ("site_url", BUILD, "mkdocs gh-deploy --strict", GITLAB, GITHUB):
            assert needed in text, needed
    # The lock the workflows install exists, with hashes.
    lock = (ROOT / "requirements/mkdocs.txt").read_text(encoding="utf-8")
    assert "mkdocs==1.6." in lock and "--hash=sha256:" in lock


def test_new_site_requirements_pin_this_generator():
    requirements = _scaffold()["requirements.txt"]
    lines = [x for x in requirements.splitlines() if x and not x.startswith("#")]
    assert lines == [f"residency-journal[mkdocs]=={__version__}"]


def test_new_site_builds_with_the_gitlab_command(tmp_path: Path):
    """The workflow's own build line, run as written, in a site `journal init` wrote."""
    for path, text in filled_texts(_scaffold("Résidence publiée")).items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    command = shlex.split(_gitlab_script((tmp_path / GITLAB).read_text(encoding="utf-8"))[-1])
    assert command[0] == "mkdocs"
    run = subprocess.run([sys.executable, "-m", *command], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "public" / "index.html").is_file()
    assert (tmp_path / "public" / "ecrire-une-entree" / "index.html").is_file()
