"""The server `mkdocs serve` runs for a preview: MkDocs' own, pages from :class:`.site.PreviewSite`.

:class:`PreviewServer` is ``mkdocs.livereload.LiveReloadServer`` (its watcher,
its build loop, its long-poll live reload, its static files served from the
site directory); only a request for a page is answered from the
:class:`PreviewSite` (rendered on demand, then kept), with MkDocs' live-reload
script added. The browsers' live-reload polls name the page they come from
(``Referer``): after a save those pages are rendered again before the browsers
are told to reload, so the reload gets them at once. Other pages are rendered
when a browser asks for them. A background thread, only while no request is
answered, no save is being taken in and for a second after a save (and from two
seconds after the start: the first page first), writes the 404 page and sitemap
after the navigation changed and, when a search index needs every page, renders
them all and writes the index:

- the journal's own search (Pagefind, ``publishing.search``): the pages it indexes
  whose body a save may have changed (:attr:`.site.PreviewSite.search_first`) or
  that were never rendered first (:meth:`.site.PreviewSite.render_order`), then the
  index is built (:meth:`.site.PreviewSite.write_pagefind`), then the other pages
  (a participant's page, a listing: half of a large site); ``/pagefind/`` is served
  from :class:`.search.PagefindIndex` (the previous index until the new one is
  whole). A save that comes meanwhile starts the pass again from its own pages.
  A page rendered in the background is rendered only as far as search and the
  files written from every page need (:data:`.site.SEARCHED_BODY`: no head,
  navigation or footer) and not kept;
- MkDocs' or Material's search plugin: its index once every page is rendered.

So search is complete a while after start, and a few seconds after each save;
then the feeds, open data and other plugins' on_post_build files are written too
(:meth:`.site.PreviewSite.write_after_pages`).

Only requests for this preview's own address are answered (:func:`allowed_hosts`:
DNS rebinding), odd paths get a 4xx (:func:`refused_path`), and a page that fails
to render answers a French error page (:func:`failure_page`) while the others
keep answering.
The preview leaves no Pagefind process behind: none is started per page, the
index's process is ended on exit (Ctrl-C, or SIGTERM, handled as Ctrl-C), and the
background renderer has stopped before `serve` removes the site's folder.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import signal
import threading
import time
import traceback
import urllib.parse
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from . import ENGINE
from .engine_seam import EngineServer, serve_loads_config, watched_paths
from .site import PreviewSite

log = logging.getLogger("mkdocs.plugins.residency_journal.preview")

OPEN_FOR = 120.0  # seconds a page counts as open in a browser after its last live-reload poll
# Seconds after a save before the background renderer goes on: an editor who saves
# again soon gets the whole machine (two threads rendering share one interpreter).
WARM_AFTER = 1.0
# Seconds after the server starts before the background renderer begins: the first page
# a browser asks for is served without sharing the interpreter.
START_AFTER = 2.0
# Seconds the background renderer is given to stop at shutdown (it stops after the page
# it is rendering; a Pagefind build under way is ended).
STOP_WITHIN = 30.0
# Longest request path answered (a page's URL is far shorter): longer ones get 414.
MAX_PATH = 2048


class PreviewServer(EngineServer):
    def __init__(self, site: PreviewSite, host: str, port: int, mount_path: str = "/",
                 livereload: bool = True, **kwargs: Any) -> None:
        self.site = site
        self.livereload = livereload
        self.open_pages: dict[str, float] = {}
        self._idle = threading.Event()
        self._idle.set()
        self._rebuilding = False
        self._quiet_from = 0.0  # monotonic time from which the background renderer may run
        super().__init__(builder=self.rebuild, host=host, port=port, root=site.site_dir,
                         mount_path=mount_path, **kwargs)
        self.error_handler = self._error_page
        self.host = host
        self.hosts = allowed_hosts(host, port)

    def server_bind(self) -> None:
        super().server_bind()
        self.hosts = allowed_hosts(self.host, self.server_address[1])  # port 0: the one bound

    # --- after a save ----------------------------------------------------------

    def rebuild(self) -> None:
        started = time.monotonic()
        self._rebuilding = True
        try:
            try:
                forgotten = self.site.refresh()
            except Exception as error:  # the pages kept are served; the next save prepares all
                log.error(f"Aperçu : l'enregistrement n'a pas pu être pris en compte : {error!r}")
                self.site.broken = True
                forgotten = None
            for url in self._pages_open():
                with contextlib.suppress(Exception):  # its error page is shown when asked for
                    self.site.page(url)
        finally:
            self._rebuilding = False
            self._quiet_from = time.monotonic() + WARM_AFTER
        log.info(f"Preview updated in {time.monotonic() - started:.2f} s "
                 f"({'all pages' if forgotten is None else f'{len(forgotten)} pages'} to render again)")
        self._wake_warmer()

    def _pages_open(self) -> list[str]:
        now = time.monotonic()
        return [url for url, seen in list(self.open_pages.items()) if now - seen < OPEN_FOR]

    # --- requests -----------------------------------------------------------------

    def serve_request(self, environ: dict[str, Any], start_response: Any):
        """Every request: refused before anything is read when its ``Host`` is not this
        preview's (a page of another site reaching it through DNS rebinding) or its path
        cannot name a file of the site; else answered as MkDocs' server answers it."""
        refusal = self._refusal(environ)
        if refusal is not None:
            status, text = refusal
            body = text.encode("utf-8")
            start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                                    ("Content-Length", str(len(body)))])
            return [body]
        return super().serve_request(environ, start_response)

    def _refusal(self, environ: dict[str, Any]) -> tuple[str, str] | None:
        if str(environ.get("HTTP_HOST", "")).lower() not in self.hosts:
            return ("421 Misdirected Request",
                    "Cet aperçu ne répond qu'aux adresses locales (127.0.0.1, localhost).\n")
        return refused_path(environ.get("PATH_INFO", ""))

    def answer(self, environ: dict[str, Any], start_response: Any):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):
            self._note_open(environ.get("HTTP_REFERER"))
            return self.serve_file(environ, start_response)
        search = self._search_file(path)
        if search is not None:
            return self._serve_search(search, start_response)
        url = self._page_url(path)
        if url is None:
            return self.serve_file(environ, start_response)
        self._idle.clear()
        try:
            epoch = self.site_version()
            try:
                page = self.site.page(url)
            except Exception as error:
                page = None
                content = failure_page(url, error, self.site.source_of(url),
                                       self.site.project_dir).encode("utf-8")
                status = "500 Internal Server Error"
                log.error(f"Aperçu : la page /{url} n'a pas pu être rendue : {error}")
            else:
                status = "200 OK"
        finally:
            self._idle.set()
        if status == "200 OK":
            if page is None:
                return self.serve_file(environ, start_response)
            content = page.encode("utf-8", errors="xmlcharrefreplace")
        if self.livereload:
            content = self.with_live_reload(content, epoch)
        start_response(status, [("Content-Type", "text/html; charset=utf-8"),
                                  ("Content-Length", str(len(content)))])
        return [content]

    def _page_url(self, path: str) -> str | None:
        """The page URL (as in File.url) a request path names, if it names a page."""
        if not (path + "/").startswith(self.mount_path):
            return None
        rel = path[len(self.mount_path):]
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        if rel and not rel.endswith("/"):
            return None
        return urllib.parse.unquote(rel) if rel in self.site.pages or (
            urllib.parse.unquote(rel) in self.site.pages) else None

    def _search_file(self, path: str) -> str | None:
        """The file inside pagefind/ a request path names, if it names one."""
        prefix = self.mount_path + "pagefind/"
        return path[len(prefix):] if path.startswith(prefix) and path != prefix else None

    def _serve_search(self, rel: str, start_response: Any):
        """A file of the journal's search index: from the index served, whole (see
        :class:`.search.PagefindIndex`)."""
        data = self.site.pagefind.read(rel)
        if data is None:
            return None  # 404
        start_response("200 OK", [("Content-Type", self.content_type(rel)),
                                  ("Content-Length", str(len(data)))])
        return [data]

    def _note_open(self, referer: str | None) -> None:
        if not referer:
            return
        path = urllib.parse.urlsplit(referer).path
        url = self._page_url(path)
        if url is not None:
            self.open_pages[url] = time.monotonic()

    def _error_page(self, code: int) -> bytes | None:
        if code == 404:
            try:
                with open(f"{self.site.site_dir}/404.html", "rb") as f:
                    return f.read()
            except OSError:
                return None
        return None

    # --- while idle: the 404 page and sitemap; every page if the search index needs it ---

    def start_warmer(self) -> None:
        self._quiet_from = max(self._quiet_from, time.monotonic() + START_AFTER)
        self._warm_wanted = threading.Event()
        self._warm_wanted.set()
        self._warmer = threading.Thread(target=self._warm, name="journal-preview-warmer",
                                        daemon=True)
        self._warmer.start()

    def shutdown(self, wait: bool = False) -> None:
        """MkDocs' shutdown, then the background renderer stopped (a Pagefind build under
        way ended) before `serve` removes the site's folder it writes into."""
        super().shutdown(wait)
        self.site.close()
        warmer = getattr(self, "_warmer", None)
        if warmer is not None:
            self._warm_wanted.set()
            warmer.join(timeout=STOP_WITHIN)

    def _wake_warmer(self) -> None:
        if hasattr(self, "_warm_wanted"):
            self._warm_wanted.set()

    def _wait_quiet(self) -> None:
        """Until no browser's request is being answered and no save is being taken in."""
        while not self.stopping:
            self._idle.wait()  # a browser's request first
            if self.save_pending or self._rebuilding:  # a save detected, or being taken in
                time.sleep(0.05)
            elif (wait := self._quiet_from - time.monotonic()) > 0:
                time.sleep(min(wait, 0.1))
            else:
                return

    def _warm(self) -> None:
        while not self.stopping:
            self._warm_wanted.wait()
            self._warm_wanted.clear()
            self._wait_quiet()
            try:
                self._warm_once()
            except Exception as error:  # never the end of the preview's search
                log.warning(f"Preview: background rendering failed: {error!r}")
                log.debug("Where it failed:", exc_info=True)  # for whoever reads the log
                time.sleep(1)
                self._warm_wanted.set()

    def _warm_once(self) -> None:
        self.site.write_static_templates()
        if not self.site.needs_every_page():
            return  # pages are rendered when asked for; nothing needs them all
        urls, searched = self.site.render_order()
        if searched == 0:
            self._write_pagefind()  # pages gone, or bodies known since the last index
        for done, url in enumerate(urls, start=1):
            self._wait_quiet()
            if self.stopping or self._warm_wanted.is_set():
                return  # a save came: the pages it changed first
            self.site.page(url, keep=False)  # what is written from it is kept, not the page
            if done == searched:
                self._write_pagefind()  # every page search indexes is rendered
        if self.stopping or self._warm_wanted.is_set():
            return
        if self.site.write_after_pages():
            log.debug("Search index, feeds and open data written")
        self._write_pagefind()

    def _write_pagefind(self) -> None:
        self._wait_quiet()
        if not self.stopping and self.site.write_pagefind():
            log.info(f"Search index updated: {self.site.pagefind.pages} pages "
                     f"({self.site.pagefind.seconds:.1f} s)")


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` headers this preview answers: the loopback names and the address it
    listens on, each with its port (without it too on port 80, as browsers send it)."""
    names = {"127.0.0.1", "localhost", "[::1]", f"[{host}]" if ":" in host else host}
    hosts = {f"{name.lower()}:{port}" for name in names}
    if port == 80:
        hosts |= {name.lower() for name in names}
    return frozenset(hosts)


def refused_path(path_info: str) -> tuple[str, str] | None:
    """Why a request path is refused (status, text), or None: too long, not UTF-8, with a
    control character (NUL), a backslash or a ``.``/``..`` segment, also once more decoded
    (``%2e%2e`` arrives decoded; ``%252e%252e`` is refused too)."""
    if len(path_info) > MAX_PATH:
        return ("414 URI Too Long", "Adresse trop longue.\n")
    try:
        path = path_info.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return ("400 Bad Request", "Adresse illisible (pas de l'UTF-8).\n")
    for form in (path, urllib.parse.unquote(path)):
        if any(ord(c) < 32 or c in "\\\x7f" for c in form) or any(
                part in (".", "..") for part in form.split("/")):
            return ("400 Bad Request", "Adresse refusée.\n")
    return None


FAILURE_PAGE = """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Erreur d'affichage : /{url}</title></head>
<body>
<main>
<h1>Cette page n'a pas pu être affichée</h1>
<p>L'aperçu n'a pas pu fabriquer la page <code>/{url}</code>{source}.</p>
<p>Message : <code>{message}</code></p>
<p>Où : <code>{where}</code></p>
<p>Les autres pages restent consultables. Corrigez puis enregistrez :
cette page se recharge d'elle-même.</p>
</main>
</body>
</html>
"""


def failure_page(url: str, error: BaseException, source: str | None,
                 project_dir: str | None = None) -> str:
    """The French page answered for a page that failed to render: the message, where
    (file:line, the template's line for a template error) and the page's source file."""
    return FAILURE_PAGE.format(
        url=html.escape(url), message=html.escape(f"{type(error).__name__}: {error}"),
        where=html.escape(error_location(error, project_dir)),
        source=f" (fichier <code>{html.escape(source)}</code>)" if source else "")


def error_location(error: BaseException, project_dir: str | None = None) -> str:
    """``file:line`` of an error: a template's own (Jinja's syntax errors and the
    template frames of its tracebacks), else the innermost frame; relative to the project."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not (filename and line):
        frames = traceback.extract_tb(error.__traceback__)
        templates = [f for f in frames if f.filename.endswith((".html", ".xml", ".j2"))]
        frame = (templates or frames or [None])[-1]
        if frame is None:
            return "?"
        filename, line = frame.filename, frame.lineno
    if project_dir and str(filename).startswith(project_dir.rstrip("/") + "/"):
        filename = str(filename)[len(project_dir.rstrip("/")) + 1:]
    return f"{filename}:{line}"


def preview_server(server: LiveReloadServer, config: MkDocsConfig,
                   journal_dir: Any = None) -> PreviewServer:
    """The server `mkdocs serve` runs in place of ``server`` (the journal plugin's
    on_serve): the same address, mount path, site_dir and watched paths (and the journal
    folder), pages from a :class:`PreviewSite` prepared now, the background renderer
    started. SIGTERM stops it as Ctrl-C does (``serve`` then runs on_shutdown)."""
    started = time.monotonic()
    load = serve_loads_config()
    if load is None:  # not called from `serve`: the config file and site_dir as given
        def load() -> MkDocsConfig:
            return load_config(config.config_file_path, site_dir=config.site_dir,
                               dev_addr=f"{config.dev_addr.host}:{config.dev_addr.port}")
    site = PreviewSite(config.config_file_path, config.site_dir, config.site_url or server.url,
                       load=load, started=True)
    site.prepare()
    log.info(f"Preview ready in {time.monotonic() - started:.2f} s (engine: {ENGINE})")
    host, port = config.dev_addr
    preview = PreviewServer(site, host, port, server.mount_path, polling_interval=0.2)
    preview.build_delay = 0.05
    for path in watched_paths(server):
        preview.watch(path)
    if journal_dir is not None and os.path.isdir(journal_dir):
        preview.watch(str(journal_dir))
    server.server_close()  # never bound: its socket is closed
    preview.start_warmer()
    _stop_on_sigterm()
    return preview


def serve(config_file: str | None, dev_addr: str | None, livereload: bool,
          open_in_browser: bool = False) -> None:
    """`journal serve`: `mkdocs serve` (whose journal plugin serves the preview)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _log_like_mkdocs()
    options = {"dev_addr": dev_addr} if dev_addr else {}
    mkdocs_serve(config_file, livereload=livereload, open_in_browser=open_in_browser, **options)


def _stop_on_sigterm() -> None:
    """SIGTERM (a terminal closed, a process manager) stops the preview as Ctrl-C does:
    the search index's Pagefind process is ended, the temporary site removed."""
    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread: left as it is
        signal.signal(signal.SIGTERM, stop)


def _log_like_mkdocs() -> None:
    """INFO and above on stderr, as the `mkdocs` command prints them (problems are WARNINGs)."""
    logger = logging.getLogger(ENGINE)
    if ENGINE != "mkdocs":  # as ProperDocs' CLI does: `mkdocs.*` loggers (plugins) count too
        logging.getLogger("mkdocs").parent = logger
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
