"""The publisher's details behind the legal notice, the accessibility statement and the
footer's licence line, read from the plugin's options in mkdocs.yml.

Plain values: templates escape them (journal/accessibility.html, journal/legal.html,
journal/partials/footer.html). :func:`missing_details` names, in French, each detail a
public body's site must give; the plugin logs them as warnings, so ``mkdocs build
--strict`` fails on an incomplete publisher. A site without ``publisher`` at all (a test
site, a site just made by ``journal init``) gets no such pages and no warning: the
pages are generated only once someone says who publishes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .dates import french_date

STATUSES = ("totalement conforme", "partiellement conforme", "non conforme")

# Where the accessibility statement's "voies de recours" send readers (Défenseur des droits).
DEFENSEUR_FORM = "https://formulaire.defenseurdesdroits.fr/"
DEFENSEUR_DELEGATES = "https://www.defenseurdesdroits.fr/saisir/delegues"


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
    licence_name: str = "CC BY-SA 4.0"
    licence_url: str = "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"
    status: str = "non conforme"
    date: dt.date | None = None
    contact: str = ""
    audit: str = ""
    rate: float | None = None
    issues: tuple[str, ...] = ()
    plan: str = ""

    @property
    def published(self) -> bool:
        """The legal pages exist (the footer links to them) only with a publisher."""
        return bool(self.name)

    @property
    def date_fr(self) -> str:
        return french_date(self.date, "long") if self.date else ""

    @property
    def contact_is_email(self) -> bool:
        return "@" in self.contact and not self.contact.startswith(("http://", "https://"))

    @property
    def dpo_is_email(self) -> bool:
        return "@" in self.dpo and not self.dpo.startswith(("http://", "https://"))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        return None


def site_details(options: Any, site_name: str = "") -> SiteDetails:
    """The details from the plugin's options (``publisher``, ``licence``, ``accessibility``)."""
    publisher, licence, access = options["publisher"], options["licence"], options["accessibility"]
    host = publisher["host"]
    email = _text(publisher["email"])
    rate = access["rate"]
    return SiteDetails(
        site_name=_text(site_name), name=_text(publisher["name"]),
        address=_text(publisher["address"]), email=email, phone=_text(publisher["phone"]),
        director=_text(publisher["director"]), dpo=_text(publisher["dpo"]),
        host=Host(_text(host["name"]), _text(host["address"]), _text(host["phone"])),
        licence_name=_text(licence["name"]), licence_url=_text(licence["url"]),
        status=_text(access["status"]).lower(), date=_date(access["date"]),
        contact=_text(access["contact"]) or email, audit=_text(access["audit"]),
        rate=float(rate) if rate is not None else None,
        issues=tuple(_text(i) for i in access["issues"] if _text(i)), plan=_text(access["plan"]))


# (detail, how to name it in French) of what a public body's site must say (LCEN
# art. 6 III for the notice, loi du 11 février 2005 art. 47 and RGAA 4.1 for the statement).
REQUIRED = (
    ("publisher.address", "address", "l'adresse postale de l'éditeur"),
    ("publisher.email", "email", "l'adresse électronique de contact de l'éditeur"),
    ("publisher.director", "director", "le directeur ou la directrice de la publication"),
    ("publisher.host.name", "host.name", "le nom de l'hébergeur"),
    ("publisher.host.address", "host.address", "l'adresse de l'hébergeur"),
    ("publisher.host.phone", "host.phone", "le téléphone de l'hébergeur"),
    ("accessibility.date", "date", "la date de la déclaration d'accessibilité (AAAA-MM-JJ)"),
)


def missing_details(details: SiteDetails, raw_date: Any = None) -> list[str]:
    """French warnings, one per missing or wrong detail; none without a publisher."""
    if not details.published:
        return []
    found = []
    for option, attr, what in REQUIRED:
        value: Any = details
        for part in attr.split("."):
            value = getattr(value, part)
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
