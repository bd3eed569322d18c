"""Joint operations and the reference data clients pick from."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.model.geo import Country, Place
from kafo.model.operation import Operation
from kafo.model.org import Agency
from kafo.model.vocab import AgencyKind, Role, Sharing
from kafo.schemas.reference import CountryOut, OperationCreate, OperationOut, PlaceOut
from kafo.services import audit
from kafo.services.actor import Actor
from kafo.services.errors import Conflict, FieldError, Forbidden, Invalid

MAY_CREATE = {Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR}


def operation_for(
    session: Session, code: str | None, sharing: Sharing, default: uuid.UUID | None = None
) -> uuid.UUID | None:
    """The operation a record belongs to: the one named by ``code``, else
    ``default``. Refused when the code is unknown, and when the record is
    shared with an operation but none is known."""
    if code is not None:
        found = session.scalar(select(Operation.id).where(Operation.code == code))
        if found is None:
            message = f"unknown operation '{code}'"
            raise Invalid(f"operation: {message}", errors=[FieldError(("operation",), message)])
        return found
    if sharing is Sharing.OPERATION and default is None:
        message = "a record shared with an operation needs the operation's code"
        raise Invalid(f"operation: {message}", errors=[FieldError(("operation",), message)])
    return default


def list_countries(session: Session) -> list[CountryOut]:
    return [
        CountryOut.model_validate(c)
        for c in session.scalars(select(Country).order_by(Country.code))
    ]


def list_places(session: Session, country: str | None = None) -> list[PlaceOut]:
    q = select(Place).order_by(Place.country, Place.name)
    if country:
        q = q.where(Place.country == country.upper())
    return [PlaceOut.model_validate(p) for p in session.scalars(q)]


def operation_out(op: Operation) -> OperationOut:
    return OperationOut(
        id=op.id,
        code=op.code,
        name=op.name,
        starts_on=op.starts_on,
        ends_on=op.ends_on,
        description=op.description,
        countries=sorted(c.code for c in op.countries),
        partners=sorted(a.code for a in op.partners),
        places=sorted(p.code for p in op.places),
    )


def list_operations(session: Session) -> list[OperationOut]:
    ops = session.scalars(select(Operation).order_by(Operation.starts_on.desc()))
    return [operation_out(op) for op in ops]


def create_operation(session: Session, actor: Actor | None, data: OperationCreate) -> OperationOut:
    """Create an operation; ``actor`` None means the node's local administrator (CLI)."""
    if actor is not None and actor.role not in MAY_CREATE:
        raise Forbidden("only national administrators and regional coordinators create operations")
    if session.scalar(select(Operation).where(Operation.code == data.code)) is not None:
        raise Conflict(f"code: operation '{data.code}' already exists")
    errors: list[FieldError] = []
    countries = [session.get(Country, c) for c in data.countries]
    partners = [session.get(Agency, a) for a in data.partners]
    places = [session.get(Place, p) for p in data.places]
    for i, code in enumerate(data.partners):
        agency = partners[i]
        if agency is None or agency.kind is not AgencyKind.PARTNER_ORGANISATION:
            errors.append(FieldError(("partners", i), f"'{code}' is not a partner organisation"))
    for i, code in enumerate(data.places):
        if places[i] is None:
            errors.append(FieldError(("places", i), f"unknown place '{code}'"))
    if errors:
        raise Invalid("invalid operation", errors=errors)
    op = Operation(
        code=data.code,
        name=data.name,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        description=data.description,
        countries=[c for c in countries if c is not None],
        partners=[a for a in partners if a is not None],
        places=[p for p in places if p is not None],
    )
    session.add(op)
    session.flush()
    session.add(audit.event(actor, "create", "operation", op.id, None))
    return operation_out(op)
