"""The livret: the whole residency on one page, for print and archives.

Built-site tests read the HTML; the print test has headless Chromium print the
shipped journal's livret to A4 and reads the PDF back with pdftotext (poppler-utils).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape

import browser as web
import pytest
from browser import SLUG, open_page, print_pdf, set_media
from residency_journal.model import load_journal
from test_build import shipped

chromium, browser, axe_js, shipped_site = web.chromium, web.browser, web.axe_js, web.shipped_site
ROOT = web.ROOT


def words(html: str) -> str:
    # the page's article (the livret's own <article>s are inside it)
    html = html[html.index('<article class="md-content'):html.rindex("</article>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).replace("\u00a0", " ").replace(
        "\u202f", " ")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return shipped(tmp_path_factory.mktemp("livret"))


@pytest.fixture(scope="module")
def residency():
    return load_journal(ROOT).residency(SLUG)


def first_sentence(body: str) -> str:
    """A plain sentence of a story, as it reads once rendered."""
    for line in body.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "!", ">", "-", "<", "|", "[")) and "](" not in line:
            return re.sub(r"[*_`]", "", line).replace("\u00a0", " ")[:25]
    raise AssertionError("no plain line")


def test_livret_holds_every_story_in_order_and_every_action(built, residency):
    page = built.html(f"{SLUG}/livret/")
    text = words(page)
    stories = [first_sentence(e.body) for e in residency.entries]
    positions = [text.index(s) for s in stories]
    assert positions == sorted(positions)  # every day's story, in journal order, then the follow-ups
    for action in residency.actions.values():
        assert action.title in text
        assert f'id="livret-action-{action.id}"' in page
    for heading in ("L'équipe et les participants", "Calendrier", "Semaine 1", "Semaine 3",
                    "Les actions", "Les micro-voyages d'étude", "Les verbatims", "Le suivi"):
        assert heading in text
    for visit in residency.visits.values():
        assert visit.title in text
    assert "Matrice impact × difficulté" in text
    assert text.count(residency.verbatims[0].quote[:30]) >= 1
    # each week (and the follow-up) is its own section, which print CSS puts on a new page
    assert page.count('class="journal-livret__week"') == len([w for w in residency.weeks if w.entries]) + 1


def test_livret_is_linked_from_the_home_and_kept_out_of_search(built):
    assert 'href="livret/"' in built.html(f"{SLUG}/")
    index = (built.site / "search" / "search_index.json")
    if index.is_file():
        assert "/livret/" not in index.read_text(encoding="utf-8")


def test_livret_links_between_days_stay_inside_the_livret(built):
    page = built.html(f"{SLUG}/livret/")
    assert 'href="#achats-durables-rhone-alpes-semaine-1-jour-1"' in page  # the calendar
    assert "assets/journal/livret.css" in page


def pdf_text(pdf: bytes, tmp_path) -> tuple[str, int]:
    if shutil.which("pdftotext") is None:
        web.missing("pdftotext (apt-get install -y poppler-utils)")
    path = tmp_path / "livret.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    # a title cut after its hyphen at the end of a line ("Rhône-\nAlpes") reads whole
    return re.sub(r"-[ \t]*\n[ \t]*", "-", text), text.count("\f")


def test_livret_prints_to_a_reasonable_a4_booklet(browser, shipped_site, residency, tmp_path):
    set_media(browser, print_=True)
    open_page(browser, shipped_site.url(f"{SLUG}/livret/"))
    pdf = print_pdf(browser)
    text, pages = pdf_text(pdf, tmp_path)
    flat = re.sub(r"\s+", " ", text)
    weeks = len([w for w in residency.weeks if w.entries])
    # a cover, a table of contents, each week on its own page(s), actions, the follow-up
    assert weeks + 4 <= pages <= 60, pages
    for action in residency.actions.values():
        assert re.sub(r"\s+", " ", action.title) in flat, action.title
    first_page = text.split("\f")[0]
    assert residency.title in re.sub(r"\s+", " ", first_page)
    assert "Sommaire" not in first_page  # the cover stands alone
    assert "Rechercher" not in flat  # no navigation, no search box on paper


SECOND = """\
title: Deuxième résidence
weeks:
  - start: 2014-03-03
team:
  - id: lea
    name: Léa
"""


@pytest.fixture(scope="module")
def two_residencies(tmp_path_factory):
    """The shipped journal plus a second residency: the site then has /actions/."""
    from conftest import build_project, entry
    root = web.copy_shipped(tmp_path_factory.mktemp("two") / "shipped")
    second = root / "journal" / "deuxieme"
    (second / "semaine-1").mkdir(parents=True)
    (second / "residence.yml").write_text(SECOND, encoding="utf-8")
    (second / "semaine-1" / "jour-1.md").write_text(entry(
        "date: 2014-03-03\nauthors: [lea]\nactions:\n  - id: guide-local\n    title: Guide local\n"
        "    verdict: retenue\n    status: en-cours\n    progress: 20\n    tags: [guide]"),
        encoding="utf-8")
    built = build_project(root)
    with web.serve(built.site) as served:
        yield served


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_all_actions_page_has_no_axe_violations(browser, axe_js, two_residencies, scheme):
    set_media(browser, dark=scheme == "dark")
    open_page(browser, two_residencies.url("actions/"))
    article = browser.find_element("css selector", "article").text
    assert "Guide local" in article and "Rédiger un guide" in article
    violations = web.run_axe(browser, axe_js)
    assert violations == [], web.describe(violations)
