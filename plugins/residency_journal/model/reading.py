"""Reading files: a day entry's frontmatter and body, and ``residence.yml``.

Reading is bounded and total: a file larger than :data:`MAX_FILE_BYTES` is not
read, and whatever the bytes (binary junk, another encoding, a BOM, CRLF or lone
CR line ends, control characters), the result is data and problems, never an
exception.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .messages import say
from .nesting import too_deep
from .problems import Problem
from .schema import TRUE_WORDS, EntryFrontmatter, ResidenceFile
from .validate import Validated, validate
from .yamlsource import YamlDoc, has_invisible, megabytes, parse_yaml, remove_invisible

# A day's story is a few pages of text; images go to media/. Two megabytes leave
# room for very long entries and keep a mistaken 2 GB file from being read at all.
MAX_FILE_BYTES = 2_000_000

# An entry starts with a line of three dashes or more and its frontmatter ends at
# the next one. The boundary stops at the line's end, so lines keep their numbers.
_BOUNDARY = re.compile(r"^-{3,}[ \t]*$")
# Stands for an unreadable date while the rest of the entry is checked.
STAND_IN_DATE = dt.date(1, 1, 1)


@dataclass
class EntryFile:
    """A day entry as read: its validated frontmatter and its Markdown body."""

    path: str  # relative to the project root, with forward slashes
    abs_path: Path
    frontmatter: Validated[EntryFrontmatter]
    body: str
    body_line: int  # file line of the body's first line
    # Says `draft: true` even though its frontmatter could not be used (broken YAML,
    # an impossible date): its problems are a draft's, never a public build's.
    broken_draft: bool = False
    # When only the date is unreadable, the rest of the frontmatter as read (with a
    # stand-in date): never published, but its refs are still checked in this run.
    rest: Validated[EntryFrontmatter] | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.frontmatter.problems

    @property
    def is_draft(self) -> bool:
        value = self.frontmatter.value
        return value.draft if value is not None else self.broken_draft


def read_text(abs_path: Path, rel: str) -> tuple[str | None, Problem | None]:
    """The file's text with ``\\n`` line ends, or None and the reason in a problem."""
    try:
        with abs_path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError):
        return None, Problem(rel, 1, "", say("read.cannot_open"))
    if len(raw) > MAX_FILE_BYTES:
        size = max(_file_size(abs_path), len(raw))
        return None, Problem(rel, 1, "", say("read.too_big", size=megabytes(size),
                                              limit=megabytes(MAX_FILE_BYTES)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[:8192]:
            return None, Problem(rel, 1, "", say("read.not_text"))
        line = raw[: exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
        return None, Problem(rel, line, "", say("read.not_utf8"))
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def read_entry(abs_path: Path, rel: str) -> EntryFile:
    """Read a day entry; any failure is a problem of the returned entry, never an exception."""
    try:
        return _read_entry(abs_path, rel)
    except Exception:  # noqa: BLE001 - reading is total: the resident gets a message
        return _unreadable(abs_path, rel, Problem(rel, 1, "", say("read.unexpected")))


def _read_entry(abs_path: Path, rel: str) -> EntryFile:
    text, problem = read_text(abs_path, rel)
    if text is None:
        return _unreadable(abs_path, rel, problem)
    lines = text.split("\n")
    if not _BOUNDARY.match(lines[0]):
        return _unreadable(abs_path, rel, Problem(rel, 1, "", say("read.no_frontmatter")))
    closing = next((i for i in range(1, len(lines)) if _BOUNDARY.match(lines[i])), None)
    if closing is None:
        return _not_closed(abs_path, rel, lines)
    # The frontmatter starts on file line 2, so its line 0 is file line 2 (offset 1).
    doc = parse_yaml("\n".join(lines[1:closing]), rel, line_offset=1)
    body_line = closing + 2  # the line after the closing `---`
    body, invisible_at = _clean_body(lines[closing + 1:], body_line)
    frontmatter = validate(EntryFrontmatter, doc)
    rest = None
    if frontmatter.value is None and doc.data is not None:
        rest = validate(EntryFrontmatter, doc, fill={"date": STAND_IN_DATE})
        rest = rest if rest.value is not None else None
    if invisible_at is not None:
        frontmatter.problems.append(Problem(rel, invisible_at, "", say("text.invisible_removed")))
    broken_draft = frontmatter.value is None and _says_draft(lines[1:closing], doc)
    deep = too_deep(body)
    if deep is not None:
        # Python-Markdown would exhaust the stack on it: the entry is set aside, as
        # an unreadable one is (its links, refs and day say so without a second word).
        frontmatter.problems.append(Problem(rel, body_line + deep[0], "",
                                            say("body.too_deep", limit=deep[1])))
        broken_draft = frontmatter.value.draft if frontmatter.value is not None else broken_draft
        frontmatter = dataclasses.replace(frontmatter, value=None)
        body = ""
    return EntryFile(rel, abs_path, frontmatter, body, body_line, broken_draft,
                     rest if frontmatter.value is None else None)


# A line of a frontmatter: a key, a list item, a continuation (indented), a comment.
_FRONTMATTER_LINE = re.compile(r"^(?:[ \t]|-(?:[ \t]|$)|#|[\w\"'][^:]*:(?:[ \t]|$))")


def _not_closed(abs_path: Path, rel: str, lines: list[str]) -> EntryFile:
    """An entry whose frontmatter has no closing ``---``: one message, at the line where
    it belongs (the first line that is no longer a frontmatter line, often the blank
    line before the story). The file is not published, but the ids it declares are
    known to be set aside, so refs to them elsewhere get no second message."""
    end = next((i for i in range(1, len(lines))
                if not lines[i].strip() or not _FRONTMATTER_LINE.match(lines[i])), len(lines))
    problem = Problem(rel, min(end + 1, len(lines)), "", say("read.frontmatter_not_closed"))
    doc = parse_yaml("\n".join(lines[1:end]), rel, line_offset=1, salvage=True)
    entry = _unreadable(abs_path, rel, problem)
    entry.frontmatter.doc = YamlDoc(data=doc.data, path=rel, problems=[problem])
    entry.broken_draft = _says_draft(lines[1:end], doc)
    return entry


def _says_draft(lines: list[str], doc: YamlDoc) -> bool:
    """Whether an unusable frontmatter still says `draft: true` (read around the
    broken lines when the YAML itself is broken)."""
    data = doc.data if doc.data is not None else parse_yaml(
        "\n".join(lines), doc.path, line_offset=1, salvage=True).data
    draft = data.get("draft") if isinstance(data, dict) else None
    return isinstance(draft, str) and draft.strip().lower() in TRUE_WORDS


def _clean_body(lines: list[str], first_line: int) -> tuple[str, int | None]:
    """The body without control characters, and the line of the first one removed."""
    body = "\n".join(lines)
    if not has_invisible(body):
        return body, None
    cleaned = remove_invisible(body)
    first = next(i for i, line in enumerate(lines) if remove_invisible(line) != line)
    return cleaned, first_line + first


def _unreadable(abs_path: Path, rel: str, problem: Problem | None) -> EntryFile:
    doc = YamlDoc(data=None, path=rel, problems=[problem] if problem else [])
    return EntryFile(rel, abs_path, validate(EntryFrontmatter, doc), "", 1)


def read_residence(abs_path: Path, rel: str) -> Validated[ResidenceFile]:
    """Read ``residence.yml``; any failure is a problem, never an exception."""
    try:
        text, problem = read_text(abs_path, rel)
        if text is None:
            return validate(ResidenceFile, YamlDoc(data=None, path=rel, problems=[problem]))
        # A broken line does not lose the team and participants (entries naming them
        # would each get a message): the rest of the file is read around it.
        doc = parse_yaml(text, rel, salvage=True)
        # Without a readable title the residency is still published, under its folder's name.
        return validate(ResidenceFile, doc, fill={"title": abs_path.parent.name})
    except Exception:  # noqa: BLE001 - reading is total: the resident gets a message
        doc = YamlDoc(data=None, path=rel, problems=[Problem(rel, 1, "", say("read.unexpected"))])
        return validate(ResidenceFile, doc)


def _file_size(abs_path: Path) -> int:
    try:
        return abs_path.stat().st_size
    except OSError:
        return 0
