"""Names and consent: what every declaration of one participant says, settled once.

A participant may be declared in ``residence.yml`` and again in entries (same
``id``, same ``label``); each declaration may give ``name`` and ``consent``.
The content model's rule, privacy first:

- a name is published only when every declaration that gives a name also
  gives ``consent: true``, and no declaration anywhere says ``consent: false``
  (a withdrawal wins, wherever it is written, drafts included);
- two declarations that disagree on ``name`` or ``consent`` get one message
  naming both places; when the names disagree, none is published;
- ids and labels are public (page addresses, file names, open data cells): a
  participant without consent whose id or label holds their name gets a
  message proposing an id after the role.

Names are compared as the resident reads them: Unicode NFC, spaces collapsed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .messages import quote, say
from .problems import Problem, field_path
from .slugs import slugify


@dataclass(frozen=True)
class Declaration:
    """One place where a participant is declared, with what it says of the person."""

    path: str
    line: int
    loc: tuple  # the declaration's location in its file: ("participants", 2)
    name: str | None  # as written (None: not given)
    consent: bool | None  # None: not given
    shown: bool = True  # are this file's problems reported (a draft's only in previews)
    lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)  # key -> line

    def where(self, key: str) -> str:
        """``path:line`` of ``key`` in this declaration (else of the declaration)."""
        line = self.lines.get(key, self.lines.get("name", self.line) if key == "consent" else self.line)
        return f"{self.path}:{line}"

    @property
    def given_consent(self) -> bool | None:
        """What this declaration says of consent: explicit, else a name given without
        consent is a refusal (consent defaults to false), else nothing."""
        if self.consent is not None:
            return self.consent
        return False if self.name else None


@dataclass
class Settled:
    """The outcome for one participant: the name this build may keep and its consent."""

    name: str | None
    consent: bool
    problems: list[Problem] = field(default_factory=list)


def normal_name(name: str | None) -> str | None:
    if name is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", str(name)).split())
    return text or None


def settle(ident: str, declarations: list[Declaration], *, private_names: bool,
           withdrawn: bool = False) -> Settled:
    """Name and consent of participant ``ident`` from all its declarations, in the order
    they were read (residence.yml first, then entries in journal order). ``withdrawn``:
    a refusal was written somewhere that gives no declaration (a draft, an entry not
    published, beside a ``ref:``), which wins all the same."""
    problems: list[Problem] = []
    named = [d for d in declarations if normal_name(d.name)]
    names: list[str] = []
    for d in named:
        name = normal_name(d.name)
        if name not in names:
            names.append(name)  # type: ignore[arg-type]
    saying = [d for d in declarations if d.given_consent is not None]
    withdrawn = withdrawn or any(d.consent is False for d in declarations)
    consent = bool(named) and not withdrawn and all(d.consent is True for d in named)

    if len(names) > 1:
        first = named[0]
        other = next(d for d in named if normal_name(d.name) != normal_name(first.name))
        problems.append(_conflict(other, "participant.name_conflict", ident=quote(ident),
                                  name=quote(normal_name(other.name)),
                                  other_name=quote(normal_name(first.name)),
                                  here=other.where("name"), there=first.where("name")))
        consent = False
    elif len({d.given_consent for d in saying}) > 1:
        yes = next(d for d in saying if d.given_consent)
        no = next(d for d in saying if d.given_consent is False)
        later = no if declarations.index(no) > declarations.index(yes) else yes
        problems.append(_conflict(later, "participant.consent_conflict", ident=quote(ident),
                                  yes=yes.where("consent"), no=no.where("consent")))
    if consent:
        return Settled(names[0], True, problems)
    return Settled(names[0] if names and private_names else None, False, problems)


def _conflict(at: Declaration, key: str, **values: object) -> Problem:
    what = "consent" if key == "participant.consent_conflict" else "name"
    if what not in at.lines and "name" in at.lines:
        what = "name"
    return Problem(at.path, at.lines.get(what, at.line), field_path((*at.loc, what)),
                   say(key, **values))


# Particles that are words of many names and of many roles alike.
_PARTICLES = frozenset({"des", "les", "del", "della", "van", "von", "der", "den", "dos", "das",
                        "aux", "ben", "bin"})


def name_words(name: str) -> set[str]:
    """The words of a name a reader could recognise alone: folded, three letters or more."""
    return {w for w in slugify(name).split("-") if len(w) >= 3 and w not in _PARTICLES}


def holds_name(text: str, name: str) -> bool:
    """Does ``text`` (an id or a label) hold ``name``: its slug, or one of its words?"""
    folded = slugify(text)
    full = slugify(name)
    if full and full in folded:
        return True
    return bool(name_words(name) & set(folded.split("-")))


def role_id(name: str, *texts: str | None, taken: frozenset[str] = frozenset()) -> str:
    """An id after the role (the first text that still says something once the
    name's words are gone), never holding the name nor one of the ``taken`` ids."""
    words = name_words(name) | set(slugify(name).split("-"))
    base = "participant-role"
    for text in texts:
        if not text:
            continue
        kept = [w for w in slugify(text).split("-") if w and w not in words]
        candidate = "-".join(kept)[:40].strip("-")
        if len(candidate) >= 3:
            base = candidate
            break
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def name_in_public(ident: str, label: str, role: str | None, group: str | None,
                   names: list[str], at: Declaration,
                   taken: frozenset[str] = frozenset()) -> Problem | None:
    """The message for a participant without consent whose id or label holds a name."""
    for name in names:
        for what, text, key in (("id", ident, "participant.name_in_id"),
                                ("label", label, "participant.name_in_label")):
            if text and holds_name(text, name):
                return Problem(at.path, at.lines.get(what, at.line), field_path((*at.loc, what)),
                               say(key, value=quote(text), name=quote(name),
                                   example=quote(role_id(name, role, label, group, taken=taken))))
    return None
