"""Site-wide and legal parts: French UI, legal notice and accessibility
statement from the publisher's details, footer licence line, sharing tags, the residents'
guide kept out of the public menu and search, print stylesheet.

Build tests use tiny sites (conftest); browser tests (404 under a sub-path, axe on the
new pages, A4 print) use the shipped journal served under /journal-de-residence/ by
tests/browser.py, and pdftotext (``apt-get install poppler-utils``) for the PDFs.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from urllib.parse import urlsplit

import browser as web
import pytest
import yaml
from browser import PREFIX, SLUG, open_page, print_pdf, run_axe, set_media, violation_summary
from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, ROOT, build_project, entry, write_project
from residency_journal.compliance import SiteDetails, missing_details
from residency_journal.model.urls import SITE_WIDE_URLS, reserved_names
from residency_journal.scaffold import site_files

chromium, browser, axe_js, shipped_site = web.chromium, web.browser, web.axe_js, web.shipped_site

PUBLISHER = """\
      publisher:
        name: Région <Test> & Co
        address: |
          1 place de l'Hôtel
          69000 Lyon
        email: contact@example.org
        director: La présidente du conseil régional
        host: {name: Hébergeur "SAS", address: 2 rue du Serveur 75000 Paris, phone: 01 00 00 00 00}
      accessibility:
        date: 2024-03-01
"""


def with_plugin_options(options: str, base: str = BASE_MKDOCS_YML) -> str:
    assert "  - journal\n" in base
    return base.replace("  - journal\n", "  - journal:\n" + options)


DAY = entry("""
    date: 2013-01-29
    authors: [claire]
    summary: Un résumé avec « guillemets », "doubles" & <b>balise</b>.
