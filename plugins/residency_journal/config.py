"""Options of the ``journal`` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class JournalConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it (for a quick build of docs/ alone)."""

    journal_dir = c.Type(str, default="journal")
    """Folder of the residencies, relative to mkdocs.yml (outside docs_dir)."""

    drafts_on_serve = c.Type(bool, default=True)
    """Show `draft: true` entries in `mkdocs serve`; `mkdocs build` never publishes them."""

    verdicts = c.Type(dict, default={})
    """Rename verdict labels or add verdicts: `{retenue: Adoptée, reportee: Reportée}`."""

    navigation = c.Type(bool, default=True)
    """Add each residency (home, weeks and days, index pages) to the site navigation."""

    schema_dir = c.Type(str, default="schema")
    """Where the JSON Schemas of entries and residence.yml are published ('' for nowhere)."""
