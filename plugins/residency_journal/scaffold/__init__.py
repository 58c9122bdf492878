"""Files the ``journal`` command writes: a new site, editor settings, a new entry.

Everything here produces text from the model (:mod:`..model.jsonschema` for the
schemas, :mod:`..model.schema` through it for the editor's fields) or from the
templates under ``site/``; nothing here decides what is valid.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from .. import __version__
from ..compliance import PLACEHOLDERS
from ..model.discovery import JOURNAL_DIR
from ..model.jsonschema import dumps, entry_schema, residence_schema
from ..model.reminders import SCAFFOLD
from ..model.slugs import slugify
from .entry import EntryPlan, PlanError, entry_text, follow_up_text, plan_entry, plan_follow_up

__all__ = [
    "SCHEMA_DIR", "EntryPlan", "PlanError", "SiteFile", "editor_files", "entry_text",
    "follow_up_text", "frontmatter_cms", "plan_entry", "plan_follow_up", "site_files",
]

# Where editors find the schemas, relative to the project root. A hidden folder:
# residents never need to open it, and VS Code keeps its settings next to it.
SCHEMA_DIR = ".vscode/schemas"

_TEMPLATES = resources.files(__name__) / "site"
_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")


@dataclass(frozen=True)
class SiteFile:
    """One file to write, relative to the project root."""

    path: str
    text: str


# Where a new site says it will be published until its owner writes the real address
# (feeds and exports need one: without site_url a build warns and publishes no feed).
DEFAULT_SITE_URL = "https://exemple.gitlab.io/journal/"


def site_files(*, title: str, slug: str | None = None, site_name: str | None = None,
               start: dt.date | None = None, verdicts: Mapping[str, str] | None = None,
               site_url: str | None = None) -> list[SiteFile]:
    """Every file of a new, buildable site holding one residency and one example day."""
    slug = slug or slugify(title) or "residence"
    start = start or _monday(dt.date.today())
    values = {"title": title, "slug": slug, "site_name": site_name or title,
              "start": start.isoformat(), "version": __version__,
              "site_url": site_url or DEFAULT_SITE_URL,
              # The examples that `journal check` and the build point out until replaced.
              **SCAFFOLD,
              **{option.replace(".", "_"): text for option, text in PLACEHOLDERS.items()}}
    files = [
        SiteFile("mkdocs.yml", _render("mkdocs.yml", values, yaml_values=True)),
        SiteFile(".gitignore", _render("gitignore", values)),
        SiteFile("docs/index.md", _render("docs/index.md", values)),
        # The residents' page, as on the shipped site (a test keeps the copies equal).
        SiteFile("docs/ecrire-une-entree.md",
                 (_TEMPLATES / "docs/ecrire-une-entree.md").read_text(encoding="utf-8")),
        # The tag index (Material's tags plugin): every tag of days and actions, across
        # residencies, links to its listing there. As on the shipped site.
        SiteFile("docs/tags.md", (_TEMPLATES / "docs/tags.md").read_text(encoding="utf-8")),
        SiteFile(f"journal/{slug}/residence.yml",
                 _render("journal/residence.yml", values, yaml_values=True)),
        SiteFile(f"journal/{slug}/semaine-1/jour-1.md",
                 _render("journal/jour-1.md", values, yaml_values=True)),
        # Publishing: what to install, and a workflow per host that builds --strict.
        SiteFile("requirements.txt", _render("requirements.txt", values)),
        SiteFile(".gitlab-ci.yml", _render("gitlab-ci.yml", values)),
        SiteFile(".github/workflows/publish.yml", _render("github/workflows/publish.yml", values)),
    ]
    return files + editor_files(verdicts=verdicts)


def editor_files(*, journal_dir: str = JOURNAL_DIR, verdicts: Mapping[str, str] | None = None
                 ) -> list[SiteFile]:
    """Schemas and workspace settings that make VS Code complete and check the journal.

    ``residence.yml`` is YAML: the YAML extension (redhat.vscode-yaml) validates
    it against the schema mapped in ``.vscode/settings.json`` (and through the
    ``# yaml-language-server`` line that ``journal init`` writes, for other
    editors). That extension does not read Markdown frontmatter, so entries get
    a Front Matter CMS content type (``frontmatter.json``) built from the same
    schema.
    """
    entry = entry_schema(verdicts)
    settings = {
        "yaml.schemas": {f"./{SCHEMA_DIR}/residence.json": ["**/residence.yml"]},
    }
    extensions = {"recommendations": ["redhat.vscode-yaml", "eliostruyf.vscode-front-matter"]}
    return [
        SiteFile(f"{SCHEMA_DIR}/entry.json", dumps(entry)),
        SiteFile(f"{SCHEMA_DIR}/residence.json", dumps(residence_schema())),
        SiteFile(".vscode/settings.json", _json(settings)),
        SiteFile(".vscode/extensions.json", _json(extensions)),
        SiteFile("frontmatter.json", _json(frontmatter_cms(entry, journal_dir=journal_dir))),
    ]


# Labels and help of the Front Matter CMS panel, in the residents' language; a key
# missing here shows under its own name, with the model's description.
_FIELD_TITLES = {
    "date": "Date", "week": "Semaine", "day": "Jour", "title": "Titre",
    "authors": "Auteurs", "summary": "Résumé", "tags": "Mots-clés", "draft": "Brouillon",
}
_FIELD_HELP = {
    "date": "La date de la journée (obligatoire).",
    "week": "Semaine d'immersion ; par défaut, celle du chemin (semaine-3/jour-3.md).",
    "day": "Jour dans la semaine d'immersion (Jour 3 = troisième jour) ; par défaut, celui "
           "du chemin.",
    "title": "Par défaut : « Semaine 3, Jour 3 ».",
    "authors": "Les ids des membres de l'équipe (team dans residence.yml).",
    "summary": "Une ou deux phrases, reprises dans les listes de journées.",
    "tags": "Mots-clés libres.",
    "draft": "Un brouillon se voit dans mkdocs serve, jamais sur le site publié.",
}


def frontmatter_cms(schema: Mapping[str, Any], *, journal_dir: str = JOURNAL_DIR) -> dict[str, Any]:
    """A Front Matter CMS configuration whose content type lists the entry's keys.

    Only keys holding text, numbers, dates, booleans or lists of text become
    panel fields. Lists of objects (participants, actions, visits, verbatims)
    are left to the text: Front Matter's "block" fields add a ``fieldGroup`` key
    to every item, which the journal would rightly report as an unknown key.
    """
    required = set(schema.get("required", []))
    fields: list[dict[str, Any]] = []
    for name, prop in schema["properties"].items():
        field = _cms_field(name, prop)
        if field is None:
            continue
        if name in required:
            field["required"] = True
        fields.append(field)
    return {
        "$schema": "https://frontmatter.codes/frontmatter.schema.json",
        "frontMatter.content.pageFolders": [
            {"title": "Journal", "path": f"[[workspace]]/{journal_dir}"},
        ],
        # The journal reads dates written as 2013-02-13, never timestamps.
        "frontMatter.taxonomy.dateFormat": "yyyy-MM-dd",
        "frontMatter.content.autoUpdateDate": False,
        "frontMatter.taxonomy.contentTypes": [
            # "default" applies to every file without a `type:` key, which the
            # journal does not have.
            {"name": "default", "pageBundle": False, "previewPath": None, "fields": fields},
        ],
    }


def _kind(branch: Mapping[str, Any]) -> Any:
    """A branch's type; text the model reads from a YAML number or boolean is "string"."""
    kind = branch.get("type")
    if isinstance(kind, list):
        return "string" if "string" in kind else kind[0]
    return kind


