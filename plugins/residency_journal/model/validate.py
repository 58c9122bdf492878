"""Checking one YAML document against a schema model, keeping what is good.

Every mistake pydantic finds is reported (one problem each, at the line of the
offending value). Then the smallest part that holds the mistake is set aside, so
the rest of the file is still published: an unknown or wrong optional key is
dropped, a list item missing a required key is dropped, and only a mistake in a
required top-level key (such as ``date``) loses the whole file.

One mistake, one message: an unknown key close to a known one that the file does
not give (``partcipants:``) is reported once and then read as the key it was
meant to be, so the participants it declares are not lost and nobody is told
about them again in other lines or files; a value the reader already reported
(an alias, a part nested too deep) is set aside without a second message.
"""

from __future__ import annotations

import copy
import difflib
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .messages import found_instead, quote, say
from .problems import Problem, field_path
from .yamlsource import Loc, YamlDoc

M = TypeVar("M", bound=BaseModel)

# An item whose `id` or `ref` cannot be read has no identity left: set the whole
# item aside rather than keep a nameless one that would raise a second problem.
_IDENTITY = {"id", "ref"}


@dataclass
class Validated(Generic[M]):
    """A validated model plus the way back from its list indices to the file's."""

    value: M | None
    doc: YamlDoc
    problems: list[Problem] = field(default_factory=list)
    # For each list (by its location in the file), the original indices it kept.
    kept: dict[Loc, list[int]] = field(default_factory=dict)

    def source_loc(self, loc: Loc) -> Loc:
        """Translate a location in the validated value to the location in the file."""
        out: list[str | int] = []
        for part in loc:
            if isinstance(part, int):
                kept = self.kept.get(tuple(out))
                out.append(kept[part] if kept is not None else part)
            else:
                out.append(part)
        return tuple(out)

    def line(self, loc: Loc) -> int:
        return self.doc.line(self.source_loc(loc))

    def where(self, loc: Loc, line_of: Loc | None = None) -> tuple[str, int, Loc]:
        """Path, line and field of ``loc`` (a location in the validated value) as the
        resident sees them; ``line_of`` points the line at another location."""
        return self.doc.path, self.line(loc if line_of is None else line_of), self.source_loc(loc)


def validate(model: type[M], doc: YamlDoc, context: dict[str, Any] | None = None,
             fill: dict[str, Any] | None = None) -> Validated[M]:
    """Validate ``doc`` against ``model``; ``fill`` gives stand-ins for required
    top-level keys (a residency without a readable title keeps its folder name
    rather than losing its team and participants)."""
    result: Validated[M] = Validated(value=None, doc=doc, problems=list(doc.problems))
    try:
        _validate(model, doc, result, context, fill)
    except Exception:  # noqa: BLE001 - validation is total: a message, never a crash
        result.value = None
        result.problems.append(Problem(doc.path, doc.first_line, "", say("read.unexpected")))
    return result


def _validate(model: type[M], doc: YamlDoc, result: Validated[M], context: dict[str, Any] | None,
              fill: dict[str, Any] | None) -> None:
    data = doc.data
    if data is None:  # unreadable YAML, already reported
        return
    if not isinstance(data, dict):
        example = next(iter(model.model_fields))
        result.problems.append(Problem(doc.path, doc.first_line, "", say(
            "read.not_keys", example=f"{example}: …", found=found_instead(data))))
        return
    data, renamed = _read_typos_as_meant(model, data)
    for meant, written in sorted(renamed.items(), key=lambda item: doc.line(item[1])):
        result.problems.append(Problem(doc.path, doc.line(written), field_path(written),
                                       say("key.unknown_guess", guess=quote(meant[-1]))))
    try:
        result.value = model.model_validate(data, context=context)
        return
    except ValidationError as exc:
        errors = exc.errors(include_url=False)

    removals: set[Loc] = set()
    filled: dict[str, Any] = {}
    whole_file_lost = False
    for error in errors:
        loc = tuple(error["loc"])
        written = _file_loc(loc, renamed)
        if _tell(error, written, doc):
            result.problems.append(Problem(doc.path, doc.line(written), field_path(written),
                                           _message(model, loc, error)))
        point = _removal_point(model, loc)
        if point is None and fill and len(loc) == 1 and loc[0] in fill:
            filled[str(loc[0])] = fill[loc[0]]
        elif point is None:
            whole_file_lost = True
        else:
            removals.add(point)
    if whole_file_lost:
        return

    repaired = copy.deepcopy(data)
    repaired.update(filled)
    # Deepest and last first, so that removing one item never shifts another.
    for loc in sorted(removals, key=lambda loc: (len(loc), loc[-1] if loc else 0), reverse=True):
        _remove(repaired, loc, result.kept)
    try:
        result.value = model.model_validate(repaired, context=context)
    except ValidationError:  # pragma: no cover - a repair should always validate
        result.value = None


