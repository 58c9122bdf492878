"""The journal as the build reads it (no draft), from the reading a preview makes with drafts.

A preview (and `journal check`) reads the drafts too, and marks what they bring as
not blocking (:func:`.problems.noted`): that needs the problems of the build's own
reading as well. Residencies are independent until :func:`.resolve.finish_journal`,
and one that holds no draft reads the same either way: only the residencies that
hold a draft are resolved again, without it.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from .discovery import rel, residency_files, top_level
from .entities import Journal
from .problems import Problem
from .resolve import Options, finish_journal, resolve_residency


def without_drafts(project_dir: Path, journal_dir: str, shown: Journal,
                   options: Options) -> Journal:
    """``shown`` (read with ``options``, drafts included) as read without drafts."""
    project_dir = Path(os.path.abspath(project_dir))
    root = project_dir / journal_dir
    if not shown.draft_files or not root.is_dir():
        return shown
    public_options = dataclasses.replace(options, include_drafts=False)
    top = top_level(project_dir, root)
    public = Journal(problems=list(top.problems))
    by_folder = {r.folder: r for r in shown.residencies}
    for path, real in top.folders:
        folder = rel(project_dir, path)
        inside = folder + "/"
        known = by_folder.get(folder)
        if known is not None and not any(d.startswith(inside) for d in shown.draft_files):
            public.residencies.append(known)
            public.problems.extend(p for p in shown.problems if _in(p, inside))
            continue
        files, found = residency_files(project_dir, root, path, real)
        residency, problems, drafts = resolve_residency(project_dir, files, public_options)
        public.residencies.append(residency)
        public.problems.extend([*found, *problems])
        public.draft_files |= drafts
    return finish_journal(public)


def _in(problem: Problem, inside: str) -> bool:
    return problem.path.startswith(inside)
