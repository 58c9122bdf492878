"""Presentation helpers for the templates: labels, sentences, figures, the matrix.

Plain Python, so templates stay declarative (HTML only) and what they show (the
layout of the impact x difficulty matrix, the order of participant groups, the
period of a residency, the story of a visit) can be unit-tested.

One word for quotes across the site: **Verbatims**. It is the key residents write
(``verbatims:``), the URL of the index (``/verbatims/``), the name of the open data
file (``verbatims.csv``) and the word of the residencies' own practice; one word
from the writer's file to the reader's page to the data keeps them findable.
"""

from __future__ import annotations

import html
import json
import math
import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from .french import NNBSP, plural, typographie
from .model import Action, ActionStep, Entry, Participant, Residency, Verbatim, Visit, Vocabulary
from .model.vocabulary import DIFFICULTY_LABELS, IMPACT_LABELS

# --- participant groups --------------------------------------------------------------

# Groups are free text in the content model; these come first, in this order (the
# plugin's `group_order` option replaces it); any other group follows, alphabetically.
DEFAULT_GROUP_ORDER: tuple[str, ...] = ("élus", "agents", "prestataires", "partenaires",
                                        "résidents")
TEAM_GROUP = "résidents"  # the group of team members without a group of their own
OTHERS_GROUP = "autres"  # participants declared without a group
# Gender-neutral: the team is often all women, "Résidents" said otherwise.
DEFAULT_TEAM_LABEL = "L'équipe en résidence"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the matrix ----------------------------------------------------------------------

# A shape per verdict (by its rank in the vocabulary, as the colours): the second cue
# beside colour, in the matrix, its legend and every verdict label. Points of a shape
# drawn around (0, 0) with radius 1; "circle" is a circle.
SHAPES: tuple[tuple[str, str], ...] = (
    ("circle", "rond"),
    ("diamond", "losange"),
    ("square", "carré"),
    ("hexagon", "hexagone"),
    ("triangle-down", "triangle pointe en bas"),
    ("triangle-up", "triangle pointe en haut"),
    ("pentagon", "pentagone"),
    ("octagon", "octogone"),
)


def _polygon(sides: int, rotation: float, scale: float = 1.0) -> list[tuple[float, float]]:
    return [(scale * math.cos(rotation + 2 * math.pi * k / sides),
             scale * math.sin(rotation + 2 * math.pi * k / sides)) for k in range(sides)]


_SHAPE_POINTS: dict[str, list[tuple[float, float]]] = {
    "diamond": _polygon(4, -math.pi / 2, 1.18),
    "square": _polygon(4, math.pi / 4, 1.22),
    "hexagon": _polygon(6, 0, 1.08),
    "triangle-down": _polygon(3, math.pi / 2, 1.45),
    "triangle-up": _polygon(3, -math.pi / 2, 1.45),
    "pentagon": _polygon(5, -math.pi / 2, 1.1),
    "octagon": _polygon(8, math.pi / 8, 1.05),
}


def shape_path(shape: str, x: float, y: float, r: float) -> str:
    """SVG path data of ``shape`` centred on (x, y), of about the area of a circle of radius r."""
    if shape not in _SHAPE_POINTS:
        return (f"M{x - r:g},{y:g}a{r:g},{r:g} 0 1,0 {2 * r:g},0"
                f"a{r:g},{r:g} 0 1,0 {-2 * r:g},0Z")
    points = " L".join(f"{x + r * px:.2f},{y + r * py:.2f}" for px, py in _SHAPE_POINTS[shape])
    return f"M{points}Z"


@dataclass
class Mark:
    action: Action
    number: int
    x: float
    y: float


@dataclass
class Matrix:
    """An impact (rows, fort on top) x difficulty (columns, faible on the left) grid.

    Sized so that on a 358 px column (a 390 px phone) a mark is still 25 px wide
    (WCAG 2.5.8 asks 24) and labels 12 px tall: the SVG is scaled to the column.
    """

    cell_width: int
    cell_height: int
    left: int
    top: int
    marks: list[Mark] = field(default_factory=list)
    unplaced: list[tuple[int, Action]] = field(default_factory=list)
    radius: int = 17

    @property
    def width(self) -> int:
        return self.left + 3 * self.cell_width + 8

    @property
    def height(self) -> int:
        return self.top + 3 * self.cell_height + 58

    @property
    def rows(self) -> list[tuple[int, str, int]]:
        """(impact level, label, y of the row's top), fort first."""
        return [(level, IMPACT_LABELS[level], self.top + (3 - level) * self.cell_height)
                for level in (3, 2, 1)]

    @property
    def columns(self) -> list[tuple[int, str, int]]:
        return [(level, DIFFICULTY_LABELS[level], self.left + (level - 1) * self.cell_width)
                for level in (1, 2, 3)]

    @staticmethod
    def is_priority(impact: int, difficulty: int) -> bool:
        """The shaded zone: cells where the impact is above the difficulty."""
        return impact > difficulty


