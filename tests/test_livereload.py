"""`mkdocs serve`, as documented, watches journal/ and reloads the open page."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from conftest import RESIDENCE_YML, entry, write_project
from mkdocs.__main__ import cli


def test_serve_reloads_by_default_with_the_pinned_click():
    # click 8.2.2-8.3.x made MkDocs 1.6.1 read `--livereload` as off by default.
    params = cli.commands["serve"].make_context("serve", []).params
    assert params["livereload"] is True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 10) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 60, what: str = "condition"):
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except OSError as exc:  # server not up yet, or rebuilding
            last_error = exc
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} (last error: {last_error})")


@contextmanager
def serving(root, *extra_args: str):
    port = free_port()
    log = open(root / "serve.log", "w+", encoding="utf-8")  # noqa: SIM115 (closed below)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *extra_args],
        cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        yield f"http://127.0.0.1:{port}", root / "serve.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_saving_an_entry_rebuilds_and_reloads_the_open_page(tmp_path):
    day = "journal/res/semaine-1/jour-1.md"
    root = write_project(tmp_path / "p", {
        "journal/res/residence.yml": RESIDENCE_YML,
        day: entry("date: 2013-01-28", "Première version du récit.\n"),
    })
    with serving(root) as (base, _log):
        url = f"{base}/res/semaine-1/jour-1/"
        page = wait_for(lambda: get(url), what="the server")
        assert "Première version" in page
        # The page carries MkDocs' live-reload poller with the site's version (epoch).
        epoch, request_id = re.search(r"livereload\((\d+), (\d+)\);", page).groups()

        time.sleep(1.1)  # a different mtime second, whatever the file system
        (root / day).write_text(entry("date: 2013-01-28", "Seconde version du récit.\n"),
                                encoding="utf-8")
        # What the open tab does: poll until the server announces a newer version...
        newer = wait_for(lambda: int(get(f"{base}/livereload/{epoch}/{request_id}", 70))
                         > int(epoch), timeout=90, what="a newer site version")
        assert newer
        # ...then reload, and the new text is there.
        assert "Seconde version" in wait_for(
            lambda: (p := get(url)) and "Seconde version" in p and p, what="the new text")
