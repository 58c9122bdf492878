"""Escaping at output: plain values in the model and page.meta, escaped once where HTML is written."""

from __future__ import annotations

import json
import re

from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, build_project, entry, write_project

FOOTER_YML = BASE_MKDOCS_YML.replace(
    "features: [navigation.prune, navigation.indexes]",
    "features: [navigation.prune, navigation.indexes, navigation.footer]",
).replace("  - tags\n", "  - tags:\n      listings_map: {}\n")


def test_a_tag_is_one_plain_name_on_hand_written_pages_and_days(tmp_path):
    root = write_project(tmp_path / "p", {
        "docs/notes.md": "---\ntags: [R&D]\n---\n\n# Notes du labo\n",
        "docs/tags.md": "# Étiquettes\n\n<!-- material/tags -->\n",
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28\ntags: [R&D]"),
    })
    built = build_project(root)
    tags = built.html("tags/")
    # one tag, listing both pages, written once escaped
    assert tags.count(">R&amp;D<") == 1, tags
    assert "Notes du labo" in tags and "Semaine 1, Jour 1" in tags
    for url in ("notes/", "res/semaine-1/jour-1/"):
        page = built.html(url)
        assert re.search(r'class="md-tag[^"]*"\s*>R&amp;D<', page), url
        assert "R&amp;amp;D" not in page and ">R&D<" not in page
    # the search index keeps the plain name (Material's contract for tags)
    index = json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))
    tagged = {doc["location"]: doc["tags"] for doc in index["docs"] if "tags" in doc}
    assert tagged["notes/"] == tagged["res/semaine-1/jour-1/"] == ["R&D"]


def test_titles_are_escaped_once_in_nav_h1_title_header_and_footer(tmp_path):
    title = "Jour <b> & co"
    root = write_project(tmp_path / "p", {
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry(f'date: 2013-01-28\ntitle: "{title}"\n'
                                                 'summary: "Un <i>résumé</i> & \\"guillemets\\""'),
        "journal/res/semaine-1/jour-2.md": entry("date: 2013-01-29"),
    }, FOOTER_YML)
    built = build_project(root)
    once = "Jour &lt;b&gt; &amp; co"
    day = built.html("res/semaine-1/jour-1/")
    assert f"<h1>{once}</h1>" in day
    assert f"<title>{once} — Résidence test - Test</title>" in day
    assert 'content="Un &lt;i&gt;résumé&lt;/i&gt; &amp; &#34;guillemets&#34;"' in day
    nxt = built.html("res/semaine-1/jour-2/")
    # the footer's link to the previous page: aria-label and text, escaped once
    assert re.search(r'aria-label="[^"]*: ' + re.escape(once) + '"', nxt), nxt
    assert "&amp;lt;" not in nxt and "&amp;amp;" not in nxt
    assert "<b>" not in day and "<b>" not in nxt
    for path in built.all_files():
        if path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "<b> &" not in text and "&amp;lt;b" not in text, path


def test_extra_reaches_templates_as_page_meta_extra_and_overrides_nothing(tmp_path):
    yml = BASE_MKDOCS_YML.replace("  name: material\n",
                                  "  name: material\n  custom_dir: overrides\n")
    root = write_project(tmp_path / "p", {
        # the site's own template reads its free keys under page.meta.extra
        "overrides/main.html": '{% extends "base.html" %}{% block content %}{{ super() }}'
                               '{% if page.meta.extra %}<p id="site-extra">'
                               '{{ page.meta.extra.auteur | e }}</p>{% endif %}'
                               '{% endblock %}',
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("""
            date: 2013-01-28
            tags: [atelier]
            extra:
              auteur: "R&D <équipe>"
              icon: material/bomb
              tags: 5
              search: 5
              template: inexistant.html
              hide: [toc, navigation]
              title: Autre titre
              description: 5
        """, "## Une section\n\nLe récit.\n"),
    }, yml)
    built = build_project(root)
    day = built.html("res/semaine-1/jour-1/")
    assert '<p id="site-extra">R&amp;D &lt;équipe&gt;</p>' in day
    # nothing MkDocs, Material or the plugin reads was replaced
    assert "<title>Semaine 1, Jour 1 — Résidence test - Test</title>" in day
    assert 'data-md-type="toc" hidden' not in day and 'data-md-type="navigation" hidden' not in day
    assert 'class="md-tag' in day and ">atelier<" in day
    assert "journal-pager" in day  # rendered by the journal's own template
    index = json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))
    assert any(doc["location"] == "res/semaine-1/jour-1/" for doc in index["docs"])


def test_the_home_page_keeps_its_html_where_the_residencies_are_listed(tmp_path):
    """With or without the marker, the home's own HTML is written as HTML, once."""
    for name, marker in (("after", ""), ("marker", "<!-- journal:residences -->\n\n")):
        root = write_project(tmp_path / name, {
            "docs/index.md": f"# Bienvenue\n\nUn *texte* d'accueil.\n\n{marker}## Après\n",
            "journal/res/residence.yml": RESIDENCE_YML,
            "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28"),
        })
        home = build_project(root).html("")
        assert "<p>Un <em>texte</em> d'accueil.</p>" in home, name
        assert "&lt;" not in home and home.count("<h1") == 1, name
        listing, after = home.find('class="journal-home"'), home.find(">Après<")
        assert listing > 0 and after > 0
        assert (listing < after) == bool(marker), name
