"""One source of truth: `journal check`, `mkdocs build` and `mkdocs serve` report the
same problems for the same journal, because all three ask the model.

Each run is the real command in a subprocess, on one broken journal that holds a
mistake of every class a rule reports (reading, keys, refs, days, links, visit
anchors, reserved names, URL clashes).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import RESIDENCE_YML, entry, write_project
from residency_journal.model.messages import say
from serving import poll, serving

A = "journal/achats"

BROKEN = {
    f"{A}/residence.yml": RESIDENCE_YML,
    f"{A}/media/plan.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    f"{A}/semaine-1/jour-1.md": entry("""
        date: 2013-01-28
        participants:
          - ref: daj
        actions:
          - id: parite
            title: Critère de parité
            impact: fort
        visits:
          - id: visite-lyon
            title: Visite à Lyon
            section: pas-de-tel-titre
    """, "Premier jour.\n\n## Le matin\n\n[plan](../media/plan.svg) et [absent](../media/absent.png).\n"
         "\n```\n[dans du code](nulle-part.md)\n```\n"),
    f"{A}/semaine-1/jour-2.md": entry("""
        date: 2013-01-29
        partcipants:
          - ref: daj
        actions:
          - ref: parite
            impact: tres fort
          - ref: parite
            verdict: Retenue
          - ref: inconnue
    """, "Deuxième jour, [demain](jour-3.md).\n"),
    # a draft, linked from jour-2: its own mistake is the draft's, the link is jour-2's
    f"{A}/semaine-1/jour-3.md": entry("""
        date: 2013-01-30
        draft: true
        sumary: brouillon
    """, "Brouillon.\n"),
    f"{A}/semaine-1/jour-4.md": entry("""
        date: 2013-01-31
        title: "Guillemet ouvert
        summary: jamais fermé
    """, "Quatrième jour.\n"),
    f"{A}/semaine-2/jour-1.md": entry("""
        date: 2013-02-04
        actions:
          - id: index
            title: Une action au nom réservé
    """, "Cinquième jour.\n"),
    # same date as semaine-2/jour-1.md, day derived from the date: the explicit day keeps its URL
    f"{A}/semaine-2/doublon.md": entry("date: 2013-02-04", "Doublon.\n"),
    f"{A}/Notes.MARKDOWN": "# notes\n",
    "journal/perdu.md": "# perdu\n",
}

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
_WARNING = re.compile(r"^WARNING\s+-\s+(?:[\w.]+: )?(.*)$")


def _check(root: Path) -> dict[str, bool]:
    """Each problem `journal check` reports, and whether it blocks the strict build."""
    journal = Path(sys.executable).with_name("journal")  # the console script of this venv
    run = subprocess.run([str(journal), "check", "--format", "json", str(root)],
                         capture_output=True, text=True, env=ENV, timeout=120)
    assert "Traceback" not in run.stderr, run.stderr
    found = json.loads(run.stdout)["problems"]
    return {_line(p): p["blocking"] for p in found}


# What a preview adds to a problem that does not block the build, as check's text does.
NOTES = tuple(f" ({say(key)})" for key in ("check.draft_only", "check.draft_caused"))


def _unmarked(lines: set[str]) -> dict[str, bool]:
    """Each line without its note, and whether it had none (it blocks the build)."""
    out = {}
    for line in lines:
        note = next((n for n in NOTES if line.endswith(n)), "")
        out[line[: len(line) - len(note)]] = not note
    return out


def _line(problem: dict) -> str:
    where = f"{problem['path']}:{problem['line']}" if problem["line"] else problem["path"]
    return f"{where}: {problem['field']} : {problem['message']}" if problem["field"] else (
        f"{where}: {problem['message']}")


def _warnings(log: str) -> set[str]:
    return {m.group(1).strip() for line in log.splitlines() if (m := _WARNING.match(line))}


def _build(root: Path) -> set[str]:
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(root / "site")],
                         cwd=root, capture_output=True, text=True, env=ENV, timeout=300)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    return _warnings(run.stderr)


def _serve(root: Path) -> set[str]:
    with serving(root) as (_base, log_path, _server):
        poll(lambda: "Serving on" in log_path.read_text(encoding="utf-8"), "the first build",
             timeout=120)
        log = log_path.read_text(encoding="utf-8")
    assert "Traceback" not in log, log
    return _warnings(log.split("Serving on")[0])


def _is_draft_own(problem: str) -> bool:
    return problem.startswith(f"{A}/semaine-1/jour-3.md:")


def test_check_build_and_serve_report_the_same_problems(tmp_path):
    root = write_project(tmp_path / "p", BROKEN)
    checked, built, served = _check(root), _build(root), _serve(root)
    # A resident's mistake of every class is reported...
    assert len(checked) >= 12, "\n".join(sorted(checked))
    for where in ("semaine-1/jour-1.md", "semaine-1/jour-2.md", "semaine-1/jour-3.md",
                  "semaine-1/jour-4.md", "semaine-2/jour-1.md", "semaine-2/doublon.md",
                  "Notes.MARKDOWN", "journal/perdu.md"):
        assert any(where in p for p in checked), where
    # ...and the three commands agree: check and serve include drafts, a build
    # leaves out a draft's own mistakes (a draft never fails the public build).
    # The preview marks what does not block the build, as check does.
    assert _unmarked(served) == checked, _diff(set(_unmarked(served)), set(checked))
    assert built == {p for p in checked if not _is_draft_own(p)}, _diff(built, set(checked))
    assert {p for p, blocking in checked.items() if not blocking} == \
        {p for p in checked if _is_draft_own(p)}


def _diff(a: set[str], b: set[str]) -> str:
    return ("only in the first:\n" + "\n".join(sorted(a - b)) + "\nonly in the second:\n"
            + "\n".join(sorted(b - a)))
