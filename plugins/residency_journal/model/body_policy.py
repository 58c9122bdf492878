"""What an entry's body may publish: the written allowlist, and the one sanitiser applying it.

A body is Markdown, and Markdown lets a resident write raw HTML and (with
``attr_list``) any attribute. Whatever reaches a page, the livret, the feeds or
the search index goes through :func:`sanitise` once, on the HTML that
Python-Markdown rendered: what the allowlist below names is kept as written,
everything else is removed, and each removal becomes one :class:`Problem` at the
line of the body that wrote it (:func:`removal_problems`).

The allowlist is what Markdown, the enabled extensions (toc permalinks, tables,
admonitions, ``details``, ``md_in_html``, footnotes, abbreviations, code
highlighting) and Material need, and nothing else: no element that runs, loads or
submits anything (``script``, ``style``, ``iframe``, ``object``, ``embed``,
``form``, ``input``, ``meta``, ``base``, ``link`` ...), no ``on*`` attribute, no
URL other than http(s), mailto, tel, relative and fragment ones (``data:image/``
on images only). The residents' guide (« Ce qu'une entrée peut contenir ») says
the same in their words.

The parsing and cleaning is nh3, the Python binding of ammonia (html5ever, the
HTML parser of Servo): a browser's parse of the same bytes, so no markup can be
read one way here and another way by a reader's browser.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import nh3

from .messages import say
from .problems import Problem

if TYPE_CHECKING:
    from .entities import Journal

# --- the allowlist --------------------------------------------------------------------

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

TAGS: frozenset[str] = HEADINGS | frozenset({
    # text
    "p", "br", "hr", "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small",
    "sub", "sup", "abbr", "dfn", "cite", "q", "code", "kbd", "samp", "var", "time", "span",
    "bdi", "bdo", "wbr", "ruby", "rt", "rp",
    # blocks: quotes, code, lists, md_in_html and admonitions (div/p with classes)
    "blockquote", "pre", "div", "ul", "ol", "li", "dl", "dt", "dd",
    "section", "article", "aside", "header", "footer",
    "details", "summary",  # details, admonitions that fold
    # tables
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    # images and figures (picture/source: responsive images written by the photo pipeline)
    "img", "figure", "figcaption", "picture", "source",
})

# Attributes every allowed element may carry.
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})

ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"}),
    "source": frozenset({"srcset", "sizes", "type", "media", "width", "height"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr", "align", "style"}),
    "td": frozenset({"colspan", "rowspan", "headers", "align", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "details": frozenset({"open"}),
}

# The tables extension aligns columns with `style="text-align: …"`: the only style kept.
STYLE_PROPERTIES = frozenset({"text-align"})

URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
SRCSET_ATTRIBUTES = frozenset({"srcset"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
IMAGE_DATA = "data:image/"

# Removed with everything inside them (their text is code or a fallback, not the story).
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "template", "noscript", "iframe", "object", "svg", "math", "textarea",
    "select", "title", "xmp", "noembed", "noframes", "plaintext",
})

# Schemes ammonia hands to the filter below, so that removing them is reported; a URL with
# any other scheme is removed by ammonia without a word (it was never publishable).
_REPORTED_SCHEMES = (URL_SCHEMES | frozenset(nh3.ALLOWED_URL_SCHEMES)
                     | frozenset({"javascript", "vbscript", "data", "file", "blob", "filesystem",
                                  "about", "chrome", "jar", "view-source", "ws", "wss"}))

# --- applying it ------------------------------------------------------------------------


@dataclass(frozen=True)
class Removal:
    """One thing the sanitiser took out: an element, an attribute, or a URL (its scheme)."""

    kind: str  # "tag", "attribute" or "url"
    name: str  # the tag's name, the attribute's name, or the URL's scheme
    tag: str = ""  # the element the attribute or URL was on

    @property
    def shown(self) -> str:
        if self.kind == "tag":
            return f"<{self.name}>"
        if self.kind == "attribute":
            return f"{self.name}= (sur <{self.tag}>)"
        return f"adresse {self.name}{'' if self.name == '//' else ':'} (sur <{self.tag}>)"


_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# A comment (to its end, or to the end of the body as a browser reads an unclosed one) or
# an opening tag's name: tags inside comments are not elements. One match per comment,
# so the scan stays linear.
_OPENING_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<([A-Za-z][A-Za-z0-9\-]*)", re.DOTALL)


def url_scheme(value: str) -> str | None:
    """The scheme of a URL as a browser reads it (lowercase), None for a relative URL.

    Browsers drop tabs and newlines anywhere in a URL and spaces or control characters
    around it; dropping every one of them can only find a scheme more often."""
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", value))
    return match.group(1).lower() if match else None


def url_allowed(value: str, *, image: bool = False) -> bool:
    """A link: http(s), mailto, tel, relative or fragment. An image (loaded as the page
    opens): relative, or embedded ``data:image/``, never from another site (the published
    site makes no third-party request)."""
    scheme = url_scheme(value)
    if not image:
        return scheme is None or scheme in URL_SCHEMES
    compact = _IGNORED_IN_URL.sub("", value).lower()
    if scheme is None:  # `//host/x.png` (or `\\host`, as browsers read it) is another site
        return not compact.replace("\\", "/").startswith("//")
    return compact.startswith(IMAGE_DATA)


def _srcset_allowed(value: str) -> bool:
    candidates = (part.split()[0] for part in value.split(",") if part.strip())
    return all(url_allowed(url, image=True) for url in candidates)


def _scheme_shown(value: str) -> str:
    scheme = url_scheme(value)
    return scheme[:20] if scheme else "//"


_state = threading.local()  # the removals of the sanitise() under way in this thread


def _keep(tag: str, attribute: str, value: str) -> str | None:
    """nh3's filter, called for every attribute of every element (the empty generic
    prefix below hands them all here): the allowlist of attributes and URLs."""
    removed: list[Removal] = _state.removed
    if tag not in TAGS:
        return None  # the element goes, and is reported once as such
    if attribute not in GLOBAL_ATTRIBUTES and attribute not in ATTRIBUTES.get(tag, ()):
        removed.append(Removal("attribute", attribute, tag))
        return None
    if attribute in URL_ATTRIBUTES and not url_allowed(value, image=tag == "img"):
        removed.append(Removal("url", _scheme_shown(value), tag))
        return None
    if attribute in SRCSET_ATTRIBUTES and not _srcset_allowed(value):
        removed.append(Removal("url", "srcset", tag))
        return None
    return value


# Built once (building it costs as much as cleaning a short body).
_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={},
    generic_attribute_prefixes={""},
    attribute_filter=_keep,
    url_schemes=set(_REPORTED_SCHEMES),
    link_rel=None,
    filter_style_properties=set(STYLE_PROPERTIES),
    strip_comments=True,
)


def sanitise(html: str) -> tuple[str, list[Removal]]:
    """``html`` with only what the allowlist names, and what was removed, in order.

    One nh3 parse. Elements removed are found by one scan of the tag names written
    in ``html``; attributes and URLs removed, by the filter nh3 calls for each
    attribute of each element."""
    removed_tags = [Removal("tag", name) for match in _OPENING_TAG.finditer(html)
                    if match.group(1) and (name := match.group(1).lower()) not in TAGS]
    _state.removed = removed_attributes = []
    try:
        clean = _CLEANER.clean(html)
    finally:
        _state.removed = None
    # html5ever writes U+00A0 as `&nbsp;`: the French no-break spaces (typography.py) stay
    # the character they were, which the later passes over the page look for.
    return clean.replace("&nbsp;", "\u00a0"), removed_tags + removed_attributes


# --- where a removal was written -----------------------------------------------------------


def _needle(removal: Removal) -> re.Pattern[str]:
    if removal.kind == "tag":
        return re.compile(rf"<\s*{re.escape(removal.name)}(?![\w-])", re.IGNORECASE)
    if removal.kind == "attribute":
        return re.compile(rf"(?<![\w-]){re.escape(removal.name)}\s*=", re.IGNORECASE)
    if removal.name == "srcset":
        return re.compile(r"(?<![\w-])srcset\s*=", re.IGNORECASE)
    if removal.name == "data":  # data:image/ is kept (on images): look for the others
        return re.compile(r"(?<![\w-])data\s*:(?!image/)", re.IGNORECASE)
    return re.compile(rf"(?<![\w-]){re.escape(removal.name)}\s*:", re.IGNORECASE)


def removal_lines(removals: Iterable[Removal], body: str, body_line: int) -> list[int]:
    """The file line of each removal: where the body writes it (the n-th removal of a
    kind at the n-th place that writes it), else the line of the one before, else the
    body's first line. Each pattern's search resumes where its last one stopped: one
    pass over the body per distinct pattern."""
    newlines = [m.start() for m in re.finditer("\n", body)]
    cursors: dict[Removal, int] = {}
    needles: dict[Removal, re.Pattern[str]] = {}
    lines = []
    previous = body_line
    for removal in removals:
        key = Removal(removal.kind, removal.name)
        needle = needles.get(key) or needles.setdefault(key, _needle(removal))
        match = needle.search(body, cursors.get(key, 0))
        if match is not None:
            cursors[key] = match.end()
            previous = body_line + bisect_right(newlines, match.start() - 1)
        lines.append(previous)
    return lines


# A body pasted from a web page can hold thousands of handlers: past this many, one message
# counts the rest (the first ones say what to remove; the output stays readable).
MAX_REPORTED = 50


def removal_problems(removals: list[Removal], path: str, body: str,
                     body_line: int) -> list[Problem]:
    """One problem per removal, at the line of the body that wrote it, in line order."""
    shown = removals[:MAX_REPORTED]
    problems = sorted(Problem(path, line, "", say("body.active_removed", what=removal.shown))
                      for removal, line in zip(shown, removal_lines(shown, body, body_line),
                                               strict=True))
    if len(removals) > len(shown):
        problems.append(Problem(path, problems[-1].line, "",
                                say("body.more_removed", count=len(removals) - len(shown))))
    return problems


def sanitise_body(html: str, path: str, body: str, body_line: int) -> tuple[str, list[Problem]]:
    """An entry's rendered body, sanitised, and one problem per thing removed."""
    clean, removals = sanitise(html)
    return clean, removal_problems(removals, path, body, body_line) if removals else []


def body_problems(journal: Journal, render: Callable[[str], str]) -> list[Problem]:
    """What the build's sanitiser reports for every entry's body, ``render`` being the
    site's Markdown: `journal check` asks this, the build sanitises as it renders."""
    problems: list[Problem] = []
    for residency in journal.residencies:
        for entry in residency.entries:
            try:
                html = render(entry.body)
            except Exception:  # a body the build cannot render either: its own message says so
                continue
            problems += sanitise_body(html, entry.path, entry.body, entry.body_line)[1]
    return problems
