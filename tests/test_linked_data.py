"""schema.org JSON-LD in the pages' <head>: a day or note is a
BlogPosting with its quotes, a visit an Event, an action an Action; read back from
built pages. That no name without consent reaches it is test_privacy.py (it reads
every file of a build)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import RESIDENCE_YML, build_project, entry, write_project
from residency_journal.model import load_journal
from residency_journal.model.exports import Exporter
from residency_journal.model.linked_data import linked_data
from residency_journal.model.site import site_pages
from test_build import shipped as build_shipped

SLUG = "achats-durables-rhone-alpes"
SITE = "https://example.org/journal-de-residence/"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def ld(html: str) -> list[dict]:
    return [json.loads(text) for text in SCRIPT.findall(html)]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return build_shipped(tmp_path_factory.mktemp("linked-data"))


def test_a_day_is_a_posting_of_its_residency_with_its_quotes(shipped):
    (data,) = ld(shipped.html(f"{SLUG}/semaine-2/jour-3/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "BlogPosting"
    assert data["headline"] == "Atelier avec des prestataires — Résidence Achats durables en Rhône-Alpes"
    assert data["datePublished"] == "2013-02-06" and data["inLanguage"] == "fr"
    assert data["url"] == f"{SITE}{SLUG}/semaine-2/jour-3/"
    assert data["isPartOf"] == {"@type": "Blog", "name": "Résidence Achats durables en Rhône-Alpes",
                                "url": f"{SITE}{SLUG}/"}
    assert data["license"].startswith("https://creativecommons.org/licenses/by-sa/4.0/")
    assert [a["name"] for a in data["author"]] == ["Marion", "Léa", "Claire"]
    # every quote of the day, as the page shows it and linking to its anchor
    journal = load_journal(shipped.root)
    day = next(e for e in journal.residencies[0].entries if e.url == f"{SLUG}/semaine-2/jour-3/")
    quotes = data["hasPart"]
    assert [q["text"] for q in quotes] == [v.quote for v in day.verbatims] and quotes
    assert all(q["@type"] == "Quotation" for q in quotes)
    assert quotes[0]["url"] == f"{SITE}{SLUG}/semaine-2/jour-3/#verbatim-1"
    assert quotes[0]["spokenByCharacter"] == {"name": "Représentants de cabinets d'études et de conseil"}
    page = shipped.html(f"{SLUG}/semaine-2/jour-3/")
    assert 'id="verbatim-1"' in page


def test_a_visit_is_an_event_and_an_action_says_what_became_of_it(shipped):
    (visit,) = ld(shipped.html(f"{SLUG}/visites/micro-voyage-lycee-villeurbanne/"))
    assert visit["@type"] == "Event" and visit["startDate"] == "2013-01-30"
    assert visit["location"] == {"@type": "Place", "name": "Villeurbanne"}
    assert visit["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert visit["url"] == f"{SITE}{SLUG}/visites/micro-voyage-lycee-villeurbanne/"
    (action,) = ld(shipped.html(f"{SLUG}/actions/clause-insertion/"))
    assert action["@type"] == "Action" and action["name"].startswith("Étendre la clause")
    assert action["actionStatus"] == "https://schema.org/ActiveActionStatus"  # "En cours"
    assert action["agent"] == {"@type": "Organization", "name": "Région Rhône-Alpes"}
    (note,) = ld(shipped.html(f"{SLUG}/suivi/2013-06-20/"))
    assert note["@type"] == "BlogPosting" and note["datePublished"] == "2013-06-20"


def test_listings_homes_and_hand_written_pages_describe_no_one_thing(shipped):
    for url in ("", f"{SLUG}/", f"{SLUG}/actions/", f"{SLUG}/visites/", f"{SLUG}/verbatims/",
                f"{SLUG}/participants/", "a-propos/"):
        assert ld(shipped.html(url)) == [], url


def test_status_in_schema_org_words(tmp_path):
    files = {"journal/res/residence.yml": RESIDENCE_YML,
             "journal/res/semaine-1/jour-1.md": entry("""\
                date: 2013-01-28
                actions:
                  - id: a
                    title: A
                  - id: b
                    title: B
                  - id: c
                    title: C
                  - id: d
                    title: D
                """),
             "journal/res/suivi/2013-06-01.md": entry("""\
                date: 2013-06-01
                follow_up: true
                actions:
                  - ref: a
                    status: realisee
                  - ref: b
                    status: abandonnee
                  - ref: c
                    status: suspendue
                """)}
    built = build_project(write_project(tmp_path / "p", files))
    exporter = Exporter("https://example.org/")
    specs = {spec.obj.id: spec for spec in site_pages(load_journal(built.root))
             if spec.kind == "action"}
    status = {key: linked_data(spec, exporter)["actionStatus"].rsplit("/", 1)[1]
              for key, spec in specs.items()}
    (page,) = ld(built.html("res/actions/a/"))
    assert page["actionStatus"] == "https://schema.org/CompletedActionStatus"
    assert status == {"a": "CompletedActionStatus", "b": "FailedActionStatus",
                      "c": "PotentialActionStatus", "d": "PotentialActionStatus"}
    assert linked_data(None, exporter) is None


def test_no_value_can_close_the_script(tmp_path):
    hostile = "</script><script>alert(1)</script> & <!-- co"
    files = {"journal/res/residence.yml": RESIDENCE_YML,
             "journal/res/semaine-1/jour-1.md": entry(f"""\
                date: 2013-01-28
                title: '{hostile}'
                summary: '{hostile}'
                verbatims:
                  - quote: '{hostile}'
                    by: daj
                """)}
    built = build_project(write_project(tmp_path / "p", files))
    page = built.html("res/semaine-1/jour-1/")
    (script,) = SCRIPT.findall(page)
    assert "<" not in script and ">" not in script and "&" not in script
    (data,) = ld(page)
    assert data["description"] == hostile and data["hasPart"][0]["text"] == hostile
    assert data["headline"].startswith(hostile)
    assert "<script>alert(1)" not in page
