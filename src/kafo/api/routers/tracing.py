"""Trace requests (ITI), their answers and documents, and trace results."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from kafo.api.deps import Config, CurrentActor, Db
from kafo.io.pdf_document import document_json, pdf_bytes
from kafo.model.vocab import TraceStatus
from kafo.schemas.tracing import (
    AnswerIn,
    CounterpartStats,
    FindingIn,
    FollowUpIn,
    FollowUpOut,
    TraceCreate,
    TracePage,
    TraceRequestOut,
    TraceResultOut,
    TransitionIn,
)
from kafo.services.tracing import followup, requests, results, views
from kafo.services.tracing.followup import Deadlines
from kafo.services.uow import unit_of_work

router = APIRouter(tags=["tracing"])
Ref = Annotated[str, "the request's id or reference"]


@router.post("/trace-requests", status_code=201, responses={403: {}, 404: {}, 422: {}})
def create_trace_request(payload: TraceCreate, actor: CurrentActor, db: Db) -> TraceRequestOut:
    """Draft a trace request for a seized firearm of your country."""
    with unit_of_work(db) as session:
        return views.request_out(requests.create_request(session, actor, payload))


@router.get("/trace-requests")
def list_trace_requests(
    actor: CurrentActor,
    db: Db,
    settings: Config,
    status: TraceStatus | None = None,
    recipient_country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1)] = 50,
) -> TracePage:
    size = min(page_size, settings.page_size_max)
    with unit_of_work(db) as session:
        return views.list_requests(session, actor, status, recipient_country, page, size)


@router.get("/trace-requests/stats")
def trace_stats(
    actor: CurrentActor, db: Db, year: Annotated[int | None, Query(ge=1990, le=2100)] = None
) -> list[CounterpartStats]:
    """Per counterpart country: response rate and median days to answer."""
    with unit_of_work(db) as session:
        return followup.counterpart_stats(session, actor, year)


@router.post("/trace-requests/follow-up", responses={403: {}})
def trace_follow_up(
    actor: CurrentActor, db: Db, settings: Config, payload: FollowUpIn | None = None
) -> FollowUpOut:
    """Remind and escalate your country's overdue requests."""
    deadlines = Deadlines(settings.trace_reminder_days, settings.trace_escalation_days)
    today = payload.today if payload else None
    with unit_of_work(db) as session:
        return followup.follow_up(session, actor, deadlines, today)


@router.get("/trace-requests/{ref}", responses={404: {}})
def read_trace_request(ref: Ref, actor: CurrentActor, db: Db) -> TraceRequestOut:
    with unit_of_work(db) as session:
        return views.request_out(requests.find_request(session, actor, ref))


@router.post("/trace-requests/{ref}/transitions", responses={403: {}, 404: {}, 422: {}})
def move_trace_request(
    ref: Ref, payload: TransitionIn, actor: CurrentActor, db: Db, settings: Config
) -> TraceRequestOut:
    """Send, acknowledge, decline (with the reason), record no response, or close."""
    with unit_of_work(db) as session:
        request = requests.transition(session, actor, ref, payload, settings.trace_answer_days)
        return views.request_out(request)


@router.post("/trace-requests/{ref}/answers", responses={403: {}, 404: {}, 422: {}})
def answer_trace_request(
    ref: Ref, payload: AnswerIn, actor: CurrentActor, db: Db
) -> TraceRequestOut:
    """Record the counterpart's answer with the firearm's life events."""
    with unit_of_work(db) as session:
        return views.request_out(results.record_answer(session, actor, ref, payload))


@router.get("/trace-requests/{ref}/document.json", responses={404: {}})
def trace_document_json(ref: Ref, actor: CurrentActor, db: Db) -> dict[str, Any]:
    """The bilingual (French/English) request."""
    with unit_of_work(db) as session:
        return document_json(requests.request_document(session, actor, ref))


@router.get(
    "/trace-requests/{ref}/document.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, 404: {}},
)
def trace_document_pdf(ref: Ref, actor: CurrentActor, db: Db) -> Response:
    with unit_of_work(db) as session:
        doc = requests.request_document(session, actor, ref)
    headers = {"Content-Disposition": f'attachment; filename="{doc.reference}.pdf"'}
    return Response(pdf_bytes(doc), media_type="application/pdf", headers=headers)


@router.get("/firearms/{firearm_id}/trace-result", responses={404: {}})
def read_trace_result(firearm_id: uuid.UUID, actor: CurrentActor, db: Db) -> TraceResultOut:
    """A firearm's life events, findings, requests and SDG 16.4.2 conclusion."""
    with unit_of_work(db) as session:
        return results.trace_result(session, actor, firearm_id)


@router.post(
    "/firearms/{firearm_id}/findings", status_code=201, responses={403: {}, 404: {}, 422: {}}
)
def add_finding(
    firearm_id: uuid.UUID, payload: FindingIn, actor: CurrentActor, db: Db
) -> TraceResultOut:
    """Record a conclusion on the firearm's illicit origin (e.g. by a competent authority)."""
    with unit_of_work(db) as session:
        results.record_finding(session, actor, firearm_id, payload)
        return results.trace_result(session, actor, firearm_id)
