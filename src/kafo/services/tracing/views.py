"""Trace requests as their readers see them: one request in full, a brief, a page."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kafo.model.tracing import TraceRequest
from kafo.model.vocab import TraceStatus
from kafo.schemas.tracing import TraceEventOut, TracePage, TraceRequestBrief, TraceRequestOut
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.tracing import requests, workflow
from kafo.timeutil import utcnow


def brief(request: TraceRequest) -> TraceRequestBrief:
    gun = request.content["firearm"]
    return TraceRequestBrief(
        id=request.id,
        reference=request.reference,
        owner_country=request.owner_country,
        recipient_country=request.recipient_country,
        status=request.status,
        due_on=request.due_on,
        serial_number=gun.get("serial_number"),
        make=gun.get("make"),
        model=gun.get("model"),
    )


def request_out(request: TraceRequest, today: date | None = None) -> TraceRequestOut:
    today = today or utcnow().date()
    return TraceRequestOut.model_validate(
        {
            **{k: getattr(request, k) for k in TraceRequestOut.model_fields if hasattr(request, k)},
            "missing": request.missing.split(",") if request.missing else [],
            "overdue_days": requests.overdue_days(request, today),
            "allowed": workflow.allowed(request.status),
            "events": [TraceEventOut.model_validate(e) for e in request.events],
        }
    )


def list_requests(
    session: Session,
    actor: Actor,
    status: TraceStatus | None,
    recipient: str | None,
    page: int,
    page_size: int,
) -> TracePage:
    query = select(TraceRequest).where(visible(actor, TraceRequest))
    if status is not None:
        query = query.where(TraceRequest.status == status)
    if recipient is not None:
        query = query.where(TraceRequest.recipient_country == recipient.upper())
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(TraceRequest.created_at.desc(), TraceRequest.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return TracePage(total=total, page=page, items=[brief(r) for r in rows])
