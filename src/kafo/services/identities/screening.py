"""Screening people against the watchlists a user may see.

Each list's screen (its listed individuals, read and indexed by
:class:`kafo.matching.screening.Screen`) is built once per process and
kept, keyed by a digest of the list's entries: an import changes the
digest, so the next screening rebuilds, and a version nobody committed is
never taken for the stored one.

Screening a query answers hits with the list, the reference, the name or
alias matched, the score and the explanation. Screening a *recorded*
person also stores the hits as alerts: every person of a seizure is
screened when the seizure is recorded or updated, and :func:`rescreen`
screens a country's recorded persons again after a list changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from kafo.io.person_csv import PersonRow
from kafo.matching.persons import PersonFacts
from kafo.matching.screening import Screen, ScreenHit
from kafo.model.person import Person
from kafo.model.seizure import Seizure, SeizurePerson
from kafo.model.vocab import EntryStatus, ListedSubject
from kafo.model.watchlist import ScreeningAlert, Watchlist, WatchlistEntry
from kafo.schemas.watchlist import RescreenOut, ScreenHitOut, ScreenIn, ScreenOut
from kafo.services import audit
from kafo.services.access import can_record
from kafo.services.actor import Actor
from kafo.services.errors import Invalid
from kafo.services.identities.entries import content_of, listed_person
from kafo.services.identities.facts import facts_of_person, facts_of_query
from kafo.services.identities.lists import visible_watchlists
from kafo.services.network import changes as graph_changes
from kafo.timeutil import utcnow


@dataclass(frozen=True)
class ListScreen:
    watchlist_id: uuid.UUID
    name: str
    state: str  # the list's digest when built
    screen: Screen
    entries: dict[str, tuple[uuid.UUID, str, str | None]]  # reference: id, name, list type


_SCREENS: WeakKeyDictionary[Engine, dict[tuple[uuid.UUID, ListedSubject], ListScreen]] = (
    WeakKeyDictionary()
)


def _build(session: Session, watchlist: Watchlist, subject: ListedSubject) -> ListScreen:
    rows = session.execute(
        select(WatchlistEntry.id, WatchlistEntry.content)
        .where(
            WatchlistEntry.watchlist_id == watchlist.id,
            WatchlistEntry.status == EntryStatus.LISTED,
            WatchlistEntry.subject == subject,
        )
        .order_by(WatchlistEntry.reference)
    )
    people = []
    entries = {}
    for entry_id, data in rows:
        content = content_of(data)
        person = listed_person(content)
        if person is not None:
            people.append(person)
            entries[content.reference] = (entry_id, content.name, content.list_type)
    return ListScreen(watchlist.id, watchlist.name, watchlist.content_hash, Screen(people), entries)


def screens(
    session: Session, actor: Actor, subject: ListedSubject = ListedSubject.INDIVIDUAL
) -> list[ListScreen]:
    """The screens of the lists ``actor`` may see (their individuals, or
    their entities), built where not kept."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    kept = _SCREENS.setdefault(engine, {})
    out = []
    for watchlist in visible_watchlists(session, actor):
        found = kept.get((watchlist.id, subject))
        if found is None or found.state != watchlist.content_hash:
            found = kept[watchlist.id, subject] = _build(session, watchlist, subject)
        out.append(found)
    return out


def forget() -> None:
    """Drop every kept screen (tests)."""
    _SCREENS.clear()


def _hits(lists: Sequence[ListScreen], facts: PersonFacts, limit: int) -> list[ScreenHitOut]:
    found: list[tuple[ListScreen, ScreenHit]] = [
        (ls, hit) for ls in lists for hit in ls.screen.screen(facts, limit)
    ]
    found.sort(key=lambda pair: (-pair[1].score, pair[0].name, pair[1].key))
    out = []
    for ls, hit in found[:limit]:
        entry_id, listed_name, list_type = ls.entries[hit.key]
        out.append(
            ScreenHitOut(
                watchlist=ls.name,
                watchlist_id=ls.watchlist_id,
                entry_id=entry_id,
                reference=hit.key,
                list_type=list_type,
                listed_name=listed_name,
                matched_name=hit.matched,
                quality=hit.quality,
                score=hit.score,
                explanation=hit.explain(),
            )
        )
    return out


def _audited(session: Session, actor: Actor, out: list[ScreenOut]) -> list[ScreenOut]:
    """Screening queries store nothing but this audit entry."""
    hits = sum(len(o.hits) for o in out)
    best = sorted({o.hits[0].reference for o in out if o.hits})[:5]
    detail = f"{len(out)} quer(ies), {hits} hit(s)" + (f", {', '.join(best)}" if best else "")
    session.add(audit.event(actor, "screen", "person_query", None, actor.country, detail=detail))
    return out


def screen_one(session: Session, actor: Actor, data: ScreenIn) -> ScreenOut:
    """Screen one person (a query: nothing is stored but the audit entry)."""
    facts = facts_of_query(data)
    hits = _hits(screens(session, actor, data.subject), facts, data.limit)
    return _audited(session, actor, [ScreenOut(id=data.id, name=data.name, hits=hits)])[0]


