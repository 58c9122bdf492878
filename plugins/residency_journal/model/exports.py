"""Open data from the resolved journal: per-residency CSV/JSON files and ``journal.json``.

The content model ("Feeds and open data") publishes, per residency,
``donnees/actions.csv``, ``donnees/actions.json`` and ``donnees/verbatims.csv``,
and for the whole site ``donnees/journal.json`` with its JSON Schema at
``schema/export.json`` (under the ``schema_dir`` option; nowhere when it is '').
This module turns a resolved :class:`.Journal` into those bytes, at the paths
:mod:`.urls` gives; the adapter only writes them.

The pydantic models below are the single description of every file: the rows
are built as instances of them, the CSV columns are their fields, and the
JSON Schema is generated from them (as :mod:`.jsonschema` does for entries).

Rules every export follows:

- values are the model's keys (``retenue``, ``fort``, ``interne``), with a
  ``*_label`` column beside them where a reader needs the words;
- a person appears by their label (their role); a name only with consent, and
  only through :func:`public_name` / :func:`public_label`;
- drafts never: pass the journal a build reads (drafts excluded); entries marked
  as drafts are skipped here too, as a second lock;
- every file carries the site's licence;
- a CSV cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``
  first) starts with an apostrophe, as OWASP advises; JSON keeps values as written;
- the same journal gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .entities import Action, Entry, Journal, Participant, Residency, Verbatim, Visit
from .jsonschema import DRAFT
from .urls import JOURNAL_JSON, RESIDENCY_DATA_FILES, SCHEMA_DIR, residency_data_uri, schema_uris
from .vocabulary import DIFFICULTY_LABELS, IMPACT_LABELS, Vocabulary

# What "version" versions: the structure of the open data (the keys of
# journal.json and actions.json, the columns of the CSV files), not the
# journal's content. It changes only when a key is renamed or removed or its
# meaning changes; adding a key keeps it. Readers should check it.
EXPORT_VERSION = 1

# Lists inside one CSV cell (tags, days): joined with this, never with ';'.
LIST_SEPARATOR = ", "


@dataclass(frozen=True)
class Licence:
    """The site's licence, written in every export and feed."""

    name: str = "CC BY-SA 4.0"
    url: str = "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"

    @property
    def line(self) -> str:
        """One line for places that take text (RSS ``<copyright>``, Atom ``<rights>``, CSV)."""
        return f"Licence {self.name} : {self.url}" if self.url else f"Licence {self.name}"


DEFAULT_LICENCE = Licence()

# Licences a site names without giving their URL (mkdocs.yml: `licence: CC BY 4.0`).
KNOWN_LICENCES = {
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/deed.fr",
    "CC BY-NC-SA 4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr",
    "CC BY-NC 4.0": "https://creativecommons.org/licenses/by-nc/4.0/deed.fr",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
    "Licence Ouverte 2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "ODbL 1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
}


def licence_of(name: str | None, url: str | None = None) -> Licence:
    """The site's licence from mkdocs.yml: a known name gets its URL, an unknown one
    only the URL given (or none: the line then names the licence alone)."""
    name = " ".join((name or "").split()) or DEFAULT_LICENCE.name
    if url:
        return Licence(name, url)
    known = {key.casefold(): (key, value) for key, value in KNOWN_LICENCES.items()}
    canonical, known_url = known.get(name.casefold(), (name, ""))
    return Licence(canonical, known_url)


# --- the one place that knows how entities expose what exports read ------------------

def url_of_entity(thing: Any) -> str:
    """The site-relative URL of a page of the model (``achats/actions/parite/``).

    Entities may be refactored (another name, a method); only this changes then.
    """
    return thing.url


def absolute_url(site_url: str | None, relative: str) -> str:
    """``site_url`` + a site-relative URL; without a site_url, the relative URL from the root."""
    if not site_url:
        return "/" + relative.lstrip("/")
    return site_url.rstrip("/") + "/" + relative.lstrip("/")


