"""The planted networks and the plan of every seizure before it is written.

Link analysis is scored against what was planted, so the planting is decided
first, apart from the writing: each network travels one road corridor with
its own goods, its members share phones and vehicles and most of them are
seen on both sides of a border, and its firearms come in batches with close
serials. Repeat offenders outside the networks are planned here too. A
:class:`Plan` holds one seizure's place, day, people and planted goods until
the report is written from it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kafo.demo.goods import Gun, batch
from kafo.demo.people import (
    NEIGHBOURS,
    DemoVehicle,
    Identity,
    make_identity,
    make_vehicle,
    phone_number,
    sightings,
)
from kafo.demo.tables import Place, pick, places, words

ZONES = {
    "BF": ZoneInfo("Africa/Ouagadougou"),
    "CI": ZoneInfo("Africa/Abidjan"),
    "ML": ZoneInfo("Africa/Bamako"),
    "NE": ZoneInfo("Africa/Niamey"),
}


@dataclass(frozen=True)
class NetworkSpec:
    """A trafficking network: corridor stops in travel order (place codes or
    ``CC:Town`` beyond the gazetteer), the goods it moves and what it drives."""

    key: str
    corridor: tuple[str, ...]
    goods: tuple[str, ...]
    vehicle_types: tuple[str, ...]
    foreign: str

    def stops(self) -> list[Place]:
        gazetteer = places()
        return [gazetteer[s] for s in self.corridor if s in gazetteer]


@dataclass
class Plan:
    """A seizure before it is written: where, which day, who and what was planted."""

    place: Place
    day: int
    network: NetworkSpec | None = None
    members: list[Identity] = field(default_factory=list)
    vehicle: DemoVehicle | None = None
    guns: list[Gun] = field(default_factory=list)
    local: datetime = datetime(2000, 1, 1)  # naive: local time at the place
    sightings: list[tuple[Identity, dict[str, Any], str]] = field(default_factory=list)

    @property
    def instant(self) -> datetime:
        return self.local.replace(tzinfo=ZONES[self.place.country]).astimezone(UTC)


# Road corridors, stops in travel order: gazetteer codes, or CC:Town beyond it.
CORRIDORS = tuple(
    tuple(line.split(" > "))
    for line in (
        "ci-abidjan > ci-ferkessedougou > ci-pogo > ml-zegoua > ml-kadiolo > ml-sikasso "
        "> ml-bougouni > ml-bamako",
        "ci-abidjan > ci-ferkessedougou > ci-ouangolodougou > ci-laleraba > bf-leraba > bf-yendere "
        "> bf-niangoloko > bf-bobo-dioulasso > bf-hounde > bf-boromo > bf-ouagadougou",
        "ci-korhogo > ci-tengrela > ml-bougouni > ml-bamako",
        "bf-ouagadougou > bf-bobo-dioulasso > bf-orodara > bf-koloko > ml-heremakono > ml-sikasso "
        "> ml-bamako",
        "bf-bobo-dioulasso > bf-faramana > ml-koury > ml-koutiala > ML:Ségou > ml-mopti "
        "> ml-tombouctou",
        "GH:Kumasi > GH:Tamale > GH:Bolgatanga > bf-dakola > bf-po > bf-ouagadougou > bf-djibo "
        "> ml-mopti",
        "TG:Lomé > TG:Dapaong > bf-bittou > bf-koupela > bf-fada-ngourma > bf-kantchari "
        "> ne-makalondi > ne-torodi > ne-niamey",
        "ne-niamey > ne-tillaberi > ne-ayorou > ml-labbezanga > ml-ansongo > ml-gao > ml-tessalit "
        "> DZ:Tamanrasset",
        "LY:Sebha > NE:Dirkou > ne-agadez > NE:Tahoua > ne-tillaberi > ne-liptako-gourma "
        "> ml-menaka > ml-gao",
        "NG:Kano > ne-niamey > ne-tera > ne-petelkole > bf-seytenga > bf-dori > bf-djibo",
        "ne-tera > bf-seytenga > bf-dori > BF:Kaya > bf-ouagadougou",
        "CI:Bondoukou > ci-bouna > ci-doropo > BF:Gaoua",
        "ci-ferkessedougou > ci-ouangolodougou > bf-comoe-leraba > bf-niangoloko > BF:Banfora",
        "bf-fada-ngourma > bf-diapaga > bf-wap > BJ:Banikoara",
        "ci-san-pedro > CI:Daloa > CI:Séguéla > CI:Odienné > ml-bamako",
        "GH:Bolgatanga > bf-dakola > bf-po > bf-ouagadougou > bf-dori > bf-seytenga "
        "> ne-petelkole > ne-tera",
        "ci-abidjan-port > ci-ferkessedougou > ci-pogo > ml-zegoua > ml-sikasso > ml-bougouni "
        "> ml-bamako > GN:Kankan",
        "bf-bobo-dioulasso > bf-orodara > bf-koloko > ml-heremakono > ml-sikasso > ml-kadiolo",
    )
)
# key | far-end country | rides | goods (comma-separated) | its corridor in CORRIDORS.
NETWORKS = tuple(
    NetworkSpec(key, CORRIDORS[int(line)], tuple(goods.split(",")), words(rides), far)
    for key, far, rides, goods, line in (
        row.split("|")
        for row in (
            "N01|LY|pickup motorcycle|firearm:war,ammunition,other:satellite_phone,fuel|8",
            "N02|GH|truck minibus|explosive,explosive:detonator,other:mercury|15",
            "N03|TG|bus truck car|drug:cannabis_herb,drug:cannabis_resin,medicine:tramadol|6",
            "N04|GN|truck pickup|firearm:civil,ammunition:12 gauge,medicine|16",
            "N05|NG|pickup motorcycle|fuel:petrol,firearm:war,cash:XOF|9",
            "N06|GH|pickup motorcycle truck|explosive:dynamite_stick,explosive,other:mercury|17",
        )
    )
)
BATCHES = (
    ("B01", "N01", "Norinco", "Type 56"),
    ("B02", "N01", "Izhmash", "AKM"),
    ("B03", "N04", "Hatsan", "Escort (pump-action)"),
    ("B04", "N04", "Zoraki", "914 (converted blank-firing)"),
    ("B05", "N05", "Zastava", "M70"),
)


def plan_network(
    rng: random.Random, spec: NetworkSpec, size: int, first_key: int, days: int
) -> list[Plan]:
    """Seizures along the corridor in travel order, with ``size`` members spread over them.

    Members share one or two phones and one or two vehicles, and most of them
    are seen on both sides of a border.
    """
    stops = spec.stops()
    shared = [phone_number(rng, stops[0].country), phone_number(rng, spec.foreign)]
    holders = [rng.sample(range(size), rng.randint(2, 3)) for _ in shared]
    members = []
    for i in range(size):
        nationality = spec.foreign if rng.random() < 0.15 else rng.choice(stops).country
        phones = tuple(p for p, h in zip(shared, holders, strict=True) if i in h)
        key = f"I{first_key + i:03d}"
        members.append(make_identity(rng, key, nationality, network=spec.key, shared_phones=phones))
    counts = [rng.choice((2, 2, 3, 3, 4)) for _ in members]
    m = max(4, min(14, round(sum(counts) / 1.6)))
    plans = []
    for j in range(m):
        jitter = rng.choice((-1, 0, 0, 1)) if 0 < j < m - 1 else 0
        pos = max(0, min(len(stops) - 1, round(j * (len(stops) - 1) / (m - 1)) + jitter))
        plans.append(Plan(stops[pos], j * days // m, spec))
    for member, n in zip(members, counts, strict=True):
        for idx in _choose(rng, plans, n, cross=rng.random() < 0.85):
            plans[idx].members.append(member)
    _share_vehicles(rng, spec, plans)
    return plans


def _choose(rng: random.Random, plans: list[Plan], n: int, *, cross: bool) -> list[int]:
    """``n`` of the network's seizures for one member; a cross-border one spans two countries.

    Only seizures with fewer than three members are used, so that no record
    lists more than four people, unless the member could not be seen twice.
    """
    groups: dict[str, list[int]] = {}
    for i, plan in enumerate(plans):
        if len(plan.members) < 3:
            groups.setdefault(plan.place.country, []).append(i)
    lists = list(groups.values())
    chosen: list[int] = []
    if cross and len(lists) >= 2:
        chosen = [rng.choice(g) for g in rng.sample(lists, 2)]
    elif lists:
        group = rng.choice(lists)
        chosen = rng.sample(group, min(n, len(group)))
    rest = [i for g in lists for i in g if i not in chosen]
    chosen += rng.sample(rest, max(0, min(len(rest), n - len(chosen))))
    if len(chosen) < 2:
        chosen += rng.sample([i for i in range(len(plans)) if i not in chosen], 2 - len(chosen))
    return sorted(chosen)


def _share_vehicles(rng: random.Random, spec: NetworkSpec, plans: list[Plan]) -> None:
    """One or two vehicles of the network, each seen in at least two of its seizures."""
    home = plans[0].place.country
    fleet = [
        make_vehicle(rng, rng.choice(spec.vehicle_types), home, plated=True)
        for _ in range(rng.randint(1, 2))
    ]
    picks = rng.sample(range(len(plans)), 2 * len(fleet))
    for k, idx in enumerate(picks):
        plans[idx].vehicle = fleet[k // 2]
    for plan in plans:
        if plan.vehicle is None and (not plan.members or rng.random() < 0.4):
            plan.vehicle = rng.choice(fleet)


def plan_repeat_offender(rng: random.Random, key: str, stops: list[Place], days: int) -> list[Plan]:
    """One individual outside the networks, seen at each of ``stops`` on rising days."""
    home = stops[0].country
    nationality = home if rng.random() < 0.8 else rng.choice(NEIGHBOURS[home])
    ident = make_identity(rng, key, nationality, home=home)
    seen_on = sorted(rng.randrange(days) for _ in stops)
    return [Plan(s, d, members=[ident]) for s, d in zip(stops, seen_on, strict=True)]


def plant_batches(rng: random.Random, plans: list[Plan]) -> None:
    """Spread each batch over two to four seizures of its network."""
    for key, network, make, model in BATCHES:
        pool = [p for p in plans if p.network is not None and p.network.key == network]
        chosen = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
        for i, gun in enumerate(batch(rng, key, make, model, rng.randint(4, 8))):
            chosen[i % len(chosen)].guns.append(gun)


def write_sightings(rng: random.Random, plans: list[Plan]) -> None:
    """Each planted identity's records in time order; arrested at the last, mostly."""
    seen: dict[str, list[Plan]] = {}
    idents: dict[str, Identity] = {}
    for plan in sorted(plans, key=lambda p: p.instant):
        for member in plan.members:
            seen.setdefault(member.key, []).append(plan)
            idents[member.key] = member
    for key, its in seen.items():
        records = sightings(rng, idents[key], [p.place.country for p in its])
        for i, (plan, record) in enumerate(zip(its, records, strict=True)):
            odds = [70, 20, 5, 5] if i == len(its) - 1 else [10, 35, 35, 20]
            status = pick(rng, ["arrested", "fled", "released", "not_arrested"], odds)
            plan.sightings.append((idents[key], record, status))
