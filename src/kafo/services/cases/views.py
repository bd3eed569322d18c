"""Reading cases: one case with everything in it, and filtered lists.

Both go through the access filter on cases. Inside a case the reader may
see, seizures, suspects (person records) and trace requests are records
of their own: one the reader may not see is left out, exactly as if it had
not been linked. Exhibits, steps, charges, hearings and events are the
case's own and are shown with it. Reading another country's case is audited,
and so is reading the other countries' person records shown in it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kafo.model.case import (
    Case,
    CaseEvent,
    CaseSuspect,
    CustodyEntry,
    Exhibit,
    case_seizures,
    case_trace_requests,
)
from kafo.model.operation import Operation
from kafo.model.person import Person
from kafo.model.seizure import Seizure, SeizurePerson
from kafo.model.tracing import TraceRequest
from kafo.model.vocab import CaseStatus
from kafo.schemas.case import (
    CaseEventOut,
    CaseOut,
    CasePage,
    CaseSeizureOut,
    CaseSummary,
    ChargeOut,
    CustodyOut,
    ExhibitOut,
    HearingOut,
    StepOut,
    SuspectOut,
    TraceLinkOut,
)
from kafo.services import audit
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.cases.loading import case_for_reading, case_seizure_ids
from kafo.services.cases.workflow import allowed
from kafo.services.register.views import person_out


def _appearances(
    session: Session, case_id: uuid.UUID, person_ids: set[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """For each person, the case's seizures they were recorded in."""
    out: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if not person_ids:
        return out
    rows = session.execute(
        select(SeizurePerson.person_id, SeizurePerson.seizure_id)
        .join(case_seizures, case_seizures.c.seizure_id == SeizurePerson.seizure_id)
        .where(case_seizures.c.case_id == case_id, SeizurePerson.person_id.in_(person_ids))
        .order_by(SeizurePerson.seizure_id)
    )
    for person_id, seizure_id in rows:
        if seizure_id not in out[person_id]:
            out[person_id].append(seizure_id)
    return out


def suspect_out(session: Session, case: Case, suspect: CaseSuspect, person: Person) -> SuspectOut:
    seen = _appearances(session, case.id, {person.id})
    return _suspect(suspect, person, seen.get(person.id, []))


def _suspect(suspect: CaseSuspect, person: Person, seizures: list[uuid.UUID]) -> SuspectOut:
    return SuspectOut(
        id=suspect.id,
        role=suspect.role,
        note=suspect.note,
        added_at=suspect.added_at,
        person=person_out(person),
        seizures=seizures,
    )


def exhibit_out(exhibit: Exhibit, custody: list[CustodyEntry]) -> ExhibitOut:
    return ExhibitOut(
        id=exhibit.id,
        seal_number=exhibit.seal_number,
        item_kind=exhibit.item_kind,
        item_id=exhibit.item_id,
        seizure_id=exhibit.seizure_id,
        description=exhibit.description,
        added_at=exhibit.added_at,
        custody=[CustodyOut.model_validate(e) for e in custody],
    )


def _suspects(session: Session, actor: Actor, case: Case) -> list[SuspectOut]:
    ids = {s.person_id for s in case.suspects}
    persons = {
        p.id: p
        for p in session.scalars(select(Person).where(Person.id.in_(ids), visible(actor, Person)))
    }
    seen = _appearances(session, case.id, set(persons))
    return [
        _suspect(s, persons[s.person_id], seen.get(s.person_id, []))
        for s in sorted(case.suspects, key=lambda s: (s.added_at, s.id))
        if s.person_id in persons
    ]


def _exhibits(session: Session, case: Case) -> list[ExhibitOut]:
    chains: dict[uuid.UUID, list[CustodyEntry]] = defaultdict(list)
    entries = session.scalars(
        select(CustodyEntry)
        .where(CustodyEntry.exhibit_id.in_([e.id for e in case.exhibits]))
        .order_by(CustodyEntry.held_from, CustodyEntry.recorded_at, CustodyEntry.id)
    )
    for entry in entries:
        chains[entry.exhibit_id].append(entry)
    return [
        exhibit_out(e, chains[e.id]) for e in sorted(case.exhibits, key=lambda e: e.seal_number)
    ]


