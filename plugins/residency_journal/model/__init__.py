"""The journal model, in plain Python: read -> validate -> resolve -> derive.

Nothing here imports MkDocs, so the CLI, the tests and any future engine share it.
"""

from .entities import (
    Action,
    ActionStep,
    Entry,
    Journal,
    Participant,
    Presence,
    Residency,
    Verbatim,
    Visit,
    Week,
)
from .problems import Problem
from .resolve import Options, load_journal
from .vocabulary import DEFAULT_VERDICTS, Vocabulary

__all__ = [
    "DEFAULT_VERDICTS", "Action", "ActionStep", "Entry", "Journal", "Options", "Participant",
    "Presence", "Problem", "Residency", "Verbatim", "Visit", "Vocabulary", "Week", "load_journal",
]
