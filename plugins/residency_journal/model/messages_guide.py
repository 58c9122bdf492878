"""The guide's list of messages, written from the catalogue (:mod:`.messages`).

The guide (docs/ecrire-une-entree.md) holds this list between two markers;
``python -m residency_journal.model.messages_guide FILE...`` rewrites it, and a
test fails when the guide's list is not the catalogue's. A resident who searches
the guide for the words of the message she got finds them, in French.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .messages import MESSAGES

BEGIN = "<!-- messages : début (écrit par `python -m residency_journal.model.messages_guide`) -->"
END = "<!-- messages : fin -->"

# Parts of messages, never shown alone: what was found, where, the remedy of another.
FRAGMENTS = re.compile(r"^(found\.|publish\.what_|date\.remedy_|site\.docs_entry$|"
                       r"check\.draft_only$|check\.draft_caused$)")

# The guide's groups, in the order a resident meets them; a key goes to the first
# group whose prefix it starts with.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Le fichier et sa forme", ("read.", "yaml.", "text.", "body.")),
    ("Les clés et leurs valeurs", ("key.", "value.")),
    ("Les semaines, les jours et les notes de suivi",
     ("week.", "date.", "day.", "followup.")),
    ("Les participants, les actions, les micro-voyages et les paroles",
     ("participant.", "action.", "visit.", "verbatim.", "author.", "item.", "verdict.")),
    ("Les liens, les images et ce qui est publié", ("publish.", "link.")),
    ("La construction du site", ("build.",)),
    ("La résidence et les adresses du site", ("journal.", "residence.", "site.")),
)

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def documented_keys() -> list[str]:
    """The catalogue keys the guide lists (every message a resident can get alone)."""
    return [key for key in MESSAGES if not FRAGMENTS.match(key)]


def shown(key: str) -> str:
    """A message as the guide shows it: what varies (her value, a file, a line) is « … »."""
    text = _PLACEHOLDER.sub("…", MESSAGES[key])
    return text.replace("« « … » »", "« … »")


def render() -> str:
    """The generated part of the guide, markers included."""
    keys = documented_keys()
    grouped: dict[str, list[str]] = {title: [] for title, _ in GROUPS}
    for key in keys:
        title = next((t for t, prefixes in GROUPS if key.startswith(prefixes)), GROUPS[-1][0])
        grouped[title].append(key)
    lines = [BEGIN, ""]
    for title, members in grouped.items():
        if not members:
            continue
        lines += [f"### {title}", ""]
        for key in members:
            lines.append(f"- `{shown(key)}`")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def update(text: str) -> str:
    """``text`` (the guide) with its generated list replaced by the catalogue's."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + render() + text[end:]


def main(paths: list[str]) -> int:
    for path in map(Path, paths):
        text = path.read_text(encoding="utf-8")
        path.write_text(update(text), encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
