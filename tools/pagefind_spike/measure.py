#!/usr/bin/env python3
"""Run queries against an indexed site in headless Chromium; print results and bytes fetched.

    python tools/pagefind_spike/measure.py SITE_DIR QUERY [QUERY ...]

Serves SITE_DIR on a local port (http.server, no compression: Pagefind's
index, fragment and wasm files are already gzip-compressed), copies probe.html
into it, and for each query opens a fresh headless Chromium (empty cache) on the
probe, which imports /pagefind/pagefind.js, runs the query and loads the first
five results, then lists every resource it fetched.
"""
from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"


SERVED: list[tuple[str, int]] = []


class Handler(http.server.SimpleHTTPRequestHandler):
    """Counts the bytes of every file it sends (the browser cannot see a worker's fetches)."""

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        outputfile.write(data)
        SERVED.append((self.path.split("?")[0], len(data)))

    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def run(url: str) -> dict:
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
             "--virtual-time-budget=60000", "--dump-dom", url],
            capture_output=True, text=True, timeout=120).stdout
    match = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    text = html.unescape(match.group(1)) if match else ""
    return json.loads(text) if text.startswith("{") else {"error": text or dom[-300:]}


def main() -> None:
    site = Path(sys.argv[1])
    shutil.copy(HERE / "probe.html", site / "pagefind-probe.html")
    server, port = serve(site)
    try:
        for query in sys.argv[2:]:
            SERVED.clear()
            result = run(f"http://127.0.0.1:{port}/pagefind-probe.html?q={quote(query)}")
            result.pop("resources", None)
            result.pop("ms", None)  # virtual time: meaningless
            served = [(path, size) for path, size in SERVED if path.startswith("/pagefind/")]
            result["bytes"] = sum(size for _, size in served)
            result["by_kind"] = {}
            for path, size in served:
                kind = path.rsplit(".", 1)[-1] if "/" not in path[10:] else path.split("/")[2]
                result["by_kind"][kind] = result["by_kind"].get(kind, 0) + size
            print(json.dumps(result, ensure_ascii=False), flush=True)  # one line per query
    finally:
        server.shutdown()
        (site / "pagefind-probe.html").unlink()


if __name__ == "__main__":
    main()
