"""What residents may write: the frontmatter of an entry and ``residence.yml``.

These pydantic models are the single source of truth for the keys, their
types and their closed vocabularies: the validator and the published JSON
Schema both come from them. They check one file at a time (types, required
keys, unknown keys); rules that need several files (refs, duplicates, the
week a date falls in) belong to :mod:`.resolve`.

Scalars arrive as the text the resident wrote (see :mod:`.yamlsource`), so
each custom type below converts text and says what is wrong in plain words.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from babel.dates import get_month_names
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .messages import found_instead, quote, say
from .slugs import is_slug, slugify
from .vocabulary import (
    DEFAULT_STATUSES,
    DEFAULT_VERDICTS,
    DIFFICULTY_WORDS,
    IMPACT_WORDS,
    LEVEL_ALIASES,
    SCOPES,
)


def _fail(key: str, **values: object) -> PydanticCustomError:
    # The message is the catalogue's; `journal` tells validate.py to print it as is.
    return PydanticCustomError("journal", "{message}", {"message": say(key, **values)})


def _text(value: Any) -> str:
    """The text written, in Unicode NFC: a name typed on a Mac (NFD) and the same name
    typed elsewhere are one value (one tag, one name)."""
    if isinstance(value, (list, dict)):
        raise _fail("value.not_text", found=found_instead(value))
    text = str(value).strip()
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# An id becomes a folder name in the built site (participants/<id>/index.html):
# file systems refuse names over 255 bytes, and a reader must be able to type it.
MAX_ID_LENGTH = 100


def _slug(value: Any) -> str:
    text = _text(value)
    if len(text) > MAX_ID_LENGTH:
        example = slugify(text)[:40].rstrip("-") or "daj-commande-publique"
        raise _fail("value.id_too_long", length=len(text), limit=MAX_ID_LENGTH,
                    example=quote(example))
    if not is_slug(text):
        example = slugify(text) or "daj-commande-publique"
        raise _fail("value.not_id", value=quote(text), example=example)
    return text


_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# 13/02/2013, 13.02.2013, 13-02-2013: the day first, as French speakers write it.
_FRENCH_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    match = _DATE_RE.match(text)
    if not match:
        raise _fail("value.not_date", value=quote(text), example=_date_example(text))
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise _fail("value.impossible_date", value=quote(text)) from None


_ISO_SHORT_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
# "4 mai 2026", "lundi 4 mai 2026", "1er juin 2026"
_WORDS_DATE_RE = re.compile(r"^(?:[a-zé]+\s+)?(\d{1,2})(?:er)?\s+([a-zéû]+)\s+(\d{4})$")
# "fevrier": 2, "aout": 8 (month names as slugs: accents and case do not matter)
_MONTHS = {slugify(name): number
           for number, name in get_month_names("wide", locale="fr_FR").items()}


def meant_date(text: str) -> dt.date | None:
    """The date a resident wrote the French way (05/05/2026, 4 mai 2026, 2026-5-4), if any."""
    text = text.strip().lower()
    parts: tuple[int, int, int] | None = None
    if match := _FRENCH_DATE_RE.match(text):
        day, month, year = (int(part) for part in match.groups())
        parts = (year, month, day)
    elif match := _ISO_SHORT_RE.match(text):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif match := _WORDS_DATE_RE.match(text):
        month_name = slugify(match[2])
        if month_name in _MONTHS:
            parts = (int(match[3]), _MONTHS[month_name], int(match[1]))
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def _date_example(text: str) -> str:
    """The date the resident probably meant, written AAAA-MM-JJ; else a sample one."""
    meant = meant_date(text)
    return meant.isoformat() if meant else "2013-02-13"


def _positive_int(value: Any) -> int:
    if isinstance(value, (bool, list, dict)):
        raise _fail("value.not_whole_number", value=found_instead(value))
    if isinstance(value, int):
        number = value
    else:
        text = _text(value)
        if not (text.isascii() and text.isdigit()) or len(text) > 9:
            raise _fail("value.not_whole_number", value=quote(text))
        number = int(text, 10)  # "03" means 3, not an octal number
    if number < 1:
        raise _fail("value.below_one", value=quote(number))
    return number


def _level_of(words: tuple[str, ...]) -> Any:
    choices = ", ".join((*words, "1", "2", "3"))

    def level(value: Any) -> int:
        text = str(value) if isinstance(value, int) else _text(value).lower()
        if text not in LEVEL_ALIASES:
            raise _fail("value.not_in_list", value=quote(_text(value)), choices=choices)
        return LEVEL_ALIASES[text]

    return level


_level = _level_of(IMPACT_WORDS)
_difficulty = _level_of(DIFFICULTY_WORDS)


def _scope(value: Any) -> str:
    text = _text(value).lower()
    if text not in SCOPES:
        raise _fail("value.not_in_list", value=quote(_text(value)), choices=", ".join(SCOPES))
    return text


def _status(value: Any) -> str:
    text = _text(value)
    key = slugify(text)  # "En cours", "réalisée" and "realisee" are one status
    if key not in DEFAULT_STATUSES:
        raise _fail("value.not_in_list", value=quote(text), choices=", ".join(DEFAULT_STATUSES))
    return key


_PERCENT_RE = re.compile(r"^(\d{1,3})\s*%?$")


def _percent(value: Any) -> int:
    """0..100; "40", "40 %" and "40%" are 40."""
    if isinstance(value, (bool, list, dict)):
        raise _fail("value.not_percent", value=found_instead(value))
    match = _PERCENT_RE.match(str(value).strip().replace("\u00a0", " ").replace("\u202f", " "))
    if not match or int(match.group(1)) > 100:
        raise _fail("value.not_percent", value=quote(_text(value)))
    return int(match.group(1))


_TRUE = {"true", "yes", "on", "oui", "vrai"}
TRUE_WORDS = frozenset(_TRUE)  # also read by reading.py, for drafts whose frontmatter is broken
_FALSE = {"false", "no", "off", "non", "faux"}


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _fail("value.not_yes_no", value=quote(_text(value)))


def _text_list(value: Any) -> list[str]:
    # "tags: commande publique" is read as a one-item list, as a resident means it.
    if isinstance(value, str):
        return [value]
    return value


def _tag(value: Any) -> str:
    text = _text(value)
    if not text:
        raise _fail("value.empty_tag")
    return text


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _anchor(value: Any) -> str:
    text = _text(value).lstrip("#")
    if not re.match(r"^[\w-]+$", text):
        raise _fail("value.not_anchor", value=quote(text))
    return text


_LEVEL_SCHEMA = {"enum": ["faible", "moyen", "moyenne", "fort", "forte", 1, 2, 3, "1", "2", "3"]}

# YAML editors type `title: 2013` as a number and `title: no` as a boolean; the
# model reads both as the text written, so the schema accepts them too.
Text = Annotated[str, BeforeValidator(_text),
                 WithJsonSchema({"type": ["string", "number", "boolean"]})]
Slug = Annotated[
    str, BeforeValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}),
]
IsoDate = Annotated[
    dt.date, BeforeValidator(_date),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}),
]
Count = Annotated[
    int, BeforeValidator(_positive_int),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1},
                              {"type": "string", "pattern": r"^0*[1-9]\d*$"}]}),
]
Impact = Annotated[int, BeforeValidator(_level), WithJsonSchema(_LEVEL_SCHEMA)]
Difficulty = Annotated[int, BeforeValidator(_difficulty), WithJsonSchema(_LEVEL_SCHEMA)]
Scope = Annotated[str, BeforeValidator(_scope), WithJsonSchema({"enum": list(SCOPES)})]
# Sites may add verdicts in mkdocs.yml, so the key is checked against the site's
# vocabulary when resolving; the schema lists the keys every site has.
# Here a verdict is plain text: references.py tells a resident which verdicts the site has.
Verdict = Annotated[
    str, BeforeValidator(_text),
    WithJsonSchema({"type": "string", "examples": list(DEFAULT_VERDICTS),
                    "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}),
]
Status = Annotated[str, BeforeValidator(_status), WithJsonSchema({"enum": list(DEFAULT_STATUSES)})]
Percent = Annotated[
    int, BeforeValidator(_percent),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0, "maximum": 100},
                              {"type": "string", "pattern": r"^\s*(100|[1-9]?\d)\s*%?\s*$"}]}),
]
Boolean = Annotated[
    bool, BeforeValidator(_boolean),
    WithJsonSchema({"anyOf": [{"type": "boolean"},
                              {"enum": sorted(_TRUE | _FALSE)}]}),
]
TextList = Annotated[
    list[Text], BeforeValidator(_text_list),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]
# Tags: one tag per text (after NFC), none empty.
Tags = Annotated[
    list[Annotated[str, BeforeValidator(_tag)]], BeforeValidator(_text_list), AfterValidator(_unique),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]
Anchor = Annotated[str, BeforeValidator(_anchor),
                   WithJsonSchema({"type": "string", "pattern": r"^#?[\w-]+$"})]


class _Strict(BaseModel):
    # Unknown keys are mistakes (usually typos): report them instead of dropping them.
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- a day entry -----------------------------------------------------------------


class ParticipantMention(_Strict):
    """Someone present this day: ``ref`` to a known participant, or ``id`` to declare one."""

    id: Slug | None = Field(None, description="Declares a participant (first mention).")
    ref: Slug | None = Field(None, description="A participant declared elsewhere, or a team member.")
    label: Text | None = Field(None, description="Who this is, as readers should see it.")
    group: Text | None = Field(None, description="Free grouping: élus, agents, prestataires…")
    count: Count | None = Field(None, description="How many people this participant stands for.")
    role: Text | None = Field(None, description="Role of the person or group.")
    name: Text | None = Field(None, description="The person's name: published only with consent.")
    consent: Boolean | None = Field(None, description="true: the name may be published (default false).")


class ActionMention(_Strict):
    """An action proposed, discussed or assessed this day."""

    id: Slug | None = Field(None, description="Declares an action (first mention; title required).")
    ref: Slug | None = Field(None, description="An action declared on another day.")
    title: Text | None = None
    scope: Scope | None = Field(None, description="interne (inside the host) or externe.")
    impact: Impact | None = Field(None, description="faible | moyen | fort, or 1 | 2 | 3.")
    difficulty: Difficulty | None = Field(None, description="faible | moyenne | forte, or 1 | 2 | 3.")
    verdict: Verdict | None = Field(None, description="The action's fate as judged this day.")
    status: Status | None = Field(None, description="Implementation: a-lancer | en-cours | realisee "
                                  "| suspendue | abandonnee.")
    progress: Percent | None = Field(None, description="Implementation progress, in percent (0..100).")
    tags: Tags = Field(default_factory=list, description="Tags of the action (union of mentions).")
    note: Text | None = None


class VisitDecl(_Strict):
    """A study visit ("micro-voyage d'étude") made this day."""

    id: Slug
    title: Text
    place: Text | None = None
    hosts: TextList = Field(default_factory=list, description="Who received the visit.")
    participants: list[Slug] = Field(default_factory=list, description="Participant ids.")
    section: Anchor | None = Field(None, description="Heading anchor of this entry's body.")
    summary: Text | None = None


class VerbatimDecl(_Strict):
    """A quote heard this day."""

    quote: Text
    by: Text | None = Field(None, description="A participant id, or free text (\"un agent\").")
    visit: Slug | None = Field(None, description="A visit of this entry.")
    action: Slug | None = Field(None, description="An action of the residency.")


class EntryFrontmatter(_Strict):
    """The frontmatter of one day entry."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, title="Entrée du journal de résidence",
    )

    date: IsoDate
    week: Count | None = Field(None, description="Immersion week; else from the path or residence.yml.")
    day: Count | None = Field(None, description="Day of the immersion week (Jour 3 = third day).")
    title: Text | None = None
    authors: list[Slug] = Field(default_factory=list, description="Ids from the residency team.")
    summary: Text | None = None
    tags: Tags = Field(default_factory=list)
    draft: Boolean = Field(False, description="Drafts show in mkdocs serve, never in mkdocs build.")
    follow_up: Boolean = Field(False, description="A follow-up note, written after the immersion "
                               "weeks: no week, no day.")
    participants: list[ParticipantMention] = Field(default_factory=list)
    actions: list[ActionMention] = Field(default_factory=list)
    visits: list[VisitDecl] = Field(default_factory=list)
    verbatims: list[VerbatimDecl] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict, description="Free keys for the site's templates.")


# --- residence.yml -----------------------------------------------------------------


class WeekDecl(_Strict):
    start: IsoDate
    end: IsoDate | None = None


class TeamMember(_Strict):
    id: Slug
    name: Text
    role: Text | None = None
    group: Text | None = None


class ParticipantDecl(_Strict):
    id: Slug
    label: Text
    group: Text | None = None
    count: Count | None = None
    role: Text | None = None
    name: Text | None = Field(None, description="The person's name: published only with consent.")
    consent: Boolean = Field(False, description="true: the name may be published.")


class ResidenceFile(_Strict):
    """``residence.yml``: the residency itself."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Résidence (residence.yml)")

    title: Text
    slug: Slug | None = Field(None, description="Default: the folder name, as a slug.")
    host: Text | None = Field(None, description="The public body hosting the residency.")
    place: Text | None = None
    weeks: list[WeekDecl] = Field(default_factory=list)
    summary: Text | None = None
    team: list[TeamMember] = Field(default_factory=list)
    participants: list[ParticipantDecl] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)
