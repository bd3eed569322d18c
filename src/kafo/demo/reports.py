"""One seizure report, written from its plan the way a field officer writes it.

Planning decides what happened; this module decides what the officer put on
paper: the context, who was there and what became of them, how they
travelled, where the goods were hidden, the declared origin and destination,
a short narrative. Keeping the writing apart from the planting keeps every
planted link traceable to one :class:`~kafo.demo.networks.Plan` while the
record around it varies like real reports do.
"""

from __future__ import annotations

import random
from typing import Any

from kafo.demo.goods import (
    MODE_OF,
    MODES,
    RIDES,
    RIVER,
    Items,
    add_goods,
    background_goods,
    firearm_record,
    hiding_place,
    new_items,
)
from kafo.demo.networks import CORRIDORS, Plan
from kafo.demo.people import (
    NEIGHBOURS,
    DemoVehicle,
    make_vehicle,
    passer_by,
    strip_accents,
    vehicle_record,
)
from kafo.demo.tables import Place, distance, draw, pick, places, weights, words
from kafo.ids import derived_id

OPERATION = "KAFO-DEMO"
AIR_HUBS = words("FR:Paris BE:Bruxelles TR:Istanbul MA:Casablanca ET:Addis-Abeba SN:Dakar")
SEA_HUBS = words("CN:Shanghai TR:Mersin BE:Anvers IN:Mumbai NG:Lagos")
CONTEXTS = weights(
    "routine_check:62 intelligence_led:12 patrol:10 search:6 found_abandoned:7 surrendered:3"
)
PATROL_CONTEXTS = weights("patrol:60 intelligence_led:20 found_abandoned:20")
NETWORK_CONTEXTS = weights("intelligence_led:40 routine_check:60")
CONTEXT_FR = {
    "routine_check": "Contrôle de routine",
    "intelligence_led": "Interception sur renseignement",
    "patrol": "Patrouille",
    "search": "Fouille",
    "found_abandoned": "Découverte d'une cache",
    "surrendered": "Remise volontaire",
}
SHARING = weights("operation:78 national:16 partners:6")
ROLES = weights("suspect:40 passenger:20 courier:25 owner:10 witness:5")
PLANTED_ROLES = weights("suspect:50 courier:35 owner:15")
ARRESTS = weights("arrested:75 fled:10 released:8 not_arrested:7")


def _town(stop: str) -> tuple[str, str] | None:
    """(town, country) a traveller would declare for a stop; None for a post or an area."""
    if ":" in stop:
        country, _, town = stop.partition(":")
        return town, country
    place = places()[stop]
    return (
        None if place.kind in ("patrol_area", "airport", "seaport") else (place.name, place.country)
    )


def _ends(rng: random.Random, place: Place) -> tuple[str, str]:
    """Origin and destination stops on a corridor through ``place``, in either direction."""
    if place.kind in ("airport", "seaport"):
        towns = [p for p in places().values() if p.kind == "town" and p.country == place.country]
        city = min(towns, key=lambda p: distance(place, p)).code
        hub = rng.choice(AIR_HUBS if place.kind == "airport" else SEA_HUBS)
        return (hub, city) if place.kind == "seaport" or rng.random() < 0.5 else (city, hub)
    line = list(rng.choice([c for c in CORRIDORS if place.code in c] or CORRIDORS))
    if rng.random() < 0.5:
        line.reverse()
    i = line.index(place.code) if place.code in line else len(line) // 2
    before = [s for s in line[:i] if _town(s)] or [place.code]
    after = [s for s in line[i + 1 :] if _town(s)] or [place.code]
    origin = before[0] if rng.random() < 0.6 else rng.choice(before)
    return origin, after[-1] if rng.random() < 0.6 else rng.choice(after)


def _declared(rng: random.Random, place: Place) -> dict[str, str]:
    declared = {}
    for name, stop in zip(
        ("declared_origin", "declared_destination"), _ends(rng, place), strict=True
    ):
        town = _town(stop)
        if town and rng.random() < 0.85:
            declared[name] = town[0]
            if rng.random() < 0.8:
                declared[f"{name}_country"] = town[1]
    return declared


def _context(rng: random.Random, plan: Plan) -> str:
    if plan.network is not None:
        return draw(rng, NETWORK_CONTEXTS)
    context = draw(rng, PATROL_CONTEXTS if plan.place.kind == "patrol_area" else CONTEXTS)
    if plan.sightings and context in ("found_abandoned", "surrendered"):
        return "routine_check"
    return context


def _goods(rng: random.Random, plan: Plan) -> Items:
    """A network carries its own goods; everyone else the everyday mix."""
    if plan.network is None:
        items = background_goods(rng, plan.place.kind)
    else:
        items = new_items()
        for token in plan.network.goods:
            if rng.random() < 0.6:
                add_goods(rng, items, token)
        if not any(items.values()) and not plan.guns:
            add_goods(rng, items, plan.network.goods[0])
    items["firearms"] += [firearm_record(rng, g.model, g) for g in plan.guns]
    return items


