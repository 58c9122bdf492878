"""What an SVG image of ``media/`` may hold: an allowlist, applied before it is published.

An SVG opened on its own (not through ``<img>``) is a document of the site's
origin: a ``<script>``, an ``onload=``, a ``<foreignObject>`` holding HTML or a
link to ``javascript:`` would run there. So an SVG is published only as this
module rewrites it: the drawing's elements and attributes that the allowlist
names, references only inside the file (``#id``) or to an embedded
``data:image/``; everything else is removed, and each removal is one message at
the file's line. A file that is not well-formed, too big, or declares a DOCTYPE
or entities (they can read other files or expand without bound) is not published.

Parsing is expat, as the standard library has it, with no DOCTYPE accepted (so
no entity is ever declared or expanded) and no external reference read;
the tree is never built: elements are written as they are read, so the depth of
a drawing costs no recursion.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers import expat

from .body_policy import MAX_REPORTED
from .discovery import rel
from .messages import say
from .problems import Problem

if TYPE_CHECKING:
    from .entities import Journal

MAX_BYTES = 5 * 1024 * 1024

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "switch",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath", "image", "style", "a",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
})

ATTRIBUTES = frozenset({
    # structure, accessibility
    "id", "class", "lang", "role", "tabindex", "style", "version", "baseProfile",
    "viewBox", "preserveAspectRatio", "width", "height", "x", "y", "transform",
    # geometry
    "d", "pathLength", "cx", "cy", "r", "rx", "ry", "x1", "x2", "y1", "y2", "points",
    "dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing",
    "side",
    # painting (presentation attributes)
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "opacity", "color", "display", "visibility", "overflow",
    "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits", "maskContentUnits",
    "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits",
    "refX", "refY", "orient", "vector-effect", "paint-order", "shape-rendering",
    "image-rendering", "color-interpolation", "color-interpolation-filters", "mix-blend-mode",
    "isolation", "filter", "flood-color", "flood-opacity", "lighting-color",
    "stop-color", "stop-opacity", "offset",
    # gradients, patterns, filters
    "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy", "fr",
    "patternUnits", "patternContentUnits", "patternTransform",
    "filterUnits", "primitiveUnits", "in", "in2", "result", "mode", "operator", "k1", "k2", "k3",
    "k4", "values", "type", "stdDeviation", "edgeMode", "scale", "xChannelSelector",
    "yChannelSelector", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles",
    "tableValues", "slope", "intercept", "amplitude", "exponent", "order", "kernelMatrix",
    "divisor", "bias", "targetX", "targetY", "preserveAlpha", "surfaceScale",
    "diffuseConstant", "specularConstant", "specularExponent", "kernelUnitLength",
    "azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle",
    # text
    "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style",
    "font-variant", "font-weight", "text-anchor", "text-decoration", "text-rendering",
    "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing",
    "word-spacing", "writing-mode", "direction", "unicode-bidi", "white-space",
    # links inside the file (checked below)
    "href",
    # conditional processing, in <switch>
    "systemLanguage", "requiredExtensions",
})

# Editors' own data (Inkscape, Sodipodi, Illustrator, RDF metadata): never drawn, so
# dropped without a word.
EDITOR_NAMESPACES = re.compile(r"inkscape|sodipodi|adobe|purl\.org|w3\.org/1999/02/22-rdf|"
                               r"creativecommons|xml\.openoffice|sketch|figma", re.IGNORECASE)

_IMAGE_ELEMENTS = frozenset({"image", "feImage"})
_URL_IN_VALUE = re.compile(r"url\s*\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
_CSS_DANGER = re.compile(r"@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding",
                         re.IGNORECASE)


class _Refused(Exception):
    def __init__(self, key: str, line: int, **values: object) -> None:
        super().__init__(key)
        self.key, self.line, self.values = key, line, values


@dataclass
class SvgResult:
    """The SVG as published (None: not published) and one (line, message) per removal."""

    content: bytes | None
    messages: list[tuple[int, str]]


def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def _href_allowed(value: str, element: str) -> bool:
    value = value.strip()
    if value.startswith("#"):
        return True
    return element in _IMAGE_ELEMENTS and value.lower().startswith("data:image/")


def _css_allowed(value: str) -> bool:
    """No loading (url() other than #id, @import) and nothing that runs, in CSS."""
    if _CSS_DANGER.search(value):
        return False
    return all(m.group(1).startswith("#") for m in _URL_IN_VALUE.finditer(value))


class _Writer:
    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.out: list[str] = []
        self.messages: list[tuple[int, str]] = []
        self.stack: list[str | None] = []  # the name written for each open element, None if removed
        self.skipping = 0  # depth inside a removed element
        self.pending = False  # a start tag written without its ">" yet (empty elements: "/>")
        self.in_style = False
        self.uses_xlink = False

    def removed(self, what: str) -> None:
        self.messages.append((self.parser.CurrentLineNumber, say("svg.active_removed", what=what)))

    def _close_pending(self) -> None:
        if self.pending:
            self.out.append(">")
            self.pending = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if self.skipping:
            self.skipping += 1
            self.stack.append(None)
            return
        if not self.stack and (namespace != SVG_NS or local != "svg"):
            detail = (f'<svg> sans xmlns="{SVG_NS}"' if local == "svg"
                      else "le premier élément n'est pas <svg>")
            raise _Refused("svg.not_svg", self.parser.CurrentLineNumber, detail=detail)
        if namespace != SVG_NS or local not in ELEMENTS:
            if not EDITOR_NAMESPACES.search(namespace):
                self.removed(f"<{local}>")
            self.skipping = 1
            self.stack.append(None)
            return
        self._close_pending()
        parts = [f"<{local}"]
        if not self.stack:
            parts.append(f' xmlns="{SVG_NS}"')
        for key, value in attrs.items():
            written = self._attribute(local, key, value)
            if written is not None:
                parts.append(f' {written}="{_escape(value, quote=True)}"')
        self.out.append("".join(parts))
        self.pending = True
        self.in_style = local == "style"
        self.stack.append(local)

    def _attribute(self, element: str, key: str, value: str) -> str | None:
        """The attribute's name as written, or None when it is removed."""
        namespace, _, local = key.rpartition(" ")
        if namespace == XML_NS and local in ("space", "lang"):
            return f"xml:{local}"
        if namespace and namespace != XLINK_NS:
            if not EDITOR_NAMESPACES.search(namespace):
                self.removed(f"{local}= (sur <{element}>)")
            return None
        if namespace == XLINK_NS and local != "href":
            return None  # xlink:title, xlink:type...: no effect without a link
        if local not in ATTRIBUTES or local.lower().startswith("on"):
            if not local.startswith(("aria-", "data-")):
                self.removed(f"{local}= (sur <{element}>)")
                return None
            if local.startswith("data-"):
                return None
        if local == "href" and not _href_allowed(value, element):
            self.removed(f"{local}= (sur <{element}>)")
            return None
        if ("url" in value.lower() or local == "style") and not _css_allowed(value):
            self.removed(f"{local}= (sur <{element}>)")
            return None
        if namespace == XLINK_NS:
            self.uses_xlink = True
            return "xlink:href"
        return local

    def end(self, name: str) -> None:
        written = self.stack.pop()
        if self.skipping:
            self.skipping -= 1
            return
        if written == "style":
            self.in_style = False
        if self.pending:
            self.out.append("/>")
            self.pending = False
        else:
            self.out.append(f"</{written}>")

    def text(self, data: str) -> None:
        if self.skipping or not self.stack:
            return
        if self.in_style and not _css_allowed(data):
            self.removed("<style>")  # its rules could load another file
            data = ""
        self._close_pending()
        self.out.append(_escape(data))

    def doctype(self, *_: object) -> None:
        raise _Refused("svg.doctype", self.parser.CurrentLineNumber)

    def instruction(self, target: str, _data: str) -> None:
        if self.stack or target.lower() == "xml-stylesheet":
            self.removed(f"<?{target}?>")


def clean_svg(data: bytes) -> SvgResult:
    """The SVG as it may be published, or None with the reason, and its removals."""
    if len(data) > MAX_BYTES:
        return SvgResult(None, [(0, say("svg.too_big", limit=MAX_BYTES // (1024 * 1024)))])
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    writer = _Writer(parser)
    parser.StartElementHandler = writer.start
    parser.EndElementHandler = writer.end
    parser.CharacterDataHandler = writer.text
    parser.StartDoctypeDeclHandler = writer.doctype
    parser.EntityDeclHandler = writer.doctype
    parser.ProcessingInstructionHandler = writer.instruction
    parser.ExternalEntityRefHandler = lambda *_: 0
    parser.buffer_text = True
    parser.ordered_attributes = False
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return SvgResult(None, [(refused.line, say(refused.key, **refused.values))])
    except expat.ExpatError as error:
        return SvgResult(None, [(error.lineno, say("svg.not_svg", detail="texte mal formé"))])
    if not writer.out:
        return SvgResult(None, [(0, say("svg.not_svg", detail="aucun élément <svg>"))])
    text = "".join(writer.out)
    if writer.uses_xlink and 'xmlns:xlink="' not in text[:text.index(">")]:
        text = text.replace(f'xmlns="{SVG_NS}"', f'xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"', 1)
    return SvgResult((text + "\n").encode("utf-8"), writer.messages)


def is_svg(path: str | Path) -> bool:
    return str(path).lower().endswith(".svg")


def svg_media(journal: Journal, project_dir: Path) -> tuple[dict[str, bytes | None], list[Problem]]:
    """Every SVG the journal publishes (src_uri -> its bytes as published, None when it is
    not), and one problem per removal or refusal, at the file's line."""
    root = Path(os.path.realpath(project_dir))
    published: dict[str, bytes | None] = {}
    problems: list[Problem] = []
    for residency in journal.residencies:
        for uri, path in sorted(residency.media.items()):
            if not is_svg(uri):
                continue
            shown = rel(root, Path(path))
            try:
                with open(path, "rb") as file:
                    data = file.read(MAX_BYTES + 1)
            except OSError:
                published[uri] = None
                problems.append(Problem(shown, 0, "", say("read.cannot_open")))
                continue
            result = clean_svg(data)
            published[uri] = result.content
            messages = result.messages[:MAX_REPORTED]
            problems += [Problem(shown, line, "", message) for line, message in messages]
            if len(result.messages) > len(messages):
                problems.append(Problem(shown, messages[-1][0], "", say(
                    "body.more_removed", count=len(result.messages) - len(messages))))
    return published, problems
