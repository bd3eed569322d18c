"""Link analysis over HTTP."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from kafo.api.deps import CurrentActor, Db
from kafo.schemas.network import (
    ActorsOut,
    GraphOut,
    NetworksOut,
    PathOut,
    RouteOut,
    TimelineEvent,
)
from kafo.services.network import analyses, export, routes
from kafo.services.network.views import Filters
from kafo.services.uow import unit_of_work

router = APIRouter(prefix="/network", tags=["network"])


def _filters(
    since: date | None = None,
    until: date | None = None,
    country: list[str] | None = None,
    kind: list[str] | None = None,
) -> Filters:
    return Filters(
        kinds=tuple(kind or ()),
        since=since,
        until=until,
        countries=tuple(c.upper() for c in country or ()),
    )


@router.get("/networks")
def networks(
    actor: CurrentActor,
    db: Db,
    since: date | None = None,
    until: date | None = None,
    country: Annotated[list[str] | None, Query()] = None,
    kind: Annotated[list[str] | None, Query()] = None,
    cross_border: bool = False,
    other_crime: bool = False,
    min_size: Annotated[int, Query(ge=2)] = 3,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    members: bool = True,
) -> NetworksOut:
    """Connected networks, cross-border first, with what points to other crime."""
    filters = _filters(since, until, country, kind)
    with unit_of_work(db) as session:
        return analyses.networks(
            session,
            actor,
            filters,
            cross_border_only=cross_border,
            other_crime_only=other_crime,
            min_size=min_size,
            limit=limit,
            with_members=members,
        )


@router.get("/around/{entity}", responses={404: {}})
def around(
    entity: str,
    actor: CurrentActor,
    db: Db,
    hops: Annotated[int, Query(ge=1, le=4)] = 2,
    since: date | None = None,
    until: date | None = None,
    country: Annotated[list[str] | None, Query()] = None,
    kind: Annotated[list[str] | None, Query()] = None,
) -> GraphOut:
    with unit_of_work(db) as session:
        return analyses.around(session, actor, entity, hops, _filters(since, until, country, kind))


@router.get("/path", responses={404: {}})
def path(
    a: str,
    b: str,
    actor: CurrentActor,
    db: Db,
    since: date | None = None,
    until: date | None = None,
) -> PathOut:
    """The shortest explained path between two entities."""
    with unit_of_work(db) as session:
        return analyses.path(session, actor, a, b, _filters(since, until))


@router.get("/actors")
def actors(
    actor: CurrentActor,
    db: Db,
    limit: Annotated[int, Query(ge=1, le=500)] = 25,
    samples: Annotated[int, Query(ge=1, le=5000)] = 200,
    since: date | None = None,
    until: date | None = None,
    country: Annotated[list[str] | None, Query()] = None,
) -> ActorsOut:
    with unit_of_work(db) as session:
        return analyses.actors(session, actor, _filters(since, until, country), limit, samples)


@router.get("/timeline/{entity}", responses={404: {}})
def timeline(
    entity: str,
    actor: CurrentActor,
    db: Db,
    since: date | None = None,
    until: date | None = None,
) -> list[TimelineEvent]:
    with unit_of_work(db) as session:
        return analyses.timeline(session, actor, entity, _filters(since, until))


@router.get("/routes")
def corridors(
    actor: CurrentActor,
    db: Db,
    since: date | None = None,
    until: date | None = None,
    country: Annotated[list[str] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[RouteOut]:
    """Corridors from declared origins, places of seizure and declared destinations."""
    with unit_of_work(db) as session:
        return routes.routes(session, actor, _filters(since, until, country), limit)


@router.get("/graph")
def graph(
    actor: CurrentActor,
    db: Db,
    since: date | None = None,
    until: date | None = None,
    country: Annotated[list[str] | None, Query()] = None,
    kind: Annotated[list[str] | None, Query()] = None,
) -> GraphOut:
    """Every entity and link you may see (the JSON export)."""
    with unit_of_work(db) as session:
        return export.whole_graph(session, actor, _filters(since, until, country, kind))
