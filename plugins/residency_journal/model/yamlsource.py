"""Reading YAML the way a resident means it, with the line of every value.

PyYAML's usual loaders guess types: ``no`` becomes False, ``14:30`` becomes 870,
``0123`` becomes 83, a date becomes a ``datetime.date``, and a key given twice
silently keeps its last value. Here every scalar stays the text that was
written (only an empty value, ``~`` or ``null`` become None), the model's
validators convert it, and a repeated key is reported. Composing the node tree
with the C parser keeps this fast; the conversion is a small recursive walk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # The C parser is several times faster; fall back where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .problems import Problem, field_path

Loc = tuple[str | int, ...]
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class YamlDoc:
    """Plain data (dicts, lists, strings, None) plus the file line of every value."""

    data: Any
    path: str
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    first_line: int = 1

    def line(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), self.first_line)


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> YamlDoc:
    """Parse ``text``; ``line_offset`` is the number of file lines before it.

    A syntax error yields a document whose data is None and one problem at the
    line PyYAML points to.
    """
    doc = YamlDoc(data=None, path=path, first_line=line_offset + 1)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = line_offset + mark.line + 1 if mark is not None else line_offset + 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        doc.problems.append(
            Problem(path, line, "", f"the YAML cannot be read: {reason} (check indentation, "
                    "colons and quotes on this line or the one above)")
        )
        return doc
    if node is None:
        doc.data = {}
        return doc
    doc.data = _convert(node, (), doc, line_offset)
    return doc


def _convert(node: Node, loc: Loc, doc: YamlDoc, offset: int) -> Any:
    doc.lines.setdefault(loc, offset + node.start_mark.line + 1)
    if isinstance(node, ScalarNode):
        if not node.style and node.value in _NULLS:  # plain style: None, or "" from libyaml
            return None
        return node.value
    if isinstance(node, SequenceNode):
        return [_convert(item, (*loc, i), doc, offset) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = offset + key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                doc.problems.append(
                    Problem(doc.path, key_line, field_path(loc), "a key must be a plain word")
                )
                continue
            key = key_node.value
            if key in out:
                first = doc.lines[(*loc, key)]
                doc.problems.append(
                    Problem(doc.path, key_line, field_path((*loc, key)),
                            f"key given twice (first on line {first}); this second value is ignored")
                )
                continue
            doc.lines[(*loc, key)] = key_line
            out[key] = _convert(value_node, (*loc, key), doc, offset)
        return out
    return None  # pragma: no cover - composer only yields the three node kinds
