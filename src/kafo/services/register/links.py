"""People and vehicles of a seizure: new records, or links to known ones.

A person or vehicle given in full becomes a record owned by the recording
country, shared like the seizure unless it says otherwise. Sent again with
the same id and content, it is the same record (idempotent replay); with the
same id and other content it is a conflict, except during an update by its
owner, which edits it. One given by ``person_id``/``vehicle_id`` must be a
record the user can see.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.ids import is_uuid7, new_id
from kafo.model.person import Person
from kafo.model.seizure import SeizurePerson, SeizureVehicle
from kafo.model.vehicle import Vehicle
from kafo.model.vocab import HandlingCode, Sharing
from kafo.schemas.person import PersonIn
from kafo.schemas.seizure import SeizureFields
from kafo.schemas.vehicle import VehicleIn
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.errors import Conflict, FieldError
from kafo.services.register.normalise import Loc, apply_person, apply_vehicle, content_hash

R = TypeVar("R", Person, Vehicle)
P = TypeVar("P", bound=BaseModel)


@dataclass
class LinkContext:
    session: Session
    actor: Actor
    owner: str
    operation_id: uuid.UUID | None
    sharing: Sharing
    handling_code: HandlingCode | None
    handling_note: str | None
    editing: bool
    today: date
    errors: list[FieldError]


def _known(ctx: LinkContext, model: type[R], rid: uuid.UUID, loc: Loc) -> R | None:
    found = ctx.session.scalar(select(model).where(model.id == rid, visible(ctx.actor, model)))
    if found is None:
        ctx.errors.append(FieldError(loc, f"no {model.__tablename__[:-1]} {rid}"))
    return found


def _given(
    ctx: LinkContext, model: type[R], data: P, loc: Loc, apply: Callable[[R, P], None]
) -> R | None:
    rid: uuid.UUID | None = getattr(data, "id", None)
    if rid is not None and not is_uuid7(rid):
        ctx.errors.append(FieldError((*loc, "id"), "must be a UUIDv7"))
        return None
    existing = ctx.session.get(model, rid) if rid is not None else None
    if existing is not None:
        if existing.content_hash == content_hash(data):
            return existing
        if ctx.editing and existing.owner_country == ctx.owner:
            apply(existing, data)
            existing.version += 1
            return existing
        raise Conflict(
            f"{'.'.join(map(str, (*loc, 'id')))}: {rid} is already recorded with other "
            "content; link it by id or update it"
        )
    record = model(
        id=rid or new_id(),
        owner_country=ctx.owner,
        created_by=ctx.actor.user_id,
        operation_id=ctx.operation_id,
        sharing=getattr(data, "sharing", None) or ctx.sharing,
        handling_code=getattr(data, "handling_code", None) or ctx.handling_code,
        handling_note=getattr(data, "handling_note", None) or ctx.handling_note,
    )
    apply(record, data)
    # Not added here: the seizure's links cascade it into the session once
    # the whole seizure has passed its checks.
    return record


def person_links(ctx: LinkContext, data: SeizureFields) -> list[SeizurePerson]:
    links = []
    for i, sp in enumerate(data.persons):
        loc: Loc = ("persons", i)
        person: Person | None
        if sp.person_id is not None:
            person = _known(ctx, Person, sp.person_id, (*loc, "person_id"))
        else:
            assert sp.person is not None

            def apply(p: Person, d: PersonIn, loc: Loc = loc) -> None:
                apply_person(p, d, ctx.owner, (*loc, "person"), ctx.errors, ctx.today)

            person = _given(ctx, Person, sp.person, (*loc, "person"), apply)
        if person is not None:
            links.append(
                SeizurePerson(
                    position=i, person=person, role=sp.role, arrest_status=sp.arrest_status
                )
            )
    return links


def vehicle_links(ctx: LinkContext, data: SeizureFields) -> list[SeizureVehicle]:
    links = []
    for i, sv in enumerate(data.vehicles):
        loc: Loc = ("vehicles", i)
        vehicle: Vehicle | None
        if sv.vehicle_id is not None:
            vehicle = _known(ctx, Vehicle, sv.vehicle_id, (*loc, "vehicle_id"))
        else:
            assert sv.vehicle is not None
            vehicle = _given(ctx, Vehicle, sv.vehicle, (*loc, "vehicle"), _apply_vehicle)
        if vehicle is not None:
            links.append(SeizureVehicle(position=i, vehicle=vehicle, role=sv.role))
    return links


def _apply_vehicle(vehicle: Vehicle, data: VehicleIn) -> None:
    apply_vehicle(vehicle, data)
