"""What `journal init` wrote as examples and nobody replaced yet, as problems.

A new site holds example values (« Nom de l'administration qui accueille la résidence »)
and an example day (tagged ``exemple``) so that it builds and shows every page kind. A
public body must not publish them: each one still there is a problem at its file and line,
so ``mkdocs build --strict`` and ``journal check`` say what is still to fill in, while
``mkdocs serve`` previews the site anyway. The scaffold's templates take the example
texts from :data:`SCAFFOLD`, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

from .entities import Journal, Residency
from .messages import quote, say
from .problems import Problem

# The example texts of `journal init` (scaffold/site/journal/*): key -> text.
SCAFFOLD = {
    "host": "Nom de l'administration qui accueille la résidence",
    "summary": "Une ou deux phrases sur la question que la résidence se pose.",
    "example_tag": "exemple",
    "example_action": "Une première piste d'action, à reformuler",
    "example_quote": "Une phrase entendue dans la journée, mot pour mot.",
}

_RESIDENCE_WHAT = {
    "host": "l'administration qui accueille la résidence",
    "summary": "en une ou deux phrases la question que la résidence se pose",
}


def scaffold_reminders(journal: Journal, project_dir: Path | None = None) -> list[Problem]:
    """One problem per example of `journal init` still in the journal, in file order.
    With ``project_dir``, residence.yml and entry lines are found in the files' text."""
    found: list[Problem] = []
    for residency in journal.residencies:
        found.extend(_residence(residency, project_dir))
        for entry in residency.entries:
            if SCAFFOLD["example_tag"] in entry.tags:
                found.append(Problem(entry.path, _line_of(project_dir, entry.path, "tags"), "tags",
                                     say("scaffold.example_tag",
                                         value=quote(SCAFFOLD["example_tag"]))))
            for index, step in enumerate(entry.steps):
                if step.declares and step.action.title == SCAFFOLD["example_action"]:
                    found.append(Problem(entry.path, step.line, f"actions[{index}].title",
                                         say("scaffold.example_text",
                                             value=quote(step.action.title),
                                             what="le titre d'une action vraiment proposée")))
            for index, verbatim in enumerate(entry.verbatims):
                if verbatim.quote.strip() == SCAFFOLD["example_quote"]:
                    found.append(Problem(entry.path, verbatim.line, f"verbatims[{index}].quote",
                                         say("scaffold.example_text", value=quote(verbatim.quote),
                                             what="une phrase vraiment entendue")))
    return sorted(set(found))


def _residence(residency: Residency, project_dir: Path | None) -> list[Problem]:
    found = []
    for key, what in _RESIDENCE_WHAT.items():
        value = getattr(residency, key)
        if value is not None and " ".join(value.split()) == SCAFFOLD[key]:
            found.append(Problem(residency.source, _line_of(project_dir, residency.source, key),
                                 key, say("scaffold.residence", value=quote(value), what=what)))
    return found


def _line_of(project_dir: Path | None, path: str, key: str) -> int:
    """The line of the first top-level ``key:`` of a file (0 when it cannot be read)."""
    if project_dir is None:
        return 0
    pattern = re.compile(rf"{re.escape(key)}\s*:")
    try:
        with (project_dir / path).open(encoding="utf-8") as text:
            for number, line in enumerate(text, start=1):
                if pattern.match(line):
                    return number
    except (OSError, UnicodeDecodeError):
        pass
    return 0
