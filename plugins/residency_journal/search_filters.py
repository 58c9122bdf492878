"""Pagefind's filter index written in one order, so the same site gives the same bytes.

Pagefind 1.5 keeps a filter's values (the ``residency`` filter: one value per
residency) in a hash map seeded anew by each run, and writes them in that map's
order: with two residencies or more, ``filter/<hash>.pf_filter`` changes from
one build of the same site to the next, its name (a hash of its bytes) with
it, and so do the meta and ``pagefind-entry.json`` that name it. The order in
which pages are sent does not matter: only the map's seed does. (Pagefind's
source says so: "TODO: Change filter indexes to BTree to give them a stable
hash".) Fragments and word chunks are already the same from run to run.

Here each filter file is written again with its values sorted (each value keeps
its pages), named as Pagefind names it (the first 7 characters of the SHA-1 of
its CBOR, each byte in hexadecimal without a leading zero, after the language),
the meta's filters sorted by name and pointing at the new files. The search
reads the values into a map: their order changes nothing it finds or counts.

Read and written in the format of the version we lock (1.5.x), with the CBOR of
:mod:`.search_chunks`; anything else leaves the index as Pagefind wrote it (found
by the same, but not byte-identical across builds: tests/test_same_search_index.py
fails then).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping

from .search_chunks import Unexpected, encode, pack, read_item, rewrite_metas


def sort_filters(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """``files`` (path in the bundle → bytes) with every filter's values in order; the
    same files if they are not as expected."""
    try:
        return _sort_filters(files)
    except (Unexpected, ValueError, KeyError, IndexError, TypeError, OSError, EOFError):
        return dict(files)


def _sort_filters(files: Mapping[str, bytes]) -> dict[str, bytes]:
    return rewrite_metas(files, 4, _sorted_meta)


def _sorted_meta(meta: list, prefix: str, out: dict[str, bytes]) -> list | None:
    """The meta with its filters sorted by name, each filter file written again sorted
    and named anew in ``out``; None when the index has no filter."""
    old = meta[3]
    if not all(isinstance(f, list) and len(f) == 2 and all(isinstance(v, str) for v in f)
               for f in old):
        raise Unexpected("filter entries are not [name, hash]")
    if not old:
        return None
    rewritten: dict[str, bytes] = {}
    filters = []
    for name, file_hash in sorted(old):
        body = encode(_sorted_values(read_item(out[f"filter/{file_hash}.pf_filter"]), name))
        new_hash = pagefind_name(prefix, body, 7, rewritten.keys())
        rewritten[new_hash] = body
        filters.append([name, new_hash])
    for _, file_hash in old:
        out.pop(f"filter/{file_hash}.pf_filter")
    for file_hash, body in rewritten.items():
        out[f"filter/{file_hash}.pf_filter"] = pack(body)
    return [*meta[:3], filters, *meta[4:]]


def _sorted_values(index, name: str) -> list:
    """A filter file's ``[name, [[value, [page, ...]], ...]]`` with its values sorted."""
    if not (isinstance(index, list) and len(index) == 2 and index[0] == name
            and isinstance(index[1], list)):
        raise Unexpected(f"filter {name!r} is not [name, values]")
    values = index[1]
    if not all(isinstance(v, list) and len(v) == 2 and isinstance(v[0], str)
               and isinstance(v[1], list) for v in values):
        raise Unexpected(f"values of filter {name!r} are not [value, pages]")
    if len({v[0] for v in values}) != len(values):
        raise Unexpected(f"filter {name!r} holds a value twice")
    return [name, sorted(values, key=lambda v: v[0])]


def pagefind_name(prefix: str, data: bytes, length: int, taken: Collection[str]) -> str:
    """``data``'s name as Pagefind gives it: SHA-1, each byte in hexadecimal without a
    leading zero (``0x05`` is ``5``), cut to ``length`` characters, longer if taken."""
    digest = "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())
    while prefix + digest[:length] in taken and length < len(digest):
        length += 1
    return prefix + digest[:length]
