"""Relative links in an entry's body: media to copy, entries to point at, and the
publishing boundary.

An entry is written at ``journal/<residency>/<any layout>/x.md`` but published at
``<residency>/semaine-W/jour-D/``, so a relative link that works in the
resident's editor must be re-aimed at the published location. Targets are
resolved (symbolic links followed) against the entry's folder:

- a published entry: the link points to its day page;
- a media file (a file the residency's folder holds that is not Markdown nor
  ``residence.yml``, see :mod:`.discovery`): it is copied under ``<residency>/``
  keeping its layout, and the link follows;
- anything else (a draft, an entry that could not be read, another Markdown
  file, a file outside the residency's folder, no file at all): the link is
  reported at its line and shown as plain text. Its text stays; an image goes,
  its description (alt text) stays.

This is the only place where a file of ``journal/`` can become part of the
site besides the entries themselves, so the boundary is enforced here, on the
resolved file: a ``residence.yml`` or a Markdown file is never media, whatever
name a link (or a symbolic link on the way) gives it. Paths are compared in
Unicode NFC (a file named in NFD, as macOS writes names, is found from a link
typed in NFC) and media are published under their NFC name. A photo (see
:mod:`.images`) that cannot be decoded safely is refused here too, and an image
that stays without alternative text is reported at its line (``{alt=""}`` after a
Markdown image, or ``alt=""`` in HTML, marks it decorative on purpose).
Links inside code (blocks and spans) and HTML comments are left as written.
The work is linear in the number of links: line numbers come from a table of
line starts, and each distinct target is resolved once.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .code_regions import code_regions
from .images import is_photo, is_unsupported_image
from .images import problem as photo_problem
from .messages import quote, say
from .urls import url_of

# `[text](target "title")` and `![alt](target)`; one level of brackets in the text
# (a linked image `[![alt](img.png)](page.md)`), balanced parentheses in the target.
_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"\([ \t]*\n?[ \t]*(?P<target><[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")
# `[label]: target "title"` on a line of its own.
_DEFINITION = re.compile(
    r"^ {0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*\n?[ \t]*(?P<target><[^<>\n]*>|\S+)[^\n]*(?:\n|$)",
    re.MULTILINE)
# `[text][label]`, `[label][]`, `[label]` (only looked for when a definition was dropped).
_REFERENCE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\\]|\\.)*)\](?:[ ]?\[(?P<label>[^\]]*)\])?(?![(:])")
# Raw HTML: MkDocs leaves its links alone, so they are re-aimed at the page's URL.
_TAG = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>\s[^<>]*)>")
_URL_ATTR = re.compile(
    r"(?P<lead>\s(?:src|href)\s*=\s*)(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'>]+))",
    re.IGNORECASE)
_ALT_ATTR = re.compile(r"\salt\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE)
# attr_list's block right after an image: `![](a.png){alt=""}` marks it decorative.
_ATTR_BLOCK = re.compile(r"\{:?[ \t]*(?P<attrs>[^{}\n]*)\}")
_EMPTY_ALT = re.compile(r"(?:^|\s)alt=(?:\"\"|'')(?=\s|$)")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|/|\?)")

MARKDOWN_SUFFIXES = (".md", ".markdown")


def nfc(text: str) -> str:
    """``text`` in Unicode NFC, the form names are compared (and published) in."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_SUFFIXES)


