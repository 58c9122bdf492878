"""From validated files to the linked journal: ids, refs, weeks, days, state.

Rules that span several files (the content model's "Identity and references"),
run in this order for each residency (:func:`_resolve`):

- the residence file, its team and participants, its weeks (:mod:`.declarations`,
  :mod:`.placement`);
- each entry's week and day, one entry a day (:mod:`.placement`);
- the ids declared by published entries, then each participant's name and
  consent (:mod:`.declarations`);
- what entries mention: a ref must resolve (:mod:`.references`);
- the links of bodies, re-aimed at the site (:mod:`.body_links`);
- the derived state: journal order, weeks, each action's latest state (here).

What the rules share while they run is a :class:`.resolution.Resolution`.
Finding the files is :mod:`.discovery`; what a body may link to (the publishing
boundary) is :mod:`.links`.

One mistake, one message: a ref to an id whose declaration was set aside
because of a mistake already reported (an unreadable entry, an item missing its
title, an entry that lost its day) is not reported again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .body_links import link_bodies
from .declarations import (
    declare_in_entries,
    declare_residence_people,
    draft_declarations,
    raw_ids,
    settle_people,
)
from .discovery import JOURNAL_DIR, ResidencyFiles, rel, residency_files, top_level
from .entities import Journal, Residency, Week
from .messages import quote, say
from .placement import close_weeks, place_entries
from .problems import Problem
from .reading import EntryFile, read_entry, read_residence
from .references import check_refs_only, mention
from .resolution import Resolution
from .schema import ResidenceFile
from .slugs import slugify
from .validate import Validated
from .vocabulary import Vocabulary


@dataclass
class Options:
    """How to read a journal."""

    include_drafts: bool = False
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    # For previews: a cache, owned by the caller and kept between loads, of the
    # last readable version of each file. A file that becomes unreadable (broken
    # YAML, impossible date) keeps its last good content while its problem is
    # reported, so a half-typed save never makes a page disappear.
    last_good: dict[str, Any] | None = None
    # The heading-anchor function of the site's toc extension, ``(text, separator)
    # -> anchor``, when mkdocs.yml configures one; None: toc's default.
    slugify: Callable[[str, str], str] | None = None
    # Keep the names given without consent (previews only, where they are shown
    # marked as private). False: they are dropped here, so no page, search index,
    # feed or export of a build can ever hold one.
    private_names: bool = False


def load_journal(project_dir: Path, journal_dir: str = JOURNAL_DIR,
                 options: Options | None = None) -> Journal:
    """Read, validate and resolve every residency under ``project_dir/journal_dir``."""
    options = options or Options()
    return read_journal(project_dir, journal_dir, functools.partial(read_residency, options))


# A residency, its problems (finding its files included) and its drafts' files.
ResidencyRead = tuple[Residency, list[Problem], set[str]]
# Reads one residency folder: (project folder, journal folder, the folder as found, resolved).
ReadResidency = Callable[[Path, Path, Path, Path], ResidencyRead]


def read_journal(project_dir: Path, journal_dir: str, read: ReadResidency) -> Journal:
    """The course of every load of the journal: its folder (one problem if there is
    none), the residency folders at its top, each read by ``read`` in order, then
    :func:`finish_journal`. :func:`load_journal` reads every residency; the
    preview's incremental loader and the reading without drafts keep some."""
    project_dir = Path(os.path.abspath(project_dir))
    root = project_dir / journal_dir
    journal = Journal()
    if not root.is_dir():
        journal.problems.append(Problem(journal_dir, 0, "", say("journal.missing")))
        return journal
    top = top_level(project_dir, root)
    for folder, real in top.folders:
        residency, problems, drafts = read(project_dir, root, folder, real)
        journal.residencies.append(residency)
        journal.problems.extend(problems)
        journal.draft_files |= drafts
    journal.problems.extend(top.problems)
    return finish_journal(journal)


def read_residency(options: Options, project_dir: Path, root: Path, folder: Path,
                   real: Path) -> ResidencyRead:
    """One residency folder found at the top of ``root``: its files found, then resolved."""
    files, found = residency_files(project_dir, root, folder, real)
    residency, problems, drafts = resolve_residency(project_dir, files, options)
    return residency, [*found, *problems], drafts


def finish_journal(journal: Journal) -> Journal:
    """The rules across residencies (one slug each), then the problems in file order."""
    slugs: dict[str, Residency] = {}
    for residency in journal.residencies:
        if residency.slug in slugs:
            journal.problems.append(Problem(
                residency.source, residency.slug_line, "slug" if residency.slug_line else "",
                say("residence.slug_taken", slug=quote(residency.slug),
                    other=slugs[residency.slug].folder)))
        slugs.setdefault(residency.slug, residency)
    journal.residencies = list(slugs.values())
    journal.problems.sort()
    return journal


