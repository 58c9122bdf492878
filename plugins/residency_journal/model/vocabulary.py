"""The closed vocabularies of the content model: verdicts, statuses, impact, difficulty, scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Verdict keys every site understands, with the label shown to readers.
DEFAULT_VERDICTS: dict[str, str] = {
    "proposee": "Proposée",
    "a-approfondir": "À approfondir",
    "retenue": "Retenue",
    "anecdotique": "Jugée anecdotique",
    "irrealisable": "Jugée irréalisable",
    "non-verifiable": "Jugée non vérifiable",
    "abandonnee": "Abandonnée",
}
DEFAULT_VERDICT = "proposee"

# Levels are stored as 1..3; residents may write the word or the number.
IMPACT_WORDS = ("faible", "moyen", "fort")
DIFFICULTY_WORDS = ("faible", "moyenne", "forte")
IMPACT_LABELS = {1: "faible", 2: "moyen", 3: "fort"}
DIFFICULTY_LABELS = {1: "faible", 2: "moyenne", 3: "forte"}
# Residents write "difficulté moyenne" but also "moyen"; both genders are accepted
# for both scales so nobody is told off for grammar.
LEVEL_ALIASES = {
    "faible": 1, "moyen": 2, "moyenne": 2, "fort": 3, "forte": 3, "1": 1, "2": 2, "3": 3,
}
SCOPES = {"interne": "Interne", "externe": "Externe"}

# Implementation status of an action (what became of it after the residency).
# The keys are closed (they carry meaning: `realisee` counts as 100 %); sites may
# rename the labels in mkdocs.yml (`statuses: {realisee: Terminée}`).
DEFAULT_STATUSES: dict[str, str] = {
    "a-lancer": "À lancer",
    "en-cours": "En cours",
    "realisee": "Réalisée",
    "suspendue": "Suspendue",
    "abandonnee": "Abandonnée",
}
DONE_STATUS = "realisee"
# Out of a residency's overall progress: an abandoned action will never move.
DROPPED_STATUSES = frozenset({"abandonnee"})
# The verdict that makes an action one of the residency's retained actions.
RETAINED_VERDICT = "retenue"


@dataclass(frozen=True)
class Vocabulary:
    """Verdict keys and labels for one site (the defaults, plus mkdocs.yml's changes)."""

    verdicts: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_VERDICTS))
    statuses: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_STATUSES))

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, str] | None,
                       statuses: Mapping[str, str] | None = None) -> Vocabulary:
        """Verdicts may be renamed or added; statuses only renamed (their keys are closed)."""
        merged = dict(DEFAULT_VERDICTS)
        merged.update(overrides or {})
        labels = dict(DEFAULT_STATUSES)
        labels.update({k: v for k, v in (statuses or {}).items() if k in DEFAULT_STATUSES})
        return cls(verdicts=merged, statuses=labels)

    def verdict_label(self, key: str) -> str:
        return self.verdicts.get(key, key)

    def status_label(self, key: str | None) -> str | None:
        return self.statuses.get(key, key) if key else None
