"""The build's speed-ups publish the same bytes as the straightforward paths.

- The shipped journal's files (pages, feeds, open data, our assets) against the
  digests of a build made before the render path was optimised
  (``fixtures/shipped-site-digests.json``). When a change of the published site is
  intended, write the digests again and say so in the commit:
  ``.venv/bin/python tests/test_same_output.py``.
- A generated journal built with each optimisation and with the path it replaces
  (the navigation and Material's folder-only blocks rendered for every page, the toc
  read by parsing the HTML again).

Not compared: Pagefind's index (its own files), the sitemap (it holds the build's
date) and the theme's assets (Material's files, as installed). In pages, the
generator line and the fingerprints in Material's asset names are blanked: they
name the engine and the Material release, and the locked sets differ (ProperDocs
says its own name; Python 3.10 gets Material 9.7).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    BASE_MKDOCS_YML,
    RESIDENCE_YML,
    ROOT,
    build_project,
    entry,
    shipped_build,
    write_project,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from residency_journal import navigation_cache, views

DIGESTS = Path(__file__).parent / "fixtures" / "shipped-site-digests.json"
MAKE_CORPUS = ROOT / "benchmarks" / "make_corpus.py"


def compared(name: str) -> bool:
    return not (name.startswith("pagefind/") or name.startswith("sitemap.xml")
                or (name.startswith("assets/") and not name.startswith("assets/journal/")))


_GENERATOR = re.compile(rb'<meta name="generator" content="[^"<>]*">')
_FINGERPRINT = re.compile(rb"(assets/(?:stylesheets|javascripts)/[\w/.-]+?)\.[0-9a-f]{8}(\.min\.(?:css|js))")


def engine_free(data: bytes) -> bytes:
    """A file's bytes without what names the installed engine and Material release."""
    return _FINGERPRINT.sub(rb"\1\2", _GENERATOR.sub(b'<meta name="generator">', data))


def digests(site: Path) -> dict[str, str]:
    """Relative path -> sha256 of every compared file of a built site."""
    files = sorted(p for p in site.rglob("*") if p.is_file())
    return {name: hashlib.sha256(engine_free(path.read_bytes())).hexdigest() for path in files
            if compared(name := path.relative_to(site).as_posix())}


def test_the_shipped_journal_publishes_the_reference_bytes() -> None:
    expected = json.loads(DIGESTS.read_text(encoding="utf-8"))
    found = digests(shipped_build().site)
    changed = sorted(n for n in expected.keys() & found.keys() if expected[n] != found[n])
    assert (changed, sorted(expected.keys() - found.keys()), sorted(found.keys() - expected.keys())) \
        == ([], [], []), ("the shipped site changed (changed, missing, new files); if intended, "
                          "run `python tests/test_same_output.py` and say why in the commit")


def test_only_the_engines_names_are_blanked() -> None:
    made_by = {  # the lines that differ between the locked sets (Python 3.10, ProperDocs)
        b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">\n'
        b'<link rel="stylesheet" href="../assets/stylesheets/main.57a0d79d.min.css">\n'
        b'<script src="/journal/assets/javascripts/bundle.a5f9d56c.min.js"></script>',
        b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.7.7">\n'
        b'<link rel="stylesheet" href="../assets/stylesheets/main.ec1eaa64.min.css">\n'
        b'<script src="/journal/assets/javascripts/bundle.d7400e89.min.js"></script>',
    }
    assert len({engine_free(text) for text in made_by}) == 1
    ours = b'<link rel="stylesheet" href="../assets/journal/journal.css"><p>main.57a0d79d.min.css</p>'
    assert engine_free(ours) == ours
    assert engine_free(b'<script src="assets/javascripts/bundle.a5f9d56d.min.js">') \
        != engine_free(b'<script src="assets/javascripts/other.a5f9d56d.min.js">')


# --- the navigation kept, against Material's own -----------------------------------------


def test_the_site_nav_block_is_materials_but_for_the_navigation() -> None:
    import material

    def block(text: str) -> str:
        found = re.search(r"\{% block site_nav %\}(.*?)\{% endblock %\}", text, re.DOTALL)
        assert found, "no site_nav block"
        return found.group(1)

    theirs = block((Path(material.__file__).parent / "templates" / "base.html").read_text("utf-8"))
    ours = block((ROOT / "plugins" / "residency_journal" / "templates" / "journal" / "page.html")
                 .read_text("utf-8"))
    mine = "{% if journal_navigation.theirs %}{{ super() }}{% else %}"
    assert ours.startswith(mine) and ours.endswith("{% endif %}")
    ours = ours[len(mine):-len("{% endif %}")]
    include = '{% include "partials/nav.html" %}'
    assert theirs.count(include) == 1, "Material's site_nav block changed: copy it again"
    kept = re.search(r"\{% set journal_key = .*?\{\{- journal_nav \}\}", ours, re.DOTALL)
    assert kept and include in kept.group(0)
    assert ours.replace(kept.group(0), include) == theirs, (
        "Material's site_nav block changed: copy it again into journal/page.html")


