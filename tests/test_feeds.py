"""Feeds (model/feeds.py): RSS 2.0 and Atom read back with feedparser, JSON Feed 1.1 by its spec."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest
from conftest import RESIDENCE_YML, ROOT, entry, write_project
from residency_journal.model import Options, load_journal
from residency_journal.model.exports import Licence
from residency_journal.model.feeds import (
    MISSING_SITE_URL,
    absolutize,
    atom,
    feed_files,
    item_date,
    json_feed,
    residency_feed,
    rfc822,
    rfc3339,
    rss,
    site_feed,
)

SITE = "https://example.org/journal-de-residence/"
ATOM = "{http://www.w3.org/2005/Atom}"


def body_of(entry_) -> str:
    """Stands in for the day's rendered HTML, with the kinds of links a page has."""
    return (f'<h2 id="recit">{entry_.title}</h2><p>Voir <a href="../jour-1/">la veille</a>, '
            '<a href="#recit">le récit</a>, <a href="https://ailleurs.example/">ailleurs</a> et '
            '<img alt="plan" src="../../media/plan-salle.svg"></p>'
            "<pre><code>&lt;a href=\"relatif/\"&gt;</code></pre>")


@pytest.fixture(scope="module")
def shipped():
    journal = load_journal(ROOT, "journal")
    assert not journal.problems, [str(p) for p in journal.problems]
    return journal


def small(tmp_path: Path, *, drafts: bool = False):
    second = RESIDENCE_YML.replace("Résidence test", "Résidence deux").replace(
        "2013-01-28", "2013-06-03").replace("2013-02-01", "2013-06-07").replace(
        "2013-02-04", "2013-06-10")
    write_project(tmp_path, {
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28\nauthors: [claire]\n"
                                                 "summary: Premier jour.\ntags: [achat]"),
        "journal/res/semaine-1/jour-2.md": entry("date: 2013-01-29\ntitle: Un titre <b>&</b>"),
        "journal/res/semaine-2/jour-1.md": entry("date: 2013-02-04\ndraft: true\n"
                                                 "title: Brouillon secret"),
        "journal/deux/residence.yml": second,
        "journal/deux/semaine-1/jour-1.md": entry("date: 2013-06-03\nsummary: En été."),
    })
    journal = load_journal(tmp_path, options=Options(include_drafts=drafts))
    assert not journal.problems, [str(p) for p in journal.problems]
    return journal


def parse(text: str):
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def check_json_feed(text: str) -> dict:
    """What JSON Feed 1.1 requires (https://www.jsonfeed.org/version/1.1/)."""
    feed = json.loads(text)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and isinstance(feed["items"], list)
    for key in ("home_page_url", "feed_url"):
        assert feed[key].startswith("https://")
    assert all(k.startswith("_") for k in feed if k not in {
        "version", "title", "home_page_url", "feed_url", "description", "user_comment",
        "next_url", "icon", "favicon", "authors", "language", "expired", "hubs", "items"})
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert "content_html" in item or "content_text" in item
        dt.datetime.fromisoformat(item["date_published"])  # RFC 3339
        assert item["date_published"][-6:] in ("+01:00", "+02:00")
    return feed


# --- the shipped journal --------------------------------------------------------------

def test_shipped_feeds_parse_newest_first_with_absolute_links(shipped):
    residency = shipped.residencies[0]
    feed = residency_feed(residency, SITE, body_of)
    days = sorted(residency.entries, key=lambda e: e.date, reverse=True)
    expected_links = [SITE + e.url for e in days]
    for text in (rss(feed), atom(feed)):
        parsed = parse(text)
        assert parsed.feed.language if parsed.version == "rss20" else True
        assert [e.link for e in parsed.entries] == expected_links
        stamps = [e.published_parsed for e in parsed.entries]
        assert stamps == sorted(stamps, reverse=True)
        assert parsed.entries[0].title == days[0].title
        for item in parsed.entries:
            assert item.id == item.link
            content = item.content[0].value
            assert 'href="../' not in content and 'src="../' not in content
            assert f'href="{item.link}#recit"' in content
            assert f'src="{SITE}{residency.slug}/media/plan-salle.svg"' in content
            assert 'href="https://ailleurs.example/"' in content
            assert '&lt;a href="relatif/"&gt;' in content  # code stays as written
        assert "CC BY-SA 4.0" in (parsed.feed.get("rights") or "")
    json_items = check_json_feed(json_feed(feed))["items"]
    assert [i["url"] for i in json_items] == expected_links


