"""Turning validated input into stored rows, keeping what the officer wrote.

Normalised values (canonical serials, E.164 phones, parsed dates of birth)
are stored beside the text as entered. Problems are collected with their
field path so one answer lists them all.
"""

from __future__ import annotations

import hashlib
from datetime import date

from pydantic import BaseModel

from kafo.matching.dates import DateParseError, parse_partial_date
from kafo.matching.phones import PhoneParseError, to_e164
from kafo.matching.serials import canonical_serial
from kafo.matching.text import alnum_upper
from kafo.model.person import (
    IdentityDocument,
    Person,
    PersonAlias,
    PersonNationality,
    PhoneNumber,
)
from kafo.model.seizure import Ammunition, Commodity, Explosive, Firearm
from kafo.model.vehicle import Vehicle
from kafo.schemas.person import PersonIn
from kafo.schemas.seizure import SeizureFields
from kafo.schemas.vehicle import VehicleIn
from kafo.services.errors import FieldError

Loc = tuple[str | int, ...]


def content_hash(model: BaseModel, exclude: set[str] | None = None) -> str:
    return hashlib.sha256(model.model_dump_json(exclude=exclude).encode()).hexdigest()


def apply_person(
    person: Person,
    data: PersonIn,
    region: str,
    loc: Loc,
    errors: list[FieldError],
    today: date,
) -> None:
    """Set ``person``'s fields and children from ``data``."""
    person.family_name = data.family_name
    person.given_names = data.given_names
    person.sex = data.sex
    person.place_of_birth = data.place_of_birth
    person.address = data.address
    person.notes = data.notes
    person.birth_date_text = data.date_of_birth
    person.birth_year = person.birth_month = person.birth_day = None
    person.birth_date_approximate = False
    if data.date_of_birth:
        try:
            dob = parse_partial_date(data.date_of_birth, today=today)
        except DateParseError as exc:
            errors.append(FieldError((*loc, "date_of_birth"), str(exc)))
        else:
            person.birth_year, person.birth_month, person.birth_day = dob.year, dob.month, dob.day
            person.birth_date_approximate = dob.approximate
    # Collections are only touched when there is something to set or to
    # clear: replacing an empty collection costs as much as filling one.
    fresh = person.content_hash is None
    if data.aliases or not fresh:
        person.aliases = [PersonAlias(position=i, name=n) for i, n in enumerate(data.aliases)]
    if data.nationalities or not fresh:
        person.nationalities = [
            PersonNationality(position=i, country=c) for i, c in enumerate(data.nationalities)
        ]
    if data.documents or not fresh:
        person.documents = [
            IdentityDocument(
                position=i,
                doc_type=d.doc_type,
                number=d.number,
                number_canonical=alnum_upper(d.number),
                issuing_country=d.issuing_country,
            )
            for i, d in enumerate(data.documents)
        ]
    phones = []
    for i, raw in enumerate(data.phones):
        try:
            phones.append(PhoneNumber(position=i, as_entered=raw, e164=to_e164(raw, region)))
        except PhoneParseError as exc:
            errors.append(FieldError((*loc, "phones", i), str(exc)))
    if phones or not fresh:
        person.phones = phones
    person.content_hash = content_hash(data)


def apply_vehicle(vehicle: Vehicle, data: VehicleIn) -> None:
    vehicle.vehicle_type = data.vehicle_type
    vehicle.plate = data.plate
    vehicle.plate_canonical = alnum_upper(data.plate) if data.plate else None
    vehicle.plate_country = data.plate_country
    vehicle.make = data.make
    vehicle.model = data.model
    vehicle.vin = data.vin
    vehicle.vin_canonical = alnum_upper(data.vin) if data.vin else None
    vehicle.colour = data.colour
    vehicle.content_hash = content_hash(data)


def build_items(
    data: SeizureFields,
) -> tuple[list[Firearm], list[Ammunition], list[Explosive], list[Commodity]]:
    firearms = [
        Firearm(
            position=i,
            serial_canonical=canonical_serial(f.serial_number) if f.serial_number else None,
            **f.model_dump(),
        )
        for i, f in enumerate(data.firearms)
    ]
    ammunition = [Ammunition(position=i, **a.model_dump()) for i, a in enumerate(data.ammunition)]
    explosives = [Explosive(position=i, **e.model_dump()) for i, e in enumerate(data.explosives)]
    commodities = [Commodity(position=i, **c.model_dump()) for i, c in enumerate(data.commodities)]
    return firearms, ammunition, explosives, commodities
