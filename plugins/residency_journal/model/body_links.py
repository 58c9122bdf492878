"""The links of a residency's published entries, re-aimed at what the site
publishes (:func:`.links.rewrite_links`), and the files of the residency that no
entry links to."""

from __future__ import annotations

import os
from pathlib import Path

from .discovery import rel
from .entities import Entry
from .links import Targets, nfc, relative_targets, rewrite_links
from .messages import say
from .problems import Problem
from .reading import EntryFile
from .resolution import Resolution, real_path


def link_bodies(r: Resolution, files: list[EntryFile],
                published: list[tuple[EntryFile, Entry]]) -> None:
    """Re-aim the links of published entries; report files nobody links to.

    A file of the residency that no entry links to is not published, and the
    resident is told (the content model: nothing is dropped without a word).
    A file that only a draft, or an entry that could not be published, links
    to gets no message: a draft never fails a build, and the entry's own
    mistake is already reported.
    """
    residency_real = r.files.real
    targets = Targets(
        residency_dir=residency_real,
        published={real_path(f): e.src_uri for f, e in published},
        unpublished=r.unpublished,
        media={real for real in r.files.others if real.is_relative_to(residency_real)},
        refused=r.files.refused,
        drafts={real_path(f) for f, e in published if e.draft},
    )
    for real, path in r.files.others.items():
        targets.by_nfc.update({nfc(str(path)): real, nfc(str(real)): real})
    for f in files:
        targets.by_nfc.update({nfc(str(f.abs_path)): real_path(f),
                               nfc(str(real_path(f))): real_path(f)})
    used: set[Path] = set()
    for f, entry in published:
        def report(line: int, message: str, f: EntryFile = f, entry: Entry = entry) -> None:
            r.problems.append(Problem(f.path, entry.body_line + line - 1, "", message))

        def add_media(uri: str, path: Path) -> None:
            r.res.media[uri] = str(path)
            used.add(path)

        entry.body = rewrite_links(
            entry.body,
            entry_dir=f.abs_path.parent,
            targets=targets,
            target_uri=entry.src_uri,
            target_url=entry.url,
            slug=r.res.slug,
            on_media=add_media,
            on_problem=report,
            from_draft=entry.draft,
        )
    published_files = {id(f) for f, _ in published}
    for f in files:
        if id(f) not in published_files:
            for target in relative_targets(f.body):
                real = Path(os.path.realpath(f.abs_path.parent / target))
                used.add(targets.by_nfc.get(nfc(str(real)), real))
    for real in sorted(targets.media - used - targets.unusable):
        path = r.files.others[real]
        r.problems.append(Problem(rel(r.project_dir, path), 0, "", say("publish.unused_file")))
