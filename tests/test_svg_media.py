"""SVG images of media/: published as the allowlist rewrites them, or not at all.

An SVG opened on its own is a document of the site's origin: nothing in it may run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RESIDENCE_YML, build_project, entry, write_project
from residency_journal import cli
from residency_journal.model.svg_policy import MAX_BYTES, clean_svg

SVG = "http://www.w3.org/2000/svg"

HOSTILE = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="{SVG}" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert('MARK-SVG')">
  <title>Plan</title>
  <script>alert('MARK-SVG')</script>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><script>alert('MARK-SVG')</script></div></foreignObject>
  <a xlink:href="javascript:alert('MARK-SVG')"><rect width="1" height="1"/></a>
  <use href="https://evil.example/MARK-SVG.svg#a"/>
  <set attributeName="href" to="javascript:alert('MARK-SVG')"/>
  <style>@import url(https://evil.example/MARK-SVG.css);</style>
  <rect style="fill:url(https://evil.example/MARK-SVG)" fill="url(#g)" width="2" height="2"/>
  <circle r="1" onclick="alert('MARK-SVG')"/>
</svg>
"""
REMOVED_AT = [(2, "onload= (sur <svg>)"), (4, "<script>"), (5, "<foreignObject>"),
              (6, "href= (sur <a>)"), (7, "href= (sur <use>)"), (8, "<set>"), (9, "<style>"),
              (10, "style= (sur <rect>)"), (11, "onclick= (sur <circle>)")]

DRAWING = f"""\
<svg xmlns="{SVG}" viewBox="0 0 20 10" role="img" aria-labelledby="t">
  <title id="t">Un plan</title>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <rect x="1" y="1" width="18" height="8" rx="1" fill="url(#g)" stroke="#333"/>
  <use href="#c"/><circle id="c" cx="5" cy="5" r="2" style="fill: #c00"/>
  <text x="10" y="6" font-size="3" text-anchor="middle">Table &amp; chaises</text>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
</svg>
"""


def removals(result) -> list[tuple[int, str]]:
    return [(line, re.search(r"retiré : (.+?) ; ", message).group(1))
            for line, message in result.messages]


def test_a_drawing_is_published_byte_for_byte():
    result = clean_svg(DRAWING.encode())
    assert result.messages == []
    assert result.content == DRAWING.encode()


def test_whatever_runs_or_loads_is_removed_at_its_line():
    result = clean_svg(HOSTILE.encode())
    assert removals(result) == REMOVED_AT
    text = result.content.decode()
    assert "MARK-SVG" not in text and "alert" not in text and "javascript" not in text
    assert 'fill="url(#g)"' in text and "<title>Plan</title>" in text


