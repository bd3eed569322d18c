"""The synthetic Operation KAFO that ``kafo demo`` records.

Pure and deterministic: one ``random.Random(seed)`` drives every choice and
every id comes from :func:`kafo.ids.derived_id`, so a seed always yields the
same operation, ids and ground truth, and a demo can be rebuilt and compared.
Nothing here touches a database; the runner hands the payloads to the
services. The ground truth lists what was planted (individuals recorded
several times under drifting spellings, cross-border networks, batches of
firearms with close serials) so that matching and link analysis can be scored.

This module is the interface the runner uses, and it fixes the order of the
draws: the plan (:mod:`kafo.demo.networks`), each seizure's clock, the
sightings, then the reports (:mod:`kafo.demo.reports`) and the truth
(:mod:`kafo.demo.truth`) written from them in time order. Units and users
take no draws. Changing that order changes every seed's output.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from kafo.demo import reports
from kafo.demo.networks import (
    NETWORKS,
    Plan,
    plan_network,
    plan_repeat_offender,
    plant_batches,
    write_sightings,
)
from kafo.demo.reports import OPERATION
from kafo.demo.tables import Place, agencies, distance, pick, places, weights, words
from kafo.demo.truth import Truth
from kafo.demo.wanted import wanted_list
from kafo.schemas.reference import OperationCreate
from kafo.schemas.seizure import SeizureCreate

COUNTRIES = ("BF", "CI", "ML", "NE")
PARTNERS = ("interpol", "wco", "unodc")
MIN_SEIZURES = 100
PLANTED_IDENTITIES = 40
# Field units as agency@station; a seizure goes to the nearest unit of its country.
POSTS = {
    "BF": "douanes@bf-niangoloko police@bf-dakola gendarmerie@bf-kantchari police@bf-faramana "
    "gendarmerie@bf-dori douanes@bf-bittou police@bf-ouagadougou-airport",
    "CI": "douanes@ci-pogo gendarmerie@ci-ouangolodougou police@ci-abidjan-airport "
    "douanes@ci-abidjan-port gendarmerie@ci-doropo police@ci-tengrela",
    "ML": "douanes@ml-zegoua gendarmerie@ml-heremakono douanes@ml-koury police@ml-bamako-airport "
    "gendarmerie@ml-gao police@ml-mopti",
    "NE": "police@ne-makalondi douanes@ne-tera gendarmerie@ne-ayorou police@ne-niamey-airport "
    "gendarmerie@ne-agadez",
}
CAPITALS = {"BF": "ouagadougou", "CI": "abidjan", "ML": "bamako", "NE": "niamey"}
UNIT_LABELS = {
    "douanes": "Bureau des douanes",
    "police": "Poste de police",
    "gendarmerie": "Brigade de gendarmerie",
}
PARTNER_UNITS = (
    ("interpol-abidjan", "INTERPOL, Bureau régional pour l'Afrique de l'Ouest", "interpol", "CI"),
    ("unodc-sahel-bamako", "ONUDC, Programme Sahel (Bamako)", "unodc", "ML"),
    ("wco-rocb-abidjan", "OMD, Bureau régional de renforcement des capacités", "wco", "CI"),
)
BORDER_PAIRS = tuple(
    tuple(pair.split("/"))
    for pair in words(
        "ml-zegoua/ci-pogo bf-koloko/ml-heremakono bf-kantchari/ne-makalondi "
        "bf-seytenga/ne-petelkole ml-labbezanga/ne-ayorou bf-faramana/ml-koury "
        "bf-yendere/ci-laleraba bf-niangoloko/ci-ouangolodougou"
    )
)
KIND_WEIGHTS = weights(
    "land_border_post:70 road_checkpoint:50 patrol_area:25 town:12 airport:10 seaport:10"
)
HOURS = (1, 1, 1, 1, 1, 2, 6, 8, 9, 9, 9, 8, 7, 7, 8, 9, 9, 9, 8, 7, 6, 4, 2, 1)


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    agency: str
    country: str


@dataclass(frozen=True)
class UserSpec:
    username: str
    unit: str
    role: str


@dataclass(frozen=True)
class PlannedSeizure:
    username: str
    payload: SeizureCreate


@dataclass(frozen=True)
class Scenario:
    operation: OperationCreate
    units: tuple[UnitSpec, ...]
    users: tuple[UserSpec, ...]
    seizures: tuple[PlannedSeizure, ...]  # in chronological order
    truth: dict[str, Any]  # JSON-serialisable ground truth
    wanted_csv: str = ""  # Mali's wanted-persons list (kafo.demo.wanted)


def _posts(country: str) -> list[tuple[str, str]]:
    return [(a, s) for a, _, s in (p.partition("@") for p in POSTS[country].split())]


def _unit_code(country: str, agency: str, station: str) -> str:
    return f"{country.lower()}-{agency}-{station[3:]}"


def build_units() -> tuple[UnitSpec, ...]:
    """Three agencies at real posts in each country, a national bureau, and partners."""
    gazetteer, units = places(), []
    for cc in COUNTRIES:
        for agency, station in _posts(cc):
            name = f"{UNIT_LABELS[agency]}, {gazetteer[station].name}"
            units.append(
                UnitSpec(_unit_code(cc, agency, station), name, f"{cc.lower()}-{agency}", cc)
            )
        bcn = f"{cc.lower()}-bcn"
        units.append(UnitSpec(f"{bcn}-{CAPITALS[cc]}", agencies()[bcn].name, bcn, cc))
    return (*units, *(UnitSpec(*row) for row in PARTNER_UNITS))


def build_users(units: tuple[UnitSpec, ...]) -> tuple[UserSpec, ...]:
    """A field officer per post; analyst and administrator at each national bureau."""
    posts = [u for u in units if u.agency.partition("-")[2] in UNIT_LABELS]
    users = [UserSpec(f"{u.code}.agent", u.code, "field_officer") for u in posts]
    for cc in COUNTRIES:
        hq = f"{cc.lower()}-bcn-{CAPITALS[cc]}"
        users.append(UserSpec(f"{cc.lower()}.analyste", hq, "analyst"))
        users.append(UserSpec(f"{cc.lower()}.admin", hq, "national_admin"))
    users += [
        UserSpec("unodc.coordination", "unodc-sahel-bamako", "regional_coordinator"),
        UserSpec("interpol.analyste", "interpol-abidjan", "analyst"),
        UserSpec("omd.analyste", "wco-rocb-abidjan", "analyst"),
    ]
    return tuple(users)


def recorder(place: Place) -> str:
    """The field officer of the nearest unit of the place's own country."""
    gazetteer = places()
    agency, station = min(_posts(place.country), key=lambda p: distance(place, gazetteer[p[1]]))
    return f"{_unit_code(place.country, agency, station)}.agent"


