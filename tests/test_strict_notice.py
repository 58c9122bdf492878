"""`mkdocs build --strict` that stops: one French line from the plugin, right before the
engine's English « Aborted with N warnings in strict mode! », says so and where to read."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import RESIDENCE_YML, entry, write_project
from residency_journal.model.messages import say

A = "journal/res"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(root, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=root, env=ENV,
                          capture_output=True, text=True, timeout=300)


def site(root, days: dict[str, str]):
    files = {f"{A}/residence.yml": RESIDENCE_YML}
    files.update({f"{A}/semaine-1/{name}.md": entry(front) for name, front in days.items()})
    return write_project(root, files)


def test_a_strict_build_that_stops_says_so_in_french_first(tmp_path):
    root = site(tmp_path / "p", {"jour-1": "date: 2013-01-28\nsumary: x",
                                 "jour-2": "date: 2013-01-29\nsumary: y"})
    run = mkdocs_build(root, "--strict")
    assert run.returncode == 1
    # The engine's logs on stderr, its last word (click's Abort) after them on stdout.
    lines = [line for line in (run.stderr + run.stdout).splitlines() if line.strip()]
    notice = say("build.strict_stop", count="2 avertissements")
    assert lines[-1] == "Aborted with 2 warnings in strict mode!", run.stderr
    assert lines[-2].startswith("INFO") and lines[-2].endswith(notice), run.stderr
    assert sum(notice in line for line in lines) == 1
    assert "2 avertissements plus haut" in notice and "journal check" in notice

    one = site(tmp_path / "q", {"jour-1": "date: 2013-01-28\nsumary: x"})
    run = mkdocs_build(one, "--strict")
    assert run.returncode == 1
    assert run.stderr.splitlines()[-1].endswith(say("build.strict_stop", count="1 avertissement"))


def test_no_notice_when_the_build_does_not_stop(tmp_path):
    clean = mkdocs_build(site(tmp_path / "p", {"jour-1": "date: 2013-01-28"}), "--strict")
    assert clean.returncode == 0, clean.stderr
    assert "plus haut" not in clean.stderr
    lenient = mkdocs_build(site(tmp_path / "q", {"jour-1": "date: 2013-01-28\nsumary: x"}))
    assert lenient.returncode == 0, lenient.stderr
    assert "sumary" in lenient.stderr and "plus haut" not in lenient.stderr
