"""Python-Markdown extension: French no-break spaces in rendered Markdown bodies.

Register it in mkdocs.yml (``markdown_extensions: [residency_journal.typography]``)
or pass ``TypographieExtension()`` to ``markdown.Markdown``. It applies
``french.typographie`` to the text nodes of the rendered tree only: never to
attributes (``href``, ``title``, ``id``), never inside ``<code>``, ``<pre>``,
``<kbd>``, ``<script>``, ``<style>`` or ``<math>``, and never to raw HTML, which
Python-Markdown keeps aside until after tree processors have run.

It runs after ``toc`` (priority 5), so heading anchors are the ones computed from the
text as written, and links to them stay valid. The names of ``toc``'s tokens (the
entries of the table of contents, MkDocs' ``page.toc``) are then typeset by the same
rule, so that an entry reads as its heading; their ids are left as they are.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, AtomicString

from .french import typographie

SKIPPED = frozenset({"code", "pre", "kbd", "samp", "script", "style", "math", "svg", "textarea"})
_RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>\s*\Z")


class TypographieTreeprocessor(Treeprocessor):
    """Typesets text nodes in document order, remembering the last character seen.

    Inline raw HTML reaches the tree as placeholders, one per tag: text between a raw
    ``<script>`` (or ``<code>``...) and its closing tag is an ordinary text node, so the
    walk follows those placeholders and leaves such text alone.
    """

    def run(self, root: etree.Element) -> None:
        self._raw_skip: str | None = None  # the raw tag whose content is being skipped
        self._walk(root, "")
        _typeset_toc_tokens(getattr(self.md, "toc_tokens", None) or [])

    def _walk(self, element: etree.Element, before: str) -> str:
        """Typeset ``element``'s text and its children; return the last character seen."""
        if element.tag in SKIPPED:
            # The element's text is left alone but still precedes what follows it, as a
            # word: `ref:` then " :" is a word and its colon ("x" stands for any letter).
            return "x" if "".join(element.itertext()) else before[-1:]
        if element.text:
            element.text = self._typeset(element.text, before)
            before = element.text
        for child in element:
            before = self._walk(child, before)
            if child.tail:
                child.tail = self._typeset(child.tail, before)
                before = child.tail
        return before[-1:]

    def _typeset(self, text: str, before: str) -> str:
        parts = []
        last = 0
        before = before[-1:]  # only the last character counts (and joining would be quadratic)
        for match in HTML_PLACEHOLDER_RE.finditer(text):
            segment = self._segment(text[last:match.start()], before)
            parts.append(segment)
            parts.append(match.group(0))
            before = match.group(0)[-1:]
            self._follow_raw_tag(int(match.group(1)))
            last = match.end()
        parts.append(self._segment(text[last:], before))
        result = "".join(parts)
        return AtomicString(result) if isinstance(text, AtomicString) else result

    def _segment(self, text: str, before: str) -> str:
        return text if self._raw_skip else typographie(text, before[-1:])

    def _follow_raw_tag(self, index: int) -> None:
        blocks = self.md.htmlStash.rawHtmlBlocks
        raw = blocks[index] if index < len(blocks) else ""
        match = _RAW_TAG.match(raw if isinstance(raw, str) else "")
        if not match:
            return
        closing, tag, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing and tag == self._raw_skip:
            self._raw_skip = None
        elif not closing and not self_closing and tag in SKIPPED and self._raw_skip is None:
            self._raw_skip = tag


def _typeset_toc_tokens(tokens: list[dict]) -> None:
    """``toc`` wrote each token's ``name`` from the heading before it was typeset: the
    name is escaped HTML text, whose entities ``typographie`` leaves alone."""
    for token in tokens:
        if isinstance(token.get("name"), str):
            token["name"] = typographie(token["name"])
        _typeset_toc_tokens(token.get("children") or [])


class TypographieExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(TypographieTreeprocessor(md), "typographie_fr", 4)


def makeExtension(**kwargs) -> TypographieExtension:  # noqa: N802 (Python-Markdown's entry point)
    return TypographieExtension(**kwargs)
