"""The Material templates the plugin replaces are copies of Material's own, with a
few changes. A Material release that changes one of them must fail here, clearly,
so that the change is carried into our copy (or knowingly left out).

``tests/material_upstream/`` holds each template as Material shipped it when our
copy was made (the same text in 9.7.7 and 9.8.2, the versions the locks pin). On
a Material update that fails here: read the diff printed, carry it into
``plugins/residency_journal/templates/<path>``, then copy the new upstream file
into ``tests/material_upstream/<path>``.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import re
from pathlib import Path

import material
import pytest

TEMPLATES = Path(__file__).parents[1] / "plugins" / "residency_journal" / "templates"
UPSTREAM = Path(__file__).parent / "material_upstream"
MATERIAL = Path(material.__file__).parent / "templates"

# Our copy -> how many places it departs from Material's (its header comment aside):
# what the copy's own comment says it changes.
CHANGES = {
    "main.html": 1,  # the extrahead and content blocks
    "404.html": 2,  # a French <title>, the French content
    "partials/header.html": 1,  # the journal's search form in place of Material's
    "partials/content.html": 1,  # the title's search weight
    "partials/copyright.html": 1,  # the licence and legal links, no "Made with"
    "fragments/tags/default/listing.html": 1,  # a generated page's full title
}


def _overrides() -> list[str]:
    """Every template of ours that stands in for one of Material's (same path)."""
    return sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")
                  if (MATERIAL / p.relative_to(TEMPLATES)).is_file())


def _body(text: str) -> list[str]:
    """The template without its leading comment (Material's "generated" note, ours)."""
    return re.sub(r"^\{#-.*?-#\}\n", "", text, count=1, flags=re.S).splitlines()


def test_every_material_template_we_replace_is_recorded():
    assert _overrides() == sorted(CHANGES), (
        "a template under plugins/residency_journal/templates/ replaces one of Material's: "
        "record Material's text in tests/material_upstream/ and the copy in CHANGES")


@pytest.mark.parametrize("path", sorted(CHANGES))
def test_material_has_not_changed_the_template_we_copied(path: str):
    installed = (MATERIAL / path).read_text(encoding="utf-8")
    copied_from = (UPSTREAM / path).read_text(encoding="utf-8")
    if installed != copied_from:
        diff = "".join(difflib.unified_diff(
            copied_from.splitlines(keepends=True), installed.splitlines(keepends=True),
            f"Material as copied: tests/material_upstream/{path}",
            f"Material {importlib.metadata.version('mkdocs-material')}: {path}"))
        pytest.fail(f"Material changed {path}, which plugins/residency_journal/templates/{path} "
                    f"replaces: carry the change into our copy, then record the new text "
                    f"in tests/material_upstream/{path}.\n{diff}")


@pytest.mark.parametrize("path", sorted(CHANGES))
def test_our_copy_departs_from_material_only_where_it_says(path: str):
    ours = _body((TEMPLATES / path).read_text(encoding="utf-8"))
    theirs = _body((UPSTREAM / path).read_text(encoding="utf-8"))
    changed = [op for op in difflib.SequenceMatcher(None, theirs, ours, autojunk=False)
               .get_opcodes() if op[0] != "equal"]
    assert len(changed) == CHANGES[path], "\n".join(difflib.unified_diff(theirs, ours, lineterm=""))