def _resolve(project_dir: Path, files: ResidencyFiles, options: Options,
             journal: Journal) -> None:
    """One residency, added to ``journal`` with its problems."""
    r = _start(project_dir, files, options, journal)
    info = r.residence.value if r.residence else None
    if info:
        declare_residence_people(r, info)
        r.res.weeks = [Week(i + 1, w.start, w.end, end_written=w.end is not None)
                       for i, w in enumerate(info.weeks)]
        close_weeks(r)

    entries = [_read_entry(r, path) for path in files.entries]
    for f in entries:
        if f.is_draft:
            journal.draft_files.add(f.path)
        if r.shown(f):
            r.problems.extend(f.problems)
            r.set_aside |= raw_ids(f.frontmatter.doc.data)
        if f.frontmatter.value is None:
            r.unpublish(f, "link.to_draft" if f.is_draft else "link.to_unpublished")
    usable = [f for f in entries if f.frontmatter.value is not None]
    placed = place_entries(r, usable)
    published = [(f, e) for f, e in placed if not r.hidden(f)]
    for f, _ in placed:
        if r.hidden(f):
            r.unpublish(f, "link.to_draft")
    r.draft_ids = draft_declarations([f for f, _ in placed if f.is_draft])
    declare_in_entries(r, published)
    settle_people(r, usable, placed)
    mention(r, published)
    for f in entries:
        if f.rest is not None and f.frontmatter.value is None and r.shown(f):
            check_refs_only(r, dataclasses.replace(f, frontmatter=f.rest))
    link_bodies(r, entries, published)
    _finish(r)
    journal.residencies.append(r.res)
    journal.problems.extend(r.problems)


def _start(project_dir: Path, files: ResidencyFiles, options: Options,
           journal: Journal) -> Resolution:
    """The residency as residence.yml declares it (its folder's name if it cannot be read)."""
    residence_path = files.folder / "residence.yml"
    rel_path = rel(project_dir, residence_path)
    residence: Validated[ResidenceFile] | None = None
    problems: list[Problem] = []
    set_aside: set[str] = set()
    if residence_path in files.refused:
        pass  # a symbolic link out of the journal: already reported
    elif residence_path.is_file():
        residence = _or_last_good(options, read_residence(residence_path, rel_path), rel_path)
        problems.extend(residence.problems)
        set_aside |= raw_ids(residence.doc.data)
    else:
        problems.append(Problem(rel_path, 0, "", say("residence.missing")))
    info = residence.value if residence else None
    slug = (info.slug if info and info.slug else slugify(files.folder.name)) or "residence"
    res = Residency(
        slug=slug,
        title=info.title if info else files.folder.name,
        folder=rel(project_dir, files.folder),
        source=rel_path,
        host=info.host if info else None,
        place=info.place if info else None,
        summary=info.summary if info else None,
        extra=dict(info.extra) if info else {},
        slug_line=residence.line(("slug",)) if info and info.slug and residence else 0,
    )
    return Resolution(project_dir, files, options, journal, res, residence, problems,
                      set_aside=set_aside)


def _read_entry(r: Resolution, path: Path) -> EntryFile:
    f = read_entry(path, rel(r.project_dir, path))
    f.frontmatter = _or_last_good(r.options, f.frontmatter, f.path, f)
    return f


def _or_last_good(options: Options, validated: Validated, key: str,
                  f: EntryFile | None = None) -> Validated:
    """For previews: a file that became unreadable keeps its last good content
    (see :attr:`Options.last_good`) while its problems are reported."""
    cache = options.last_good
    if cache is None:
        return validated
    if validated.value is not None:
        cache[key] = (validated, f.body if f else None, f.body_line if f else None)
        return validated
    if key not in cache:
        return validated
    good, body, body_line = cache[key]
    if f is not None:
        f.body, f.body_line = body, body_line
    return dataclasses.replace(good, problems=validated.problems)


def _finish(r: Resolution) -> None:
    """The derived state: journal order, weeks, each action's state; actions nobody
    mentions in a published entry are not shown (one declared only in a draft
    stays private)."""
    res = r.res
    res.entries.sort(key=lambda e: e.order_key)
    for before, after in zip(res.entries, res.entries[1:], strict=False):
        before.next, after.previous = after, before
    weeks = {w.number: w for w in res.weeks}
    for entry in res.days:
        weeks.setdefault(entry.week, Week(entry.week)).entries.append(entry)
    res.weeks = [weeks[n] for n in sorted(weeks)]
    for action in res.actions.values():
        action.derive_state()
        action.status_label = r.options.vocabulary.status_label(action.status)
    res.actions = {k: a for k, a in sorted(res.actions.items(),
                                           key=lambda kv: kv[1].steps[0].entry.order_key
                                           if kv[1].steps else (0, 0, dt.date.min, ""))
                   if a.steps}


def resolve_residency(project_dir: Path, files: ResidencyFiles,
                      options: Options) -> tuple[Residency, list[Problem], set[str]]:
    """One residency resolved on its own (residencies are independent until
    :func:`finish_journal`): the residency, its problems and its drafts' files."""
    scratch = Journal()
    _resolve(Path(os.path.abspath(project_dir)), files, options, scratch)
    (residency,) = scratch.residencies
    return residency, scratch.problems, scratch.draft_files
