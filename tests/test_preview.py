"""`journal serve` (preview/): after each save, every page it serves is the page
`mkdocs serve` would build from the same files, byte for byte."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ENGINE, RESIDENCE_YML, ROOT, build_project, entry, write_project
from residency_journal.model import Options, load_journal
from residency_journal.model.site import site_pages
from residency_journal.preview.loader import IncrementalLoader, IncrementalPages
from residency_journal.preview.server import PreviewServer
from residency_journal.preview.site import PreviewSite
from serving import fetch, free_port, poll, stop

SERVE_URL = "http://127.0.0.1:8000/journal-de-residence/"
SHIPPED = "journal/achats-durables-rhone-alpes"

# `mkdocs serve`'s builder, kept in one process as serve keeps it (plugin instances
# and their memory of the last good version of each file survive rebuilds): one
# clean build into the site_dir named on each line of stdin.
REFERENCE = """
import sys
if sys.argv[3] == "properdocs":
    import properdocs.replacement  # as the ProperDocs CLI does: mkdocs.* is properdocs.*
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, serve_url = sys.argv[1:3]
started = False
for line in sys.stdin:
    config = load_config(config_file, site_dir=line.strip())
    if not started:
        config.plugins.on_startup(command="serve", dirty=False)
        started = True
    config.site_url = serve_url
    build(config, serve_url=serve_url)
    print("built", flush=True)
