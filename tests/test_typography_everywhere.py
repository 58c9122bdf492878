"""French typography wherever a reader sees text, not only in the article: the navigation,
the table of contents, <title>, the sharing tags, the feeds. One rule (french.typographie),
applied where the text is made; ids, URLs and data stay as written.

A fixture site whose titles and headings hold ``? : ! « »`` is built once for the module;
the shipped journal is the session's one build (conftest.shipped_build).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, Built, build_project, entry, write_project
from residency_journal.french import NBSP, NNBSP
from residency_journal.typography import TypographieExtension
from residency_journal.views import plain_text, toc_tokens
from test_build import shipped
from test_fresh_site import make_site

# An ordinary space (or a line break) before ; : ! ? that ends a word, or inside « ».
BAD = re.compile(r"[ \t\n\r]+[;:!?](?=\s|$)|«[ \t\n\r]|[ \t\n\r]»")
SKIP = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "svg"}
VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "area", "base", "col"}

ACTION = "Écrire une charte : pourquoi ?"
DAY_TITLE = "Qui décide ? Le service « achats » !"
HEADING = "Où en est-on ?"

DAY = entry(f"""
    date: 2013-01-28
    title: "{DAY_TITLE}"
    authors: [claire]
    summary: "Premier jour : on écoute ; on note !"
    participants:
      - ref: daj
    actions:
      - id: charte
        title: "{ACTION}"
        verdict: retenue
    """, f"""\
Le récit : il commence ici.

## {HEADING}

Une première réponse.

### Étape : « deux » !

Une autre.
""")

GUIDE = """\
# Guide : lire le journal ?

## Une question ?

Oui.

## « Citation » : la voici !

Non.
"""

NAMED = """\
---
title: "Mode d'emploi : tout lire !"
---

# Mode d'emploi

Rien.
"""

FILES = {
    "journal/res/residence.yml": RESIDENCE_YML.replace(
        "title: Résidence test", 'title: "Résidence « test » : Lyon !"'),
    "journal/res/semaine-1/jour-1.md": DAY,
    "docs/guide.md": GUIDE,
    "docs/mode-d-emploi.md": NAMED,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    root = write_project(tmp_path_factory.mktemp("typography") / "project", FILES, BASE_MKDOCS_YML)
    return build_project(root)


class _Page(HTMLParser):
    """What a reader sees of a page: its text nodes, <title>, og:title and descriptions, the
    headings (id -> text, the permalink left out) and the sidebar's toc links (id -> text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.title = ""
        self.shared: dict[str, str] = {}
        self.headings: dict[str, str] = {}
        self.toc: list[tuple[str, str]] = []
        self._stack: list[str] = []
        self._heading: str | None = None
        self._toc_depth = 0  # inside <nav class="md-nav--secondary">
        self._link: str | None = None
        self._permalink = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "meta" and (key := values.get("property") or values.get("name")) in (
                "og:title", "og:description", "description"):
            self.shared[key] = values.get("content") or ""
        if tag in VOID:
            return
        self._stack.append(tag)
        if re.fullmatch(r"h[1-6]", tag) and values.get("id"):
            self._heading = values["id"]
            self.headings[self._heading] = ""
        if tag == "a" and "headerlink" in classes:
            self._permalink = True
        if tag == "nav" and (self._toc_depth or "md-nav--secondary" in classes):
            self._toc_depth += 1
        if self._toc_depth and tag == "a" and (values.get("href") or "").startswith("#"):
            self._link = values["href"][1:]
            self.toc.append((self._link, ""))

    def handle_endtag(self, tag):
        if tag == "a":
            self._permalink = False
            self._link = None
        if tag == "nav" and self._toc_depth:
            self._toc_depth -= 1
        if self._heading and re.fullmatch(r"h[1-6]", tag):
            self._heading = None
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data):
        # code in a heading is part of its text (and of its toc entry), not typeset
        if not any(tag in SKIP for tag in self._stack):
            self.texts.append(data)
        if self._stack and self._stack[-1] == "title":
            self.title += data
        if self._heading and not self._permalink:
            self.headings[self._heading] += data
        if self._link is not None:
            link, text = self.toc[-1]
            self.toc[-1] = (link, text + data)


