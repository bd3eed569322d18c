"""Making, finding and moving trace requests.

Only the country that seized a firearm traces it: the request is an owned
record of that country, made by its analysts or administrators. A draft
follows the firearm record (corrections made before sending are taken in);
sending freezes the content, and is refused while the firearm's
traceability assessment says the request is incomplete.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.ids import new_id
from kafo.io.pdf_document import Document
from kafo.model.org import User
from kafo.model.seizure import Firearm, Seizure
from kafo.model.tracing import TraceRequest
from kafo.model.vocab import Role, Sharing, TraceEventKind, TraceRecipientBasis, TraceStatus
from kafo.schemas.tracing import TraceCreate, TransitionIn
from kafo.services import audit, gazetteer, numbering, operations
from kafo.services.access import require_owner, visible
from kafo.services.actor import Actor
from kafo.services.errors import FieldError, Forbidden, Invalid, NotFound
from kafo.services.register.normalise import content_hash
from kafo.services.tracing import workflow
from kafo.services.tracing.content import document, firearm_content, is_complete
from kafo.timeutil import utcnow

MAY_TRACE = frozenset({Role.ANALYST, Role.NATIONAL_ADMIN})
DEFAULT_USE = (
    "Enquête pénale et poursuites relatives au trafic d'armes à feu ; statistiques nationales "
    "(questionnaire IAFQ, indicateur ODD 16.4.2). / Criminal investigation and prosecution of "
    "firearms trafficking; national statistics (IAFQ questionnaire, SDG indicator 16.4.2)."
)


def may_trace(actor: Actor) -> None:
    if actor.role not in MAY_TRACE or actor.country is None:
        raise Forbidden("only a country's analysts and administrators trace firearms")


def seized_firearm(
    session: Session, actor: Actor, firearm_id: uuid.UUID
) -> tuple[Firearm, Seizure]:
    """A firearm of a seizure ``actor`` may see, or NotFound."""
    row = session.execute(
        select(Firearm, Seizure)
        .join(Seizure, Seizure.id == Firearm.seizure_id)
        .where(Firearm.id == firearm_id, visible(actor, Seizure))
    ).first()
    if row is None:
        raise NotFound(f"no firearm {firearm_id}")
    return row[0], row[1]


def _recipient(data: TraceCreate, content: dict[str, object]) -> tuple[str, TraceRecipientBasis]:
    made_in = content["firearm"]["country_of_manufacture"]  # type: ignore[index]
    if data.recipient_country is None:
        if not made_in:
            raise Invalid(
                "invalid trace request",
                errors=[
                    FieldError(
                        ("recipient_country",),
                        "the firearm's country of manufacture is unknown: name the recipient",
                    )
                ],
            )
        return str(made_in), data.recipient_basis or TraceRecipientBasis.MANUFACTURE
    if data.recipient_basis is None:
        basis = (
            TraceRecipientBasis.MANUFACTURE
            if data.recipient_country == made_in
            else TraceRecipientBasis.OTHER
        )
        return data.recipient_country, basis
    return data.recipient_country, data.recipient_basis


def _authority(session: Session, actor: Actor) -> tuple[str, str]:
    user = session.get(User, actor.user_id)
    assert user is not None  # an actor is an authenticated user
    unit, agency = user.unit, user.unit.agency
    named = agency.name if unit.name == agency.name else f"{unit.name}, {agency.name}"
    return f"{named} ({unit.country})", f"{user.display_name}, {unit.name}"


def create_request(session: Session, actor: Actor, data: TraceCreate) -> TraceRequest:
    """A draft trace request about a seized firearm of ``actor``'s country."""
    may_trace(actor)
    firearm, seizure = seized_firearm(session, actor, data.firearm_id)
    require_owner(actor, seizure, "seizure", action="trace")
    # Shared with an operation: the seizure's, unless another is named.
    default = seizure.operation_id if data.sharing is Sharing.OPERATION else None
    operation_id = operations.operation_for(session, data.operation, data.sharing, default)
    content = firearm_content(firearm, seizure)
    recipient, basis = _recipient(data, content)
    complete, missing = is_complete(firearm)
    authority, contact = _authority(session, actor)
    now = utcnow()
    request = TraceRequest(
        id=new_id(),
        owner_country=seizure.owner_country,
        created_by=actor.user_id,
        operation_id=operation_id,
        sharing=data.sharing,
        content_hash=content_hash(data),
        reference=numbering.next_reference(
            session,
            TraceRequest.reference,
            TraceRequest.owner_country,
            "TR",
            seizure.owner_country,
            now.year,
        ),
        firearm_id=firearm.id,
        seizure_id=seizure.id,
        recipient_country=recipient,
        recipient_basis=basis,
        recipient_authority=data.recipient_authority,
        requesting_authority=authority,
        contact=data.contact or contact,
        legal_basis=data.legal_basis,
        intended_use=data.intended_use or DEFAULT_USE,
        content=content,
        complete=complete,
        missing=",".join(missing) or None,
        status=TraceStatus.DRAFT,
    )
    session.add(request)
    session.flush()
    workflow.append(session, actor, request, TraceEventKind.CREATED, TraceStatus.DRAFT)
    return request


