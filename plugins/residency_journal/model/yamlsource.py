"""Reading YAML the way a resident means it, with the line of every value.

PyYAML's usual loaders guess types: ``no`` becomes False, ``14:30`` becomes 870,
``0123`` becomes 83, a date becomes a ``datetime.date``, and a key given twice
silently keeps its last value. Here every scalar stays the text that was
written (only an empty value, ``~`` or ``null`` become None), the model's
validators convert it, and a repeated key is reported.

Reading is bounded and total: whatever the text, :func:`parse_yaml` returns
problems, never raises, never recurses and never grows without bound. The data
is built from the C parser's event stream with an explicit stack (no recursion,
so 10,000 nested lists are one message, not a ``RecursionError``); anchors and
aliases (``&a``, ``*a``) are refused, never expanded, so a 400-byte "alias bomb"
stays 400 bytes; nesting deeper than :data:`MAX_DEPTH` is set aside; invisible
control characters are removed from values and reported.

Syntax errors are told in the residents' words at the line they must fix (the
line where a quote or a bracket *opens*, not where the parser gives up), and
only the first one is reported: what follows a broken line is usually a
consequence of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)

try:  # The C parser is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .messages import quote, say
from .problems import Problem, field_path

Loc = tuple[str | int, ...]
_NULLS = {"", "~", "null", "Null", "NULL"}

# Far above what the content model needs (an action's field is 3 levels deep);
# `extra:` is free, but nobody writes 20 levels by hand.
MAX_DEPTH = 20
# Characters of YAML read at most; a file's own size is bounded in reading.py.
MAX_CHARS = 2_000_000
# How many broken lines are blanked out to read the rest of a file (see salvage).
_MAX_REPAIRS = 20

# Invisible characters that have no place in a resident's text: C0 controls but
# tab and newline, DEL, C1 controls, lone surrogates (from "\ud800" escapes, they
# cannot even be written as UTF-8) and Unicode non-characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\u2028\u2029\U0001fffe\U0001ffff\U0010fffe\U0010ffff]"
)
# YAML reads these as line breaks, editors often do not: lines would not match.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


@dataclass
class YamlDoc:
    """Plain data (dicts, lists, strings, None) plus the file line of every value."""

    data: Any
    path: str
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    first_line: int = 1
    # Locations already reported by the reader (an alias, a part nested too deep):
    # validation sets them aside without a second message.
    reported: set[Loc] = field(default_factory=set)
    # True when a syntax error was reported and the data was read around it.
    salvaged: bool = False

    def line(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), self.first_line)


def parse_yaml(text: str, path: str, *, line_offset: int = 0, salvage: bool = False) -> YamlDoc:
    """Parse ``text``; ``line_offset`` is the number of file lines before it.

    A syntax error yields one problem at the line to fix, and a document whose
    data is None; with ``salvage``, the broken lines are left out and the rest is
    read (``residence.yml`` keeps its team when one line is broken, so entries
    naming it do not get a message each).
    """
    doc = YamlDoc(data=None, path=path, first_line=line_offset + 1)
    try:
        _parse(text, doc, line_offset, salvage)
    except Exception:  # noqa: BLE001 - reading is total: any failure is a message, never a crash
        doc.data = None
        doc.problems.append(Problem(path, line_offset + 1, "", say("read.unexpected")))
    return doc


def _parse(text: str, doc: YamlDoc, offset: int, salvage: bool) -> None:
    if len(text) > MAX_CHARS:
        doc.problems.append(Problem(doc.path, offset + 1, "", say(
            "read.too_big", size=megabytes(len(text)), limit=megabytes(MAX_CHARS))))
        return
    text = _strip_raw_invisible(text, doc, offset)
    lines = text.split("\n")
    first_error: Problem | None = None
    for _attempt in range(_MAX_REPAIRS + 1):
        builder = _Builder(doc.path, offset, last_line=offset + len(lines))
        try:
            for event in yaml.parse("\n".join(lines), Loader=_Loader):
                builder.feed(event)
        except yaml.YAMLError as exc:
            broken = _syntax_problem(exc, lines, doc.path, offset)
            first_error = first_error or broken
            index = broken.line - offset - 1
            if not salvage or not lines[index]:
                break
            # Leave the broken line out and read the rest, quietly: what follows a
            # broken line is too often a consequence of it to be told apart.
            lines[index] = ""
            continue
        if first_error is None or salvage:
            doc.data = {} if builder.root is None else builder.root
            doc.lines.update(builder.lines)
            doc.problems.extend(builder.problems)
            doc.reported |= builder.reported
        break
    if first_error is not None:
        doc.problems.insert(0, first_error)
        doc.salvaged = doc.data is not None
    if doc.salvaged and not isinstance(doc.data, dict):
        doc.data = {}


def megabytes(size: int) -> str:
    """A size in megabytes, written the French way (``2,5``)."""
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def remove_invisible(text: str) -> str:
    """``text`` without control characters; odd line breaks become spaces."""
    return _INVISIBLE.sub("", _ODD_BREAKS.sub(" ", text))


def _strip_raw_invisible(text: str, doc: YamlDoc, offset: int) -> str:
    """Remove raw control characters (the parser refuses them), one message per line."""
    if not (_INVISIBLE.search(text) or _ODD_BREAKS.search(text)):
        return text
    out = []
    for number, line in enumerate(text.split("\n"), start=offset + 1):
        cleaned = remove_invisible(line)
        if cleaned != line:
            doc.problems.append(Problem(doc.path, number, "", say("text.invisible_removed")))
        out.append(cleaned)
    return "\n".join(out)


# --- building data from events, iteratively ------------------------------------------

_NO_KEY = object()  # a mapping waiting for its next key
_SKIP = object()  # a key whose value is set aside (repeated key, key that is not a word)


@dataclass
class _Frame:
    container: Any
    loc: Loc
    key: Any = _NO_KEY
    is_key: bool = False  # a list or mapping written where a key was expected


class _Builder:
    """Turns parser events into plain data with an explicit stack."""

    def __init__(self, path: str, offset: int, last_line: int) -> None:
        self.path = path
        self.offset = offset
        self.last_line = last_line
        self.root: Any = None
        self.stack: list[_Frame] = []
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.reported: set[Loc] = set()
        self.skipping = 0  # depth inside a part nested too deep, being skipped
        self.documents = 0
        self._alias_lines: set[int] = set()

    def problem(self, line: int, loc: Loc, key: str, **values: object) -> None:
        self.problems.append(Problem(self.path, line, field_path(loc), say(key, **values)))

    def feed(self, event: Any) -> None:
        # An empty value at the very end is marked on the line after the last one.
        line = min(self.offset + event.start_mark.line + 1, self.last_line)
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents == 2:
                self.problem(line, (), "yaml.several_documents")
            return
        if self.documents > 1:
            return  # a second document is reported once and ignored
        if self.skipping:
            if isinstance(event, CollectionStartEvent):
                self.skipping += 1
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                self.skipping -= 1
            return
        if getattr(event, "anchor", None) is not None:
            self._refuse_alias(event, line)
            if isinstance(event, AliasEvent):
                self._place(None, line, reported=True)
                return
        if isinstance(event, ScalarEvent):
            self._scalar(event, line)
        elif isinstance(event, CollectionStartEvent):
            self._start(event, line)
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            self._end()

    def _refuse_alias(self, event: Any, line: int) -> None:
        if line in self._alias_lines:
            return
        self._alias_lines.add(line)
        sign = "*" if isinstance(event, AliasEvent) else "&"
        self.problem(line, self._next_loc(), "yaml.alias", sign=quote(sign + event.anchor))

    def _scalar(self, event: ScalarEvent, line: int) -> None:
        value: str | None = event.value
        if not event.style and value in _NULLS:  # plain style: None, or "" from libyaml
            value = None
        loc = self._next_loc()
        if value is not None and _INVISIBLE.search(value):
            value = _INVISIBLE.sub("", value)
            self.problem(line, loc, "text.invisible_removed")
        self._place(value, line)

    def _start(self, event: Any, line: int) -> None:
        if len(self.stack) >= MAX_DEPTH:
            self.problem(line, self._next_loc(), "yaml.too_deep", limit=MAX_DEPTH)
            self._place(None, line, reported=True)
            self.skipping = 1
            return
        container: Any = {} if isinstance(event, MappingStartEvent) else []
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.container, dict) and top.key is _NO_KEY:
            # `? [a, b]: c` or `{a: 1}: b`: a list or mapping used as a key.
            self.problem(line, top.loc, "yaml.key_not_word")
            self.stack.append(_Frame(container, top.loc, is_key=True))
            return
        loc = self._place(container, line)
        self.stack.append(_Frame(container, loc))

    def _end(self) -> None:
        frame = self.stack.pop()
        if frame.is_key:
            self.stack[-1].key = _SKIP
        elif isinstance(frame.container, dict) and frame.key is not _NO_KEY:
            frame.key = _NO_KEY  # pragma: no cover - the parser always pairs keys and values

    def _next_loc(self) -> Loc:
        """The location the next value will have."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.loc, len(top.container))
        if top.key is _NO_KEY or top.key is _SKIP:
            return top.loc
        return (*top.loc, top.key)

    def _place(self, value: Any, line: int, *, reported: bool = False) -> Loc:
        """Put ``value`` where the stack says; returns its location."""
        if not self.stack:
            self.root = value
            self.lines.setdefault((), line)
            return ()
        top = self.stack[-1]
        if top.is_key:  # inside a list or mapping used as a key: thrown away
            return top.loc
        if isinstance(top.container, list):
            loc = (*top.loc, len(top.container))
            top.container.append(value)
            self.lines.setdefault(loc, line)
            if reported:
                self.reported.add(loc)
            return loc
        if top.key is _NO_KEY:  # this value is a key
            self._key(top, value, line)
            return top.loc
        if top.key is _SKIP:
            top.key = _NO_KEY
            return top.loc
        loc = (*top.loc, top.key)
        top.container[top.key] = value
        top.key = _NO_KEY
        if reported:
            self.reported.add(loc)
        return loc

    def _key(self, frame: _Frame, key: Any, line: int) -> None:
        key = "" if key is None else key
        if key in frame.container:
            first = self.lines[(*frame.loc, key)]
            self.problem(line, (*frame.loc, key), "yaml.duplicate_key", first=first)
            frame.key = _SKIP
            return
        self.lines[(*frame.loc, key)] = line
        frame.key = key


