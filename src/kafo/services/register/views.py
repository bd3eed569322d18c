"""Stored rows to output schemas, hiding what the reader may not see.

A seizure's people and vehicles are records of their own: one the reader may
not see is left out of the seizure, exactly as if it had not been linked.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.model.geo import Country
from kafo.model.operation import Operation
from kafo.model.person import Person
from kafo.model.seizure import Firearm, Seizure
from kafo.model.vehicle import Vehicle
from kafo.schemas.person import PersonOut
from kafo.schemas.seizure import (
    AmmunitionOut,
    CommodityOut,
    ExplosiveOut,
    FirearmOut,
    SeizureOut,
    SeizurePersonOut,
    SeizureVehicleOut,
    StandardDescription,
    TraceabilityOut,
)
from kafo.schemas.vehicle import VehicleOut
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.timeutil import to_local


def person_out(person: Person) -> PersonOut:
    return PersonOut.model_validate(
        {
            **{k: getattr(person, k) for k in PersonOut.model_fields if hasattr(person, k)},
            "aliases": [a.name for a in person.aliases],
            "nationalities": [n.country for n in person.nationalities],
            "date_of_birth": person.birth_date_text,
            "documents": person.documents,
            "phones": person.phones,
        }
    )


def firearm_out(f: Firearm) -> FirearmOut:
    base = {k: getattr(f, k) for k in FirearmOut.model_fields if k not in _FIREARM_DERIVED}
    return FirearmOut(
        **base,
        standard=StandardDescription(
            category=f.std_category,
            make=f.std_make,
            model=f.std_model,
            calibre=f.std_calibre,
            country=f.std_country,
            confidence=f.std_confidence,
            reader=f.std_version,
        ),
        traceability=TraceabilityOut(
            route=f.trace_route, missing=f.trace_missing.split(",") if f.trace_missing else []
        ),
    )


_FIREARM_DERIVED = frozenset({"standard", "traceability"})


def _visible_ids(
    session: Session, actor: Actor, model: type[Person] | type[Vehicle], ids: set[uuid.UUID]
) -> set[uuid.UUID]:
    if not ids:
        return set()
    rows = session.scalars(select(model.id).where(model.id.in_(ids), visible(actor, model)))
    return set(rows)


def seizure_out(session: Session, actor: Actor, seizure: Seizure) -> SeizureOut:
    persons = _visible_ids(
        session, actor, Person, {link.person_id for link in seizure.person_links}
    )
    vehicles = _visible_ids(
        session, actor, Vehicle, {link.vehicle_id for link in seizure.vehicle_links}
    )
    operation = session.get(Operation, seizure.operation_id) if seizure.operation_id else None
    tz = (
        seizure.place.time_zone
        if seizure.place
        else session.scalar(select(Country.time_zone).where(Country.code == seizure.owner_country))
    ) or "UTC"
    return SeizureOut(
        **{
            k: getattr(seizure, k)
            for k in SeizureOut.model_fields
            if k not in _DERIVED and hasattr(seizure, k)
        },
        operation=operation.code if operation else None,
        occurred_at_local=to_local(seizure.occurred_at, tz),
        time_zone=tz,
        place=seizure.place_code,
        place_name=seizure.place.name if seizure.place else None,
        firearms=[firearm_out(f) for f in seizure.firearms],
        ammunition=[AmmunitionOut.model_validate(a) for a in seizure.ammunition],
        explosives=[ExplosiveOut.model_validate(e) for e in seizure.explosives],
        commodities=[CommodityOut.model_validate(c) for c in seizure.commodities],
        persons=[
            SeizurePersonOut(
                role=link.role, arrest_status=link.arrest_status, person=person_out(link.person)
            )
            for link in seizure.person_links
            if link.person_id in persons
        ],
        vehicles=[
            SeizureVehicleOut(role=link.role, vehicle=VehicleOut.model_validate(link.vehicle))
            for link in seizure.vehicle_links
            if link.vehicle_id in vehicles
        ],
    )


_DERIVED = frozenset(
    {
        "operation",
        "occurred_at_local",
        "time_zone",
        "place",
        "place_name",
        "firearms",
        "ammunition",
        "explosives",
        "commodities",
        "persons",
        "vehicles",
    }
)
