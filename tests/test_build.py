"""Building sites with MkDocs and reading the HTML that comes out."""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import pytest
from conftest import RESIDENCE_YML, Built, build_shipped_copy, entry, shipped_build

SLUG = "achats-durables-rhone-alpes"


def shipped(tmp_path: Path | None = None) -> Built:
    """The shipped journal, built once per test session (conftest.shipped_build): read it,
    never change it. ``tmp_path`` is ignored; to build a changed copy, or with a module
    patched, take conftest.build_shipped_copy."""
    return shipped_build()


def test_shipped_journal_builds_without_warnings_at_content_model_urls(tmp_path):
    built = shipped(tmp_path)
    assert built.warnings == []
    for week, day in [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3), (3, 4)]:
        assert built.exists(f"{SLUG}/semaine-{week}/jour-{day}/"), (week, day)
    assert built.exists(f"{SLUG}/") and built.exists("journal/")
    day = built.html(f"{SLUG}/semaine-3/jour-3/")
    assert '<time datetime="2013-02-13">mercredi 13 février 2013</time>' in day
    # the day's actions with their assessment that day, in French
    assert "Jugée non vérifiable" in day and "À approfondir" in day
    # the residency home lists weeks, days and latest entries
    home = built.html(f"{SLUG}/")
    assert "Semaine 3" in home and "semaine-3/jour-4/" in home and "Dernières entrées" in home


def test_media_are_copied_and_links_follow_the_published_url(tmp_path):
    built = shipped(tmp_path)
    assert (built.site / SLUG / "media" / "plan-salle.svg").is_file()
    day = built.html(f"{SLUG}/semaine-1/jour-2/")
    assert 'src="../../media/plan-salle.svg"' in day


def test_frontmatter_values_are_escaped_everywhere(project):
    evil = "<script>alert(1)</script>"
    built = project({
        "journal/res/residence.yml": RESIDENCE_YML.replace(
            "title: Résidence test", 'title: "Résidence <b>test</b>"'),
        "journal/res/semaine-1/jour-1.md": entry(f"""
            date: 2013-01-28
            title: "Jour {evil}"
            summary: "Résumé {evil}"
            tags: ["{evil}"]
            participants:
              - id: evil
                label: "Label {evil}"
                group: "Groupe {evil}"
            actions:
              - id: a
                title: "Action {evil}"
                note: "Note {evil}"
            visits:
              - id: v
                title: "Visite {evil}"
                place: "Lieu {evil}"
                hosts: ["Hôte {evil}"]
            verbatims:
              - quote: "Citation {evil}"
                by: "Quelqu'un {evil}"
            extra:
              author: "{evil}"
        """),
    })
    for path in built.all_files():
        if path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "<script>alert(1)" not in text, path
            assert "<b>test</b>" not in text, path
    day = built.html("res/semaine-1/jour-1/")
    assert "Citation &lt;script&gt;alert(1)&lt;/script&gt;" in day
    assert "<title>Jour &lt;script&gt;alert(1)&lt;/script&gt; — Résidence &lt;b&gt;test&lt;/b&gt;" in day
    assert 'content="Résumé &lt;script&gt;' in day


def test_drafts_never_reach_the_build(project):
    files = {
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28", "Texte public.\n"),
        "journal/res/semaine-1/jour-2.md": entry("""
            date: 2013-01-29
            draft: true
            title: Titre du brouillon secret
            participants:
              - id: personne-secrete
                label: Personne secrète
            actions:
              - id: action-secrete
                title: Action secrète
        """, "Texte du brouillon secret.\n"),
    }
    built = project(files)
    assert built.exists("res/semaine-1/jour-1/")
    for path in built.all_files():
        data = path.read_bytes()
        for secret in ("brouillon secret", "secrète", "secrete", "jour-2"):
            assert secret.encode() not in data, (path, secret)


@pytest.mark.slow
def test_builds_are_reproducible_across_folders_and_times(tmp_path, monkeypatch):
    """SOURCE_DATE_EPOCH set: the same sources built in two folders, at two times,
    give byte-identical trees (sitemap.xml and its gzip header included)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1360713600")  # 2013-02-13
    first = build_shipped_copy(tmp_path / "un")
    time.sleep(1.2)  # another second: gzip headers and build dates would differ
    second = build_shipped_copy(tmp_path / "deux" / "plus-profond")
    a = {p.relative_to(first.site): p.read_bytes() for p in first.all_files()}
    b = {p.relative_to(second.site): p.read_bytes() for p in second.all_files()}
    assert a.keys() == b.keys()
    assert Path("sitemap.xml") in a and Path("sitemap.xml.gz") in a
    assert [k for k in a if a[k] != b[k]] == []
    assert gzip.decompress(a[Path("sitemap.xml.gz")]) == a[Path("sitemap.xml")]
    assert b"<lastmod>2013-02-13</lastmod>" in a[Path("sitemap.xml")]
    # no absolute path of either folder leaks into the output
    for root in (first.root, second.root, tmp_path):
        assert not [k for k, data in a.items() if str(root).encode() in data]


def test_search_is_pagefind_in_french_and_material_search_is_off(tmp_path):
    """The site's search is the journal's (Pagefind, French stemmer): Material's index,
    12 MB at 1000 entries loaded on every page, is not built. Queries with elisions and
    accents are typed in a browser in tests/test_search.py."""
    built = shipped(tmp_path)
    assert not (built.site / "search" / "search_index.json").exists()
    entry = json.loads((built.site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"] and (built.site / "pagefind" / "wasm.fr.pagefind").is_file()


def test_no_third_party_requests(tmp_path):
    """Nothing the browser loads by itself comes from another host (GDPR)."""
    built = shipped(tmp_path)
    loading = re.compile(
        r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=["'](?:https?:)?//"""
        r"""|<link\b(?=[^>]*\brel=["'](?:stylesheet|preconnect|preload|modulepreload|icon|"""
        r"""dns-prefetch)["'])[^>]*\bhref=["'](?:https?:)?//""")
    for path in built.site.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text(encoding="utf-8")
            assert not loading.findall(text), path
            assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path


def test_navigation_has_the_residency_with_weeks_days_and_index_pages(tmp_path):
    built = shipped(tmp_path)
    page = built.html(f"{SLUG}/semaine-2/jour-1/")
    nav = page[page.index('md-nav--primary'):]
    for label in ("Semaine 1", "Semaine 2", "Semaine 3", "Actions", "Visites", "Participants",
                  "Verbatims"):
        assert label in nav, label
    # previous / next day within the residency
    assert 'rel="prev" href="../../semaine-1/jour-3/"' in page
    assert 'rel="next" href="../jour-2/"' in page
