"""Open data (model/exports.py): CSV and JSON files read back and checked against the model."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
from conftest import RESIDENCE_YML, ROOT, entry, write_project
from residency_journal.model import Options, Vocabulary, load_journal
from residency_journal.model.exports import (
    EXPORT_VERSION,
    Exporter,
    Licence,
    csv_columns,
    dumps,
    export_schema,
    public_label,
    public_name,
)
from residency_journal.model.vocabulary import DIFFICULTY_LABELS, IMPACT_LABELS

SITE = "https://example.org/journal-de-residence/"
R = "journal/res"


@pytest.fixture(scope="module")
def shipped():
    journal = load_journal(ROOT, "journal")
    assert journal.residencies and not journal.problems, [str(p) for p in journal.problems]
    return journal


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM"
    text = data.decode("utf-8-sig")
    assert_crlf_records(text)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def assert_crlf_records(text: str) -> None:
    """RFC 4180: records end with CRLF; a line break elsewhere is inside a quoted cell."""
    assert text.endswith("\r\n")
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted  # a doubled quote toggles twice
        elif not quoted and char == "\n":
            assert text[i - 1] == "\r", f"bare line break at {i}"
        elif not quoted and char == "\r":
            assert text[i + 1] == "\n", f"bare carriage return at {i}"
    assert not quoted


def small(tmp_path: Path, *, drafts: bool = False, extra: dict[str, str] | None = None):
    files = {
        f"{R}/residence.yml": RESIDENCE_YML,
        f"{R}/semaine-1/jour-1.md": entry("""
            date: 2013-01-28
            authors: [claire]
            tags: [commande publique]
            participants:
              - ref: daj
              - id: elus
                label: Élus de la commission
                group: élus
            actions:
              - id: parite
                title: Intégrer un critère de parité ; « hommes / femmes »
                scope: externe
                impact: fort
                difficulty: moyenne
            visits:
              - id: visite-lyon
                title: Micro-voyage chez un prestataire
                place: Lyon
                participants: [daj, claire]
            verbatims:
              - quote: "Il a dit : \\"on verra\\" ;\\npuis il est parti."
                by: daj
                visit: visite-lyon
                action: parite
              - quote: =HYPERLINK("http://evil.example/","clic")
                by: un agent
            """),
        f"{R}/semaine-2/jour-1.md": entry("""
            date: 2013-02-04
            actions:
              - ref: parite
                verdict: retenue
                note: Validé par la DAJ.
            """),
        f"{R}/semaine-2/jour-2.md": entry("""
            date: 2013-02-05
            draft: true
            participants:
              - id: secret
                label: Une personne du brouillon
            actions:
              - ref: parite
                verdict: abandonnee
              - id: idee-brouillon
                title: Une idée encore privée
            verbatims:
              - quote: Phrase du brouillon, jamais publiée.
                by: secret
            """),
        **(extra or {}),
    }
    write_project(tmp_path, files)
    journal = load_journal(tmp_path, options=Options(include_drafts=drafts))
    assert not journal.problems, [str(p) for p in journal.problems]
    return journal


# --- the shipped journal, read back ---------------------------------------------------

def test_actions_csv_of_the_shipped_journal_matches_the_model(shipped):
    exporter = Exporter(SITE)
    for residency in shipped.residencies:
        data = exporter.actions_csv(residency)
        assert data.decode("utf-8-sig").split("\r\n", 1)[0] == ";".join(csv_columns(
            type(exporter.action_row(next(iter(residency.actions.values()))))))
        rows = read_csv(data)
        assert [r["id"] for r in rows] == list(residency.actions)
        for row, action in zip(rows, residency.actions.values(), strict=True):
            assert row["title"] == action.title
            assert row["verdict"] == action.verdict  # the model's key
            assert row["verdict_label"] == Vocabulary().verdict_label(action.verdict)
            assert row["impact"] == (IMPACT_LABELS[action.impact] if action.impact else "")
            assert row["difficulty"] == (DIFFICULTY_LABELS[action.difficulty]
                                         if action.difficulty else "")
            assert row["scope"] == (action.scope or "")
            dates = [e.date.isoformat() for e in action.days]
            assert row["days"].split(", ") == dates
            assert (row["first_mention"], row["last_mention"]) == (dates[0], dates[-1])
            assert row["url"] == SITE + action.url
            assert row["licence"] == "Licence CC BY-SA 4.0 : " \
                "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"
        assert any(r["verdict"] == "retenue" for r in rows)


def test_verbatims_csv_of_the_shipped_journal_matches_the_model(shipped):
    exporter = Exporter(SITE)
    for residency in shipped.residencies:
        rows = read_csv(exporter.verbatims_csv(residency))
        verbatims = residency.verbatims
        assert len(rows) == len(verbatims) > 0
        for row, verbatim in zip(rows, verbatims, strict=True):
            assert row["quote"] == verbatim.quote
            assert row["date"] == verbatim.entry.date.isoformat()
            # the label (the role), and a name beside it only with consent
            assert row["speaker_label"] == (public_label(verbatim.speaker) if verbatim.speaker
                                            else verbatim.speaker_text or "")
            assert row["action"] == (verbatim.action.id if verbatim.action else "")
            assert row["visit"] == (verbatim.visit.id if verbatim.visit else "")
            assert row["url"] == f"{SITE}{verbatim.entry.url}#verbatim-{verbatim.number}"


def test_journal_json_of_the_shipped_journal_follows_its_schema(shipped):
    text = Exporter(SITE).journal_json(shipped)
    document = json.loads(text)
    schema = export_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(document)
    assert document["version"] == EXPORT_VERSION == 1
    assert document["licence"]["name"] == "CC BY-SA 4.0"
    [res] = document["residencies"]
    model = shipped.residencies[0]
    assert [e["url"] for e in res["entries"]] == [SITE + e.url for e in model.entries]
    assert [a["id"] for a in res["actions"]] == list(model.actions)
    for out, action in zip(res["actions"], model.actions.values(), strict=True):
        assert [s["date"] for s in out["timeline"]] == [s.entry.date.isoformat()
                                                       for s in action.steps]
        assert out["verdict"] == action.verdict
    assert {p["id"] for p in res["participants"]} == set(model.participants)
    # a name only with consent (the shipped journal has one consenting participant)
    assert [p["name"] for p in res["participants"]] == [
        public_name(p) for p in model.participants.values()]
    assert any(p["name"] for p in res["participants"]) and not all(p["name"] for p in res["participants"])
    assert len(res["verbatims"]) == len(model.verbatims)
    assert [v["id"] for v in res["visits"]] == list(model.visits)
    # A document that breaks the structure is refused by the schema.
    broken = json.loads(text)
    broken["residencies"][0]["actions"][0]["verdict"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "version": 2}, schema)


def test_exports_are_byte_identical_across_loads(shipped):
    again = load_journal(ROOT, "journal")
    one, two = Exporter(SITE), Exporter(SITE)
    assert one.journal_json(shipped) == two.journal_json(again)
    for a, b in zip(shipped.residencies, again.residencies, strict=True):
        assert one.actions_csv(a) == two.actions_csv(b)
        assert one.verbatims_csv(a) == two.verbatims_csv(b)
        assert one.actions_json(a) == two.actions_json(b)
    assert dumps(export_schema()) == dumps(export_schema())


# --- small journals ---------------------------------------------------------------

def test_csv_quotes_rfc4180_and_defuses_formulas(tmp_path):
    journal = small(tmp_path)
    res = journal.residencies[0]
    data = Exporter(SITE).verbatims_csv(res)
    text = data.decode("utf-8-sig")
    # The quote holding ';', '"' and a line break is one quoted cell, quotes doubled.
    assert '"Il a dit : ""on verra"" ;\npuis il est parti."' in text
    rows = read_csv(data)
    assert rows[0]["quote"] == 'Il a dit : "on verra" ;\npuis il est parti.'
    assert rows[0]["speaker"] == "daj"
    assert rows[0]["speaker_label"] == "Direction des affaires juridiques"
    assert (rows[0]["visit"], rows[0]["action"]) == ("visite-lyon", "parite")
    assert (rows[0]["week"], rows[0]["day"]) == ("1", "1")
    # A spreadsheet would run this as a formula: it is kept as text.
    assert rows[1]["quote"].startswith("'=HYPERLINK(")
    assert rows[1]["speaker"] == "" and rows[1]["speaker_label"] == "un agent"
    # JSON keeps the value as written.
    quotes = [v["quote"] for v in json.loads(Exporter(SITE).journal_json(journal))
              ["residencies"][0]["verbatims"]]
    assert quotes[1].startswith("=HYPERLINK(")


def test_action_row_takes_the_current_state_and_keys_with_labels(tmp_path):
    journal = small(tmp_path)
    res = journal.residencies[0]
    exporter = Exporter(SITE, Vocabulary.with_overrides({"retenue": "Adoptée"}))
    [row] = read_csv(exporter.actions_csv(res))
    assert row["title"] == "Intégrer un critère de parité ; « hommes / femmes »"
    assert (row["verdict"], row["verdict_label"]) == ("retenue", "Adoptée")
    assert (row["impact"], row["difficulty"], row["scope"]) == ("fort", "moyenne", "externe")
    assert row["days"] == "2013-01-28, 2013-02-04"
    document = json.loads(exporter.actions_json(res))
    assert document["version"] == 1 and document["residency"] == "res"
    [action] = document["actions"]
    assert action["note"] == "Validé par la DAJ."
    assert [(s["date"], s["declares"], s["verdict"]) for s in action["timeline"]] == [
        ("2013-01-28", True, None), ("2013-02-04", False, "retenue")]
    assert action["timeline"][1]["url"] == SITE + "res/semaine-2/jour-1/"


@pytest.mark.parametrize("drafts", [False, True])
def test_drafts_never_reach_an_export(tmp_path, drafts):
    # include_drafts=True is how a preview reads the journal: the exports skip drafts anyway.
    journal = small(tmp_path, drafts=drafts)
    res = journal.residencies[0]
    exporter = Exporter(SITE)
    blobs = [exporter.journal_json(journal), exporter.actions_json(res),
             exporter.actions_csv(res).decode("utf-8-sig"),
             exporter.verbatims_csv(res).decode("utf-8-sig")]
    for blob in blobs:
        for secret in ("brouillon", "semaine-2/jour-2", "2013-02-05", "secret"):
            assert secret not in blob
    document = json.loads(blobs[0])
    jsonschema.validate(document, export_schema())
    assert [e["url"] for e in document["residencies"][0]["entries"]] == [
        SITE + "res/semaine-1/jour-1/", SITE + "res/semaine-2/jour-1/"]


def test_without_site_url_links_are_from_the_site_root(tmp_path):
    journal = small(tmp_path)
    [row] = read_csv(Exporter(None).actions_csv(journal.residencies[0]))
    assert row["url"] == "/res/actions/parite/"


def test_licence_is_the_sites(tmp_path):
    journal = small(tmp_path)
    licence = Licence("Licence Ouverte 2.0", "https://www.etalab.gouv.fr/licence-ouverte")
    exporter = Exporter(SITE, licence=licence)
    assert json.loads(exporter.journal_json(journal))["licence"] == {
        "name": "Licence Ouverte 2.0", "url": "https://www.etalab.gouv.fr/licence-ouverte"}
    rows = read_csv(exporter.verbatims_csv(journal.residencies[0]))
    assert {r["licence"] for r in rows} == {licence.line}


# --- people and privacy ---------------------------------------------------------------

def person(**fields):
    return SimpleNamespace(**{"label": "Responsable de la commande publique", **fields})


@pytest.mark.parametrize("fields", [
    {},  # before the model has name/consent at all
    {"name": "Marie Exemple"},
    {"name": "Marie Exemple", "consent": False},
    {"name": "Marie Exemple", "consent": None},
    {"name": "Marie Exemple", "consent": "true"},  # text is not consent
    {"name": "Marie Exemple", "consent": 1},
])
def test_public_label_never_shows_a_name_without_consent(fields):
    assert public_label(person(**fields)) == "Responsable de la commande publique"
    assert public_name(person(**fields)) is None


def test_public_label_shows_a_consented_name_beside_the_role():
    p = person(name="Marie Exemple", consent=True)
    assert public_name(p) == "Marie Exemple"
    assert public_label(p) == "Marie Exemple, Responsable de la commande publique"


def test_exports_hold_a_name_only_with_consent(tmp_path):
    journal = small(tmp_path)
    res = journal.residencies[0]
    daj = res.participants["daj"]
    daj.name = "Marie Exemple"  # as the privacy issue will add it
    exporter = Exporter(SITE)

    def everything() -> str:
        return (exporter.journal_json(journal) + exporter.actions_json(res)
                + exporter.verbatims_csv(res).decode("utf-8-sig"))

    assert "Marie Exemple" not in everything()
    daj.consent = True
    text = everything()
    assert "Marie Exemple, Direction des affaires juridiques" in text
    [out] = [p for p in json.loads(exporter.journal_json(journal))["residencies"][0]["participants"]
             if p["id"] == "daj"]
    assert (out["label"], out["name"]) == ("Direction des affaires juridiques", "Marie Exemple")
