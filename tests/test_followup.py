"""Follow-up notes, implementation status and progress, tags across residencies.

Model tests in plain Python, then built sites: follow-up pages at their URLs,
timelines in order, progress figures on the residency home, the tags index,
/actions/ on a site with several residencies.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from conftest import RESIDENCE_YML, entry, write_project
from residency_journal.model import Options, Vocabulary, load_journal
from residency_journal.model.messages import say
from residency_journal.model.placement import followup_title
from residency_journal.model.schema import EntryFrontmatter
from residency_journal.model.validate import validate
from residency_journal.model.yamlsource import parse_yaml

R = "journal/res/residence.yml"
D = "journal/res/semaine-1"
F = "journal/res/suivi"

ACTIONS_DAY_1 = """\
date: 2013-01-28
actions:
  - id: guide
    title: Rédiger un guide
    impact: fort
    difficulty: faible
    verdict: retenue
    tags: [guide]
  - id: parite
    title: Critère de parité
    verdict: retenue
    status: a-lancer
  - id: charte
    title: Charte des prestataires
    verdict: anecdotique
"""


def load(tmp_path: Path, files: dict[str, str], **options):
    write_project(tmp_path, files)
    return load_journal(tmp_path, options=Options(**options))


def messages(journal) -> list[str]:
    return [str(p) for p in journal.problems]


def base(**more: str) -> dict[str, str]:
    return {R: RESIDENCE_YML, f"{D}/jour-1.md": entry(ACTIONS_DAY_1), **more}


# --- the model -----------------------------------------------------------------------


def test_default_title_in_french():
    import datetime as dt
    assert followup_title(dt.date(2013, 6, 20)) == "Suivi du 20 juin 2013"
    assert followup_title(dt.date(2013, 6, 1)) == "Suivi du 1er juin 2013"
    assert followup_title(dt.date(2014, 8, 15)) == "Suivi du 15 août 2014"


def test_follow_ups_are_entries_after_every_day_by_date(tmp_path):
    journal = load(tmp_path, base(**{
        # written first in path order and dated later: still after the days
        f"{F}/b.md": entry("date: 2013-09-01\nfollow_up: true\nactions:\n  - ref: guide\n"
                           "    status: realisee"),
        f"{F}/a.md": entry("date: 2013-06-20\nfollow_up: oui\nsummary: Quatre mois après.\n"
                           "actions:\n  - ref: guide\n    status: en-cours\n    progress: 40"),
        f"{D}/jour-2.md": entry("date: 2013-01-29\nactions:\n  - ref: guide\n    progress: 10"),
    }))
    assert messages(journal) == []
    res = journal.residencies[0]
    assert [e.title for e in res.entries] == [
        "Semaine 1, Jour 1", "Semaine 1, Jour 2", "Suivi du 20 juin 2013", "Suivi du 1er septembre 2013"]
    assert [e.title for e in res.days] == ["Semaine 1, Jour 1", "Semaine 1, Jour 2"]
    assert [e.url for e in res.follow_ups] == ["res/suivi/2013-06-20/", "res/suivi/2013-09-01/"]
    assert all(e.follow_up for e in res.follow_ups) and not any(e.follow_up for e in res.days)
    assert [len(w.entries) for w in res.weeks] == [2, 0]  # follow-ups belong to no week
    guide = res.actions["guide"]
    assert [s.entry.title for s in guide.steps] == [
        "Semaine 1, Jour 1", "Semaine 1, Jour 2", "Suivi du 20 juin 2013", "Suivi du 1er septembre 2013"]
    # field by field: the latest status is the September note's, the latest progress June's...
    assert (guide.status, guide.progress) == ("realisee", 40)
    # ... but "réalisée" after it outdates the 40 %: it counts as 100
    assert guide.effective_progress == 100
    assert guide.status_label == "Réalisée"
    assert [s.entry.title for s in guide.state_steps] == [
        "Semaine 1, Jour 2", "Suivi du 20 juin 2013", "Suivi du 1er septembre 2013"]
    assert res.entries[1].next is res.entries[2]  # the pager goes on to the follow-ups


def test_current_state_with_status_and_progress_across_days_and_follow_ups(tmp_path):
    journal = load(tmp_path, base(**{
        f"{D}/jour-2.md": entry("date: 2013-01-29\nactions:\n  - ref: parite\n    status: en-cours\n"
                                "    progress: 25\n    tags: [égalité, guide]"),
        f"{F}/2013-06-20.md": entry("date: 2013-06-20\nfollow_up: true\nactions:\n"
                                    "  - ref: parite\n    progress: 50 %\n"
                                    "  - ref: guide\n    status: En cours\n    tags: suivi"),
    }))
    assert messages(journal) == []
    res = journal.residencies[0]
    parite, guide = res.actions["parite"], res.actions["guide"]
    assert (parite.status, parite.progress, parite.effective_progress) == ("en-cours", 50, 50)
    assert parite.tags == ["égalité", "guide"]
    assert (guide.status, guide.progress, guide.effective_progress) == ("en-cours", None, None)
    assert guide.tags == ["guide", "suivi"]  # the union of every mention, first seen first
    assert guide.impact == 3 and guide.verdict == "retenue"  # the other fields are untouched


def test_overall_progress_roll_up(tmp_path):
    journal = load(tmp_path, base(**{
        f"{F}/2013-06-20.md": entry("date: 2013-06-20\nfollow_up: true\nactions:\n"
                                    "  - ref: guide\n    status: realisee\n"
                                    "  - ref: parite\n    progress: 45\n"
                                    "  - ref: charte\n    progress: 90"),
    }))
    res = journal.residencies[0]
    assert [a.id for a in res.retained_actions] == ["guide", "parite"]
    # mean of 100 (réalisée, no figure) and 45; the anecdotal action does not count
    assert res.overall_progress == 73  # 72.5 rounded half up


def test_overall_progress_leaves_out_abandoned_and_counts_silence_as_zero(tmp_path):
    journal = load(tmp_path, base(**{
        f"{F}/2013-06-20.md": entry("date: 2013-06-20\nfollow_up: true\nactions:\n"
                                    "  - ref: guide\n    status: abandonnee\n    progress: 30\n"
                                    "  - ref: charte\n    verdict: retenue\n    progress: 60"),
    }))
    res = journal.residencies[0]
    assert res.overall_progress == 30  # (parite: nothing said = 0, charte: 60) / 2
    nothing = load(tmp_path / "b", {R: RESIDENCE_YML}).residencies[0]
    assert nothing.overall_progress is None


def test_status_labels_come_from_the_site(tmp_path):
    vocabulary = Vocabulary.with_overrides({}, {"realisee": "Terminée", "inconnue": "Ignorée"})
    journal = load(tmp_path, base(**{
        f"{F}/2013-06-20.md": entry("date: 2013-06-20\nfollow_up: true\nactions:\n"
                                    "  - ref: guide\n    status: realisee"),
    }), vocabulary=vocabulary)
    assert journal.residencies[0].actions["guide"].status_label == "Terminée"
    assert "inconnue" not in vocabulary.statuses  # the keys are closed


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(("frontmatter", "field", "key", "needle"), [
    ("date: 2013-06-20\nfollow_up: true\nweek: 4", "week", "followup.week_or_day", "week:"),
    ("date: 2013-06-20\nfollow_up: true\nday: 2", "day", "followup.week_or_day", "day:"),
    ("date: 2013-01-29\nfollow_up: true", "date", "followup.inside_weeks", "date:"),
])
def test_follow_up_mistakes_name_their_line(tmp_path, frontmatter, field, key, needle):
    journal = load(tmp_path, base(**{f"{F}/note.md": entry(frontmatter)}))
    path = tmp_path / F / "note.md"
    line = line_of(path, needle)
    values = {"name": field} if key == "followup.week_or_day" else {
        "date": "2013-01-29", "end": "2013-02-10"}
    assert messages(journal) == [f"{F}/note.md:{line}: {field} : {say(key, **values)}"]
    assert journal.residencies[0].follow_ups == []  # not published


def test_two_follow_ups_on_one_date_name_both_files(tmp_path):
    journal = load(tmp_path, base(**{
        f"{F}/a.md": entry("date: 2013-06-20\nfollow_up: true"),
        f"{F}/b.md": entry("date: 2013-06-20\nfollow_up: true"),
    }))
    assert messages(journal) == [
        f"{F}/b.md:2: date : " + say("followup.same_date", other=f"{F}/a.md", date="2013-06-20")]
    assert [e.path for e in journal.residencies[0].follow_ups] == [f"{F}/a.md"]


def test_a_published_follow_up_keeps_its_date_against_a_draft(tmp_path):
    journal = load(tmp_path, base(**{
        f"{F}/a.md": entry("date: 2013-06-20\nfollow_up: true\ndraft: true"),
        f"{F}/b.md": entry("date: 2013-06-20\nfollow_up: true"),
    }), include_drafts=True)
    assert messages(journal) == [
        f"{F}/a.md:2: date : " + say("followup.same_date", other=f"{F}/b.md", date="2013-06-20")]


def test_an_entry_outside_every_week_suggests_follow_up(tmp_path):
    journal = load(tmp_path, base(**{"journal/res/notes/juin.md": entry("date: 2013-06-20")}))
    [message] = messages(journal)
    assert message.startswith("journal/res/notes/juin.md:2: date : le 2013-06-20 n'est dans aucune")
    assert "« follow_up: true »" in message


@pytest.mark.parametrize(("value", "shown"), [
    ("terminee", "« terminee » n'est pas une valeur possible (a-lancer, en-cours, realisee, "
                 "suspendue, abandonnee)"),
])
def test_status_outside_the_list(tmp_path, value, shown):
    journal = load(tmp_path, base(**{
        f"{F}/n.md": entry(f"date: 2013-06-20\nfollow_up: true\nactions:\n  - ref: guide\n"
                           f"    status: {value}")}))
    assert messages(journal) == [f"{F}/n.md:6: actions[1].status : {shown}"]


@pytest.mark.parametrize("value", ["120", "-5", "beaucoup", "40.5", "[40]"])
def test_progress_is_a_percentage(tmp_path, value):
    journal = load(tmp_path, base(**{
        f"{F}/n.md": entry(f"date: 2013-06-20\nfollow_up: true\nactions:\n  - ref: guide\n"
                           f"    progress: {value}")}))
    [message] = messages(journal)
    assert message.startswith(f"{F}/n.md:6: actions[1].progress : ")
    assert message.endswith("n'est pas un pourcentage : écrivez un nombre entier de 0 à 100 "
                            "(par exemple 40)")


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("40", 40), ("40 %", 40), ("100%", 100)])
def test_progress_accepts_percent_signs(value, expected):
    doc = parse_yaml(f"date: 2013-06-20\nactions:\n  - ref: a\n    progress: {value}\n",
                     "x.md", line_offset=1)
    assert validate(EntryFrontmatter, doc).value.actions[0].progress == expected


# --- built sites -------------------------------------------------------------------------


def shipped_like(project, **more):
    return project(base(**{
        f"{D}/jour-2.md": entry("date: 2013-01-29\nactions:\n  - ref: guide\n    progress: 10"),
        f"{F}/2013-06-20.md": entry(
            "date: 2013-06-20\nfollow_up: true\nsummary: Quatre mois après.\nactions:\n"
            "  - ref: guide\n    status: en-cours\n    progress: 40\n"
            "  - ref: parite\n    status: realisee", "Le récit du suivi de juin.\n"),
        f"{F}/2013-09-01.md": entry(
            "date: 2013-09-01\nfollow_up: true\nactions:\n  - ref: guide\n    progress: 80"),
        "docs/tags.md": "# Étiquettes\n\n<!-- material/tags -->\n",
        **more,
    }))


def text_of(html: str) -> str:
    """The words of the page's article (not its navigation), tags and entities out."""
    if "<article" in html:
        html = html[html.index("<article"):html.index("</article>")]
    text = unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text)


