"""One owner for how participants are grouped and named (views.View): the participants
page, a participant's page and the livret give the same groups, in the same order, under
the same words, from the site's `group_order` and `team_label`."""

from __future__ import annotations

import html
import re

from conftest import BASE_MKDOCS_YML, entry

RESIDENCE = """\
title: Résidence groupes
weeks:
  - start: 2013-01-28
team:
  - id: claire
    name: Claire
    role: designer
participants:
  - id: daj
    label: Direction des affaires juridiques
    group: agents
  - id: elus-cao
    label: Élus de la CAO
    group: élus
  - id: cabinet
    label: Un cabinet d'études
    group: prestataires
  - id: riverains
    label: Des riverains
"""

FILES = {
    "journal/res/residence.yml": RESIDENCE,
    "journal/res/semaine-1/jour-1.md": entry("""
        date: 2013-01-29
        authors: [claire]
        participants: [{ref: daj}, {ref: elus-cao}, {ref: cabinet}, {ref: riverains}, {ref: claire}]
    """),
}


def _labels(fragment: str, tag: str) -> list[str]:
    found = re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", fragment, re.DOTALL)
    words = [html.unescape(re.sub(r"<[^>]+>|\(\d+\)", "", f)) for f in found]
    return [" ".join(w.replace("\u00a0", " ").replace("\u202f", " ").split()) for w in words]


def _livret_groups(page: str) -> list[str]:
    part = page[page.index('id="livret-equipe"'):]
    return _labels(part[:part.index("</section>")], "h3")


def test_livret_and_participants_page_share_the_default_order_and_words(project):
    built = project(FILES)
    expected = ["Élus", "Agents", "Prestataires", "L'équipe en résidence", "Autres participants"]
    participants = _labels(built.html("res/participants/"), "h2")
    assert participants[:len(expected)] == expected
    assert _livret_groups(built.html("res/livret/")) == expected
    livret = html.unescape(built.html("res/livret/"))
    assert "Résidents" not in livret and "<dt>L'équipe en résidence</dt>" in livret
    # the sidebar's table of contents says it once escaped (it read « L&amp;#39;équipe »)
    toc = built.html("res/participants/")
    toc = toc[toc.index('class="md-nav md-nav--secondary"'):]
    assert "L&#39;équipe en résidence (1)" in toc and "&amp;#39;" not in toc


def test_the_site_order_and_team_label_reach_the_livret_too(project):
    options = ("  - journal:\n      group_order: [prestataires, résidents, agents]\n"
               "      team_label: Les résidentes\n")
    built = project(FILES, mkdocs_yml=BASE_MKDOCS_YML.replace("  - journal\n", options))
    # configured groups first, in that order; the others alphabetically; « autres » last
    expected = ["Prestataires", "Les résidentes", "Agents", "Élus", "Autres participants"]
    assert _labels(built.html("res/participants/"), "h2")[:len(expected)] == expected
    assert _livret_groups(built.html("res/livret/")) == expected
    assert "Groupe</dt><dd>Les résidentes</dd>" in built.html("res/participants/claire/")
