"""Entity pages: actions (with the matrix), visits, participants, verbatims, cross-links."""

from __future__ import annotations

import re

from conftest import RESIDENCE_YML, ROOT, build_project, entry, write_project
from crawl import broken_links
from residency_journal.model import Options, load_journal
from test_build import SLUG, shipped


def content_model_urls(journal) -> list[str]:
    urls = ["journal/"]
    for res in journal.residencies:
        urls += [f"{res.slug}/", f"{res.slug}/actions/", f"{res.slug}/visites/",
                 f"{res.slug}/participants/", f"{res.slug}/verbatims/"]
        urls += [f"{res.slug}/semaine-{e.week}/jour-{e.day}/" for e in res.days]
        urls += [f"{res.slug}/suivi/{e.date.isoformat()}/" for e in res.follow_ups]
        urls += [f"{res.slug}/actions/{i}/" for i in res.actions]
        urls += [f"{res.slug}/visites/{i}/" for i in res.visits]
        urls += [f"{res.slug}/participants/{i}/" for i in res.participants]
    return urls


MULTI = {
    "journal/lycee/residence.yml": "title: Résidence au lycée\nslug: lycee-bois\n"
                                   "team:\n  - id: ana\n    name: Ana\n",
    "journal/lycee/semaine-1/jour-1.md": entry("""
        date: 2014-03-03
        authors: [ana]
        participants:
          - id: proviseur
            label: Le proviseur
            group: direction
          - ref: ana
        actions:
          - id: bois
            title: Acheter du bois écocertifié
            impact: 2
            difficulty: 3
        visits:
          - id: scierie
            title: Visite de la scierie
            participants: [proviseur]
            section: la-scierie
        verbatims:
          - quote: Le bois local coûte moins cher qu'on ne croit.
            by: proviseur
            visit: scierie
            action: bois
    """, "## La scierie\n\nNous visitons la scierie.\n"),
    "journal/lycee/semaine-1/jour-2.md": entry("""
        date: 2014-03-04
        actions:
          - ref: bois
            verdict: retenue
          - id: cantine
            title: Cantine bio
    """),
    "journal/region/residence.yml": RESIDENCE_YML,
    "journal/region/semaine-1/jour-1.md": entry("""
        date: 2013-01-28
        participants:
          - ref: daj
        actions:
          - id: parite
            title: Critère de parité
            impact: fort
            difficulty: faible
            verdict: a-approfondir
          - id: bois
            title: Un autre bois, une autre résidence
        verbatims:
          - quote: Les ids sont propres à chaque résidence.
            by: daj
            action: bois
    """),
}


def check_entity_site(built, journal):
    for url in content_model_urls(journal):
        assert built.exists(url), url
    assert broken_links(built.site) == []


def test_shipped_journal_entity_pages_and_links(tmp_path):
    built = shipped(tmp_path)
    journal = load_journal(ROOT)
    check_entity_site(built, journal)


def test_multi_residency_site(tmp_path):
    root = write_project(tmp_path / "p", MULTI)
    built = build_project(root)
    journal = load_journal(root)
    assert [r.slug for r in journal.residencies] == ["lycee-bois", "region"]
    check_entity_site(built, journal)
    index = built.html("journal/")
    assert "Résidence au lycée" in index and "Résidence test" in index
    # the same id in two residencies is two actions
    assert "Acheter du bois" in built.html("lycee-bois/actions/bois/")
    assert "Un autre bois" in built.html("region/actions/bois/")
    visit = built.html("lycee-bois/visites/scierie/")
    assert 'href="../../semaine-1/jour-1/#la-scierie"' in visit
    assert "Le bois local coûte moins cher" in visit
    assert 'href="../../participants/proviseur/"' in visit
    person = built.html("lycee-bois/participants/proviseur/")
    assert 'href="../../semaine-1/jour-1/"' in person and "Visite de la scierie" in person
    assert "Le bois local" in person


