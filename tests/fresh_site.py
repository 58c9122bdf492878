"""A site as `journal init` writes it, then as its owner fills it in before publishing.

``fill_in`` replaces every example that `journal init` wrote (compliance.PLACEHOLDERS in
mkdocs.yml, model.reminders.SCAFFOLD in the journal) with real-looking values: what a
site must do before ``mkdocs build --strict`` publishes it.
"""

from __future__ import annotations

from pathlib import Path

from residency_journal.compliance import PLACEHOLDERS
from residency_journal.model.reminders import SCAFFOLD

FILLED = {
    "publisher.name": "Région Exemple",
    "publisher.address": "1 esplanade de l'Exemple, 69000 Lyon",
    "publisher.email": "journal@example.org",
    "publisher.director": "La présidente du conseil régional",
    "publisher.host.name": "Hébergeur Exemple SAS",
    "publisher.host.address": "2 rue de l'Hébergement, 75000 Paris",
    "publisher.host.phone": "01 00 00 00 00",
    "accessibility.date": "2025-01-15",
    "host": "Région Exemple",
    "summary": "Repenser l'accueil du public.",
    "example_tag": "accueil",
    "example_action": "Simplifier le formulaire d'accueil",
    "example_quote": "On remplit trois fois le même formulaire.",
}


def filled_texts(files: dict[str, str]) -> dict[str, str]:
    """``{path: text}`` of a new site (scaffold.site_files), with every example replaced."""
    out = {}
    for path, text in files.items():
        if path == "mkdocs.yml":
            for option, example in PLACEHOLDERS.items():
                text = text.replace(f": {example}\n", f": {FILLED[option]}\n")
        elif path.startswith("journal/"):
            for key, example in SCAFFOLD.items():
                text = text.replace(example, FILLED[key])
        out[path] = text
    return out


def fill_in(root: Path) -> Path:
    """Replace, in the site `journal init` wrote at ``root``, every example it wrote."""
    paths = [root / "mkdocs.yml", *sorted((root / "journal").rglob("*.yml")),
             *sorted((root / "journal").rglob("*.md"))]
    texts = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in paths}
    for rel, text in filled_texts(texts).items():
        (root / rel).write_text(text, encoding="utf-8")
    return root