"""


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("journal", "docs", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    # A second residency: the site then has the list of residencies and /actions/.
    other = root / "journal" / "residence-test"
    (other / "semaine-1").mkdir(parents=True)
    (other / "residence.yml").write_text(RESIDENCE_YML, encoding="utf-8")
    (other / "semaine-1" / "jour-1.md").write_text(entry("""
        date: 2013-01-28
        authors: [claire]
        actions:
          - id: essai
            title: Une action d'essai
            verdict: proposee
        """), encoding="utf-8")
    return root


class Reference:
    def __init__(self, root: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", REFERENCE, str(root / "mkdocs.yml"), SERVE_URL, ENGINE],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, cwd=root)

    def build(self, site: Path) -> Path:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(f"{site}\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "built"
        return site

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream:
                stream.close()


def _pages(site: Path) -> dict[str, str]:
    return {p.parent.relative_to(site).as_posix().removeprefix(".") + "/": p.read_text("utf-8")
            for p in site.rglob("index.html")}


def _compare(preview: PreviewSite, reference: dict[str, str], step: str) -> None:
    expected = {url.lstrip("/"): html for url, html in reference.items()}
    assert set(preview.pages) == set(expected), step
    different = [u for u in sorted(expected) if preview.page(u) != expected[u]]
    assert not different, f"{step}: pages differ from mkdocs serve's: {different[:10]}"


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def _media(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.svg")
                  if p.relative_to(site).parts[0] != "assets")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_every_page_matches_mkdocs_serve_after_each_save(tmp_path: Path):
    root = _project(tmp_path)
    day = root / SHIPPED / "semaine-3" / "jour-3.md"
    saved: dict[str, str] = {}  # the day as it was before it was broken
    residence = root / SHIPPED / "residence.yml"
    other = root / "journal" / "residence-test"
    # Each step, and how the preview must take it in: "pages" (the set of pages and
    # the navigation kept, only the pages that depend on the save forgotten), "all"
    # (the same, but every page forgotten) or "navigation" (files and navigation
    # built again, the pages' readings kept); never the whole site prepared again.
    steps = [
        ("edit a body", "pages",
         lambda: _edit(day, "\n---\n", "\n---\n\nUne phrase ajoutée au récit.\n")),
        ("change a verdict", "pages",
         lambda: _edit(day, "verdict: a-approfondir", "verdict: retenue")),
        # Material's tags plugin never forgets a page's tags by itself.
        ("remove a day's tags", "pages",
         lambda: _edit(day, "tags: [commande publique, prestation intellectuelle, achat durable]",
                       "tags: [commande publique]")),
        ("change a day's title", "all",  # in the navigation: every page shows it
         lambda: _edit(day, 'title: "Semaine 3, Jour 3"', 'title: "Jour des élus"')),
        ("change a residency's title", "navigation",
         lambda: _edit(residence, "title: Résidence Achats durables", "title: Résidence Achats")),
        ("add an entry", "navigation", lambda: (root / SHIPPED / "semaine-3" / "jour-4.md").write_text(
            entry("""
            date: 2013-02-14
            authors: [claire]
            actions:
              - ref: critere-parite
                verdict: abandonnee
            """, "Un nouveau jour.\n"), encoding="utf-8")),
        ("rename an entry", "navigation", lambda: (root / SHIPPED / "semaine-3" / "jour-4.md").rename(
            root / SHIPPED / "semaine-3" / "jour-6.md")),
        ("break an entry", "pages", lambda: day.write_text(
            saved.setdefault("day", day.read_text("utf-8")).replace(
                "verdict: retenue", "verdict: [oui"), "utf-8")),
        ("fix it", "pages", lambda: day.write_text(saved["day"], encoding="utf-8")),
        ("delete an entry", "navigation",
         lambda: (root / SHIPPED / "semaine-3" / "jour-6.md").unlink()),
        ("link a new image", "navigation", lambda: (
            (other / "semaine-1" / "photo.svg").write_text(SVG, encoding="utf-8"),
            _edit(other / "semaine-1" / "jour-1.md", "Le récit du jour.",
                  "Le récit du jour. ![Une photo](photo.svg)"))),
        ("add a residency", "navigation", lambda: shutil.copytree(
            root / "journal" / "residence-test", root / "journal" / "residence-deux")),
    ]
    reference = Reference(root)
    preview = PreviewSite(str(root / "mkdocs.yml"), str(tmp_path / "preview"), SERVE_URL)
    try:
        preview.prepare()
        _compare(preview, _pages(reference.build(tmp_path / "ref-0")), "start")
        for n, (step, how, save) in enumerate(steps, 1):
            time.sleep(0.01)  # a new modification time, as a save later in time has
            save()
            forgotten = preview.refresh()
            built = reference.build(tmp_path / f"ref-{n}")
            _compare(preview, _pages(built), step)
            assert _media(tmp_path / "preview") == _media(built), step
            preview.write_static_templates()  # what the server does once the open pages are served
            for name in ("404.html", "sitemap.xml"):
                assert (tmp_path / "preview" / name).read_bytes() == (built / name).read_bytes(), step
            assert any(m.endswith("/photo.svg") for m in _media(built)) == (n >= len(steps) - 1)
            assert (preview.last_refresh, preview.generation) == (how, 1), step  # never all again
            if how == "pages":
                # Incremental: the other residency's pages were kept.
                assert forgotten is not None and "residence-test/" not in forgotten, step
    finally:
        reference.close()
        preview.remove()


def test_incremental_loader_gives_the_model_of_load_journal(tmp_path: Path):
    root = _project(tmp_path)
    loader, pages = IncrementalLoader(), IncrementalPages()
    options = Options(include_drafts=True)
    first = loader(root, "journal", options)
    assert _shape(first, pages(first)) == _shape(load_journal(root, "journal", options))
    # Files the model refuses or reports (a stray file, a .markdown): the same problems.
    (root / "journal" / "notes.md").write_text("x", encoding="utf-8")
    (root / "journal" / "residence-test" / "brouillon.markdown").write_text("x", encoding="utf-8")
    _edit(root / SHIPPED / "semaine-1" / "jour-1.md", "\n---\n", "\n---\n\nAjout.\n")
    again = loader(root, "journal", options)
    assert loader.changed == {str(root / SHIPPED), str(root / "journal" / "residence-test")}
    assert _shape(again, pages(again)) == _shape(load_journal(root, "journal", options))
    # residence-test has a new problem but the same files to read: its pages are kept.
    assert pages.reused == 1
    assert "Ajout." in repr(_shape(again))
    # A save in one residency: the other is neither read nor paged again.
    _edit(root / SHIPPED / "semaine-1" / "jour-1.md", "Ajout.", "Ajout corrigé.")
    third = loader(root, "journal", options)
    assert loader.changed == {str(root / SHIPPED)}
    assert _shape(third, pages(third)) == _shape(load_journal(root, "journal", options))
    assert pages.reused == 1
    assert next(r for r in third.residencies if r.slug == "residence-test") is next(
        r for r in again.residencies if r.slug == "residence-test")


def _shape(journal, specs=None) -> tuple:
    """Every page the model gives (URL, kind, title, body, source) and every problem."""
    return ([(s.src_uri, s.kind, s.title, s.body, s.source, s.summary, s.tags, s.full_title,
              type(s.obj).__name__, s.residency.slug if s.residency else None)
             for s in (site_pages(journal) if specs is None else specs)],
            [str(p) for p in journal.problems])


def test_the_server_serves_pages_with_live_reload_and_static_files(tmp_path: Path):
    root = _project(tmp_path)
    site = PreviewSite(str(root / "mkdocs.yml"), tempfile.mkdtemp(), SERVE_URL)
    site.prepare()
    server = PreviewServer(site, "127.0.0.1", 0, "/journal-de-residence/")
    server.server_bind()
    server.server_activate()
    server.serve_thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/journal-de-residence/"
    try:
        with urllib.request.urlopen(base + "achats-durables-rhone-alpes/") as response:
            page = response.read().decode()
        assert "livereload(" in page
        assert page.replace(page[page.rindex("<script>"):page.rindex("</body>")], "") == \
            site.page("achats-durables-rhone-alpes/")
        with urllib.request.urlopen(base + "assets/journal/journal.css") as response:
            assert response.status == 200
    finally:
        server.shutdown()
        site.remove()


@pytest.mark.slow
def test_mkdocs_build_output_is_unchanged_by_a_preview(tmp_path: Path):
    """The published build is `mkdocs build`, byte for byte the same before and after a
    preview ran in the same process (plugin instances are shared within a process)."""
    root = _project(tmp_path)
    before = build_project(root, site_dir="before")
    preview = PreviewSite(str(root / "mkdocs.yml"), str(tmp_path / "preview"), SERVE_URL)
    preview.prepare()
    preview.page("achats-durables-rhone-alpes/")
    preview.remove()
    after = build_project(root, site_dir="after")
    # pagefind/ names its files by hashes that differ between two plain
    # builds too; it indexes the HTML pages, which are compared here.
    def listed(site: Path) -> list[Path]:
        return sorted(p.relative_to(site) for p in site.rglob("*")
                      if p.is_file() and p.relative_to(site).parts[0] != "pagefind")

    files = listed(before.site)
    assert files == listed(after.site)
    assert [f for f in files if (before.site / f).read_bytes() != (after.site / f).read_bytes()] == []
    engine = ", properdocs.replacement" if ENGINE == "properdocs" else ""
    code = (f"import sys{engine}, residency_journal.plugin; "
            "sys.exit('residency_journal.preview' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0



def _index(folder: Path) -> tuple[int, dict[str, str]]:
    """A Pagefind index: its page count and each fragment's page URL and text."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    count = sum(language["page_count"] for language in entry["languages"].values())
    pages = {}
    for path in (folder / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{"):])
        pages[fragment["url"]] = fragment["content"]
    return count, pages


def _index_now(folder: Path) -> tuple[int, dict[str, str]] | None:
    """The index served, or None while there is none (read again if swapped meanwhile)."""
    try:
        return _index(folder)
    except (OSError, ValueError):
        return None


def _pagefind_processes(*, parent: int | None = None, cwd: Path | None = None) -> list[int]:
    """Pagefind processes of this user, started by ``parent`` or running in ``cwd``
    (other processes on the machine may run Pagefind: they are not counted)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            if stat[stat.index("(") + 1:stat.rindex(")")] != "pagefind":
                continue
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            where = os.readlink(proc / "cwd") if cwd is not None else None
        except (OSError, ValueError):
            continue
        if (parent is None or ppid == parent) and (cwd is None or where == str(cwd)):
            found.append(int(proc.name))
    return found


@pytest.mark.slow
def test_search_in_the_preview_holds_every_page_and_follows_saves(tmp_path: Path):
    """Search in the preview may be a little late, but never loses pages. The
    preview runs as `journal serve` runs it (watcher, build loop, background renderer)."""
    root = _project(tmp_path)
    day = root / SHIPPED / "semaine-3" / "jour-3.md"
    gone = root / SHIPPED / "semaine-3" / "jour-2.md"
    reference = Reference(root)
    site = PreviewSite(str(root / "mkdocs.yml"), str(tmp_path / "preview"), SERVE_URL)
    site.prepare()
    assert _pagefind_processes(parent=os.getpid()) == []  # none started per page rendered
    server = PreviewServer(site, "127.0.0.1", 0, "/journal-de-residence/", polling_interval=0.1)
    server.build_delay = 0.05
    server.watch(str(root / "journal"))
    loop = threading.Thread(target=server.serve, daemon=True)
    folder = tmp_path / "preview" / "pagefind"
    try:
        loop.start()
        server.start_warmer()
        expected = _index(reference.build(tmp_path / "ref-0") / "pagefind")
        assert expected[0] == len(expected[1]) > 20
        # After the background pass, every page the build indexes, with the same text.
        poll(lambda: _index_now(folder) == expected, "the preview's search index", 120)
        assert _pagefind_processes(parent=os.getpid()) == []  # the index's process ended
        base = f"http://127.0.0.1:{server.server_address[1]}/journal-de-residence/"
        entry = json.loads(fetch(base + "pagefind/pagefind-entry.json") or "{}")
        assert entry["languages"]["fr"]["page_count"] == expected[0]

        # A new word in a day's body: found on that day's page, in a while.
        time.sleep(0.01)
        _edit(day, "\n---\n", "\n---\n\nUn mot nouveau : xylophonique.\n")
        url = "/achats-durables-rhone-alpes/semaine-3/jour-3/"
        pages = poll(lambda: (index := _index_now(folder)) and "xylophonique" in index[1].get(url, "")
                     and index[1], "the saved word in the search index", 120)
        assert [u for u, text in pages.items() if "xylophonique" in text] == [url]
        assert set(pages) == set(expected[1])  # no page lost on the way

        # An entry deleted: its page leaves the index, every other page stays.
        gone.unlink()
        after = _index(reference.build(tmp_path / "ref-1") / "pagefind")
        assert "/achats-durables-rhone-alpes/semaine-3/jour-2/" in set(expected[1]) - set(after[1])
        poll(lambda: (index := _index_now(folder)) and set(index[1]) == set(after[1])
             and index[0] == after[0], "the deleted entry gone from the search index", 120)
    finally:
        server.shutdown()
        loop.join(timeout=30)
        site.remove()
        reference.close()
    assert _pagefind_processes(parent=os.getpid()) == []


def test_journal_serve_runs_on_the_engine_and_shows_a_save(tmp_path: Path):
    """The command editors run, on the suite's engine (ProperDocs ships no `mkdocs`
    module: the preview imports properdocs.replacement, as ProperDocs' CLI does)."""
    day = "journal/res/semaine-1/jour-1.md"
    root = write_project(tmp_path / "p", {
        "journal/res/residence.yml": RESIDENCE_YML,
        day: entry("date: 2013-01-28", "Première version du récit.\n"),
    })
    _edit(root / "mkdocs.yml", "  - search:\n      lang: fr\n", "")  # the journal's search
    port = free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-c", "from residency_journal.cli import main; main()",
               "serve", "-a", f"127.0.0.1:{port}"]
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(command, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/res/semaine-1/jour-1/"
        assert "Première version" in poll(lambda: fetch(url), "journal serve")
        assert f"(engine: {ENGINE})" in log.read_text(encoding="utf-8")
        time.sleep(0.01)
        (root / day).write_text(entry("date: 2013-01-28", "Seconde version du récit.\n"),
                                encoding="utf-8")
        poll(lambda: (page := fetch(url)) and "Seconde version" in page, "the saved text")
        # The journal's search is served, then found again after a save.
        index = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"
        assert '"page_count":' in poll(lambda: fetch(index), "the search index")
        time.sleep(0.01)
        (root / day).write_text(entry("date: 2013-01-28", "Troisième version.\n"), encoding="utf-8")
        poll(lambda: (page := fetch(url)) and "Troisième version" in page, "the saved text")
    finally:
        # Stopped as a terminal or a process manager stops it, maybe while the search
        # index of the last save is being built: no Pagefind process is left behind.
        stop(server, signal.SIGTERM)
    assert _pagefind_processes(cwd=root) == []
    assert "Shutting down" in log.read_text(encoding="utf-8")
