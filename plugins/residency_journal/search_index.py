"""The search index, written by Pagefind (PyPI ``pagefind[bin]``) while MkDocs builds.

Why Pagefind: the reader downloads nothing for search until they type, then
only the part of the index that holds their words (Material's search loads the
whole index, 12 MB at 1000 entries, on every page); it stems French (Snowball),
folds accents and splits elisions. See tools/pagefind_spike/README.md.

How: each page MkDocs writes (``on_post_page``) is handed to a Pagefind service
process from a worker thread, in build order, one page at a time (so the same
site gives the same index), while MkDocs goes on rendering the next pages: on
two cores, most of the indexing overlaps the build. Only pages whose template
marked a body (``data-pagefind-body``) are sent, and only that body: Pagefind would
skip the rest anyway, after parsing it.

Nothing here decides *what* is found: that is :mod:`.model.search` and the
templates (``data-pagefind-body`` on the pages to find).
"""

from __future__ import annotations

import base64
import json
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path

from . import search_chunks, search_filters
from .model.urls import SEARCH_INDEX_FOLDER

BODY_MARK = "<div data-pagefind-body"
BODY_END = "<!--journal-search-end-->"  # written by main.html after the marked body
OUTPUT_DIR = SEARCH_INDEX_FOLDER  # the index's folder in the site

# What the site does not need from Pagefind's output: its ready-made UIs (ours is
# templates/partials + assets/journal/search.js) and the playground.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
          "playground")

# Pagefind ends the text of a block (p, li, td, a heading) with a full stop when it
# ends with a word, but not that of a definition list's term and value or of a table's
# header cell: its excerpts read "VerdictÀ approfondir Impactmoyen". In what is sent to
# Pagefind only (the page keeps its markup), a term ending with a word gets " : ", a
# value or a header cell a full stop, as Pagefind does for a cell (the same in residents'
# Markdown: def_list, tables). A line break too: an action's name and the note under it
# in a day's table read "…intellectuelles Les prestataires demandent…".
SEPARATED_END = re.compile(r"</(dt|dd|th)>|<br\b[^>]*>")
WORD_END = re.compile(r"[\w'\")»%*$]")

# Not indexed inside a marked body: heading permalinks (¶), the tag list and the
# line under a day's title that repeats the residency's name on every day (results
# are ranked by what each page says, not by what they all share).
EXCLUDE_SELECTORS = (".headerlink", ".md-tags", ".journal-meta", ".md-source-file",
                     "[data-journal-search-ignore]")


def separated(body: str) -> str:
    """``body`` with the separators Pagefind does not add itself (see SEPARATED_END)."""
    parts, done = [], 0
    for match in SEPARATED_END.finditer(body):
        text = body[done:match.start()]
        if _ends_with_word(text):
            mark = "\u00a0: " if match.group(1) == "dt" else ". "
        else:
            mark = "" if match.group(1) is None else " "
        parts += [text, mark, match.group(0)]
        done = match.end()
    parts.append(body[done:])
    return "".join(parts)


def _ends_with_word(html: str) -> bool:
    """Whether the last character shown before ``html``'s trailing closing tags is a word's."""
    end = len(html)
    while True:
        text = html[:end].rstrip()
        start = text.rfind("<")
        if not text.endswith(">") or start < 0 or not text.startswith("</", start):
            return bool(text) and not text.endswith(">") and WORD_END.match(text[-1]) is not None
        end = start


def marked_body(html: str) -> str | None:
    """The part of a written page that search indexes: from its marked body to the end
    marker (None if the page marks no body). Only that goes to Pagefind, which would skip
    the rest after parsing it: the navigation, header and footer are 75 to 90 % of a
    page's bytes."""
    start = html.find(BODY_MARK)
    end = html.find(BODY_END, start) if start >= 0 else -1
    return html[start:end] if end >= 0 else None


def available() -> bool:
    return _executable() is not None


def _executable() -> Path | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    return get_executable()


class PagefindProcess:
    """``pagefind --service``: requests and responses are base64 JSON, each ended by a comma.

    Spoken to directly rather than through ``pagefind.index.PagefindIndex``: that client
    reads one response per 100 ms (``asyncio.sleep(0.1)`` in its polling loop), 57 s of
    waiting for 570 pages. Here a thread reads the responses as they come, and requests
    are written without waiting for the previous answer; ``wait`` collects one.
    """

    def __init__(self, executable: Path) -> None:
        self._process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._next_id = 0
        self._responses: dict[int, dict] = {}
        self._done = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="pagefind-read", daemon=True)
        self._reader.start()

    def send(self, payload: dict) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        assert self._process.stdin is not None
        self._process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        self._process.stdin.flush()
        return self._next_id

    def wait(self, message_id: int) -> dict:
        with self._done:
            self._done.wait_for(lambda: message_id in self._responses or self._closed)
            payload = self._responses.pop(message_id, None)
        if payload is None:
            raise RuntimeError("pagefind stopped without answering")
        if payload.get("type") == "Error":
            raise RuntimeError(f"pagefind: {payload.get('message')}")
        return payload

    def close(self) -> None:
        if self._process.stdin is not None and not self._process.stdin.closed:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=10)
        if self._process.stdout is not None:
            self._process.stdout.close()

    def _read(self) -> None:
        assert self._process.stdout is not None
        pending: list[bytes] = []  # the start of a message not ended yet
        try:
            while chunk := self._process.stdout.read1(1 << 16):
                if b"," not in chunk:  # a long answer (the index's files): joined once, at its end
                    pending.append(chunk)
                    continue
                *messages, rest = chunk.split(b",")
                messages[0] = b"".join([*pending, messages[0]])
                pending = [rest]
                for raw in messages:
                    response = json.loads(base64.b64decode(raw)) if raw.strip() else None
                    if response and response.get("message_id") is not None:
                        with self._done:
                            self._responses[response["message_id"]] = response["payload"]
                            self._done.notify_all()
        finally:
            with self._done:
                self._closed = True
                self._done.notify_all()


