"""The shipped journal in a real browser: axe-core at WCAG 2.1 AA, layout, reading order,
and no request to another origin.

Needs Chromium, chromedriver and axe-core (see tests/browser.py): skipped without them
on a developer's machine, failed without them under CI. Run alone with
``.venv/bin/python -m pytest -q tests/test_browser_a11y.py``.

Tests marked ``xfail(strict=True)`` name a defect that needs a template change; the
mark makes the suite fail as soon as the defect is fixed, so the fix removes the mark.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import browser as web
import pytest
from browser import (
    PAGES,
    ROOT,
    SLUG,
    describe,
    open_page,
    open_search,
    run_axe,
    set_media,
    set_viewport,
    violation_summary,
)

# pytest fixtures from tests/browser.py, requested by name below
chromium, browser, axe_js, shipped_site = web.chromium, web.browser, web.axe_js, web.shipped_site

# Defects that CSS cannot fix, by (page kind, scheme): {(kind, scheme): reason}.
KNOWN: dict[tuple[str, str], str] = {}


def cases():
    for kind in [*PAGES, "search"]:
        for scheme in ("light", "dark"):
            reason = KNOWN.get((kind, scheme))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(kind, scheme, id=f"{kind}-{scheme}", marks=marks)


def assert_no_violations(driver, axe_js, what: str) -> None:
    violations = run_axe(driver, axe_js)
    if violations:
        summary = violation_summary(violations)
        print(f"axe on {what}: {summary}")
        pytest.fail(f"{sum(summary.values())} axe-core violation(s) on {what}:\n"
                    + describe(violations), pytrace=False)


@pytest.mark.parametrize(("kind", "scheme"), list(cases()))
def test_no_axe_violations_at_wcag21_aa(browser, axe_js, shipped_site, kind, scheme):
    set_media(browser, dark=scheme == "dark")
    path = "" if kind == "search" else PAGES[kind]
    open_page(browser, shipped_site.url(path))
    expected_scheme = "slate" if scheme == "dark" else "default"
    assert browser.execute_script(
        "return document.body.getAttribute('data-md-color-scheme')") == expected_scheme
    if kind == "search":
        assert open_search(browser, "parité") > 0
    assert_no_violations(browser, axe_js, f"{kind} ({scheme}, 1280 px) {browser.current_url}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_in_search_at_390px(browser, axe_js, shipped_site, scheme):
    set_viewport(browser, 390)
    set_media(browser, dark=scheme == "dark")
    open_page(browser, shipped_site.url(PAGES["day"]))
    assert open_search(browser, "prestataires") > 0
    assert_no_violations(browser, axe_js, f"search ({scheme}, 390 px) {browser.current_url}")


def test_404_page_answers_404_and_links_under_the_sub_path(browser, shipped_site):
    """The sub-path server really answers unknown URLs with the 404 page, whose links work."""
    open_page(browser, shipped_site.url(PAGES["404"]))
    assert "404" in browser.find_element("css selector", "article").text
    home = browser.find_element("css selector", "a.md-header__button.md-logo").get_attribute("href")
    assert urlsplit(home).path == urlsplit(shipped_site.url()).path


# --- layout -----------------------------------------------------------------------------------

OVERFLOW_JS = """
const article = document.querySelector('article.md-content__inner');
const box = article.getBoundingClientRect(), style = getComputedStyle(article);
const left = box.left + parseFloat(style.paddingLeft), right = box.right - parseFloat(style.paddingRight);
const tables = [...article.querySelectorAll('table')].map(t => {
  const r = t.getBoundingClientRect();
  return {table: (t.caption ? t.caption.textContent : t.rows[0].textContent).trim().slice(0, 60),
          width: Math.round(r.width), container: Math.round(right - left),
          overflow: r.left < left - 1 || r.right > right + 1};
});
return {tables, page: document.documentElement.scrollWidth - document.documentElement.clientWidth};
"""


def overflowing_tables(driver) -> tuple[list[dict], dict]:
    measure = driver.execute_script(OVERFLOW_JS)
    assert measure["tables"], "no table on the page"
    return [t for t in measure["tables"] if t["overflow"]], measure


@pytest.mark.parametrize(("kind", "width"), [
    ("day", 1280), ("actions", 1280), ("day", 390), ("actions", 390),
])
def test_no_table_wider_than_its_container(browser, shipped_site, kind, width):
    set_viewport(browser, width)
    open_page(browser, shipped_site.url(PAGES[kind]))
    wide, measure = overflowing_tables(browser)
    assert not wide, f"tables wider than the content column at {width} px on {kind}: {wide}"
    assert measure["page"] <= 0, f"the page scrolls sideways by {measure['page']} px"


# --- reading order ----------------------------------------------------------------------------

def narrative_start(entry: Path, words: int = 4) -> str:
    """The first words of an entry's Markdown body (its narrative), without punctuation."""
    body = entry.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    first = next(p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith("#"))
    return " ".join(re.findall(r"[\w'’]+", first)[:words])


FIND_TEXT_JS = """
const [needle, article] = [arguments[0], document.querySelector('article.md-content__inner')];
const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (n.textContent.replace(/\\s+/g, ' ').includes(needle)) return n.parentElement;
}
return null;
"""


def test_day_page_narrative_comes_before_participants(browser, shipped_site):
    open_page(browser, shipped_site.url(PAGES["day"]))
    start = narrative_start(ROOT / "journal" / SLUG / "semaine-3" / "jour-3.md")
    narrative = browser.execute_script(FIND_TEXT_JS, start)
    assert narrative is not None, f"narrative {start!r} not on the page"
    participants = browser.find_element("css selector", "#journal-participants")
    # DOCUMENT_POSITION_FOLLOWING (4): the participants heading comes after the narrative
    position = browser.execute_script(
        "return arguments[0].compareDocumentPosition(arguments[1])", narrative, participants)
    assert position & 4, "the participants come before the narrative's first sentence"


