"""`mkdocs serve` (the journal's preview) serves every URL a build writes, with the
same bytes, after each step of a scripted sequence of saves; nothing more."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ENGINE, entry
from serving import free_port, poll, stop
from test_preview import REFERENCE, SHIPPED, _edit, _project

MOUNT = "/journal-de-residence/"
# Pagefind names its files by hashes that differ between two builds of the same pages;
# its entry file is compared by what it says (pages indexed).
NOT_COMPARED = ("pagefind/",)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""
    except http.client.IncompleteRead:
        # A file the engine or another plugin rewrites in place (the sitemap, Material's
        # search index) can be cut for a reader mid-write; the next poll reads it whole.
        return 0, b""


def _without_live_reload(html: bytes) -> bytes:
    """The page as the preview renders it: MkDocs' server adds one <script> before </body>."""
    end = html.rfind(b"</body>")
    start = html.rfind(b"<script>", 0, end)
    if end < 0 or start < 0 or b"livereload(" not in html[start:end]:
        return html
    return html[:start] + html[end:]


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _differences(base: str, built: Path, gone: set[str]) -> list[str]:
    """What the preview serves differently from the build in ``built``; the URLs in
    ``gone`` (written by an earlier build, not by this one) must not be served."""
    out = []
    for rel, path in _files(built).items():
        if rel.startswith(NOT_COMPARED):
            continue
        url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        status, body = _get(url)
        expected = path.read_bytes()
        if status != 200:  # not served yet (or at all): no body to compare
            out.append(f"{rel} ({status})")
            continue
        if rel.endswith(".html"):
            body = _without_live_reload(body)
        elif rel.endswith(".gz"):
            body, expected = gzip.decompress(body) if body else b"", gzip.decompress(expected)
        if body != expected:
            out.append(f"{rel} ({status})")
    for rel in sorted(gone):
        url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        if _get(url)[0] != 404:
            out.append(f"{rel} still served")
    status, body = _get(base + "pagefind/pagefind-entry.json")
    built_entry = (built / "pagefind" / "pagefind-entry.json").read_bytes()
    page_count = built_entry[built_entry.index(b'"page_count"'):].split(b"}")[0]
    if status != 200 or page_count not in body:
        out.append(f"pagefind-entry.json ({status}): not {page_count!r}")
    return out


@pytest.mark.slow
def test_mkdocs_serve_serves_what_the_build_writes_after_each_save(tmp_path: Path):
    root = _project(tmp_path)
    day = root / SHIPPED / "semaine-3" / "jour-3.md"
    saved: dict[str, str] = {}
    other = root / "journal" / "residence-test"
    steps = [
        ("start", lambda: None),
        ("edit a body", lambda: _edit(day, "\n---\n", "\n---\n\nUne phrase ajoutée au récit.\n")),
        ("change a verdict", lambda: _edit(day, "verdict: a-approfondir", "verdict: retenue")),
        ("change a day's title",
         lambda: _edit(day, 'title: "Semaine 3, Jour 3"', 'title: "Jour des élus"')),
        ("add an entry", lambda: (root / SHIPPED / "semaine-3" / "jour-4.md").write_text(entry(
            "date: 2013-02-14\nauthors: [claire]\n", "Un nouveau jour.\n"), encoding="utf-8")),
        ("rename an entry", lambda: (root / SHIPPED / "semaine-3" / "jour-4.md").rename(
            root / SHIPPED / "semaine-3" / "jour-6.md")),
        ("break an entry", lambda: day.write_text(
            saved.setdefault("day", day.read_text("utf-8")).replace(
                "verdict: retenue", "verdict: [oui"), "utf-8")),
        ("fix it", lambda: day.write_text(saved["day"], encoding="utf-8")),
        ("delete an entry", lambda: (root / SHIPPED / "semaine-3" / "jour-6.md").unlink()),
        ("add a residency", lambda: shutil.copytree(other, root / "journal" / "residence-deux")),
    ]
    port = free_port()
    base = f"http://127.0.0.1:{port}{MOUNT}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    reference = subprocess.Popen(
        [sys.executable, "-c", REFERENCE, str(root / "mkdocs.yml"), base, ENGINE],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        cwd=root, env=env)
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    # As the README starts it: `mkdocs serve`, or `properdocs serve -f mkdocs.yml`.
    command = [sys.executable, "-m", ENGINE, "serve", "-a", f"127.0.0.1:{port}"]
    if ENGINE == "properdocs":
        command += ["-f", "mkdocs.yml"]
    server = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        before: set[str] = set()
        for n, (step, save) in enumerate(steps):
            time.sleep(0.05)  # a new modification time
            save()
            assert reference.stdin and reference.stdout
            built = tmp_path / f"ref-{n}"
            reference.stdin.write(f"{built}\n")
            reference.stdin.flush()
            assert reference.stdout.readline().strip() == "built"
            now = set(_files(built))
            gone = {r for r in before - now if not r.startswith(NOT_COMPARED)}
            found: list[str] = []

            def same(built: Path = built, gone: set[str] = gone, found: list = found) -> bool:
                found[:] = _differences(base, built, gone)
                return not found

            try:
                poll(same, f"the preview to serve the build after {step!r}", timeout=90)
            except AssertionError:
                raise AssertionError(f"{step}: {len(found)} URLs differ: {found[:12]}") from None
            before = now
    finally:
        stop(server)
        reference.kill()
        reference.wait()
        for stream in (reference.stdin, reference.stdout):
            if stream:
                stream.close()
        log.close()
    assert "Preview ready" in (tmp_path / "serve.log").read_text(encoding="utf-8")


def test_mkdocs_serve_without_live_reload_serves_a_whole_build(tmp_path: Path):
    """MkDocs calls no on_serve with --no-livereload: its first build is then the site."""
    from conftest import RESIDENCE_YML, write_project
    from serving import fetch, serving

    root = write_project(tmp_path / "p", {
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28", "Le récit du jour.\n"),
    })
    with serving(root, "--no-livereload") as (base, log, _server):
        page = poll(lambda: fetch(f"{base}/res/semaine-1/jour-1/"), "the day's page")
        assert "Le récit du jour." in page and "livereload(" not in page
    assert "Preview ready" not in log.read_text(encoding="utf-8")


def test_mkdocs_serve_checks_anchor_links_and_writes_search_as_the_build_does(tmp_path: Path):
    from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, write_project
    from serving import serving

    yml = BASE_MKDOCS_YML + "validation:\n  anchors: warn\n"
    root = write_project(tmp_path / "p", {
        "docs/index.md": "# Accueil\n\nVoir [la suite](#nulle-part).\n",
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28", "Le récit du jour.\n"),
    }, yml)
    with serving(root) as (base, log, _server):
        problem = poll(lambda: next((line for line in log.read_text(encoding="utf-8").splitlines()
                                     if "#nulle-part" in line), None),
                       "the anchor reported in the log", timeout=90)
        # Checked once every page is rendered: Material's search index is then whole.
        index = _get(f"{base}/search/search_index.json")
        assert index[0] == 200
        assert any("Le récit du jour." in d["text"] for d in json.loads(index[1])["docs"])
    assert problem.startswith("WARNING") and "index.md" in problem
