"""French typography for what the site prints: plurals, numbers, no-break spaces.

Plain Python (no MkDocs), used by templates' helpers and by the Markdown extension in
``typography.py``.

Which space where. We follow the *Lexique des règles typographiques en usage à
l'Imprimerie nationale*, the reference of French public bodies:

- U+202F NARROW NO-BREAK SPACE (espace fine insécable) before ``;``, ``?`` and ``!``,
  and between groups of digits (``90 000``), as CLDR's French locale does;
- U+00A0 NO-BREAK SPACE (espace-mot insécable) before ``:``, after ``«`` and before
  ``»``, and between a number and its noun (``3 jours``), where the Lexique asks for
  a full word space that must not break.

Both are no-break in every current browser (Unicode line-breaking class GL), so a
``?`` or a ``»`` never starts a line; screen readers read them as spaces.
"""

from __future__ import annotations

import re
from bisect import bisect_right

NNBSP = "\u202f"  # espace fine insécable
NBSP = "\u00a0"  # espace insécable

_SPACES = "[ \t\u00a0\u202f]*"
# What may stand right before a punctuation mark that takes a space: anything but a
# space, another such mark (``?!`` keeps one space before the first), an opening
# bracket, or the STX that opens a Python-Markdown placeholder.
_BEFORE = r"(?<=[^\s;:!?(\[{\x02])"
# What may follow: the mark must end a word (URL queries, ``a?b``, ``14:30`` do not).
_AFTER = r"(?=\s|\Z|[»”\"')\]}.,;:!?…\x02])"
_FINE = re.compile(_BEFORE + _SPACES + r"([;!?])" + _AFTER)
_COLON = re.compile(_BEFORE + _SPACES + ":" + _AFTER)
_OPENING = re.compile("«" + _SPACES + r"(?=\S|\Z)")
_CLOSING = re.compile(r"(?<=[^\s«])" + _SPACES + "»")
# A space between groups of three digits ("90 000", "1 234 567"): U+202F, as format_number.
_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d]|[.,]\d)")

# Never touched: URLs, e-mail addresses, `code`, times and Python-Markdown placeholders.
# Every alternative is linear in the text: a URL is its run of non-separators less the
# trailing punctuation (greedy, then back over that punctuation once), and an e-mail
# address starts only where a run of its characters starts (see _protected_spans).
_SEPARATORS = "\\s<>\"«»"
_URL_END = "(?:[^" + _SEPARATORS + "]*[^" + _SEPARATORS + r".,;:!?)\]]|[^" + _SEPARATORS + "])"
_EMAIL_CHAR = r"[\w.+-]"
_EMAIL = _EMAIL_CHAR + r"+@[\w-]+(?:\.[\w-]+)+"
_URLS = (r"(?:https?|ftp)://" + _URL_END
         + r"|(?:mailto|tel):[^" + _SEPARATORS + "]+"
         + r"|www\." + _URL_END)
_OTHERS = (r"`[^`\n]*`"
           r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
           # character references left in text nodes (toc's permalink is "&para;", its "&"
           # stashed by Python-Markdown as \x02amp\x03)
           r"|(?:&|\x02amp\x03)(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
           # a placeholder holds no STX (control characters never reach the text)
           r"|\x02[^\x02\x03]*\x03")
_PROTECTED = re.compile(_URLS + "|(?<!" + _EMAIL_CHAR + ")" + _EMAIL + "|" + _OTHERS)
# The same alternatives, tried at one position only, where an e-mail may start mid-run.
_PROTECTED_HERE = re.compile(_URLS + "|" + _EMAIL + "|" + _OTHERS)
_EMAIL_CHARS = re.compile(_EMAIL_CHAR)
# What any rule needs: a mark, or digits either side of a space. Text without is unchanged.
_MARKS = re.compile(r"[;:!?«»]|\d[ \u00a0]\d")
_DIGIT_GROUP = re.compile(r"\d[ \u00a0]\d")


