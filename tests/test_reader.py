"""The reader-facing pages: story first, tables that fit, French typography,
a home that leads, what was decided, the matrix, entity pages.

Fixture sites are built by MkDocs into tmp_path (conftest.py); the shipped journal
too (test_build.shipped). Layout in a real browser is in test_browser_a11y.py.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, build_project, entry, write_project
from residency_journal.french import NBSP, NNBSP
from residency_journal.model import Vocabulary
from residency_journal.views import View, rebase, section_html, toc_tokens
from test_build import SLUG, shipped

DAY_1 = entry("""
    date: 2013-01-28
    authors: [claire]
    summary: Premier jour.
    participants:
      - ref: daj
      - ref: claire
      - id: elus
        label: Élus de la commission
        group: élus
      - id: cabinet
        label: Un cabinet d'études
        group: prestataires
      - id: lycee
        label: Équipe du lycée
        group: communauté éducative
    actions:
      - id: guide
        title: Rédiger un guide
        impact: fort
        difficulty: faible
        verdict: retenue
      - id: parite
        title: Critère de parité
        impact: moyen
        verdict: a-approfondir
      - id: label
        title: Exiger un label
        verdict: irrealisable
    visits:
      - id: visite-cabinet
        title: Visite d'un cabinet
        place: Lyon
        participants: [cabinet, claire]
        section: chez-le-cabinet
    verbatims:
      - quote: On ne se voit jamais en dehors des marchés.
        by: daj
        visit: visite-cabinet
        action: guide
      - quote: Un guide, enfin.
        by: daj
        action: guide
    """, """\
Le récit commence ici, avant toute liste. Un budget de 90 000 euros : pas plus.

## Le matin

Le matin, on parle du guide ?

## Chez le cabinet

L'après-midi chez le cabinet, voir [le site](https://example.org/).

> On ne se voit jamais en dehors des marchés.

## Le soir

