"""Finding the files of a journal, and the first half of the publishing boundary.

Every file under ``journal/`` ends in exactly one of these:

- ignored, silently: anything whose name starts with a dot (``.history/``,
  ``.trash/``, ``.DS_Store``, editor backups), at every level;
- read: ``<residency>/residence.yml`` and every ``*.md`` file of a residency
  folder (an entry, wherever it sits below the folder);
- a media candidate: any other file of a residency folder. It is published only
  if a published entry links to it (see :mod:`.links`);
- named in a message: an ``.MD`` or ``.markdown`` file ("renommez-le en .md"),
  a file at the top of ``journal/`` (it belongs to no residency), a symbolic
  link leading out of the journal folder or into a hidden folder, a symbolic
  link to a residency's ``residence.yml`` or to a Markdown file under another
  name (``media/notes.txt -> ../residence.yml``: the rule is on the file it
  leads to, not on its own name), a symbolic link to a folder or an entry of
  another residency, a file that is not a regular file (a pipe, a device).

Paths are resolved (symbolic links followed): an entry, a media file or a
residency folder is used only when its real location is inside the real
journal folder, outside any dot-folder. A symbolic link to another place of the
journal is followed; each real folder is walked once, so a link loop ends.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .links import is_markdown
from .messages import quote, say
from .problems import Problem

JOURNAL_DIR = "journal"  # the journal folder, relative to mkdocs.yml, unless it says otherwise


@dataclass
class ResidencyFiles:
    """The files of one residency folder."""

    folder: Path  # as found: <project>/journal/<name>
    real: Path  # resolved
    entries: list[Path] = field(default_factory=list)  # as found, sorted
    others: dict[Path, Path] = field(default_factory=dict)  # real path -> path as found
    refused: set[Path] = field(default_factory=set)  # as found; already reported


def rel(project_dir: Path, path: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()


class _Finder:
    def __init__(self, project_dir: Path, root: Path):
        self.project_dir = project_dir
        self.root = root
        self.root_real = Path(os.path.realpath(root))
        self.problems: list[Problem] = []

    def problem(self, path: Path, key: str, **values: object) -> None:
        self.problems.append(Problem(rel(self.project_dir, path), 0, "", say(key, **values)))

    def real(self, path: Path) -> Path | None:
        """The real location of ``path`` if it is allowed (inside the journal, not hidden);
        else report it and return None."""
        real = Path(os.path.realpath(path))
        inside = real.is_relative_to(self.root_real)
        hidden = inside and any(p.startswith(".") for p in real.relative_to(self.root_real).parts)
        if not inside or hidden:
            self.problem(path, "publish.symlink_out", target=quote(real.as_posix(), 120))
            return None
        return real

    def top(self) -> list[tuple[Path, Path]]:
        """The residency folders at the top of the journal (as found, resolved), in
        order; a stray file or a link out of the journal is reported."""
        folders: list[tuple[Path, Path]] = []
        for entry in _sorted_entries(self.root):
            path = self.root / entry.name
            if entry.name.startswith("."):
                continue
            if entry.is_dir():  # follows symbolic links
                real = self.real(path) if entry.is_symlink() else Path(os.path.realpath(path))
                if real is not None:
                    folders.append((path, real))
            elif is_markdown(entry.name):
                self.problem(path, "publish.top_level_markdown")
            else:
                self.problem(path, "publish.top_level_file")
        return folders

    def residency(self, folder: Path, real: Path) -> ResidencyFiles:
        files = ResidencyFiles(folder, real)
        self.walk(folder, files, {real})
        files.entries.sort()
        return files

    def walk(self, folder: Path, files: ResidencyFiles, seen: set[Path]) -> None:
        for entry in _sorted_entries(folder):
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            real = self.real(path) if entry.is_symlink() else Path(os.path.realpath(path))
            if real is None:
                files.refused.add(path)
                continue
            try:
                mode = os.stat(real).st_mode
            except OSError:
                self.problem(path, "publish.unreadable")
                continue
            if (stat.S_ISDIR(mode) or entry.name.endswith(".md")) \
                    and not real.is_relative_to(files.real):
                # Another residency's folder or entry would be published twice, under
                # this residency's name too.
                self.problem(path, "publish.symlink_other_residency",
                             target=quote(self.shown(real), 120))
                files.refused.add(path)
            elif stat.S_ISDIR(mode):
                if real not in seen:  # a folder linked twice, or a loop, is walked once
                    seen.add(real)
                    self.walk(path, files, seen)
            elif not stat.S_ISREG(mode):
                self.problem(path, "publish.not_a_file")
            elif folder == files.folder and entry.name == "residence.yml":
                continue
            elif (what := self.private(real, entry.name)) is not None:
                # The rule is on the file a link leads to, whatever the link's own name.
                self.problem(path, "publish.symlink_private", target=quote(self.shown(real), 120),
                             what=say(what))
                files.refused.add(path)
            elif entry.name.endswith(".md"):
                files.entries.append(path)
            elif is_markdown(entry.name):
                stem = entry.name[: entry.name.rfind(".")]
                self.problem(path, "publish.rename_markdown", name=quote(stem + ".md"))
            else:
                files.others.setdefault(real, path)

    def private(self, real: Path, name: str) -> str | None:
        """What the file at ``real`` (found as ``name``) is when it may never be
        published as media: a residency's residence.yml, or a Markdown file (an
        entry) under a name that is not an entry's. None: it may be."""
        if real.name == "residence.yml" and real.parent.parent == self.root_real:
            return "publish.what_residence"
        if is_markdown(real.name) and not is_markdown(name):
            return "publish.what_entry"
        return None

    def shown(self, real: Path) -> str:
        """A real path inside the journal, as the resident sees it: journal/<...>."""
        return (Path(self.root.name) / real.relative_to(self.root_real)).as_posix()


def _sorted_entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda e: e.name)
    except OSError:
        return []


# --- The journal is read one residency at a time (the preview reads again only the
# residencies a save changed) ---

@dataclass
class TopLevel:
    """The journal folder's top level: each residency folder (as found, resolved) in
    order, and the problems of the top level (a stray file, a link out of the journal)."""

    folders: list[tuple[Path, Path]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def top_level(project_dir: Path, root: Path) -> TopLevel:
    """The residency folders at the top of ``root`` (the journal folder), not walked."""
    finder = _Finder(project_dir, root)
    folders = finder.top()
    return TopLevel(folders, finder.problems)


def residency_files(project_dir: Path, root: Path, folder: Path,
                    real: Path) -> tuple[ResidencyFiles, list[Problem]]:
    """The files of one residency folder found by :func:`top_level`, and its problems."""
    finder = _Finder(project_dir, root)
    files = finder.residency(folder, real)
    return files, finder.problems
