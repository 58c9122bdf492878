"""Feeds, open data and search index as a build publishes them: the files in
site/, their links from the pages, and the warnings. The writers themselves are tested in
test_feeds.py and test_exports.py."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import feedparser
import jsonschema
import pytest
from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, build_project, entry, write_project
from residency_journal.model import load_journal
from residency_journal.model.exports import Exporter
from residency_journal.model.feeds import MISSING_SITE_URL
from residency_journal.search_index import available
from test_build import shipped as build_shipped

SLUG = "achats-durables-rhone-alpes"
SITE = "https://example.org/journal-de-residence/"
FEEDS = ("rss.xml", "atom.xml", "feed.json")
DATA = ("actions.csv", "actions.json", "verbatims.csv")

# The journal's own search instead of Material's: what `journal init` and the shipped site use.
PAGEFIND_YML = BASE_MKDOCS_YML.replace("  - search:\n      lang: fr\n", "")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return build_shipped(tmp_path_factory.mktemp("feeds-site"))


def parse(path: Path):
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def digest(site: Path, names: list[str]) -> dict[str, str]:
    return {n: hashlib.sha256((site / n).read_bytes()).hexdigest() for n in names}


def published(site: Path) -> list[str]:
    names = [*FEEDS, *(f"{SLUG}/{n}" for n in FEEDS), "donnees/journal.json", "schema/export.json",
             *(f"{SLUG}/donnees/{n}" for n in DATA)]
    for name in names:
        assert (site / name).is_file(), name
    return names


def test_shipped_site_publishes_feeds_and_data_at_the_content_model_urls(shipped):
    published(shipped.site)
    for name in (*FEEDS, f"{SLUG}/rss.xml", f"{SLUG}/atom.xml"):
        if name.endswith(".xml"):
            feed = parse(shipped.site / name)
            assert feed.feed.language.startswith("fr") or feed.feed.get("language") == "fr"
            dates = [e.published_parsed for e in feed.entries]
            assert dates == sorted(dates, reverse=True) and len(dates) >= 10
            for e in feed.entries:
                assert e.link.startswith(SITE)
                assert all(m.startswith(("https://", "http://", "mailto:"))
                           for m in re.findall(r'(?:href|src)="([^"]+)"', e.content[0].value))
            assert "CC BY-SA 4.0" in (feed.feed.get("rights") or feed.feed.get("copyright") or "")


def test_feed_items_carry_each_days_rendered_body(shipped):
    journal = load_journal(shipped.root, "journal")
    day = next(e for e in journal.residencies[0].entries if e.week == 3 and e.day == 3)
    items = json.loads((shipped.site / "feed.json").read_text(encoding="utf-8"))["items"]
    item = next(i for i in items if i["url"] == SITE + day.url)
    assert "<p>" in item["content_html"] and len(item["content_html"]) > 200
    assert item["date_published"] == "2013-02-13T00:00:00+01:00"
    feed = json.loads((shipped.site / "feed.json").read_text(encoding="utf-8"))
    assert feed["_licence"]["name"] == "CC BY-SA 4.0"


@pytest.mark.slow
def test_feeds_and_exports_are_byte_identical_across_builds(shipped, tmp_path):
    names = published(shipped.site)
    again = build_project(shipped.root, site_dir="site-again")
    assert digest(shipped.site, names) == digest(again.site, names)


def test_pages_link_the_feeds_in_their_head_and_the_home_offers_them(shipped):
    day = shipped.html(f"{SLUG}/semaine-3/jour-3/")
    head = day.split("</head>")[0]
    for name, kind in (("rss.xml", "application/rss+xml"), ("atom.xml", "application/atom+xml"),
                       ("feed.json", "application/feed+json")):
        assert f'rel="alternate" type="{kind}"' in head
        assert re.search(rf'href="(\.\./)+{re.escape(name)}"', head), name  # the site's
        assert f'href="../../{name}"' in head  # the residency's, from a day two levels down
    home = shipped.html(f"{SLUG}/")
    assert "S'abonner" in home and 'href="rss.xml"' in home and 'href="donnees/"' in home
    assert "Données ouvertes" in home
    assert 'rel="alternate" type="application/rss+xml"' in shipped.html("404.html")


def test_donnees_page_describes_each_file_its_columns_and_the_licence(shipped):
    page = shipped.html(f"{SLUG}/donnees/")
    for name in DATA:
        assert f'href="{name}"' in page
    assert 'href="../../donnees/journal.json"' in page and 'href="../../schema/export.json"' in page
    assert "point-virgule" in page and "UTF-8" in page and "BOM" in page and "RFC 4180" in page
    assert "CC BY-SA 4.0" in page
    for column in ("verdict_label", "speaker_label", "first_mention", "licence"):
        assert f"<code>{column}</code>" in page


def test_exports_match_the_model_and_the_published_schema(shipped):
    site = shipped.site
    journal = load_journal(shipped.root, "journal")
    residency = journal.residencies[0]
    raw = (site / SLUG / "donnees" / "actions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    exporter = Exporter(SITE)
    assert [r["id"] for r in rows] == [a.id for a in exporter.actions_of(residency)]
    assert {r["verdict"] for r in rows} <= set(journal_verdicts())
    assert all(r["licence"].startswith("Licence CC BY-SA 4.0") for r in rows)
    verbatims = list(csv.DictReader(io.StringIO(
        (site / SLUG / "donnees" / "verbatims.csv").read_bytes().decode("utf-8-sig"), newline=""),
        delimiter=";"))
    assert [v["quote"] for v in verbatims] == [v.quote for e in residency.entries for v in e.verbatims]
    document = json.loads((site / "donnees" / "journal.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "schema" / "export.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert document["version"] == schema["properties"]["version"]["const"]
    assert document["licence"]["name"] == "CC BY-SA 4.0"


def journal_verdicts() -> list[str]:
    from residency_journal.model import Vocabulary
    return list(Vocabulary().verdicts)


def two_days() -> dict[str, str]:
    return {
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry(
            "date: 2013-01-28\nsummary: Premier jour.",
            "Voir [le plan](../media/plan.svg) et [plus bas](#fin).\n"),
        "journal/res/semaine-1/jour-2.md": entry("date: 2013-01-29\ntitle: Deuxième jour"),
        "journal/res/semaine-2/jour-1.md": entry("date: 2013-02-04\ndraft: true\n"
                                                 "title: Brouillon secret", "Texte secret.\n"),
        "journal/res/media/plan.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }


def test_drafts_never_reach_feeds_or_exports(project):
    built = project(two_days())
    for path in built.all_files():
        if path.suffix in (".xml", ".json", ".csv"):
            text = path.read_bytes().decode("utf-8-sig")
            assert "Brouillon secret" not in text and "Texte secret" not in text, path
    items = parse(built.site / "res" / "rss.xml").entries
    assert [i.title for i in items] == ["Deuxième jour", "Semaine 1, Jour 1"]
    content = items[1].content[0].value
    assert 'href="https://example.org/res/media/plan.svg"' in content
    assert 'href="https://example.org/res/semaine-1/jour-1/#fin"' in content


def test_without_site_url_one_warning_and_no_feed(tmp_path):
    yml = BASE_MKDOCS_YML.replace("site_url: https://example.org/\n", "")
    root = write_project(tmp_path / "p", two_days(), yml)
    built = build_project(root, expect=[MISSING_SITE_URL])
    assert len(built.warnings) == 1 and built.warnings[0].endswith(MISSING_SITE_URL)
    assert not any((built.site / n).exists() for n in FEEDS)
    assert (built.site / "res" / "donnees" / "actions.csv").is_file()  # open data still published
    assert "application/rss+xml" not in built.html("res/")


def test_options_turn_feeds_and_open_data_off_and_set_the_licence(project):
    yml = BASE_MKDOCS_YML.replace("  - journal\n", "  - journal:\n      feeds: false\n"
                                  "      open_data: false\n      licence:\n        name: CC BY 4.0\n"
                                  "        url: https://creativecommons.org/licenses/by/4.0/\n")
    built = project(two_days(), mkdocs_yml=yml)
    assert not (built.site / "rss.xml").exists() and not (built.site / "donnees").exists()
    assert not built.exists("res/donnees/")
    assert "Données ouvertes" not in built.html("res/")


def test_feeds_keep_the_newest_items_50_unless_told(project, tmp_path):
    monday = date(2013, 1, 28)
    days = {f"journal/res/semaine-{w}/jour-{d}.md":
            entry(f"date: {monday + timedelta(weeks=w - 1, days=d - 1)}")
            for w in (1, 2, 3) for d in (1, 2, 3, 4, 5)}
    residence = RESIDENCE_YML.replace("  - start: 2013-02-04\n",
                                      "  - start: 2013-02-04\n  - start: 2013-02-11\n")
    files = {**days, "journal/res/residence.yml": residence}
    yml = BASE_MKDOCS_YML.replace("  - journal\n", "  - journal:\n      feed_max_items: 4\n")
    built = project(files, mkdocs_yml=yml)
    for feed in ("rss.xml", "res/atom.xml"):
        links = [e.link for e in parse(built.site / feed).entries]
        assert links == [f"https://example.org/res/semaine-3/jour-{d}/" for d in (5, 4, 3, 2)]
    # by default 50: these 15 days are all there
    root = write_project(tmp_path / "default", files)
    assert len(parse(build_project(root).site / "rss.xml").entries) == 15


@pytest.mark.skipif(not available(), reason="pagefind[bin] not installed")
def test_search_index_holds_marked_pages_only(project):
    files = {**two_days(), "docs/guide.md": "---\nsearch:\n  exclude: true\n---\n\n# Guide\n"}
    built = project(files, mkdocs_yml=PAGEFIND_YML)
    assert (built.site / "pagefind" / "pagefind.js").is_file()
    assert not (built.site / "search" / "search_index.json").exists()
    assert not list((built.site / "pagefind").glob("pagefind-ui.*"))
    assert "data-pagefind-body" in built.html("res/semaine-1/jour-1/")
    assert "data-pagefind-body" not in built.html("guide/")
    assert "data-pagefind-body" not in built.html("res/actions/")
    entry_ = json.loads((built.site / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry_["languages"]) == ["fr"]
    # index: home, residency home, two days, one participant page per team member/participant
    assert entry_["languages"]["fr"]["page_count"] >= 4
    assert "Brouillon" not in built.html("res/")


@pytest.mark.slow
@pytest.mark.skipif(not available(), reason="pagefind[bin] not installed")
def test_search_index_is_byte_identical_across_builds(tmp_path):
    root = write_project(tmp_path / "p", two_days(), PAGEFIND_YML)
    first = build_project(root, site_dir="a")
    second = build_project(root, site_dir="b")

    def tree(site: Path) -> dict[str, str]:
        out = site / "pagefind"
        return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.rglob("*")) if p.is_file()}

    assert tree(first.site) == tree(second.site)


@pytest.mark.skipif(not available(), reason="pagefind[bin] not installed")
def test_a_dirty_rebuild_keeps_every_page_in_the_search(tmp_path):
    """`mkdocs serve --dirty` rebuilds only what changed: the pages it did not write are
    read back from the site, so the search loses none of them."""
    import gzip

    from conftest import ENGINE
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    files = {**two_days(), "docs/notes.md": "# Notes\n\nUn mot : anémone.\n",
             "docs/autre.md": "# Autre\n\nUn mot qui reste : bégonia.\n"}
    root = write_project(tmp_path / "p", files, PAGEFIND_YML)
    first = build_project(root, command="serve")  # as `mkdocs serve` builds (drafts shown)

    def indexed(site: Path) -> dict[str, str]:
        pages = {}
        for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
            fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
            pages[fragment["url"]] = fragment["content"]
        return pages

    before = indexed(first.site)
    assert "bégonia" in before["/autre/"] and "anémone" in before["/notes/"]
    (root / "docs" / "notes.md").write_text("# Notes\n\nUn autre mot : capucine.\n", "utf-8")
    autre = first.site / "autre" / "index.html"
    written = autre.stat().st_mtime_ns
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(first.site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
    finally:
        config.plugins.on_shutdown()
    assert autre.stat().st_mtime_ns == written, f"{ENGINE} rebuilt an unchanged page"
    after = indexed(first.site)
    assert set(after) == set(before)
    assert "capucine" in after["/notes/"] and "anémone" not in after["/notes/"]
    assert "bégonia" in after["/autre/"]
