"""The one error type of the model: a mistake in a resident's file."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from .messages import say


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake a resident can fix: where it is and what is wrong, in their terms.

    ``path`` is relative to the project root (``journal/<residency>/...``) so the
    message can be pasted into an editor's "go to file" box.
    """

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        # The content model's form, French spacing before the colon that follows the field:
        # `journal/x/semaine-3/jour-3.md:14: actions[1].impact : « tres fort » n'est pas…`
        return f"{where}: {self.field} : {self.message}" if self.field else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "field": self.field, "message": self.message}


def noted(shown: Iterable[Problem], public: Iterable[Problem],
          draft_files: Collection[str]) -> dict[Problem, str]:
    """Every problem of a journal read with its drafts (``shown``: a preview, `journal
    check`) and without them (``public``: what `mkdocs build --strict` reads), in
    order, each with its note: none for a problem the strict build stops on; « brouillon,
    ne bloque pas la publication » for a draft's own; « causé par un brouillon, … » for
    one in a published file that only a draft brings (the draft declares first, under
    another label, an id the published entry declares too)."""
    public = set(public)
    notes: dict[Problem, str] = {}
    for problem in sorted(public.union(shown)):
        if problem in public:
            notes[problem] = ""
        elif problem.path in draft_files:
            notes[problem] = say("check.draft_only")
        else:
            notes[problem] = say("check.draft_caused")
    return notes


def field_path(loc: tuple[str | int, ...]) -> str:
    """``('actions', 1, 'impact')`` -> ``actions[2].impact``: positions are counted from 1,
    as the resident counts the items of her list (the second action is ``actions[2]``)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out
