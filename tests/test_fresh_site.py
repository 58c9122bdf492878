"""A site made by `journal init`, filled in, plus a second residency: tags shared across
residencies lead to the tag index, and every page's footer links the legal pages."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import browser as web
import pytest
from click.testing import CliRunner
from conftest import Built, build_project
from fresh_site import fill_in
from residency_journal import cli
from residency_journal.scaffold import DEFAULT_SITE_URL

browser = web.browser
chromium = web.chromium
axe_js = web.axe_js

FIRST, SECOND = "residence-accueil", "residence-achats"
SHARED = "commande publique"

SECOND_RESIDENCE = """\
title: Résidence Achats
host: Département Exemple
place: Lille
weeks:
  - start: 2024-03-04
team:
  - id: lou
    name: Lou
    role: sociologue
"""

SECOND_DAY = """\
---
date: 2024-03-05
authors: [lou]
tags: [achats]
actions:
  - id: clause-sociale
    title: Une clause sociale dans chaque marché
    tags: [commande publique]
---

Le récit.
"""


def make_site(root: Path, site_url: str = DEFAULT_SITE_URL) -> Path:
    result = CliRunner().invoke(cli.main, ["init", str(root), "--slug", FIRST,
                                           "--site-url", site_url])
    assert result.exit_code == 0, result.output
    fill_in(root)
    day = root / "journal" / FIRST / "semaine-1" / "jour-1.md"
    text = day.read_text(encoding="utf-8")
    # the example action, tagged like the other residency's
    text = text.replace("    verdict: proposee\n", f"    verdict: proposee\n    tags: [{SHARED}]\n", 1)
    day.write_text(text, encoding="utf-8")
    for rel, content in ((f"journal/{SECOND}/residence.yml", SECOND_RESIDENCE),
                         (f"journal/{SECOND}/semaine-1/jour-2.md", SECOND_DAY)):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_project(make_site(tmp_path_factory.mktemp("fresh") / "site"))


def _target(page: Path, site: Path, href: str) -> str:
    """The site path an href of ``page`` leads to (absolute ones, on the 404 page, start
    with the path of the default site_url that `journal init` writes)."""
    if href.startswith("/"):
        prefix = urlsplit(DEFAULT_SITE_URL).path
        return posixpath.normpath(href.split("#")[0].removeprefix(prefix)) + "/"
    base = posixpath.dirname(page.relative_to(site).as_posix())
    return posixpath.normpath(posixpath.join(base, href.split("#")[0])) + "/"


def test_every_page_footer_links_the_legal_notice_and_the_statement(built: Built):
    pages = [p for p in built.site.rglob("*.html")]
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        footer = text[text.index('<div class="md-copyright">'):]
        # (the space before « : » is typography's business: any space here)
        links = {re.sub(r"\s", " ", html.unescape(m.group(2))):
                 _target(page, built.site, html.unescape(m.group(1)))
                 for m in re.finditer(r'<a href="([^"]*)">([^<]*)</a>', footer)}
        assert links.get("Mentions légales") == "mentions-legales/", page
        assert links.get("Accessibilité : non conforme") == "accessibilite/", (page, links)
        assert "&amp;#39;" not in text and "&amp;amp;" not in text, page  # escaped twice
    assert built.exists("mentions-legales/") and built.exists("accessibilite/")


def test_the_tag_index_lists_the_tagged_actions_of_both_residencies(built: Built):
    index = built.html("tags/")
    section = index[index.index('id="tag:commande-publique"'):]
    section = section[:section.index("</ul>")]
    assert f'href="../{FIRST}/actions/premiere-piste/"' in section
    assert f'href="../{SECOND}/actions/clause-sociale/"' in section
    # listed by their full titles: the index mixes residencies
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section)).split())
    assert "Simplifier le formulaire d'accueil — Ma résidence" in text.replace(
        "Action : ", "").replace("Action\u00a0: ", ""), text
    assert "Une clause sociale dans chaque marché — Résidence Achats" in text, text
    achats = index[index.index('id="tag:achats"'):]
    achats = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", achats[:achats.index("</ul>")])).split())
    assert "Semaine 1, Jour 2 — Résidence Achats" in achats, achats
    for slug, action in ((FIRST, "premiere-piste"), (SECOND, "clause-sociale")):
        page = built.html(f"{slug}/actions/{action}/")
        # the tag on the action's page (Material's tag bar and the action's facts) leads there
        assert page.count('href="../../../tags/#tag:commande-publique"') == 2, slug
    # a day's own tags too
    assert 'href="../../../tags/#tag:achats"' in built.html(f"{SECOND}/semaine-1/jour-2/")


def test_init_ships_the_tag_index_of_the_shipped_site():
    from conftest import ROOT

    scaffold = ROOT / "plugins/residency_journal/scaffold/site/docs/tags.md"
    assert scaffold.read_bytes() == (ROOT / "docs/tags.md").read_bytes(), (
        "copy docs/tags.md to the scaffold")


def test_a_residency_of_one_day_so_far_says_le_not_du_au(built: Built):
    # the example day of `journal init` is its week's first day: a period of one date
    for url in ("", f"{FIRST}/"):
        text = re.sub(r"<[^>]+>|\s+", " ", html.unescape(built.html(url)))
        text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
        assert not re.search(r"du (\w+ )?(\d+ \w+ \d{4}) au (\w+ )?\2", text), url
        assert re.search(r"\ble (\w+ )?\d+ \w+ \d{4}", text), url


# --- in Chromium, at 390 px: every page's footer shows both links, and they lead there ---

@pytest.mark.slow
def test_every_footer_in_the_browser_at_390_px(tmp_path: Path, browser):
    root = make_site(tmp_path / "site", site_url="https://example.org" + web.PREFIX)
    built = build_project(root)
    pages = sorted(p.relative_to(built.site).as_posix() for p in built.site.rglob("*.html"))
    web.set_viewport(browser, 390)
    with web.serve(built.site) as served:
        for path in pages:
            url = "une/page/absente/" if path == "404.html" else path.removesuffix("index.html")
            web.open_page(browser, served.url(url))
            for name, target in (("Mentions légales", "mentions-legales/"),
                                 ("Accessibilité", "accessibilite/")):
                (link,) = [a for a in browser.find_elements(
                    "css selector", ".md-footer .journal-footer a") if a.text.startswith(name)]
                assert link.is_displayed(), (path, name)
                assert link.get_attribute("href") == served.url(target), (path, name)
        # and a click leads to the page, from a day deep in the site
        web.open_page(browser, served.url(f"{SECOND}/semaine-1/jour-2/"))
        browser.find_element("partial link text", "Accessibilité").click()
        web.wait_for(browser, "return document.querySelector('h1') && "
                     "document.querySelector('h1').textContent.includes('accessibilité')",
                     "the accessibility statement")
    assert len(pages) > 20


def test_livret_stories_headings_sit_under_their_day(built: Built):
    livret = built.html(f"{FIRST}/livret/")
    article = livret[livret.index('<article class="md-content__inner'):]
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", article)]
    assert levels[0] == 1
    # never deeper by more than one level at once: the day's « ## Arrivée » is an h4
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert re.search(r'<h4 id="arrivee">Arrivée', livret), "the story's heading, nested"


@pytest.fixture(scope="module")
def served_fresh(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("axe") / "site",
                     site_url="https://example.org" + web.PREFIX)
    with web.serve(build_project(root).site) as served:
        yield served


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["accessibilite/", "mentions-legales/", "tags/",
                                  f"{FIRST}/actions/premiere-piste/", f"{FIRST}/livret/"])
def test_no_axe_violations_on_what_a_fresh_site_adds(browser, axe_js, served_fresh, path, scheme):
    web.set_media(browser, dark=scheme == "dark")
    web.open_page(browser, served_fresh.url(path))
    violations = web.run_axe(browser, axe_js)
    assert not violations, f"{path} ({scheme}): {web.violation_summary(violations)}\n" + (
        web.describe(violations))
