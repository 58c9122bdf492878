"""The model, loaded again after a save, re-resolving only the residencies that changed.

Residencies are independent in the model: a body's links, refs, weeks and days
are resolved inside one residency folder (:class:`..model.resolve._Resolver`
sees only that folder's files). So a residency whose files are all as they were
(same paths, sizes, modification times, inodes) resolves to the same result, and
:class:`IncrementalLoader` reuses it. A save re-reads one entry and re-resolves
its residency (a few dozen files) whatever the size of the whole journal.

It is :func:`..model.resolve.load_journal` step for step (the same discovery, the
same resolver, the same rule about two residencies claiming one slug); a test
checks that both give the same journal.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from ..model import Journal, Options, Problem
from ..model.discovery import ResidencyFiles, find_files
from ..model.entities import Residency
from ..model.messages import say
from ..model.resolve import _Resolver, finish_journal

Fingerprint = tuple[Any, ...]


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def fingerprint(files: ResidencyFiles, options: Options) -> Fingerprint:
    """What a residency's resolution depends on: its files as found, their state, the options."""
    paths = [files.folder / "residence.yml", *files.entries, *files.others.values()]
    settings = {f.name: getattr(options, f.name) for f in dataclasses.fields(options)
                if f.name != "last_good"}
    return (
        str(files.folder), str(files.real), repr(settings),
        tuple(sorted(str(p) for p in files.refused)),
        tuple(sorted((str(r), str(p)) for r, p in files.others.items())),
        tuple((str(p), _stat(p)) for p in paths),
    )


class IncrementalLoader:
    """A drop-in for ``load_journal`` that remembers each residency between calls."""

    def __init__(self) -> None:
        self._memo: dict[str, tuple[Fingerprint, Residency, list[Problem]]] = {}
        self.changed: set[str] = set()  # residency folders (as found) resolved by the last call
        self.calls = 0

    def __call__(self, project_dir: Path, journal_dir: str = "journal",
                 options: Options | None = None) -> Journal:
        options = options or Options()
        project_dir = Path(os.path.abspath(project_dir))
        root = project_dir / journal_dir
        journal = Journal()
        self.calls += 1
        self.changed = set()
        if not root.is_dir():
            journal.problems.append(Problem(journal_dir, 0, "", say("journal.missing")))
            self._memo.clear()
            return journal
        found = find_files(project_dir, root)
        journal.problems.extend(found.problems)
        memo: dict[str, tuple[Fingerprint, Residency, list[Problem]]] = {}
        for files in found.residencies:
            key = str(files.folder)
            print_ = fingerprint(files, options)
            hit = self._memo.get(key)
            if hit is None or hit[0] != print_:
                scratch = Journal()
                _Resolver(project_dir, files, options, scratch).run()
                (residency,) = scratch.residencies
                hit = (print_, residency, list(scratch.problems))
                self.changed.add(key)
            memo[key] = hit
            journal.residencies.append(hit[1])
            journal.problems.extend(hit[2])
        self.changed |= set(self._memo) - set(memo)  # residencies gone
        self._memo = memo
        return finish_journal(journal)
