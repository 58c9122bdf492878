"""Feed items carry their day's first photo: JSON Feed ``image``, Media RSS
``media:content`` in RSS and Atom; the derived JPEG at an absolute URL, never the
original as the resident dropped it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree

from conftest import RESIDENCE_YML, build_project, entry, write_project
from PIL import Image
from test_photos import assert_no_metadata, phone_jpeg

A = "journal/res"
MEDIA = "{http://search.yahoo.com/mrss/}"
ATOM = "{http://www.w3.org/2005/Atom}"
DAY_1 = "https://example.org/res/semaine-1/jour-1/"
DAY_2 = "https://example.org/res/semaine-1/jour-2/"
DAY_3 = "https://example.org/res/semaine-1/jour-3/"


def build_site(tmp_path):
    root = tmp_path / "p"
    write_project(root, {
        f"{A}/residence.yml": RESIDENCE_YML,
        f"{A}/semaine-1/jour-1.md": entry(
            "date: 2013-01-28\n",
            "Le matin.\n\n![Le mur de post-it après l'atelier](../media/mur.jpg)\n\n"
            "Le soir.\n\n![Le bureau d'accueil](../media/accueil.jpg)\n"),
        f"{A}/semaine-1/jour-2.md": entry(
            "date: 2013-01-29\n", "Une seule photo.\n\n![](../media/petit.jpg){alt=\"\"}\n"),
        f"{A}/semaine-1/jour-3.md": entry("date: 2013-01-30\n", "Pas de photo ce jour-là.\n"),
    })
    media = root / A / "media"
    media.mkdir(parents=True)
    sources = {"mur.jpg": phone_jpeg((2400, 1800)), "accueil.jpg": phone_jpeg((800, 600)),
               "petit.jpg": phone_jpeg((400, 300))}
    for name, data in sources.items():
        (media / name).write_bytes(data)
    return build_project(root), sources


def test_feed_items_carry_the_days_first_derived_photo(tmp_path):
    built, sources = build_site(tmp_path)
    for prefix in ("", "res/"):  # the site's feeds and the residency's
        items = {i["url"]: i for i in json.loads((built.site / f"{prefix}feed.json").read_text())["items"]}
        # The 1800 x 2400 photo, upright: its 960 px version is the closest to 1200 px.
        assert items[DAY_1]["image"] == "https://example.org/res/media/mur.960.jpg"
        # A small photo is published re-encoded at its own address.
        assert items[DAY_2]["image"] == "https://example.org/res/media/petit.jpg"
        assert "image" not in items[DAY_3]

        rss = etree.parse(built.site / f"{prefix}rss.xml").getroot()
        by_link = {i.findtext("link"): i for i in rss.iter("item")}
        media = by_link[DAY_1].findall(f"{MEDIA}content")
        assert len(media) == 1
        assert media[0].attrib == {"url": "https://example.org/res/media/mur.960.jpg",
                                   "medium": "image", "type": "image/jpeg",
                                   "width": "960", "height": "1280"}
        assert media[0].findtext(f"{MEDIA}description") == "Le mur de post-it après l'atelier"
        decorative = by_link[DAY_2].find(f"{MEDIA}content")
        assert decorative.get("url") == "https://example.org/res/media/petit.jpg"
        assert decorative.find(f"{MEDIA}description") is None  # alt="": nothing to say
        assert by_link[DAY_3].find(f"{MEDIA}content") is None

        atom = etree.parse(built.site / f"{prefix}atom.xml").getroot()
        entries = {e.find(f"{ATOM}link").get("href"): e for e in atom.iter(f"{ATOM}entry")}
        assert entries[DAY_1].find(f"{MEDIA}content").get("url") == \
            "https://example.org/res/media/mur.960.jpg"
        assert entries[DAY_3].find(f"{MEDIA}content") is None

    # What the feeds point to is published, derived: no metadata, not the dropped bytes.
    for name, source in (("mur.960.jpg", "mur.jpg"), ("petit.jpg", "petit.jpg")):
        published = built.site / "res/media" / name
        assert published.read_bytes() != sources[source]
        assert_no_metadata(published)
        with Image.open(published) as image:
            assert image.width < image.height  # turned upright


def test_feed_images_are_the_same_from_one_build_to_the_next(tmp_path):
    built, _ = build_site(tmp_path)
    first = {name: (built.site / name).read_bytes() for name in ("feed.json", "rss.xml", "atom.xml")}
    again = build_project(built.root)
    assert {name: (again.site / name).read_bytes() for name in first} == first
