"""Driving a real browser over a built site: Chromium, axe-core, viewports, dark mode, print.

Used by tests/test_browser_a11y.py and tools/look.py. Chromium and chromedriver come
from Debian (``apt-get install chromium chromium-driver``); axe-core from npm
(``npm install --prefix .cache/axe axe-core``, or set ``AXE_CORE_JS`` to an axe.min.js).
Without them, browser tests are skipped with that instruction, except under ``CI``
(any value but ``""``/``0``/``false``), where a missing tool fails the test instead:
CI must really run them.

The built ``site/`` is served by a thread running http.server under a sub-path
(``/journal-de-residence/``, as in the shipped mkdocs.yml's site_url), so that a link
written from the server root instead of relative to the page breaks here as it would
in production. Unknown paths answer the site's 404.html with status 404, as GitHub
Pages and most static hosts do.
"""

from __future__ import annotations

import base64
import functools
import http.server
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SLUG = "achats-durables-rhone-alpes"
PREFIX = "/journal-de-residence/"
AXE_CACHE = ROOT / ".cache" / "axe"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
INSTALL_CHROMIUM = "apt-get update && apt-get install -y chromium chromium-driver"
INSTALL_AXE = f"npm install --prefix {AXE_CACHE} axe-core@4.14.1 (or set AXE_CORE_JS to axe.min.js)"

# Without the background-networking flags Chromium keeps trying to reach Google hosts
# (component updates, safe browsing, sync), which hang or log noise on a closed network.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=fr-FR",
]

# Page kinds of the shipped journal: name -> path under the site root.
PAGES = {
    "site-home": "",
    "residency-home": f"{SLUG}/",
    "day": f"{SLUG}/semaine-3/jour-3/",
    "actions": f"{SLUG}/actions/",
    "action": f"{SLUG}/actions/critere-parite/",
    "visits": f"{SLUG}/visites/",
    "visit": f"{SLUG}/visites/micro-voyage-prestataires/",
    "participants": f"{SLUG}/participants/",
    "participant": f"{SLUG}/participants/daj-commande-publique/",
    "verbatims": f"{SLUG}/verbatims/",
    "followup": f"{SLUG}/suivi/2013-06-20/",  # a follow-up note
    "livret": f"{SLUG}/livret/",  # the whole residency on one page
    "tags": "tags/",
    "404": "page-qui-n-existe-pas/",
}


# --- tools present? -------------------------------------------------------------------------

def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(what: str) -> None:
    """Skip the test on a developer's machine; fail it under CI, where it must run."""
    if in_ci():
        pytest.fail(f"CI is set but {what}", pytrace=False)
    pytest.skip(what)


def chromium_paths() -> tuple[str, str] | None:
    """(browser, chromedriver) from CHROMIUM_BIN / CHROMEDRIVER or the PATH, or None."""
    def found(variable: str, *names: str) -> str | None:
        if os.environ.get(variable):
            return shutil.which(os.environ[variable])
        return next(filter(None, map(shutil.which, names)), None)

    browser = found("CHROMIUM_BIN", "chromium", "chromium-browser", "google-chrome")
    driver = found("CHROMEDRIVER", "chromedriver")
    return (browser, driver) if browser and driver else None


def axe_js_path() -> Path | None:
    candidates = [os.environ.get("AXE_CORE_JS"), AXE_CACHE / "node_modules/axe-core/axe.min.js"]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


# --- the browser --------------------------------------------------------------------------

def start_chromium(width: int = 1280, height: int = 900):
    """A headless Chromium on a fresh profile; the caller quits it. Raises if unavailable."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = chromium_paths()
    if paths is None:
        raise RuntimeError(f"Chromium or chromedriver not found: {INSTALL_CHROMIUM}")
    browser, chromedriver = paths
    profile = tempfile.mkdtemp(prefix="journal-chromium-")
    options = webdriver.ChromeOptions()
    # Both paths given: Selenium Manager is not run (it would try to download drivers).
    options.binary_location = browser
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    driver._journal_profile = profile  # removed by stop_chromium
    set_viewport(driver, width, height)
    return driver


def stop_chromium(driver) -> None:
    try:
        driver.quit()
    finally:
        shutil.rmtree(getattr(driver, "_journal_profile", ""), ignore_errors=True)


def cdp(driver, command: str, **params: Any) -> dict:
    return driver.execute_cdp_cmd(command, params)


def set_viewport(driver, width: int, height: int = 900) -> None:
    """The layout viewport is exactly ``width`` CSS pixels (what media queries see)."""
    cdp(driver, "Emulation.setDeviceMetricsOverride", width=width, height=height,
        deviceScaleFactor=1, mobile=width < 600)


def set_media(driver, *, dark: bool = False, print_: bool = False) -> None:
    """Emulate prefers-color-scheme and screen/print media; reload the page to apply.

    Material stores the chosen palette in localStorage and only follows the system
    preference when nothing is stored, so the storage is cleared too.
    """
    cdp(driver, "Emulation.setEmulatedMedia", media="print" if print_ else "screen",
        features=[{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}])
    if driver.current_url.startswith("http"):
        driver.execute_script("try { localStorage.clear() } catch (e) {}")


def open_page(driver, url: str) -> None:
    """Load ``url`` and wait until Material's scripts ran and fonts/layout settled."""
    driver.get(url)
    driver.execute_script("try { localStorage.clear() } catch (e) {}")
    driver.get(url)  # again, so the palette follows the emulated colour scheme
    wait_for(driver, "return document.readyState === 'complete' && !!document.body", "page load")
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "document.fonts.ready.then(() => requestAnimationFrame(() => done(true)));")


