"""What entries mention, resolved: authors, participants, actions and their steps,
verdicts, visits and verbatims. A ref must name a declared id; one that does not
gets one message, unless an earlier message already explains it (declared only
in a draft, or its declaration set aside by a mistake already reported)."""

from __future__ import annotations

import difflib
from typing import Any

from .anchors import heading_anchors
from .declarations import raw_ids
from .entities import ActionStep, Entry, Participant, Presence, Source, Verbatim, Visit
from .messages import quote, say
from .reading import EntryFile
from .resolution import Resolution
from .slugs import is_slug, slugify


def mention(r: Resolution, published: list[tuple[EntryFile, Entry]]) -> None:
    """The refs of each published entry, recorded on the entry and on what it names."""
    # What was declared is known now: only ids that did not make it stay "set aside".
    r.set_aside -= set(r.res.participants) | set(r.res.actions)
    for f, entry in published:
        for i, ident in enumerate(f.frontmatter.value.authors):
            person = r.res.participants.get(ident)
            if person is None or not person.is_team:
                if person is not None or ident not in r.set_aside:
                    _not_in_team(r, f, i, ident)
            else:
                entry.authors.append(person)
        _mention_participants(r, f, entry)
        _mention_actions(r, f, entry)
        _mention_visits(r, f, entry)
        _mention_verbatims(r, f, entry)
        r.res.entries.append(entry)


def check_refs_only(r: Resolution, f: EntryFile) -> None:
    """The refs of an entry set aside for its date: checked now, so that its
    other mistakes come in the same run, never published (nothing is recorded)."""
    fm = f.frontmatter.value
    team = [p.id for p in r.res.team]
    for i, ident in enumerate(fm.authors):
        if ident not in team and ident not in r.set_aside:
            _not_in_team(r, f, i, ident)
    for i, item in enumerate(fm.participants):
        if item.ref and not item.id:
            _participant(r, item.ref, f, ("participants", i, "ref"))
    for i, item in enumerate(fm.actions):
        if item.ref and not item.id and item.ref not in r.res.actions:
            _unknown(r, "action", item.ref, f, ("actions", i, "ref"))
        _verdict(r, item.verdict, f, ("actions", i, "verdict"))
    for i, item in enumerate(fm.verbatims):
        if item.by is not None and is_slug(item.by):
            _participant(r, item.by, f, ("verbatims", i, "by"))
        if item.action is not None and item.action not in r.res.actions:
            _unknown(r, "action", item.action, f, ("verbatims", i, "action"))


def _not_in_team(r: Resolution, f: EntryFile, i: int, ident: str) -> None:
    guess = _close_id(ident, [p.id for p in r.res.team])
    r.problem(*f.frontmatter.where(("authors", i)),
              say("author.not_in_team_guess", ident=quote(ident), guess=quote(guess)) if guess
              else say("author.not_in_team", ident=quote(ident), residence=r.res.source))


def _participant(r: Resolution, ident: str, f: EntryFile, loc: tuple) -> Participant | None:
    person = r.res.participants.get(ident)
    if person is None:
        _unknown(r, "participant", ident, f, loc)
    return person


def _unknown(r: Resolution, kind: str, ident: str, f: EntryFile, loc: tuple) -> None:
    """Report a ref that does not resolve, unless an earlier message explains it."""
    where = r.draft_ids.get(ident)
    if where:
        r.problem(*f.frontmatter.where(loc),
                  say(f"{kind}.only_in_draft", ident=quote(ident), where=where))
    elif ident not in r.set_aside:
        known = r.res.participants if kind == "participant" else r.res.actions
        guess = _close_id(ident, known)
        if guess:
            r.problem(*f.frontmatter.where(loc),
                      say(f"{kind}.unknown_guess", ident=quote(ident), guess=quote(guess)))
        else:
            r.problem(*f.frontmatter.where(loc),
                      say(f"{kind}.unknown", ident=quote(ident), residence=r.res.source))


