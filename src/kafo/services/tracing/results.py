"""What traces establish about a seized firearm, and its SDG 16.4.2 conclusion.

An answer to a trace request appends the life events it reports and, when
it settles the question, a finding. A competent authority may establish a
firearm's illicit origin without a trace (a craft-produced weapon, a
stockpile looting proven by investigation): that is a finding too.

A firearm's conclusion is its latest finding; without one, it is
``pending`` while a request awaits an answer, ``insufficient_information``
when every request ended without settling it, and ``not_attempted`` when
no request was ever sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, time

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kafo.model.tracing import FirearmLifeEvent, TraceFinding, TraceRequest
from kafo.model.vocab import LifeEventKind, TraceConclusion, TraceStatus
from kafo.schemas.tracing import (
    AnswerIn,
    FindingIn,
    FindingOut,
    LifeEventIn,
    LifeEventOut,
    TraceResultOut,
)
from kafo.services import audit
from kafo.services.access import require_owner, visible
from kafo.services.actor import Actor
from kafo.services.errors import FieldError, Invalid
from kafo.services.tracing import requests, workflow
from kafo.services.tracing.views import brief
from kafo.timeutil import to_utc, utcnow

NUMERATOR = frozenset({TraceConclusion.TRACED, TraceConclusion.ESTABLISHED})
# A trace that names the last legal holder or the diversion has traced it.
ORIGIN_EVENTS = frozenset({LifeEventKind.LAST_LEGAL_RECORD, LifeEventKind.DIVERSION})
UNSENT = frozenset({TraceStatus.DRAFT})
ENDED = frozenset({TraceStatus.DECLINED, TraceStatus.NO_RESPONSE, TraceStatus.CLOSED})


def _life_events(
    session: Session,
    actor: Actor,
    firearm_id: uuid.UUID,
    events: Iterable[LifeEventIn],
    request_id: uuid.UUID | None,
) -> list[FirearmLifeEvent]:
    rows = [
        FirearmLifeEvent(
            firearm_id=firearm_id,
            request_id=request_id,
            recorded_by=actor.user_id,
            **e.model_dump(),
        )
        for e in events
    ]
    session.add_all(rows)
    return rows


def _finding(
    session: Session,
    actor: Actor,
    firearm_id: uuid.UUID,
    conclusion: TraceConclusion,
    request_id: uuid.UUID | None,
    authority: str | None = None,
    basis: str | None = None,
) -> TraceFinding:
    finding = TraceFinding(
        firearm_id=firearm_id,
        request_id=request_id,
        conclusion=conclusion,
        authority=authority,
        basis=basis,
        user_id=actor.user_id,
        username=actor.username,
    )
    session.add(finding)
    return finding


def _require_origin(
    session: Session, firearm_id: uuid.UUID, new: Iterable[LifeEventIn], loc: str
) -> None:
    """'traced' needs a known last legal record or point of diversion."""
    kinds = {e.kind for e in new} | set(
        session.scalars(
            select(FirearmLifeEvent.kind).where(FirearmLifeEvent.firearm_id == firearm_id)
        )
    )
    if not kinds & ORIGIN_EVENTS:
        raise Invalid(
            "invalid trace result",
            errors=[
                FieldError(
                    (loc,),
                    "'traced' needs a life event 'last_legal_record' or 'diversion'",
                )
            ],
        )


def record_answer(session: Session, actor: Actor, ref: str, data: AnswerIn) -> TraceRequest:
    """The counterpart's answer: life events, and a finding when it settles."""
    requests.may_trace(actor)
    request = requests.find_request(session, actor, ref, lock=True)
    require_owner(actor, request, "trace request", action="answer")
    to = TraceStatus.ANSWERED_COMPLETE if data.complete else TraceStatus.ANSWERED_PARTIAL
    workflow.refuse_unless_allowed(request, to)
    at = (
        to_utc(datetime.combine(data.received_on, time(12)), None) if data.received_on else utcnow()
    )
    if data.received_on is not None and (
        data.received_on > utcnow().date()
        or (request.sent_at is not None and at.date() < request.sent_at.date())
    ):
        raise Invalid(
            "invalid answer",
            errors=[FieldError(("received_on",), "must lie between the sending and today")],
        )
    conclusion = data.conclusion
    if conclusion is None and data.complete and {e.kind for e in data.events} & ORIGIN_EVENTS:
        conclusion = TraceConclusion.TRACED
    if conclusion is TraceConclusion.TRACED:
        _require_origin(session, request.firearm_id, data.events, "conclusion")
    _life_events(session, actor, request.firearm_id, data.events, request.id)
    if conclusion is not None:
        _finding(session, actor, request.firearm_id, conclusion, request.id, basis=data.note)
    requests.answered(request, at)
    detail = f"{len(data.events)} life event(s)" + (f"; {conclusion}" if conclusion else "")
    workflow.move(session, actor, request, to, data.note or detail, at)
    return request