def test_dates_are_the_entries_at_midnight_in_the_sites_time_zone(shipped):
    residency = shipped.residencies[0]
    newest = max(e.date for e in residency.entries)
    feed = residency_feed(residency, SITE, body_of)
    assert feed.updated == item_date(newest)
    winter = f"{newest:%a, %d %b %Y} 00:00:00 +0100"
    assert f"<pubDate>{winter}</pubDate>" in rss(feed).split("<item>")[0]
    assert f"<updated>{newest.isoformat()}T00:00:00+01:00</updated>" in atom(feed).split("<entry>")[0]
    assert rfc3339(item_date(dt.date(2013, 6, 3))) == "2013-06-03T00:00:00+02:00"
    assert rfc822(item_date(dt.date(2013, 6, 3))) == "Mon, 03 Jun 2013 00:00:00 +0200"
    assert rfc3339(item_date(dt.date(2013, 6, 3), "America/Montreal")) == "2013-06-03T00:00:00-04:00"


def test_feeds_are_byte_identical_across_loads(shipped):
    again = load_journal(ROOT, "journal")
    one = feed_files(shipped, SITE, "Journaux", body_of)
    two = feed_files(again, SITE, "Journaux", body_of)
    assert one == two
    slug = shipped.residencies[0].slug
    assert set(one) == {"rss.xml", "atom.xml", "feed.json",
                        f"{slug}/rss.xml", f"{slug}/atom.xml", f"{slug}/feed.json"}


def test_atom_entry_links_say_rel_alternate(shipped):
    # feedparser assumes rel="alternate" when it is missing: read the XML itself.
    root = ET.fromstring(atom(residency_feed(shipped.residencies[0], SITE, body_of)))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for element in entries:
        [link] = element.findall(f"{ATOM}link")
        assert link.get("rel") == "alternate"
        assert link.get("href") == element.findtext(f"{ATOM}id")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == \
        f"{SITE}{shipped.residencies[0].slug}/atom.xml"


# --- small journals ---------------------------------------------------------------

@pytest.mark.parametrize("drafts", [False, True])
def test_site_feed_merges_residencies_newest_first_without_drafts(tmp_path, drafts):
    journal = small(tmp_path, drafts=drafts)
    feed = site_feed(journal, SITE, "Journaux de résidence", body_of)
    texts = {"rss": rss(feed), "atom": atom(feed), "json": json_feed(feed)}
    for text in texts.values():
        assert "Brouillon secret" not in text and "semaine-2/jour-1" not in text
    parsed = parse(texts["rss"])
    assert [e.link for e in parsed.entries] == [
        SITE + "deux/semaine-1/jour-1/", SITE + "res/semaine-1/jour-2/", SITE + "res/semaine-1/jour-1/"]
    # Several residencies: each title names its residency.
    assert parsed.entries[0].title == "Semaine 1, Jour 1 · Résidence deux"
    assert parsed.entries[1].title == "Un titre <b>&</b> · Résidence test"  # plain text, escaped once
    assert parsed.entries[2].summary == "Premier jour."
    assert parsed.entries[2].author == "Claire"
    assert [t.term for t in parsed.entries[2].tags] == ["achat"]
    assert parsed.feed.link == SITE
    assert parse(texts["atom"]).feed.updated == "2013-06-03T00:00:00+02:00"
    assert check_json_feed(texts["json"])["items"][0]["date_published"] == "2013-06-03T00:00:00+02:00"


