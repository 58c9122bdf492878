"""Every byte a build published, as text: to grep a whole site for what must not be there.

Compressed files are read back (``sitemap.xml.gz``; Pagefind's fragments and
indexes are gzip streams behind a ``pagefind_dcd`` signature), and JSON's
``\\uXXXX`` escapes are decoded, so a name cannot hide behind an encoding.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
import zlib
from pathlib import Path

_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _readable(data: bytes) -> bytes:
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data
    return data


def contents(site: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file under ``site``, gzip streams decompressed."""
    return {path.relative_to(site).as_posix(): _readable(path.read_bytes())
            for path in sorted(p for p in site.rglob("*") if p.is_file())}


def unescape_json(text: str) -> str:
    """JSON's ``\\uXXXX`` escapes read back."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def texts(site: Path) -> dict[str, str]:
    """Relative path -> text (NFC, escapes decoded) of every file under ``site``."""
    return {name: unicodedata.normalize("NFC", unescape_json(data.decode("utf-8", errors="replace")))
            for name, data in contents(site).items()}


def files_holding(site: Path, *needles: str) -> dict[str, list[str]]:
    """Every published file holding one of ``needles`` (any case), with the needles it holds."""
    found: dict[str, list[str]] = {}
    for name, text in texts(site).items():
        lower = text.lower()
        held = [n for n in needles if unicodedata.normalize("NFC", n).lower() in lower]
        if held:
            found[name] = held
    return found
