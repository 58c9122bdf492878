"""What the site's search finds: the rule, for every page the site has.

Found: what people wrote or said, on its own page — days and follow-up notes,
the residency's home, one action, visit or participant, and the hand-written
pages. Not found: listings that repeat those texts (actions, visits,
participants, verbatims, the livret, the open data page, the tags page: a word
would rank every listing above the page that says it), and any page whose
front matter says ``search: {exclude: true}`` (Material's own key), such as the
residents' guide ``ecrire-une-entree.md``. Drafts are never built, so never found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SEARCHED_KINDS = frozenset({"day", "followup", "residency", "action", "visit", "participant"})


def is_searched(kind: str | None, meta: Mapping[str, Any] | None) -> bool:
    """``kind`` is the generated page's kind, None for a hand-written page."""
    search = (meta or {}).get("search")
    if isinstance(search, Mapping) and search.get("exclude") is True:
        return False
    return kind is None or kind in SEARCHED_KINDS