def read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def same_text(text: str) -> str:
    """Runs of ASCII whitespace as one space (as HTML shows them); no-break spaces kept."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")


def ordinary_spaces(site: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        page = read(path)
        bad = [text.strip() for text in page.texts if BAD.search(text)]
        bad += [f"{key}={value}" for key, value in page.shared.items() if BAD.search(value)]
        if bad:
            found[str(path.relative_to(site))] = bad
    return found


def toc_mismatches(site: Path) -> dict[str, list[tuple[str, str, str]]]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        page = read(path)
        wrong = [(link, same_text(text), same_text(page.headings.get(link, "")))
                 for link, text in page.toc
                 if link in page.headings and same_text(text) != same_text(page.headings[link])]
        if wrong:
            found[str(path.relative_to(site))] = wrong
    return found


# --- the fixture site ---------------------------------------------------------------------


def test_no_ordinary_space_before_high_punctuation_anywhere_a_reader_looks(site):
    assert ordinary_spaces(site.site) == {}


def test_titles_and_sharing_tags_are_typeset(site):
    action = read(site.site / "res/actions/charte/index.html")
    full = f"Action{NBSP}: Écrire une charte{NBSP}: pourquoi{NNBSP}?"
    assert action.title.startswith(full), action.title
    assert action.shared["og:title"].startswith(full)
    day = read(site.site / "res/semaine-1/jour-1/index.html")
    title = f"Qui décide{NNBSP}? Le service «{NBSP}achats{NBSP}»{NNBSP}!"
    assert day.title.startswith(title) and day.shared["og:title"].startswith(title)
    assert day.shared["description"] == f"Premier jour{NBSP}: on écoute{NNBSP}; on note{NNBSP}!"
    assert day.shared["og:description"] == day.shared["description"]
    # hand-written pages: by their `title:` and by their h1
    named = read(site.site / "mode-d-emploi/index.html")
    assert named.title.startswith(f"Mode d'emploi{NBSP}: tout lire{NNBSP}!")
    assert named.shared["og:title"] == f"Mode d'emploi{NBSP}: tout lire{NNBSP}!"
    guide = read(site.site / "guide/index.html")
    assert guide.title.startswith(f"Guide{NBSP}: lire le journal{NNBSP}?"), guide.title
    assert guide.shared["og:title"] == f"Guide{NBSP}: lire le journal{NNBSP}?"


def test_navigation_shows_typeset_titles(site):
    home = read(site.site / "index.html")
    shown = {same_text(text) for text in home.texts}
    assert f"Résidence «{NBSP}test{NBSP}»{NBSP}: Lyon{NNBSP}!" in shown
    assert f"Guide{NBSP}: lire le journal{NNBSP}?" in shown
    day = read(site.site / "res/semaine-1/jour-1/index.html")
    assert f"Qui décide{NNBSP}? Le service «{NBSP}achats{NBSP}»{NNBSP}!" in {
        same_text(text) for text in day.texts}


def test_toc_entries_read_as_their_headings(site):
    assert toc_mismatches(site.site) == {}
    guide = {link: same_text(text) for link, text in read(site.site / "guide/index.html").toc}
    assert guide.get("une-question") == f"Une question{NNBSP}?", guide
    assert guide.get("citation-la-voici") == f"«{NBSP}Citation{NBSP}»{NBSP}: la voici{NNBSP}!", guide
    day = read(site.site / "res/semaine-1/jour-1/index.html")
    toc = {link: same_text(text) for link, text in day.toc}
    # ids are those of the text as written, the text is typeset
    assert toc.get("ou-en-est-on") == f"Où en est-on{NNBSP}?", toc
    assert toc.get("etape-deux") == f"Étape{NBSP}: «{NBSP}deux{NBSP}»{NNBSP}!", toc


def test_urls_ids_and_data_stay_as_written(site):
    assert (site.site / "res/actions/charte/index.html").is_file()
    day = (site.site / "res/semaine-1/jour-1/index.html").read_text(encoding="utf-8")
    assert 'id="ou-en-est-on"' in day and 'href="#etape-deux"' in day
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                              (site.site / "res/actions/charte/index.html").read_text(encoding="utf-8"),
                              re.S).group(1))
    assert ld["name"] == ACTION  # JSON-LD is data: the title as written
    exported = json.loads((site.site / "donnees/journal.json").read_text(encoding="utf-8"))
    assert ACTION in json.dumps(exported, ensure_ascii=False)
    assert f"charte{NBSP}:" not in json.dumps(exported, ensure_ascii=False)


def test_feeds_titles_and_summaries_are_typeset(site):
    title = f"Qui décide{NNBSP}? Le service «{NBSP}achats{NBSP}»{NNBSP}!"
    for folder in ("", "res/"):
        feed = json.loads((site.site / folder / "feed.json").read_text(encoding="utf-8"))
        assert [item["title"] for item in feed["items"]] == [title]
        assert feed["items"][0]["summary"] == f"Premier jour{NBSP}: on écoute{NNBSP}; on note{NNBSP}!"
        assert feed["items"][0]["url"].endswith("/res/semaine-1/jour-1/")
        for name in ("rss.xml", "atom.xml"):
            xml = (site.site / folder / name).read_text(encoding="utf-8")
            assert title in xml.replace("&#x27;", "'")
            titles = re.findall(r"<title[^>]*>([^<]*)</title>", xml)
            assert titles and not [t for t in titles if BAD.search(t)], titles
    residency = json.loads((site.site / "res/feed.json").read_text(encoding="utf-8"))
    assert residency["title"] == f"Résidence «{NBSP}test{NBSP}»{NBSP}: Lyon{NNBSP}!"
    # the feeds' links in the residency's pages name it the same way
    links = re.findall(r'<link rel="alternate" type="[^"]+" title="([^"]*)"',
                       (site.site / "res/index.html").read_text(encoding="utf-8"))
    assert f"RSS — Résidence «{NBSP}test{NBSP}»{NBSP}: Lyon{NNBSP}!" in links, links


# --- the pieces ----------------------------------------------------------------------------


def test_the_markdown_extension_typesets_toc_names_and_keeps_ids():
    md = markdown.Markdown(extensions=["toc", TypographieExtension()])
    md.convert("## Où en sont les actions ?\n\n### R&D : « oui » !\n")
    [top] = md.toc_tokens
    assert (top["id"], top["name"]) == ("ou-en-sont-les-actions", f"Où en sont les actions{NNBSP}?")
    [child] = top["children"]
    assert child["id"] == "rd-oui"
    assert child["name"] == f"R&amp;D{NBSP}: «{NBSP}oui{NBSP}»{NNBSP}!"


def test_toc_tokens_of_generated_html_keep_the_no_break_spaces():
    [token] = toc_tokens(f'<h2 id="a">Où en sont\n  les actions{NNBSP}?<a class="headerlink">¶</a></h2>')
    assert token["name"] == f"Où en sont les actions{NNBSP}?"


def test_plain_text_is_striptags_without_losing_no_break_spaces():
    assert plain_text(f"<b>R&amp;D</b>{NBSP}:  oui\n{NNBSP}?") == f"R&D{NBSP}: oui {NNBSP}?"
    assert plain_text("a <i>b</i> &lt;c&gt;") == "a b <c>"


def test_the_scan_finds_ordinary_spaces(tmp_path):
    (tmp_path / "p.html").write_text(
        '<title>A : b</title><meta property="og:title" content="C ?">'
        "<p>« D » <code>x ; y</code></p>", encoding="utf-8")
    assert ordinary_spaces(tmp_path) == {"p.html": ["A : b", "« D »", "og:title=C ?"]}


# --- the shipped journal --------------------------------------------------------------------


def test_shipped_journal_has_french_spaces_everywhere(tmp_path):
    built = shipped(tmp_path)
    assert ordinary_spaces(built.site) == {}
    assert toc_mismatches(built.site) == {}
    home = read(built.site / "achats-durables-rhone-alpes/index.html")
    assert ("journal-ou-en-sont", f"Où en sont les actions{NNBSP}?") in [
        (link, same_text(text)) for link, text in home.toc]


def test_a_journal_init_site_has_french_spaces_everywhere(tmp_path):
    """A site made by `journal init`, filled in, with a second residency (test_fresh_site)."""
    built = build_project(make_site(tmp_path / "site"))
    assert ordinary_spaces(built.site) == {}
    assert toc_mismatches(built.site) == {}