def public_name(participant: Participant) -> str | None:
    """A participant's name, only when they consented to its publication.

    Team members (the residents who sign the entries) are public by their name,
    which the model already holds as their label. Anyone else's ``name`` is
    published only with ``consent: true``; anything but ``True`` is a refusal.
    """
    name = getattr(participant, "name", None)
    if not name or getattr(participant, "is_team", False):
        return None
    return str(name) if getattr(participant, "consent", False) is True else None


def public_label(participant: Participant) -> str:
    """How a participant is shown in exports and feeds: the label (the role), with the
    name beside it only with consent ("Marie Exemple, Responsable de la commande publique")."""
    name = public_name(participant)
    return f"{name}, {participant.label}" if name else participant.label


def _published(entries: Iterable[Entry]) -> list[Entry]:
    return [entry for entry in entries if not entry.draft]


def _is_follow_up(entry: Entry) -> bool:
    return bool(getattr(entry, "follow_up", False))


def _week_day(entry: Entry) -> tuple[int | None, int | None]:
    """A follow-up note has no week and no day."""
    return (None, None) if _is_follow_up(entry) else (entry.week, entry.day)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# --- the export models: one description for rows, JSON and JSON Schema -------------

class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LicenceOut(_Model):
    name: str = Field(description="Nom de la licence des données (par exemple CC BY-SA 4.0).")
    url: str = Field(description="Adresse du texte de la licence.")


class DayRef(_Model):
    date: str = Field(description="Date de la journée (AAAA-MM-JJ).")
    week: int | None = Field(description="Numéro de la semaine d'immersion (vide pour un suivi).")
    day: int | None = Field(description="Numéro du jour dans la semaine d'immersion.")
    url: str = Field(description="Adresse de la page de la journée.")


class ActionRow(_Model):
    """One action of a residency, in its current state (actions.csv, actions.json)."""

    residency: str = Field(description="Identifiant (slug) de la résidence.")
    id: str = Field(description="Identifiant de l'action dans sa résidence.")
    title: str = Field(description="Intitulé de l'action.")
    scope: str | None = Field(description="Périmètre : interne ou externe (vide si non précisé).")
    verdict: str = Field(description="Clé du verdict actuel (proposee, a-approfondir, retenue...).")
    verdict_label: str = Field(description="Libellé du verdict actuel, tel qu'affiché sur le site.")
    impact: str | None = Field(description="Impact actuel : faible, moyen ou fort.")
    difficulty: str | None = Field(description="Difficulté actuelle : faible, moyenne ou forte.")
    status: str | None = Field(description="Clé de l'état de mise en œuvre (suivi), s'il a été donné.")
    status_label: str | None = Field(description="Libellé de l'état de mise en œuvre.")
    progress: int | None = Field(description="Avancement en pourcentage (0 à 100), s'il est connu.")
    tags: list[str] = Field(description="Étiquettes de l'action.")
    days: list[str] = Field(description="Dates (AAAA-MM-JJ) des journées qui mentionnent l'action, "
                                        "dans l'ordre du journal.")
    first_mention: str = Field(description="Date de la première mention.")
    last_mention: str = Field(description="Date de la dernière mention.")
    url: str = Field(description="Adresse de la page de l'action.")


class TimelineStep(_Model):
    """What one day said about an action."""

    date: str = Field(description="Date de la journée.")
    week: int | None
    day: int | None
    url: str = Field(description="Adresse de la page de la journée.")
    declares: bool = Field(description="Vrai pour la journée qui a déclaré l'action.")
    scope: str | None
    verdict: str | None = Field(description="Verdict donné ce jour-là (clé), s'il y en a un.")
    verdict_label: str | None
    impact: str | None
    difficulty: str | None
    status: str | None
    progress: int | None
    note: str | None


class ActionOut(ActionRow):
    note: str | None = Field(description="Dernière note donnée sur l'action.")
    timeline: list[TimelineStep] = Field(description="Chaque journée qui a mentionné l'action, "
                                                     "dans l'ordre du journal.")


