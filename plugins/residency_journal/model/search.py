"""What the site's search finds: the rule, for every page the site has.

Found: what people wrote or said, on its own page — days and follow-up notes,
the residency's home, one action or visit, and the hand-written pages. Not
found: listings that repeat those texts (actions, visits, participants,
verbatims, the livret, the open data page, the tags page: a word would rank
every listing above the page that says it); a participant's page, which is a
label and lists of days, visits and quotes found on their own pages (and half
of all pages at scale: 2510 of 5500 at 1000 entries, where indexing them costs
more build time and bigger index chunks than the budgets allow); and any page whose
front matter says ``search: {exclude: true}`` (Material's own key), such as the
residents' guide ``ecrire-une-entree.md``. Drafts are never built, so never found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .kinds import Kind

# Which kinds are found, and the Pagefind weight of their whole indexed text, are
# facts of the kind (kinds.FACTS: searched, search_weight). The weight: 1 is a day's
# text, 7 a day's title; an action, a visit or a residency's home (0.5) is found by
# its name and its own fields, after the days and follow-up notes whose text says the
# same words (results ranked by the body). Their repeated parts (timelines, lists of
# days, quotes) are not indexed at all (data-pagefind-ignore in their templates).


def is_searched(kind: Kind | None, meta: Mapping[str, Any] | None) -> bool:
    """``kind`` is the generated page's kind, None for a hand-written page."""
    search = (meta or {}).get("search")
    if isinstance(search, Mapping) and search.get("exclude") is True:
        return False
    return kind is None or kind.facts.searched


def search_weight(kind: Kind | None) -> str | None:
    """The page's Pagefind weight, None for the default (1) and hand-written pages."""
    return kind.facts.search_weight if kind is not None else None