""")
JOURNAL = {"journal/res/residence.yml": RESIDENCE_YML, "journal/res/semaine-1/jour-1.md": DAY}


# --- the details and their warnings (plain Python) ---------------------------------------------

def test_no_publisher_no_warning_the_pages_say_so():
    assert not SiteDetails().published
    assert SiteDetails().publisher == "L'éditeur de ce site"
    assert missing_details(SiteDetails()) == []


def test_each_missing_detail_is_one_french_warning_naming_the_option():
    found = missing_details(SiteDetails(name="Région Test"))
    options = [re.match(r"mkdocs.yml: journal\.(\S+) : ", m).group(1) for m in found]
    assert options == ["publisher.address", "publisher.email", "publisher.director",
                       "publisher.host.name", "publisher.host.address", "publisher.host.phone",
                       "accessibility.date"]
    assert all("manquant ; indiquez" in m for m in found)


def test_status_must_be_an_rgaa_one_and_partial_needs_the_audit_rate():
    complete = dict(name="R", address="a", email="e@x", director="d", date=dt.date(2024, 1, 1))
    from residency_journal.compliance import Host
    host = Host("h", "a", "p")
    assert missing_details(SiteDetails(**complete, host=host)) == []
    (bad,) = missing_details(SiteDetails(**complete, host=host, status="conforme"))
    assert "journal.accessibility.status : « conforme » n'est pas un état" in bad
    (partial,) = missing_details(SiteDetails(**complete, host=host, status="partiellement conforme"))
    assert "journal.accessibility.rate" in partial
    assert missing_details(SiteDetails(**complete, host=host, status="partiellement conforme",
                                       rate=62.5)) == []
    (date,) = missing_details(SiteDetails(**{**complete, "date": None}, host=host), "14/03/2025")
    assert "« 14/03/2025 » n'est pas une date" in date


def test_legal_urls_are_french_and_reserved():
    assert SITE_WIDE_URLS == {"accessibility": "accessibilite/", "legal": "mentions-legales/"}
    assert {"accessibilite", "mentions-legales"} <= set(reserved_names())


# --- the pages ---------------------------------------------------------------------------------

def test_legal_pages_from_the_publisher_details_escaped_once(project):
    built = project(JOURNAL, mkdocs_yml=with_plugin_options(PUBLISHER))
    notice = built.html("mentions-legales/")
    statement = built.html("accessibilite/")
    for page in (notice, statement):
        assert "Région &lt;Test&gt; &amp; Co" in page
        assert "&amp;lt;" not in page and "&amp;amp;" not in page and "<Test>" not in page
    # the notice: publisher, director, host, licence, personal data
    for heading in ("Éditeur", "Direction de la publication", "Hébergement", "Licence des contenus",
                    "Données personnelles"):
        assert f">{heading}</h2>" in notice, heading
    assert "1 place de l&#39;Hôtel<br>69000 Lyon" in notice
    assert "Hébergeur &#34;SAS&#34;" in notice
    assert 'href="mailto:contact@example.org"' in notice
    assert "ne dépose aucun cookie" in notice and "aucun service tiers" in notice
    assert 'rel="license">CC BY-SA 4.0</a>' in notice
    # the statement: the RGAA model's parts, its configured date (not the build's), the tests run
    for heading in ("État de conformité", "Résultats des tests", "Contenus non accessibles",
                    "Établissement de cette déclaration", "Retour d'information et contact",
                    "Voies de recours"):
        assert f">{heading}</h2>" in statement, heading
    assert "est <strong>non conforme</strong>" in statement
    assert '<time datetime="2024-03-01">1er mars 2024</time>' in statement
    assert dt.date.today().isoformat() not in statement
    assert "axe-core" in statement and "WCAG 2.1" in statement
    assert "Défenseur des droits" in statement and "Libre réponse 71120" in statement
    # Material's <title> and h1 are French
    assert "<title>Déclaration d&#39;accessibilité - Test</title>" in statement
    assert "<h1>Mentions légales</h1>" in notice


def footer(page: str) -> str:
    match = re.search(r'<div class="md-copyright">(.*?)</div>', page, re.DOTALL)
    assert match, "no footer"
    return re.sub(r"\s+", " ", match.group(1))


def test_every_footer_has_the_licence_line_and_legal_links(project):
    built = project({**JOURNAL, "docs/a.md": "# A\n"}, mkdocs_yml=with_plugin_options(PUBLISHER))
    for url, legal, access in [
            ("", "mentions-legales/", "accessibilite/"),
            ("a/", "../mentions-legales/", "../accessibilite/"),
            ("res/semaine-1/jour-1/", "../../../mentions-legales/", "../../../accessibilite/"),
            ("accessibilite/", "../mentions-legales/", "./")]:
        line = footer(built.html(url))
        assert "Sauf mention contraire, contenus sous licence" in line, url
        assert f'<a href="{legal}">Mentions légales</a>' in line, url
        assert f'<a href="{access}">Accessibilité&nbsp;: non conforme</a>' in line, url
    for page in built.site.rglob("*.html"):
        assert "Made with" not in page.read_text(encoding="utf-8"), page


def test_without_publisher_the_pages_exist_and_say_it_is_not_given(project):
    built = project(JOURNAL)  # the conftest site: no publisher, and no warning expected
    line = footer(built.html(""))
    assert "contenus sous licence" in line
    assert '<a href="mentions-legales/">Mentions légales</a>' in line
    assert '<a href="accessibilite/">Accessibilité&nbsp;: non conforme</a>' in line
    notice = re.sub(r"[\u00a0\u202f]", " ", html.unescape(built.html("mentions-legales/")))
    assert "L'éditeur du site « Test » n'est pas encore indiqué." in notice
    statement = html.unescape(built.html("accessibilite/"))
    assert "L'éditeur de ce site s'engage à rendre ses sites internet accessibles" in statement
    assert "non conforme" in statement and "aucun audit de conformité" in statement


def test_an_incomplete_publisher_fails_strict_in_french(project):
    options = "      publisher:\n        name: Région Test\n        email: a@example.org\n"
    built = project(JOURNAL, mkdocs_yml=with_plugin_options(options), expect=[
        "journal.publisher.address : manquant", "journal.publisher.director : manquant",
        "journal.publisher.host.name : manquant", "journal.publisher.host.address : manquant",
        "journal.publisher.host.phone : manquant", "journal.accessibility.date : manquant"])
    assert len(built.warnings) == 6
    assert built.exists("mentions-legales/")  # a plain build still publishes what it has


def test_a_hand_written_page_replaces_the_generated_one(project):
    built = project({**JOURNAL, "docs/mentions-legales.md": "# Nos mentions\n\nÉcrites à la main.\n"},
                    mkdocs_yml=with_plugin_options(PUBLISHER))
    assert "Écrites à la main." in built.html("mentions-legales/")
    assert "Déclaration d&#39;accessibilité" in built.html("accessibilite/")


def test_a_residency_may_not_take_a_legal_page_slug(project):
    project({"journal/accessibilite/residence.yml": RESIDENCE_YML},
            expect=["la déclaration d'accessibilité (/accessibilite/)"])


# --- head: sharing tags --------------------------------------------------------------------------

class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.stylesheets = 0
        self._in_head = True

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "body":
            self._in_head = False
        if self._in_head and tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta.append((key, values.get("content") or ""))
        if self._in_head and tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets += 1


def head(page: str) -> _Head:
    parser = _Head()
    parser.feed(page)
    return parser


def test_sharing_tags_on_every_page_once_and_escaped_once(project):
    built = project({**JOURNAL, "docs/a.md": "---\ndescription: Écrit & publié\n---\n# A & B\n"},
                    mkdocs_yml=with_plugin_options(PUBLISHER))
    day = head(built.html("res/semaine-1/jour-1/"))
    tags = dict(day.meta)
    assert [k for k, _ in day.meta].count("og:title") == 1
    assert tags["og:description"] == tags["description"] == (
        'Un résumé avec «\u00a0guillemets\u00a0», "doubles" & <b>balise</b>.')  # read back once, typeset
    assert tags["og:url"] == "https://example.org/res/semaine-1/jour-1/"
    assert tags["og:type"] == "article" and tags["og:locale"] == "fr_FR"
    assert tags["og:site_name"] == "Test"
    assert tags["og:title"].startswith("Semaine 1, Jour 1")
    raw = built.html("res/semaine-1/jour-1/")
    assert "&amp;lt;b&amp;gt;" not in raw and 'content="Un résumé avec «\u00a0guillemets\u00a0», &#34;' in raw
    # Material's own head is all there: only its empty `extrahead` block was filled
    assert day.stylesheets >= 3 and "generator" in tags
    hand = dict(head(built.html("a/")).meta)
    assert hand["og:title"] == "A & B" and hand["og:description"] == "Écrit & publié"
    assert hand["og:type"] == "website" and hand["og:url"] == "https://example.org/a/"
    home = dict(head(built.html("")).meta)
    assert home["og:url"] == "https://example.org/"
    not_found = dict(head((built.site / "404.html").read_text(encoding="utf-8")).meta)
    assert not_found["og:title"] == "Page introuvable" and "og:url" not in not_found


def test_a_site_main_html_keeps_the_tags_by_including_the_partial(tmp_path):
    """Why an `extrahead` block in our main.html and not a base.html: a site's own
    overrides/main.html (custom_dir comes first) takes over, and keeps Material's base."""
    yml = with_plugin_options(PUBLISHER, BASE_MKDOCS_YML.replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    main = ('{% extends "base.html" %}{% block extrahead %}<meta name="site-own" content="1">'
            '{% include "journal/partials/head.html" %}{% endblock %}')
    root = write_project(tmp_path / "p", {**JOURNAL, "overrides/main.html": main}, yml)
    tags = dict(head(build_project(root).html("")).meta)
    assert tags["site-own"] == "1" and tags["og:locale"] == "fr_FR"


# --- French UI -----------------------------------------------------------------------------------

def test_404_page_is_french_with_links_from_site_url_path(project):
    yml = BASE_MKDOCS_YML.replace("site_url: https://example.org/",
                                  "site_url: https://example.org/sous/chemin/")
    built = project(JOURNAL, mkdocs_yml=yml)
    page = (built.site / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in page and "<h1>Page introuvable</h1>" in page
    assert '<a href="/sous/chemin/">Revenir à l\'accueil du journal</a>' in page
    assert 'action="/sous/chemin/"' in page and 'name="q"' in page
    assert 'href="/sous/chemin/assets/stylesheets/main.' in page


def shipped_config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def scaffold_config() -> dict:
    files = {f.path: f.text for f in site_files(title="Résidence test")}
    return yaml.safe_load(files["mkdocs.yml"])


@pytest.mark.parametrize("config", [shipped_config, scaffold_config], ids=["shipped", "init"])
def test_french_permalinks_no_generator_and_guide_out_of_the_menu(config):
    loaded = config()
    toc = next(e["toc"] for e in loaded["markdown_extensions"] if isinstance(e, dict) and "toc" in e)
    assert toc["permalink_title"] == "Lien vers cette section"
    assert loaded["extra"]["generator"] is False
    assert "/ecrire-une-entree.md" in loaded["not_in_nav"]


def test_the_guide_is_out_of_search_and_nav_but_linked_from_a_propos(tmp_path):
    from test_build import shipped

    built = shipped(tmp_path)
    assert built.exists("ecrire-une-entree/") and built.exists("mentions-legales/")
    if "data-pagefind-body" in built.html("a-propos/"):  # the journal's search: marked bodies
        assert "data-pagefind-body" not in built.html("ecrire-une-entree/")
    material = built.site / "search" / "search_index.json"  # if Material's search is on
    if material.is_file():
        assert "ecrire-une-entree" not in material.read_text(encoding="utf-8")
    assert 'href="../ecrire-une-entree/"' in built.html("a-propos/")
    linking = sorted(str(p.relative_to(built.site)) for p in built.site.rglob("*.html")
                     if "ecrire-une-entree/" in p.read_text(encoding="utf-8"))
    assert linking == ["a-propos/index.html", "ecrire-une-entree/index.html"]
    for page in built.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for english in ("Permanent link", "Made with", "404 - Not found"):
            assert english not in text, (page, english)


# --- in the browser: 404 under a sub-path, axe, print --------------------------------------------

LEGAL_PAGES = {"accessibility": "accessibilite/", "legal": "mentions-legales/",
               "404": "une/page/qui-n-existe-pas/"}


def test_404_under_the_sub_path_is_styled_and_leads_home_and_to_search(browser, shipped_site):
    open_page(browser, shipped_site.url(LEGAL_PAGES["404"]))
    assert browser.find_element("css selector", "h1").text == "Page introuvable"
    # Material's stylesheet applied (the header is fixed-position only with it)
    assert browser.execute_script(
        "return getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    home = browser.find_element("link text", "Revenir à l'accueil du journal").get_attribute("href")
    assert urlsplit(home).path == PREFIX
    if not browser.find_elements("css selector", "#journal-404-q"):
        # the journal's own search (Pagefind): the page points at the header's field
        assert "champ « Rechercher » en haut" in browser.find_element("css selector", "article").text
        assert browser.find_element("css selector", "#journal-search-input")
        return
    box = browser.find_element("css selector", "#journal-404-q")
    box.send_keys("parité")
    box.submit()
    web.wait_for(browser, "return document.querySelectorAll('.md-search-result__item').length",
                 "search results after the 404 form", timeout=30)
    assert urlsplit(browser.current_url).path == PREFIX


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(LEGAL_PAGES))
def test_no_axe_violations_on_the_legal_pages(browser, axe_js, shipped_site, kind, scheme):
    set_media(browser, dark=scheme == "dark")
    open_page(browser, shipped_site.url(LEGAL_PAGES[kind]))
    violations = run_axe(browser, axe_js)
    assert not violations, f"{kind} ({scheme}): {violation_summary(violations)}\n" + web.describe(
        violations)


def pdf_text(pdf: bytes, tmp_path) -> tuple[str, int]:
    if shutil.which("pdftotext") is None:
        web.missing("pdftotext not installed: apt-get install -y poppler-utils")
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    return re.sub(r"[ \t]+", " ", text), pages


def action_titles() -> list[str]:
    titles = []
    for path in (ROOT / "journal" / SLUG).rglob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].lstrip("-\n"))
        if (meta or {}).get("draft"):
            continue  # never published
        titles += [a["title"] for a in (meta or {}).get("actions") or [] if a.get("title")]
    return titles


