"""The model, loaded again after a save, re-reading and re-resolving only the residencies that changed.

Residencies are independent in the model: a body's links, refs, weeks and days
are resolved inside one residency folder (:func:`..model.resolve.resolve_residency`
sees only that folder's files), and each residency's pages
(:func:`..model.site.site_pages`) read only that residency. So a residency whose
files are all as they were resolves to the same result and gives the same pages,
and both are kept: :class:`IncrementalLoader` and :class:`IncrementalPages`.

What changed is found by a cheap scan (:func:`scan`: one ``scandir`` per folder,
no path resolution; about 10 ms for 1000 entries): a residency whose scan is the
same (names, sizes, modification times, inodes) is not walked again. Only a
changed residency is walked by the model's own discovery (symbolic links
checked), read and resolved. A residency that holds a symbolic link is walked
at every save (what it points to may change without its scan changing), and
resolved again only when its files' fingerprint (:func:`fingerprint`) changed.

It is :func:`..model.resolve.load_journal` with a memory: the same course
(:func:`..model.resolve.read_journal`), the model's own
:func:`..model.discovery.residency_files` and the same resolver; a test checks that
both give the same journal and the same pages.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Journal, Options, Problem
from ..model.discovery import JOURNAL_DIR, ResidencyFiles, residency_files
from ..model.entities import Residency
from ..model.resolve import ResidencyRead, read_journal, resolve_residency
from ..model.site import PageSpec, site_pages

Fingerprint = tuple[Any, ...]
Scan = tuple[tuple[str, int, int, int], ...]


def file_state(path: str | Path | None) -> tuple[int, int, int] | None:
    """What tells that a file changed: modification time, size and inode (None: no file)."""
    if not path:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def scan(folder: str) -> Scan | None:
    """Every file below ``folder`` (dot-names skipped, as discovery skips them) with
    its modification time, size and inode; None if it holds a symbolic link or an
    unreadable entry (then the model's discovery must look)."""
    out: list[tuple[str, int, int, int]] = []
    stack = [folder]
    try:
        while stack:
            with os.scandir(stack.pop()) as listing:
                for entry in listing:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_symlink():
                        return None
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                        continue
                    st = entry.stat(follow_symlinks=False)
                    out.append((entry.path, st.st_mtime_ns, st.st_size, st.st_ino))
    except OSError:
        return None
    out.sort()
    return tuple(out)


def settings_of(options: Options) -> str:
    """The options a resolution depends on (the last good versions are the model's memory)."""
    return repr({f.name: getattr(options, f.name) for f in dataclasses.fields(options)
                 if f.name != "last_good"})


def fingerprint(files: ResidencyFiles, options: Options) -> Fingerprint:
    """What a residency's resolution depends on: its files as found, their state, the options."""
    paths = [files.folder / "residence.yml", *files.entries, *files.others.values()]
    return (
        str(files.folder), str(files.real), settings_of(options),
        tuple(sorted(str(p) for p in files.refused)),
        tuple(sorted((str(r), str(p)) for r, p in files.others.items())),
        tuple((str(p), file_state(p)) for p in paths),
    )


@dataclass
class _Known:
    """One residency as the last call left it."""

    real: Path
    scan: Scan | None
    settings: str
    fingerprint: Fingerprint
    residency: Residency
    found: list[Problem]  # discovery's, inside the folder
    resolved: list[Problem]  # the resolver's
    drafts: set[str]  # its drafts' files: their problems never block a build

    @property
    def problems(self) -> list[Problem]:
        return [*self.found, *self.resolved]


class IncrementalLoader:
    """A drop-in for ``load_journal`` that remembers each residency between calls."""

    def __init__(self) -> None:
        self._memo: dict[str, _Known] = {}
        self.changed: set[str] = set()  # residency folders (as found) resolved by the last call

    def __call__(self, project_dir: Path, journal_dir: str = JOURNAL_DIR,
                 options: Options | None = None) -> Journal:
        options = options or Options()
        settings = settings_of(options)
        memo: dict[str, _Known] = {}
        self.changed = set()

        def read(project_dir: Path, root: Path, folder: Path, real: Path) -> ResidencyRead:
            known = self._residency(project_dir, root, folder, real, settings, options)
            memo[str(folder)] = known
            return known.residency, known.problems, known.drafts

        journal = read_journal(project_dir, journal_dir, read)
        self.changed |= set(self._memo) - set(memo)  # residencies gone
        self._memo = memo
        return journal

    def _residency(self, project_dir: Path, root: Path, path: Path, real: Path,
                   settings: str, options: Options) -> _Known:
        key = str(path)
        now = scan(key)
        known = self._memo.get(key)
        if (known is not None and now is not None and known.scan == now
                and known.real == real and known.settings == settings):
            return known  # not a file touched: not even walked
        files, found = residency_files(project_dir, root, path, real)
        print_ = fingerprint(files, options)
        if known is not None and known.fingerprint == print_:
            # The same files to read (a stray file came or went): the same residency.
            if known.found != found:
                self.changed.add(key)
            return dataclasses.replace(known, scan=now, found=found)
        residency, resolved, drafts = resolve_residency(project_dir, files, options)
        self.changed.add(key)
        return _Known(real, now, settings, print_, residency, found, resolved, drafts)


class IncrementalPages:
    """A drop-in for ``site_pages`` that keeps the pages of each residency object.

    The loader gives the same :class:`Residency` object for a residency that did not
    change, and its pages depend on nothing else: they are kept. The pages about the
    whole journal (the list of residencies, every action) are taken from the last
    full call, pointed at the new journal; a full call is made when there is none
    (the first call, or the number of residencies crossed one)."""

    def __init__(self) -> None:
        self._by_residency: dict[int, tuple[Residency, list[PageSpec]]] = {}
        self._head: list[PageSpec] = []
        self._tail: list[PageSpec] = []
        self._count = -1
        self.reused = 0  # residencies whose pages the last call kept

    def __call__(self, journal: Journal) -> list[PageSpec]:
        many = len(journal.residencies) > 1
        if many != (self._count > 1) or self._count < 0:
            return self._full(journal)
        specs = [dataclasses.replace(s, obj=journal) if isinstance(s.obj, Journal) else s
                 for s in self._head]
        kept: dict[int, tuple[Residency, list[PageSpec]]] = {}
        self.reused = 0
        for residency in journal.residencies:
            hit = self._by_residency.get(id(residency))
            if hit is not None and hit[0] is residency:
                self.reused += 1
            else:
                hit = (residency, site_pages(Journal(residencies=[residency]))[len(self._head):])
            kept[id(residency)] = hit
            specs.extend(hit[1])
        specs.extend(dataclasses.replace(s, obj=journal) if isinstance(s.obj, Journal) else s
                     for s in self._tail)
        self._by_residency = kept
        self._count = len(journal.residencies)
        return specs

    def _full(self, journal: Journal) -> list[PageSpec]:
        specs = site_pages(journal)
        self._count = len(journal.residencies)
        self.reused = 0
        ours = [i for i, s in enumerate(specs) if s.residency is not None]
        first, last = (ours[0], ours[-1] + 1) if ours else (len(specs), len(specs))
        self._head, self._tail = specs[:first], specs[last:]
        self._by_residency = {}
        for residency in journal.residencies:
            self._by_residency[id(residency)] = (
                residency, [s for s in specs[first:last] if s.residency is residency])
        return specs
