"""The preview's search comes first: the pages it indexes are rendered before the others,
each only as far as its searched body (the head, header, navigation and footer left
out), and the index is written as soon as they are all known; it is the build's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from residency_journal.preview.search import PagefindIndex
from residency_journal.preview.site import PreviewSite, page_key
from residency_journal.search_index import marked_body
from serving import poll
from test_preview import SERVE_URL, Reference, _index, _pagefind_processes, _project


@pytest.fixture
def preview(tmp_path: Path):
    root = _project(tmp_path)
    site = PreviewSite(str(root / "mkdocs.yml"), str(tmp_path / "preview"), SERVE_URL)
    site.prepare()
    yield root, site
    site.remove()


def _searched_bodies(site: PreviewSite) -> dict[str, str | None]:
    return dict(site.search_bodies.bodies)


def test_a_page_rendered_for_search_has_the_whole_pages_body(preview):
    """Every page: the body the background renderer keeps for search is the one of the
    page a browser gets, byte for byte, and the head, navigation and footer are left out."""
    _root, site = preview
    urls = [page_key(f.url) for f in site.doc_files]
    for url in urls:
        assert site.page(url, keep=False) is None
    reduced = _searched_bodies(site)
    site.html.clear()
    whole = {url: site.page(url) for url in urls}
    assert _searched_bodies(site) == reduced
    searched = [u for u, body in reduced.items() if body is not None]
    assert len(searched) > 20
    # What was left out: the whole page has a navigation and a footer, the body neither.
    day = whole["achats-durables-rhone-alpes/semaine-3/jour-3/"]
    assert 'class="md-footer' in day and 'data-md-type="navigation"' in day
    body = marked_body(day)
    assert body is not None and 'class="md-footer' not in body


def test_the_searched_pages_come_first_and_make_the_whole_index(preview, tmp_path: Path):
    """The index is written once the pages search indexes are rendered (the others,
    about half of a large site, later): it already is the build's, every page with its
    text."""
    root, site = preview
    urls, searched = site.render_order()
    assert 0 < searched < len(urls)
    plugin = site.config.plugins.get("journal")
    first = set(urls[:searched])
    assert all(plugin.searches(site.pages[u]) for u in first)
    assert not any(plugin.searches(site.pages[u]) for u in urls[searched:])
    for url in urls[:searched - 1]:
        site.page(url, keep=False)
    assert site.write_pagefind() is False  # one page search indexes is not rendered yet
    site.page(urls[searched - 1], keep=False)
    assert site.write_pagefind() is True
    reference = Reference(root)  # a build as `mkdocs serve` makes it (drafts shown)
    try:
        built = reference.build(tmp_path / "reference")
    finally:
        reference.close()
    assert _index(tmp_path / "preview" / "pagefind") == _index(built / "pagefind")
    # Nothing changed since: the index is not written again.
    assert site.write_pagefind() is False
    assert len(site.html) == searched  # none of the other pages was rendered
    assert all(site.html[u] is None for u in first)  # nor kept: rendered for search only


def test_after_a_save_only_the_changed_searched_pages_come_first(preview):
    """After a save the index waits for the searched pages the save may have changed,
    and for no other page."""
    root, site = preview
    urls, searched = site.render_order()
    for url in urls[:searched]:
        site.page(url, keep=False)
    assert site.write_pagefind() is True
    day = root / "journal" / "residence-test" / "semaine-1" / "jour-1.md"
    day.write_text(day.read_text(encoding="utf-8") + "\nUn mot nouveau : xylophonique.\n",
                   encoding="utf-8")
    assert site.refresh() is not None
    urls, searched = site.render_order()
    wanted = urls[:searched]
    assert "residence-test/semaine-1/jour-1/" in wanted
    assert not any(u.startswith("achats-durables-rhone-alpes/") for u in wanted)
    for url in wanted:
        site.page(url, keep=False)
    assert site.write_pagefind() is True
    text = _index(Path(site.site_dir) / "pagefind")[1]
    assert "xylophonique" in text["/residence-test/semaine-1/jour-1/"]


def test_the_preview_index_is_built_whole_and_swapped_in(tmp_path: Path):
    """PagefindIndex writes from the bodies given, into site_dir/pagefind, then serves
    its files; the number of pages is what was given."""
    index = PagefindIndex(str(tmp_path))
    pages = [(f"/p{i}/", f'<div data-pagefind-body><h1>Page {i}</h1><p>Texte {i}.</p>'
                          '<!--journal-search-end-->') for i in range(3)]
    assert index.build(pages) is True
    assert index.pages == 3
    assert index.read("pagefind-entry.json") is not None
    assert poll(lambda: _pagefind_processes(parent=os.getpid()) == [] or None,
                "Pagefind's process ended", 20)
