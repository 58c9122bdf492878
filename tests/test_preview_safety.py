"""The preview answers only its own address, refuses odd paths with a 4xx, and a page
that fails to render shows its error while every other page keeps answering."""

from __future__ import annotations

import http.client
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, entry, write_project
from residency_journal.preview.loader import IncrementalLoader
from residency_journal.preview.server import PreviewServer, allowed_hosts, refused_path
from residency_journal.preview.site import PreviewSite
from serving import free_port, poll

DAY1 = "journal/res/semaine-1/jour-1.md"
DAY2 = "journal/res/semaine-1/jour-2.md"
# A site's own template with a mistake that only some content reaches (line 3).
BROKEN_MAIN = """{% extends "base.html" %}
{% block content %}
{% if "PANNE" in (page.content or "") %}{{ page.no_such_method() }}{% endif %}
{{ super() }}
{% endblock %}
"""


def _project(tmp_path: Path) -> Path:
    yml = BASE_MKDOCS_YML.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    return write_project(tmp_path / "p", {
        "journal/res/residence.yml": RESIDENCE_YML,
        DAY1: entry("date: 2013-01-28", "Le premier jour.\n"),
        DAY2: entry("date: 2013-01-29", "Le deuxième jour.\n"),
        "overrides/main.html": BROKEN_MAIN,
    }, yml)


@contextmanager
def _serving(root: Path) -> Iterator[PreviewServer]:
    port = free_port()
    site = PreviewSite(str(root / "mkdocs.yml"), tempfile.mkdtemp(), f"http://127.0.0.1:{port}/")
    site.prepare()
    server = PreviewServer(site, "127.0.0.1", port, "/", polling_interval=0.1)
    server.build_delay = 0.05
    server.watch(str(root / "journal"))
    loop = threading.Thread(target=server.serve)
    loop.start()
    poll(lambda: server.serve_thread.is_alive(), "the server to listen")
    try:
        yield server
    finally:
        server.shutdown()
        loop.join(timeout=30)
        site.remove()


def _get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, str, float]:
    """(status, body, seconds) of a GET with the ``Host`` given (the server's own by default)."""
    port = server.server_address[1]
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), \
            time.monotonic() - started
    finally:
        connection.close()


def _raw(server: PreviewServer, target: bytes) -> int:
    """The status of a request line sent as bytes (no client-side quoting)."""
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                     b"Connection: close\r\n\r\n" % port)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def test_only_the_preview_s_own_host_is_answered(tmp_path: Path):
    with _serving(_project(tmp_path)) as server:
        port = server.server_address[1]
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}",
                     f"[::1]:{port}"):
            status, page, _ = _get(server, "/res/semaine-1/jour-1/", host)
            assert status == 200 and "Le premier jour" in page, host
        # DNS rebinding: a page of another site, its name now pointing at 127.0.0.1.
        for host in (f"attacker.example:{port}", "attacker.example", "127.0.0.1",
                     f"127.0.0.1:{port + 1}", f"localhost.attacker.example:{port}", ""):
            for path in ("/res/semaine-1/jour-1/", "/pagefind/pagefind-entry.json",
                         "/livereload/1/1", "/"):
                status, page, _ = _get(server, path, host)
                assert status == 421, (host, path)
                assert "premier jour" not in page


def test_the_address_given_with_a_is_answered():
    assert "192.168.1.20:8001" in allowed_hosts("192.168.1.20", 8001)
    assert "[fe80::1]:8000" in allowed_hosts("fe80::1", 8000)
    assert "localhost" not in allowed_hosts("127.0.0.1", 8000)
    assert "localhost" in allowed_hosts("127.0.0.1", 80)  # browsers omit port 80


# PATH_INFO as the server gets it: percent-decoded once (so "%2e" here was "%252e").
@pytest.mark.parametrize("path", [
    "/res/\x00/", "/%00", "/../../etc/passwd", "/res/%2e%2e/%2e%2e/", "/a/%2e%2E/b",
    "/a\\..\\b", "/\x7f", "/" + "a" * 5000, "/\xff\xfe",
])
def test_odd_paths_are_refused(path: str):
    refusal = refused_path(path)
    assert refusal is not None and refusal[0][:1] == "4", path


def test_ordinary_paths_are_not_refused():
    for path in ("/", "/res/semaine-1/jour-1/", "/assets/journal/journal.css",
                 "/pagefind/pagefind-entry.json", "/résidence/".encode().decode("latin-1"),
                 "/journal-de-residence/été/".encode().decode("latin-1"), "/a..b/.well/"):
        assert refused_path(path) is None, path


def test_odd_paths_get_a_4xx_from_the_server(tmp_path: Path):
    with _serving(_project(tmp_path)) as server:
        for target in (b"/res/%00/", b"/%2e%2e/%2e%2e/etc/passwd", b"/..%2f..%2fmkdocs.yml",
                       b"/res/%252e%252e/", b"/%ff", b"/x\\..\\..\\mkdocs.yml",
                       b"/" + b"a" * 5000, b"/res/semaine-1/jour-1/%00"):
            status = _raw(server, target)
            assert 400 <= status < 500, (target[:40], status)
        assert _get(server, "/res/semaine-1/jour-1/")[0] == 200


def test_a_page_that_fails_shows_its_error_and_the_others_answer(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch):
    loads: list[None] = []  # one a journal load: the signal that a save was taken in
    load = IncrementalLoader.__call__
    monkeypatch.setattr(IncrementalLoader, "__call__",
                        lambda self, *a, **k: (loads.append(None), load(self, *a, **k))[1])
    root = _project(tmp_path)
    with _serving(root) as server:
        assert _get(server, "/res/semaine-1/jour-2/")[0] == 200
        (root / DAY2).write_text(entry("date: 2013-01-29", "Une PANNE ce jour-là.\n"),
                                 encoding="utf-8")
        status, page, seconds = poll(
            lambda: (a := _get(server, "/res/semaine-1/jour-2/"))[0] != 200 and a,
            "the failing page")
        assert status == 500 and seconds < 1
        assert '<html lang="fr">' in page and "n'a pas pu être affichée" in page
        assert "no_such_method" in page  # the message
        assert "overrides/main.html:3" in page  # where: the template's line
        assert DAY2 in page  # the page's own file
        assert "livereload(" in page  # it reloads itself once fixed
        for path in ("/res/semaine-1/jour-1/", "/", "/res/"):
            status, _, seconds = _get(server, path)
            assert status == 200 and seconds < 1, path
        # Saved again, still broken: the others still answer (nothing hangs).
        before = len(loads)
        time.sleep(0.05)
        (root / DAY2).write_text(entry("date: 2013-01-29", "Toujours en PANNE.\n"),
                                 encoding="utf-8")
        poll(lambda: len(loads) > before, "the save to be taken in")
        status, _, seconds = _get(server, "/res/semaine-1/jour-1/")
        assert status == 200 and seconds < 1
        # The next good save recovers.
        (root / DAY2).write_text(entry("date: 2013-01-29", "Réparé.\n"), encoding="utf-8")
        status, page, _ = poll(
            lambda: (a := _get(server, "/res/semaine-1/jour-2/"))[0] == 200 and a,
            "the page to recover")
        assert "Réparé." in page
