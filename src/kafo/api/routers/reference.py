"""Reference data and operations: what a client needs to fill in a seizure."""

from __future__ import annotations

from fastapi import APIRouter

from kafo.api.deps import CurrentActor, Db
from kafo.schemas.reference import CountryOut, OperationCreate, OperationOut, PlaceOut
from kafo.services import operations
from kafo.services.uow import unit_of_work

router = APIRouter(tags=["reference"])


@router.get("/countries")
def list_countries(_actor: CurrentActor, db: Db) -> list[CountryOut]:
    with unit_of_work(db) as session:
        return operations.list_countries(session)


@router.get("/places")
def list_places(_actor: CurrentActor, db: Db, country: str | None = None) -> list[PlaceOut]:
    with unit_of_work(db) as session:
        return operations.list_places(session, country)


@router.get("/operations")
def list_operations(_actor: CurrentActor, db: Db) -> list[OperationOut]:
    with unit_of_work(db) as session:
        return operations.list_operations(session)


@router.post("/operations", status_code=201, responses={403: {}, 409: {}, 422: {}})
def create_operation(payload: OperationCreate, actor: CurrentActor, db: Db) -> OperationOut:
    """Create a joint operation (national administrators and regional coordinators)."""
    with unit_of_work(db) as session:
        return operations.create_operation(session, actor, payload)
