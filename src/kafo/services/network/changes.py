"""Which records of the link graph a transaction changed, logged for every
process's graph (``graph_changes``; read by :mod:`kafo.services.network.views`).

Every flush is looked at: a new, changed or deleted object of a class the
graph is made of logs the record it belongs to (a firearm its seizure, a
phone its person, a suspect its case); a place (renamed by a reference
data update) names no record: the graph is read whole. Writes that bypass
the ORM (bulk inserts and deletes) call :func:`changed` themselves.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Table, event, insert
from sqlalchemy.orm import Session, UOWTransaction

from kafo.model.case import Case, CaseSuspect
from kafo.model.geo import Place
from kafo.model.identity import IdentityJudgement, IdentityLink
from kafo.model.network import GraphChange
from kafo.model.person import IdentityDocument, Person, PhoneNumber
from kafo.model.seizure import Commodity, Explosive, Firearm, Seizure, SeizurePerson, SeizureVehicle
from kafo.model.vehicle import Vehicle
from kafo.model.watchlist import ScreeningAlert, Watchlist, WatchlistEntry
from kafo.services.changelog import txid

SEIZURE, PERSON, VEHICLE, CASE, WATCHLIST, IDENTITY, PLACE = (
    "seizure",
    "person",
    "vehicle",
    "case",
    "watchlist",
    "identity",
    "place",
)
# The class of an object → the kind of record it belongs to and the
# attribute holding that record's id.
_RECORD: dict[type[Any], tuple[str, str]] = {
    Seizure: (SEIZURE, "id"),
    Firearm: (SEIZURE, "seizure_id"),
    SeizurePerson: (SEIZURE, "seizure_id"),
    SeizureVehicle: (SEIZURE, "seizure_id"),
    Explosive: (SEIZURE, "seizure_id"),
    Commodity: (SEIZURE, "seizure_id"),
    Person: (PERSON, "id"),
    PhoneNumber: (PERSON, "person_id"),
    IdentityDocument: (PERSON, "person_id"),
    ScreeningAlert: (PERSON, "person_id"),
    Vehicle: (VEHICLE, "id"),
    Case: (CASE, "id"),
    CaseSuspect: (CASE, "case_id"),
    Watchlist: (WATCHLIST, "id"),
    WatchlistEntry: (WATCHLIST, "watchlist_id"),
}
_TABLE = cast(Table, GraphChange.__table__)


def changed(session: Session, records: Iterable[tuple[str, uuid.UUID | None]]) -> None:
    """Log ``(kind, id)`` records as changed (kinds ``identity`` and
    ``place`` have no id: every identity link, every record)."""
    rows = set(records)
    if not rows:
        return
    tx = txid(session)
    session.connection().execute(
        insert(_TABLE), [{"kind": k, "record_id": i, "txid": tx} for k, i in sorted(rows, key=str)]
    )


@event.listens_for(Session, "after_flush")
def _log_flush(session: Session, _context: UOWTransaction) -> None:
    records: set[tuple[str, uuid.UUID | None]] = set()
    for obj in itertools.chain(session.new, session.dirty, session.deleted):
        kind = type(obj)
        if kind is IdentityLink or kind is IdentityJudgement:
            records.update(((IDENTITY, obj.person_a), (IDENTITY, obj.person_b)))
            continue
        if kind is Place:  # in the labels of many seizures
            records.add((PLACE, None))
            continue
        found = _RECORD.get(kind)
        if found is not None:
            record_id = getattr(obj, found[1])
            if record_id is not None:
                records.add((found[0], record_id))
    changed(session, records)
