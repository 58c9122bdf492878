"""What a page says about itself for machines (schema.org, written as JSON-LD in its
``<head>``): a day or a follow-up note is a ``BlogPosting`` holding its quotes
(``Quotation``), a visit an ``Event``, an action an ``Action`` whose status is what
became of it. Search engines and reuse tools read the same facts as the open data.

Plain data here, with the open data's URLs and quote rows (:class:`~.exports.Exporter`),
so a speaker is named under the same rule everywhere (by name only with consent); the
page's template writes it, escaped for a ``<script>`` (views.linked_data_json).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .entities import Action, Entry, Visit
from .exports import Exporter
from .site import PageSpec
from .vocabulary import DONE_STATUS, DROPPED_STATUSES

CONTEXT = "https://schema.org"
SCHEMA = CONTEXT + "/"  # the vocabulary's values: https://schema.org/CompletedActionStatus
# What became of an action (its follow-up status) in schema.org's words; an action with
# no status yet, or set aside for a while, is a potential one.
ACTION_STATUS = {DONE_STATUS: "CompletedActionStatus", "en-cours": "ActiveActionStatus",
                 **dict.fromkeys(DROPPED_STATUSES, "FailedActionStatus")}


def linked_data(spec: PageSpec | None, exporter: Exporter) -> dict[str, Any] | None:
    """The page's JSON-LD object (its kind's ``linked_data`` type), or None for a page
    that describes no one thing."""
    if spec is None or spec.obj is None or spec.kind.facts.linked_data is None:
        return None
    kind_of, write = _WRITERS[spec.kind.facts.linked_data]
    return write(spec, spec.obj, exporter) if isinstance(spec.obj, kind_of) else None


def _posting(spec: PageSpec, entry: Entry, exporter: Exporter) -> dict[str, Any]:
    residency = entry.residency
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "BlogPosting", "headline": spec.full_title,
        "datePublished": entry.date.isoformat(), "inLanguage": "fr", "url": exporter.url(entry),
        "isPartOf": {"@type": "Blog", "name": residency.title, "url": exporter.url(residency)},
        "license": exporter.licence.url,
    }
    if entry.summary:
        data["description"] = entry.summary
    if entry.authors:  # the residents: public by their label (the model's rule for the team)
        data["author"] = [{"@type": "Person", "name": p.label} for p in entry.authors]
    quotes = [exporter.verbatim_row(v) for v in entry.verbatims]
    if quotes:
        data["hasPart"] = [_quotation(q.quote, q.speaker_label, q.url) for q in quotes]
    return data


def _quotation(text: str, speaker: str | None, url: str) -> dict[str, Any]:
    quote: dict[str, Any] = {"@type": "Quotation", "text": text, "url": url}
    if speaker:
        # A role or a group as often as a person ("Agents de la Région"): no @type.
        quote["spokenByCharacter"] = {"name": speaker}
    return quote


def _event(spec: PageSpec, visit: Visit, exporter: Exporter) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Event", "name": visit.title,
        "startDate": visit.date.isoformat(), "inLanguage": "fr", "url": exporter.url(visit),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
    }
    if visit.summary:
        data["description"] = visit.summary
    if visit.place:
        data["location"] = {"@type": "Place", "name": visit.place}
    if visit.hosts:
        data["organizer"] = [{"name": host} for host in visit.hosts]
    return data


def _action(spec: PageSpec, action: Action, exporter: Exporter) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Action", "name": action.title, "url": exporter.url(action),
        "actionStatus": SCHEMA + ACTION_STATUS.get(action.status or "", "PotentialActionStatus"),
    }
    if action.residency.host:
        data["agent"] = {"@type": "Organization", "name": action.residency.host}
    if action.note:
        data["description"] = action.note
    return data


# schema.org @type (kinds.FACTS) -> (what the page must show, what writes its object)
_WRITERS: dict[str, tuple[type, Callable[[PageSpec, Any, Exporter], dict[str, Any]]]] = {
    "BlogPosting": (Entry, _posting), "Event": (Visit, _event), "Action": (Action, _action),
}