def _mention_participants(r: Resolution, f: EntryFile, entry: Entry) -> None:
    seen: set[str] = set()
    for i, item in enumerate(f.frontmatter.value.participants):
        loc = ("participants", i)
        ident = _one_of(r, f, loc, item.id, item.ref, "participant")
        if ident is None:
            continue
        if item.ref and (item.label or item.group or item.role or item.name
                         or item.consent is not None):
            r.problem(*f.frontmatter.where(loc), say("participant.details_with_ref"))
        if item.id and not item.label and item.id not in r.res.participants:
            r.problem(*f.frontmatter.where((*loc, "label"), line_of=loc),
                      say("participant.label_required", ident=quote(item.id)))
            continue
        person = _participant(r, ident, f, (*loc, "ref" if item.ref else "id"))
        if person is None or ident in seen:
            continue
        seen.add(ident)
        presence = Presence(person, entry, item.count, f.frontmatter.line(loc))
        entry.presences.append(presence)
        person.presences.append(presence)


def _mention_actions(r: Resolution, f: EntryFile, entry: Entry) -> None:
    for i, item in enumerate(f.frontmatter.value.actions):
        loc = ("actions", i)
        ident = _one_of(r, f, loc, item.id, item.ref, "action")
        if ident is None:
            continue
        if item.ref and item.title:
            r.problem(*f.frontmatter.where((*loc, "title")), say("action.title_with_ref"))
        action = r.res.actions.get(ident)
        if action is None:
            if item.id:
                r.problem(*f.frontmatter.where((*loc, "title"), line_of=loc),
                          say("action.title_required", ident=quote(ident)))
            else:
                _unknown(r, "action", ident, f, (*loc, "ref"))
            continue
        verdict = _verdict(r, item.verdict, f, (*loc, "verdict"))
        step = ActionStep(action, entry, f.frontmatter.line(loc), scope=item.scope,
                          impact=item.impact, difficulty=item.difficulty, verdict=verdict,
                          status=item.status, progress=item.progress, tags=list(item.tags),
                          note=item.note, declares=bool(item.id and item.title))
        action.steps.append(step)
        entry.steps.append(step)


def _verdict(r: Resolution, value: str | None, f: EntryFile, loc: tuple) -> str | None:
    """The verdict key, or None after a message listing the site's verdicts."""
    verdicts = r.options.vocabulary.verdicts
    if value is None or value in verdicts:
        return value
    # "Retenue" (the label the site shows) or "À approfondir" mean their key, as
    # "Fort" means fort and "réalisée" means realisee: no message.
    same = _same_verdict(str(value), verdicts)
    if same is not None:
        return same
    listing = ", ".join(f"{key} ({label})" for key, label in verdicts.items())
    guess = _guess_verdict(str(value), verdicts)
    if guess:
        message = say("verdict.unknown_guess", value=quote(value), guess=quote(guess),
                      verdicts=listing)
    else:
        message = say("verdict.unknown", value=quote(value), verdicts=listing)
    r.problem(*f.frontmatter.where(loc), message)
    return None


def _mention_visits(r: Resolution, f: EntryFile, entry: Entry) -> None:
    anchors: list[str] | None = None
    for i, item in enumerate(f.frontmatter.value.visits):
        loc = ("visits", i)
        line = f.frontmatter.line(loc)
        known = r.res.visits.get(item.id)
        if known is not None:
            r.problem(*f.frontmatter.where((*loc, "id")),
                      say("visit.declared_twice", ident=quote(item.id), where=known.declared_at))
            continue
        if item.section:
            if anchors is None:
                anchors = heading_anchors(f.body, r.options.slugify)
            _check_section(r, item.section, anchors, f, (*loc, "section"))
        visit = Visit(item.id, item.title, entry, Source(f.path, line), place=item.place,
                      hosts=list(item.hosts), section=item.section, summary=item.summary)
        for k, ident in enumerate(item.participants):
            person = _participant(r, ident, f, (*loc, "participants", k))
            if person is not None and person not in visit.participants:
                visit.participants.append(person)
                person.visits.append(visit)
        r.res.visits[item.id] = visit
        entry.visits.append(visit)


