"""Who and what a residency declares: its team and participants (residence.yml
and entries), its actions, the ids a draft or a set-aside item declares, and each
participant's name and consent settled across its declarations."""

from __future__ import annotations

from typing import Any

from .entities import Action, Entry, Participant, Source
from .messages import quote, say
from .people import Declaration, name_in_public, normal_name, settle
from .reading import EntryFile
from .resolution import Resolution
from .schema import ResidenceFile
from .slugs import slugify
from .validate import Validated


def declare_residence_people(r: Resolution, info: ResidenceFile) -> None:
    assert r.residence is not None
    for i, member in enumerate(info.team):
        line = r.residence.line(("team", i))
        person = Participant(member.id, member.name, r.res, Source(r.res.source, line),
                             group=member.group, role=member.role, is_team=True)
        if _add_participant(r, person, r.residence.source_loc(("team", i, "id"))):
            r.res.team.append(person)
    for i, decl in enumerate(info.participants):
        line = r.residence.line(("participants", i))
        _add_participant(
            r, Participant(decl.id, decl.label, r.res, Source(r.res.source, line),
                           group=decl.group, count=decl.count, role=decl.role,
                           **_name(r, decl.name, decl.consent)),
            r.residence.source_loc(("participants", i, "id")))


def declare_in_entries(r: Resolution, published: list[tuple[EntryFile, Entry]]) -> None:
    """Participants and actions declared by entries (ids), in journal order."""
    for f, _entry in published:
        fm = f.frontmatter.value
        for i, item in enumerate(fm.participants):
            if item.id and item.label:
                line = f.frontmatter.line(("participants", i))
                _add_participant(
                    r, Participant(item.id, item.label, r.res, Source(f.path, line),
                                   group=item.group, count=item.count, role=item.role,
                                   **_name(r, item.name, item.consent)),
                    f.frontmatter.source_loc(("participants", i, "label")))
        for i, item in enumerate(fm.actions):
            if item.id and item.title:
                line = f.frontmatter.line(("actions", i))
                known = r.res.actions.get(item.id)
                if known is None:
                    r.res.actions[item.id] = Action(item.id, item.title, r.res,
                                                    Source(f.path, line))
                elif known.title != item.title:
                    r.problem(*f.frontmatter.where(("actions", i, "title"),
                                                   line_of=("actions", i)),
                              say("action.declared_twice", ident=quote(item.id),
                                  title=quote(known.title), where=known.declared_at,
                                  id=item.id))


def draft_declarations(drafts: list[EntryFile]) -> dict[str, str]:
    """Ids declared in drafts, to explain why a published ref does not resolve."""
    found: dict[str, str] = {}
    for f in drafts:
        fm = f.frontmatter.value
        for item in (*fm.participants, *fm.actions, *fm.visits):
            if item.id:
                found.setdefault(item.id, f.path)
    return found


def raw_ids(data: Any, keys: tuple[str, ...] = ("participants", "actions", "visits", "team")
            ) -> set[str]:
    """The ids a file declares as written (before validation set any item aside),
    also as slugs: a ref to one of them follows from that file's reported mistake."""
    found: set[str] = set()
    if not isinstance(data, dict):
        return found
    for key in keys:
        items = data.get(key)
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("id"), (str, int)):
                    text = str(item["id"]).strip()
                    found |= {text, slugify(text)}
    return found


def settle_people(r: Resolution, usable: list[EntryFile],
                  placed: list[tuple[EntryFile, Entry]]) -> None:
    """Name and consent of each participant, from its declarations in residence.yml
    and the entries this load publishes, then the names its public id or label
    would give away. A draft or an unpublished entry never gives a name, but a
    refusal written there (``consent: false``, or a name without consent) wins."""
    found: dict[str, list[Declaration]] = {}
    withdrawn: set[str] = set()
    if r.residence is not None and r.residence.value is not None:
        for i, decl in enumerate(r.residence.value.participants):
            found.setdefault(decl.id, []).append(_declaration(
                r.residence, ("participants", i), decl, shown=True))
    in_order = [f for f, _ in placed]
    placed_ids = {id(f) for f in in_order}
    in_order += [f for f in usable if id(f) not in placed_ids]
    published = {id(f) for f, _ in placed if not r.hidden(f)}
    for f in in_order:
        for i, item in enumerate(f.frontmatter.value.participants):
            refused = item.consent is False or (item.name and item.consent is not True)
            if refused and (item.id or item.ref):
                withdrawn.add(item.id or item.ref)
            person = r.res.participants.get(item.id) if item.id else None
            if (id(f) not in published or person is None or item.ref
                    or item.label not in (None, person.label)):
                continue  # not this load's, or a mistake of its own; a refusal still counts
            found.setdefault(item.id, []).append(_declaration(
                f.frontmatter, ("participants", i), item, shown=r.shown(f)))
    taken = frozenset(r.res.participants)
    for ident, person in r.res.participants.items():
        if person.is_team:
            continue
        declarations = found.get(ident, [])
        settled = settle(ident, declarations, private_names=r.options.private_names,
                         withdrawn=ident in withdrawn)
        person.name, person.consent = settled.name, settled.consent
        r.problems.extend(p for p in settled.problems
                          if any(d.shown and d.path == p.path for d in declarations))
        names = [n for n in dict.fromkeys(normal_name(d.name) for d in declarations) if n]
        first = next((d for d in declarations if d.path == person.declared_at.path
                      and d.line == person.declared_at.line), None)
        if not settled.consent and names and first is not None and first.shown:
            problem = name_in_public(ident, person.label, person.role, person.group,
                                     names, first, taken=taken)
            if problem is not None:
                r.problems.append(problem)


def _name(r: Resolution, name: str | None, consent: bool | None) -> dict[str, Any]:
    """A participant's name and consent, as far as this load may keep them."""
    consent = bool(consent)
    if not consent and not r.options.private_names:
        name = None
    return {"name": name or None, "consent": consent}


def _add_participant(r: Resolution, person: Participant, loc: tuple) -> bool:
    known = r.res.participants.get(person.id)
    if known is None:
        r.res.participants[person.id] = person
        return True
    if known.label != person.label:
        r.problem(person.declared_at.path, person.declared_at.line, loc,
                  say("participant.declared_twice", ident=quote(person.id),
                      label=quote(known.label), where=known.declared_at, id=person.id))
    return False


def _declaration(validated: Validated, loc: tuple, item: Any, *, shown: bool) -> Declaration:
    given = item.model_fields_set
    return Declaration(
        path=validated.doc.path, line=validated.line(loc), loc=validated.source_loc(loc),
        name=item.name, consent=item.consent if "consent" in given else None, shown=shown,
        lines={key: validated.line((*loc, key)) for key in ("id", "label", "name", "consent")
               if key in given})