def test_action_timeline_and_current_state(tmp_path):
    built = shipped(tmp_path)
    journal = load_journal(ROOT)
    res = journal.residency(SLUG)
    for action in res.actions.values():
        page = built.html(f"{SLUG}/actions/{action.id}/")
        timeline = page[page.index('class="journal-timeline"'):]
        timeline = timeline[:timeline.index("</ol>")]
        linked_days = re.findall(r'<a href="\.\./\.\./(semaine-\d+/jour-\d+|suivi/[\d-]+)/">', timeline)
        assert linked_days == [s.entry.url.removeprefix(f"{SLUG}/").rstrip("/") for s in action.steps]
        # field-by-field latest state, computed independently from the mentions
        for name in ("impact", "difficulty"):
            values = [getattr(s, name) for s in action.steps if getattr(s, name)]
            assert getattr(action, name) == (values[-1] if values else None)
        verdicts = [s.verdict for s in action.steps if s.verdict]
        assert action.verdict == (verdicts[-1] if verdicts else "proposee")
    # a known case from the shipped journal: proposed with impact only in week 1,
    # then assessed by the élus in week 3
    parite = res.actions["critere-parite"]
    assert (parite.impact, parite.difficulty, parite.verdict) == (3, 2, "a-approfondir")
    page = built.html(f"{SLUG}/actions/critere-parite/")
    assert "Semaine 3, Jour 3</a>" in page and "à approfondir" in page