SPACING = 40  # centre to centre: 2 radii plus a gap, so marks never touch


def matrix_layout(actions: list[Action]) -> Matrix:
    """Number every action (in the order given) and place those with both levels."""
    numbered = list(enumerate(actions, start=1))
    cells: dict[tuple[int, int], list[tuple[int, Action]]] = {}
    unplaced = []
    for number, action in numbered:
        if action.impact and action.difficulty:
            cells.setdefault((action.impact, action.difficulty), []).append((number, action))
        else:
            unplaced.append((number, action))
    per_row = 3
    cell_width = per_row * SPACING + 12
    fullest = max((len(v) for v in cells.values()), default=0)
    cell_height = max(104, math.ceil(fullest / per_row) * SPACING + 12)
    grid = Matrix(cell_width, cell_height, left=78, top=6, unplaced=unplaced)
    for (impact, difficulty), members in sorted(cells.items()):
        x0 = grid.left + (difficulty - 1) * cell_width + 6 + SPACING / 2
        y0 = grid.top + (3 - impact) * cell_height + 6 + SPACING / 2
        for k, (number, action) in enumerate(members):
            grid.marks.append(Mark(action, number, x0 + (k % per_row) * SPACING,
                                   y0 + (k // per_row) * SPACING))
    return grid


def missing_levels(action: Action) -> str:
    """What keeps an action out of the matrix, as a phrase."""
    if not action.impact and not action.difficulty:
        return "impact et difficulté non évalués"
    return "impact non évalué" if not action.impact else "difficulté non évaluée"


# --- HTML of rendered bodies ----------------------------------------------------------

_TEXT_SKIP = frozenset({"code", "pre", "kbd", "samp", "script", "style", "math", "textarea"})
_TAG_START = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b")


def _tags(markup: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, "/" or "", name) of each comment (name "") and tag, left to right, as
    ``<!--.*?-->|<(/?)(name)\\b[^>]*>`` would find them, in linear time: once no ``-->``
    (or ``>``) follows, no later comment (or tag) can close, and none is looked for."""
    comments = tags = True
    start = markup.find("<")
    while start >= 0:
        end = -1
        if comments and markup.startswith("<!--", start):
            end = markup.find("-->", start + 4)
            if end < 0:
                comments = False
            else:
                yield start, end + 3, "", ""
                start = markup.find("<", end + 3)
                continue
        head = _TAG_START.match(markup, start) if tags else None
        if head is not None:
            end = markup.find(">", head.end())
            if end < 0:
                tags = False
            else:
                yield start, end + 1, head.group(1), head.group(2)
                start = markup.find("<", end + 1)
                continue
        start = markup.find("<", start + 1)


_ASCII_SPACES = re.compile("[ \t\n\r\f]+")


class _HeadingRules:
    """h2 and h3 elements that have an id, with their text, in document order, from
    HTMLParser's events (permalinks left out)."""

    def __init__(self) -> None:
        self.found: list[dict[str, Any]] = []
        self._open: dict[str, Any] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("h2", "h3") and values.get("id"):
            self._open = {"level": int(tag[1]), "id": values["id"], "name": ""}
        elif self._open is not None and tag == "a" and "headerlink" in (values.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skip:
            self._skip -= 1
        elif self._open is not None and tag == f"h{self._open['level']}":
            # Collapse ASCII whitespace only: str.split() would also take the French
            # no-break spaces (U+00A0, U+202F) for ordinary ones.
            self._open["name"] = _ASCII_SPACES.sub(" ", self._open["name"]).strip(" ")
            self.found.append(self._open)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None and not self._skip:
            self._open["name"] += data


class _Headings(_HeadingRules, HTMLParser):
    def __init__(self) -> None:
        _HeadingRules.__init__(self)
        HTMLParser.__init__(self, convert_charrefs=True)


def typeset_html(markup: str) -> Markup:
    """French no-break spaces in the text of an HTML fragment (never in tags, attributes,
    comments, code or scripts). Idempotent, so a body typeset already is unchanged."""
    return typeset_with_toc(markup)[0]


def typeset_with_toc(markup: str) -> tuple[Markup, list[dict[str, Any]]]:
    """:func:`typeset_html`, and the toc tokens of its result's h2/h3 headings, as
    :func:`toc_tokens` reads them, gathered in the same walk over the tags.

    For the HTML of generated pages: the templates' and sanitised bodies', which hold
    no script, no style (whose text HTMLParser does not read as tags) and no comment
    left open (after which it reads nothing)."""
    out: list[str] = []
    skip: list[str] = []
    headings = _HeadingsFromTags()
    last = 0
    before = ""

    def text(segment: str) -> None:
        nonlocal before
        if not segment:
            return
        if skip:
            out.append(segment)
            headings.data(segment, None)
            if segment.strip():
                before = "x"  # code is a word: `ref:` then " :" takes its no-break space
            return
        unescaped = html.unescape(segment) if "&" in segment else segment
        plain = typographie(unescaped, before)
        if plain.strip():
            before = plain
        headings.data(segment, plain)
        out.append(str(escape(plain)) if plain is not unescaped and plain != unescaped else segment)

    for start, end, closing, name in _tags(markup):
        text(markup[last:start])
        out.append(markup[start:end])
        last = end
        tag = name.lower()
        if tag:
            headings.tag(markup, start, end, closing, tag)
        if tag in _TEXT_SKIP and not markup.endswith("/>", start, end):
            if closing and skip and skip[-1] == tag:
                skip.pop()
            elif not closing:
                skip.append(tag)
    text(markup[last:])
    return Markup("".join(out)), _nested(headings.found)


class _HeadingsFromTags(_HeadingRules):
    """The same rules fed the tags and text of :func:`typeset_with_toc`'s walk."""

    def tag(self, markup: str, start: int, end: int, closing: str, tag: str) -> None:
        if closing:
            self.handle_endtag(tag)
            return
        if tag in ("h2", "h3") or (tag == "a" and self._open is not None):
            self.handle_starttag(tag, _attributes(markup, start, end))
        if markup.endswith("/>", start, end):  # as HTMLParser's handle_startendtag
            self.handle_endtag(tag)

    def data(self, segment: str, plain: str | None) -> None:
        """A text segment as written, and as typeset (None: left as written)."""
        if self._open is not None and not self._skip:
            self.handle_data(plain if plain is not None else
                             html.unescape(segment) if "&" in segment else segment)


_TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*(?:\s|/(?!>))*")
# html.parser's attribute pattern (attrfind_tolerant), so attributes read as it reads them.
_ATTRIBUTE = re.compile(
    r'((?<=[\'"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*'
    r'(\'[^\']*\'|"[^"]*"|(?![\'"])[^>\s]*))?(?:\s|/(?!>))*')


def _attributes(markup: str, start: int, end: int) -> list[tuple[str, str | None]]:
    """The attributes of the tag ``markup[start:end]``, as ``HTMLParser`` gives them."""
    head = _TAG_NAME.match(markup, start, end)
    position = head.end() if head else end
    attrs: list[tuple[str, str | None]] = []
    while position < end:
        found = _ATTRIBUTE.match(markup, position, end)
        if not found or found.end() == position:
            break
        name, rest, value = found.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = html.unescape(value)
        attrs.append((name.lower(), value))
        position = found.end()
    return attrs


def toc_tokens(markup: str) -> list[dict[str, Any]]:
    """The page's h2/h3 headings as Python-Markdown toc tokens (MkDocs' ``get_toc``
    builds ``page.toc`` from them): each h3 is a child of the h2 before it."""
    parser = _Headings()
    # As plain str: fed a Markup, the parser's own string joins would escape its text again
    # (« L&amp;#39;équipe » in the sidebar).
    parser.feed(str.__str__(markup))
    return _nested(parser.found)


def _nested(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Headings as toc tokens, each h3 a child of the h2 before it."""
    tokens: list[dict[str, Any]] = []
    for heading in found:
        token = {"level": heading["level"], "id": heading["id"],
                 "name": str(escape(heading["name"])), "children": []}
        if heading["level"] == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


# Neither part can run past the next "<" or ">": linear even on unclosed tags.
_ID = re.compile(r'<[a-zA-Z][^<>]*?\s(?:id|name)="([^"<>]*)"')


def anchor_ids(markup: str) -> set[str]:
    """Every ``id`` (and ``name``, as MkDocs counts) of the elements of an HTML fragment:
    the targets a link to ``page/#id`` may aim at. One linear pass (a tag at a time)."""
    return {html.unescape(match.group(1)) for match in _ID.finditer(markup)}


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def nest_headings(markup: str, under: int) -> Markup:
    """A body's headings moved down so that its highest comes right below a heading of
    level ``under`` (a day's h2 becomes an h4 under its h3 title in the livret); ids and
    text unchanged, h6 at most. One pass over the tags."""
    levels = [int(m.group(2)) for m in _HEADING_TAG.finditer(markup) if not m.group(1)]
    shift = under + 1 - min(levels) if levels else 0
    if shift <= 0:
        return Markup(markup)
    return Markup(_HEADING_TAG.sub(
        lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", str.__str__(markup)))


def _without_tags(text: str) -> str:
    """``re.sub(r"<[^>]+>", " ", text)`` in linear time (the regex rescans to the end from
    every ``<`` that no ``>`` follows)."""
    out, last = [], 0
    start = text.find("<")
    while start >= 0:
        if text.startswith(">", start + 1):  # "<>" is no tag
            start = text.find("<", start + 1)
            continue
        end = text.find(">", start + 1)
        if end < 0:
            break
        out.append(text[last:start])
        out.append(" ")
        last = end + 1
        start = text.find("<", last)
    out.append(text[last:])
    return "".join(out)


_TAG_IN_TEXT = re.compile(r"<[^<>]*>")


def plain_text(markup: str) -> str:
    """HTML (a title, a description) as plain text, as Jinja's ``striptags`` but keeping the
    French no-break spaces: ``striptags`` collapses all Unicode whitespace into ordinary
    spaces. Tags go, ASCII whitespace runs become one space, entities are read. Linear:
    a tag ends at the next ``<`` or ``>``."""
    text = _TAG_IN_TEXT.sub("", str.__str__(markup))
    return html.unescape(_ASCII_SPACES.sub(" ", text).strip(" "))


def _plain(text: str) -> str:
    """Text for comparing quotes: no tags, no entities, one kind of space, no typography."""
    text = html.unescape(_without_tags(text))
    text = text.replace("\u00a0", " ").replace(NNBSP, " ").replace("’", "'")
    return " ".join(text.split()).casefold()


def _between(text: str, opening: str, closing: str, start: int = 0) -> Iterator[tuple[int, int, int]]:
    """(start of ``opening``, end of it, start of the ``closing`` after it) for each pair,
    as ``re.finditer(opening + "(.*?)" + closing, re.DOTALL)`` finds them, in linear time
    (the regex rescans to the end from every unclosed ``opening``)."""
    while (begin := text.find(opening, start)) >= 0:
        inner = begin + len(opening)
        end = text.find(closing, inner)
        if end < 0:
            return
        yield begin, inner, end
        start = end + len(closing)


def quotes_in_body(verbatims: Iterable[Verbatim], body: str) -> dict[int, int]:
    """{id(verbatim): start of the body's blockquote that already says it}."""
    found: dict[int, int] = {}
    blocks = [(begin, _plain(body[inner:end]))
              for begin, inner, end in _between(body, "<blockquote>", "</blockquote>")]
    for verbatim in verbatims:
        said = _plain(verbatim.quote)
        for start, text in blocks:
            if said and (said == text or said in text) and start not in found.values():
                found[id(verbatim)] = start
                break
    return found


def anchor_quotes(verbatims: Sequence[Verbatim], body: str) -> Markup:
    """The body, where a blockquote repeats a verbatim of the day, carries that
    verbatim's anchor (#verbatim-N): links from other pages land on the story."""
    by_id = {id(v): v for v in verbatims}
    starts = {start: by_id[vid] for vid, start in quotes_in_body(verbatims, body).items()}
    out, last = [], 0
    for start in sorted(starts):
        out.append(body[last:start])
        out.append(f'<blockquote id="{starts[start].anchor}" class="journal-quoted">')
        last = start + len("<blockquote>")
    out.append(body[last:])
    return Markup("".join(out))


_HEADING_START = re.compile(r"<h([1-6])\b", re.IGNORECASE)
_URL_ATTR = re.compile(r'\b(href|src)="([^"]*)"')


def _heading_with_id(body: str, anchor: str) -> tuple[int, int] | None:
    """(level, end) of the first ``<hN ... id="anchor" ...>...</hN>``, as the regex
    ``<h([1-6])\\b[^>]*\\bid="anchor"[^>]*>.*?</h\\1>`` finds it, in linear time: each
    tag's end and id are looked for once, however many heading starts the tag holds."""
    if ">" in anchor:  # the tag would run past its first ">": the regex itself
        found = re.search(rf'<h([1-6])\b[^>]*\bid="{re.escape(anchor)}"[^>]*>.*?</h\1>',
                          body, re.DOTALL)
        return (int(found.group(1)), found.end()) if found else None
    attribute = re.compile(rf'\bid="{re.escape(anchor)}"')
    unclosed: set[str] = set()  # levels no closing tag follows any more
    tag_end = -1
    found_at: int | None = -1  # where the id was found in the current tag (None: nowhere)
    for start in re.finditer(r"<h([1-6])\b", body):
        level = start.group(1)
        if start.end() > tag_end:
            tag_end = body.find(">", start.end())
            if tag_end < 0:
                return None
            found_at = -1
        if found_at is not None and found_at < start.end():
            id_match = attribute.search(body, start.end(), tag_end)
            found_at = id_match.start() if id_match else None
        if found_at is None or level in unclosed:
            continue
        closing = body.find(f"</h{level}>", tag_end + 1)
        if closing >= 0:
            return int(level), closing + 5
        unclosed.add(level)
    return None


def section_html(body: str, anchor: str) -> str | None:
    """The part of a rendered body under the heading whose id is ``anchor``, without
    that heading, up to the next heading of the same or a higher level."""
    opening = _heading_with_id(body, anchor)
    if opening is None:
        return None
    level, start = opening
    end = len(body)
    resume = start  # as finditer: a heading start inside a tag already read is not one
    for match in _HEADING_START.finditer(body, start):
        if match.start() < resume:
            continue
        tag_end = body.find(">", match.end())
        if tag_end < 0:
            break
        if int(match.group(1)) <= level:
            end = match.start()
            break
        resume = tag_end + 1
    return body[start:end].strip()


def _drop_headerlinks(fragment: str) -> str:
    """``re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", fragment, flags=re.DOTALL)``
    in linear time."""
    opening = '<a class="headerlink"'
    out, last = [], 0
    while (begin := fragment.find(opening, last)) >= 0:
        tag_end = fragment.find(">", begin + len(opening))
        end = fragment.find("</a>", tag_end + 1) if tag_end >= 0 else -1
        if end < 0:
            break  # and no later link can close either
        out.append(fragment[last:begin])
        last = end + 4
    out.append(fragment[last:])
    return "".join(out)


def _heading_ids_prefixed(fragment: str) -> str:
    """``re.sub(r'(<h[1-6]\\b[^>]*?)\\sid="([^"]*)"', r'\\1 id="recit-\\2"', fragment)``
    in linear time."""
    out, last = [], 0
    attribute = re.compile(r'\sid="([^"]*)"')
    id_match: re.Match[str] | None = None
    searched_from = len(fragment) + 1
    tag_end: int | None = None  # the first ">" after the last heading start (-1: none)
    for start in re.finditer(r"<h[1-6]\b", fragment):
        if start.start() < last:
            continue
        if searched_from > start.end() or (id_match is not None and id_match.start() < start.end()):
            id_match = attribute.search(fragment, start.end())
            searched_from = start.end()
        if id_match is None:
            break  # no closed id attribute after this point
        if tag_end is not None and 0 <= tag_end < start.end():
            tag_end = None
        if tag_end is None:
            tag_end = fragment.find(">", start.end())
        if 0 <= tag_end < id_match.start():
            continue  # the tag ends before the id
        out.append(fragment[last:id_match.start()])
        out.append(f' id="recit-{id_match.group(1)}"')
        last = id_match.end()
    out.append(fragment[last:])
    return "".join(out)


def rebase(fragment: str, source_url: str, target_url: str) -> str:
    """Relative links of HTML written for the page at ``source_url`` (a directory URL
    of the site), rewritten for the page at ``target_url``; permalinks dropped."""
    fragment = _drop_headerlinks(fragment)

    def move(match: re.Match[str]) -> str:
        attr, url = match.group(1), html.unescape(match.group(2))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("/"):
            return match.group(0)
        if url.startswith("#"):
            path = source_url
        else:
            path = posixpath.normpath(posixpath.join("/" + source_url, parts.path)).lstrip("/")
            if parts.path.endswith("/") and not path.endswith("/"):
                path += "/"
        relative = posixpath.relpath("/" + (path or "."), "/" + target_url.rstrip("/") or "/")
        if path.endswith("/") and not relative.endswith("/"):
            relative += "/"
        suffix = ("?" + parts.query if parts.query else "") + (
            "#" + parts.fragment if parts.fragment else "")
        return f'{attr}="{escape(relative + suffix)}"'

    return _URL_ATTR.sub(move, fragment)


def _plural_label(label: str) -> str:
    """A verdict label said of several actions: the participles and adjectives of the
    standard labels agree (``jugées non vérifiables``); ``à approfondir`` does not change,
    nor do a site's own labels of several words, which may not be participles."""
    words = label.split(" ")
    if words[0] == "à":
        return label
    if len(words) > 1 and words[0] != "jugée":
        return label
    return " ".join(w if w in ("non",) or w.endswith(("s", "x")) else w + "s" for w in words)


# --- the view --------------------------------------------------------------------------


class View:
    """What templates call to present the model."""

    def __init__(self, vocabulary: Vocabulary, group_order: Sequence[str] | None = None,
                 team_label: str | None = None):
        self.vocabulary = vocabulary
        self._verdict_index = {key: i for i, key in enumerate(vocabulary.verdicts)}
        order = [g.casefold() for g in (group_order or DEFAULT_GROUP_ORDER)]
        self._group_rank = {g: i for i, g in enumerate(order)}
        self.team_label = team_label or DEFAULT_TEAM_LABEL

    # words and numbers

    @staticmethod
    def count(number: int, singular: str, plural_form: str | None = None) -> str:
        """``2 jours``, ``1 visite``: French agreement, no-break space (french.plural)."""
        return plural(number, singular, plural_form)

    # verdicts

    def verdict_label(self, key: str) -> str:
        return self.vocabulary.verdict_label(key)

    @property
    def verdict_keys(self) -> list[str]:
        return list(self.vocabulary.verdicts)

    def _verdict_rank(self, key: str) -> int:
        return self._verdict_index.get(key, len(self._verdict_index)) % len(SHAPES)

    def verdict_class(self, key: str) -> str:
        """A colour class per verdict, stable for the seven standard ones."""
        return f"journal-verdict--{self._verdict_rank(key)}"

    def verdict_shape(self, key: str) -> str:
        return SHAPES[self._verdict_rank(key)][0]

    def verdict_shape_name(self, key: str) -> str:
        return SHAPES[self._verdict_rank(key)][1]

    @staticmethod
    def shape_path(shape: str, x: float, y: float, r: float) -> str:
        return shape_path(shape, x, y, r)

    def step_sentence(self, step: ActionStep) -> str:
        """What a day said, as a clause: 'jugée non vérifiable ; impact fort'."""
        parts = []
        if step.declares:
            parts.append("proposée" if step.verdict in (None, "proposee") else "déclarée")
        if step.verdict and not (step.declares and step.verdict == "proposee"):
            label = self.verdict_label(step.verdict)
            parts.append(label[0].lower() + label[1:])
        if step.impact:
            parts.append(f"impact {IMPACT_LABELS[step.impact]}")
        if step.difficulty:
            parts.append(f"difficulté {DIFFICULTY_LABELS[step.difficulty]}")
        if step.scope:
            parts.append(f"portée {step.scope}")
        return " ; ".join(parts) or "évoquée"

    # actions

    def matrix(self, residency: Residency) -> Matrix:
        return matrix_layout(list(residency.actions.values()))

    @staticmethod
    def missing_levels(action: Action) -> str:
        return missing_levels(action)

    def actions_by_verdict(self, residency: Residency) -> list[tuple[str, list[Action]]]:
        return residency.actions_by_verdict(self.verdict_keys)

    @staticmethod
    def actions_with_verdict(residency: Residency, key: str) -> list[Action]:
        return [a for a in residency.actions.values() if a.verdict == key]

    def verdict_counts(self, residency: Residency) -> str:
        """``5 retenues, 1 à approfondir``: each verdict's label agreed with its count."""
        parts = []
        for key, actions in self.actions_by_verdict(residency):
            label = self.verdict_label(key)
            word = label[0].lower() + label[1:]
            parts.append(plural(len(actions), word, _plural_label(word)))
        return ", ".join(parts)

    def action_number(self, residency: Residency) -> dict[str, int]:
        return {a.id: i for i, a in enumerate(residency.actions.values(), start=1)}

    # residencies

    def figures(self, residency: Residency) -> dict[str, int]:
        return {
            "days": len(self.days(residency)),
            "actions": len(residency.actions),
            "visits": len(residency.visits),
            "participants": len(residency.participants),
            "verbatims": len(residency.verbatims),
        }

    @staticmethod
    def days(residency: Residency) -> list[Entry]:
        """Day entries (follow-up notes, if the model has them, are not days)."""
        return [e for e in residency.entries if not getattr(e, "follow_up", False)]

    def latest(self, residency: Residency, count: int = 5) -> list[Entry]:
        return list(reversed(self.days(residency)[-count:]))

    # participants

    def group_key(self, person: Participant) -> str:
        if person.group:
            return person.group
        return TEAM_GROUP if person.is_team else OTHERS_GROUP

    def group_label(self, group: str) -> str:
        """A group's title: the team's label for the team, the word capitalised else."""
        if group.casefold() == TEAM_GROUP:
            return self.team_label
        if group == OTHERS_GROUP:
            return "Autres participants"
        return _capital(group)

    def _group_sort(self, group: str) -> tuple[int, str]:
        key = group.casefold()
        if group == OTHERS_GROUP:
            return (len(self._group_rank) + 1, "")
        return (self._group_rank.get(key, len(self._group_rank)), key)

    def groups(self, items: Iterable[Any]) -> list[tuple[str, list[Any]]]:
        """People (or presences) by group: (label, items), groups in the configured order."""
        grouped: dict[str, list[Any]] = {}
        for item in items:
            person = item.participant if hasattr(item, "participant") else item
            grouped.setdefault(self.group_key(person), []).append(item)
        return [(self.group_label(key), grouped[key])
                for key in sorted(grouped, key=self._group_sort)]

    @staticmethod
    def signed(person: Participant) -> list[Entry]:
        """The entries a team member signed (listed in their `authors`)."""
        return [e for e in person.residency.entries if any(a is person for a in e.authors)]

    # bodies and quotes

    @staticmethod
    def quotes_not_in(verbatims: Sequence[Verbatim], body: str) -> list[Verbatim]:
        """Verbatims that the body does not quote already (shown once on a page)."""
        inside = quotes_in_body(verbatims, body)
        return [v for v in verbatims if id(v) not in inside]

    @staticmethod
    def nest_headings(body: str, under: int) -> Markup:
        return nest_headings(body, under)

    @staticmethod
    def anchor_quotes(verbatims: Sequence[Verbatim], body: str) -> Markup:
        return anchor_quotes(verbatims, body)

    @staticmethod
    def visit_story(visit: Visit, day_body: str) -> Markup | None:
        """The visit's story from its day's rendered body: the section the visit names,
        else the whole narrative of the day; links rewritten for the visit's page."""
        if not day_body:
            return None
        part = section_html(day_body, visit.section) if visit.section else None
        fragment = part if part else day_body
        # Ids of the day's headings would not be targets here; keep them unique anyway.
        fragment = _heading_ids_prefixed(fragment)
        return Markup(rebase(fragment, visit.entry.url, visit.url))


def html_safe_json(text: str) -> str:
    """JSON text with ``<``, ``>`` and ``&`` as ``\\u`` escapes: the same strings for a
    JSON reader, but no value can close a ``<script>`` or appear as markup (JSON-LD in a
    page, the open data, the search and tags JSON files)."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def linked_data_json(data: Any) -> Markup:
    """A page's JSON-LD (model.linked_data) for its ``<script type="application/ld+json">``."""
    return Markup(html_safe_json(json.dumps(data, ensure_ascii=False, separators=(",", ":"))))
