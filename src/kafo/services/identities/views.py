"""Reading watchlists, an entry with its history, and screening alerts.

Lists are read through the one authorisation filter. An alert shows to a
user who may see both the person it is about and the list it hit.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.model.person import Person
from kafo.model.watchlist import (
    ScreeningAlert,
    Watchlist,
    WatchlistChange,
    WatchlistEntry,
    WatchlistImport,
)
from kafo.schemas.watchlist import AlertOut, EntryChangeOut, EntryOut, WatchlistOut
from kafo.services import audit
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.errors import NotFound
from kafo.services.identities.entries import content_of
from kafo.services.identities.facts import written_name
from kafo.services.identities.lists import entry_counts, visible_watchlists


def list_watchlists(session: Session, actor: Actor) -> list[WatchlistOut]:
    lists = visible_watchlists(session, actor)
    counts = entry_counts(session, [w.id for w in lists])
    return [
        WatchlistOut(
            id=w.id,
            name=w.name,
            kind=w.kind,
            owner_country=w.owner_country,
            sharing=w.sharing,
            generated=w.generated,
            revision=w.version - 1,  # imports that changed the list
            listed=counts.get(w.id, {}).get("listed", 0),
            delisted=counts.get(w.id, {}).get("delisted", 0),
        )
        for w in lists
    ]


def get_entry(session: Session, actor: Actor, reference: str, watchlist: str | None) -> EntryOut:
    """One entry by its reference (in the named list, when several carry it)."""
    stmt = (
        select(WatchlistEntry)
        .join(Watchlist, Watchlist.id == WatchlistEntry.watchlist_id)
        .where(WatchlistEntry.reference == reference, visible(actor, Watchlist))
    )
    if watchlist:
        stmt = stmt.where(Watchlist.name == watchlist)
    found = session.scalars(stmt.order_by(Watchlist.name)).first()
    if found is None:
        raise NotFound(f"no listed entry {reference}" + (f" in '{watchlist}'" if watchlist else ""))
    history = session.execute(
        select(WatchlistChange, WatchlistImport)
        .join(WatchlistImport, WatchlistImport.id == WatchlistChange.import_id)
        .where(WatchlistChange.entry_id == found.id)
        .order_by(WatchlistChange.at, WatchlistChange.id)
    )
    content = content_of(found.content)
    return EntryOut(
        id=found.id,
        watchlist=found.watchlist.name,
        reference=found.reference,
        subject=found.subject,
        list_type=found.list_type,
        name=found.name,
        status=found.status,
        listed_on=found.listed_on,
        delisted_at=found.delisted_at,
        names=list(content.names),
        dates_of_birth=[b.text for b in content.born],
        nationalities=list(content.nationalities),
        documents=[f"{kind} {number}" for kind, number, _ in content.documents],
        history=[
            EntryChangeOut(change=c.change, at=c.at, file_name=i.file_name, generated=i.generated)
            for c, i in history
        ],
    )


def list_alerts(
    session: Session, actor: Actor, person_id: uuid.UUID | None = None, limit: int = 100
) -> list[AlertOut]:
    """Screening alerts, newest first."""
    stmt = (
        select(ScreeningAlert, Person, WatchlistEntry)
        .join(Person, Person.id == ScreeningAlert.person_id)
        .join(WatchlistEntry, WatchlistEntry.id == ScreeningAlert.entry_id)
        .join(Watchlist, Watchlist.id == WatchlistEntry.watchlist_id)
        .where(visible(actor, Person), visible(actor, Watchlist))
    )
    if person_id is not None:
        stmt = stmt.where(ScreeningAlert.person_id == person_id)
    rows = session.execute(
        stmt.order_by(ScreeningAlert.created_at.desc(), ScreeningAlert.id).limit(limit)
    ).all()
    audit.log_foreign_reads(
        session, actor, "read", "person", [(p.id, p.owner_country) for _, p, _ in rows]
    )
    return [
        AlertOut(
            id=a.id,
            person_id=p.id,
            person_name=written_name(p),
            person_owner=p.owner_country,
            watchlist=e.watchlist.name,
            reference=e.reference,
            entry_status=e.status,
            matched_name=a.matched_name,
            quality=a.quality,
            score=a.score,
            explanation=a.explanation.split("\n"),
            created_at=a.created_at,
            updated_at=a.updated_at,
        )
        for a, p, e in rows
    ]
