"""The site's search in a real browser: French queries typed into the built
shipped journal, what the results show, the bytes downloaded, keyboard and axe-core.

Needs Chromium, chromedriver and axe-core (tests/browser.py) and pagefind[bin]: skipped
without them on a developer's machine, failed without them under CI.
"""

from __future__ import annotations

import sys
import time
import unicodedata

import browser as web
import pytest
from browser import ROOT, SLUG, open_page, run_axe, set_media, set_viewport
from residency_journal.search_index import available

sys.path.insert(0, str(ROOT / "benchmarks"))
import search_bytes  # noqa: E402 (benchmarks/search_bytes.py)

chromium, browser, axe_js, shipped_site = web.chromium, web.browser, web.axe_js, web.shipped_site

pytestmark = pytest.mark.skipif(not available() and not web.in_ci(),
                                reason="pagefind[bin] not installed")

DAY = f"{SLUG}/semaine-3/jour-3/"
BUDGET = 150 * 1024  # bytes for a first query at 1000 entries (the shipped site is smaller)


def search(driver, query: str) -> list[dict]:
    """Type ``query``; the results as shown: title, residency, excerpt, marked words, link."""
    count = web.open_search(driver, query) if query_has_results(query) else 0
    if not count:
        box = driver.find_element("css selector", "input.md-search__input")
        box.click()
        box.send_keys(query)
        web.wait_for(driver, "return /Aucun résultat/.test("
                             "document.getElementById('journal-search-status').textContent)",
                     f"no result for {query!r}")
        return []
    web.wait_for(driver, "return /résultat/.test("
                         "document.getElementById('journal-search-status').textContent)",
                 "the results' count")
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('.md-search-result__item')).map(li => ({
          title: li.querySelector('.journal-search__title').textContent,
          residency: (li.querySelector('.journal-search__residency') || {}).textContent || '',
          excerpt: li.querySelector('.journal-search__excerpt').textContent,
          marks: Array.from(li.querySelectorAll('.journal-search__excerpt mark')).map(m => m.textContent),
          href: li.querySelector('a').href,
        }));""")


def query_has_results(query: str) -> bool:
    return query != "frontmatter"


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower())
                   if not unicodedata.combining(c)).replace("’", "'")


@pytest.fixture
def day(browser, shipped_site):
    open_page(browser, shipped_site.url(DAY))
    return browser


@pytest.mark.parametrize(("query", "found"), [
    ("etude", "d'étude"),  # accents, elision d'
    ("execution", "l'exécution"),  # elision l'
    ("idee", "l'idée"),
    ("evaluer", "évaluation"),  # the dictionary form finds other forms (stem)
    ("prestataire", "prestataires"),  # singular finds plural
    ("lycee", "lycée"),
])
def test_french_queries_find_accented_elided_and_inflected_words(day, query, found):
    results = search(day, query)
    assert results, query
    marks = [fold(m) for r in results for m in r["marks"]]
    assert any(fold(found) in m or fold(found).split("'")[-1] in m for m in marks), (query, marks)
    for result in results:
        assert result["title"] and result["excerpt"] and result["marks"], result
        assert result["href"].startswith("http://127.0.0.1:")


def test_results_show_title_residency_and_link_to_the_page(day, shipped_site):
    results = search(day, "parité")
    assert results
    top = results[0]
    assert top["residency"] == "Résidence Achats durables en Rhône-Alpes"
    assert top["href"].startswith(shipped_site.url(SLUG + "/"))
    assert any("parit" in fold(m) for m in top["marks"])


def test_ranked_by_the_body_not_by_the_residency_name(day):
    # "Rhône" is in the residency's name, shown on every page; only the pages whose own
    # text says it are found (not one result per page of the site).
    results = search(day, "rhone")
    assert 0 < len(results) <= 5
    assert all(r["marks"] for r in results)


def test_days_that_talk_about_an_action_come_before_the_page_named_after_it(day):
    # "allotissement" names an action and is in the days and notes that discuss it: ranked
    # by what each page's text says, the action's own page is found, after them (its
    # title no longer weighs as a heading, search.js gives titles no bonus).
    hrefs = [r["href"] for r in search(day, "allotissement")]
    at = [i for i, h in enumerate(hrefs) if h.endswith("/actions/allotissement-petites-structures/")]
    assert at and at[0] > 0, hrefs
    assert "/semaine-" in hrefs[0] or "/suivi/" in hrefs[0], hrefs


def test_the_residents_guide_is_never_found(day):
    # "frontmatter" is written in the residents' guide only.
    assert search(day, "frontmatter") == []


@pytest.mark.slow
def test_nothing_is_downloaded_for_search_on_page_load_and_a_first_query_fits(shipped_site):
    measured = search_bytes.measure(shipped_site.site, ("etude", "prestataire"), DAY)
    for query, figures in measured["queries"].items():
        assert figures["on_load"] == 0, (query, figures)
        assert figures["results_shown"] > 0, (query, figures)
        assert 0 < figures["first_query_served"] <= BUDGET, (query, figures)


@pytest.mark.slow
def test_a_word_typed_key_by_key_is_searched_once(shipped_site):
    # Keys 50 ms apart (a fast typist; the site waits for a 300 ms pause): no query runs
    # before the last key, so only the results shown fetch fragments ("et", "etu"...
    # would fetch theirs). The margin is wide on purpose: a loaded machine delays keys.
    measured = search_bytes.measure(shipped_site.site, ("etude", "parité"), DAY, key_delay=0.05)
    for query, figures in measured["queries"].items():
        assert figures["results_shown"] > 0, (query, figures)
        assert figures["fragments"] == figures["results_shown"], (query, figures)
        assert figures["first_query_served"] <= BUDGET, (query, figures)


def test_one_letter_is_searched_on_enter_only(day):
    from selenium.webdriver.common.keys import Keys

    fetched = ("return performance.getEntriesByType('resource').map(e => e.name)"
               ".filter(n => /\\/pagefind\\/(index|fragment)\\//.test(n))")
    box = day.find_element("css selector", "input.md-search__input")
    box.click()
    box.send_keys("e")
    time.sleep(1.0)  # more than the pause
    assert day.execute_script(fetched) == []
    assert "Tapez un mot" in day.find_element("id", "journal-search-status").text
    box.send_keys(Keys.ENTER)
    web.wait_for(day, "return /résultat/.test("
                      "document.getElementById('journal-search-status').textContent)", "results")
    assert any("/index/" in name for name in day.execute_script(fetched))


def test_keyboard_slash_opens_escape_closes_arrows_reach_results(day):
    from selenium.webdriver.common.keys import Keys

    day.find_element("css selector", "body").send_keys("/")
    assert day.execute_script("return document.activeElement.id") == "journal-search-input"
    assert day.execute_script("return document.getElementById('__search').checked")
    day.switch_to.active_element.send_keys("achat")
    web.wait_for(day, "return document.querySelectorAll('.md-search-result__item').length",
                 "results")
    day.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert day.execute_script("return document.activeElement.classList.contains("
                              "'md-search-result__link')")
    day.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not day.execute_script("return document.getElementById('__search').checked")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_no_axe_violations_with_results_open(browser, axe_js, shipped_site, scheme, width):
    set_viewport(browser, width)
    set_media(browser, dark=scheme == "dark")
    open_page(browser, shipped_site.url(DAY))
    assert web.open_search(browser, "prestataires") > 0
    violations = run_axe(browser, axe_js)
    assert not violations, web.describe(violations)


@pytest.fixture(scope="module")
def small_chunks_site(tmp_path_factory):
    """The shipped journal with its word index cut into chunks of 40 locations (some
    60 chunks instead of 1 or 2): what a big journal's index looks like to a query."""
    from conftest import build_shipped_copy
    from residency_journal import search_chunks

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_chunks, "TARGET", 40)
        built = build_shipped_copy(tmp_path_factory.mktemp("small-chunks"))
    with web.serve(built.site) as served:
        yield served


def shown(driver, served, query: str) -> tuple[str, list[dict]]:
    """The results' count and what they show, links relative to the site."""
    open_page(driver, served.url(DAY))
    results = search(driver, query)
    for result in results:
        result["href"] = result["href"].removeprefix(served.base)
    status = driver.find_element("id", "journal-search-status").text
    return status, results


@pytest.mark.parametrize("query", ["etude", "évaluer", "prestataires", "lycee", "rhone",
                                   "allotissement", "clause d'insertion", "achat durable"])
@pytest.mark.slow
def test_the_re_split_index_finds_what_one_chunk_finds(browser, shipped_site, small_chunks_site,
                                                       query):
    status, results = shown(browser, shipped_site, query)
    assert results, query
    assert shown(browser, small_chunks_site, query) == (status, results)
