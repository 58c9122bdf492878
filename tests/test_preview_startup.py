"""What the preview does before the first page is served, and what it leaves for later:
the pages neither the navigation nor a tag listing shows are read when rendered (or
when search asks which pages it indexes), each as the build reads it."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

from residency_journal.preview.server import PreviewServer
from residency_journal.preview.site import PreviewSite, page_key
from test_preview import SERVE_URL, Reference, _pagefind_processes, _pages, _project


def test_pages_out_of_the_navigation_are_read_when_rendered(tmp_path: Path):
    root = _project(tmp_path)
    site = PreviewSite(str(root / "mkdocs.yml"), str(tmp_path / "preview"), SERVE_URL)
    reference = Reference(root)
    try:
        site.prepare()
        plugin = site.config.plugins.get("journal")
        kinds = {uri: spec.kind for uri, spec in plugin.specs.items()}
        unread = {kinds[uri] for uri in site.unread}
        assert {"action", "participant"} <= unread
        assert not unread & {"day", "residency", "actions"}  # in the navigation
        listed = {id(p) for p in site.nav.pages}
        for file in site.doc_files:
            if file.src_uri not in site.unread and file.src_uri in kinds:
                assert id(file.page) in listed or plugin.specs[file.src_uri].tags
        # An unread page renders as the build writes it, and is read from then on.
        built = _pages(reference.build(tmp_path / "ref"))
        action = next(f for f in site.doc_files
                      if f.src_uri in site.unread and kinds[f.src_uri] == "action")
        url = page_key(action.url)
        assert site.page(url) == built[url]
        assert action.src_uri not in site.unread
        # Search asks which pages it indexes: every page is read then.
        site.render_order()
        assert site.unread == set()
        assert str(action.page.title) != ""
    finally:
        reference.close()
        site.remove()


def test_a_save_leaves_unread_pages_unread_and_renders_them_new(tmp_path: Path):
    """An action's page not read yet, its residency saved: still unread, and rendered
    from the new source when asked for."""
    root = _project(tmp_path)
    site = PreviewSite(str(root / "mkdocs.yml"), str(tmp_path / "preview"), SERVE_URL)
    reference = Reference(root)
    try:
        site.prepare()
        plugin = site.config.plugins.get("journal")
        action = next(f for f in site.doc_files if f.src_uri in site.unread
                      and plugin.specs[f.src_uri].residency.folder == "journal/residence-test"
                      and plugin.specs[f.src_uri].kind == "action")
        day = root / "journal" / "residence-test" / "semaine-1" / "jour-1.md"
        day.write_text(day.read_text(encoding="utf-8").replace(
            "verdict: proposee", "verdict: retenue"), encoding="utf-8")
        assert site.refresh() is not None
        assert action.src_uri in site.unread
        built = _pages(reference.build(tmp_path / "ref"))
        url = page_key(action.url)
        assert "Retenue" in built[url]
        assert site.page(url) == built[url]
    finally:
        reference.close()
        site.remove()


def test_shutdown_stops_the_background_renderer_before_the_site_is_removed(tmp_path: Path):
    """`mkdocs serve` removes the site's folder right after the server's shutdown: the
    background renderer (pages, the 404 page, the search index) has stopped by then,
    so nothing is written into the folder being removed."""
    root = _project(tmp_path)
    folder = tmp_path / "preview"
    site = PreviewSite(str(root / "mkdocs.yml"), str(folder), SERVE_URL)
    site.prepare()
    server = PreviewServer(site, "127.0.0.1", 0, "/journal-de-residence/", polling_interval=0.1)
    loop = threading.Thread(target=server.serve, daemon=True)
    loop.start()
    server.start_warmer()
    deadline = time.monotonic() + 120
    while not any(folder.glob(".pagefind-*")):  # the search index being built
        assert time.monotonic() < deadline, "no search index built"
        time.sleep(0.005)
    server.shutdown()
    assert [t for t in threading.enumerate() if t.name == "journal-preview-warmer"] == []
    assert _pagefind_processes(parent=os.getpid()) == []
    shutil.rmtree(folder)  # as `serve` does: nothing left half-written in it
    time.sleep(0.5)
    assert not folder.exists()
    loop.join(timeout=10)
