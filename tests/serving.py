"""Running `mkdocs serve` on a free loopback port for a test, and talking to it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> str | None:
    """The page's text, or None while the server is not answering (or rebuilding)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def poll(check: Callable[[], T | None], what: str, timeout: float = 60) -> T:
    """Call ``check`` until it returns something truthy; bounded in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")


@contextmanager
def serving(root: Path, *args: str) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    """`mkdocs serve` in ``root``: yields (base URL, log file, process); always stopped."""
    port = free_port()
    log_path = root.parent / f"serve-{port}.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *args, "-a", f"127.0.0.1:{port}"],
            cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            yield f"http://127.0.0.1:{port}", log_path, server
        finally:
            stop(server)


def stop(server: subprocess.Popen, how: signal.Signals = signal.SIGINT) -> None:
    """Stop a server, by default as Ctrl-C does: `mkdocs serve` then removes its
    temporary site (``mkdocs_*``; SIGTERM would leave it). Killed if it hangs."""
    server.send_signal(how)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