def screen_many(session: Session, actor: Actor, items: Iterable[ScreenIn]) -> list[ScreenOut]:
    """Screen each item in order; a row that cannot be screened says why in
    its ``error`` and the others are answered."""
    lists: dict[ListedSubject, list[ListScreen]] = {}
    out = []
    for data in items:
        try:
            facts = facts_of_query(data)
        except Invalid as exc:
            why = "; ".join(f"{e.where}: {e.message}" for e in exc.errors)
            out.append(ScreenOut(id=data.id, name=data.name, error=why))
            continue
        if data.subject not in lists:
            lists[data.subject] = screens(session, actor, data.subject)
        hits = _hits(lists[data.subject], facts, data.limit)
        out.append(ScreenOut(id=data.id, name=data.name, hits=hits))
    return _audited(session, actor, out)


def screen_rows(
    session: Session, actor: Actor, rows: Sequence[PersonRow], limit: int = 5
) -> list[ScreenOut]:
    """Screen the rows of a person-records file (read and checked whole by
    :func:`kafo.io.person_csv.read_person_csv`), in order."""
    lists = screens(session, actor)
    return _audited(
        session,
        actor,
        [
            ScreenOut(id=row.id, name=row.name.written, hits=_hits(lists, row.facts, limit))
            for row in rows
        ],
    )


ALERTS_KEPT = 5  # per person, best first


@dataclass
class Screened:
    persons: int = 0
    screened: int = 0
    unscreenable: int = 0
    alerts: int = 0
    new_alerts: int = 0


def screen_recorded(
    session: Session, actor: Actor, persons: Iterable[Person], done: Screened | None = None
) -> Screened:
    """Screen recorded persons and keep their alerts in step: a hit found
    again keeps its alert (its score updated), a new hit adds one, and an
    alert whose entry no longer matches is removed."""
    done = done or Screened()
    lists = screens(session, actor)
    persons = list(persons)
    # Without a list to screen against there is no alert of one to keep or drop.
    stored: dict[tuple[uuid.UUID, uuid.UUID], tuple[ScreeningAlert, uuid.UUID]] = {}
    if lists:
        found = session.execute(
            select(ScreeningAlert, WatchlistEntry.watchlist_id)
            .join(WatchlistEntry, WatchlistEntry.id == ScreeningAlert.entry_id)
            .where(ScreeningAlert.person_id.in_([p.id for p in persons]))
        )
        stored = {(a.person_id, a.entry_id): (a, watchlist_id) for a, watchlist_id in found}
    screened_lists = {ls.watchlist_id for ls in lists}
    now = utcnow()
    for person in persons:
        done.persons += 1
        facts = facts_of_person(person)
        if facts is None:
            done.unscreenable += 1
            continue
        done.screened += 1
        if not lists:
            continue
        for hit in _hits(lists, facts, ALERTS_KEPT):
            why = "\n".join(hit.explanation)
            kept = stored.pop((person.id, hit.entry_id), None)
            done.alerts += 1
            if kept is None:
                done.new_alerts += 1
                session.add(
                    ScreeningAlert(
                        person_id=person.id,
                        entry_id=hit.entry_id,
                        matched_name=hit.matched_name[:300],
                        quality=hit.quality,
                        score=hit.score,
                        explanation=why,
                        created_at=now,
                    )
                )
                continue
            alert = kept[0]
            if (alert.score, alert.explanation) != (hit.score, why):
                alert.score, alert.explanation, alert.updated_at = hit.score, why, now
                alert.matched_name, alert.quality = hit.matched_name[:300], hit.quality
    # Alerts of lists this user screened that no longer match; alerts of
    # lists not visible here are someone else's to keep.
    gone = [a for a, watchlist_id in stored.values() if watchlist_id in screened_lists]
    if gone:
        session.execute(delete(ScreeningAlert).where(ScreeningAlert.id.in_([a.id for a in gone])))
        graph_changes.changed(session, [(graph_changes.PERSON, a.person_id) for a in gone])
    return done


RESCREEN_CHUNK = 1_000  # persons read and screened together


def rescreen(session: Session, actor: Actor, since: date | None = None) -> RescreenOut:
    """Screen again the persons of the seizures ``actor``'s country recorded
    (since ``since``, by the date of the seizure), against the lists as
    they are now."""
    owner = can_record(actor)
    stmt = (
        select(SeizurePerson.person_id)
        .join(Seizure, Seizure.id == SeizurePerson.seizure_id)
        .where(Seizure.owner_country == owner)
    )
    if since is not None:
        stmt = stmt.where(Seizure.occurred_at >= datetime.combine(since, time(), UTC))
    ids = sorted(set(session.scalars(stmt)))
    done = Screened()
    for start in range(0, len(ids), RESCREEN_CHUNK):
        chunk = ids[start : start + RESCREEN_CHUNK]
        persons = session.scalars(select(Person).where(Person.id.in_(chunk))).all()
        screen_recorded(session, actor, persons, done)
        session.flush()
    detail = f"{done.persons} person(s), {done.alerts} alert(s), {done.new_alerts} new"
    session.add(audit.event(actor, "rescreen", "person", None, owner, detail=detail))
    return RescreenOut(**vars(done))
