"""Opening a case from seizures, and adding seizures to it later.

The case belongs to the opening user's country. Its seizures may be any
the user may see, other countries' included (a cross-border case); one the
user may not see answers "not found", exactly like a missing one. The
reference is the prosecutor's or police's own when given, else one is
made per owner country and year: ``AFF-ML-2026-0001``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kafo.ids import new_id
from kafo.model.case import Case, CaseEvent, case_seizures
from kafo.model.seizure import Seizure
from kafo.model.vocab import AuditOutcome, CaseStatus
from kafo.schemas.case import CaseCreate, CaseSeizuresIn
from kafo.services import audit, numbering, operations
from kafo.services.access import can_record, visible
from kafo.services.actor import Actor
from kafo.services.cases.loading import (
    case_for_writing,
    case_seizure_ids,
    invalid,
    local_today,
    may_edit,
    not_closed,
    recorded,
)
from kafo.services.errors import Conflict, NotFound
from kafo.timeutil import utcnow

PREFIX = "AFF"


def visible_seizures(session: Session, actor: Actor, ids: Sequence[uuid.UUID]) -> list[Seizure]:
    """The seizures of ``ids``, in order; not found if one is missing or hidden."""
    rows = session.scalars(select(Seizure).where(Seizure.id.in_(ids), visible(actor, Seizure)))
    found = {s.id: s for s in rows}
    for sid in ids:
        if sid not in found:
            raise NotFound(
                f"no seizure {sid}",
                audit=audit.event(actor, "read", "seizure", sid, None, AuditOutcome.DENIED),
            )
    return [found[sid] for sid in ids]


def _operation_id(session: Session, data: CaseCreate, seizures: list[Seizure]) -> uuid.UUID | None:
    """The named operation; else the one all the seizures belong to, if any."""
    common = {s.operation_id for s in seizures}
    default = common.pop() if len(common) == 1 else None
    return operations.operation_for(session, data.operation, data.sharing, default)


def _reference(session: Session, actor: Actor, owner: str, data: CaseCreate, year: int) -> str:
    if data.reference is None:
        return numbering.next_reference(
            session, Case.reference, Case.owner_country, PREFIX, owner, year
        )
    taken = session.scalar(
        select(Case.id).where(Case.owner_country == owner, Case.reference == data.reference)
    )
    if taken is not None:
        raise Conflict(
            f"reference: {data.reference} is already used by another case",
            audit=audit.event(
                actor, "create", "case", taken, owner, AuditOutcome.CONFLICT, "reference reused"
            ),
        )
    return data.reference


def open_case(session: Session, actor: Actor, data: CaseCreate) -> Case:
    """Open a case from one or more seizures; its first event is 'open'."""
    may_edit(actor, "create")
    owner = can_record(actor)
    seizures = visible_seizures(session, actor, data.seizures)
    today = local_today(session, owner)
    opened_on = data.opened_on or today
    if opened_on > today:
        raise invalid(("opened_on",), f"{opened_on.isoformat()} is in the future")
    case = Case(
        id=new_id(),
        owner_country=owner,
        created_by=actor.user_id,
        content_hash=hashlib.sha256(data.model_dump_json().encode()).hexdigest(),
        reference=_reference(session, actor, owner, data, opened_on.year),
        title=data.title,
        summary=data.summary,
        status=CaseStatus.OPEN,
        opened_on=opened_on,
        lead_unit=actor.unit_code,
        prosecutor=data.prosecutor,
        court=data.court,
        sharing=data.sharing,
        operation_id=_operation_id(session, data, seizures),
        handling_code=data.handling_code,
        handling_note=data.handling_note,
    )
    session.add(case)
    session.flush()
    session.execute(
        insert(case_seizures), [{"case_id": case.id, "seizure_id": s.id} for s in seizures]
    )
    session.add(
        CaseEvent(
            id=new_id(),
            case_id=case.id,
            from_status=None,
            to_status=CaseStatus.OPEN,
            at=utcnow(),
            user_id=actor.user_id,
            username=actor.username,
            note=None,
        )
    )
    detail = f"{case.reference}: {len(seizures)} seizure(s)"
    session.add(audit.event(actor, "create", "case", case.id, owner, detail=detail))
    session.flush()
    return case


def add_seizures(session: Session, actor: Actor, case_id: uuid.UUID, data: CaseSeizuresIn) -> Case:
    """Add seizures found to belong to the case since it was opened."""
    case = case_for_writing(session, actor, case_id, "add_seizure")
    not_closed(case, "seizures")
    seizures = visible_seizures(session, actor, data.seizures)
    already = case_seizure_ids(session, case.id)
    for i, s in enumerate(seizures):
        if s.id in already:
            raise Conflict(f"seizures.{i}: seizure {s.id} is already in this case")
    session.execute(
        insert(case_seizures), [{"case_id": case.id, "seizure_id": s.id} for s in seizures]
    )
    recorded(session, actor, case, "add_seizure", ", ".join(str(s.id) for s in seizures))
    session.flush()
    return case