class VerbatimRow(_Model):
    """One quote (verbatims.csv, journal.json)."""

    residency: str = Field(description="Identifiant (slug) de la résidence.")
    quote: str = Field(description="La citation.")
    speaker: str | None = Field(description="Identifiant du participant qui parle (vide pour un "
                                            "orateur en texte libre).")
    speaker_label: str | None = Field(description="Qui parle, tel qu'affiché : le rôle du "
                                                  "participant, ou le texte libre de l'entrée.")
    date: str = Field(description="Date de la journée où la citation a été recueillie.")
    week: int | None = Field(description="Semaine d'immersion (vide pour une note de suivi).")
    day: int | None = Field(description="Jour dans la semaine d'immersion.")
    visit: str | None = Field(description="Identifiant de la visite liée, s'il y en a une.")
    visit_title: str | None = Field(description="Titre de la visite liée.")
    action: str | None = Field(description="Identifiant de l'action liée, s'il y en a une.")
    action_title: str | None = Field(description="Intitulé de l'action liée.")
    url: str = Field(description="Adresse de la citation dans la page de la journée.")


class VisitOut(_Model):
    id: str
    title: str
    date: str
    place: str | None
    hosts: list[str]
    participants: list[str] = Field(description="Identifiants des participants.")
    summary: str | None
    day_url: str = Field(description="Adresse de la journée (et de sa section, le cas échéant).")
    url: str = Field(description="Adresse de la page de la visite.")


class ParticipantOut(_Model):
    id: str
    label: str = Field(description="Le rôle ou le nom public du participant.")
    name: str | None = Field(description="Nom de la personne, seulement avec son consentement.")
    group: str | None
    count: int | None
    role: str | None
    team: bool = Field(description="Vrai pour les résidents (l'équipe).")
    days: list[str] = Field(description="Dates des journées où le participant était présent.")
    url: str


class EntryOut(_Model):
    date: str
    week: int | None = Field(description="Semaine d'immersion (vide pour une note de suivi).")
    day: int | None
    follow_up: bool = Field(description="Vrai pour une note de suivi, écrite après la résidence.")
    title: str
    summary: str | None
    tags: list[str]
    authors: list[str] = Field(description="Identifiants des résidents qui signent l'entrée.")
    participants: list[str] = Field(description="Identifiants des participants présents.")
    actions: list[str] = Field(description="Identifiants des actions mentionnées.")
    visits: list[str]
    url: str


class WeekOut(_Model):
    number: int
    start: str | None
    end: str | None


class ResidencyOut(_Model):
    slug: str
    title: str
    host: str | None
    place: str | None
    summary: str | None
    url: str
    weeks: list[WeekOut]
    entries: list[EntryOut]
    actions: list[ActionOut]
    visits: list[VisitOut]
    participants: list[ParticipantOut]
    verbatims: list[VerbatimRow]


class JournalExport(_Model):
    """The whole journal (donnees/journal.json)."""

    version: int = Field(description="Version de la structure de l'export (pas du contenu) : elle "
                                     "change seulement quand une clé est renommée, retirée ou "
                                     "change de sens.")
    licence: LicenceOut
    site_url: str | None = Field(description="Adresse du site ; les adresses de l'export en partent.")
    residencies: list[ResidencyOut]


class ActionsExport(_Model):
    """The actions of one residency (donnees/actions.json)."""

    version: int
    licence: LicenceOut
    residency: str
    actions: list[ActionOut]


# --- building the rows ---------------------------------------------------------------

