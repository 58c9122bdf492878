"""Search in the preview: Pagefind's index, built in the background from the pages rendered.

In a build the journal plugin hands each written page to a
:class:`~residency_journal.search_index.SearchIndexer` (``publishing.indexer``,
fed by ``on_post_page``), which runs one ``pagefind --service`` process and
writes the index in ``on_post_build``. A preview has no end of build: pages are
rendered one by one, on demand and again after saves. So :class:`SearchBodies`
takes the indexer's place in the plugin (``post_page`` calls its ``add``) and
keeps the searched part of each rendered page by URL, replaced when the page is
rendered again; no process is started for it. Once every page has been rendered
since the last save, :class:`PagefindIndex` builds an index from all of them (a
fresh ``SearchIndexer``, the pages in the site's order, as a build feeds them)
into a folder of its own, then swaps it in as ``site_dir/pagefind/``: the
server reads that folder under :attr:`PagefindIndex.lock`, so a reader never
sees half an index, and a file missing from the new index (Pagefind names its
files by their content) is still served from the previous one for a browser
that loaded the previous entry file.

The index is built at the preview's own priority. Niced (it was), it got so
little of a busy machine that one index of 2786 pages took 15 to 27 s instead of
5, and the search was whole 20 to 32 s after a save. A save that comes while an
index is built shares the interpreter with the second of Python work a build
holds (feeding Pagefind, writing its files); the pages are rendered between saves
(the server's background renderer waits for quiet).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ..search_index import BODY_END, OUTPUT_DIR, SearchIndexer, marked_body

_NOT_SEARCHED = None  # a page rendered without a marked body (search does not index it)


class SearchBodies:
    """Stands in the journal plugin's ``publishing.indexer`` in a preview: the searched
    part of each rendered page (what ``SearchIndexer.add`` would send), by URL."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bodies: dict[str, str | None] = {}  # URL from the site's root -> body
        self.version = 0  # counts changes of ``bodies``

    def add(self, url: str, html: str) -> bool:
        """A page rendered (``url`` from the site's root, ``/a/b/``); whether it is searched."""
        marked = marked_body(html)
        body = marked + BODY_END if marked is not None else _NOT_SEARCHED
        with self.lock:
            if url not in self.bodies or self.bodies[url] != body:
                self.bodies[url] = body
                self.version += 1
        return body is not None

    def pages(self, urls: list[str]) -> list[tuple[str, str]]:
        """(URL, body) of the searched pages among ``urls``, in that order; the bodies of
        pages not in ``urls`` (gone since) are dropped."""
        with self.lock:
            gone = self.bodies.keys() - set(urls)
            for url in gone:
                del self.bodies[url]
            if gone:
                self.version += 1
            return [(url, body) for url in urls if (body := self.bodies.get(url)) is not None]

    def close(self) -> None:
        """As ``SearchIndexer.close`` (the plugin calls it in ``on_config``): nothing runs."""


class PagefindIndex:
    """``site_dir/pagefind/``, built again from all pages and swapped in whole."""

    def __init__(self, site_dir: str) -> None:
        self.site_dir = Path(site_dir)
        self.folder = self.site_dir / OUTPUT_DIR
        self.previous: Path | None = None  # the index replaced last, still served
        self.lock = threading.Lock()  # held while swapping and while a file is read
        self.pages = -1  # pages in the index served (-1: none written yet)
        self.seconds = 0.0  # what the last build took
        self._building: SearchIndexer | None = None
        self._closed = False
        self._state = threading.Lock()

    def build(self, pages: list[tuple[str, str]]) -> bool:
        """Index ``pages`` and swap the new index in; False if closed meanwhile."""
        started = time.monotonic()
        work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=self.site_dir))
        try:
            indexer = self._start()
            if indexer is None:
                return False
            try:
                for url, body in pages:
                    indexer.add(url, body)
                indexer.write(work / OUTPUT_DIR)
                count = indexer.wait()
            finally:
                indexer.close()
                with self._state:
                    self._building = None
            if self._closed:
                return False
            self._swap(work)
            self.pages = count
            self.seconds = time.monotonic() - started
            return True
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _start(self) -> SearchIndexer | None:
        with self._state:
            if self._closed:
                return None
            self._building = SearchIndexer()
            return self._building

    def _swap(self, work: Path) -> None:
        old = self.site_dir / f".pagefind-old-{time.monotonic_ns()}"
        with self.lock:
            with contextlib.suppress(FileNotFoundError):
                os.replace(self.folder, old)
            os.replace(work / OUTPUT_DIR, self.folder)
            stale, self.previous = self.previous, old if old.exists() else None
        if stale is not None:
            shutil.rmtree(stale, ignore_errors=True)

    @contextlib.contextmanager
    def set_aside(self) -> Iterator[None]:
        """The index kept out of the site's folder (which is being cleaned) meanwhile."""
        aside = self.site_dir / f".pagefind-aside-{time.monotonic_ns()}"
        with self.lock:
            moved = self.folder.is_dir()
            if moved:
                os.replace(self.folder, aside)
            try:
                yield
            finally:
                if moved:
                    os.replace(aside, self.folder)

    def read(self, rel: str) -> bytes | None:
        """A file of the index (``rel`` inside ``pagefind/``), from the index served or the
        one before it; None if neither has it."""
        with self.lock:
            for folder in (self.folder, self.previous):
                if folder is None:
                    continue
                path = os.path.normpath(os.path.join(folder, rel))
                if not path.startswith(str(folder) + os.sep):
                    return None
                with contextlib.suppress(OSError), open(path, "rb") as file:
                    return file.read()
        return None

    def close(self) -> None:
        """No more builds; a build under way is stopped and its Pagefind process ended."""
        with self._state:
            self._closed = True
            building = self._building
        if building is not None:
            building.close()