def record_finding(
    session: Session, actor: Actor, firearm_id: uuid.UUID, data: FindingIn
) -> TraceFinding:
    """A conclusion on a firearm's origin outside an answer (competent authority)."""
    requests.may_trace(actor)
    firearm, seizure = requests.seized_firearm(session, actor, firearm_id)
    require_owner(actor, seizure, "seizure", action="conclude")
    if data.conclusion is TraceConclusion.TRACED:
        _require_origin(session, firearm.id, data.events, "conclusion")
    _life_events(session, actor, firearm.id, data.events, None)
    finding = _finding(
        session, actor, firearm.id, data.conclusion, None, data.authority, data.basis
    )
    session.add(
        audit.event(
            actor,
            "conclude",
            "firearm",
            firearm.id,
            seizure.owner_country,
            detail=str(data.conclusion),
        )
    )
    return finding


def conclusions(
    session: Session, firearm_ids: Sequence[uuid.UUID] | Select[uuid.UUID]
) -> dict[uuid.UUID, TraceConclusion]:
    """The SDG 16.4.2 conclusion of each firearm (see the module doc): of a
    list of ids, or of the firearms a query selects (one pass, for reports)."""
    if isinstance(firearm_ids, Select):
        return _concluded(session, list(session.scalars(firearm_ids)), firearm_ids)
    out: dict[uuid.UUID, TraceConclusion] = {}
    for start in range(0, len(firearm_ids), 5000):
        chunk = firearm_ids[start : start + 5000]
        out.update(_concluded(session, chunk, chunk))
    return out


def _concluded(
    session: Session,
    ids: Sequence[uuid.UUID],
    among: Sequence[uuid.UUID] | Select[uuid.UUID],
) -> dict[uuid.UUID, TraceConclusion]:
    out = dict.fromkeys(ids, TraceConclusion.NOT_ATTEMPTED)
    statuses: dict[uuid.UUID, set[TraceStatus]] = {}
    for firearm_id, status in session.execute(
        select(TraceRequest.firearm_id, TraceRequest.status).where(
            TraceRequest.firearm_id.in_(among)
        )
    ):
        statuses.setdefault(firearm_id, set()).add(status)
    for firearm_id, seen in statuses.items():
        sent = seen - UNSENT
        if sent and sent <= ENDED:
            out[firearm_id] = TraceConclusion.INSUFFICIENT_INFORMATION
        elif sent:
            out[firearm_id] = TraceConclusion.PENDING
    latest = session.execute(
        select(TraceFinding.firearm_id, TraceFinding.conclusion)
        .where(TraceFinding.firearm_id.in_(among))
        .order_by(TraceFinding.at, TraceFinding.id)
    )
    out.update({firearm_id: conclusion for firearm_id, conclusion in latest})
    return out


def trace_result(session: Session, actor: Actor, firearm_id: uuid.UUID) -> TraceResultOut:
    """A firearm's life events, findings, requests and conclusion."""
    firearm, seizure = requests.seized_firearm(session, actor, firearm_id)
    audit.log_foreign_reads(
        session, actor, "read", "firearm", [(firearm.id, seizure.owner_country)]
    )
    events = session.scalars(
        select(FirearmLifeEvent)
        .where(FirearmLifeEvent.firearm_id == firearm.id)
        .order_by(FirearmLifeEvent.occurred, FirearmLifeEvent.recorded_at)
    ).all()
    findings = session.scalars(
        select(TraceFinding)
        .where(TraceFinding.firearm_id == firearm.id)
        .order_by(TraceFinding.at, TraceFinding.id)
    ).all()
    asked = session.scalars(
        select(TraceRequest)
        .where(TraceRequest.firearm_id == firearm.id, visible(actor, TraceRequest))
        .order_by(TraceRequest.created_at)
    ).all()
    conclusion = conclusions(session, [firearm.id])[firearm.id]
    return TraceResultOut(
        firearm_id=firearm.id,
        conclusion=conclusion,
        counts_for_sdg=conclusion in NUMERATOR,
        events=[LifeEventOut.model_validate(e) for e in events],
        findings=[FindingOut.model_validate(f) for f in findings],
        requests=[brief(r) for r in asked],
    )