class Exporter:
    """Open data of one site: its address, verdict labels and licence, applied to every file."""

    def __init__(self, site_url: str | None, vocabulary: Vocabulary | None = None,
                 licence: Licence = DEFAULT_LICENCE) -> None:
        self.site_url = site_url
        self.vocabulary = vocabulary or Vocabulary()
        self.licence = licence

    def url(self, thing: Any, anchor: str | None = None) -> str:
        url = absolute_url(self.site_url, url_of_entity(thing))
        return f"{url}#{anchor}" if anchor else url

    def _day(self, entry: Entry) -> DayRef:
        week, day = _week_day(entry)
        return DayRef(date=entry.date.isoformat(), week=week, day=day, url=self.url(entry))

    # actions

    def action_row(self, action: Action) -> ActionRow:
        return ActionRow(**self._action_fields(action))

    def _action_fields(self, action: Action) -> dict[str, Any]:
        days = _published(action.days)
        status = getattr(action, "status", None)
        return dict(
            residency=action.residency.slug,
            id=action.id,
            title=action.title,
            scope=action.scope,
            verdict=action.verdict,
            verdict_label=self.vocabulary.verdict_label(action.verdict),
            impact=IMPACT_LABELS.get(action.impact) if action.impact else None,
            difficulty=DIFFICULTY_LABELS.get(action.difficulty) if action.difficulty else None,
            status=status,
            status_label=getattr(action, "status_label", None) if status else None,
            progress=getattr(action, "progress", None),
            tags=sorted(set(getattr(action, "tags", None) or [])),
            days=[entry.date.isoformat() for entry in days],
            first_mention=days[0].date.isoformat(),
            last_mention=days[-1].date.isoformat(),
            url=self.url(action),
        )

    def action_out(self, action: Action) -> ActionOut:
        timeline = [
            TimelineStep(
                **self._day(step.entry).model_dump(),
                declares=step.declares,
                scope=step.scope,
                verdict=step.verdict,
                verdict_label=self.vocabulary.verdict_label(step.verdict) if step.verdict else None,
                impact=IMPACT_LABELS.get(step.impact) if step.impact else None,
                difficulty=DIFFICULTY_LABELS.get(step.difficulty) if step.difficulty else None,
                status=getattr(step, "status", None),
                progress=getattr(step, "progress", None),
                note=step.note,
            )
            for step in action.steps if not step.entry.draft
        ]
        return ActionOut(**self._action_fields(action), note=action.note, timeline=timeline)

    def actions_of(self, residency: Residency) -> list[Action]:
        """Actions that a published day mentions, in the residency's order."""
        return [a for a in residency.actions.values() if _published(a.days)]

    # verbatims

    def verbatim_row(self, verbatim: Verbatim) -> VerbatimRow:
        entry = verbatim.entry
        speaker = verbatim.speaker
        week, day = _week_day(entry)
        return VerbatimRow(
            residency=entry.residency.slug,
            quote=verbatim.quote,
            speaker=speaker.id if speaker else None,
            speaker_label=public_label(speaker) if speaker else verbatim.speaker_text,
            date=entry.date.isoformat(),
            week=week,
            day=day,
            visit=verbatim.visit.id if verbatim.visit else None,
            visit_title=verbatim.visit.title if verbatim.visit else None,
            action=verbatim.action.id if verbatim.action else None,
            action_title=verbatim.action.title if verbatim.action else None,
            url=self.url(entry, verbatim.anchor),
        )

    def verbatims_of(self, residency: Residency) -> list[Verbatim]:
        return [v for entry in _published(residency.entries) for v in entry.verbatims]

    # the rest of journal.json

    def visit_out(self, visit: Visit) -> VisitOut:
        return VisitOut(
            id=visit.id, title=visit.title, date=visit.date.isoformat(), place=visit.place,
            hosts=list(visit.hosts), participants=[p.id for p in visit.participants],
            summary=visit.summary, day_url=self.url(visit.entry, visit.section), url=self.url(visit))

    def participant_out(self, participant: Participant) -> ParticipantOut:
        return ParticipantOut(
            id=participant.id, label=participant.label, name=public_name(participant),
            group=participant.group, count=participant.count, role=participant.role,
            team=participant.is_team,
            days=[e.date.isoformat() for e in _published(participant.days)],
            url=self.url(participant))

    def participants_of(self, residency: Residency) -> list[Participant]:
        """Participants of the residency, except those declared by a draft (a journal read
        for a preview holds them; a build's does not)."""
        drafts = {entry.path for entry in residency.entries if entry.draft}
        return [p for p in residency.participants.values() if p.declared_at.path not in drafts]

    def entry_out(self, entry: Entry) -> EntryOut:
        week, day = _week_day(entry)
        return EntryOut(
            date=entry.date.isoformat(), week=week, day=day, follow_up=_is_follow_up(entry),
            title=entry.title, summary=entry.summary, tags=list(entry.tags),
            authors=[p.id for p in entry.authors],
            participants=[p.participant.id for p in entry.presences],
            actions=list(dict.fromkeys(step.action.id for step in entry.steps)),
            visits=[v.id for v in entry.visits], url=self.url(entry))

    def residency_out(self, residency: Residency) -> ResidencyOut:
        return ResidencyOut(
            slug=residency.slug, title=residency.title, host=residency.host, place=residency.place,
            summary=residency.summary, url=self.url(residency),
            weeks=[WeekOut(number=w.number, start=_date(w.start), end=_date(w.end))
                   for w in residency.weeks],
            entries=[self.entry_out(e) for e in _published(residency.entries)],
            actions=[self.action_out(a) for a in self.actions_of(residency)],
            visits=[self.visit_out(v) for v in residency.visits.values() if not v.entry.draft],
            participants=[self.participant_out(p) for p in self.participants_of(residency)],
            verbatims=[self.verbatim_row(v) for v in self.verbatims_of(residency)],
        )

    def _licence(self) -> LicenceOut:
        return LicenceOut(name=self.licence.name, url=self.licence.url)

    # --- the files ----------------------------------------------------------------

    def journal_json(self, journal: Journal) -> str:
        """``donnees/journal.json``: every residency, entry, action, visit, participant, verbatim."""
        document = JournalExport(version=EXPORT_VERSION, licence=self._licence(),
                                 site_url=self.site_url,
                                 residencies=[self.residency_out(r) for r in journal.residencies])
        return dumps(document.model_dump(mode="json"))

    def actions_json(self, residency: Residency) -> str:
        """``<residency>/donnees/actions.json``."""
        document = ActionsExport(version=EXPORT_VERSION, licence=self._licence(),
                                 residency=residency.slug,
                                 actions=[self.action_out(a) for a in self.actions_of(residency)])
        return dumps(document.model_dump(mode="json"))

    def actions_csv(self, residency: Residency) -> bytes:
        """``<residency>/donnees/actions.csv``: one row per action, current state."""
        rows = [self.action_row(a) for a in self.actions_of(residency)]
        return self._csv(ActionRow, rows)

    def verbatims_csv(self, residency: Residency) -> bytes:
        """``<residency>/donnees/verbatims.csv``: one row per quote, in journal order."""
        rows = [self.verbatim_row(v) for v in self.verbatims_of(residency)]
        return self._csv(VerbatimRow, rows)

    def _csv(self, model: type[_Model], rows: list[_Model]) -> bytes:
        columns = csv_columns(model)
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            values = row.model_dump(mode="json")
            writer.writerow([_cell(values.get(c)) for c in columns[:-1]] + [self.licence.line])
        # utf-8-sig: the BOM makes spreadsheet programs read the accents right.
        return out.getvalue().encode("utf-8-sig")