# --- syntax errors in the residents' words ------------------------------------------

_QUOTE_OPENS = re.compile(r"""^\s*(?:-\s+)*(?:[^'"\s#][^:]*:\s+)?(?:-\s+)*(["'])""")
_KEY_PREFIX = re.compile(r"^\s*(?:-\s+)*(?:[^'\"\s#-][^:]*?:(?:\s+|$))?")


@dataclass(frozen=True)
class _Failure:
    """A syntax error as PyYAML reports it, with what the rules below look at."""

    problem: str  # PyYAML's English words: "found unexpected end of stream"...
    context: str  # ... and where it was: "while scanning a quoted scalar"
    problem_mark: Any
    context_mark: Any
    lines: list[str]
    index: int  # the line the parser stopped at (0-based)
    unclosed: int | None  # the first line with a quote that never closes
    tab: int | None  # the parser's line or the next, if indented with a tab


_Said = tuple[int, str, dict[str, Any]]  # the line to fix, the message, its values


def _fix_colon(f: _Failure) -> _Said:
    key = "yaml.colon_in_value" if ": " in _value_part(f.lines[f.index]) + " " else "yaml.indentation"
    return f.index, key, {}


def _fix_bracket(f: _Failure) -> _Said:
    index = f.context_mark.line if f.context_mark is not None else f.index
    opening, closing = ("[", "]") if "sequence" in f.context else ("{", "}")
    return index, "yaml.unclosed_bracket", {"opening": quote(opening), "closing": quote(closing)}


