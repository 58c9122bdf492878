"""`mkdocs serve` survives a broken save, says what is wrong, and shows the fix."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from click.testing import CliRunner
from residency_journal import cli

T = TypeVar("T")
SLUG = "residence-serve"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page's text, or None while the server is not answering (or rebuilding)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def poll(check: Callable[[], T | None], what: str, timeout: float = 60) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")


def entry(date: str, body: str) -> str:
    return f"---\ndate: {date}\nauthors: [camille]\n---\n\n{body}\n"


def test_serve_keeps_running_on_a_broken_entry_and_shows_the_fix(tmp_path: Path):
    root = tmp_path / "site"
    created = CliRunner().invoke(cli.main, ["init", str(root), "--slug", SLUG])
    assert created.exit_code == 0, created.output
    start = re.search(r"  - start: (\S+)", (root / "journal" / SLUG / "residence.yml")
                      .read_text(encoding="utf-8")).group(1)
    day = root / "journal" / SLUG / "semaine-1" / "jour-2.md"
    rel = day.relative_to(root).as_posix()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            home = poll(lambda: fetch(f"{base}/"), "the server to answer")
            assert SLUG in home

            # A good save first: the day is served.
            day_url = f"{base}/{SLUG}/semaine-1/jour-2/"
            day.write_text(entry(start, "Première version du jour deux."), encoding="utf-8")
            poll(lambda: (p := fetch(day_url)) and "Première version" in p, "the first version",
                 timeout=90)

            # A save with broken YAML: an unclosed list on line 3.
            day.write_text(f"---\ndate: {start}\ntags: [atelier, accueil\n---\n\nBrouillon.\n",
                           encoding="utf-8")
            problem = re.compile(re.escape(rel) + r":\d+: the YAML cannot be read")
            poll(lambda: problem.search(log_path.read_text(encoding="utf-8")),
                 f"`{rel}:LINE:` in the server's log")
            assert fetch(f"{base}/") is not None, "the server stopped answering"
            assert "Une phrase entendue" in poll(
                lambda: fetch(f"{base}/{SLUG}/semaine-1/jour-1/"), "the other days")
            # the last good version of the broken day stays served
            assert "Première version" in (fetch(day_url) or "")
            assert server.poll() is None

            # The fix: the day's page appears with the new text.
            day.write_text(entry(start, "Texte corrigé après l'erreur."), encoding="utf-8")
            page = poll(lambda: (p := fetch(f"{base}/{SLUG}/semaine-1/jour-2/"))
                        and "Texte corrigé après l" in p and p, "the fixed page", timeout=90)
            assert "Texte corrigé" in page
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
