"""A filter's values written in one order (search_filters), read back from the index
Pagefind writes for a journal of four residencies; in a browser, Pagefind reads the
filter file written again. Builds compared byte for byte: tests/test_same_search_index.py."""

from __future__ import annotations

import gzip
import json
import random

import browser as web
import pytest
from residency_journal import search_filters
from residency_journal.search_chunks import SIGNATURE, decode, encode
from residency_journal.search_filters import pagefind_name, sort_filters
from residency_journal.search_index import available
from test_same_search_index import RESIDENCIES, write_residencies

chromium, browser = web.chromium, web.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The journal of four residencies built, and its index as Pagefind wrote it
    (the filters left in Pagefind's order)."""
    if not available():
        pytest.skip("pagefind[bin] not installed")
    from conftest import build_project

    root = write_residencies(tmp_path_factory.mktemp("filters") / "journal")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_filters, "sort_filters", lambda files: dict(files))
        theirs = build_project(root, site_dir="theirs").site
    ours = build_project(root, site_dir="ours").site
    return read(theirs / "pagefind"), ours


def read(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def unpack(data: bytes):
    raw = gzip.decompress(data)
    assert raw.startswith(SIGNATURE)
    value, end = decode(raw[len(SIGNATURE):])
    assert end == len(raw) - len(SIGNATURE)
    return value


def pack(value) -> bytes:
    return gzip.compress(SIGNATURE + encode(value))


def meta_of(files: dict[str, bytes]) -> tuple[str, list]:
    name = f"pagefind.{json.loads(files['pagefind-entry.json'])['languages']['fr']['hash']}.pf_meta"
    return name, unpack(files[name])


def filters_of(files: dict[str, bytes]) -> dict[str, tuple[str, list]]:
    """Each filter of the meta: its file's name and its ``[name, values]``."""
    _, meta = meta_of(files)
    return {name: (f"filter/{file_hash}.pf_filter", unpack(files[f"filter/{file_hash}.pf_filter"]))
            for name, file_hash in meta[3]}


def with_values(files: dict[str, bytes], order) -> dict[str, bytes]:
    """``files`` with the residency filter's values in another ``order`` (a function of
    the values' list), named and pointed at as Pagefind would."""
    out = dict(files)
    meta_name, meta = meta_of(files)
    path, (name, values) = filters_of(files)["residency"]
    body = encode([name, order(values)])
    new_hash = pagefind_name("fr_", body, 7, ())
    del out[path]
    out[f"filter/{new_hash}.pf_filter"] = gzip.compress(SIGNATURE + body)
    out[meta_name] = pack([*meta[:3], [["residency", new_hash]], *meta[4:]])
    return out


def test_the_values_are_sorted_and_keep_their_pages(built):
    theirs, _ = built
    files = sort_filters(theirs)
    path, (name, values) = filters_of(files)["residency"]
    _, (_, pagefinds) = filters_of(theirs)["residency"]
    assert [v[0] for v in values] == sorted(RESIDENCIES.values())
    assert sorted(values) == sorted(pagefinds)
    assert all(len(pages) > 2 for _, pages in values)  # its days, its home, its other pages
    # named as Pagefind names a file; the meta and the entry point at them; nothing left over
    body = gzip.decompress(files[path])[len(SIGNATURE):]
    assert path == f"filter/{pagefind_name('fr_', body, 7, ())}.pf_filter"
    meta_name, meta = meta_of(files)
    _, old_meta = meta_of(theirs)
    assert meta[:3] == old_meta[:3] and meta[4:] == old_meta[4:]
    assert {n for n in files if n.startswith("filter/")} == {path}
    assert [n for n in files if n.endswith(".pf_meta")] == [meta_name]
    unchanged = {n for n in theirs if not n.startswith("filter/") and not n.endswith(".pf_meta")}
    assert all(files[n] == theirs[n] for n in unchanged - {"pagefind-entry.json"})
    assert json.loads(files["pagefind-entry.json"])["languages"]["fr"]["page_count"] == len(meta[1])


def test_every_order_pagefind_may_write_gives_the_same_bytes(built):
    theirs, ours = built
    expected = sort_filters(theirs)
    assert expected == read(ours / "pagefind")  # what the build writes
    rng = random.Random(7)
    orders = [list, lambda v: v[::-1], lambda v: sorted(v), lambda v: sorted(v, reverse=True),
              *[lambda v: rng.sample(v, len(v)) for _ in range(6)]]
    for order in orders:
        assert sort_filters(with_values(theirs, order)) == expected
    assert sort_filters(expected) == expected


def test_files_are_named_as_pagefind_names_them(built):
    theirs, _ = built
    for path, _ in filters_of(theirs).values():
        body = gzip.decompress(theirs[path])[len(SIGNATURE):]
        assert path == f"filter/{pagefind_name('fr_', body, 7, ())}.pf_filter"
    # A file Pagefind 1.5.2 wrote: SHA-1 d86205d862..., named fr_d8625d8 (0x05 is "5").
    written = ["residency", [["Résidence delta", [7, 8, 9]], ["Résidence gamma", [10, 11, 12]],
                             ["Résidence beta", [4, 5, 6]], ["Résidence alpha", [1, 2, 3]]]]
    assert pagefind_name("fr_", encode(written), 7, ()) == "fr_d8625d8"
    assert pagefind_name("fr_", encode(written), 7, {"fr_d8625d8"}) == "fr_d8625d86"


def test_an_index_it_does_not_know_is_left_as_pagefind_wrote_it(built):
    theirs, _ = built
    meta_name, meta = meta_of(theirs)
    path, (name, values) = filters_of(theirs)["residency"]
    variants = [
        {**theirs, meta_name: pack(["2.0.0", *meta[1:]])},  # another version
        {**theirs, meta_name: pack([*meta[:3], [["residency", "fr_0000000"]], *meta[4:]])},
        {**theirs, meta_name: b"not gzip"},
        {**theirs, path: pack([name, [*values, values[0]]])},  # a value twice
        {**theirs, path: pack(["autre", values])},  # not the filter the meta names
        {**theirs, path: pack([name, [[v, p, 0] for v, p in values]])},  # a field more
        {**theirs, path: gzip.compress(SIGNATURE + encode([name, values]) + b"\x00")},
    ]
    for files in variants:
        assert sort_filters(files) == files
    assert sort_filters({}) == {}


def test_pagefind_reads_the_filter_written_again(built, browser):
    """In Chromium, Pagefind's own script on the built site: each residency with its pages,
    and a search filtered by a residency finds only that residency's pages."""
    _, ours = built
    _, (_, values) = filters_of(read(ours / "pagefind"))["residency"]
    with web.serve(ours, prefix="/") as served:
        web.open_page(browser, served.url("alpha/"))
        found = browser.execute_async_script("""
            const done = arguments[arguments.length - 1];
            (async () => {
              const pagefind = await import(arguments[0]);
              await pagefind.options({baseUrl: "/", noWorker: true});
              const filters = await pagefind.filters();
              const urls = {};
              for (const value of Object.keys(filters.residency)) {
                const search = await pagefind.search("atelier", {filters: {residency: value}});
                urls[value] = (await Promise.all(search.results.map(r => r.data())))
                  .map(d => d.url).sort();
              }
              return {filters, urls};
            })().then(done, error => done({error: String(error)}));
        """, served.url("pagefind/pagefind.js"))
    assert "error" not in found, found
    assert found["filters"] == {"residency": {value: len(pages) for value, pages in values}}
    slugs = {title: slug for slug, title in RESIDENCIES.items()}
    for value, urls in found["urls"].items():
        assert urls and all(url.startswith(f"/{slugs[value]}/") for url in urls), (value, urls)
    assert set(found["urls"]) == set(RESIDENCIES.values())