def _background_place(rng: random.Random, country: str | None = None) -> Place:
    pool = [p for p in places().values() if country in (None, p.country)]
    return pick(rng, pool, [KIND_WEIGHTS[p.kind] for p in pool])


def _repeat_offender_stops(rng: random.Random) -> list[Place]:
    """Half cross a border back and forth; the others come back within one country."""
    n, gazetteer = rng.choice((2, 2, 3)), places()
    if rng.random() < 0.5:
        pair = rng.choice(BORDER_PAIRS)
        return [gazetteer[pair[i % 2]] for i in range(n)]
    country = rng.choice(COUNTRIES)
    return [_background_place(rng, country) for _ in range(n)]


def plan_seizures(rng: random.Random, days: int, total: int) -> list[Plan]:
    """Networks first, then repeat offenders up to 40 identities, then everyday seizures."""
    plans: list[Plan] = []
    sizes = [rng.randint(3, 8) for _ in NETWORKS]
    while sum(sizes) > PLANTED_IDENTITIES - 6:  # leave room for repeat offenders
        sizes[sizes.index(max(sizes))] -= 1
    key = 1
    for spec, size in zip(NETWORKS, sizes, strict=True):
        plans += plan_network(rng, spec, size, key, days)
        key += size
    for k in range(key, PLANTED_IDENTITIES + 1):
        plans += plan_repeat_offender(rng, f"I{k:03d}", _repeat_offender_stops(rng), days)
    plant_batches(rng, plans)
    if total < max(MIN_SEIZURES, len(plans)):
        raise ValueError(f"seizures must be at least {max(MIN_SEIZURES, len(plans))}")
    plans += [Plan(_background_place(rng), rng.randrange(days)) for _ in range(total - len(plans))]
    return plans


def build_scenario(
    seed: int = 7, *, start: date = date(2026, 11, 2), days: int = 7, seizures: int = 400
) -> Scenario:
    """The whole demo operation for ``seed``; the same arguments give the same scenario."""
    if days < 1:
        raise ValueError("days must be at least 1")
    rng = random.Random(seed)
    plans = plan_seizures(rng, days, seizures)
    for plan in plans:
        clock = time(pick(rng, range(24), HOURS), rng.randrange(60))
        plan.local = datetime.combine(start + timedelta(days=plan.day), clock)
    write_sightings(rng, plans)
    ordered = [plans[i] for i in sorted(range(len(plans)), key=lambda i: (plans[i].instant, i))]
    planned, truth = write_all(rng, seed, ordered)
    wanted = wanted_list(seed, ordered)
    truth["wanted"] = wanted.truth
    operation = OperationCreate(
        code=OPERATION,
        name="Opération KAFO (démonstration)",
        starts_on=start,
        ends_on=start + timedelta(days=days - 1),
        description="Opération conjointe transfrontalière fictive : données entièrement "
        "synthétiques, générées pour la démonstration.",
        countries=list(COUNTRIES),
        partners=list(PARTNERS),
        places=sorted(dict.fromkeys(p.place.code for p in ordered)),
    )
    units = build_units()
    return Scenario(operation, units, build_users(units), tuple(planned), truth, wanted.csv_text)


def write_all(
    rng: random.Random, seed: int, plans: list[Plan]
) -> tuple[list[PlannedSeizure], dict[str, Any]]:
    """Payloads in the plans' (chronological) order, and the truth about them."""
    planned: list[PlannedSeizure] = []
    numbers: dict[str, int] = {}
    truth = Truth()
    for n, plan in enumerate(plans):
        country = plan.place.country
        numbers[country] = numbers.get(country, 0) + 1
        reference = reports.seizure_reference(plan.place, plan.local.year, numbers[country])
        payload = SeizureCreate.model_validate(
            reports.seizure_body(rng, plan, reports.Ids(seed, plan, n), reference)
        )
        planned.append(PlannedSeizure(recorder(plan.place), payload))
        truth.add(plan, payload)
    return planned, truth.dump(seed, [p.payload for p in planned])