def _check_section(r: Resolution, section: str, anchors: list[str], f: EntryFile,
                   loc: tuple) -> None:
    """A visit's `section` names a heading anchor of its entry's body."""
    if section in anchors:
        return
    if anchors:
        message = say("visit.section_unknown", anchor=quote(section), known=", ".join(anchors))
    else:
        message = say("visit.section_no_heading", anchor=quote(section))
    r.problem(*f.frontmatter.where(loc), message)


def _mention_verbatims(r: Resolution, f: EntryFile, entry: Entry) -> None:
    own_ids = raw_ids(f.frontmatter.doc.data, keys=("visits",))
    for i, item in enumerate(f.frontmatter.value.verbatims):
        loc = ("verbatims", i)
        verbatim = Verbatim(item.quote, entry, i + 1, f.frontmatter.line(loc))
        if item.by is not None:
            if is_slug(item.by):
                verbatim.speaker = _participant(r, item.by, f, (*loc, "by"))
            else:
                verbatim.speaker_text = item.by
        if item.visit is not None:
            _verbatim_visit(r, verbatim, item.visit, entry, f, loc, own_ids)
        if item.action is not None:
            action = r.res.actions.get(item.action)
            if action is None:
                _unknown(r, "action", item.action, f, (*loc, "action"))
            else:
                verbatim.action = action
                action.verbatims.append(verbatim)
        if verbatim.speaker is not None:
            verbatim.speaker.verbatims.append(verbatim)
        entry.verbatims.append(verbatim)


def _verbatim_visit(r: Resolution, verbatim: Verbatim, ident: str, entry: Entry, f: EntryFile,
                    loc: tuple, own_ids: set[str]) -> None:
    visit = next((v for v in entry.visits if v.id == ident), None)
    if visit is not None:
        verbatim.visit = visit
        visit.verbatims.append(verbatim)
        return
    if ident in own_ids:
        return  # this entry's declaration of it was set aside, with its own message
    other = r.res.visits.get(ident)
    if other is not None:
        message = say("verbatim.visit_elsewhere", ident=quote(ident), where=other.entry.path)
    else:
        message = say("verbatim.visit_unknown", ident=quote(ident))
    r.problem(*f.frontmatter.where((*loc, "visit")), message)


def _one_of(r: Resolution, f: EntryFile, loc: tuple, ident: str | None, ref: str | None,
            kind: str) -> str | None:
    what = {"participant": "un participant", "action": "une action"}.get(kind, kind)
    if ident and ref:
        r.problem(*f.frontmatter.where(loc), say("item.id_and_ref", what=what))
        return None
    if not ident and not ref:
        r.problem(*f.frontmatter.where(loc), say("item.no_id_nor_ref", what=what))
        return None
    return ident or ref


def _close_id(ident: str, known: Any) -> str | None:
    """The declared id a resident probably meant (a typo, a longer or shorter form)."""
    close = difflib.get_close_matches(ident, [str(k) for k in known], n=1, cutoff=0.75)
    return close[0] if close else None


def _same_verdict(value: str, verdicts: Any) -> str | None:
    """The verdict key written another way: any case or accents, or its label."""
    folded = slugify(value)
    for key, label in verdicts.items():
        if folded in (key, slugify(str(label))):
            return str(key)
    return None


def _guess_verdict(value: str, verdicts: Any) -> str | None:
    """The verdict key a resident probably meant: a close spelling."""
    folded = slugify(value)
    close = difflib.get_close_matches(folded, list(verdicts), n=1, cutoff=0.75)
    return close[0] if close else None