def test_follow_up_pages_at_their_urls_and_on_the_home(project):
    built = shipped_like(project)
    june = built.html("res/suivi/2013-06-20/")
    assert "<h1" in june and "Suivi du 20 juin 2013" in june
    assert "Le récit du suivi de juin." in june
    assert "En cours" in text_of(june) and "40 %" in text_of(june)
    assert built.exists("res/suivi/2013-09-01/")
    home = text_of(built.html("res/"))
    assert "Suivi Suivi du 20 juin 2013" in home and "Suivi du 1er septembre 2013" in home
    assert "Où en sont les actions ?" in home
    # guide 80 %, parité réalisée = 100 %: overall (80 + 100) / 2
    assert "Avancement d'ensemble des actions retenues : 90 %" in home
    assert re.search(r"Rédiger un guide En cours 80 %", home)
    assert re.search(r"Critère de parité Réalisée 100 %", home)
    assert 'href="../res/livret/"' in built.html("res/") or 'href="livret/"' in built.html("res/")


def test_action_timeline_lists_days_then_follow_ups_by_date(project):
    built = shipped_like(project)
    page = built.html("res/actions/guide/")
    timeline = page[page.index('id="journal-chronologie"'):]
    order = [timeline.index(t) for t in (
        "Semaine 1, Jour 1", "Semaine 1, Jour 2", "Suivi du 20 juin 2013", "Suivi du 1er septembre 2013")]
    assert order == sorted(order)
    facts = text_of(page[page.index('id="journal-mise-en-oeuvre"'):page.index('id="journal-chronologie"')])
    assert "Statut En cours" in facts and "Avancement 80 %" in facts
    assert "Historique" in facts and "avancement 40 %" in facts
    table = text_of(built.html("res/actions/"))
    assert "Mise en œuvre Avancement" in table and "En cours 80 %" in table


