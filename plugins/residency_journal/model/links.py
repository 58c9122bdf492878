"""Relative links in an entry's body: media to copy and other entries to point at.

An entry is written at ``journal/<residency>/<any layout>/x.md`` but published at
``<residency>/semaine-W/jour-D/``, so a relative link that works in the
resident's editor must be re-aimed at the published location. Targets are
resolved against the entry's real folder: files inside the residency folder are
copied under ``<residency>/`` keeping their layout, links to other entries point
to their day page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from .entities import url_of

# Inline links and images `](target "title")`, reference definitions `[x]: target`,
# and raw HTML `src=`/`href=`. Enough for what residents write in Markdown.
_INLINE = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
_REFERENCE = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+?)(>?(?:\s|$))", re.MULTILINE)
_HTML = re.compile(r"""(\b(?:src|href)=["'])([^"']+)""")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|/)")


def rewrite_links(
    body: str,
    *,
    entry_dir: Path,
    residency_dir: Path,
    target_uri: str,
    target_url: str,
    slug: str,
    entry_uri_for: Callable[[Path], str | None],
    on_media: Callable[[str, Path], None],
    on_missing: Callable[[int, str], None],
) -> str:
    """Return ``body`` with relative links re-aimed from ``target_uri`` (a src_uri).

    Markdown links are made relative to the page's source (MkDocs then turns
    them into URLs and checks them); raw HTML is left alone by MkDocs, so its
    links are made relative to the page's URL ``target_url`` directly.

    ``on_media(src_uri, abs_path)`` is called for every file to publish,
    ``on_missing(line_in_body, target)`` for every link to a file that does not exist.
    """
    def fix(match: re.Match[str], *, html: bool = False) -> str:
        target = match.group(2)
        if _EXTERNAL.match(target):
            return match.group(0)
        path_part, sep, fragment = target.partition("#")
        if not path_part:
            return match.group(0)
        resolved = (entry_dir / unquote(path_part)).resolve()
        line = body.count("\n", 0, match.start()) + 1
        entry_uri = entry_uri_for(resolved)
        if entry_uri is not None:
            new_uri = entry_uri
        elif resolved.is_file():
            try:
                inside = resolved.relative_to(residency_dir.resolve())
            except ValueError:
                on_missing(line, target)
                return match.group(0)
            new_uri = f"{slug}/{inside.as_posix()}"
            on_media(new_uri, resolved)
        else:
            on_missing(line, target)
            return match.group(0)
        if html:
            url = url_of(new_uri) if new_uri.endswith(".md") else new_uri
            relative = posixpath.relpath(url, target_url.rstrip("/") or ".")
            if url.endswith("/"):
                relative += "/"
        else:
            relative = posixpath.relpath(new_uri, posixpath.dirname(target_uri))
        return match.group(1) + relative + (sep + fragment if sep else "") + (
            match.group(3) if match.lastindex and match.lastindex >= 3 else "")

    body = _INLINE.sub(fix, body)
    body = _REFERENCE.sub(fix, body)
    return _HTML.sub(lambda match: fix(match, html=True), body)