def _cms_field(name: str, prop: Mapping[str, Any]) -> dict[str, Any] | None:
    branches = [b for b in prop.get("anyOf", [prop]) if b.get("type") != "null"]
    kinds = {_kind(b) for b in branches}
    field: dict[str, Any] = {"title": _FIELD_TITLES.get(name, name), "name": name}
    description = _FIELD_HELP.get(name) or prop.get("description")
    if description:
        field["description"] = description
    if any(b.get("format") == "date" for b in branches):
        field.update(type="datetime", dateFormat="yyyy-MM-dd", isPublishDate=True)
    elif name == "draft":
        field["type"] = "draft"
    elif "boolean" in kinds:
        field["type"] = "boolean"
    elif "integer" in kinds:
        minimum = next((b["minimum"] for b in branches if "minimum" in b), None)
        field["type"] = "number"
        if minimum is not None:
            field["numberOptions"] = {"min": minimum}
    elif "array" in kinds:
        items = next(b.get("items", {}) for b in branches if b.get("type") == "array")
        if _kind(items) != "string":
            return None  # lists of objects: see frontmatter_cms()
        field["type"] = "list"
    elif kinds == {"string"}:
        field.update(type="string", single=name == "title")
    else:
        return None
    return field


def _render(template: str, values: Mapping[str, str], *, yaml_values: bool = False) -> str:
    text = (_TEMPLATES / template).read_text(encoding="utf-8")

    def value(match: re.Match[str]) -> str:
        raw = values[match.group(1)]
        return _yaml_scalar(raw) if yaml_values else raw

    return _PLACEHOLDER.sub(value, text)


def _yaml_scalar(text: str) -> str:
    """``text`` as YAML reads it back: plain when that is safe, quoted otherwise."""
    plain_ok = (
        text.strip() == text and "\n" not in text and ": " not in text and " #" not in text
        and text[:1] not in "!&*-?[]{}|>'\"%@`#,"
    )
    if plain_ok:
        try:
            if yaml.safe_load(text) == text or _is_iso_date(text):
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def _is_iso_date(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
