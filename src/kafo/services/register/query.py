"""Reading seizures: by id and as filtered, paginated lists.

Both go through the access filter, so a record the reader may not see is
absent from lists and counts and answers "not found" by id. Reading another
country's record is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, selectinload

from kafo.model.operation import Operation
from kafo.model.seizure import Firearm, Seizure
from kafo.model.vocab import AuditOutcome, FirearmCategory
from kafo.schemas.seizure import SeizureOut, SeizurePage, SeizureSummary
from kafo.services import audit
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.errors import NotFound
from kafo.services.register.views import seizure_out


@dataclass(frozen=True)
class SeizureFilter:
    operation: str | None = None
    country: str | None = None
    place: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    firearm_category: FirearmCategory | None = None


def load_visible(session: Session, actor: Actor, seizure_id: uuid.UUID) -> Seizure:
    seizure = session.scalar(
        select(Seizure).where(Seizure.id == seizure_id, visible(actor, Seizure))
    )
    if seizure is None:
        raise NotFound(
            f"no seizure {seizure_id}",
            audit=audit.event(actor, "read", "seizure", seizure_id, None, AuditOutcome.DENIED),
        )
    return seizure


def get_seizure(session: Session, actor: Actor, seizure_id: uuid.UUID) -> SeizureOut:
    seizure = load_visible(session, actor, seizure_id)
    out = seizure_out(session, actor, seizure)
    audit.log_foreign_reads(session, actor, "read", "seizure", [(out.id, out.owner_country)])
    # The people and vehicles shown are records of their own, read too.
    audit.log_foreign_reads(
        session,
        actor,
        "read",
        "person",
        [(p.person.id, p.person.owner_country) for p in out.persons],
    )
    audit.log_foreign_reads(
        session,
        actor,
        "read",
        "vehicle",
        [(v.vehicle.id, v.vehicle.owner_country) for v in out.vehicles],
    )
    return out


def _filtered(actor: Actor, f: SeizureFilter) -> Select[Seizure]:
    q = select(Seizure).where(visible(actor, Seizure))
    if f.operation:
        q = q.join(Operation, Operation.id == Seizure.operation_id).where(
            Operation.code == f.operation
        )
    if f.country:
        q = q.where(Seizure.owner_country == f.country.upper())
    if f.place:
        q = q.where(Seizure.place_code == f.place)
    if f.occurred_from:
        q = q.where(Seizure.occurred_at >= f.occurred_from)
    if f.occurred_to:
        q = q.where(Seizure.occurred_at < f.occurred_to)
    if f.firearm_category:
        q = q.where(
            exists().where(Firearm.seizure_id == Seizure.id, Firearm.category == f.firearm_category)
        )
    return q


def list_seizures(
    session: Session, actor: Actor, f: SeizureFilter, page: int = 1, page_size: int = 50
) -> SeizurePage:
    q = _filtered(actor, f)
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    rows = session.scalars(
        q.options(
            selectinload(Seizure.firearms),
            selectinload(Seizure.ammunition),
            selectinload(Seizure.person_links),
        )
        .order_by(Seizure.occurred_at.desc(), Seizure.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    codes = dict(
        session.execute(
            select(Operation.id, Operation.code).where(
                Operation.id.in_({s.operation_id for s in rows if s.operation_id})
            )
        ).all()
    )
    audit.log_foreign_reads(
        session, actor, "list", "seizure", [(s.id, s.owner_country) for s in rows]
    )
    items = [
        SeizureSummary(
            id=s.id,
            reference=s.reference,
            owner_country=s.owner_country,
            sharing=s.sharing,
            occurred_at=s.occurred_at,
            place=s.place_code,
            operation=codes.get(s.operation_id) if s.operation_id else None,
            context=s.context,
            firearms=len(s.firearms),
            rounds=sum(a.rounds for a in s.ammunition),
            persons=len(s.person_links),
        )
        for s in rows
    ]
    return SeizurePage(items=items, total=total, page=page, page_size=page_size)
