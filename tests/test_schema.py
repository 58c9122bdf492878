"""The JSON Schemas agree with the model: what the model rejects for its type or
vocabulary, the schema rejects too; what the shipped journal holds, both accept."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from residency_journal.model import Vocabulary, load_journal
from residency_journal.model.jsonschema import dumps, entry_schema, residence_schema
from residency_journal.model.schema import EntryFrontmatter, ResidenceFile
from residency_journal.model.validate import validate
from residency_journal.model.vocabulary import DEFAULT_VERDICTS
from residency_journal.model.yamlsource import parse_yaml
from residency_journal.scaffold import site_files

ROOT = Path(__file__).resolve().parent.parent
MISTAKES = Path(__file__).resolve().parent / "fixtures" / "cli" / "mistakes"
VALIDATORS = (Draft7Validator, Draft202012Validator)  # the declared draft, and the latest


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay text (YAML 1.2 has no
    timestamps), so an impossible date such as 2013-02-30 still loads."""


_EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str) -> Any:
    # JSON round trip, as a validator sees data: anything left that is not JSON is text.
    return json.loads(json.dumps(yaml.load(text, Loader=_EditorLoader), default=str))


def frontmatter(markdown: str) -> str:
    lines = markdown.splitlines(keepends=True)
    assert lines[0].strip() == "---"
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    return "".join(lines[1:end])


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    """Messages of every validator; they must agree on validity."""
    found = [sorted(e.message for e in v(schema, format_checker=v.FORMAT_CHECKER)
                    .iter_errors(data)) for v in VALIDATORS]
    assert bool(found[0]) == bool(found[1]), found
    return found[0]


ENTRY = entry_schema(DEFAULT_VERDICTS)  # as `journal schema` writes it for a default site


