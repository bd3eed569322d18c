"""Made-up people and their vehicles, as field officers record them.

An :class:`Identity` is the synthetic truth about one individual. Each time a
different officer records that individual the name, date of birth, phone and
document drift (variant spellings, capitals, dropped accents, swapped fields,
partial or approximate dates), because that drift is exactly what identity
resolution has to undo. Vehicles drift the same way (plate spacing, missing
make or model). Nothing here describes a real person.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import phonenumbers

from kafo.demo.tables import (
    FamilyName,
    GivenName,
    draw,
    family_names,
    fill_pattern,
    given_names,
    pick,
    places,
    plate_shapes,
    vehicle_models,
    weights,
    words,
)

KAFO_COUNTRIES = ("BF", "CI", "ML", "NE")
NEIGHBOURS = {
    "BF": ("ML", "NE", "CI", "GH", "TG"),
    "CI": ("BF", "ML", "GN", "GH"),
    "ML": ("BF", "CI", "NE", "GN", "SN", "MR"),
    "NE": ("BF", "ML", "NG", "TD"),
}
# Name pools for nationals of neighbours, by the tables' language tags.
FOREIGN_LANGUAGES = dict(
    pair.split(":")
    for pair in words(
        "GH:akan TG:akan NG:hausa TD:arabic LY:arabic MR:arabic DZ:tamasheq GN:fula SN:fula"
    )
)
# Mobile prefixes of the national significant number; the rest is random digits.
MOBILE = {
    "BF": (("5", "6", "7"), 7),
    "CI": (("01", "05", "07"), 8),
    "ML": (("6", "7", "9"), 7),
    "NE": (("8", "9"), 7),
    "GH": (("24", "54", "55", "20"), 7),
    "NG": (("803", "806", "813", "703"), 7),
    "LY": (("91", "92", "94"), 7),
    "TG": (("90", "91", "99"), 6),
    "DZ": (("55", "66", "77"), 7),
    "GN": (("62", "66", "65"), 7),
}
NATIONAL_ID = {"BF": "B9999999", "CI": "CI999999999", "ML": "99999999999999A", "NE": "9999999999"}
DOCUMENT_TYPES = weights("national_id:55 passport:25 consular_card:12 driving_licence:8")
COLOURS = ("blanc", "gris", "noir", "rouge", "bleu", "vert", "beige", "jaune", "marron")


@dataclass(frozen=True)
class Identity:
    """One synthetic individual: the truth behind several person records."""

    key: str
    family: FamilyName
    given: GivenName
    sex: str
    birth: date
    nationality: str
    birthplace: str | None
    phones: tuple[str, ...]
    document: tuple[str, str, str] | None
    network: str | None

    @property
    def name(self) -> str:
        return f"{self.given.canonical} {self.family.canonical}"


@dataclass(frozen=True)
class DemoVehicle:
    vehicle_type: str
    make: str
    model: str
    plate: str | None
    plate_country: str
    colour: str


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phone_number(rng: random.Random, country: str) -> str:
    """A valid-looking mobile number of ``country`` in E.164."""
    prefixes, rest = MOBILE[country]
    code = phonenumbers.country_code_for_region(country)
    for _ in range(100):
        nsn = rng.choice(prefixes) + "".join(str(rng.randrange(10)) for _ in range(rest))
        if phonenumbers.is_valid_number(phonenumbers.parse(f"+{code}{nsn}")):
            return f"+{code}{nsn}"
    raise ValueError(f"no valid mobile number drawn for {country}: check MOBILE")


def _pairs(digits: str) -> str:
    head = 3 if len(digits) % 2 else 2
    parts = [digits[:head]] + [digits[i : i + 2] for i in range(head, len(digits), 2)]
    return " ".join(parts)


def write_phone(rng: random.Random, e164: str, recording_country: str) -> str:
    """How an officer in ``recording_country`` writes the number: local if it is local."""
    number = phonenumbers.parse(e164)
    nsn = phonenumbers.national_significant_number(number)
    grouped = _pairs(nsn)
    if phonenumbers.region_code_for_number(number) == recording_country and rng.random() < 0.8:
        return pick(rng, [grouped, nsn, grouped.replace(" ", ".")], [5, 3, 1])
    cc = number.country_code
    return pick(rng, [f"+{cc} {grouped}", f"+{cc}{nsn}", f"00{cc} {nsn}"], [5, 2, 2])


@cache
def family_pool(country: str) -> tuple[FamilyName, ...]:
    """The family names drawn for nationals of ``country`` (kept: drawn often)."""
    pool = family_names()
    if country in KAFO_COUNTRIES:
        return tuple(f for f in pool if country in f.countries)
    language = FOREIGN_LANGUAGES.get(country, "fula")
    return tuple(f for f in pool if language in f.languages) or pool


def draw_names(
    rng: random.Random, country: str, sex: str, *, varied: bool = False
) -> tuple[FamilyName, GivenName]:
    """A family name common in ``country`` and a given name of a shared language.

    ``varied`` prefers names with known spelling variants: planted identities
    should test matching, and a name with no variant tests nothing.
    """
    families = family_pool(country)
    if varied:
        families = tuple(f for f in families if f.variants) or families
    family = rng.choice(families)
    givens = [g for g in given_names() if g.sex == sex]
    if family.languages:
        shared = [g for g in givens if set(g.languages) & set(family.languages)]
        givens = shared or givens
    if varied:
        givens = [g for g in givens if g.variants] or givens
    return family, rng.choice(givens)


def _document(rng: random.Random, nationality: str) -> tuple[str, str, str]:
    kind = draw(rng, DOCUMENT_TYPES)
    if kind == "national_id" and nationality not in NATIONAL_ID:
        kind = "passport"
    shape = {
        "national_id": NATIONAL_ID.get(nationality, ""),
        "passport": "A9999999" if nationality != "CI" else "99AA99999",
        "consular_card": "CC-9999-99999",
        "driving_licence": "AA-99999-99",
    }[kind]
    return kind, fill_pattern(shape, rng), nationality


def make_identity(
    rng: random.Random,
    key: str,
    nationality: str,
    *,
    network: str | None = None,
    shared_phones: tuple[str, ...] = (),
    varied: bool = True,
    home: str | None = None,
) -> Identity:
    sex = "F" if rng.random() < 0.1 else "M"
    family, given = draw_names(rng, nationality, sex, varied=varied)
    year = int(rng.triangular(1962, 2006, 1992))
    birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
    towns = [p.name for p in places().values() if p.country == nationality and p.kind == "town"]
    # Someone from a country without a numbering plan here carries a local SIM.
    sim = nationality if nationality in MOBILE else (home or "ML")
    own = (phone_number(rng, sim),) if rng.random() < 0.75 else ()
    return Identity(
        key=key,
        family=family,
        given=given,
        sex=sex,
        birth=birth,
        nationality=nationality,
        birthplace=rng.choice(towns) if towns and rng.random() < 0.6 else None,
        phones=own + shared_phones,
        document=_document(rng, nationality) if rng.random() < 0.6 else None,
        network=network,
    )


def _spell(rng: random.Random, canonical: str, variants: tuple[str, ...]) -> str:
    text = pick(rng, (canonical, *variants), [4.0] + [1.5] * len(variants))
    return strip_accents(text) if rng.random() < 0.25 else text


def write_name(rng: random.Random, ident: Identity) -> tuple[str, str]:
    """(family_name, given_names) as one officer wrote them."""
    family = _spell(rng, ident.family.canonical, ident.family.variants)
    given = _spell(rng, ident.given.canonical, ident.given.variants)
    if rng.random() < 0.35:
        family = family.upper()
    if rng.random() < 0.1:
        return given, family  # the officer swapped the two fields
    return family, given


def write_birth(rng: random.Random, birth: date) -> str | None:
    """Full, partial, approximate, ISO or day/month-swapped, or not asked."""
    d, m, y = birth.day, birth.month, birth.year
    forms = [
        f"{d:02d}/{m:02d}/{y}",
        str(y),
        f"{m:02d}/{y}",
        f"vers {y}",
        birth.isoformat(),
        f"vers {y + rng.choice((-1, 1))}",
        f"{m:02d}/{d:02d}/{y}" if d <= 12 else f"{d}/{m}/{y}",
        "",
    ]
    return pick(rng, forms, [30, 18, 8, 12, 5, 4, 5, 18]) or None


def _write_document(rng: random.Random, doc: tuple[str, str, str]) -> dict[str, str]:
    kind, number, issuer = doc
    if rng.random() < 0.3 and "-" not in number:
        number = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    record = {"doc_type": kind, "number": number}
    if rng.random() < 0.7:
        record["issuing_country"] = issuer
    return record


def person_record(
    rng: random.Random, ident: Identity, recording_country: str, *, first: bool
) -> dict[str, Any]:
    """A ``PersonIn`` body (without id) for one sighting of ``ident``.

    The first sighting writes down every phone and the document, so that the
    planted links (shared phones, same document) are in the data at least once.
    """
    family, given = write_name(rng, ident)
    record: dict[str, Any] = {"family_name": family, "given_names": given}
    record["sex"] = ident.sex if rng.random() < 0.95 else "U"
    if dob := write_birth(rng, ident.birth):
        record["date_of_birth"] = dob
    if ident.birthplace and rng.random() < 0.4:
        record["place_of_birth"] = ident.birthplace
    if rng.random() < 0.8:
        record["nationalities"] = [ident.nationality]
    if ident.document and (first or rng.random() < 0.4):
        record["documents"] = [_write_document(rng, ident.document)]
    phones = [write_phone(rng, p, recording_country) for p in ident.phones]
    phones = [p for p in phones if first or rng.random() < 0.7]
    if phones:
        record["phones"] = phones
    return record


def sightings(
    rng: random.Random, ident: Identity, recording_countries: list[str]
) -> list[dict[str, Any]]:
    """One record per sighting; at least two of them spell the name differently."""
    records: list[dict[str, Any]] = []
    for i, country in enumerate(recording_countries):
        record = person_record(rng, ident, country, first=i == 0)
        for _ in range(12):
            if i == 0 or any(_spelling(r) != _spelling(record) for r in records):
                break
            record = person_record(rng, ident, country, first=False)
        records.append(record)
    return records


def _spelling(record: dict[str, Any]) -> tuple[str, str]:
    return record["family_name"], record["given_names"]


def passer_by(rng: random.Random, country: str) -> dict[str, Any]:
    """A ``PersonIn`` body for someone seen once: mostly nationals, some neighbours."""
    nationality = country if rng.random() < 0.75 else rng.choice(NEIGHBOURS[country])
    ident = make_identity(rng, "", nationality, varied=False, home=country)
    return person_record(rng, ident, country, first=rng.random() < 0.5)


def make_vehicle(
    rng: random.Random, vehicle_type: str, plate_country: str, *, plated: bool = False
) -> DemoVehicle:
    """A vehicle of ``vehicle_type``; motorcycles and boats often carry no plate."""
    models = [v for v in vehicle_models() if v.type == vehicle_type]
    model = pick(rng, models, [v.weight for v in models])
    shapes = plate_shapes().get(plate_country, ())
    unplated = vehicle_type == "boat" or (vehicle_type == "motorcycle" and rng.random() < 0.35)
    plate = None
    if shapes and (plated or not unplated):
        plate = fill_pattern(rng.choice(shapes).pattern, rng)
    return DemoVehicle(
        vehicle_type, model.make, model.model, plate, plate_country, rng.choice(COLOURS)
    )


def write_plate(rng: random.Random, plate: str) -> str:
    return pick(rng, [plate, plate.replace(" ", ""), plate.replace(" ", "-")], [6, 3, 1])


def vehicle_record(rng: random.Random, vehicle: DemoVehicle) -> dict[str, Any]:
    """A ``VehicleIn`` body (without id): plate spacing and details vary by officer."""
    record: dict[str, Any] = {"vehicle_type": vehicle.vehicle_type}
    if vehicle.plate:
        record["plate"] = write_plate(rng, vehicle.plate)
        record["plate_country"] = vehicle.plate_country
    if vehicle.make not in ("artisanal", "generic") and rng.random() < 0.9:
        record["make"] = vehicle.make
        if rng.random() < 0.7:
            record["model"] = vehicle.model
    elif vehicle.make in ("artisanal", "generic"):
        record["model"] = vehicle.model
    if rng.random() < 0.6:
        record["colour"] = vehicle.colour
    return record
