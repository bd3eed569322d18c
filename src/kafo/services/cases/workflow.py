"""The course of a case through the criminal-justice chain, as data.

:data:`TRANSITIONS` is the whole state machine: from each status, the
statuses a case may move to. Some moves also need the file to be ready
(:data:`GUARDS`): prosecution needs a charge; a judgment needs every charge
decided. A move that the table does not hold, or whose guard fails, is
refused and changes nothing. Every accepted move appends a
:class:`~kafo.model.case.CaseEvent` (from, to, who, note) and an audit event.

A dismissed case (classement sans suite, non-lieu) may be reopened when new
evidence comes in; a closed case moves no more.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy.orm import Session

from kafo.ids import new_id
from kafo.model.case import Case, CaseEvent
from kafo.model.vocab import AuditOutcome, CaseStatus, ChargeOutcome
from kafo.schemas.case import TransitionIn
from kafo.services import audit
from kafo.services.actor import Actor
from kafo.services.cases.loading import case_for_writing, recorded
from kafo.services.errors import FieldError, Invalid
from kafo.timeutil import utcnow

S = CaseStatus
TRANSITIONS: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    S.OPEN: (S.INVESTIGATION, S.PROSECUTION, S.DISMISSED),
    S.INVESTIGATION: (S.PROSECUTION, S.DISMISSED),
    S.PROSECUTION: (S.JUDGED, S.DISMISSED),
    S.JUDGED: (S.CLOSED,),
    S.DISMISSED: (S.CLOSED, S.OPEN),  # reopened on new evidence
    S.CLOSED: (),
}
# Statuses in which charges are brought and decided: before judgment.
CHARGEABLE = frozenset({S.OPEN, S.INVESTIGATION, S.PROSECUTION})


def _charged(case: Case) -> str | None:
    return None if case.charges else "prosecution needs at least one charge"


def _decided(case: Case) -> str | None:
    if not case.charges:
        return "a judgment needs at least one charge"
    pending = [c.offence for c in case.charges if c.outcome is ChargeOutcome.PENDING]
    if pending:
        return f"every charge must be decided first; pending: {'; '.join(pending)}"
    return None


GUARDS: dict[CaseStatus, Callable[[Case], str | None]] = {
    S.PROSECUTION: _charged,
    S.JUDGED: _decided,
}


def allowed(status: CaseStatus) -> list[CaseStatus]:
    return list(TRANSITIONS[status])


def refusal(current: CaseStatus, requested: CaseStatus) -> str | None:
    """Why the table refuses ``current`` → ``requested``, or None if it allows it."""
    if requested in TRANSITIONS[current]:
        return None
    nexts = ", ".join(s.value for s in TRANSITIONS[current]) or "nowhere (final status)"
    return (
        f"a case cannot move from '{current.value}' to '{requested.value}'; "
        f"from '{current.value}' it can go to: {nexts}"
    )


def _refuse(actor: Actor, case: Case, requested: CaseStatus, reason: str) -> Invalid:
    return Invalid(
        f"status: {reason}",
        errors=[FieldError(("status",), reason)],
        audit=audit.event(
            actor,
            "transition",
            "case",
            case.id,
            case.owner_country,
            AuditOutcome.INVALID,
            f"{case.status.value} -> {requested.value} refused: {reason}",
        ),
    )


def move_case(session: Session, actor: Actor, case_id: uuid.UUID, data: TransitionIn) -> Case:
    """Move a case to another status, if the table and the guards allow it."""
    case = case_for_writing(session, actor, case_id, "transition")
    current, requested = case.status, data.status
    guard = GUARDS.get(requested)
    reason = refusal(current, requested) or (guard(case) if guard else None)
    if reason:
        raise _refuse(actor, case, requested, reason)
    now = utcnow()
    case.status = requested
    if requested is S.CLOSED:
        case.closed_at = now
    session.add(
        CaseEvent(
            id=new_id(),
            case_id=case.id,
            from_status=current,
            to_status=requested,
            at=now,
            user_id=actor.user_id,
            username=actor.username,
            note=data.note,
        )
    )
    recorded(session, actor, case, "transition", f"{current.value} -> {requested.value}")
    session.flush()
    return case
