"""The publisher's details behind the legal notice, the accessibility statement and the
footer's licence line, read from the plugin's options in mkdocs.yml.

Plain values: templates escape them (journal/accessibility.html, journal/legal.html,
journal/partials/footer.html). Every site has both pages, linked from every footer: French
law asks them of a public body's site whoever configured it.

:func:`missing_details` names, in French, each detail a public body's site must give,
and each example value that ``journal init`` wrote (:data:`PLACEHOLDERS`) and nobody
replaced yet; the plugin logs them as warnings, so ``mkdocs build --strict`` fails while
the site would publish « Nom de l'administration… », and ``journal check`` lists them.
A site without any ``publisher`` block (a test site, a site configured by hand before
`journal init` wrote one) gets no warning: its pages say that the publisher is not given
yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .dates import french_date
from .model.exports import DEFAULT_LICENCE

STATUSES = ("totalement conforme", "partiellement conforme", "non conforme")


@dataclass(frozen=True)
class Host:
    name: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class SiteDetails:
    """What the legal pages and the footer say about the site; plain text."""

    site_name: str = ""
    name: str = ""  # the publisher; "" when not configured: no legal pages
    address: str = ""
    email: str = ""
    phone: str = ""
    director: str = ""
    dpo: str = ""
    host: Host = field(default_factory=Host)
    licence_name: str = DEFAULT_LICENCE.name
    licence_url: str = DEFAULT_LICENCE.url
    status: str = STATUSES[-1]  # non conforme: until an audit says otherwise
    date: dt.date | None = None
    contact: str = ""
    audit: str = ""
    rate: float | None = None
    issues: tuple[str, ...] = ()
    plan: str = ""

    @property
    def published(self) -> bool:
        """The publisher is known (the legal pages exist either way)."""
        return bool(self.name)

    @property
    def publisher(self) -> str:
        """Who the pages say publishes the site, even before anyone said so."""
        return self.name or "L'éditeur de ce site"

    @property
    def date_fr(self) -> str:
        return french_date(self.date, "long") if self.date else ""

    @property
    def contact_is_email(self) -> bool:
        return "@" in self.contact and not self.contact.startswith(("http://", "https://"))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        return None


def _section(options: Any, key: str) -> Any:
    value = options.get(key) if hasattr(options, "get") else None
    return value if hasattr(value, "get") else {}


def site_details(options: Any, site_name: str = "") -> SiteDetails:
    """The details from the plugin's options (``publisher``, ``licence``, ``accessibility``):
    the validated config of the plugin, or the raw mapping ``journal check`` reads from
    mkdocs.yml (any key may be missing there; defaults as in config.py)."""
    publisher, licence = _section(options, "publisher"), _section(options, "licence")
    access, host = _section(options, "accessibility"), _section(_section(options, "publisher"),
                                                                  "host")
    email = _text(publisher.get("email"))
    rate = access.get("rate")
    defaults = SiteDetails()
    issues = access.get("issues") or []
    return SiteDetails(
        site_name=_text(site_name), name=_text(publisher.get("name")),
        address=_text(publisher.get("address")), email=email,
        phone=_text(publisher.get("phone")), director=_text(publisher.get("director")),
        dpo=_text(publisher.get("dpo")),
        host=Host(_text(host.get("name")), _text(host.get("address")), _text(host.get("phone"))),
        licence_name=_text(licence.get("name", defaults.licence_name)),
        licence_url=_text(licence.get("url", defaults.licence_url)),
        status=_text(access.get("status") or defaults.status).lower(),
        date=_date(access.get("date")),
        contact=_text(access.get("contact")) or email, audit=_text(access.get("audit")),
        rate=float(rate) if isinstance(rate, (int, float)) else None,
        issues=tuple(_text(i) for i in issues if _text(i)) if isinstance(issues, list) else (),
        plan=_text(access.get("plan")))


def raw_date(options: Any) -> Any:
    """``accessibility.date`` as written (to tell a mistyped date from a missing one)."""
    return _section(options, "accessibility").get("date")


# (detail, how to name it in French) of what a public body's site must say (LCEN
# art. 6 III for the notice, loi du 11 février 2005 art. 47 and RGAA 4.1 for the statement).
REQUIRED = (
    ("publisher.name", "name", "le nom de l'administration qui publie le site"),
    ("publisher.address", "address", "l'adresse postale de l'éditeur"),
    ("publisher.email", "email", "l'adresse électronique de contact de l'éditeur"),
    ("publisher.director", "director", "le directeur ou la directrice de la publication"),
    ("publisher.host.name", "host.name", "le nom de l'hébergeur"),
    ("publisher.host.address", "host.address", "l'adresse de l'hébergeur"),
    ("publisher.host.phone", "host.phone", "le téléphone de l'hébergeur"),
    ("accessibility.date", "date", "la date de la déclaration d'accessibilité (AAAA-MM-JJ)"),
)


# The example values `journal init` writes in mkdocs.yml, to be replaced (the scaffold's
# template takes them from here, so the reminders always know what it wrote).
PLACEHOLDERS = {
    "publisher.name": "Nom de l'administration qui publie le site",
    "publisher.address": "Adresse postale de l'administration",
    "publisher.email": "contact@administration.example",
    "publisher.director": "Fonction du directeur ou de la directrice de la publication",
    "publisher.host.name": "Nom de l'hébergeur",
    "publisher.host.address": "Adresse de l'hébergeur",
    "publisher.host.phone": "Téléphone de l'hébergeur",
    "accessibility.date": "AAAA-MM-JJ",
}


def missing_details(details: SiteDetails, raw_date: Any = None) -> list[str]:
    """French warnings, one per missing, wrong or example detail; none without a publisher."""
    if not details.published:
        return []
    found = []
    for option, attr, what in REQUIRED:
        value: Any = details
        for part in attr.split("."):
            value = getattr(value, part)
        written = _text(raw_date) if option == "accessibility.date" else _text(value)
        if written and written == PLACEHOLDERS.get(option):
            found.append(f"mkdocs.yml: journal.{option} : « {written} » est l'exemple écrit par "
                         f"journal init ; remplacez-le par {what}")
            continue
        if not value:
            if option == "accessibility.date" and _text(raw_date):
                found.append(f"mkdocs.yml: journal.accessibility.date : « {_text(raw_date)} » "
                             "n'est pas une date ; écrivez-la AAAA-MM-JJ (2025-03-14)")
                continue
            found.append(f"mkdocs.yml: journal.{option} : manquant ; indiquez {what}, "
                         "exigé sur le site d'une personne publique")
    if details.status not in STATUSES:
        found.append(f"mkdocs.yml: journal.accessibility.status : « {details.status} » n'est pas "
                     f"un état de conformité du RGAA ({', '.join(STATUSES)})")
    elif details.status != "non conforme" and details.rate is None:
        found.append(f"mkdocs.yml: journal.accessibility.rate : un site « {details.status} » a été "
                     "audité ; indiquez le taux de conformité de l'audit (rate) et qui l'a mené "
                     "(audit), ou l'état « non conforme »")
    return found
