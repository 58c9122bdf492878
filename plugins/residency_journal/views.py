"""Presentation helpers for the templates: labels, sentences, figures, the matrix.

Plain Python, so templates stay declarative (HTML only) and the layout of the
impact x difficulty matrix can be unit-tested.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .model import Action, ActionStep, Residency, Vocabulary
from .model.vocabulary import DIFFICULTY_LABELS, IMPACT_LABELS


@dataclass
class Mark:
    action: Action
    number: int
    x: float
    y: float


@dataclass
class Matrix:
    """An impact (rows, fort on top) x difficulty (columns, faible on the left) grid."""

    cell_width: int
    cell_height: int
    left: int
    top: int
    marks: list[Mark] = field(default_factory=list)
    unplaced: list[tuple[int, Action]] = field(default_factory=list)
    radius: int = 13

    @property
    def width(self) -> int:
        return self.left + 3 * self.cell_width + 10

    @property
    def height(self) -> int:
        return self.top + 3 * self.cell_height + 50

    @property
    def rows(self) -> list[tuple[int, str, int]]:
        """(impact level, label, y of the row's top), fort first."""
        return [(level, IMPACT_LABELS[level], self.top + (3 - level) * self.cell_height)
                for level in (3, 2, 1)]

    @property
    def columns(self) -> list[tuple[int, str, int]]:
        return [(level, DIFFICULTY_LABELS[level], self.left + (level - 1) * self.cell_width)
                for level in (1, 2, 3)]


SPACING = 32  # centre to centre: 2 radii plus a gap, so marks never touch


def matrix_layout(actions: list[Action]) -> Matrix:
    numbered = list(enumerate(actions, start=1))
    cells: dict[tuple[int, int], list[tuple[int, Action]]] = {}
    unplaced = []
    for number, action in numbered:
        if action.impact and action.difficulty:
            cells.setdefault((action.impact, action.difficulty), []).append((number, action))
        else:
            unplaced.append((number, action))
    cell_width = 180
    per_row = (cell_width - 16) // SPACING
    fullest = max((len(v) for v in cells.values()), default=0)
    cell_height = max(120, math.ceil(fullest / per_row) * SPACING + 16)
    grid = Matrix(cell_width, cell_height, left=90, top=10, unplaced=unplaced)
    for (impact, difficulty), members in sorted(cells.items()):
        x0 = grid.left + (difficulty - 1) * cell_width + 8 + SPACING / 2
        y0 = grid.top + (3 - impact) * cell_height + 8 + SPACING / 2
        for k, (number, action) in enumerate(members):
            grid.marks.append(Mark(action, number, x0 + (k % per_row) * SPACING,
                                   y0 + (k // per_row) * SPACING))
    return grid


class View:
    """What templates call to present the model."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self._verdict_index = {key: i for i, key in enumerate(vocabulary.verdicts)}

    def verdict_label(self, key: str) -> str:
        return self.vocabulary.verdict_label(key)

    @property
    def verdict_keys(self) -> list[str]:
        return list(self.vocabulary.verdicts)

    def verdict_class(self, key: str) -> str:
        """A colour class per verdict, stable for the seven standard ones."""
        return f"journal-verdict--{self._verdict_index.get(key, 0) % 8}"

    def step_sentence(self, step: ActionStep) -> str:
        """What a day said, as a clause: 'jugée non vérifiable ; impact fort'."""
        parts = []
        if step.declares:
            parts.append("proposée" if step.verdict in (None, "proposee") else "déclarée")
        if step.verdict and not (step.declares and step.verdict == "proposee"):
            label = self.verdict_label(step.verdict)
            parts.append(label[0].lower() + label[1:])
        if step.impact:
            parts.append(f"impact {IMPACT_LABELS[step.impact]}")
        if step.difficulty:
            parts.append(f"difficulté {DIFFICULTY_LABELS[step.difficulty]}")
        if step.scope:
            parts.append(f"portée {step.scope}")
        return " ; ".join(parts) or "évoquée"

    def matrix(self, residency: Residency) -> Matrix:
        return matrix_layout(list(residency.actions.values()))

    def figures(self, residency: Residency) -> dict[str, int]:
        return {
            "days": len(residency.entries),
            "actions": len(residency.actions),
            "visits": len(residency.visits),
            "participants": len(residency.participants),
            "verbatims": len(residency.verbatims),
        }

    def actions_by_verdict(self, residency: Residency) -> list[tuple[str, list[Action]]]:
        return residency.actions_by_verdict(self.verdict_keys)

    def action_number(self, residency: Residency) -> dict[str, int]:
        return {a.id: i for i, a in enumerate(residency.actions.values(), start=1)}
