"""Python-Markdown extension: attributes written without a value are dropped.

``## Titre {: id= }`` (attr_list) gives the heading an ``id`` of None, and the ``toc``
extension then stops the whole build with a TypeError: a resident's typo must not. The
attribute had no value, so nothing is lost; the heading gets ``toc``'s own id. Runs
after ``attr_list`` (priority 8) and before ``toc`` (5). The plugin and `journal check`
(check_render.py) add it to every site's extensions.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class EmptyAttributesTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in [n for n, value in element.attrib.items() if value is None]:
                del element.attrib[name]


class EmptyAttributesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(EmptyAttributesTreeprocessor(md), "empty_attributes", 6)


def makeExtension(**kwargs) -> EmptyAttributesExtension:  # noqa: N802 (Python-Markdown's entry point)
    return EmptyAttributesExtension(**kwargs)