def wait_for(driver, script: str, what: str, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")


def color_scheme(driver) -> str | None:
    return driver.execute_script("return document.body.getAttribute('data-md-color-scheme')")


def open_search(driver, query: str) -> int:
    """Type ``query`` into Material's search box; wait for results; return how many."""
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    if not box.is_displayed():  # narrow screens: the box opens from the header's button
        driver.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__search']").click()
        wait_for(driver, "return document.getElementById('__search').checked", "the search box to open")
    box.click()
    box.send_keys(query)
    return wait_for(driver, "return document.querySelectorAll('.md-search-result__item').length",
                    f"search results for {query!r}", timeout=30)


def print_pdf(driver) -> bytes:
    """The current page printed to A4 by Chromium (backgrounds on, as a reader would)."""
    result = cdp(driver, "Page.printToPDF", printBackground=True, preferCSSPageSize=True,
                 paperWidth=8.27, paperHeight=11.69)
    return base64.b64decode(result["data"])


def screenshot(driver, path: Path, *, full_page: bool = True) -> Path:
    """A PNG of the page; ``full_page`` captures beyond the viewport, top to bottom."""
    params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
    if full_page:
        size = driver.execute_script(
            "return [document.documentElement.clientWidth,"
            " Math.min(document.documentElement.scrollHeight, 16000)]")
        params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
    data = cdp(driver, "Page.captureScreenshot", **params)["data"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(data))
    return path


# --- axe-core -----------------------------------------------------------------------------

@functools.cache
def _axe_source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def run_axe(driver, axe_js: Path, tags: list[str] = AXE_TAGS) -> list[dict]:
    """axe-core's violations on the current page for the given WCAG tags."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(_axe_source(axe_js))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        "  .then(r => done(r.violations), e => done({error: String(e)}));", tags)
    if isinstance(result, dict) and "error" in result:
        raise AssertionError(f"axe-core failed: {result['error']}")
    return result


def describe(violations: list[dict]) -> str:
    """Violations as a reader wants them: rule, impact, help, then each target and why."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}, {len(v['nodes'])} node(s)): {v['help']}"
                     f"\n  {v.get('helpUrl', '')}")
        for node in v["nodes"]:
            target = " ".join(" > ".join(t) if isinstance(t, list) else t for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    {target}\n      {summary[:300]}")
    return "\n".join(lines)


def violation_summary(violations: list[dict]) -> dict[str, int]:
    """{rule id: number of nodes}: what the xfail reasons and the report quote."""
    return {v["id"]: len(v["nodes"]) for v in violations}


# --- building and serving -----------------------------------------------------------------

def copy_shipped(dest: Path) -> Path:
    """A copy of the repo's shipped journal sources (mkdocs.yml, docs, journal, overrides)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in ("docs", "journal", "overrides"):
        if (ROOT / part).exists():
            shutil.copytree(ROOT / part, dest / part, dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


class _Handler(http.server.SimpleHTTPRequestHandler):
    site: Path
    prefix: str

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        pass

    def translate_path(self, path: str) -> str:
        route = unquote(urlsplit(path).path)
        if not route.startswith(self.prefix):
            return str(self.site / ".not-under-the-prefix")  # never a file: answered with the 404 page
        target = (self.site / route[len(self.prefix):]).resolve()
        if self.site.resolve() not in (target, *target.parents):
            return str(self.site / ".not-under-the-prefix")
        return str(target)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class Served:
    site: Path
    base: str  # http://127.0.0.1:PORT/journal-de-residence/

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


@contextmanager
def serve(site: Path, prefix: str = PREFIX) -> Iterator[Served]:
    """Serve a built site on a free loopback port under ``prefix``, in a thread."""
    handler = type("Handler", (_Handler,), {"site": site, "prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Served(site, f"http://127.0.0.1:{server.server_address[1]}{prefix}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- pytest fixtures (imported by the browser test modules) -----------------------------------

@pytest.fixture(scope="session")
def chromium():
    """A session-wide headless Chromium; each test sets the viewport and media it needs."""
    if chromium_paths() is None:
        missing(f"Chromium or chromedriver not installed: {INSTALL_CHROMIUM}")
    pytest.importorskip("selenium", reason="selenium not installed: pip install -e '.[test]'")
    driver = start_chromium()
    try:
        yield driver
    finally:
        stop_chromium(driver)


@pytest.fixture
def browser(chromium):
    """The session's Chromium reset to a 1280 px light screen."""
    set_viewport(chromium, 1280)
    set_media(chromium)
    return chromium


@pytest.fixture(scope="session")
def axe_js() -> Path:
    path = axe_js_path()
    if path is None:
        missing(f"axe-core not found: {INSTALL_AXE}")
    return path


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Iterator[Served]:
    """The shipped journal, built once per session and served under /journal-de-residence/."""
    from conftest import shipped_build

    with serve(shipped_build().site) as served:
        yield served