def test_hostile_text_keeps_feeds_well_formed(tmp_path):
    write_project(tmp_path, {
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry(
            'date: 2013-01-28\ntitle: "Fin ]]> <script>alert(1)</script>"\n'
            'summary: "&amp; <!-- -->"'),
    })
    journal = load_journal(tmp_path)
    assert not journal.problems, [str(p) for p in journal.problems]
    feed = residency_feed(journal.residencies[0], SITE, lambda e: "<p>a <b>b</b></p>")
    # Characters XML 1.0 cannot hold, even escaped, whatever the model lets through.
    [item] = feed.items
    feed = replace(feed, items=(replace(item, title=item.title + " \x01\x0b\ufffe",
                                        content_html="<p>a \x0c b\x00</p>"),))
    for text in (rss(feed), atom(feed)):
        ET.fromstring(text.encode("utf-8"))  # well-formed XML
        parsed = parse(text).entries[0]
        assert "<script>" not in text
        assert parsed.title.strip() == "Fin ]]> <script>alert(1)</script>"
        assert parsed.summary == "&amp; <!-- -->"
        assert parsed.content[0].value == "<p>a  b</p>"
    assert json.loads(json_feed(feed))["items"][0]["title"].startswith("Fin ]]> <script>")


def test_licence_in_every_feed(tmp_path):
    journal = small(tmp_path)
    licence = Licence("Licence Ouverte 2.0", "https://www.etalab.gouv.fr/licence-ouverte")
    feed = residency_feed(journal.residencies[0], SITE, body_of, licence=licence)
    assert f"<copyright>{licence.line}</copyright>" in rss(feed)
    assert parse(atom(feed)).feed.rights == licence.line
    assert check_json_feed(json_feed(feed))["_licence"]["url"] == licence.url


def test_without_site_url_there_are_no_feeds_and_one_french_message(tmp_path):
    journal = small(tmp_path)
    assert feed_files(journal, None, "Journaux", body_of) == {}
    assert feed_files(journal, "", "Journaux", body_of) == {}
    assert "site_url" in MISSING_SITE_URL and "mkdocs.yml" in MISSING_SITE_URL


def test_max_items_keeps_the_newest(tmp_path):
    journal = small(tmp_path)
    feed = site_feed(journal, SITE, "J", body_of, max_items=2)
    assert [i.url for i in feed.items] == [SITE + "deux/semaine-1/jour-1/",
                                           SITE + "res/semaine-1/jour-2/"]


# --- absolute links -----------------------------------------------------------------

BASE = "https://example.org/j/res/semaine-1/jour-2/"


@pytest.mark.parametrize(("before", "after"), [
    ('<a href="../jour-1/">x</a>', f'<a href="{SITE[:0]}https://example.org/j/res/semaine-1/jour-1/">x</a>'),
    ('<a href="#recit">x</a>', f'<a href="{BASE}#recit">x</a>'),
    ("<a href='../../actions/parite/'>x</a>", '<a href="https://example.org/j/res/actions/parite/">x</a>'),
    ("<img src=media/a.png alt=a>", f'<img src="{BASE}media/a.png" alt=a>'),
    ('<a href="/autre/">x</a>', '<a href="https://example.org/autre/">x</a>'),
    ('<a href="https://ailleurs.example/a?b=1&amp;c=2">x</a>',
     '<a href="https://ailleurs.example/a?b=1&amp;c=2">x</a>'),
    ('<a href="?q=1&amp;r=2">x</a>', f'<a href="{BASE}?q=1&amp;r=2">x</a>'),
    ('<a href="mailto:contact@example.org">x</a>', '<a href="mailto:contact@example.org">x</a>'),
    ('<img srcset="a.png 1x, ../b.png 2x" src="a.png">',
     f'<img srcset="{BASE}a.png 1x, https://example.org/j/res/semaine-1/b.png 2x" src="{BASE}a.png">'),
    ('<video poster="p.jpg"></video>', f'<video poster="{BASE}p.jpg"></video>'),
    ('<code>&lt;a href="x/"&gt;</code>', '<code>&lt;a href="x/"&gt;</code>'),
    ('<p>href="x/" in text</p>', '<p>href="x/" in text</p>'),
    ('<a data-href="x/" href="y/">x</a>', f'<a data-href="x/" href="{BASE}y/">x</a>'),
])
def test_absolutize(before, after):
    assert absolutize(before, BASE) == after
