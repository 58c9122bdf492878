"""Slugs: the ASCII, lower-case names used in URLs and as ids."""

from __future__ import annotations

import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


def slugify(text: str) -> str:
    """``Achats durables en Rhône-Alpes`` -> ``achats-durables-en-rhone-alpes``.

    Accents are folded (NFKD then ASCII), ligatures expanded (œ -> oe), anything
    else becomes a single hyphen.
    """
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
