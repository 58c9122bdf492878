"""The guide's list of messages is the catalogue's: it cannot drift from the tool."""

from __future__ import annotations

from pathlib import Path

import pytest
from residency_journal.model.messages import MESSAGES
from residency_journal.model.messages_guide import (
    BEGIN,
    END,
    documented_keys,
    render,
    shown,
    update,
)

ROOT = Path(__file__).resolve().parents[1]
GUIDES = [ROOT / "docs/ecrire-une-entree.md",
          ROOT / "plugins/residency_journal/scaffold/site/docs/ecrire-une-entree.md"]
REGENERATE = ("python -m residency_journal.model.messages_guide docs/ecrire-une-entree.md "
              "plugins/residency_journal/scaffold/site/docs/ecrire-une-entree.md")


def generated(guide: Path) -> str:
    text = guide.read_text(encoding="utf-8")
    return text[text.index(BEGIN): text.index(END) + len(END)]


@pytest.mark.parametrize("guide", GUIDES, ids=["docs", "scaffold"])
def test_the_guide_lists_the_catalogue(guide: Path):
    assert generated(guide) == render(), f"the catalogue changed: run `{REGENERATE}`"


@pytest.mark.parametrize("key", documented_keys())
def test_every_message_has_its_entry_in_the_guide(key: str):
    text = GUIDES[0].read_text(encoding="utf-8")
    assert f"- `{shown(key)}`" in generated(GUIDES[0]), (
        f"{key} is not in the guide: run `{REGENERATE}`")
    # The words a resident searches for are there as she reads them in her terminal.
    fixed = max(MESSAGES[key].split("{"), key=len).split("}")[-1].strip()
    assert fixed[:40] in text


def test_a_new_message_makes_the_test_fail(monkeypatch):
    """The check above is not vacuous: a message added to the catalogue and not
    regenerated into the guide is caught."""
    monkeypatch.setitem(MESSAGES, "value.brand_new", "un message tout neuf : {value}")
    assert "value.brand_new" in documented_keys()
    assert generated(GUIDES[0]) != render()
    assert "un message tout neuf : …" in update(GUIDES[0].read_text(encoding="utf-8"))


def test_the_messages_section_is_in_french():
    text = GUIDES[0].read_text(encoding="utf-8")
    section = text[text.index("## Les messages d'erreur"): text.index(BEGIN)]
    for english in ("is not", "did you mean", "unknown key", "is required", "cannot be read"):
        assert english not in section and english not in generated(GUIDES[0])
    assert "vouliez-vous dire" in generated(GUIDES[0])