def test_a_sites_own_blocks_are_rendered_for_each_page(tmp_path) -> None:
    """A site's main.html that overrides the kept blocks: its blocks, page by page."""
    yml = BASE_MKDOCS_YML.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    day = "date: 2013-01-{:02d}\nauthors: [claire]\nactions:\n  - id: a{}\n    title: Action {}\n"
    files = {
        "overrides/main.html": (
            '{% extends "base.html" %}\n'
            '{% block site_nav %}<nav data-mine="{{ page.url }}"></nav>{% endblock %}\n'
            '{% block scripts %}<script data-mine="{{ page.url }}"></script>{% endblock %}\n'),
        "journal/res/residence.yml": RESIDENCE_YML,
        **{f"journal/res/semaine-1/jour-{n}.md": entry(day.format(28 + n, n, n)) for n in (1, 2)},
    }
    built = build_project(write_project(tmp_path / "site", files, yml))
    for url in ("res/semaine-1/jour-1/", "res/semaine-1/jour-2/", "res/actions/a1/",
                "res/actions/a2/"):
        html = built.html(url)
        assert f'<nav data-mine="{url}"></nav>' in html
        assert f'<script data-mine="{url}"></script>' in html


@pytest.mark.slow
def test_kept_navigations_and_walked_headings_publish_the_same_site(tmp_path, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus), "--entries", "40"],
                   check=True, capture_output=True)
    (corpus / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text("utf-8"), "utf-8")
    for part in ("docs", "overrides"):
        subprocess.run(["cp", "-r", str(ROOT / part), str(corpus / part)], check=True)

    keys = {"kept": 0, "rendered": 0}
    key = navigation_cache.NavigationCache.key
    keep = navigation_cache.NavigationCache.keep

    def counting_key(self, page):
        found = key(self, page)
        keys["kept" if found is not None else "rendered"] += 1
        return found

    renders = []

    def counting_keep(self, found, *args):
        renders.append(found)
        return keep(self, found, *args)

    spliced = []
    get = navigation_cache.NavigationCache.get

    def counting_get(self, found, *args):
        html = get(self, found, *args)
        if html is not None and self.in_menu(found):
            spliced.append(found)
        return html

    monkeypatch.setattr(navigation_cache.NavigationCache, "key", counting_key)
    monkeypatch.setattr(navigation_cache.NavigationCache, "keep", counting_keep)
    monkeypatch.setattr(navigation_cache.NavigationCache, "get", counting_get)
    blocks = []
    get_block = navigation_cache.KeptBlocks.get

    def counting_get_block(self, name, found):
        html = get_block(self, name, found)
        blocks.append(html is not None)
        return html

    monkeypatch.setattr(navigation_cache.KeptBlocks, "get", counting_get_block)
    monkeypatch.setattr(navigation_cache, "KEPT", 3)  # a few kept: pages of a folder come together
    fast = digests(build_project(corpus, site_dir="fast").site)
    assert sum(blocks) > len(blocks) * 0.7, (sum(blocks), len(blocks))
    kept_renders = sum(1 for k in renders if k is not None)
    assert keys["kept"] > 100 and kept_renders < keys["kept"] / 3, (keys, kept_renders)
    assert len(spliced) > 20  # days: the kept navigation with the day's own item

    walk = views.typeset_with_toc

    def parsed_again(markup: str):
        html = walk(markup)[0]
        return html, views.toc_tokens(html)

    monkeypatch.setattr(navigation_cache.NavigationCache, "key", lambda self, page: None)
    monkeypatch.setattr(navigation_cache.KeptBlocks, "key", lambda self, page: None)
    monkeypatch.setattr(views, "typeset_with_toc", parsed_again)
    slow = digests(build_project(corpus, site_dir="slow").site)
    assert len(fast) > 200
    assert sorted(n for n in fast.keys() | slow.keys() if fast.get(n) != slow.get(n)) == []


# --- headings from the typography walk, against the parser ------------------------------

_PIECES = st.sampled_from([
    '<h2 id="a">', '<h3 id="b">', "</h2>", "</h3>", '<H2 ID="c">', "<h2>", '<h3 id="">',
    '<a class="headerlink" href="#a">', "<a href='x'>", "</a>", "<code>", "</code>",
    "<pre>", "</pre>", "<!-- c -->", "-->", "<br/>", '<h2 id="self"/>',
    "&amp;", "&#39;", "&lt;", " : ", "« x »", "Titre ?", "\n  ", "<span>", "</span>",
    "<h2 id='q' class=x>", "<h3 id=unq>", '<a class="x headerlink y">', "<em>", "</em>",
    "x", "!", "L'équipe", "<p>", "</p>", "<kbd>", "</kbd>", "&nbsp;", "12 ?", "<h4 id='d'>",
    "</h4>",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=30))
def test_walked_headings_are_the_parsed_ones(pieces: list[str]) -> None:
    """On HTML as the templates and the body sanitiser write it: tags, entities, comments
    (no script, style or unclosed comment: the sanitiser removes them and templates write
    none in a page's content)."""
    markup = "".join(pieces)
    html, tokens = views.typeset_with_toc(markup)
    assert tokens == views.toc_tokens(html)


def test_walked_headings_of_a_page() -> None:
    markup = ('<h2 id="r">La journée : <code>a:b</code> <a class="headerlink" href="#r">¶</a></h2>'
              "<p>x</p><h3 id='s'>L&#39;équipe &amp; « eux »</h3><h2>sans id</h2>")
    html, tokens = views.typeset_with_toc(markup)
    assert tokens == views.toc_tokens(html)
    assert [t["id"] for t in tokens] == ["r"] and tokens[0]["children"][0]["id"] == "s"
    assert tokens[0]["name"] == "La journée\u00a0: a:b"


if __name__ == "__main__":  # write the reference digests from a build of the shipped journal
    import tempfile

    from conftest import build_shipped_copy

    with tempfile.TemporaryDirectory() as folder:
        found = digests(build_shipped_copy(Path(folder)).site)
    DIGESTS.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{DIGESTS}: {len(found)} files")
