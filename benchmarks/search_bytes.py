#!/usr/bin/env python3
"""Bytes a reader downloads for search: on page load, and on a first query.

    .venv/bin/python benchmarks/search_bytes.py SITE_DIR [QUERY ...] [--key-delay 0.2]

Serves SITE_DIR (under tests/browser.py's sub-path), opens a day page in a fresh
headless Chromium per query (empty cache), counts what the server sends under
``pagefind/`` while the page loads, then types the query into the site's search
box (all at once, or a key every ``--key-delay`` seconds as a reader types: the site
waits for a pause before it searches) and counts again once the results are shown.
The server does not compress;
static hosts compress JavaScript, so the JS files are also counted gzipped
(``first_query_served``); Pagefind's index files are gzip files already.
Prints JSON. Needs selenium, Chromium and chromedriver (see tests/browser.py).
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import browser as web  # noqa: E402 (tests/browser.py)

QUERIES = ("etude", "prestataire", "lycees")


@contextmanager
def counting_server(site: Path):
    """tests/browser.py's server, counting the bytes sent per path."""
    import http.server

    sent: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    class Handler(web._Handler):
        def copyfile(self, source, outputfile):
            data = source.read()
            with lock:
                sent[unquote(urlsplit(self.path).path)] += len(data)
            outputfile.write(data)

    handler = type("Handler", (Handler,), {"site": site, "prefix": web.PREFIX})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{web.PREFIX}", sent, lock
    finally:
        server.shutdown()
        server.server_close()


def search_files(sent: dict[str, int]) -> dict[str, int]:
    return {path: n for path, n in sent.items() if "/pagefind/" in path}


def served_size(site: Path, path: str, n: int) -> int:
    """What a compressing host sends: JS gzipped, the rest (already gzip) as is."""
    if path.endswith(".js"):
        local = site / path[len(web.PREFIX):]
        return len(gzip.compress(local.read_bytes(), compresslevel=6, mtime=0))
    return n


def wait_results(driver) -> int:
    return web.wait_for(driver, (
        "const s = document.getElementById('journal-search-status');"
        "return s && /résultat/.test(s.textContent) ? "
        "document.querySelectorAll('.md-search-result__item').length || -1 : 0"),
        "search results", timeout=60)


def measure(site: Path, queries=QUERIES, page: str = "", key_delay: float = 0.0) -> dict:
    """``key_delay``: seconds between keys, as a reader types (0: the query at once)."""
    from selenium.webdriver.common.by import By

    out: dict = {"queries": {}}
    with counting_server(site) as (base, sent, lock):
        for query in queries:
            driver = web.start_chromium()
            try:
                with lock:
                    sent.clear()
                web.open_page(driver, base + page)
                time.sleep(0.5)
                with lock:
                    on_load = sum(search_files(sent).values())
                    sent.clear()
                box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
                box.click()
                for keys in ([query] if not key_delay else list(query)):
                    box.send_keys(keys)
                    time.sleep(key_delay)
                results = wait_results(driver)
                time.sleep(0.5)  # the results' fragments
                with lock:
                    files = search_files(sent)
                out["queries"][query] = {
                    "results_shown": max(results, 0),
                    "on_load": on_load,
                    "first_query": sum(files.values()),
                    "first_query_served": sum(served_size(site, p, n) for p, n in files.items()),
                    "files": len(files),
                    "fragments": sum("/fragment/" in path for path in files),
                }
            finally:
                web.stop_chromium(driver)
    values = out["queries"].values()
    out["max_on_load"] = max(v["on_load"] for v in values)
    out["max_first_query"] = max(v["first_query"] for v in values)
    out["max_first_query_served"] = max(v["first_query_served"] for v in values)
    return out


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="*", default=list(QUERIES))
    parser.add_argument("--key-delay", type=float, default=0.0,
                        help="seconds between keys, as a reader types (default: at once)")
    args = parser.parse_args()
    # A day page of the bench corpus if there is one, else the home.
    days = sorted(args.site.glob("*/semaine-1/jour-1/index.html"))
    page = days[0].parent.relative_to(args.site).as_posix() + "/" if days else ""
    print(json.dumps(measure(args.site, tuple(args.queries), page, args.key_delay),
                     ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
