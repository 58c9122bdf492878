"""Pagefind's word index re-split (search_chunks, for the first query's budget), read
back from the index Pagefind writes for the shipped journal. That the search still
finds the same pages in a browser is tests/test_search.py."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import build_shipped_copy
from residency_journal import search_chunks
from residency_journal.search_chunks import SIGNATURE, decode, encode, rechunk
from residency_journal.search_index import available


@pytest.fixture(scope="module")
def pagefind_files(tmp_path_factory) -> dict[str, bytes]:
    """The shipped journal's index as Pagefind wrote it (our re-split turned off)."""
    if not available():
        pytest.skip("pagefind[bin] not installed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_chunks, "rechunk", lambda files, target=0: dict(files))
        built = build_shipped_copy(tmp_path_factory.mktemp("chunks"))
    bundle = built.site / "pagefind"
    return {str(p.relative_to(bundle)): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def unpack(data: bytes):
    raw = gzip.decompress(data)
    assert raw.startswith(SIGNATURE)
    value, end = decode(raw[len(SIGNATURE):])
    assert end == len(raw) - len(SIGNATURE)
    return value


def index(files: dict[str, bytes]):
    """The meta (its version, pages, chunks...) and each chunk's words, in chunk order."""
    entry = json.loads(files["pagefind-entry.json"])
    meta = unpack(files[f"pagefind.{entry['languages']['fr']['hash']}.pf_meta"])
    chunks = [(chunk, unpack(files[f"index/{chunk[2]}.pf_index"])[0]) for chunk in meta[2]]
    return entry, meta, chunks


def size(word) -> int:
    """What a word weighs: its integers (page numbers and locations, variants included)."""
    if isinstance(word, int):
        return 1
    if isinstance(word, list):
        return sum(size(item) for item in word)
    return 0


def first_chunk_for(chunks, key: str) -> str:
    """The chunk Pagefind's search loads for a word: the first whose bounds hold it."""
    return next(c[2] for c, _ in chunks if c[0] <= key <= c[1])


def test_every_word_is_kept_in_order_in_the_chunk_the_search_looks_in(pagefind_files):
    _, meta, before = index(pagefind_files)
    files = rechunk(pagefind_files, 40)
    entry, new_meta, after = index(files)
    assert len(after) > 10 * len(before)  # small target: the shipped journal is small
    words_before = [w for _, words in before for w in words]
    words_after = [w for _, words in after for w in words]
    assert words_after == words_before
    for chunk, words in after:
        assert len(words) == 1 or size(words) <= 40, chunk
        for word in words:
            assert first_chunk_for(after, word[0]) == chunk[2], word[0]
        # a query that is the start of the chunk's first word looks in it too
        assert chunk[0] <= chunk[1] and first_chunk_for(after, chunk[0]) == chunk[2], chunk
    # the rest of the meta is Pagefind's; the entry points at the new meta; no file left over
    assert new_meta[:2] == meta[:2] and new_meta[3:] == meta[3:]
    assert entry["languages"]["fr"]["page_count"] == len(meta[1])
    referenced = {f"index/{c[2]}.pf_index" for c, _ in after}
    assert {name for name in files if name.startswith("index/")} == referenced
    assert sum(name.endswith(".pf_meta") for name in files) == 1
    unchanged = {n for n in pagefind_files if not n.startswith("index/") and not n.endswith("pf_meta")}
    assert all(files[n] == pagefind_files[n] for n in unchanged - {"pagefind-entry.json"})


def test_accented_words_count_as_much_as_the_others(pagefind_files):
    # Pagefind sizes a chunk by the unaccented forms only: "étude" weighs nothing there.
    _, _, chunks = index(rechunk(pagefind_files, 400))
    accented = [w for _, words in chunks for w in words if len(w) > 2 and w[2] and not w[1]]
    assert accented, "no word stored only as accented variants"
    for chunk, words in chunks:
        assert len(words) == 1 or size(words) <= 400, (chunk, size(words))


def test_the_same_index_gives_the_same_bytes(pagefind_files):
    assert rechunk(pagefind_files, 40) == rechunk(dict(pagefind_files), 40)
    again = rechunk(rechunk(pagefind_files, 40), 40)
    assert index(again)[2] == index(rechunk(pagefind_files, 40))[2]


def test_an_index_it_does_not_know_is_left_as_pagefind_wrote_it(pagefind_files):
    entry = json.loads(pagefind_files["pagefind-entry.json"])
    meta_name = f"pagefind.{entry['languages']['fr']['hash']}.pf_meta"
    meta = unpack(pagefind_files[meta_name])
    newer = dict(pagefind_files)
    newer[meta_name] = gzip.compress(SIGNATURE + encode(["2.0.0", *meta[1:]]))
    assert rechunk(newer, 40) == newer
    for broken in (b"", b"not gzip", gzip.compress(b"pagefind_dcd\xff\xff")):
        damaged = {**pagefind_files, meta_name: broken}
        assert rechunk(damaged, 40) == damaged
    chunk = next(n for n in pagefind_files if n.startswith("index/"))
    damaged = {**pagefind_files, chunk: gzip.compress(SIGNATURE + b"\x81\x9f")}
    assert rechunk(damaged, 40) == damaged
    # a chunk entry with a field this module would not write back
    longer = [*meta[:2], [[*c, "x"] for c in meta[2]], *meta[3:]]
    changed = {**pagefind_files, meta_name: gzip.compress(SIGNATURE + encode(longer))}
    assert rechunk(changed, 40) == changed
    assert rechunk({}, 40) == {}


@pytest.mark.slow
def test_the_build_writes_the_index_re_split(tmp_path, monkeypatch):
    if not available():
        pytest.skip("pagefind[bin] not installed")
    monkeypatch.setattr(search_chunks, "TARGET", 40)
    built = build_shipped_copy(tmp_path)
    bundle = built.site / "pagefind"
    files = {str(p.relative_to(bundle)): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    _, _, chunks = index(files)
    assert len(chunks) > 20
    assert all(len(words) == 1 or size(words) <= 40 for _, words in chunks)