Rien à signaler.
""")

DAY_2 = entry("""
    date: 2013-01-31
    authors: [claire]
    participants:
      - ref: daj
    actions:
      - ref: parite
        note: À revoir avec la DAJ.
    """, "Deuxième récit.\n")


FILES = {
    "journal/res/residence.yml": RESIDENCE_YML,
    "journal/res/semaine-1/jour-1.md": DAY_1,
    "journal/res/semaine-1/jour-2.md": DAY_2,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """FILES built once for the module: the tests read it, none changes it."""
    return build_project(write_project(tmp_path_factory.mktemp("reader") / "project", FILES))


def article(html: str) -> str:
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert match, "no article"
    return match.group(1)


class _Visible(HTMLParser):
    """The text a reader sees: no code, pre, script, style, svg text, nor attributes."""

    SKIP = {"code", "pre", "script", "style", "kbd", "samp", "textarea"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            if not self.depth:
                self.parts.append("x")  # code reads as a word before what follows
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "".join(parser.parts)


# An ordinary space (or a line break inside a paragraph) before ; ? ! or :.
BAD_SPACE = re.compile(r"[^\s:;?!]+[ \t\n]+[:;?!](?=\s|$)")


def bad_spaces(html: str) -> list[str]:
    text = visible_text(html)
    return [m.group(0) for m in BAD_SPACE.finditer(text)]


# --- 1. story first ---------------------------------------------------------------------------

def test_day_opens_with_its_story_then_the_record(site):
    day = article(site.html("res/semaine-1/jour-1/"))
    story = day.index("Le récit commence ici")
    assert day.index("Premier jour.") < story  # the summary, then the narrative
    for block in ('id="journal-participants"', 'id="journal-actions"', 'id="journal-visites"',
                  'id="journal-verbatims"'):
        assert story < day.index(block), block


def test_day_toc_lists_the_story_and_the_record(site):
    html = site.html("res/semaine-1/jour-1/")
    toc = re.search(r'<nav class="md-nav md-nav--secondary"(.*?)</nav>\s*</div>', html, re.S)
    assert toc, "no table of contents"
    links = re.findall(r'href="#([^"]+)"', toc.group(1))
    assert links[:4] == ["le-matin", "chez-le-cabinet", "le-soir", "journal-record"]
    assert {"journal-actions", "journal-participants", "journal-visites"} <= set(links)


def test_a_quote_the_story_already_gives_is_shown_once_and_keeps_its_anchor(site):
    day = article(site.html("res/semaine-1/jour-1/"))
    assert day.count("On ne se voit jamais en dehors des marchés.") == 1
    assert '<blockquote id="verbatim-1"' in day  # links to #verbatim-1 land on the story
    assert day.count("Un guide, enfin.") == 1 and 'id="verbatim-2"' in day


# --- 2. tables ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["res/semaine-1/jour-1/", "res/actions/"])
def test_every_cell_says_its_column_for_narrow_screens(site, url):
    page = article(site.html(url))
    tables = re.findall(r"<table.*?</table>", page, re.S)
    assert tables
    for table in tables:
        assert 'class="journal-table"' in table  # not Material's scrolling wrapper
        heads = re.findall(r'<th scope="col">([^<]+)</th>', table)
        labels = set(re.findall(r'<td data-label="([^"]+)"', table))
        assert labels == set(heads[1:]), (heads, labels)
        assert "<td>" not in table


# --- 3. French -------------------------------------------------------------------------------

def test_counts_agree_in_number(site):
    people = visible_text(article(site.html("res/participants/")))
    assert f"— 2{NBSP}jours, 2{NBSP}verbatims" in people  # daj; no "0 visite"
    assert f"— 1{NBSP}jour\n" in people  # the élus
    # claire signed both days, took part in the first
    assert f"— 1{NBSP}jour, 2{NBSP}entrées signées, 1{NBSP}micro-voyage d'étude" in people
    assert "1 jours" not in people.replace(NBSP, " ")
    home = visible_text(article(site.html("res/")))
    assert f"1{NBSP}micro-voyage d'étude" in home and f"3{NBSP}actions" in home
    assert f"1{NBSP}retenue" in home and "1 retenues" not in home.replace(NBSP, " ")


def test_no_ordinary_space_before_high_punctuation_in_the_fixture_site(site):
    pages = [p for p in site.site.rglob("*.html")]
    found = {str(p.relative_to(site.site)): bad for p in pages
             if (bad := bad_spaces(article(p.read_text(encoding="utf-8"))))}
    assert found == {}
    day = visible_text(article(site.html("res/semaine-1/jour-1/")))
    assert f"90{NNBSP}000 euros{NBSP}: pas plus" in day and f"guide{NNBSP}?" in day


def test_the_scan_finds_an_ordinary_space():
    assert bad_spaces("<p>Bonjour ! Note : <code>a ; b</code></p>") == ["Bonjour !", "Note :"]
    assert bad_spaces(f'<p title="a : b">Quoi{NNBSP}? <a href="?x=1 ;">x</a></p>') == []


def test_shipped_journal_pages_have_french_spaces(tmp_path):
    built = shipped(tmp_path)
    found = {}
    for page in built.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        marked = '<article class="md-content__inner md-typeset">' in html
        if marked and (bad := bad_spaces(article(html))):
            found[str(page.relative_to(built.site))] = bad
    assert found == {}


def test_groups_have_labels_and_the_configured_order(site):
    people = article(site.html("res/participants/"))
    titles = [unescape(t) for t in re.findall(r'<h2 id="groupe-\d+">([^<]+) <span', people)]
    assert titles == ["Élus", "Agents", "Prestataires", "L'équipe en résidence",
                      "Communauté éducative"]
    person = visible_text(article(site.html("res/participants/daj/")))
    assert "groupe «" not in person and "Agents" in person


def test_group_order_and_team_label_are_options(project):
    yml = BASE_MKDOCS_YML.replace("  - journal\n", "  - journal:\n      group_order: [prestataires, "
                                  "résidents]\n      team_label: Les résidentes\n")
    built = project(FILES, mkdocs_yml=yml)
    titles = [unescape(t) for t in re.findall(r'<h2 id="groupe-\d+">([^<]+) <span',
                                               article(built.html("res/participants/")))]
    assert titles == ["Prestataires", "Les résidentes", "Agents", "Communauté éducative", "Élus"]
    assert "Les résidentes" in article(built.html("res/"))


# --- 4. the home --------------------------------------------------------------------------

def test_home_lists_every_residency_and_reaches_journal(project):
    second = RESIDENCE_YML.replace("Résidence test", "Résidence Accueil").replace(
        "host: Région Test", "host: Ville Exemple")
    built = project({**FILES, "journal/autre/residence.yml": second,
                     "journal/autre/semaine-1/jour-1.md": entry("date: 2013-01-29")})
    home = article(built.html(""))
    for title, url, host in (("Résidence test", "res/", "Région Test"),
                             ("Résidence Accueil", "autre/", "Ville Exemple")):
        assert f'<a href="{url}">{title}</a>' in home and host in home
    assert 'href="journal/"' in home
    # the weeks of residence.yml: the second one, no end and no day written yet, ends it
    assert "du 28 janvier 2013 au 4 février 2013" in visible_text(home)


def test_shipped_home_lists_the_residency_once_in_the_sidebar(tmp_path):
    built = shipped(tmp_path)
    html = built.html("")
    home = article(html)
    assert f'href="{SLUG}/"' in home and 'href="journal/"' in home
    assert "Région Rhône-Alpes" in home and "dont 5" in visible_text(home)
    nav = re.search(r'<nav class="md-nav md-nav--primary"(.*?)</nav>', html, re.S).group(1)
    labels = [" ".join(t.split()) for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>',
                                                      nav, re.S)]
    assert not any(re.match(r"Journaux de résidences?$", label) for label in labels), labels


# --- 5. what was decided --------------------------------------------------------------------

def test_residency_home_lists_decisions_and_the_real_period(site):
    home = article(site.html("res/"))
    decided = home[home.index('id="journal-decide"'):home.index('id="journal-dernieres"')]
    assert '<a href="actions/guide/">Rédiger un guide</a>' in decided
    assert '<a href="actions/parite/">Critère de parité</a>' in decided  # à approfondir
    assert "Exiger un label" not in decided
    # the last week has no end and no day written: the period stops at its start,
    # not on the Sunday six days on that nobody worked
    assert 'au <time datetime="2013-02-04">lundi 4 février 2013</time>' in home
    assert "2013-02-10" not in home
    latest = home[home.index('id="journal-dernieres"'):]
    assert latest.index("jour-2/") < latest.index("jour-1/")


def test_shipped_residency_home_names_its_retained_actions(tmp_path):
    home = article(shipped(tmp_path).html(f"{SLUG}/"))
    assert 'href="actions/clause-insertion/"' in home and "actions retenues" in home
    assert "jeudi 14 février 2013" in home and "dimanche 17 février" not in home


# --- 6. the matrix ---------------------------------------------------------------------------

def test_matrix_marks_are_single_links_with_names_shapes_and_a_legend(site):
    page = article(site.html("res/actions/"))
    svg = re.search(r"<svg[^>]*journal-matrix|<figure class=\"journal-matrix\">\s*<svg([^>]*)>", page)
    assert svg and 'role="img"' not in svg.group(0) and 'role="group"' in page
    marks = re.findall(r'<a href="([^"]+)" class="journal-matrix__mark[^"]*"[^>]*aria-label="([^"]+)"',
                       page)
    assert marks == [("guide/", "1. Rédiger un guide : Retenue, impact fort, difficulté faible")]
    mark = re.search(r'<a href="guide/" class="journal-matrix__mark.*?</a>', page, re.S).group(0)
    assert "<a " not in mark[2:] and "<path" in mark  # one link, its shape
    legend = visible_text(re.search(r"<figcaption>.*?</figcaption>", page, re.S).group(0))
    assert "Retenue (carré)" in legend and "Zone hachurée" in legend


def test_actions_outside_the_matrix_say_what_is_missing(site):
    page = article(site.html("res/actions/"))
    unplaced = visible_text(re.search(r'<div class="journal-unplaced">.*?</div>', page, re.S).group(0))
    assert "2. Critère de parité — difficulté non évaluée" in unplaced
    assert "3. Exiger un label — impact et difficulté non évalués" in unplaced
    assert "Rédiger un guide" not in unplaced


# --- 7. entity pages -------------------------------------------------------------------------

def test_captions_do_not_name_the_page_they_are_on(site):
    action = visible_text(article(site.html("res/actions/guide/")))
    assert "à propos de l'action" not in action and "Un guide, enfin." in action
    visit = visible_text(article(site.html("res/visites/visite-cabinet/")))
    assert "lors de la visite" not in visit
    person = article(site.html("res/participants/daj/"))
    assert 'href="../daj/"' not in person and "Action de la résidence" not in person


def test_visit_page_carries_its_section_of_the_day(site):
    visit = article(site.html("res/visites/visite-cabinet/"))
    story = visible_text(visit)
    assert "L'après-midi chez le cabinet" in story
    assert "Le matin" not in story and "Rien à signaler" not in story
    assert 'href="https://example.org/"' in visit
    # the quote the section gives is not repeated among the visit's verbatims
    assert story.count("On ne se voit jamais") == 1


def test_team_member_page_lists_the_entries_they_signed(site):
    claire = article(site.html("res/participants/claire/"))
    signed = claire[claire.index('id="journal-signees"'):]
    assert 'href="../../semaine-1/jour-1/"' in signed and 'href="../../semaine-1/jour-2/"' in signed
    assert "L'équipe en résidence" in visible_text(claire)


def test_one_word_for_quotes_everywhere(site):
    for url in ("res/", "res/actions/guide/", "res/visites/visite-cabinet/",
                "res/participants/daj/", "res/semaine-1/jour-1/"):
        page = article(site.html(url))
        assert "Paroles" not in page and "Rapport d'étonnement" not in page, url


# --- helpers in plain Python -------------------------------------------------------------------

def test_section_html_and_rebase():
    body = ('<p>a</p><h2 id="x">X<a class="headerlink" href="#x">¶</a></h2><p><a href="../jour-2/">'
            'b</a> <img src="../../media/p.svg"></p><h3 id="y">Y</h3><p>c</p><h2 id="z">Z</h2>')
    part = section_html(body, "x")
    assert part.startswith("<p><a") and "Z" not in part and 'id="y"' in part
    moved = rebase(part, "r/semaine-1/jour-1/", "r/visites/v/")
    assert 'href="../../semaine-1/jour-2/"' in moved and 'src="../../media/p.svg"' in moved
    assert rebase('<a href="#y">', "r/semaine-1/jour-1/", "r/visites/v/") == (
        '<a href="../../semaine-1/jour-1/#y">')
    assert section_html(body, "nope") is None


def test_toc_tokens_nest_h3_under_h2():
    tokens = toc_tokens('<h2 id="a">A<a class="headerlink">¶</a></h2><h3 id="b">B &amp; c</h3>'
                        '<h3>no id</h3><h2 id="c">C</h2>')
    assert [(t["id"], t["name"], [c["id"] for c in t["children"]]) for t in tokens] == [
        ("a", "A", ["b"]), ("c", "C", [])]
    assert tokens[0]["children"][0]["name"] == "B &amp; c"


def test_verdict_counts_agree():
    view = View(Vocabulary())

    class R:
        def __init__(self, verdicts):
            self.verdicts = verdicts

        def actions_by_verdict(self, keys):
            return [(k, [object()] * n) for k, n in self.verdicts]

    assert view.verdict_counts(R([("retenue", 5), ("a-approfondir", 1)])).replace(NBSP, " ") == (
        "5 retenues, 1 à approfondir")
    assert view.verdict_counts(R([("irrealisable", 2)])).replace(NBSP, " ") == "2 jugées irréalisables"