def test_matrix_has_one_linked_mark_per_action_in_its_cell(tmp_path):
    built = shipped(tmp_path)
    res = load_journal(ROOT).residency(SLUG)
    page = built.html(f"{SLUG}/actions/")
    svg = page[page.index('<figure class="journal-matrix">'):]
    svg = svg[:svg.index("</svg>")]
    # a labelled group of links, not an image (no link inside role=img: nested-interactive)
    assert '<title id="journal-matrix-title">' in svg and 'role="group"' in svg
    assert 'role="img"' not in svg
    marks = re.findall(r'<a href="([^"]+)" class="journal-matrix__mark[^"]*" '
                       r'data-action="([^"]+)" data-impact="(\d)" data-difficulty="(\d)"', svg)
    rated = [a for a in res.actions.values() if a.impact and a.difficulty]
    assert sorted(m[1] for m in marks) == sorted(a.id for a in rated)
    for href, ident, impact, difficulty in marks:
        action = res.actions[ident]
        assert href == f"{ident}/"
        assert (int(impact), int(difficulty)) == (action.impact, action.difficulty)
    # marks are where the cell is: x by difficulty, y by impact, never overlapping
    # (their numbers sit at the centre, 4 units off it in triangles)
    circles = [tuple(map(float, c)) for c in re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" dominant-baseline="central"', svg)]
    assert len(circles) == len(marks)
    for i, (x1, y1) in enumerate(circles):
        for x2, y2 in circles[i + 1:]:
            assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= 26 ** 2
    # actions not yet rated are listed beside the matrix, not dropped
    unrated = [a for a in res.actions.values() if not (a.impact and a.difficulty)]
    assert unrated
    beside = page[page.index('class="journal-unplaced"'):]
    for action in unrated:
        assert f'data-action="{action.id}"' in beside


def test_matrix_cells_from_layout_positions():
    from residency_journal.views import matrix_layout

    class A:
        def __init__(self, i, impact, difficulty):
            self.id, self.impact, self.difficulty = f"a{i}", impact, difficulty

    actions = [A(i, 3, 1) for i in range(20)] + [A(99, 1, 3), A(100, None, 2)]
    grid = matrix_layout(actions)
    assert [n for n, _ in grid.unplaced] == [22]
    for mark in grid.marks:
        col = (mark.x - grid.left) // grid.cell_width + 1
        row = 3 - (mark.y - grid.top) // grid.cell_height
        assert (row, col) == (mark.action.impact, mark.action.difficulty)
        # inside its cell, with room for its radius
        assert grid.left + (col - 1) * grid.cell_width + grid.radius <= mark.x
        assert mark.x <= grid.left + col * grid.cell_width - grid.radius
        assert mark.y <= grid.top + (4 - row) * grid.cell_height - grid.radius


def test_day_pages_link_every_entity_and_home_has_figures(tmp_path):
    built = shipped(tmp_path)
    res = load_journal(ROOT).residency(SLUG)
    for e in res.entries:
        page = built.html(e.url)
        for presence in e.presences:
            assert f'href="../../participants/{presence.participant.id}/"' in page
        for step in e.steps:
            assert f'href="../../actions/{step.action.id}/"' in page
        for visit in e.visits:
            assert f'href="../../visites/{visit.id}/"' in page
    home = built.html(f"{SLUG}/")
    assert f"{len(res.actions)}\u00a0actions</a>" in home
    assert f"{len(res.verbatims)}\u00a0verbatims</a>" in home


def test_verbatims_page_shows_free_text_speakers(tmp_path):
    built = shipped(tmp_path)
    res = load_journal(ROOT).residency(SLUG)
    page = built.html(f"{SLUG}/verbatims/")
    assert page.count('class="journal-verbatim"') == len(res.verbatims)
    free = [v for v in res.verbatims if v.speaker_text]
    assert free
    for v in free:
        assert v.speaker_text.replace("'", "&#39;") in page


def test_hand_written_page_wins_and_reserved_slug_is_reported(tmp_path):
    files = dict(MULTI)
    files["docs/lycee-bois/actions.md"] = "# Nos actions, racontées à la main\n"
    # a residency whose slug would make its home the /journal/ index
    files["journal/autre/residence.yml"] = "title: Autre\nslug: journal\n"
    root = write_project(tmp_path / "p", files)
    built = build_project(root, expect=[
        "journal/autre/residence.yml:2: slug : « journal » est déjà pris par le site, pour la "
        "liste des résidences (/journal/)"])
    assert len(built.warnings) == 1  # one mistake, one message (not one per page)
    assert "racontées à la main" in built.html("lycee-bois/actions/")
    assert "journal-matrix" not in built.html("lycee-bois/actions/")
    # the generated /journal/ page is the list of residencies, not the residency
    assert "Résidence au lycée" in built.html("journal/")


def test_entity_pages_are_searchable_with_full_titles(tmp_path):
    # Search is Pagefind: it indexes bodies marked data-pagefind-body and
    # titles results with the page's <title>, which carries the residency.
    built = shipped(tmp_path)
    action = built.html(f"{SLUG}/actions/critere-parite/")
    assert ("<title>Action\u00a0: Intégrer un critère de parité hommes / femmes — "
            "Résidence Achats durables en Rhône-Alpes") in action
    assert "data-pagefind-body" in action
    body = action.split("data-pagefind-body", 1)[1]
    assert "Semaine 3, Jour 3" in body and "Semaine 1, Jour 2" in body
    assert "<title>Visite\u00a0: " in built.html(f"{SLUG}/visites/micro-voyage-prestataires/")
    assert (built.site / "pagefind" / "pagefind-entry.json").is_file()


def test_draft_entities_appear_nowhere(tmp_path):
    built = shipped(tmp_path)
    root = built.root
    assert (root / "journal" / SLUG / "semaine-3" / "jour-5.md").is_file()
    for path in built.all_files():
        data = path.read_bytes()
        for secret in (b"action-brouillon", b"participant-brouillon", b"Brouillon confidentiel",
                       b"semaine-3/jour-5"):
            assert secret not in data, (path, secret)
    # but `mkdocs serve` shows them
    preview = load_journal(root, options=Options(include_drafts=True)).residency(SLUG)
    assert "action-brouillon" in preview.actions




def test_crawler_finds_broken_links_and_anchors(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#nope">x</a><a href="b/">x</a>'
        '<a href="#top">x</a><a href="https://example.org/">external</a>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<h2 id="here">Here</h2>', encoding="utf-8")
    assert broken_links(site) == ["index.html -> a/#nope (no anchor)", "index.html -> b/",
                                  "index.html -> #top (no anchor)"]


def test_entity_pages_open_the_menu_on_their_residency(tmp_path):
    built = shipped(tmp_path)
    page = built.html(f"{SLUG}/actions/critere-parite/")
    nav = page[page.index("md-nav--primary"):]
    active = nav[nav.index("md-nav__item--active"):]
    assert active.index("Résidence Achats durables") < active.index("Semaine 1")
    # not listed in the menu itself
    assert "actions/critere-parite/" not in nav
