"""Options of the ``journal`` plugin in mkdocs.yml."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c

# How participants are grouped and the team named: one owner, the view of every page kind
# and of the livret (views.View); these options only change its order and its words.
from .compliance import SiteDetails
from .model.feeds import DEFAULT_TIMEZONE
from .settings import JOURNAL_DIR, SCHEMA_DIR
from .views import DEFAULT_GROUP_ORDER, DEFAULT_TEAM_LABEL

# --- the publisher's details: legal notice, accessibility statement, licence ----
# Plain text, escaped where HTML is written. Which details are required, and the French
# warnings when one is missing, are in compliance.py.


class HostConfig(base.Config):
    name = c.Optional(c.Type(str))
    address = c.Optional(c.Type(str))
    phone = c.Optional(c.Type(str))


class PublisherConfig(base.Config):
    name = c.Optional(c.Type(str))
    """The public body that publishes the site (« Région Exemple »)."""
    address = c.Optional(c.Type(str))
    email = c.Optional(c.Type(str))
    phone = c.Optional(c.Type(str))
    director = c.Optional(c.Type(str))
    """Directeur·rice de la publication: a role or a name (« Le président de la Région »)."""
    dpo = c.Optional(c.Type(str))
    """Délégué·e à la protection des données: an e-mail address or a web address."""
    host = c.SubConfig(HostConfig)


class LicenceConfig(base.Config):
    name = c.Type(str, default=SiteDetails.licence_name)
    url = c.Type(str, default=SiteDetails.licence_url)


class AccessibilityConfig(base.Config):
    status = c.Type(str, default=SiteDetails.status)
    """totalement conforme | partiellement conforme | non conforme (RGAA 4.1)."""
    date = c.Optional(c.Type((dt.date, str)))
    """The day the statement was made (YYYY-MM-DD): never the build's date."""
    contact = c.Optional(c.Type(str))
    """E-mail or web address for accessibility feedback; default: publisher.email."""
    audit = c.Optional(c.Type(str))
    """Who audited the site and when (« Cabinet X, mars 2025 »), when an RGAA audit was made."""
    rate = c.Optional(c.Type((int, float)))
    """The audit's compliance rate, in percent."""
    issues = c.Type(list, default=[])
    """Known non-accessible contents (non-conformités), one sentence each."""
    plan = c.Optional(c.Type(str))
    """Web address of the body's multi-year accessibility plan (schéma pluriannuel)."""


class JournalConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it (for a quick build of docs/ alone)."""

    journal_dir = c.Type(str, default=JOURNAL_DIR)
    """Folder of the residencies, relative to mkdocs.yml (outside docs_dir)."""

    drafts_on_serve = c.Type(bool, default=True)
    """Show `draft: true` entries in `mkdocs serve`; `mkdocs build` never publishes them."""

    verdicts = c.Type(dict, default={})
    """Rename verdict labels or add verdicts: `{retenue: Adoptée, reportee: Reportée}`."""

    statuses = c.Type(dict, default={})
    """Rename status labels (the keys are fixed): `{realisee: Terminée}`."""

    navigation = c.Type(bool, default=True)
    """Add each residency (home, weeks and days, index pages) to the site navigation."""

    schema_dir = c.Type(str, default=SCHEMA_DIR)
    """Where the JSON Schemas of entries and residence.yml are published ('' for nowhere)."""

    # --- feeds, open data, search ---

    # (the licence of feeds and exports is `licence`, below)

    timezone = c.Type(str, default=DEFAULT_TIMEZONE)
    """The time zone of the entries' dates (feeds give each item its date at 00:00 there)."""

    feeds = c.Type(bool, default=True)
    """Publish RSS 2.0, Atom and JSON Feed files of the site and of each residency (needs site_url)."""

    feed_max_items = c.Type(int, default=50)
    """Keep only the newest N items in each feed (0: every entry). A feed is polled again
    and again by readers' apps: the site's, with every day's full text, would weigh 5.6 MB
    at 1000 entries; its 50 newest, 0.3 MB. The site keeps every entry."""

    open_data = c.Type(bool, default=True)
    """Publish the open data files (CSV, JSON) and their page ``/<residency>/donnees/``."""

    search = c.Type(bool, default=True)
    """French full-text search with Pagefind (needs ``pagefind[bin]``). Off while Material's own
    ``search`` plugin is in mkdocs.yml: remove it to get this one."""

    publisher = c.SubConfig(PublisherConfig)
    """Who publishes the site: the legal notice and accessibility statement are
    generated (/mentions-legales/, /accessibilite/) when `publisher.name` is set."""

    licence = c.SubConfig(LicenceConfig)
    """The contents' licence, in every footer and the legal notice (default CC BY-SA 4.0)."""

    accessibility = c.SubConfig(AccessibilityConfig)
    """The accessibility statement's status, date and contact (RGAA 4.1)."""

    # --- reader pages ---

    group_order = c.ListOfItems(c.Type(str), default=list(DEFAULT_GROUP_ORDER))
    """Participant groups shown first, in this order; other groups follow alphabetically.
    `résidents` is the team's group (members without a `group` of their own)."""

    team_label = c.Type(str, default=DEFAULT_TEAM_LABEL)
    """How the team is called on every page (its group title, the residency home)."""
