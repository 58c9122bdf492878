"""One residency on its way to the linked journal: what the rules of
:mod:`.resolve` share while they run.

The residency being built and its problems, and three side tables that a later
rule reads to say the right thing once: the ids declared only in drafts, the ids
whose declaration was set aside by a mistake already reported, and the entry
files that are not published (with the message a link to one gets). Whether a
draft counts in this load is decided here, once (:meth:`Resolution.hidden`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .discovery import ResidencyFiles
from .entities import Journal, Residency
from .problems import Problem, field_path
from .reading import EntryFile
from .schema import ResidenceFile
from .validate import Validated

if TYPE_CHECKING:
    from .resolve import Options


@dataclass
class Resolution:
    project_dir: Path
    files: ResidencyFiles
    options: Options
    journal: Journal
    res: Residency
    residence: Validated[ResidenceFile] | None = None
    problems: list[Problem] = field(default_factory=list)
    # Ids declared in drafts -> the draft's path: why a published ref does not resolve.
    draft_ids: dict[str, str] = field(default_factory=dict)
    # Ids whose declaration was set aside by a mistake already reported.
    set_aside: set[str] = field(default_factory=set)
    # Entry files (resolved) that are not published, with the message a link to one gets.
    unpublished: dict[Path, str] = field(default_factory=dict)

    def problem(self, path: str, line: int, loc: tuple, message: str) -> None:
        self.problems.append(Problem(path, line, field_path(loc), message))

    def hidden(self, f: EntryFile) -> bool:
        """A draft in a load without drafts: not published, and its own problems
        not reported (a draft never fails a build)."""
        return f.is_draft and not self.options.include_drafts

    def shown(self, f: EntryFile) -> bool:
        """Are this file's own problems reported? A draft's only when drafts are shown."""
        return not self.hidden(f)

    def unpublish(self, f: EntryFile, reason: str = "link.to_unpublished") -> None:
        """``f`` is not published: a link to it gets ``reason``."""
        self.unpublished[real_path(f)] = reason


def real_path(f: EntryFile) -> Path:
    return Path(os.path.realpath(f.abs_path))