# --- no third-party requests --------------------------------------------------------------------

# rel values of <link> that name another document without loading it
NOT_LOADED_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help",
                   "bookmark", "external", "me", "nofollow", "noopener", "noreferrer", "tag",
                   "search", "edit"}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""", re.IGNORECASE)
# Absolute URLs written in the JavaScript that the site ships, each with why it is never
# requested by this site. A new one fails the test until someone says why it is harmless.
JS_URLS = {
    "http://www.w3.org/": "SVG/XML namespace identifiers, never fetched",
    "https://unpkg.com/mermaid@": "Material loads Mermaid only for ```mermaid blocks: none exist",
    "https://unpkg.com/resize-observer-polyfill": (
        "Material loads it only in browsers without ResizeObserver (all current ones have it)"),
    "https://api.github.com/": "Material fetches repository facts only when repo_url is set",
    "https://${e}/api/v4/projects/": "GitLab facts, likewise only when repo_url is set",
    "https://example.com${": "Pagefind's placeholder base for `new URL(path, base)`: parsed, never fetched",
}
# A quoted absolute URL: a scheme, or a protocol-relative // followed by a dotted host
# (so that a comment such as "//nbsp" quoted in lunr's wordcut.js is not one).
JS_URL = re.compile(r"""["'`]((?:https?:)?//(?:[\w-]+\.)+[a-z]{2,}\b[^"'`\s]*|https?://[^"'`\s]*)""")


class _Loads(HTMLParser):
    """Every URL an HTML page makes the browser load by itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels and rels <= NOT_LOADED_RELS:
                return
            self.urls.append(values.get("href", ""))
        for key in ("src", "poster", "data", "background"):
            if key in values and tag != "a":
                self.urls.append(values[key])
        for key in ("srcset", "imagesrcset"):
            self.urls += [part.split()[0] for part in values.get(key, "").split(",") if part.split()]
        if tag in ("image", "use", "feimage") and tag != "a":  # SVG references
            self.urls += [values.get("href", ""), values.get("xlink:href", "")]
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.urls.append(values.get("content", "").partition("url=")[2])
        self.urls += css_urls(values.get("style", ""))
        self._in = tag if tag == "style" or (tag == "script" and _runs(values)) else None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.urls += css_urls(data)
        elif self._in == "script":
            self.urls += js_urls(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


# A <script> of another type is a data block (HTML: "not a JavaScript MIME type"): never
# run, its URLs never fetched (a page's schema.org JSON-LD names its own URLs).
SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}


def _runs(attrs: dict[str, str]) -> bool:
    return attrs.get("type", "").strip().lower() in SCRIPT_TYPES


def css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) or "" for m in CSS_URL.finditer(css)]


def js_urls(js: str) -> list[str]:
    return [u for u in JS_URL.findall(js) if not any(u.startswith(k) for k in JS_URLS)]


def third_party(site: Path) -> list[str]:
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            parser = _Loads()
            parser.feed(text)
            urls = parser.urls
        elif path.suffix == ".css":
            urls = css_urls(text)
        else:
            urls = js_urls(text)
        found += [f"{path.relative_to(site)}: {u}" for u in urls if EXTERNAL.match(u)]
    return found


def test_no_request_to_another_origin_in_the_built_files(shipped_site):
    """Every HTML, CSS and JS file: no loaded resource from another host (GDPR, RGPD)."""
    assert third_party(shipped_site.site) == []
    # the conditions under which Material's own third-party loads happen are absent
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^repo_url:", config, re.MULTILINE)
    for page in shipped_site.site.rglob("*.html"):
        assert 'class="mermaid"' not in page.read_text(encoding="utf-8"), page


def test_the_scan_finds_what_a_browser_would_load(tmp_path):
    """The scanner itself: loaded resources are found, plain links are not."""
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://example.org/">'
        '<a href="https://www.service-public.fr/">lien</a>'
        '<img src="//cdn.example.com/a.png"><div style="background:url(https://x.example/b.png)">'
        '<script>fetch("https://tracker.example/p")</script>'
        '<script type="module">import "https://cdn.example/m.js"</script>'
        '<script type="application/ld+json">{"url": "https://example.org/a/"}</script>',
        encoding="utf-8")
    (tmp_path / "a.css").write_text('@import "https://cdn.example/x.css"; a{background:url(b.png)}',
                                    encoding="utf-8")
    (tmp_path / "a.js").write_text('const s="https://cdn.example/lib.js";'
                                   'const ns="http://www.w3.org/2000/svg"', encoding="utf-8")
    assert third_party(tmp_path) == [
        "a.css: https://cdn.example/x.css",
        "a.js: https://cdn.example/lib.js",
        "index.html: https://fonts.googleapis.com/css?family=Roboto",
        "index.html: //cdn.example.com/a.png",
        "index.html: https://x.example/b.png",
        "index.html: https://tracker.example/p",
        "index.html: https://cdn.example/m.js",
    ]


@pytest.mark.slow
def test_pages_request_nothing_from_another_origin(browser, shipped_site):
    """What the browser really fetched (Resource Timing), page by page, search included."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(shipped_site.url()))
    others = {}
    for kind, path in PAGES.items():
        open_page(browser, shipped_site.url(path))
        if kind == "site-home":
            open_search(browser, "parité")
        fetched = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        foreign = [u for u in fetched if not u.startswith((origin, "data:", "blob:"))]
        if foreign:
            others[kind] = foreign
    assert others == {}
