"""The trace-request workflow, as data.

draft → sent → acknowledged → answered (partial or complete), declined or
no response → closed. A partial answer may be followed by more answers; a
late answer may follow a recorded "no response". Anything else is refused
with the statuses that are allowed, and nothing is written. Every move
appends a :class:`~kafo.model.tracing.TraceEvent`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from kafo.model.tracing import TraceEvent, TraceRequest
from kafo.model.vocab import TraceEventKind, TraceStatus
from kafo.services import audit
from kafo.services.actor import Actor
from kafo.services.errors import FieldError, Invalid
from kafo.timeutil import utcnow

S = TraceStatus
ANSWERS = frozenset({S.ANSWERED_PARTIAL, S.ANSWERED_COMPLETE})
NEXT: dict[TraceStatus, frozenset[TraceStatus]] = {
    S.DRAFT: frozenset({S.SENT, S.CLOSED}),
    S.SENT: frozenset({S.ACKNOWLEDGED, *ANSWERS, S.DECLINED, S.NO_RESPONSE}),
    S.ACKNOWLEDGED: frozenset({*ANSWERS, S.DECLINED, S.NO_RESPONSE}),
    S.ANSWERED_PARTIAL: frozenset({*ANSWERS, S.CLOSED}),
    S.ANSWERED_COMPLETE: frozenset({S.CLOSED}),
    S.DECLINED: frozenset({S.CLOSED}),
    S.NO_RESPONSE: frozenset({*ANSWERS, S.CLOSED}),
    S.CLOSED: frozenset(),
}
# Statuses in which an answer is still awaited (deadlines apply).
AWAITING = frozenset({S.SENT, S.ACKNOWLEDGED, S.ANSWERED_PARTIAL})


def allowed(status: TraceStatus) -> list[TraceStatus]:
    return sorted(NEXT[status], key=list(TraceStatus).index)


def refuse_unless_allowed(request: TraceRequest, to: TraceStatus) -> None:
    if to not in NEXT[request.status]:
        nexts = ", ".join(allowed(request.status)) or "none (the request is closed)"
        raise Invalid(
            f"trace request {request.reference} is {request.status}: it cannot move to {to}",
            errors=[FieldError(("to",), f"allowed from {request.status}: {nexts}")],
        )


def move(
    session: Session,
    actor: Actor,
    request: TraceRequest,
    to: TraceStatus,
    note: str | None = None,
    at: datetime | None = None,
) -> TraceEvent:
    """Move ``request`` to ``to`` (refused if the workflow does not allow it)."""
    refuse_unless_allowed(request, to)
    event = append(session, actor, request, TraceEventKind(to.value), to, note, at)
    request.status = to
    return event


def append(
    session: Session,
    actor: Actor | None,
    request: TraceRequest,
    kind: TraceEventKind,
    to: TraceStatus | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> TraceEvent:
    """Append one event (a move when ``to`` differs, else a follow-up) and its audit."""
    event = TraceEvent(
        request_id=request.id,
        kind=kind,
        from_status=None if kind is TraceEventKind.CREATED else request.status,
        to_status=to or request.status,
        at=at or utcnow(),
        user_id=actor.user_id if actor else None,
        username=actor.username if actor else None,
        note=note,
        due_on=request.due_on if kind is TraceEventKind.SENT else None,
    )
    session.add(event)
    session.add(
        audit.event(
            actor, kind.value, "trace_request", request.id, request.owner_country, detail=note
        )
    )
    return event
