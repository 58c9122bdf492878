"""Reading files: a day entry's frontmatter and body, and ``residence.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from .problems import Problem
from .schema import EntryFrontmatter, ResidenceFile
from .validate import Validated, validate
from .yamlsource import YamlDoc, parse_yaml


class _LineKeepingHandler(YAMLHandler):
    # python-frontmatter's boundary lets `\s*` run past the end of the `---` line,
    # which would shift every line number after it; stop at the line's end.
    FM_BOUNDARY = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)


_HANDLER = _LineKeepingHandler()


@dataclass
class EntryFile:
    """A day entry as read: its validated frontmatter and its Markdown body."""

    path: str  # relative to the project root, with forward slashes
    abs_path: Path
    frontmatter: Validated[EntryFrontmatter]
    body: str
    body_line: int  # file line of the body's first line

    @property
    def problems(self) -> list[Problem]:
        return self.frontmatter.problems


def read_text(abs_path: Path, rel: str) -> tuple[str | None, Problem | None]:
    try:
        raw = abs_path.read_bytes()
    except OSError as exc:
        return None, Problem(rel, 0, "", f"cannot be read: {exc.strerror}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(rel, line, "", "is not UTF-8 text: save it as UTF-8 in your editor")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def read_entry(abs_path: Path, rel: str) -> EntryFile:
    text, problem = read_text(abs_path, rel)
    if text is None:
        doc = YamlDoc(data=None, path=rel, problems=[problem] if problem else [])
        return EntryFile(rel, abs_path, validate(EntryFrontmatter, doc), "", 1)
    if not _HANDLER.detect(text):
        doc = YamlDoc(data=None, path=rel, problems=[Problem(
            rel, 1, "", "no frontmatter: an entry starts with a line '---', then keys such as "
            "'date: 2013-02-13', then another '---' line")])
        return EntryFile(rel, abs_path, validate(EntryFrontmatter, doc), text, 1)
    try:
        fm, content = _HANDLER.split(text)
    except ValueError:
        doc = YamlDoc(data=None, path=rel, problems=[Problem(
            rel, 1, "", "the frontmatter is not closed: add a line '---' after its last key")])
        return EntryFile(rel, abs_path, validate(EntryFrontmatter, doc), "", 1)
    # `fm` starts right after the opening `---`, so its line 0 is file line 1.
    doc = parse_yaml(fm, rel, line_offset=0)
    closing_line = 1 + fm.count("\n")
    body = content[1:] if content.startswith("\n") else content
    return EntryFile(rel, abs_path, validate(EntryFrontmatter, doc), body, closing_line + 1)


def read_residence(abs_path: Path, rel: str) -> Validated[ResidenceFile]:
    text, problem = read_text(abs_path, rel)
    if text is None:
        return validate(ResidenceFile, YamlDoc(data=None, path=rel, problems=[problem]))
    # Without a readable title the residency is still published, under its folder's name.
    return validate(ResidenceFile, parse_yaml(text, rel), fill={"title": abs_path.parent.name})
