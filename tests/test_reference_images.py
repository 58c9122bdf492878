"""Reference-style images (``![alt][label]``, ``![label][]``, ``![label]`` with a
``[label]: target`` definition) need alternative text as inline images do: the
same message, at the line of the image (not of the definition)."""

from __future__ import annotations

import re

from conftest import RESIDENCE_YML, build_project, entry, write_project
from residency_journal.model import Options, load_journal
from residency_journal.model.messages import quote, say
from test_photos import png_with_text

A = "journal/res"
DAY = f"{A}/semaine-1/jour-1.md"
# The front matter is 3 lines, then a blank line: the body starts at line 5.
BODY = (
    "Premier paragraphe.\n\n"
    "![][mur]\n\n"  # line 7: no alternative text
    "![Le mur, décrit][mur]\n\n"
    "![mur]\n\n"  # a shortcut reference: its label is its alternative text
    '![][frise]{alt=""}\n\n'  # line 13: decorative on purpose
    "Voir ![ ][Mur] ici.\n\n"  # line 15: labels ignore case; blank is no description
    "`![][mur]` dans du code.\n\n"
    "![][absent] n'a pas de définition : ce n'est pas une image.\n\n"
    "![][perdu]\n\n"  # line 21: its definition is refused (no such file): one message there
    "[mur]: ../media/mur.png\n"
    "[frise]: ../media/frise.png \"Une frise\"\n"
    "[perdu]: ../media/perdu.png\n")  # line 25


def write(root):
    write_project(root, {f"{A}/residence.yml": RESIDENCE_YML, DAY: entry("date: 2013-01-28\n", BODY)})
    for name in ("mur", "frise"):
        path = root / A / "media" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png_with_text((40, 20)))
    return root


EXPECTED = [
    (7, say("image.no_alt", target="../media/mur.png")),
    (15, say("image.no_alt", target="../media/mur.png")),
    (25, say("link.missing", target=quote("../media/perdu.png"))),
]


def test_a_reference_image_without_alt_text_is_a_problem_at_its_line(tmp_path):
    journal = load_journal(write(tmp_path), options=Options())
    assert sorted((p.line, p.message) for p in journal.problems if p.path == DAY) == EXPECTED
    assert [p for p in journal.problems if p.path != DAY] == []


def test_the_build_says_the_same_and_keeps_the_decorative_image(tmp_path):
    expect = [f"{DAY}:{line}: {message}" for line, message in EXPECTED]
    built = build_project(write(tmp_path / "p"), expect=expect)
    assert sorted(m.split(": ", 1)[1] for m in built.warnings) == sorted(expect)
    html = built.html("res/semaine-1/jour-1/").split('class="md-content"', 1)[1]
    assert '{alt=""}' not in html
    assert re.search(r'<img alt="" [^>]*src="../../media/frise.png"', html), html
    assert re.search(r'<img alt="Le mur, décrit" [^>]*src="../../media/mur.png"', html), html