def _fix_expected_key(f: _Failure) -> _Said:
    after_quote = re.search(r""":\s+(["']).*\1\s*[^\s#]""", f.lines[f.index])
    return f.index, "yaml.text_after_quote" if after_quote else "yaml.indentation", {}


# What the parser says -> what the resident must do; the first rule that applies wins.
_SYNTAX_RULES: tuple[tuple[Callable[[_Failure], bool], Callable[[_Failure], _Said]], ...] = (
    (lambda f: "nesting depth" in f.problem,  # libyaml's own bound (1000 levels)
     lambda f: (f.index, "yaml.too_deep", {"limit": MAX_DEPTH})),
    (lambda f: ("quoted scalar" in f.context and "end of stream" in f.problem
                and f.context_mark is not None),
     lambda f: (f.context_mark.line, "yaml.unclosed_quote",
                {"quote": quote(f.lines[f.context_mark.line][f.context_mark.column])})),
    (lambda f: "quoted scalar" in f.context and "escape" in f.problem,
     lambda f: (f.index, "yaml.bad_escape", {})),
    (lambda f: f.unclosed is not None,
     lambda f: (f.unclosed, "yaml.unclosed_quote",
                {"quote": quote(_QUOTE_OPENS.match(f.lines[f.unclosed]).group(1))})),
    (lambda f: f.tab is not None or "tab character" in f.problem,
     lambda f: (f.tab if f.tab is not None else f.index, "yaml.tab", {})),
    (lambda f: "flow sequence" in f.context or "flow mapping" in f.context, _fix_bracket),
    (lambda f: "mapping values are not allowed" in f.problem, _fix_colon),
    (lambda f: "block sequence entries" in f.problem,
     lambda f: (f.index, "yaml.dash_in_value", {})),
    (lambda f: "simple key" in f.context and f.context_mark is not None,
     lambda f: (f.context_mark.line, "yaml.missing_colon", {})),
    (lambda f: "alias" in f.context or "anchor" in f.context,
     lambda f: (f.index, "yaml.alias", {"sign": quote(_first_of(f.lines[f.index], "*&"))})),
    (lambda f: "cannot start any token" in f.problem and f.problem_mark is not None,
     lambda f: (f.index, "yaml.bad_start", {"char": quote(_char_at(f.lines, f.problem_mark))})),
    (lambda f: "did not find expected key" in f.problem or "expected '-' indicator" in f.problem,
     _fix_expected_key),
)


