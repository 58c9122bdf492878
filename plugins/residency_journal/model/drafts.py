"""The journal as the build reads it (no draft), from the reading a preview makes with drafts.

A preview (and `journal check`) reads the drafts too, and marks what they bring as
not blocking (:func:`.problems.noted`): that needs the problems of the build's own
reading as well. Residencies are independent until :func:`.resolve.finish_journal`,
and one that holds no draft reads the same either way: only the residencies that
hold a draft are resolved again, without it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .discovery import rel
from .entities import Journal
from .problems import Problem
from .resolve import Options, ResidencyRead, read_journal, read_residency


def without_drafts(project_dir: Path, journal_dir: str, shown: Journal,
                   options: Options) -> Journal:
    """``shown`` (read with ``options``, drafts included) as read without drafts."""
    if not shown.draft_files or not (Path(project_dir) / journal_dir).is_dir():
        return shown
    public_options = dataclasses.replace(options, include_drafts=False)
    by_folder = {r.folder: r for r in shown.residencies}

    def read(project_dir: Path, root: Path, path: Path, real: Path) -> ResidencyRead:
        folder = rel(project_dir, path)
        inside = folder + "/"
        known = by_folder.get(folder)
        if known is not None and not any(d.startswith(inside) for d in shown.draft_files):
            return known, [p for p in shown.problems if _in(p, inside)], set()
        return read_residency(public_options, project_dir, root, path, real)

    return read_journal(project_dir, journal_dir, read)


def _in(problem: Problem, inside: str) -> bool:
    return problem.path.startswith(inside)
