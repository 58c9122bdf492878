"""Shared test helpers: tiny MkDocs projects in tmp_path, built by MkDocs itself.

As in mkdocs-section-index: each test writes its own small project, builds it
with MkDocs' build, and reads the HTML. Every WARNING logged under `mkdocs` is
captured; `build_site` fails the test on any warning it was not told to expect.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner

# The engine the suite runs on, chosen here only: MkDocs 1.6.1 by default, or its
# community fork ProperDocs with JOURNAL_ENGINE=properdocs (as .ci/run does in the
# ProperDocs environment). ProperDocs ships no `mkdocs` module: its CLI imports
# properdocs.replacement, which turns every `mkdocs.*` import into `properdocs.*`.
# We do the same in-process, and tests/engines/properdocs/ gives the tests'
# subprocesses (`python -m mkdocs build`, `serve`) the ProperDocs CLI.
ENGINE = os.environ.get("JOURNAL_ENGINE", "mkdocs")
if ENGINE == "properdocs":
    import properdocs.replacement  # noqa: F401
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "tests" / "engines" / "properdocs"), os.environ.get("PYTHONPATH")) if p)
    # What the ProperDocs CLI does, so `mkdocs.*` loggers count as they do for --strict.
    logging.getLogger("mkdocs").parent = logging.getLogger("properdocs")
elif ENGINE != "mkdocs":
    raise RuntimeError(f"JOURNAL_ENGINE={ENGINE!r}: expected mkdocs or properdocs")

from browser import copy_shipped  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402 (after the engine switch)
from mkdocs.config import load_config  # noqa: E402

BASE_MKDOCS_YML = """\
site_name: Test
site_url: https://example.org/
theme:
  name: material
  language: fr
  font: false
  features: [navigation.prune, navigation.indexes]
plugins:
  - search:
      lang: fr
  - tags
  - journal
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
"""

RESIDENCE_YML = """\
title: Résidence test
host: Région Test
place: Lyon
weeks:
  - start: 2013-01-28
    end: 2013-02-01
  - start: 2013-02-04
team:
  - id: claire
    name: Claire
    role: designer
participants:
  - id: daj
    label: Direction des affaires juridiques
    group: agents
"""


def entry(frontmatter: str, body: str = "Le récit du jour.\n") -> str:
    return "---\n" + textwrap.dedent(frontmatter).strip("\n") + "\n---\n\n" + body


@dataclass
class Built:
    root: Path
    site: Path
    warnings: list[str] = field(default_factory=list)

    def html(self, url: str) -> str:
        path = self.site / url.strip("/") / "index.html" if not url.endswith(".html") else (
            self.site / url.strip("/"))
        return path.read_text(encoding="utf-8")

    def exists(self, url: str) -> bool:
        return (self.site / url.strip("/") / "index.html").is_file()

    def all_files(self) -> list[Path]:
        return sorted(p for p in self.site.rglob("*") if p.is_file())


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_project(root: Path, files: dict[str, str], mkdocs_yml: str = BASE_MKDOCS_YML) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    files = {"docs/index.md": "# Accueil\n", **files}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build_project(root: Path, *, command: str = "build", expect: list[str] | None = None,
                  site_dir: str = "site") -> Built:
    """Build with MkDocs; fail on any warning not matched by a substring in ``expect``."""
    capture = _Capture()
    logger = logging.getLogger(ENGINE)  # every warning of the engine and its plugins
    logger.addHandler(capture)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / site_dir))
        config.plugins.on_startup(command=command, dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(capture)
    built = Built(root, root / site_dir, capture.messages)
    expected = list(expect or [])
    unexpected = [m for m in capture.messages if not any(e in m for e in expected)]
    assert not unexpected, "unexpected warnings:\n" + "\n".join(unexpected)
    missing = [e for e in expected if not any(e in m for m in capture.messages)]
    assert not missing, "expected warnings not logged:\n" + "\n".join(missing)
    return built


@pytest.fixture
def project(tmp_path: Path):
    """Write a project from {path: text} and build it: ``project(files, expect=[...])``."""

    def make(files: dict[str, str], *, mkdocs_yml: str = BASE_MKDOCS_YML,
             command: str = "build", expect: list[str] | None = None) -> Built:
        root = write_project(tmp_path / "project", files, mkdocs_yml)
        return build_project(root, command=command, expect=expect)

    return make


# --- the shipped journal (mkdocs.yml, docs/, journal/, overrides/ of this repository) ---------
# (browser.copy_shipped copies its sources: tools/look.py uses it too, outside pytest)

def build_shipped_copy(dest: Path, site_dir: str = "site") -> Built:
    """A fresh build of the shipped journal in ``dest``: for a test that changes the sources,
    the environment or a module (monkeypatch) before building, or compares two builds."""
    root = dest / "shipped"
    if not root.exists():
        copy_shipped(root)
    return build_project(root, site_dir=site_dir)


_shipped: list[Built] = []  # the session's one build, made when a test first asks for it
_shipped_dirs: list[Path] = []


def shipped_build() -> Built:
    """The shipped journal built once per test session, with no warning.

    Shared by every test that reads it: read its files, never change them. It is
    built when a test first asks for it, so a test that changes the sources, the
    environment or a module before building takes ``build_shipped_copy`` instead."""
    if not _shipped:
        folder = Path(tempfile.mkdtemp(prefix="journal-shipped-"))
        _shipped_dirs.append(folder)
        _shipped.append(build_shipped_copy(folder))
    return _shipped[0]


@pytest.fixture(scope="session")
def shipped_journal() -> Built:
    """The shipped journal, built once per session (read-only): see ``shipped_build``."""
    return shipped_build()


def pytest_sessionfinish(session, exitstatus) -> None:
    for folder in _shipped_dirs:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items) -> None:
    """A test that drives Chromium (the ``chromium`` fixture of tests/browser.py) is
    marked ``browser``: `pytest -m "not browser"` leaves them out (as .ci/run does on
    the Python versions after the first, where the browser would test nothing new)."""
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