def visible_table_headers(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('article table thead th')].map(t => t.innerText.trim())"
        ".filter(Boolean)")


def words(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


@pytest.mark.parametrize(("kind", "path", "max_pages"), [
    ("day", f"{SLUG}/semaine-3/jour-3/", 6),
    ("actions", f"{SLUG}/actions/", 8),
    ("action", f"{SLUG}/actions/critere-parite/", 4),
])
def test_pages_print_cleanly_on_a4(browser, shipped_site, tmp_path, kind, path, max_pages):
    open_page(browser, shipped_site.url(path))
    headers = visible_table_headers(browser)
    on_screen = browser.execute_script(
        "return [...document.querySelectorAll('article a[href^=\"http\"]')].map(a => a.href)")
    set_media(browser, print_=True)
    try:
        text, pages = pdf_text(print_pdf(browser), tmp_path)
        wide = browser.execute_script(
            "const a = document.querySelector('article');"
            "return [...a.querySelectorAll('table')].filter(t => t.scrollWidth > a.clientWidth + 1)"
            ".length")
    finally:
        set_media(browser)
    flat = words(text.replace("\n", " "))
    assert 1 <= pages <= max_pages, f"{kind}: {pages} pages"
    assert wide == 0, f"{kind}: {wide} table(s) wider than the printed column"
    # nothing of the screen's furniture
    for furniture in ("Passer en mode", "Rechercher", "Table des matières", "Lien vers cette section"):
        assert furniture not in flat, (kind, furniture)
    for header in headers:
        assert words(header) in flat, (kind, header)
    if kind == "actions":
        missing = [t for t in set(action_titles()) if words(t) not in flat]
        assert not missing, f"action titles missing from the printed actions page: {missing}"
    for url in on_screen:  # outside links are followed by their address
        assert url.split("//", 1)[1][:30] in flat.replace(" ", "") or url in flat, url