@dataclass
class Targets:
    """What the links of one residency may point at (every path is resolved)."""

    residency_dir: Path
    published: dict[Path, str] = field(default_factory=dict)  # entry file -> its src_uri
    unpublished: dict[Path, str] = field(default_factory=dict)  # entry file -> message key
    media: set[Path] = field(default_factory=set)  # files that may be copied
    # Paths (not resolved) of files already reported (a symbolic link leading out of
    # the journal): a link to one is shown as text without a second message.
    refused: set[Path] = field(default_factory=set)
    # Drafts shown in a preview: a link from a published entry to one works there, but
    # gets the message a build gives, so that preview, check and build agree.
    drafts: set[Path] = field(default_factory=set)
    # Every file above (and the paths they were found at), by its path in Unicode NFC:
    # a file named in NFD (as macOS writes names) is found from a link typed in NFC.
    by_nfc: dict[str, Path] = field(default_factory=dict)
    # Photos that cannot be published (already reported at the link that uses them).
    unusable: set[Path] = field(default_factory=set)
    _cache: dict[str, tuple[str, object]] = field(default_factory=dict, repr=False)

    def classify(self, path: str) -> tuple[str, object]:
        """("entry" or "draft", src_uri) | ("media", real path) | ("silent", None)
        | ("refused", message key)."""
        known = self._cache.get(path)
        if known is None:
            known = self._cache[path] = self._classify(path)
        return known

    def _classify(self, path: str) -> tuple[str, object]:
        if Path(path) in self.refused:
            return "silent", None
        real = Path(os.path.realpath(path))
        if not os.path.exists(real):
            real = self.by_nfc.get(nfc(path)) or self.by_nfc.get(nfc(str(real))) or real
        if real in self.published:
            return ("draft" if real in self.drafts else "entry"), self.published[real]
        if real in self.unpublished:
            return "refused", self.unpublished[real]
        # The rule is on the resolved file: a residence.yml or a Markdown file is never
        # media, whatever name the link (or a symbolic link on the way) gives it.
        if real == self.residency_dir / "residence.yml":
            return "refused", "link.not_published"
        if not os.path.exists(real):
            return "refused", "link.missing"
        if is_markdown(real.name):
            return "refused", "link.to_markdown"
        if not real.is_relative_to(self.residency_dir):
            return "refused", "link.outside"
        if real in self.media:
            if is_photo(real.name) or is_unsupported_image(real.name):
                key = photo_problem(real)
                if key is not None:
                    self.unusable.add(real)
                    return "refused", key
            return "media", real
        return "refused", "link.not_published"


@dataclass
class _Link:
    start: int  # of the whole construct
    end: int
    target: str
    target_span: tuple[int, int]
    html: bool = False
    # how to show it as text: (start, end, replacement) edits
    as_text: list[tuple[int, int, str]] = field(default_factory=list)
    label: str | None = None  # a reference definition's label
    # An image: its alternative text (None when it has none at all), and whether it
    # is marked decorative on purpose (`{alt=""}`, or `alt=""` in HTML).
    image: bool = False
    alt: str | None = None
    decorative: bool = False
    # `{alt=""}` alone: removed from the text (attr_list or not, the image gets alt="").
    marker: tuple[int, int, str] | None = None


def _links(body: str) -> Iterator[_Link]:
    """Every link of ``body`` outside code and comments, in no particular order."""
    skip = code_regions(body)
    position = 0
    while (match := _INLINE.search(body, position)) is not None:
        # Go on right after the bracket, so a link inside a link's text is found too.
        position = match.start() + len(match.group("bang")) + 1
        if skip.covers(match.start()):
            continue
        target, span = _target(match)
        if match.group("bang"):
            alt = match.group("text")
            decorative, end, marker = _decoration(body, match.end())
            yield _Link(match.start(), match.end(), target, span, as_text=[(match.start(), end, alt)],
                        image=True, alt=alt, decorative=decorative, marker=marker)
            continue
        as_text = [(match.start(), match.start("text"), ""), (match.end("text"), match.end(), "")]
        yield _Link(match.start(), match.end(), target, span, as_text=as_text)
    for match in _DEFINITION.finditer(body):
        if skip.covers(match.start()):
            continue
        target, span = _target(match)
        yield _Link(match.start(), match.end(), target, span,
                    as_text=[(match.start(), match.end(), "")], label=match.group("label"))
    for tag in _TAG.finditer(body):
        if skip.covers(tag.start()):
            continue
        for attr in _URL_ATTR.finditer(tag.group(0)):
            group = next(g for g in ("dq", "sq", "bare") if attr.group(g) is not None)
            span = (tag.start() + attr.start(group), tag.start() + attr.end(group))
            image = tag.group("name").lower() == "img"
            alt_text = None
            if image:
                alt = _ALT_ATTR.search(tag.group("attrs"))
                alt_text = next((g for g in alt.groups() if g is not None), "") if alt else None
                as_text = [(tag.start(), tag.end(), alt_text or "")]
            else:
                as_text = [(tag.start() + attr.start(), tag.start() + attr.end(), "")]
            yield _Link(tag.start(), tag.end(), attr.group(group), span, html=True,
                        as_text=as_text, image=image and attr.group("lead").strip()[:3].lower() == "src",
                        alt=alt_text, decorative=alt_text == "")