class SearchIndexer:
    """One build's index: ``add`` pages as they are written, then ``finish``."""

    def __init__(self, language: str = "fr") -> None:
        self._pages: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._output: Path | None = None
        self._error: BaseException | None = None
        self._language = language
        self.seen: set[str] = set()  # every page offered, indexed or not
        self.added: set[str] = set()
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    def add(self, url: str, html: str) -> bool:
        """Queue a written page (``url`` from the site's root, ``/a/b/``) if its body is marked."""
        if url in self.seen:
            return False
        self.seen.add(url)
        body = marked_body(html)
        if body is None:
            return False
        self.added.add(url)
        self._pages.put((url, f"<html><body>{separated(body)}</body></html>"))
        return True

    def write(self, output: Path, more: Iterable[tuple[str, Path]] = ()) -> None:
        """No more pages: Pagefind starts writing the index into ``output`` (replacing it)
        while the build goes on; ``wait`` for it. ``more`` are pages already on disk that
        this build did not write (``mkdocs serve --dirty``)."""
        for url, path in more:
            if url not in self.seen and path.is_file():
                self.add(url, path.read_text(encoding="utf-8", errors="replace"))
        self._output = output
        self._pages.put(None)

    def wait(self) -> int:
        """Once the index is written: the number of pages indexed."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return len(self.added)

    def close(self) -> None:
        """Stop without writing (a build that failed)."""
        if self._thread.is_alive():
            self._output = None
            self._pages.put(None)
            self._thread.join()

    def _run(self) -> None:
        try:
            self._index()
        except BaseException as error:  # reported by finish(), in the build's thread
            self._error = error

    def _index(self) -> None:
        executable = _executable()
        if executable is None:
            raise RuntimeError("pagefind is not installed")
        service = PagefindProcess(executable)
        try:
            index_id = service.wait(service.send({"type": "NewIndex", "config": {
                "exclude_selectors": list(EXCLUDE_SELECTORS),
                "force_language": self._language,
            }}))["index_id"]
            sent = []
            while (page := self._pages.get()) is not None:
                url, html = page
                sent.append(service.send({"type": "AddFile", "index_id": index_id, "url": url,
                                          "file_path": None, "file_contents": html}))
            for message_id in sent:
                service.wait(message_id)
            if self._output is not None:
                files = service.wait(service.send({"type": "GetFiles", "index_id": index_id}))
                # Read once: ``close`` (another thread: a preview stopping) may have
                # cleared it while Pagefind was answering, and then nothing is written.
                if (output := self._output) is not None:
                    _write(output, files["files"], self._language)
        finally:
            service.close()


def _write(output: Path, files: list[dict], language: str) -> None:
    """Write the index into ``output`` (replacing it), without Pagefind's own UIs and the
    stemmers of other languages (the language is forced, so Pagefind's "unknown" one is
    never used), its filters in order (:mod:`.search_filters`), its word index re-split
    (:mod:`.search_chunks`).

    The files come back in the service's answer (``GetFiles``) rather than being written
    by Pagefind (``WriteFiles``): Pagefind answers ``WriteFiles`` before its writes are
    flushed, and once its input is closed it may exit with a file still empty (seen:
    a 0-byte ``pagefind-entry.json`` under load, a search that never answers)."""
    kept: dict[str, bytes] = {}
    for file in files:
        name = file["path"]
        if name.split("/", 1)[0] in UNUSED or (
                name.startswith("wasm.") and name != f"wasm.{language}.pagefind"):
            continue
        if name.startswith("/") or ".." in name.split("/"):
            raise RuntimeError(f"pagefind: unexpected file {name!r}")
        kept[name] = base64.b64decode(file["content"])
    # The same bytes for the same site (Pagefind writes a filter's values in a random
    # order: search_filters), in chunks of the size Pagefind means (it misjudges
    # accented words: search_chunks).
    kept = search_filters.sort_filters(kept)
    kept = search_chunks.rechunk(kept, search_chunks.TARGET)
    if output.exists():
        shutil.rmtree(output)
    for name in sorted(kept):
        path = output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(kept[name])


def root_url(url: str) -> str:
    """A page's URL from the site's root, as the search names it: ``/a/b/``, ``/`` for
    the home (``./`` in MkDocs' File)."""
    return "/" + ("" if url in ("", "./", ".") else url.lstrip("/"))