def csv_columns(model: type[_Model]) -> list[str]:
    """The header of a CSV file: the model's fields, then ``licence`` (the same on every row,
    so that the licence travels with any copy of the file)."""
    return [*model.model_fields, "licence"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    text = str(value)
    # A cell starting like a formula is run by spreadsheet programs when the file
    # is opened (CSV injection): a leading apostrophe makes it plain text there.
    return "'" + text if text[:1] in _FORMULA_START else text


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def dumps(document: Mapping[str, Any]) -> str:
    """Deterministic JSON: keys in the order the export models declare them, UTF-8 text."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


EXPORT_DESCRIPTION = (
    "L'export complet du journal de résidence (donnees/journal.json) : chaque résidence avec ses "
    "entrées, ses actions et leur historique, ses visites, ses participants (par leur rôle ; un "
    "nom seulement avec consentement) et ses verbatims. Les valeurs sont les clés du modèle "
    "(retenue, fort) avec un libellé à côté quand un lecteur en a besoin. 'version' est celle "
    "de la structure de l'export."
)


def export_schema() -> dict[str, Any]:
    """The JSON Schema of ``journal.json``, published at ``schema/export.json``."""
    schema = JournalExport.model_json_schema()
    schema.pop("$id", None)
    schema["properties"]["version"]["const"] = EXPORT_VERSION
    return {"$schema": DRAFT, **schema, "title": "Export du journal de résidence",
            "description": EXPORT_DESCRIPTION}


# --- the published files and their description (the `donnees/` page) -----------------

@dataclass(frozen=True)
class DataFile:
    """One open data file, as the residency's `donnees/` page describes it."""

    uri: str  # site-relative
    title: str
    format: str  # "CSV" or "JSON"
    description: str
    columns: tuple[tuple[str, str], ...] = ()  # (name, description) of each CSV column / key

    @property
    def name(self) -> str:
        return self.uri.rsplit("/", 1)[-1]


def _described(model: type[_Model], extra: Mapping[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    fields = [(name, info.description or "") for name, info in model.model_fields.items()]
    return tuple(fields) + tuple((extra or {}).items())


_LICENCE_COLUMN = {"licence": "La licence des données (la même sur chaque ligne, pour qu'elle "
                              "accompagne toute copie du fichier)."}


def residency_data_files(residency: Residency, schema_dir: str = SCHEMA_DIR) -> list[DataFile]:
    """The files of one residency, then the site's export and its schema."""
    actions_csv, actions_json, verbatims_csv = (residency_data_uri(residency.slug, name)
                                                for name in RESIDENCY_DATA_FILES)
    return [
        DataFile(actions_csv, "Les actions", "CSV",
                 "Une ligne par action, dans son état actuel.",
                 _described(ActionRow, _LICENCE_COLUMN)),
        DataFile(actions_json, "Les actions, avec leur historique", "JSON",
                 "Les mêmes actions, chacune avec la chronologie de chaque journée qui l'a "
                 "mentionnée (clé timeline), sa dernière note, la version de la structure et la "
                 "licence.", _described(ActionOut)),
        DataFile(verbatims_csv, "Les verbatims", "CSV",
                 "Une ligne par citation, dans l'ordre du journal.",
                 _described(VerbatimRow, _LICENCE_COLUMN)),
        *site_data_files(schema_dir),
    ]


def site_data_files(schema_dir: str = SCHEMA_DIR) -> list[DataFile]:
    """``journal.json``, and its schema unless schemas are published nowhere."""
    files = [
        DataFile(JOURNAL_JSON, "Tout le journal", "JSON",
                 "Toutes les résidences du site, avec leurs entrées, actions, visites, "
                 "participants et verbatims, la version de la structure et la licence.",
                 _described(JournalExport)),
    ]
    if (schema := schema_uris(schema_dir).get("export")) is not None:
        files.append(DataFile(
            schema, "Le schéma de l'export", "JSON",
            "Le schéma JSON (draft-07) qui décrit journal.json : chaque clé, son type "
            "et sa signification. Un programme peut valider l'export avec lui."))
    return files


def export_files(journal: Journal, exporter: Exporter, schema_dir: str = SCHEMA_DIR
                 ) -> dict[str, bytes]:
    """Every open data file of a site: site-relative path -> bytes."""
    files: dict[str, bytes] = {JOURNAL_JSON: exporter.journal_json(journal).encode("utf-8")}
    if (schema := schema_uris(schema_dir).get("export")) is not None:
        files[schema] = dumps(export_schema()).encode("utf-8")
    for residency in journal.residencies:
        actions_csv, actions_json, verbatims_csv = (residency_data_uri(residency.slug, name)
                                                    for name in RESIDENCY_DATA_FILES)
        files[actions_csv] = exporter.actions_csv(residency)
        files[actions_json] = exporter.actions_json(residency).encode("utf-8")
        files[verbatims_csv] = exporter.verbatims_csv(residency)
    return files
