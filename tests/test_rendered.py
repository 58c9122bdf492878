"""One store of rendered bodies (rendered.py): the visit's page and the feeds read the
day's body the build rendered, and a body goes when its page does."""

from __future__ import annotations

import feedparser
from conftest import RESIDENCE_YML, entry
from residency_journal.rendered import RenderedBodies

DAY = entry("""
    date: 2013-01-28
    title: Premier jour
    visits:
      - id: scierie
        title: La scierie
        section: la-scierie
""", "Intro.\n\n## La scierie\n\nLes planches <b>sèchent</b> dehors.\n")


def test_the_store_keeps_the_last_body_and_forgets_pages_gone():
    bodies = RenderedBodies()
    bodies.keep("a.md", "<p>1</p>")
    bodies.keep("a.md", "<p>2</p>")
    bodies.keep("b.md", "<p>b</p>")
    assert bodies.get("a.md") == "<p>2</p>" and bodies.get("c.md") == ""
    bodies.keep_only(["a.md"])
    assert bodies.get("b.md") == "" and bodies.get("a.md") == "<p>2</p>"


def test_the_visit_page_and_the_feed_show_the_body_the_day_page_rendered(project):
    built = project({"journal/test/residence.yml": RESIDENCE_YML,
                     "journal/test/semaine-1/jour-1.md": DAY})
    sentence = "Les planches <b>sèchent</b> dehors."
    assert sentence in built.html("test/semaine-1/jour-1/")
    assert sentence in built.html("test/visites/scierie/")
    (item,) = feedparser.parse((built.site / "test" / "atom.xml").read_bytes()).entries
    assert sentence in item.content[0].value