def _seizures(session: Session, actor: Actor, case: Case) -> list[CaseSeizureOut]:
    rows = session.scalars(
        select(Seizure)
        .where(Seizure.id.in_(case_seizure_ids(session, case.id)), visible(actor, Seizure))
        .order_by(Seizure.occurred_at, Seizure.id)
    )
    return [
        CaseSeizureOut(
            id=s.id,
            reference=s.reference,
            owner_country=s.owner_country,
            occurred_at=s.occurred_at,
            place=s.place_code,
        )
        for s in rows
    ]


def _trace_requests(session: Session, actor: Actor, case: Case) -> list[TraceLinkOut]:
    rows = session.scalars(
        select(TraceRequest)
        .join(case_trace_requests, case_trace_requests.c.request_id == TraceRequest.id)
        .where(case_trace_requests.c.case_id == case.id, visible(actor, TraceRequest))
        .order_by(TraceRequest.reference)
    )
    return [TraceLinkOut.model_validate(r) for r in rows]


def _events(session: Session, case: Case) -> list[CaseEventOut]:
    rows = session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
    )
    return [CaseEventOut.model_validate(e) for e in rows]


def case_out(session: Session, actor: Actor, case: Case) -> CaseOut:
    operation = session.get(Operation, case.operation_id) if case.operation_id else None
    return CaseOut(
        **{k: getattr(case, k) for k in _FIELDS},
        allowed=allowed(case.status),
        operation=operation.code if operation else None,
        seizures=_seizures(session, actor, case),
        suspects=_suspects(session, actor, case),
        exhibits=_exhibits(session, case),
        steps=[
            StepOut.model_validate(s)
            for s in sorted(case.steps, key=lambda s: (s.occurred_at, s.id))
        ],
        charges=[
            ChargeOut.model_validate(c)
            for c in sorted(case.charges, key=lambda c: (c.charged_on, c.id))
        ],
        hearings=[
            HearingOut.model_validate(h)
            for h in sorted(case.hearings, key=lambda h: (h.held_on, h.id))
        ],
        trace_requests=_trace_requests(session, actor, case),
        events=_events(session, case),
    )


_DERIVED = frozenset(
    {
        "allowed",
        "operation",
        "seizures",
        "suspects",
        "exhibits",
        "steps",
        "charges",
        "hearings",
        "trace_requests",
        "events",
    }
)
_FIELDS = [k for k in CaseOut.model_fields if k not in _DERIVED]


def get_case(session: Session, actor: Actor, case_id: uuid.UUID) -> CaseOut:
    """One case with everything in it that the reader may see."""
    out = case_out(session, actor, case_for_reading(session, actor, case_id))
    audit.log_foreign_reads(session, actor, "read", "case", [(out.id, out.owner_country)])
    audit.log_foreign_reads(
        session,
        actor,
        "read",
        "person",
        [(s.person.id, s.person.owner_country) for s in out.suspects],
    )
    return out


def list_cases(
    session: Session,
    actor: Actor,
    status: CaseStatus | None = None,
    page: int = 1,
    page_size: int = 50,
) -> CasePage:
    """The cases the user may see, newest first, optionally of one status."""
    q = select(Case).where(visible(actor, Case))
    if status is not None:
        q = q.where(Case.status == status)
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    rows = session.scalars(
        q.order_by(Case.opened_on.desc(), Case.created_at.desc(), Case.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    seizures = _seizure_counts(session, [c.id for c in rows])
    audit.log_foreign_reads(session, actor, "list", "case", [(c.id, c.owner_country) for c in rows])
    items = [
        CaseSummary(
            id=c.id,
            reference=c.reference,
            title=c.title,
            status=c.status,
            owner_country=c.owner_country,
            sharing=c.sharing,
            opened_on=c.opened_on,
            seizures=seizures.get(c.id, 0),
            suspects=len(c.suspects),
            exhibits=len(c.exhibits),
        )
        for c in rows
    ]
    return CasePage(items=items, total=total, page=page, page_size=page_size)


def _seizure_counts(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not ids:
        return {}
    rows = session.execute(
        select(case_seizures.c.case_id, func.count())
        .where(case_seizures.c.case_id.in_(ids))
        .group_by(case_seizures.c.case_id)
    )
    return {case_id: n for case_id, n in rows}
