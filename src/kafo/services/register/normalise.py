"""Turning validated input into stored rows, keeping what the officer wrote.

Normalised values (canonical serials, E.164 phones, parsed dates of birth)
are stored beside the text as entered. Problems are collected with their
field path so one answer lists them all.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

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
from kafo.model.vocab import FirearmCategory
from kafo.reference.reader import READER_VERSION, identify
from kafo.reference.traceability import assess
from kafo.schemas.person import PersonIn
from kafo.schemas.seizure import FirearmIn, SeizureFields
from kafo.schemas.vehicle import VehicleIn
from kafo.services.checks.index import serial_columns
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


_CATEGORY_WORDS = {c: c.value.replace("_", " ") for c in FirearmCategory} | {
    FirearmCategory.OTHER: None,
    FirearmCategory.UNKNOWN: None,
    FirearmCategory.LIGHT_WEAPON: "lance-roquettes",
}


def describe_firearm(f: FirearmIn) -> dict[str, Any]:
    """The standard description and trace route of a firearm as written.

    Stored beside the officer's fields (``std_*``, ``trace_*``), never in
    their place. The officer's category counts as one more word of evidence.
    """
    found = identify(
        _CATEGORY_WORDS.get(f.category),
        make=f.make,
        model=f.model,
        calibre=f.calibre,
        markings=f.other_markings,
    )
    make = found.make.value if found.make else None
    model = found.model.value if found.model else None
    calibre = found.calibre.value if found.calibre else None
    country = found.country.value if found.country else None
    lead = found.model or found.category
    trace = assess(
        make=f.make or make,
        model=f.model or model,
        calibre=f.calibre or calibre,
        serial=f.serial_number,
        country_of_manufacture=f.country_of_manufacture or country,
        import_marking=f.import_marking,
        marking_state=f.marking_state,
        craft_produced=f.craft_produced or found.craft,
    )
    return {
        "std_category": FirearmCategory(found.category.value) if found.category else None,
        "std_make": make,
        "std_model": model,
        "std_calibre": calibre,
        "std_country": country,
        "std_confidence": lead.confidence if lead else None,
        "std_version": READER_VERSION,
        "trace_route": trace.route,
        "trace_missing": ",".join(trace.missing) or None,
    }


def build_items(
    data: SeizureFields,
) -> tuple[list[Firearm], list[Ammunition], list[Explosive], list[Commodity]]:
    firearms = []
    for i, f in enumerate(data.firearms):
        canonical = canonical_serial(f.serial_number) if f.serial_number else None
        firearms.append(
            Firearm(
                position=i,
                serial_canonical=canonical,
                **serial_columns(canonical),
                **f.model_dump(),
                **describe_firearm(f),
            )
        )
    ammunition = [Ammunition(position=i, **a.model_dump()) for i, a in enumerate(data.ammunition)]
    explosives = [Explosive(position=i, **e.model_dump()) for i, e in enumerate(data.explosives)]
    commodities = [Commodity(position=i, **c.model_dump()) for i, c in enumerate(data.commodities)]
    return firearms, ammunition, explosives, commodities