def _target(match: re.Match[str]) -> tuple[str, tuple[int, int]]:
    """A Markdown link's target and where it stands, without its angle brackets (`<a b.jpg>`)."""
    target, span = match.group("target"), match.span("target")
    if target.startswith("<"):
        return target[1:-1], (span[0] + 1, span[1] - 1)
    return target, span


def _decoration(body: str, end: int) -> tuple[bool, int, tuple[int, int, str] | None]:
    """Whether the image ending at ``end`` is marked decorative by an attribute block
    (``{alt=""}``), where the image and that block end, and the edit that removes the
    block when it says nothing else."""
    block = _ATTR_BLOCK.match(body, end)
    if block is None or _EMPTY_ALT.search(block["attrs"]) is None:
        return False, end, None
    alone = block["attrs"].strip() in ('alt=""', "alt=''")
    return True, block.end(), ((block.start(), block.end(), "") if alone else None)


def _reference_images(body: str, targets: dict[str, str]) -> Iterator[_Link]:
    """The images that use a reference definition (``![alt][label]``, ``![label][]``,
    ``![label]``) whose label is in ``targets`` (normal label -> the definition's target):
    their alternative text is checked as an inline image's is."""
    skip = code_regions(body)
    for match in _REFERENCE.finditer(body):
        if not match.group("bang") or skip.covers(match.start()):
            continue
        target = targets.get(_normal_label(match.group("label") or match.group("text")))
        if target is None:
            continue
        decorative, _, marker = _decoration(body, match.end())
        yield _Link(match.start(), match.end(), target, (match.start(), match.start()), image=True,
                    alt=match.group("text"), decorative=decorative, marker=marker)


def _split(target: str) -> tuple[str, str]:
    """``a/b.png?x#y`` -> (``a/b.png``, ``?x#y``)."""
    cut = min((i for i in (target.find("#"), target.find("?")) if i >= 0), default=len(target))
    return target[:cut], target[cut:]


def relative_targets(body: str) -> Iterator[str]:
    """The relative file paths ``body`` links to (for files a draft references)."""
    for link in _links(body):
        if not _EXTERNAL.match(link.target):
            path, _ = _split(link.target)
            if path:
                yield unquote(path)


def rewrite_links(
    body: str,
    *,
    entry_dir: Path,
    targets: Targets,
    target_uri: str,
    target_url: str,
    slug: str,
    on_media: Callable[[str, Path], None],
    on_problem: Callable[[int, str], None],
    from_draft: bool = False,
) -> str:
    """Return ``body`` with relative links re-aimed from ``target_uri`` (a src_uri).

    Markdown links are made relative to the page's source (MkDocs then turns
    them into URLs and checks them); raw HTML is left alone by MkDocs, so its
    links are made relative to the page's URL ``target_url`` directly.

    ``on_media(src_uri, real_path)`` is called for every file to publish,
    ``on_problem(line_in_body, message)`` for every link shown as text.
    """
    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
    edits: list[tuple[int, int, str]] = []
    dropped_labels: set[str] = set()
    kept_labels: dict[str, str] = {}  # a definition kept as a link: normal label -> its target
    # Each distinct target is decided once: (new target or None for text, message or None).
    decided: dict[tuple[str, bool], tuple[str | None, str | None]] = {}
    targets_now = targets if not from_draft else dataclasses.replace(targets, drafts=set())
    for link in _links(body):
        key = (link.target, link.html)
        decision = decided.get(key)
        if decision is None:
            decision = decided[key] = _decide(link.target, link.html, entry_dir=entry_dir,
                                              targets=targets_now, target_uri=target_uri,
                                              target_url=target_url, slug=slug, on_media=on_media)
        new_target, message = decision
        if message is not None:
            on_problem(bisect_right(line_starts, link.start), message)
        if new_target is not None:
            if new_target != link.target:
                edits.append((*link.target_span, new_target))
            if link.image and not link.decorative and not (link.alt or "").strip():
                on_problem(bisect_right(line_starts, link.start),
                           say("image.no_alt", target=link.target))
            if link.marker is not None:
                edits.append(link.marker)
            if link.label is not None:
                kept_labels[_normal_label(link.label)] = link.target
            continue
        edits.extend(link.as_text)
        if link.label is not None:
            dropped_labels.add(_normal_label(link.label))
    if dropped_labels:
        edits.extend(_references_as_text(body, dropped_labels))
    kept = {label: target for label, target in kept_labels.items() if label not in dropped_labels}
    for image in _reference_images(body, kept) if kept else ():
        if not image.decorative and not (image.alt or "").strip():
            on_problem(bisect_right(line_starts, image.start), say("image.no_alt", target=image.target))
        if image.marker is not None:
            edits.append(image.marker)
    return _apply(body, edits)


