"""Case files over HTTP: open, read, list, move, and add to a case.

Analysts and national administrators of the owner country change a case;
anyone else who may see it reads it. Sub-resources are appended, never
edited: there is no PUT or DELETE.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from kafo.api.deps import Config, CurrentActor, Db
from kafo.model.vocab import CaseStatus
from kafo.schemas.case import (
    CaseCreate,
    CaseOut,
    CasePage,
    CaseSeizuresIn,
    ChargeDecisionIn,
    ChargeIn,
    ChargeOut,
    CustodyIn,
    CustodyOut,
    ExhibitIn,
    ExhibitOut,
    HearingIn,
    HearingOut,
    StepIn,
    StepOut,
    SuspectIn,
    SuspectOut,
    TraceLinkIn,
    TransitionIn,
)
from kafo.services import cases
from kafo.services.uow import unit_of_work

router = APIRouter(prefix="/cases", tags=["cases"])
WRITE: dict[int | str, dict[str, Any]] = {403: {}, 404: {}, 409: {}, 422: {}}


@router.post("", status_code=201, responses=WRITE)
def open_case(payload: CaseCreate, actor: CurrentActor, db: Db) -> CaseOut:
    """Open a case from one or more seizures you may see."""
    with unit_of_work(db) as session:
        return cases.case_out(session, actor, cases.open_case(session, actor, payload))


@router.get("")
def list_cases(
    actor: CurrentActor,
    db: Db,
    settings: Config,
    status: CaseStatus | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1)] = 50,
) -> CasePage:
    with unit_of_work(db) as session:
        return cases.list_cases(
            session, actor, status, page, min(page_size, settings.page_size_max)
        )


@router.get("/{case_id}", responses={404: {}})
def read_case(case_id: uuid.UUID, actor: CurrentActor, db: Db) -> CaseOut:
    """The case with its seizures, suspects, exhibits and custody chains, steps,
    charges, hearings, trace requests and status events, in order."""
    with unit_of_work(db) as session:
        return cases.get_case(session, actor, case_id)


@router.post("/{case_id}/transitions", responses=WRITE)
def move_case(case_id: uuid.UUID, payload: TransitionIn, actor: CurrentActor, db: Db) -> CaseOut:
    """Move the case to another status (see ``allowed`` in the case)."""
    with unit_of_work(db) as session:
        return cases.case_out(session, actor, cases.move_case(session, actor, case_id, payload))


@router.post("/{case_id}/seizures", responses=WRITE)
def add_seizures(
    case_id: uuid.UUID, payload: CaseSeizuresIn, actor: CurrentActor, db: Db
) -> CaseOut:
    with unit_of_work(db) as session:
        case = cases.add_seizures(session, actor, case_id, payload)
        return cases.case_out(session, actor, case)


@router.post("/{case_id}/suspects", status_code=201, responses=WRITE)
def add_suspect(case_id: uuid.UUID, payload: SuspectIn, actor: CurrentActor, db: Db) -> SuspectOut:
    with unit_of_work(db) as session:
        return cases.add_suspect(session, actor, case_id, payload)


@router.post("/{case_id}/exhibits", status_code=201, responses=WRITE)
def add_exhibit(case_id: uuid.UUID, payload: ExhibitIn, actor: CurrentActor, db: Db) -> ExhibitOut:
    """Put an item of one of the case's seizures under seal, with its first custody entry."""
    with unit_of_work(db) as session:
        return cases.add_exhibit(session, actor, case_id, payload)


@router.post("/{case_id}/exhibits/{exhibit_id}/custody", status_code=201, responses=WRITE)
def add_custody(
    case_id: uuid.UUID, exhibit_id: uuid.UUID, payload: CustodyIn, actor: CurrentActor, db: Db
) -> CustodyOut:
    """Append to the exhibit's chain of custody (entries are never edited)."""
    with unit_of_work(db) as session:
        return cases.add_custody(session, actor, exhibit_id, payload, case_id)


@router.post("/{case_id}/steps", status_code=201, responses=WRITE)
def add_step(case_id: uuid.UUID, payload: StepIn, actor: CurrentActor, db: Db) -> StepOut:
    with unit_of_work(db) as session:
        return cases.add_step(session, actor, case_id, payload)


@router.post("/{case_id}/charges", status_code=201, responses=WRITE)
def add_charge(case_id: uuid.UUID, payload: ChargeIn, actor: CurrentActor, db: Db) -> ChargeOut:
    with unit_of_work(db) as session:
        return cases.add_charge(session, actor, case_id, payload)


@router.post("/{case_id}/charges/{charge_id}/decision", responses=WRITE)
def decide_charge(
    case_id: uuid.UUID,
    charge_id: uuid.UUID,
    payload: ChargeDecisionIn,
    actor: CurrentActor,
    db: Db,
) -> ChargeOut:
    """Record the decision on a charge; a decided charge is not decided again."""
    with unit_of_work(db) as session:
        return cases.decide_charge(session, actor, charge_id, payload, case_id)


@router.post("/{case_id}/hearings", status_code=201, responses=WRITE)
def add_hearing(case_id: uuid.UUID, payload: HearingIn, actor: CurrentActor, db: Db) -> HearingOut:
    with unit_of_work(db) as session:
        return cases.add_hearing(session, actor, case_id, payload)


@router.post("/{case_id}/trace-requests", responses=WRITE)
def link_trace_request(
    case_id: uuid.UUID, payload: TraceLinkIn, actor: CurrentActor, db: Db
) -> CaseOut:
    with unit_of_work(db) as session:
        case = cases.link_trace_request(session, actor, case_id, payload.request_id)
        return cases.case_out(session, actor, case)