def _read_typos_as_meant(model: type[BaseModel], data: dict[str, Any]
                         ) -> tuple[dict[str, Any], dict[Loc, Loc]]:
    """Rename unknown keys that are close to a known key the same mapping lacks.

    Returns the renamed data (a copy when anything changed) and, for each renamed
    key, its location as read -> its location in the file. The typo is still
    reported, once; what it holds is no longer lost. Only the file's top-level and
    list-item mappings are walked (where the keys of the content model are).
    """
    renamed: dict[Loc, Loc] = {}
    if not _has_typo(model, data, ()):
        return data, renamed
    data = copy.deepcopy(data)
    pending: list[tuple[Any, Loc]] = [(data, ())]
    while pending:
        mapping, loc = pending.pop()
        known = _known_keys(model, loc)
        if not known:
            continue
        for key in list(mapping):
            if key in known:
                continue
            guess = _guess(model, (*loc, key))
            if guess and guess not in mapping:
                mapping[guess] = mapping.pop(key)
                renamed[(*loc, guess)] = (*loc, key)
        for key, value in mapping.items():
            items = value if isinstance(value, list) else []
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    pending.append((item, (*loc, key, i)))
    return data, renamed


def _has_typo(model: type[BaseModel], mapping: Any, loc: Loc) -> bool:
    known = _known_keys(model, loc)
    if not known or not isinstance(mapping, dict):
        return False
    if any(key not in known for key in mapping):
        return True
    return any(_has_typo(model, item, (*loc, key, i))
               for key, value in mapping.items() if isinstance(value, list)
               for i, item in enumerate(value))


def _file_loc(loc: Loc, renamed: dict[Loc, Loc]) -> Loc:
    """The location as the file writes it (before a typo was read as meant)."""
    for k in range(len(loc), 0, -1):
        if loc[:k] in renamed:
            return (*renamed[loc[:k]], *loc[k:])
    return loc


def _tell(error: Any, loc: Loc, doc: YamlDoc) -> bool:
    """Whether this error is a mistake of its own (not one already told)."""
    if any(loc[:k] in doc.reported for k in range(len(loc) + 1)):
        return False  # the reader said what is wrong with this value
    # A required key missing from a file read around a broken line is probably on
    # that line, which was reported.
    return not (error["type"] == "missing" and doc.salvaged)


def _remove(data: Any, loc: Loc, kept: dict[Loc, list[int]]) -> None:
    # Removals run deepest first and, within a list, last first, so the file's
    # indices are still the right ones to walk down with.
    *parent_loc, last = loc
    parent = data
    for part in parent_loc:
        parent = parent[part]
    if isinstance(last, int):
        indices = kept.setdefault(tuple(parent_loc), list(range(len(parent))))
        position = indices.index(last)
        del parent[position]
        del indices[position]
    elif isinstance(parent, dict):
        parent.pop(last, None)


def _unwrap(annotation: Any) -> Any:
    """The model or list type behind Optional/Annotated wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _walk(model: type[BaseModel], loc: Loc):
    """Yield, for each step of ``loc``: (prefix, is_list_item, is_required_field, known_field)."""
    current: Any = model
    for k, part in enumerate(loc):
        prefix = loc[: k + 1]
        if isinstance(part, int):
            yield prefix, True, False, True
            args = typing.get_args(current)
            current = _unwrap(args[0]) if args else Any
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None:  # inside a free mapping such as `extra`
            return
        info = fields.get(part)
        if info is None:
            yield prefix, False, False, False
            return
        yield prefix, False, info.is_required() or part in _IDENTITY, True
        current = _unwrap(info.annotation)


def _removal_point(model: type[BaseModel], loc: Loc) -> Loc | None:
    """The smallest part of the document to set aside for a mistake at ``loc``.

    None means the whole document is unusable.
    """
    steps = list(_walk(model, loc))
    if not steps:
        return None
    point: Loc | None = None
    enclosing_item: Loc | None = None  # innermost list item above the current step
    for prefix, is_item, required, known in steps:
        if is_item:
            enclosing_item = prefix
            point = prefix
        elif not known:
            return prefix  # an unknown key: drop just that key
        elif required:
            point = enclosing_item  # losing a required key loses its whole object
        else:
            point = prefix
    if steps[-1][0] != loc and point is None:
        return enclosing_item
    return point


def _message(model: type[BaseModel], loc: Loc, error: dict[str, Any]) -> str:
    """The resident's message for one pydantic error at ``loc`` (in the model's keys)."""
    kind = error["type"]
    if kind == "journal":
        return str(error["msg"])
    if kind == "missing":
        return say("key.required", name=loc[-1])
    if kind == "extra_forbidden":
        guess = _guess(model, loc)
        if guess:
            return say("key.unknown_guess", guess=quote(guess))
        return say("key.unknown", known=", ".join(_known_keys(model, loc[:-1])))
    found = found_instead(error.get("input"))
    if kind == "list_type":
        return say("value.not_list", found=found)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return say("value.not_keys", example=(_known_keys(model, loc) or ["nom"])[0], found=found)
    if kind in ("string_type",):
        return say("value.not_text", found=found)
    return say("value.rejected", value=found)




def _guess(model: type[BaseModel], loc: Loc) -> str | None:
    """The known key closest to the unknown key at ``loc``, if one is close."""
    close = difflib.get_close_matches(str(loc[-1]), _known_keys(model, loc[:-1]), n=1, cutoff=0.6)
    return close[0] if close else None


def _known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            args = typing.get_args(current)
            current = _unwrap(args[0]) if args else None
        else:
            fields = getattr(current, "model_fields", {})
            current = _unwrap(fields[part].annotation) if part in fields else None
    return list(getattr(current, "model_fields", {}))
