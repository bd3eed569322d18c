"""Routes: the corridors the seizures draw.

Each seizure the user may see gives one leg: where the goods were said to
come from, where they were seized, where they were said to go (a blank end
is left out). Legs with the same stops (compared without case or accents)
are one corridor, counted over its seizures and firearms; the busiest
corridors come first. A network's own route is the places of its seizures
in time order (see :func:`kafo.services.network.analyses.networks`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kafo.labels import fold
from kafo.model.geo import Place
from kafo.model.seizure import Firearm, Seizure
from kafo.schemas.network import RouteOut
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.network.views import EVERYTHING, Filters


def _stop(name: str | None, country: str | None) -> str | None:
    if not name and not country:
        return None
    return f"{name} ({country})" if name and country else (name or country)


@dataclass
class _Corridor:
    stops: list[str]
    countries: set[str] = field(default_factory=set)
    seizures: int = 0
    firearms: int = 0
    days: list[date] = field(default_factory=list)


def routes(
    session: Session, actor: Actor, filters: Filters = EVERYTHING, limit: int = 50
) -> list[RouteOut]:
    guns = (
        select(Firearm.seizure_id, func.count().label("n")).group_by(Firearm.seizure_id).subquery()
    )
    query = (
        select(
            Seizure.occurred_at,
            Seizure.declared_origin,
            Seizure.declared_origin_country,
            Place.name,
            Place.country,
            Seizure.location_text,
            Seizure.owner_country,
            Seizure.declared_destination,
            Seizure.declared_destination_country,
            func.coalesce(guns.c.n, 0),
        )
        .outerjoin(Place, Place.code == Seizure.place_code)
        .outerjoin(guns, guns.c.seizure_id == Seizure.id)
        .where(visible(actor, Seizure))
    )
    if filters.countries:
        query = query.where(Seizure.owner_country.in_(filters.countries))
    corridors: dict[tuple[str, ...], _Corridor] = {}
    for at, origin, o_cc, place, p_cc, where, owner, dest, d_cc, firearms in session.execute(query):
        day = at.date()
        if (filters.since and day < filters.since) or (filters.until and day > filters.until):
            continue
        stops: list[str] = []
        for stop in (_stop(origin, o_cc), _stop(place or where, p_cc or owner), _stop(dest, d_cc)):
            if stop and (not stops or fold(stops[-1]) != fold(stop)):
                stops.append(stop)
        if len(stops) < 2:
            continue
        corridor = corridors.setdefault(tuple(fold(s) for s in stops), _Corridor(stops))
        corridor.countries |= {c for c in (o_cc, p_cc or owner, d_cc) if c}
        corridor.seizures += 1
        corridor.firearms += int(firearms)
        corridor.days.append(day)
    ranked = sorted(corridors.values(), key=lambda c: (-c.seizures, -c.firearms, c.stops))[:limit]
    return [
        RouteOut(
            stops=c.stops,
            countries=sorted(c.countries),
            seizures=c.seizures,
            firearms=c.firearms,
            first=min(c.days),
            last=max(c.days),
        )
        for c in ranked
    ]