def test_schemas_are_valid_and_declare_their_draft():
    for schema in (entry_schema(), ENTRY, residence_schema()):
        for validator in VALIDATORS:
            validator.check_schema(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert "$id" not in schema
        assert schema["title"] and schema["description"]
    assert entry_schema()["title"] == "Entrée du journal de résidence"
    assert residence_schema()["title"] == "Résidence (residence.yml)"


def test_schemas_list_the_models_keys():
    assert set(entry_schema()["properties"]) == set(EntryFrontmatter.model_fields)
    assert set(residence_schema()["properties"]) == set(ResidenceFile.model_fields)
    assert entry_schema()["required"] == ["date"]
    assert residence_schema()["required"] == ["title"]
    assert entry_schema()["additionalProperties"] is False


def test_dumps_is_deterministic_json():
    text = dumps(entry_schema())
    assert text == dumps(json.loads(text)) and text.endswith("}\n")
    assert "Entrée" in text  # not escaped
    keys = list(json.loads(text))
    assert keys == sorted(keys)


def test_verdicts_are_closed_only_by_a_sites_vocabulary():
    def verdict(schema: dict[str, Any]) -> dict[str, Any]:
        return schema["$defs"]["ActionMention"]["properties"]["verdict"]["anyOf"][0]

    open_schema = verdict(entry_schema())
    assert "enum" not in open_schema and open_schema["examples"] == list(DEFAULT_VERDICTS)
    site = Vocabulary.with_overrides({"reportee": "Reportée"}).verdicts
    closed = verdict(entry_schema(site))
    assert closed["enum"] == [*DEFAULT_VERDICTS, "reportee"]
    assert closed["enumDescriptions"][-1] == "Reportée"


def _shipped(pattern: str) -> list[Path]:
    return sorted((ROOT / "journal").rglob(pattern))


@pytest.mark.parametrize("path", _shipped("*.md"), ids=lambda p: p.name)
def test_schema_accepts_every_shipped_entry(path: Path):
    assert errors(ENTRY, load(frontmatter(path.read_text(encoding="utf-8")))) == []
    assert errors(entry_schema(), load(frontmatter(path.read_text(encoding="utf-8")))) == []


@pytest.mark.parametrize("path", _shipped("residence.yml"), ids=lambda p: p.parent.name)
def test_schema_accepts_every_shipped_residence(path: Path):
    assert errors(residence_schema(), load(path.read_text(encoding="utf-8"))) == []


def test_schema_accepts_what_journal_init_writes():
    for file in site_files(title="Résidence test"):
        if file.path.endswith("residence.yml"):
            assert errors(residence_schema(), load(file.text)) == []
        elif file.path.startswith("journal/") and file.path.endswith(".md"):
            assert errors(ENTRY, load(frontmatter(file.text))) == []


# Mistakes of type or vocabulary: (frontmatter, what the model says).
BAD_ENTRIES = {
    "impact": ("date: 2013-02-13\nactions:\n  - id: a\n    title: A\n    impact: tres fort\n",
               "n'est pas une valeur possible (faible, moyen, fort"),
    "difficulty": ("date: 2013-02-13\nactions:\n  - ref: a\n    difficulty: énorme\n",
                   "n'est pas une valeur possible (faible, moyenne, forte"),
    "scope": ("date: 2013-02-13\nactions:\n  - ref: a\n    scope: dehors\n",
              "n'est pas une valeur possible (interne, externe)"),
    "verdict": ("date: 2013-02-13\nactions:\n  - ref: a\n    verdict: reportee\n",
                "« reportee » n'est pas un verdict possible"),
    "verdict-not-an-id": ("date: 2013-02-13\nactions:\n  - ref: a\n    verdict: À revoir\n",
                          "« À revoir » n'est pas un verdict possible"),
    "date-format": ("date: 13/02/2013\n", "écrivez-la AAAA-MM-JJ"),
    "section-anchor": ("date: 2013-02-13\nvisits:\n  - id: v\n    title: V\n"
                       "    section: mon titre\n", "n'est pas un titre de section"),
    "date-impossible": ("date: 2013-02-30\n", "n'est pas une date du calendrier"),
    "date-missing": ("week: 1\n", "information obligatoire absente"),
    "week-zero": ("date: 2013-02-13\nweek: 0\n", "écrivez un nombre de 1 ou plus"),
    "day-words": ("date: 2013-02-13\nday: trois\n", "n'est pas un nombre entier"),
    "count-negative": ("date: 2013-02-13\nparticipants:\n  - ref: a\n    count: -2\n",
                       "n'est pas un nombre entier"),
    "draft": ("date: 2013-02-13\ndraft: peut-être\n", "n'est pas une valeur possible (oui, non"),
    "unknown-key": ("date: 2013-02-13\nsumary: x\n", "vouliez-vous dire « summary » ?"),
    "nested-unknown-key": ("date: 2013-02-13\nparticipants:\n  - ref: a\n    lable: A\n",
                           "vouliez-vous dire « label » ?"),
    "id-not-slug": ("date: 2013-02-13\nparticipants:\n  - id: Élus CAO\n    label: É\n",
                    "n'est pas un identifiant"),
    "author-not-slug": ("date: 2013-02-13\nauthors: [Claire Dupont]\n", "n'est pas un identifiant"),
    "authors-not-a-list": ("date: 2013-02-13\nauthors: claire\n", "on attend une liste"),
    "participant-not-keys": ("date: 2013-02-13\nparticipants: [claire]\n", "on attend des lignes comme"),
    "quote-a-list": ("date: 2013-02-13\nverbatims:\n  - quote: [a, b]\n", "on attend un texte"),
    "verbatim-without-quote": ("date: 2013-02-13\nverbatims:\n  - by: claire\n",
                               "information obligatoire absente"),
    "visit-without-title": ("date: 2013-02-13\nvisits:\n  - id: v\n", "information obligatoire absente"),
    "tags-keys": ("date: 2013-02-13\ntags: {a: b}\n", "on attend"),
    "frontmatter-a-list": ("- date: 2013-02-13\n", "on attend des lignes comme « date: … »"),
}

BAD_RESIDENCES = {
    "title-missing": ("host: Mairie\n", "information obligatoire absente"),
    "unknown-key": ("title: R\ntitre: R\n", "clé inconnue"),
    "week-start-text": ("title: R\nweeks:\n  - start: lundi\n", "écrivez-la AAAA-MM-JJ"),
    "week-end-impossible": ("title: R\nweeks:\n  - start: 2013-02-11\n    end: 2013-02-31\n",
                            "n'est pas une date du calendrier"),
    "team-without-name": ("title: R\nteam:\n  - id: claire\n", "information obligatoire absente"),
    "team-id-not-slug": ("title: R\nteam:\n  - id: Claire\n    name: Claire\n", "n'est pas un identifiant"),
    "slug-not-slug": ("title: R\nslug: Ma Résidence\n", "n'est pas un identifiant"),
    "count-zero": ("title: R\nparticipants:\n  - id: a\n    label: A\n    count: 0\n",
                   "écrivez un nombre de 1 ou plus"),
    "weeks-not-a-list": ("title: R\nweeks: 2013-02-11\n", "on attend une liste"),
}


def _model_problems(tmp_path: Path, name: str, text: str) -> list[str]:
    """What `journal check` says about this one entry, in a residency that knows `a`."""
    folder = tmp_path / "journal" / "r"
    (folder / "semaine-1").mkdir(parents=True)
    (folder / "residence.yml").write_text(
        "title: R\nteam:\n  - id: claire\n    name: Claire\nparticipants:\n"
        "  - id: a\n    label: A\n", encoding="utf-8")
    (folder / "semaine-1" / "jour-9.md").write_text(
        "---\ndate: 2013-01-28\nactions:\n  - id: a\n    title: A\n---\n", encoding="utf-8")
    (folder / "semaine-1" / "jour-1.md").write_text(f"---\n{text}---\n", encoding="utf-8")
    journal = load_journal(tmp_path)
    return [p.message for p in journal.problems if p.path.endswith("jour-1.md")]


@pytest.mark.parametrize("name", BAD_ENTRIES)
def test_schema_rejects_what_the_model_rejects_in_an_entry(tmp_path: Path, name: str):
    text, model_says = BAD_ENTRIES[name]
    problems = _model_problems(tmp_path, name, text)
    assert any(model_says in p for p in problems), problems
    assert errors(ENTRY, load(text)), f"the schema accepts {text!r}"


@pytest.mark.parametrize("name", BAD_RESIDENCES)
def test_schema_rejects_what_the_model_rejects_in_residence_yml(name: str):
    text, model_says = BAD_RESIDENCES[name]
    problems = validate(ResidenceFile, parse_yaml(text, "residence.yml")).problems
    assert any(model_says in p.message for p in problems), problems
    assert errors(residence_schema(), load(text)), f"the schema accepts {text!r}"


def test_schema_and_model_agree_on_the_cli_fixture():
    """Each file of the mistakes fixture: rejected by the schema exactly when one of its
    mistakes is about a single file's types or words (not refs, duplicates or repeats)."""
    rejected = {
        "semaine-1/jour-1.md": True,  # unknown key, id, impact
        "semaine-1/jour-2.md": True,  # impossible date
        "semaine-1/jour-3.md": False,  # a key given twice: YAML keeps the last one
        "supplement/doublon.md": False,  # same week and day as another file
    }
    for rel, expected in rejected.items():
        text = (MISTAKES / "journal" / "atelier" / rel).read_text(encoding="utf-8")
        assert bool(errors(ENTRY, load(frontmatter(text)))) is expected, rel
    assert errors(residence_schema(), load(
        (MISTAKES / "journal" / "sans-titre" / "residence.yml").read_text(encoding="utf-8")))
    assert errors(residence_schema(), load(
        (MISTAKES / "journal" / "atelier" / "residence.yml").read_text(encoding="utf-8"))) == []


def test_schema_accepts_the_model_leniencies_residents_rely_on():
    # Numbers written as text, words for levels, oui/non: the model takes them all.
    text = textwrap.dedent("""\
        date: 2013-02-13
        week: "03"
        day: 2
        draft: non
        tags: commande publique
        participants:
          - ref: a
            count: "4"
        actions:
          - ref: b
            impact: 3
            difficulty: moyen
            scope: interne
        """)
    assert errors(ENTRY, load(text)) == []

