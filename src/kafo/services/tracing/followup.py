"""Deadlines, reminders, escalation, and how each counterpart answers.

A sent request is due ``KAFO_TRACE_ANSWER_DAYS`` later. Past the due date
and while no complete answer has come, the follow-up appends a reminder,
then another every ``KAFO_TRACE_REMINDER_DAYS``; ``KAFO_TRACE_ESCALATION_DAYS``
past the due date it escalates the request once, for the national focal
point to take up. Requests due within a week are listed, not touched.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kafo.model.tracing import TraceRequest
from kafo.model.vocab import TraceEventKind, TraceStatus
from kafo.schemas.tracing import (
    CounterpartStats,
    FollowUpAction,
    FollowUpOut,
)
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.tracing import requests, workflow
from kafo.timeutil import utcnow

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Deadlines:
    reminder_days: int
    escalation_days: int


def follow_up(
    session: Session, actor: Actor, deadlines: Deadlines, today: date | None = None
) -> FollowUpOut:
    """Remind and escalate ``actor``'s country's overdue requests."""
    requests.may_trace(actor)
    now = utcnow()
    today = today or now.date()
    # Stamped on the day the follow-up runs for (a catch-up run may name a
    # past day), at the time it runs.
    stamp = datetime.combine(today, now.timetz())
    awaiting = session.scalars(
        select(TraceRequest)
        .where(
            TraceRequest.owner_country == actor.country,
            TraceRequest.status.in_(workflow.AWAITING),
            TraceRequest.due_on <= today + timedelta(days=DUE_SOON_DAYS),
        )
        .order_by(TraceRequest.due_on, TraceRequest.reference)
        .with_for_update()
    ).all()
    actions: list[FollowUpAction] = []
    for request in awaiting:
        assert request.due_on is not None  # set when sent
        late = (today - request.due_on).days
        for kind in _due_actions(request, today, late, deadlines):
            actions.append(_act(session, actor, request, kind, late, stamp))
        if late <= 0:
            actions.append(_listed(request, None, late))
    return FollowUpOut(
        today=today,
        reminded=sum(a.action is TraceEventKind.REMINDED for a in actions),
        escalated=sum(a.action is TraceEventKind.ESCALATED for a in actions),
        actions=actions,
    )


def _due_actions(
    request: TraceRequest, today: date, late: int, deadlines: Deadlines
) -> list[TraceEventKind]:
    if late <= 0:
        return []
    kinds = []
    last = request.last_reminded_at.date() if request.last_reminded_at else None
    if last is None or (today - last).days >= deadlines.reminder_days:
        kinds.append(TraceEventKind.REMINDED)
    if late >= deadlines.escalation_days and request.escalated_at is None:
        kinds.append(TraceEventKind.ESCALATED)
    return kinds


def _act(
    session: Session,
    actor: Actor,
    request: TraceRequest,
    kind: TraceEventKind,
    late: int,
    now: datetime,
) -> FollowUpAction:
    if kind is TraceEventKind.REMINDED:
        request.reminders += 1
        request.last_reminded_at = now
        note = f"relance n° {request.reminders} : réponse attendue depuis {late} jour(s)"
    else:
        request.escalated_at = now
        note = f"escalade : sans réponse {late} jour(s) après l'échéance"
    workflow.append(session, actor, request, kind, note=note, at=now)
    return _listed(request, kind, late)


def _listed(request: TraceRequest, kind: TraceEventKind | None, late: int) -> FollowUpAction:
    assert request.due_on is not None
    return FollowUpAction(
        request_id=request.id,
        reference=request.reference,
        recipient_country=request.recipient_country,
        action=kind,
        due_on=request.due_on,
        days_overdue=max(0, late),
    )


def counterpart_stats(
    session: Session, actor: Actor, year: int | None = None, today: date | None = None
) -> list[CounterpartStats]:
    """Per recipient country: requests sent, answered, response rate, median days."""
    today = today or utcnow().date()
    query = select(TraceRequest).where(
        visible(actor, TraceRequest), TraceRequest.sent_at.is_not(None)
    )
    if year is not None:
        query = query.where(func.extract("year", TraceRequest.sent_at) == year)
    by_country: dict[str, list[TraceRequest]] = defaultdict(list)
    for request in session.scalars(query):
        by_country[request.recipient_country].append(request)
    return [_stats(country, rows, today) for country, rows in sorted(by_country.items())]


def _stats(country: str, rows: list[TraceRequest], today: date) -> CounterpartStats:
    answered = [r for r in rows if r.answered_at is not None]
    days = [
        (r.answered_at - r.sent_at).total_seconds() / 86400
        for r in answered
        if r.sent_at and r.answered_at
    ]
    awaiting = [r for r in rows if r.status in workflow.AWAITING and r.answered_at is None]
    return CounterpartStats(
        country=country,
        sent=len(rows),
        answered=len(answered),
        answered_complete=sum(
            any(e.kind is TraceEventKind.ANSWERED_COMPLETE for e in r.events) for r in rows
        ),
        declined=sum(any(e.kind is TraceEventKind.DECLINED for e in r.events) for r in rows),
        no_response=sum(r.status is TraceStatus.NO_RESPONSE for r in rows),
        awaiting=len(awaiting),
        overdue=sum(r.due_on is not None and r.due_on < today for r in awaiting),
        response_rate=round(len(answered) / len(rows), 4) if rows else None,
        median_days_to_answer=round(statistics.median(days), 1) if days else None,
    )
