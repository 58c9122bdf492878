"""The heading anchors of an entry's body, as the published page will have them.

A visit's ``section`` names a heading of its entry; the model checks it so that
``journal check``, ``mkdocs build`` and ``mkdocs serve`` agree. The anchors are
computed as Python-Markdown's ``toc`` extension does by default: ATX (``## Titre``)
and setext (``Titre`` underlined with ``===`` or ``---``) headings outside code,
their text without inline markup, slugified by ``toc``'s default (NFKD, non-ASCII
dropped, lower case, ``[^\\w\\s-]`` removed, spaces and hyphens to ``-``), a custom
``{#id}`` (attr_list) kept as written, and a repeated anchor suffixed ``_1``, ``_2``.
A site that configures another ``slugify`` passes it in :class:`.resolve.Options`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

from .code_regions import code_lines

Slugify = Callable[[str, str], str]

# Python-Markdown's rule: no space needed after the hashes, closing hashes dropped.
_ATX = re.compile(r"^(#{1,6})(.*?)#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ATTR_LIST = re.compile(r"[ \t]*\{:?([^}]*)\}[ \t]*$")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}]+)")
_IDCOUNT = re.compile(r"^(.*)_([0-9]+)$")
# Inline markup, reduced to the text a reader sees.
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_TAG = re.compile(r"<[^>]+>")
_ENTITY = re.compile(r"&[#a-zA-Z0-9]+;")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~)(?=\S)(.+?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


def default_slugify(value: str, separator: str) -> str:
    """Python-Markdown's ``toc.slugify`` (unicode=False), rewritten to keep the model
    free of engine imports."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, value)


def _unique(ident: str, used: set[str]) -> str:
    while ident in used or not ident:
        match = _IDCOUNT.match(ident)
        ident = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{ident}_1"
    used.add(ident)
    return ident


def _plain(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = text.replace("`", "")
    for _ in range(3):  # nested emphasis: ***a*** or **_a_**
        text = _EMPHASIS.sub(r"\2", text)
    text = _ESCAPE.sub(r"\1", text)
    return html.unescape(text).strip()


def headings(body: str) -> list[tuple[int, str, str | None]]:
    """(line in body, heading text, custom id or None) of each heading, in order."""
    lines = body.split("\n")
    code = code_lines(lines)
    found: list[tuple[int, str, str | None]] = []
    for i, line in enumerate(lines):
        if code[i]:
            continue
        text: str | None = None
        match = _ATX.match(line)
        if match:
            text = match.group(2).strip()
        elif (i + 1 < len(lines) and not code[i + 1] and line.strip()
              and _SETEXT.match(lines[i + 1]) and not _ATX.match(line)
              and (i == 0 or not lines[i - 1].strip())):
            text = line.strip()
        if text is None:
            continue
        custom = None
        attrs = _ATTR_LIST.search(text)
        if attrs:
            text = text[: attrs.start()]
            id_match = _ATTR_ID.search(attrs.group(1))
            custom = id_match.group(1) if id_match else None
        found.append((i + 1, text, custom))
    return found


def heading_anchors(body: str, slugify: Slugify | None = None, separator: str = "-") -> list[str]:
    """The anchors of ``body``'s headings, in order, as the toc extension sets them."""
    slugify = slugify or default_slugify
    items = headings(body)
    # toc first collects every id already set (custom ones), then numbers the rest.
    used = {custom for _, _, custom in items if custom}
    anchors = []
    for _, text, custom in items:
        anchors.append(custom if custom else _unique(slugify(_plain(text), separator), used))
    return anchors