def seizure_body(rng: random.Random, plan: Plan, ids: Ids, reference: str) -> dict[str, Any]:
    """The ``SeizureCreate`` body written from ``plan``, under the given ids and reference."""
    context = _context(rng, plan)
    mode, vehicle = conveyance(rng, plan, context)
    driven = mode in ("motorcycle", "car", "truck", "boat")
    persons = seizure_persons(rng, plan, context, driven=driven)
    for j, link in enumerate(persons):
        link["person"] = {"id": ids("person", j), **link["person"]}
    body: dict[str, Any] = {
        "id": ids("seizure", 0),
        "reference": reference,
        "operation": OPERATION,
        "occurred_at": plan.local.isoformat(),
        "place": plan.place.code,
        "context": context,
        "sharing": draw(rng, SHARING),
        "persons": persons,
    }
    body |= {key: items for key, items in _goods(rng, plan).items() if items}
    body |= _vehicles(rng, ids, mode, vehicle, context)
    if persons and rng.random() < 0.75:
        body |= _declared(rng, plan.place)
    if rng.random() < 0.5:
        seen = f" {len(persons)} personne(s) contrôlée(s)." if persons else ""
        body["narrative"] = f"{CONTEXT_FR[context]} à {plan.place.name}.{seen}"
    if (roll := rng.random()) < 0.08:
        body["handling_code"] = "H1" if roll < 0.05 else "H2"
    return body


def _vehicles(
    rng: random.Random, ids: Ids, mode: str | None, vehicle: DemoVehicle | None, context: str
) -> dict[str, Any]:
    """Transport mode, the vehicle and where the goods were hidden."""
    body: dict[str, Any] = {"transport_mode": mode} if mode else {}
    if vehicle:
        role = "abandoned" if context == "found_abandoned" else "conveyance"
        record = {"id": ids("vehicle", 0), **vehicle_record(rng, vehicle)}
        body["vehicles"] = [{"role": role, "vehicle": record}]
    if context != "surrendered" and rng.random() < 0.7:
        body["concealment"] = hiding_place(rng, "cache" if context == "found_abandoned" else mode)
    return body


class Ids:
    """Ids of one seizure and its records, derived from seed, position and time."""

    def __init__(self, seed: int, plan: Plan, n: int) -> None:
        self.seed, self.at, self.n = str(seed), plan.instant, str(n)

    def __call__(self, kind: str, j: int) -> str:
        return str(derived_id(self.at, "kafo-demo", self.seed, kind, self.n, str(j)))


def seizure_reference(place: Place, year: int, number: int) -> str:
    """The unit's own reference: country, three letters of the place, year, number."""
    letters = [c for c in strip_accents(place.name).upper() if c.isalpha()]
    return f"{place.country}-{''.join(letters[:3])}-{year}-{number:04d}"


def seizure_persons(
    rng: random.Random, plan: Plan, context: str, *, driven: bool
) -> list[dict[str, Any]]:
    """``SeizurePersonIn`` bodies: planted sightings first, then people seen once; 0 to 4."""
    persons = [
        {"role": draw(rng, PLANTED_ROLES), "arrest_status": status, "person": record}
        for _, record, status in plan.sightings
    ]
    if context in ("found_abandoned", "surrendered"):
        extra = 0
    elif plan.members:
        extra = int(len(persons) < 3 and rng.random() < 0.3)
    else:
        extra = pick(rng, range(1, 5), (47, 30, 14, 9))
    for _ in range(extra):
        role = draw(rng, ROLES)
        calm = role in ("passenger", "witness") and rng.random() < 0.6
        status = "not_arrested" if calm else draw(rng, ARRESTS)
        persons.append(
            {"role": role, "arrest_status": status, "person": passer_by(rng, plan.place.country)}
        )
    if driven and persons:
        persons[0]["role"] = "driver"
    return persons


def conveyance(
    rng: random.Random, plan: Plan, context: str
) -> tuple[str | None, DemoVehicle | None]:
    """Transport mode and vehicle: the network's own, or one that fits the place."""
    place = plan.place
    if plan.vehicle is not None:
        return MODE_OF[plan.vehicle.vehicle_type], plan.vehicle
    if plan.network is not None:
        kind = rng.choice(plan.network.vehicle_types)
        return MODE_OF[kind], make_vehicle(rng, kind, place.country)
    if context == "surrendered" or (context == "found_abandoned" and rng.random() < 0.7):
        return None, None
    modes = MODES.get(place.kind, MODES["road"]) | ({"boat": 6} if place.code in RIVER else {})
    mode = draw(rng, modes)
    if mode not in RIDES:
        return mode, None
    plate = place.country if rng.random() < 0.8 else rng.choice(NEIGHBOURS[place.country])
    return mode, make_vehicle(rng, draw(rng, RIDES[mode]), plate)
