"""Pagefind's word index re-split into chunks of the size Pagefind means them to be.

A query downloads the chunk of the index that holds each of its words. Pagefind
1.5 cuts the sorted words into chunks of about 20,000 locations, but counts only
the locations of a word's unaccented form, not those of its accented variants
(``étude`` is stored as a variant of ``etud``): a run of accented words (French
has many) makes one chunk three or four times too big. At 1000 entries the chunk
holding ``etud`` was 79 KB gzipped of a 192 KB first query (budget:
150 KiB), while a chunk of two unaccented words of the same weight was 24 KB.

Here every word counts all its locations (integers in its encoding: a page
number or a location, variants included), and a chunk is closed *before* the
word that would take it over ``TARGET``, so no chunk is bigger than ``TARGET``
or than its one word. Words keep their bytes and their order, so the search
finds the same pages with the same scores: only the files differ.

Pagefind's files are read as they are written by the version we lock (1.5.x):
CBOR behind a ``pagefind_dcd`` signature, gzipped. Anything else (another
version, a shape we do not expect, a meta we would not write back byte for
byte) leaves the index as Pagefind wrote it: :func:`rechunk` is an
optimisation, never a condition of the search working.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
# Locations (and page numbers) per chunk: Pagefind's own figure is 20,000, reached
# by adding words until it is passed. Closing before the word that would pass it,
# half as much keeps a first query's chunk under ~25 KB gzipped at 1000 entries.
TARGET = 10_000


class Unexpected(Exception):
    """Pagefind's files are not as this module knows them: leave them alone."""


@dataclass(frozen=True)
class Word:
    key: str
    encoded: bytes  # the word's whole CBOR item, copied as it is
    size: int  # integers in it: page numbers and locations, variants included


def rechunk(files: Mapping[str, bytes], target: int = TARGET) -> dict[str, bytes]:
    """``files`` (path in the bundle → bytes) with the word index re-split; the same
    files if they are not as expected."""
    try:
        return _rechunk(files, target)
    except (Unexpected, ValueError, KeyError, IndexError, TypeError, OSError, EOFError):
        return dict(files)


def _rechunk(files: Mapping[str, bytes], target: int) -> dict[str, bytes]:
    def change(meta: list, prefix: str, out: dict[str, bytes]) -> list:
        old = meta[2]
        if not all(isinstance(c, list) and len(c) == 3 and all(isinstance(v, str) for v in c)
                   for c in old):
            raise Unexpected("chunk entries are not [from, to, hash]")
        words = [w for chunk in old for w in _words(unpack(out[f"index/{chunk[2]}.pf_index"]))]
        if any(a.key >= b.key for a, b in zip(words, words[1:], strict=False)):
            raise Unexpected("words not in order")
        chunks, named = [], {}
        for group in _split(words, target):
            body = b"\x81" + _head(4, len(group)) + b"".join(w.encoded for w in group)
            name = short_name(prefix, body, 7, named.keys())
            named[name] = body
            chunks.append([group[0].key, group[-1].key, name])
        _shorten(chunks)
        for chunk in old:
            out.pop(f"index/{chunk[2]}.pf_index")
        for name, body in named.items():
            out[f"index/{name}.pf_index"] = pack(body)
        return [*meta[:2], chunks, *meta[3:]]

    return rewrite_metas(files, 3, change)


MetaChange = Callable[[list, str, dict[str, bytes]], "list | None"]


