"""What a case holds as evidence: suspects, exhibits and their chain of
custody, and the trace requests made for its firearms.

Suspects are person records the user may see. A person recorded in none of
the case's seizures is accepted (organisers and financiers are found by
the investigation, not at the checkpoint); the answer says so with an
empty ``seizures`` list.

An exhibit is an item of one of the case's seizures, put under a seal
number unique in the case, and created with the first entry of its chain
of custody. Custody entries are appended, never edited or deleted (there
is no function to): each starts no earlier than the previous one and the
seizure itself, and not in the future. A mistake is corrected by a newer
entry that says so. Custody goes on after a case is closed (exhibits are
returned or destroyed after the judgment), but nothing follows a
destruction.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from kafo.ids import new_id
from kafo.model.case import Case, CaseSuspect, CustodyEntry, Exhibit, case_trace_requests
from kafo.model.org import Unit
from kafo.model.person import Person
from kafo.model.seizure import Seizure
from kafo.model.tracing import TraceRequest
from kafo.model.vocab import CustodyPurpose
from kafo.schemas.case import CustodyIn, CustodyOut, ExhibitIn, ExhibitOut, SuspectIn, SuspectOut
from kafo.services import audit
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.cases import items
from kafo.services.cases.loading import (
    case_for_writing,
    case_seizure_ids,
    case_time,
    invalid,
    may_edit,
    not_closed,
    recorded,
)
from kafo.services.cases.views import exhibit_out, suspect_out
from kafo.services.errors import Conflict, FieldError, Invalid, NotFound
from kafo.services.register.record import CLOCK_SKEW
from kafo.timeutil import utcnow


def add_suspect(session: Session, actor: Actor, case_id: uuid.UUID, data: SuspectIn) -> SuspectOut:
    case = case_for_writing(session, actor, case_id, "add_suspect")
    not_closed(case, "suspects")
    person = session.scalar(
        select(Person).where(Person.id == data.person_id, visible(actor, Person))
    )
    if person is None:
        raise NotFound(f"no person {data.person_id}")
    if any(s.person_id == person.id for s in case.suspects):
        raise Conflict(f"person_id: {person.id} is already a suspect in this case")
    suspect = CaseSuspect(
        id=new_id(), person_id=person.id, role=data.role, note=data.note, added_at=utcnow()
    )
    case.suspects.append(suspect)
    recorded(session, actor, case, "add_suspect", f"person {person.id} ({data.role.value})")
    audit.log_foreign_reads(session, actor, "read", "person", [(person.id, person.owner_country)])
    session.flush()
    return suspect_out(session, case, suspect, person)


def _seized_at(session: Session, seizure_id: uuid.UUID) -> datetime:
    at = session.scalar(select(Seizure.occurred_at).where(Seizure.id == seizure_id))
    if at is None:  # a case's seizures are never deleted; kept for the type
        raise NotFound(f"no seizure {seizure_id}")
    return at


def _held_from(
    session: Session,
    case: Case,
    exhibit: Exhibit | None,
    seized_at: datetime,
    data: CustodyIn,
    loc: tuple[str, ...],
) -> datetime:
    """The entry's start in UTC, once it fits the chain; else refused, naming the field."""
    held_from = case_time(session, case, data.held_from)
    previous = (
        session.scalar(
            select(func.max(CustodyEntry.held_from)).where(CustodyEntry.exhibit_id == exhibit.id)
        )
        if exhibit is not None
        else None
    )
    if held_from > utcnow() + CLOCK_SKEW:
        problem = f"{held_from.isoformat()} is in the future"
    elif held_from < seized_at:
        problem = f"{held_from.isoformat()} is before the seizure ({seized_at.isoformat()})"
    elif previous is not None and held_from < previous:
        problem = (
            f"{held_from.isoformat()} is before the previous entry's held_from "
            f"({previous.isoformat()}); custody entries are appended in order"
        )
    else:
        return held_from
    raise invalid((*loc, "held_from"), problem)


def _check_unit(data: CustodyIn, session: Session, loc: tuple[str, ...]) -> None:
    if data.holder_unit is not None and session.get(Unit, data.holder_unit) is None:
        raise invalid((*loc, "holder_unit"), f"unknown unit '{data.holder_unit}'")


def _entry(
    actor: Actor, exhibit_id: uuid.UUID, data: CustodyIn, held_from: datetime
) -> CustodyEntry:
    return CustodyEntry(
        id=new_id(),
        exhibit_id=exhibit_id,
        held_from=held_from,
        holder=data.holder,
        holder_unit=data.holder_unit,
        place=data.place,
        purpose=data.purpose,
        note=data.note,
        recorded_at=utcnow(),
        recorded_by=actor.user_id,
        username=actor.username,
    )