def format_number(number: int | float) -> str:
    """``90000`` -> ``90 000`` (U+202F between groups), ``2.5`` -> ``2,5``.

    For quantities only: a year or an identifier is not a number to group.
    """
    if isinstance(number, float) and not number.is_integer():
        whole, _, decimals = f"{abs(number):.15g}".partition(".")
        text = f"{int(whole):,}".replace(",", NNBSP) + "," + decimals
        return ("-" if number < 0 else "") + text
    return f"{int(number):,}".replace(",", NNBSP)


def plural(count: int | float, singular: str, plural: str | None = None) -> str:
    """``plural(2, "jour")`` -> ``2 jours``; 0 and 1 take the singular, as in French.

    Give the plural when it is not the singular plus ``s``:
    ``plural(2, "micro-voyage d'étude", "micro-voyages d'étude")``. The number and the
    noun are joined by a no-break space (U+00A0) so that a line never ends on a number.
    """
    word = singular if abs(count) < 2 else (plural if plural is not None else singular + "s")
    return f"{format_number(count)}{NBSP}{word}"


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, addresses, code..., left to right as ``finditer`` would find them.

    An e-mail address is searched only from the start of a run of its characters (the
    others would rescan the run: quadratic). One may still start mid-run right where the
    previous span ended (``9:30.a@b.fr``): that one position is tried on its own.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        match = None
        if 0 < pos < len(text) and _EMAIL_CHARS.match(text, pos - 1) and _EMAIL_CHARS.match(text, pos):
            match = _PROTECTED_HERE.match(text, pos)
        if match is None:
            match = _PROTECTED.search(text, pos)
            if match is None:
                return spans
        spans.append(match.span())
        pos = match.end()


class _Spans:
    """Protected spans of a text, computed when first asked, with a bisect lookup."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def holds(self, index: int) -> bool:
        if self._starts is None:
            spans = _protected_spans(self.text)
            self._starts = [a for a, _ in spans]
            self._ends = [b for _, b in spans]
        k = bisect_right(self._starts, index) - 1
        return k >= 0 and index < self._ends[k]


def typographie(text: str, before: str = "") -> str:
    """Plain text with French no-break spaces (see the module's docstring for which).

    An ordinary space before ``; ? ! :`` or inside ``« »`` becomes the no-break one, and
    one is added where the space is missing. URLs, e-mail addresses, `code`, times
    (``14:30``) and Python-Markdown placeholders are left alone. ``before`` is the text
    that precedes ``text`` on the page (its last character decides whether a mark
    directly at the start follows a word), for text split across HTML elements.
    Idempotent: applying it twice changes nothing more. Linear in the text's length.
    """
    if not text:
        return text
    context = before[-1:]
    if context and context.isspace():
        context = " "
    full = context + text
    if not _MARKS.search(full):
        return text
    spans = _Spans(full)

    def outside(match: re.Match[str]) -> bool:
        # A mark inside a protected span stays as is, and so does one whose space would
        # have to go into one (the URL ends just before ``!``: that ``!`` still counts).
        return not spans.holds(match.end() - 1)

    def fine(match: re.Match[str]) -> str:
        return NNBSP + match.group(1) if outside(match) else match.group(0)

    def colon(match: re.Match[str]) -> str:
        return NBSP + ":" if outside(match) else match.group(0)

    def opening(match: re.Match[str]) -> str:
        return "«" + NBSP if not spans.holds(match.start()) else match.group(0)

    def closing(match: re.Match[str]) -> str:
        return NBSP + "»" if outside(match) else match.group(0)

    def groups(match: re.Match[str]) -> str:
        inside = spans.holds(match.start())
        return match.group(0) if inside else re.sub("[ \u00a0]", NNBSP, match.group(0))

    # Each rule keeps the text's length outside the marks' spaces, but positions move:
    # protected spans are recomputed after a rule that changed the text. A rule whose
    # mark the text does not hold is skipped.
    rules = ((_FINE, fine, (";", "!", "?")), (_COLON, colon, (":",)),
             (_OPENING, opening, ("«",)), (_CLOSING, closing, ("»",)), (_GROUPS, groups, ()))
    for pattern, replace, marks in rules:
        if marks and not any(mark in full for mark in marks):
            continue
        if not marks and not _DIGIT_GROUP.search(full):
            continue
        changed = pattern.sub(replace, full)
        if changed != full:
            full = changed
            spans = _Spans(full)
    return full[len(context):]