def rewrite_metas(files: Mapping[str, bytes], fields: int, change: MetaChange) -> dict[str, bytes]:
    """The bundle with each language's meta (Pagefind 1.5's, of at least ``fields``
    fields) given to ``change``, with the language's file prefix and the files being
    written, which it may edit. The meta it returns is written under its new name, and
    the entry file points at it; None leaves that language as it is."""
    entry = json.loads(files[ENTRY])
    out = dict(files)
    for language in sorted(entry["languages"]):
        info = entry["languages"][language]
        meta_path = f"pagefind.{info['hash']}.pf_meta"
        meta = read_item(files[meta_path])
        if not (isinstance(meta, list) and len(meta) >= fields and isinstance(meta[0], str)
                and meta[0].startswith("1.5.")):
            raise Unexpected(f"Pagefind index version {meta[0]!r}")
        prefix = info["hash"].split("_", 1)[0] + "_"
        new_meta = change(meta, prefix, out)
        if new_meta is None:
            continue
        packed = encode(new_meta)
        new_hash = short_name(prefix, packed, 10, set())
        del out[meta_path]
        out[f"pagefind.{new_hash}.pf_meta"] = pack(packed)
        entry["languages"][language] = {**info, "hash": new_hash}
    out[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out


def read_item(data: bytes) -> object:
    """A file's CBOR item, if writing it back gives the same bytes (nothing is lost)."""
    raw = unpack(data)
    value, end = decode(raw, 0)
    if end != len(raw) or encode(value) != raw:
        raise Unexpected("not written back byte for byte")
    return value


def _split(words: list[Word], target: int) -> list[list[Word]]:
    groups: list[list[Word]] = []
    group: list[Word] = []
    size = 0
    for word in words:
        if group and size + word.size > target:
            groups.append(group)
            group, size = [], 0
        group.append(word)
        size += word.size
    if group:
        groups.append(group)
    return groups


def _shorten(chunks: list[list[str]]) -> None:
    """Bounds the search can use: a chunk ends at its last word, and the next starts at
    the shortest prefix of its first word that sorts after it, so a word the index does
    not hold whose start is a chunk's first word's (``etu`` for ``etude``) is looked up
    in that chunk. (Pagefind shortens both bounds; when the last word of a chunk is
    shorter than its first, ``["10", "1"]``, no word of the chunk falls within them and
    the search loads every chunk that may hold it.)"""
    for left, right in zip(chunks, chunks[1:], strict=False):
        a, b = left[1], right[0]
        common = 0
        while common < min(len(a), len(b)) and a[common] == b[common]:
            common += 1
        right[0] = b[:common + 1]


def short_name(prefix: str, data: bytes, length: int, taken: Collection[str]) -> str:
    digest = hashlib.sha1(data).hexdigest()
    while prefix + digest[:length] in taken and length < len(digest):
        length += 1
    return prefix + digest[:length]


def unpack(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise Unexpected("no Pagefind signature")
    return raw[len(SIGNATURE):]


def pack(raw: bytes) -> bytes:
    return gzip.compress(SIGNATURE + raw, compresslevel=9, mtime=0)


def _words(chunk: bytes) -> list[Word]:
    """The words of one chunk: ``[[word, word, ...]]``, a word ``[key, pages, ...]``."""
    major, count, i = _arg(chunk, 0)
    if (major, count) != (4, 1):
        raise Unexpected("chunk is not a one-field struct")
    major, count, i = _arg(chunk, i)
    if major != 4:
        raise Unexpected("no word list")
    words = []
    for _ in range(count):
        start = i
        major, fields, j = _arg(chunk, i)
        key, _ = decode(chunk, j)
        if major != 4 or fields < 2 or not isinstance(key, str):
            raise Unexpected("word is not [key, pages, ...]")
        i, size = _skip(chunk, i)
        words.append(Word(key, chunk[start:i], size))
    if i != len(chunk):
        raise Unexpected("bytes after the words")
    return words


# --- CBOR, as minicbor writes Pagefind's structs: definite lengths, shortest heads ----


def _arg(data: bytes, i: int) -> tuple[int, int, int]:
    """Major type, argument and the offset after the head at ``i``."""
    first = data[i]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, i + 1
    width = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if width is None or major == 7:
        raise Unexpected(f"CBOR head {first:#x}")
    return major, int.from_bytes(data[i + 1:i + 1 + width], "big"), i + 1 + width


def _skip(data: bytes, i: int) -> tuple[int, int]:
    """The offset after the item at ``i``, and how many integers it holds."""
    remaining, integers = 1, 0
    while remaining:
        remaining -= 1
        major, argument, i = _arg(data, i)
        if major <= 1:
            integers += 1
        elif major <= 3:
            i += argument
        elif major == 4:
            remaining += argument
        elif major == 5:
            remaining += 2 * argument
        else:
            raise Unexpected(f"CBOR major type {major}")
    if i > len(data):
        raise Unexpected("truncated")
    return i, integers


def decode(data: bytes, i: int = 0):
    """One item (integers, strings, arrays, maps) and the offset after it."""
    major, argument, i = _arg(data, i)
    if major == 0:
        return argument, i
    if major == 1:
        return -1 - argument, i
    if major in (2, 3):
        end = i + argument
        if end > len(data):
            raise Unexpected("truncated")
        value = data[i:end]
        return (value.decode("utf-8") if major == 3 else value), end
    if major == 4:
        items = []
        for _ in range(argument):
            item, i = decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(argument):
            key, i = decode(data, i)
            mapping[key], i = decode(data, i)
        return mapping, i
    raise Unexpected(f"CBOR major type {major}")


def encode(value) -> bytes:
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _encode(value, out: bytearray) -> None:
    if isinstance(value, bool) or value is None:
        raise Unexpected("simple values are not written here")
    if isinstance(value, int):
        out += _head(0, value) if value >= 0 else _head(1, -1 - value)
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        out += _head(3, len(raw)) + raw
    elif isinstance(value, bytes):
        out += _head(2, len(value)) + value
    elif isinstance(value, list):
        out += _head(4, len(value))
        for item in value:
            _encode(item, out)
    elif isinstance(value, dict):
        out += _head(5, len(value))
        for key, item in value.items():
            _encode(key, out)
            _encode(item, out)
    else:
        raise Unexpected(f"cannot write {type(value).__name__}")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * width):
            return bytes([major << 5 | info]) + argument.to_bytes(width, "big")
    raise Unexpected("integer too large")
