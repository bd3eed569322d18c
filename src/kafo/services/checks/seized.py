"""The automatic check of every seized firearm.

When a seizure is recorded (by the API, the CLI or an import) or updated,
its firearms' serials are indexed and checked against the registries and
against every other seized firearm: the same weapon seen twice is a link
between two seizures. Hits are stored on the firearm; hits on another
country's records notify that country.

Registries arrive after seizures too: :func:`recheck` runs the same check
again on a country's recorded seizures (all, or those since a date), and
replaces their stored hits.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session, selectinload

from kafo.matching.serial_search import SerialQueryError, read_query
from kafo.model.registry import SerialHit
from kafo.model.seizure import Firearm, Seizure
from kafo.model.vocab import SerialSource
from kafo.schemas.checks import CheckIn
from kafo.services import audit
from kafo.services.access import can_record
from kafo.services.actor import Actor
from kafo.services.checks import index
from kafo.services.checks.service import Job, run_many

HITS_KEPT = 50  # per firearm, best first


def indexed_serials(seizure: Seizure) -> list[uuid.UUID]:
    """The ids of a seizure's firearms, to unindex before a replace."""
    return [f.id for f in seizure.firearms]


def after_save(
    session: Session,
    actor: Actor,
    seizures: Iterable[Seizure],
    replaced: Iterable[uuid.UUID] = (),
) -> None:
    """Index the seizures' serials (dropping ``replaced``) and check them."""
    seizures = list(seizures)
    session.flush()  # the index reads the firearms through the session
    index.changed(
        session,
        SerialSource.FIREARM,
        [*replaced, *(f.id for s in seizures for f in s.firearms if f.serial_skeleton)],
    )
    check_seizures(session, actor, seizures)


def check_seizures(session: Session, actor: Actor, seizures: Iterable[Seizure]) -> tuple[int, int]:
    """Check the seizures' firearms and store their hits; returns the hits
    stored and the notifications sent."""
    jobs: list[Job] = []
    firearms: list[Firearm] = []
    for seizure in seizures:
        own = frozenset(f.id for f in seizure.firearms)
        for firearm in seizure.firearms:
            if not firearm.serial_number:
                continue
            try:
                query = read_query(firearm.serial_number)
            except SerialQueryError:
                continue  # nothing searchable ("illisible", a lone '*')
            item = CheckIn.model_construct(
                serial=firearm.serial_number,
                make=firearm.make,
                model=firearm.model,
                calibre=firearm.calibre,
                country=firearm.country_of_manufacture,
                max_edits=None,
                limit=HITS_KEPT,
                sources=["registry", "seizures"],
                id=None,
            )
            jobs.append(Job(item, query, f"seizure {seizure.id}", own))
            firearms.append(firearm)
    stored = sent = 0
    for firearm, checked in zip(firearms, run_many(session, actor, jobs), strict=True):
        session.add_all(
            SerialHit(
                firearm_id=firearm.id,
                target_source=match.source,
                target_id=match.item_id,
                target_owner=match.owner,
                match_kind=match.kind,
                edits=match.edits,
                score=score,
                explanation="; ".join(checked.explain((score, match))),
            )
            for score, match in checked.ranked  # the best HITS_KEPT
        )
        stored += len(checked.ranked)
        sent += checked.sent
    return stored, sent


@dataclass
class Rechecked:
    seizures: int = 0
    firearms: int = 0
    hits: int = 0
    hits_before: int = 0
    notifications: int = 0


RECHECK_CHUNK = 500  # seizures read and checked together


def recheck(session: Session, actor: Actor, since: date | None = None) -> Rechecked:
    """Check again the firearms of the seizures recorded by ``actor``'s
    country (since ``since``, by the date of the seizure), against the
    registries and seizures as they are now; their stored hits are
    replaced. Owners already notified of a hit from a seizure are not
    notified again."""
    owner = can_record(actor)
    stmt = select(Seizure.id).where(Seizure.owner_country == owner)
    if since is not None:
        stmt = stmt.where(Seizure.occurred_at >= datetime.combine(since, time(), UTC))
    ids = list(session.scalars(stmt.order_by(Seizure.occurred_at, Seizure.id)))
    done = Rechecked()
    for start in range(0, len(ids), RECHECK_CHUNK):
        chunk = ids[start : start + RECHECK_CHUNK]
        seizures = session.scalars(
            select(Seizure).where(Seizure.id.in_(chunk)).options(selectinload(Seizure.firearms))
        ).all()
        firearm_ids = [f.id for s in seizures for f in s.firearms]
        dropped = session.execute(delete(SerialHit).where(SerialHit.firearm_id.in_(firearm_ids)))
        done.hits_before += cast(CursorResult[Any], dropped).rowcount
        stored, sent = check_seizures(session, actor, seizures)
        done.hits += stored
        done.notifications += sent
        done.seizures += len(seizures)
        done.firearms += len(firearm_ids)
        session.flush()
    detail = f"{done.seizures} seizure(s), {done.firearms} firearm(s), {done.hits} hit(s)"
    session.add(audit.event(actor, "recheck", "seizure", None, owner, detail=detail))
    return done
