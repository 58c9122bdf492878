"""What a body may contain: one sanitiser, a written allowlist, a warning at the line.

Unit tests of model/body_policy.py on HTML as Python-Markdown writes it, then small
sites built with MkDocs whose every output file (gzip and Pagefind fragments
decompressed) is searched for what must not be published.
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import markdown
import pytest
from conftest import RESIDENCE_YML, build_project, entry, write_project
from residency_journal.model import load_journal
from residency_journal.model.body_policy import MAX_REPORTED, TAGS, sanitise, sanitise_body, url_allowed
from residency_journal.model.site import LIVRET_MARKER, livret_key
from site_text import texts

# The shipped site's extensions, and Material's usual Markdown set (footnotes, abbr, def_list).
EXTENSIONS = ["toc", "admonition", "attr_list", "md_in_html", "tables", "footnotes", "abbr",
              "def_list", "codehilite", "fenced_code"]

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
  - toc:
      permalink: true
  - admonition
  - attr_list
  - md_in_html
  - tables
"""

# Anything of these in any output file is active content that came through.
ACTIVE = re.compile(
    r"<\s*(script|iframe|object|embed|form|input|meta\s+http-equiv|base|style|svg|math|link)\b"
    r"|\son[a-z]+\s*=|javascript:|vbscript:|data:text", re.IGNORECASE)


def render(text: str) -> str:
    return markdown.markdown(textwrap.dedent(text), extensions=EXTENSIONS,
                             extension_configs={"toc": {"permalink": True}})


# --- the allowlist, on HTML as Markdown writes it --------------------------------------


def test_what_markdown_and_the_extensions_write_is_kept_as_it_is():
    html = render("""\
        # Titre {: #haut .grand lang="fr" title="Le haut" }

        Un *mot*, un **autre**, du `code`, un [lien](https://example.org/a?b=1#c),
        [relatif](../semaine-1/jour-1/), [ancre](#haut), [écrire](mailto:a@example.org),
        [appeler](tel:+33100000000), une note[^1] et le HTML.

        *[HTML]: HyperText Markup Language

        ![Plan](../media/plan.png){: width="200" height="100" loading="lazy" title="Le plan" }
        ![Point](data:image/png;base64,iVBORw0KGgo=)

        | a | b |
        |:--|--:|
        | 1 | 2 |

        !!! note "À retenir"
            Une admonition.

        <details class="tip" open markdown="1">
        <summary>Plus</summary>
        Caché **ici**.
        </details>

        <figure markdown="1">
        ![Photo](photo.jpg)
        <figcaption>Légende</figcaption>
        </figure>

        Terme
        :   Définition

        > Citation

        1. un
        2. deux

        ```python
        print("x")
        ```

        [^1]: La note.
        """)
    clean, removed = sanitise(html)
    assert removed == []
    for kept in ['id="haut"', 'class="headerlink"', 'href="#haut"', 'lang="fr"', 'title="Le haut"',
                 'href="https://example.org/a?b=1#c"', 'href="../semaine-1/jour-1/"',
                 'href="mailto:a@example.org"', 'href="tel:+33100000000"', '<abbr title=',
                 'class="footnote-ref"', 'id="fn:1"', 'class="footnote-backref"', 'width="200"',
                 'height="100"', 'loading="lazy"', 'title="Le plan"',
                 'src="data:image/png;base64,iVBORw0KGgo="', "text-align:left",
                 '<div class="admonition note">', '<p class="admonition-title">', "<details",
                 "<summary>", "<figure>", "<figcaption>", "<dl>", "<blockquote>", "<ol>",
                 'class="codehilite"', "<code>", "<table>"]:
        assert kept in clean, kept