def find_request(session: Session, actor: Actor, ref: str, *, lock: bool = False) -> TraceRequest:
    """A request ``actor`` may see, by id or reference; reading another
    country's is logged."""
    try:
        condition = TraceRequest.id == uuid.UUID(ref)
    except ValueError:
        condition = TraceRequest.reference == ref.strip().upper()
    query = select(TraceRequest).where(condition, visible(actor, TraceRequest))
    if lock:
        query = query.with_for_update(of=TraceRequest)
    found = session.scalars(query).all()
    if len(found) != 1:
        raise NotFound(f"no trace request {ref}")
    request = found[0]
    audit.log_foreign_reads(
        session, actor, "read", "trace_request", [(request.id, request.owner_country)]
    )
    return request


def _owned(session: Session, actor: Actor, ref: str, action: str) -> TraceRequest:
    may_trace(actor)
    request = find_request(session, actor, ref, lock=True)
    require_owner(actor, request, "trace request", action=action)
    return request


def transition(
    session: Session, actor: Actor, ref: str, data: TransitionIn, answer_days: int
) -> TraceRequest:
    """Move a request along the workflow (answers: :func:`results.record_answer`)."""
    request = _owned(session, actor, ref, action=data.to.value)
    workflow.refuse_unless_allowed(request, data.to)
    if data.to in workflow.ANSWERS:
        raise Invalid(
            "an answer is recorded with what it says",
            errors=[
                FieldError(("to",), "record answers with 'kafo trace answer' (POST …/answers)")
            ],
        )
    now = utcnow()
    if data.to is TraceStatus.SENT:
        _freeze(session, request, now.date(), data.due_on, answer_days)
        request.sent_at = now
    elif data.due_on is not None:
        raise Invalid("invalid move", errors=[FieldError(("due_on",), "is set only when sending")])
    if data.to is TraceStatus.CLOSED:
        request.closed_at = now
    workflow.move(session, actor, request, data.to, data.note, now)
    return request


def _freeze(
    session: Session, request: TraceRequest, today: date, due_on: date | None, answer_days: int
) -> None:
    firearm = session.get(Firearm, request.firearm_id)
    seizure = session.get(Seizure, request.seizure_id)
    assert firearm is not None and seizure is not None  # kept by the register
    complete, missing = is_complete(firearm)
    request.content = firearm_content(firearm, seizure)
    request.complete, request.missing = complete, ",".join(missing) or None
    if not complete:
        raise Invalid(
            f"trace request {request.reference} is not complete enough to send",
            errors=[
                FieldError(("firearm", m), "missing per the traceability assessment")
                for m in missing
            ],
        )
    if due_on is not None and due_on <= today:
        raise Invalid("invalid move", errors=[FieldError(("due_on",), "must be after today")])
    request.due_on = due_on or today + timedelta(days=answer_days)


def overdue_days(request: TraceRequest, today: date) -> int | None:
    if request.status not in workflow.AWAITING or request.due_on is None:
        return None
    return max(0, (today - request.due_on).days)


def answered(request: TraceRequest, at: datetime) -> None:
    """The first answer's time (what 'days to answer' measures)."""
    if request.answered_at is None:
        request.answered_at = at


def request_document(session: Session, actor: Actor, ref: str) -> Document:
    """The request laid out as a bilingual document (PDF and JSON)."""
    request = find_request(session, actor, ref)
    return document(request, gazetteer.country_names())