def _syntax_problem(exc: yaml.YAMLError, lines: list[str], path: str, offset: int) -> Problem:
    """One problem for a syntax error: the line to fix and what to do there."""
    problem_mark = getattr(exc, "problem_mark", None)
    index = problem_mark.line if problem_mark is not None else 0
    if isinstance(exc, yaml.reader.ReaderError):  # pragma: no cover - invisible chars are removed first
        index = "\n".join(lines)[: exc.position].count("\n")
    index = min(max(index, 0), max(len(lines) - 1, 0))
    failure = _Failure(
        problem=str(getattr(exc, "problem", "") or ""),
        context=str(getattr(exc, "context", "") or ""),
        problem_mark=problem_mark,
        context_mark=getattr(exc, "context_mark", None),
        lines=lines,
        index=index,
        unclosed=_unclosed_quote(lines, index),
        tab=next((i for i in (index, index + 1) if i < len(lines) and _tab_indent(lines[i])), None),
    )
    said = next((fix(failure) for applies, fix in _SYNTAX_RULES if applies(failure)),
                (index, "yaml.unreadable", {}))
    line, key, values = said
    return Problem(path, offset + line + 1, "", say(key, **values))


def _unclosed_quote(lines: list[str], until: int) -> int | None:
    """The first line up to ``until`` where a quoted value opens and never closes
    on that line: the parser only notices lines later, where another quote closes it."""
    for i, line in enumerate(lines[: until + 1]):
        match = _QUOTE_OPENS.match(line)
        if not match:
            continue
        mark, rest = match.group(1), line[match.end():]
        closed = rest.replace("''", "") if mark == "'" else re.sub(r"\\.", "", rest)
        if mark not in closed:
            return i
    return None


def _tab_indent(line: str) -> bool:
    return "\t" in line[: len(line) - len(line.lstrip())]


def _value_part(line: str) -> str:
    """What follows the key (and list dashes) on a line."""
    return line[_KEY_PREFIX.match(line).end():]


def _first_of(line: str, chars: str) -> str:
    return next((c for c in _value_part(line) if c in chars), chars[0])


def _char_at(lines: list[str], mark: Any) -> str:
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else "?"
