"""Seizures: record (idempotent), read, list and update."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response

from kafo.api.deps import Config, CurrentActor, Db
from kafo.model.vocab import FirearmCategory
from kafo.schemas.seizure import SeizureCreate, SeizureOut, SeizurePage, SeizureUpdate
from kafo.services import register
from kafo.services.uow import unit_of_work

router = APIRouter(prefix="/seizures", tags=["seizures"])


@router.post(
    "",
    status_code=201,
    responses={200: {"description": "replay of an already recorded seizure"}, 409: {}, 422: {}},
)
def create_seizure(
    payload: SeizureCreate, actor: CurrentActor, db: Db, response: Response
) -> SeizureOut:
    """Record a seizure. The same id (or reference) with the same content
    returns the original with 200; with other content, 409."""
    with unit_of_work(db) as session:
        recorded = register.record_seizure(session, actor, payload)
        out = register.seizure_out(session, actor, recorded.seizure)
    if not recorded.created:
        response.status_code = 200
    return out


@router.get("/{seizure_id}", responses={404: {}})
def read_seizure(seizure_id: uuid.UUID, actor: CurrentActor, db: Db) -> SeizureOut:
    with unit_of_work(db) as session:
        return register.get_seizure(session, actor, seizure_id)


@router.put("/{seizure_id}", responses={403: {}, 404: {}, 409: {}, 422: {}})
def update_seizure(
    seizure_id: uuid.UUID, payload: SeizureUpdate, actor: CurrentActor, db: Db
) -> SeizureOut:
    """Replace a seizure's fields and items. Send the ``version`` you read."""
    with unit_of_work(db) as session:
        seizure = register.update_seizure(session, actor, seizure_id, payload)
        return register.seizure_out(session, actor, seizure)


@router.get("")
def list_seizures(
    actor: CurrentActor,
    db: Db,
    settings: Config,
    operation: str | None = None,
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    place: str | None = None,
    occurred_from: datetime | None = None,
    occurred_to: datetime | None = None,
    firearm_category: FirearmCategory | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1)] = 50,
) -> SeizurePage:
    filters = register.SeizureFilter(
        operation=operation,
        country=country,
        place=place,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        firearm_category=firearm_category,
    )
    with unit_of_work(db) as session:
        return register.list_seizures(
            session, actor, filters, page, min(page_size, settings.page_size_max)
        )
