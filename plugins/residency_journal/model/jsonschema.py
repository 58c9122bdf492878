"""JSON Schema of an entry's frontmatter and of ``residence.yml``, from the model.

The pydantic models of :mod:`.schema` are the single source of truth: these
functions only add what a published schema needs (the draft it follows, a
French title and description for editors) and, when a site's vocabulary is
known, the exact list of its verdicts. The plugin publishes the result at
``/schema/entry.json`` and ``/schema/residence.json``; ``journal schema``
writes the same files for editors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .schema import EntryFrontmatter, ResidenceFile
from .vocabulary import DEFAULT_VERDICTS

DRAFT = "http://json-schema.org/draft-07/schema#"

ENTRY_DESCRIPTION = (
    "Les clés du frontmatter d'une entrée du journal (une journée de résidence), "
    "entre les deux lignes '---' en tête du fichier Markdown. Seule 'date' est "
    "obligatoire. Les règles qui portent sur plusieurs fichiers (références 'ref:', "
    "doublons de semaine et de jour) sont vérifiées par 'journal check' et par la "
    "construction du site."
)
RESIDENCE_DESCRIPTION = (
    "Le fichier residence.yml d'une résidence : titre, hôte, lieu, semaines "
    "d'immersion, équipe et participants récurrents. Seul 'title' est obligatoire."
)


def entry_schema(verdicts: Iterable[str] | Mapping[str, str] | None = None) -> dict[str, Any]:
    """The schema of an entry's frontmatter.

    ``verdicts`` is the site's verdict vocabulary (keys, or keys -> labels as in
    :class:`.vocabulary.Vocabulary`). Without it the schema accepts any id as a
    verdict and only suggests the default keys, because a site may add verdicts
    in mkdocs.yml; with it, the verdict must be one of them.
    """
    schema = _finish(EntryFrontmatter.model_json_schema(), "Entrée du journal de résidence",
                     ENTRY_DESCRIPTION)
    if verdicts is not None:
        _close_verdicts(schema, verdicts)
    return schema


def residence_schema() -> dict[str, Any]:
    """The schema of ``residence.yml``."""
    return _finish(ResidenceFile.model_json_schema(), "Résidence (residence.yml)",
                   RESIDENCE_DESCRIPTION)


def dumps(schema: Mapping[str, Any]) -> str:
    """Deterministic JSON text: the same model always gives the same bytes."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _finish(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    # No `$id`: the same schema is served from each site's own address and also
    # copied next to the journal for editors, so it cannot name one location.
    schema.pop("$id", None)
    return {"$schema": DRAFT, **schema, "title": title, "description": description}


def _close_verdicts(schema: dict[str, Any], verdicts: Iterable[str] | Mapping[str, str]) -> None:
    labels = dict(verdicts) if isinstance(verdicts, Mapping) else {
        key: DEFAULT_VERDICTS.get(key, key) for key in verdicts}
    closed = {
        "type": "string",
        "enum": list(labels),
        # Shown by VS Code's YAML extension next to each completion.
        "enumDescriptions": [str(label) for label in labels.values()],
    }
    found = False
    for definition in schema.get("$defs", {}).values():
        verdict = definition.get("properties", {}).get("verdict")
        if verdict is None:
            continue
        if "anyOf" in verdict:  # optional: keep the `null` branch
            verdict["anyOf"] = [b if b.get("type") == "null" else closed
                                for b in verdict["anyOf"]]
        else:
            for key in ("type", "pattern", "examples"):
                verdict.pop(key, None)
            verdict.update(closed)
        found = True
    if not found:  # pragma: no cover - guards against a renamed model field
        raise LookupError("no 'verdict' property in the entry schema")