def _decide(target: str, html: bool, *, entry_dir: Path, targets: Targets, target_uri: str,
            target_url: str, slug: str, on_media: Callable[[str, Path], None]
            ) -> tuple[str | None, str | None]:
    """What becomes of a link to ``target``: (its new target, None) when it stays a link,
    (None, message or None) when it is shown as text."""
    if _EXTERNAL.match(target):
        return target, None
    path, rest = _split(target)
    if not path:
        return target, None
    kind, value = targets.classify(os.path.normpath(os.path.join(entry_dir, unquote(path))))
    if kind == "media":
        assert isinstance(value, Path)
        new_uri = nfc(f"{slug}/{value.relative_to(targets.residency_dir).as_posix()}")
        on_media(new_uri, value)
    elif kind == "entry":
        new_uri = str(value)
    elif kind == "draft":
        new_uri = str(value)
        return (_relative(new_uri, html, target_uri, target_url) + rest,
                say("link.to_draft", target=quote(target)))
    elif kind == "refused":
        names = _jpeg_names(path) if value == "image.heic" else {}
        return None, say(str(value), target=quote(target), **names)
    else:
        return None, None
    return _relative(new_uri, html, target_uri, target_url) + rest, None


def _jpeg_names(path: str) -> dict[str, str]:
    """The names of the JPEG copy the message about the HEIC photo at ``path`` (as the
    link writes it) asks for, beside it: ``IMG_1234.heic`` -> ``IMG_1234.jpg``."""
    folder, name = posixpath.split(path)
    stem, suffix = posixpath.splitext(name)
    stem += "-jpeg" if suffix.lower() in (".jpg", ".jpeg") else ""  # a HEIC named .jpg

    def shell(file: str) -> str:
        return f'"{file}"' if " " in file else file

    return {"file": shell(unquote(name)), "jpeg_name": shell(unquote(stem) + ".jpg"),
            "jpeg_file": quote(unquote(stem) + ".jpg"), "jpeg": quote(posixpath.join(folder, stem + ".jpg"))}


def _relative(new_uri: str, html: bool, target_uri: str, target_url: str) -> str:
    if not html:
        return posixpath.relpath(new_uri, posixpath.dirname(target_uri))
    url = url_of(new_uri) if new_uri.endswith(".md") else new_uri
    relative = posixpath.relpath(url, target_url.rstrip("/") or ".")
    return relative + "/" if url.endswith("/") else relative


def _normal_label(label: str) -> str:
    return " ".join(label.lower().split())


def _references_as_text(body: str, labels: set[str]) -> Iterator[tuple[int, int, str]]:
    """Uses of a dropped reference definition, shown as their text (an image: its alt)."""
    skip = code_regions(body)
    for match in _REFERENCE.finditer(body):
        label = match.group("label") or match.group("text")
        if _normal_label(label) not in labels or skip.covers(match.start()):
            continue
        yield match.start(), match.end(), match.group("text")


def _apply(body: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply non-overlapping edits (an edit inside one already applied is dropped)."""
    out: list[str] = []
    position = 0
    for start, end, text in sorted(edits, key=lambda e: (e[0], -e[1])):
        if start < position:
            continue
        out.append(body[position:start])
        out.append(text)
        position = end
    out.append(body[position:])
    return "".join(out)


def re_aim(body: str, *, from_uri: str, from_url: str, to_uri: str, to_url: str) -> str:
    """``body`` (already re-aimed for the page ``from_uri``/``from_url``) with its
    relative links re-aimed for another page that shows it (the livret shows every
    day's body on one page): Markdown links follow the source, raw HTML the URL."""
    edits: list[tuple[int, int, str]] = []
    for link in _links(body):
        path, rest = _split(link.target)
        if not path or _EXTERNAL.match(link.target):
            continue
        old, new = (from_url, to_url) if link.html else (posixpath.dirname(from_uri) + "/",
                                                          posixpath.dirname(to_uri) + "/")
        absolute = posixpath.normpath(posixpath.join(old, path))
        moved = posixpath.relpath(absolute, new.rstrip("/") or ".")
        if path.endswith("/") and not moved.endswith("/"):
            moved += "/"
        edits.append((*link.target_span, moved + rest))
    return _apply(body, edits)