def test_action_pages_carry_their_tags_into_the_tags_index(project):
    built = shipped_like(project)
    tags = built.html("tags/")
    assert "Rédiger un guide" in tags  # the action page, listed under its tag « guide »
    assert 'href="../res/actions/guide/"' in tags


SECOND = """\
title: Deuxième résidence
weeks:
  - start: 2014-03-03
team:
  - id: lea
    name: Léa
"""


def test_actions_of_every_residency_on_actions_page_and_tags(project):
    built = shipped_like(project, **{
        "journal/autre/residence.yml": SECOND,
        "journal/autre/semaine-1/jour-1.md": entry(
            "date: 2014-03-03\nactions:\n  - id: guide-local\n    title: Guide local\n"
            "    verdict: retenue\n    status: en-cours\n    progress: 20\n    tags: [guide]\n"
            "  - id: ateliers\n    title: Ateliers mensuels\n    verdict: anecdotique"),
    })
    page = built.html("actions/")
    text = text_of(page)
    for title in ("Rédiger un guide", "Critère de parité", "Charte des prestataires",
                  "Guide local", "Ateliers mensuels"):
        assert title in text
    # grouped by verdict, then residency
    # grouped by verdict (in the site's order), then by residency
    positions = [text.index(caption) for caption in (
        "Retenue — Deuxième résidence (1)", "Retenue — Résidence test (2)",
        "Jugée anecdotique — Deuxième résidence (1)", "Jugée anecdotique — Résidence test (1)")]
    assert positions == sorted(positions)
    assert "Guide local Deuxième résidence Retenue En cours 20 %" in text
    assert "<script" not in page[page.index('class="md-content"'):page.index("</article>")]
    tags = built.html("tags/")
    assert "Guide local" in tags and "Rédiger un guide" in tags


def test_one_residency_has_no_site_actions_page(project):
    built = shipped_like(project)
    assert not built.exists("actions/")
    assert built.exists("res/actions/")
