"""What the search indexes, read back from the built Pagefind index: each
page's text as the results' excerpts show it (a fragment file per page: gzip, a
``pagefind_dcd`` prefix, JSON). The browser side is tests/test_search.py."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from residency_journal.search_index import available, separated
from test_build import shipped as build_shipped

SLUG = "achats-durables-rhone-alpes"
LABELS = ("Verdict", "Impact", "Difficulté", "Portée", "Dernière note", "Statut", "Avancement",
          "Étiquettes", "Date", "Lieu", "Accueil", "Période")


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    if not available():
        pytest.skip("pagefind[bin] not installed")
    built = build_shipped(tmp_path_factory.mktemp("search-index"))
    pages = {}
    for path in sorted((built.site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), path
        fragment = json.loads(raw[len(b"pagefind_dcd"):])
        pages[fragment["url"]] = fragment
    return built, pages


def text(pages, url: str) -> str:
    assert url in pages, sorted(pages)
    return pages[url]["content"]


def test_excerpts_separate_a_label_from_its_value_and_fields_from_each_other(indexed):
    _, pages = indexed
    action = text(pages, f"/{SLUG}/actions/clause-insertion/")
    assert "Verdict : Retenue. Impact : moyen. Difficulté : forte. Portée : Externe." in action
    visit = text(pages, f"/{SLUG}/visites/micro-voyage-lycee-villeurbanne/")
    assert "Lieu : Villeurbanne. Accueil : " in visit
    # No label runs into its value anywhere ("VerdictRetenue", "Impactmoyen"), nor a
    # value into the next label ("moyen Difficulté").
    generated = [u for u in pages if u == f"/{SLUG}/" or "/actions/" in u or "/visites/" in u]
    assert len(generated) > 10
    for url in generated:
        page = pages[url]
        for label in LABELS:
            assert not re.search(rf"\b{label}(?=[^\s:s])", page["content"]), (url, label)
            assert not re.search(rf"\w {label} :", page["content"]), (url, label)


def test_a_days_table_reads_as_sentences_without_its_empty_cells(indexed):
    _, pages = indexed
    day = text(pages, f"/{SLUG}/semaine-2/jour-3/")
    # the action's name, then the note under it, then its verdict (its other cells are empty)
    assert ("Rédiger un guide de l'achat durable de prestations intellectuelles. "
            "Les prestataires demandent à le lire aussi") in day
    assert "ce que la Région attend. Retenue. Créer un comité" in day
    for url, page in pages.items():
        assert "— —" not in page["content"] and "— —" not in page["content"], url


def test_generated_pages_index_what_they_say_not_what_they_repeat(indexed):
    built, pages = indexed
    action = text(pages, f"/{SLUG}/actions/clause-insertion/")
    assert action.startswith("Étendre la clause d'insertion aux marchés de prestations intellectuelles")
    # its timeline, history, quotes and visits are the days' words, found on the days
    assert "Semaine" not in action and "Chronologie" not in action and "Historique" not in action
    assert "Chronologie" in built.html(f"{SLUG}/actions/clause-insertion/")

    visit = text(pages, f"/{SLUG}/visites/micro-voyage-lycee-villeurbanne/")
    assert visit.startswith("Micro-voyage d'étude dans un lycée de Villeurbanne")
    assert "Le récit" not in visit and "Participants" not in visit and "Verbatims" not in visit
    assert pages[f"/{SLUG}/visites/micro-voyage-lycee-villeurbanne/"]["word_count"] < 60

    home = text(pages, f"/{SLUG}/")
    assert home.startswith("Résidence Achats durables en Rhône-Alpes")
    assert "Période : du lundi 28 janvier 2013 au jeudi 14 février 2013" in home
    for repeated in ("Dernières entrées", "Les semaines", "Ce qui a été décidé", "S'abonner", "Semaine 1"):
        assert repeated not in home, repeated

    # A day keeps its story and its record, without the headings every day repeats.
    day = text(pages, f"/{SLUG}/semaine-3/jour-3/")
    assert "La séance avec les élus" in day and "Jugée non vérifiable" in day
    assert "La journée en bref" not in day and "actions discutées" not in day


def test_the_pages_found_are_days_notes_generated_pages_and_hand_written_ones(indexed):
    _, pages = indexed
    urls = set(pages)
    assert {f"/{SLUG}/semaine-1/jour-1/", f"/{SLUG}/", f"/{SLUG}/actions/clause-insertion/",
            "/a-propos/"} <= urls
    assert any(u.startswith(f"/{SLUG}/suivi/") for u in urls)
    assert any(u.startswith(f"/{SLUG}/visites/") for u in urls)
    assert "/ecrire-une-entree/" not in urls  # the residents' guide
    assert not any(u.startswith(f"/{SLUG}/participants/") for u in urls)


def test_pages_that_repeat_others_weigh_less_and_so_does_their_title(indexed):
    built, _ = indexed
    action = built.html(f"{SLUG}/actions/clause-insertion/")
    assert '<div data-pagefind-body data-pagefind-weight="0.5"' in action
    assert '<h1 data-pagefind-weight="0.5">' in action
    day = built.html(f"{SLUG}/semaine-3/jour-3/")
    assert "data-pagefind-weight" not in day


@pytest.mark.parametrize(("html", "indexed_as"), [
    ("<dl><dt>Verdict</dt><dd>Retenue</dd></dl>", "<dl><dt>Verdict\u00a0: </dt><dd>Retenue. </dd></dl>"),
    # the last character shown counts, not the tags that close after it
    ('<dt><a href="x">Lieu</a></dt><dd><span><svg><path d="M"/></svg>Lyon</span>\n</dd>',
     '<dt><a href="x">Lieu</a>\u00a0: </dt><dd><span><svg><path d="M"/></svg>Lyon</span>\n. </dd>'),
    # already punctuated, or not ending with a word: a space only
    ("<dt>Lieu :</dt><dd>Lyon.</dd><dd>—</dd><dd><br></dd>",
     "<dt>Lieu : </dt><dd>Lyon. </dd><dd>— </dd><dd><br> </dd>"),
    # a line break after a word ends a sentence: a name and the note under it
    ('<th><a href="x">Allotir</a><br><span>La DAJ propose.</span><br/></th>',
     '<th><a href="x">Allotir</a>. <br><span>La DAJ propose.</span><br/> </th>'),
    ("<tr><th>Action</th><td>x</td></tr><dd>12 %</dd>",
     "<tr><th>Action. </th><td>x</td></tr><dd>12 %. </dd>"),
    ("<p>Rien à séparer</p>", "<p>Rien à séparer</p>"),
])
def test_separators_are_added_where_pagefind_adds_none(html, indexed_as):
    assert separated(html) == indexed_as


def test_a_stop_while_pagefind_answers_writes_nothing_and_raises_nothing(tmp_path, monkeypatch):
    """A preview stopping (``close`` from the server's thread) while Pagefind sends the
    index's files: the indexer ends quietly, as when the stop comes earlier."""
    import threading

    from residency_journal import search_index

    answering, stopped = threading.Event(), threading.Event()

    class SlowPagefind:  # answers at once, but GetFiles only once the stop has begun
        def __init__(self, executable) -> None:
            self.sent: list[dict] = []

        def send(self, payload: dict) -> int:
            self.sent.append(payload)
            return len(self.sent)

        def wait(self, message_id: int) -> dict:
            payload = self.sent[message_id - 1]
            if payload["type"] == "GetFiles":
                answering.set()
                assert stopped.wait(10)
                return {"files": [{"path": "pagefind-entry.json", "content": "e30="}]}
            return {"index_id": 1}

        def close(self) -> None:
            pass

    monkeypatch.setattr(search_index, "_executable", lambda: tmp_path / "pagefind")
    monkeypatch.setattr(search_index, "PagefindProcess", SlowPagefind)
    indexer = search_index.SearchIndexer()
    page = f"<html><body>{search_index.BODY_MARK}<p>mot</p></div>{search_index.BODY_END}</body></html>"
    assert indexer.add("/a/", page)
    indexer.write(tmp_path / "index")
    assert answering.wait(10)
    stopping = threading.Thread(target=indexer.close)
    stopping.start()
    while stopping.is_alive() and indexer._output is not None:  # close has begun
        stopping.join(0.001)
    stopped.set()
    stopping.join(10)
    assert indexer.wait() == 1
    assert not (tmp_path / "index").exists()