@pytest.mark.parametrize(("data", "why"), [
    (b'<!DOCTYPE svg [<!ENTITY a "aa"><!ENTITY b "&a;&a;&a;">]><svg xmlns="' + SVG.encode()
     + b'">&b;</svg>', "DOCTYPE"),
    (b'<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg xmlns="' + SVG.encode() + b'"/>', "DOCTYPE"),
    (b"<svg><rect/></svg>", "sans xmlns"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', "pas <svg>"),
    (b'<svg xmlns="' + SVG.encode() + b'"><rect></svg>', "mal formé"),
    (b"\x89PNG\r\n", "mal formé"),
    (b"", "mal formé"),
])
def test_what_cannot_be_read_safely_is_not_published(data, why):
    result = clean_svg(data)
    assert result.content is None
    assert len(result.messages) == 1 and why in result.messages[0][1]


def test_size_and_depth_are_bounded():
    assert clean_svg(b" " * (MAX_BYTES + 1)).content is None
    deep = b'<svg xmlns="' + SVG.encode() + b'">' + b"<g>" * 50_000 + b"</g>" * 50_000 + b"</svg>"
    assert clean_svg(deep).content.count(b"<g") == 50_000  # no recursion, no crash


# --- in a built site, and in `journal check` ----------------------------------------------

MKDOCS_YML = """\
site_name: Test
site_url: https://example.org/
theme:
  name: material
  language: fr
  font: false
plugins:
  - journal
markdown_extensions:
  - attr_list
"""


def files(svg: str) -> dict[str, str]:
    return {
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/media/plan.svg": svg,
        "journal/res/media/propre.svg": DRAWING,
        "journal/res/semaine-1/jour-1.md": entry(
            "date: 2013-01-28\nauthors: [claire]",
            "Le plan : ![plan](../media/plan.svg) et ![propre](../media/propre.svg)\n"),
    }


def test_a_hostile_svg_is_published_harmless_and_reported_alike_by_check(tmp_path):
    root = write_project(tmp_path / "p", files(HOSTILE), MKDOCS_YML)
    built = build_project(root, expect=["contenu actif retiré"])
    warned = sorted((int(m.group(1)), m.group(2)) for w in built.warnings
                    if (m := re.search(r"journal/res/media/plan\.svg:(\d+): contenu actif retiré : "
                                       r"(.+?) ; ", w)))
    assert warned == REMOVED_AT
    assert len(built.warnings) == len(REMOVED_AT)
    published = (built.site / "res" / "media" / "plan.svg").read_text(encoding="utf-8")
    assert "MARK-SVG" not in published and "<svg" in published
    assert (built.site / "res" / "media" / "propre.svg").read_text(encoding="utf-8") == DRAWING
    for path in built.all_files():
        assert b"MARK-SVG" not in path.read_bytes(), path

    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli.main, ["check"], catch_exceptions=False)
    finally:
        os.chdir(old)
    checked = sorted((int(m.group(1)), m.group(2)) for m in re.finditer(
        r"journal/res/media/plan\.svg:(\d+): contenu actif retiré : (.+?) ; ", result.output))
    assert checked == REMOVED_AT
    assert result.exit_code == 1


def test_an_svg_with_a_doctype_is_not_published(tmp_path):
    svg = '<!DOCTYPE svg [<!ENTITY x SYSTEM "../residence.yml">]>\n<svg xmlns="' + SVG + '">&x;</svg>'
    root = write_project(tmp_path / "p", files(svg), MKDOCS_YML)
    # MkDocs then says the day's and the livret's link lead nowhere (the reader sees the alt)
    built = build_project(root, expect=["journal/res/media/plan.svg:1: cette image n'est pas publiée",
                                        "target 'res/media/plan.svg' is not found"])
    assert not (built.site / "res" / "media" / "plan.svg").exists()
    assert (built.site / "res" / "media" / "propre.svg").exists()


def test_the_preview_publishes_a_saved_svg_as_the_build_does(tmp_path):
    """`journal serve`: an SVG saved with a script is published rewritten, and one that can
    no longer be read safely is taken away, as a build would."""
    import time

    from residency_journal.preview.site import PreviewSite

    root = write_project(tmp_path / "p", files(DRAWING), MKDOCS_YML)
    preview = PreviewSite(str(root / "mkdocs.yml"), str(tmp_path / "preview"), "http://127.0.0.1:8000/")
    published = tmp_path / "preview" / "res" / "media" / "plan.svg"
    try:
        preview.prepare()
        assert published.read_text(encoding="utf-8") == DRAWING
        time.sleep(0.01)  # a new modification time
        (root / "journal/res/media/plan.svg").write_text(HOSTILE, encoding="utf-8")
        preview.refresh()
        text = published.read_text(encoding="utf-8")
        assert "MARK-SVG" not in text and "<title>Plan</title>" in text
        time.sleep(0.01)
        (root / "journal/res/media/plan.svg").write_text("<!DOCTYPE svg><svg/>", encoding="utf-8")
        preview.refresh()
        assert not published.exists()
    finally:
        preview.remove()