def _exhibit_item(session: Session, case: Case, data: ExhibitIn) -> items.Item:
    if data.seizure_id not in case_seizure_ids(session, case.id):
        raise invalid(
            ("seizure_id",), f"seizure {data.seizure_id} is not in this case; add it first"
        )
    item = items.find_item(
        session, data.item_kind, data.seizure_id, data.item_position, data.item_id
    )
    if item is None:
        loc, which = (
            ("item_id", str(data.item_id))
            if data.item_id
            else ("item_position", f"number {data.item_position}")
        )
        raise invalid((loc,), f"the seizure has no {data.item_kind.value} {which}")
    for other in case.exhibits:
        if other.seal_number == data.seal_number:
            raise Conflict(f"seal_number: {data.seal_number} is already used in this case")
        if other.item_kind is data.item_kind and other.item_id == item.id:
            raise Conflict(
                f"item: this {data.item_kind.value} is already exhibit {other.seal_number}"
            )
    return item


def add_exhibit(session: Session, actor: Actor, case_id: uuid.UUID, data: ExhibitIn) -> ExhibitOut:
    """Put an item of one of the case's seizures under seal, with its first custody entry."""
    case = case_for_writing(session, actor, case_id, "add_exhibit")
    not_closed(case, "exhibits")
    item = _exhibit_item(session, case, data)
    seized_at = _seized_at(session, data.seizure_id)
    held_from = _held_from(session, case, None, seized_at, data.custody, ("custody",))
    _check_unit(data.custody, session, ("custody",))
    exhibit = Exhibit(
        id=new_id(),
        seal_number=data.seal_number,
        item_kind=data.item_kind,
        item_id=item.id,
        seizure_id=data.seizure_id,
        description=data.description or items.describe(item)[:500],
        added_at=utcnow(),
    )
    case.exhibits.append(exhibit)
    session.flush()  # the exhibit's row before its custody entry's
    entry = _entry(actor, exhibit.id, data.custody, held_from)
    session.add(entry)
    recorded(session, actor, case, "add_exhibit", f"{exhibit.seal_number}: {exhibit.description}")
    session.flush()
    return exhibit_out(exhibit, [entry])


def _visible_exhibit(
    session: Session, actor: Actor, exhibit_id: uuid.UUID, case_id: uuid.UUID | None
) -> Exhibit:
    stmt = (
        select(Exhibit)
        .join(Case, Case.id == Exhibit.case_id)
        .where(Exhibit.id == exhibit_id, visible(actor, Case))
    )
    if case_id is not None:
        stmt = stmt.where(Exhibit.case_id == case_id)
    exhibit = session.scalar(stmt)
    if exhibit is None:
        raise NotFound(f"no exhibit {exhibit_id}")
    return exhibit


def _destroyed(session: Session, exhibit: Exhibit) -> None:
    last = session.scalar(
        select(CustodyEntry.purpose)
        .where(CustodyEntry.exhibit_id == exhibit.id)
        .order_by(CustodyEntry.held_from.desc(), CustodyEntry.recorded_at.desc())
        .limit(1)
    )
    if last is CustodyPurpose.DESTROYED:
        raise Invalid(
            f"the exhibit {exhibit.seal_number} was destroyed: its chain of custody is complete",
            errors=[FieldError(("exhibit_id",), "the exhibit was destroyed")],
        )


def add_custody(
    session: Session,
    actor: Actor,
    exhibit_id: uuid.UUID,
    data: CustodyIn,
    case_id: uuid.UUID | None = None,
) -> CustodyOut:
    """Append an entry to an exhibit's chain of custody (there is no edit)."""
    may_edit(actor, "add_custody", case_id)
    exhibit = _visible_exhibit(session, actor, exhibit_id, case_id)
    case = case_for_writing(session, actor, exhibit.case_id, "add_custody")
    _destroyed(session, exhibit)
    seized_at = _seized_at(session, exhibit.seizure_id)
    held_from = _held_from(session, case, exhibit, seized_at, data, ())
    _check_unit(data, session, ())
    entry = _entry(actor, exhibit.id, data, held_from)
    session.add(entry)
    detail = f"{exhibit.seal_number}: {data.purpose.value}, {data.holder}, {data.place}"
    recorded(session, actor, case, "add_custody", detail)
    session.flush()
    return CustodyOut.model_validate(entry)


def link_trace_request(
    session: Session, actor: Actor, case_id: uuid.UUID, request_id: uuid.UUID
) -> Case:
    """Attach a trace request the user may see to the case."""
    case = case_for_writing(session, actor, case_id, "link_trace_request")
    not_closed(case, "trace requests")
    request = session.scalar(
        select(TraceRequest).where(TraceRequest.id == request_id, visible(actor, TraceRequest))
    )
    if request is None:
        raise NotFound(f"no trace request {request_id}")
    linked = session.scalar(
        select(case_trace_requests.c.request_id).where(
            case_trace_requests.c.case_id == case.id,
            case_trace_requests.c.request_id == request.id,
        )
    )
    if linked is not None:
        raise Conflict(f"request_id: trace request {request.reference} is already linked")
    session.execute(insert(case_trace_requests), [{"case_id": case.id, "request_id": request.id}])
    recorded(session, actor, case, "link_trace_request", f"{request.reference} ({request.id})")
    session.flush()
    return case