@pytest.mark.parametrize(("html", "shown", "gone"), [
    ("<script>alert('x')</script>", "<script>", "alert"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe>", "evil"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta>", "evil"),
    ('<form action="https://evil.example/"><input name="q"></form>', "<form>", "evil"),
    ('<base href="https://evil.example/">', "<base>", "evil"),
    ('<object data="x.swf"></object><embed src="x.swf">', "<object>", "swf"),
    ('<link rel="stylesheet" href="https://evil.example/a.css">', "<link>", "evil"),
    ("<style>body{background:url(https://evil.example/)}</style>", "<style>", "evil"),
    ('<p onclick="alert(1)">t</p>', "onclick= (sur <p>)", "alert"),
    ('<img src="a.png" onerror="alert(1)">', "onerror= (sur <img>)", "alert"),
    ('<a href="javascript:alert(1)">x</a>', "adresse javascript: (sur <a>)", "alert"),
    ('<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>', "adresse javascript: (sur <a>)", "alert"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "adresse javascript: (sur <a>)", "alert"),
    ('<a href="vbscript:msgbox(1)">x</a>', "adresse vbscript: (sur <a>)", "msgbox"),
    ('<a href="data:text/html,&lt;script&gt;">x</a>', "adresse data: (sur <a>)", "data:"),
    ('<img src="data:text/html,x">', "adresse data: (sur <img>)", "data:"),
    ('<p style="position:fixed">x</p>', "style= (sur <p>)", "fixed"),
    # an image from another site: a request to it each time the page is read
    ('<img src="https://tracker.example/pixel.gif">', "adresse https: (sur <img>)", "tracker"),
    ('<img src="//tracker.example/pixel.gif">', "adresse // (sur <img>)", "tracker"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>', "<svg>", "alert"),
])
def test_active_content_is_removed_and_reported(html, shown, gone):
    clean, removed = sanitise(f"<p>avant</p>{html}<p>après</p>")
    assert shown in [r.shown for r in removed]
    assert gone not in clean.lower()
    assert "<p>avant</p>" in clean and "<p>après</p>" in clean
    assert not ACTIVE.search(clean)


def test_a_comment_is_removed_without_a_word_whatever_it_holds():
    clean, removed = sanitise("<p>a</p><!-- <script>x</script> <iframe> --><p>b</p><!-- <form>")
    assert removed == []
    assert clean == "<p>a</p><p>b</p>"


def test_a_body_full_of_handlers_gives_a_bounded_number_of_messages():
    body = "\n".join(f'<p onclick="f({i})">{i}</p>' for i in range(500))
    clean, problems = sanitise_body(body, "j.md", body, 10)
    assert "onclick" not in clean and "<p>499</p>" in clean
    assert len(problems) == MAX_REPORTED + 1
    assert [p.line for p in problems[:3]] == [10, 11, 12]
    assert "450 autres contenus actifs retirés" in problems[-1].message


def test_urls_a_browser_would_run_are_refused():
    assert url_allowed("https://example.org/") and url_allowed("../x/") and url_allowed("#a")
    assert url_allowed("x:y") is False and url_allowed("java\nscript:alert(1)") is False
    assert url_allowed("data:image/png;base64,AA", image=True)
    assert not url_allowed("data:image/png;base64,AA")  # only images take data:image/
    assert url_allowed("../media/a.png", image=True) and url_allowed("a.png", image=True)
    assert not url_allowed("https://ex.org/a.png", image=True)
    assert not url_allowed(" \\\\ex.org/a.png", image=True)


def test_the_allowlist_has_no_element_that_runs_or_loads():
    assert not TAGS & {"script", "style", "iframe", "object", "embed", "form", "input", "meta",
                       "base", "link", "svg", "math", "frame", "frameset", "applet", "template"}


# --- a site built with MkDocs ----------------------------------------------------------

DAY1_BODY = """\
Premier paragraphe, sans rien de spécial.

<script>alert("MARK-SCRIPT")</script>

<iframe src="https://evil.example/MARK-IFRAME"></iframe>

<meta http-equiv="refresh" content="0;url=https://evil.example/MARK-META">

<form action="https://evil.example/MARK-FORM"><input name="q"></form>

<base href="https://evil.example/MARK-BASE/">

Un [lien piégé](javascript:void(0)//MARK-JS) dans le texte.

Un paragraphe qui attend un clic.
{: onclick="alert('MARK-CLICK')" }

## Et un titre

Le reste du récit de MARK-DAY1-REST.
"""
# File line of each: the frontmatter takes lines 1-4, a blank line, the body from line 6.
LINES = {"<script>": 8, "<iframe>": 10, "<meta>": 12, "<form>": 14, "<input>": 14, "<base>": 16,
         "adresse javascript: (sur <a>)": 18, "onclick= (sur <p>)": 21}


PAYLOADS = re.compile(r"MARK-(?:SCRIPT|IFRAME|META|FORM|BASE|JS|CLICK|SVG)")


def active_in(site: Path) -> dict[str, list[str]]:
    """The output files holding a payload's marker (each payload carries one, where it would
    act), and the feeds holding active markup (their HTML is the bodies alone)."""
    found: dict[str, list[str]] = {}
    for name, text in texts(site).items():
        hits = PAYLOADS.findall(text)
        if name.endswith(("rss.xml", "atom.xml", "feed.json")):
            decoded = html.unescape(html.unescape(text.replace("\\u003c", "<").replace(
                "\\u003e", ">").replace("\\u0026", "&")))
            # (an Atom feed's own <link> elements are the feed's, not a body's)
            hits += [m.group(0) for m in ACTIVE.finditer(decoded) if m.group(0).lower() != "<link"]
        if hits:
            found[name] = hits
    return found


def site_files(day1_body: str = DAY1_BODY, day2_body: str = "Le récit du jour 2 : MARK-DAY2.\n"
               ) -> dict[str, str]:
    return {
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28\nauthors: [claire]", day1_body),
        "journal/res/semaine-1/jour-2.md": entry("date: 2013-01-29\nauthors: [claire]", day2_body),
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("bodies") / "project", site_files(), MKDOCS_YML)
    return build_project(root, expect=["contenu actif retiré"])


def test_each_removal_is_one_warning_at_its_line(hostile):
    warned = [w for w in hostile.warnings if "contenu actif retiré" in w]
    found = {}
    for warning in warned:
        match = re.search(r"journal/res/semaine-1/jour-1\.md:(\d+): contenu actif retiré : (.+?) ; ",
                         warning)
        assert match, warning
        found[match.group(2)] = int(match.group(1))
    assert found == LINES
    assert len(warned) == len(LINES)
    assert all("Ce qu'une entrée peut contenir" in w for w in warned)


def test_no_payload_reaches_any_output_file(hostile):
    assert active_in(hostile.site) == {}
    published = texts(hostile.site)
    feeds = [n for n in published if n.endswith(("rss.xml", "atom.xml", "feed.json"))]
    assert len(feeds) == 6  # the site's three and the residency's three
    assert all("MARK-DAY1-REST" in published[n] for n in feeds)  # the story itself is published
    assert any("MARK-DAY1-REST" in t for n, t in published.items() if n.startswith("pagefind/"))
    day = hostile.html("res/semaine-1/jour-1/")
    assert "Un paragraphe qui attend un clic." in day and "lien piégé</a>" in day
    assert "MARK-DAY1-REST" in hostile.html("res/livret/")


def test_journal_check_reports_what_the_build_removes(hostile):
    """check ≡ build: `journal check` renders each body with the site's Markdown and asks
    the same sanitiser, so it prints the very lines the build warned."""
    import os

    from click.testing import CliRunner
    from residency_journal import cli

    old = Path.cwd()
    os.chdir(hostile.root)
    try:
        result = CliRunner().invoke(cli.main, ["check"], catch_exceptions=False)
    finally:
        os.chdir(old)
    built = sorted(w.split("residency_journal: ", 1)[-1] for w in hostile.warnings)
    checked = sorted(line for line in result.output.splitlines() if "contenu actif retiré" in line)
    assert checked == built
    assert result.exit_code == 1


def test_mkdocs_serve_shows_the_removals_on_the_day(tmp_path):
    root = write_project(tmp_path / "p", site_files(), MKDOCS_YML)
    built = build_project(root, command="serve", expect=["contenu actif retiré"])
    day = built.html("res/semaine-1/jour-1/")
    assert "contenu actif retiré : &lt;script&gt;" in day
    assert "MARK-SCRIPT" not in day


# --- the livret cannot be re-cut from a body ---------------------------------------------


def test_a_body_copying_another_days_marker_does_not_move_its_story(tmp_path):
    res = load_journal(write_project(tmp_path / "p0", site_files("x\n"), MKDOCS_YML)).residencies[0]
    day2 = res.entries[1].anchor
    # Every marker day 1 could copy: the old form, and the form with the key of the bodies
    # as they were before day 1 copied it (the key changes with any body).
    guessed_key = livret_key([e.body for e in res.entries])
    forged = (f"<!-- journal-livret-story: {day2} -->\n\n"
              f"{LIVRET_MARKER.format(key=guessed_key, anchor=day2)}\n")
    body = f"Le début du jour 1 : MARK-DAY1-START.\n\n{forged}\nLa suite du jour 1 : MARK-DAY1-REST.\n"
    built = build_project(write_project(tmp_path / "p", site_files(body), MKDOCS_YML))
    html = built.html("res/livret/")
    stories = dict(re.findall(r'<article class="journal-livret__entry" id="([^"]+)".*?'
                              r'<div class="journal-livret__story">(.*?)</div>\s*</article>', html,
                              re.DOTALL))
    day1 = res.entries[0].anchor
    assert "MARK-DAY1-START" in stories[day1] and "MARK-DAY1-REST" in stories[day1]
    assert "MARK-DAY1" not in stories[day2] and "MARK-DAY2" in stories[day2]
    assert "journal-livret-story" not in html
