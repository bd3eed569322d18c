"""Schemas of the link analysis (``kafo network``, ``/network``)."""

from __future__ import annotations

from datetime import date

from kafo.schemas.types import OutputModel


class NodeOut(OutputModel):
    key: str  # "person:<id>", "phone:+223…", "place:ml-zegoua", …
    kind: str
    label: str
    country: str | None
    sharing: str | None  # None: a shared value (phone, document, place, plate)
    handling: str | None
    tags: list[str]


class EdgeOut(OutputModel):
    source: str
    target: str
    kind: str
    date: date | None
    record: str  # the record the link comes from
    detail: str | None
    owner: str | None
    sharing: str | None
    handling: str | None


class NetworkOut(OutputModel):
    rank: int
    size: int
    kinds: dict[str, int]
    countries: list[str]
    cross_border: bool
    seizures: int
    persons: int
    first: date | None
    last: date | None
    other_crime: list[str]  # watchlist hits, explosives, other commodities
    route: list[str]  # the places of its seizures, in time order
    members: list[NodeOut]


class NetworksOut(OutputModel):
    networks: int
    cross_border: int
    items: list[NetworkOut]


class GraphOut(OutputModel):
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class PathStep(OutputModel):
    node: NodeOut
    via: EdgeOut | None  # the edge from the previous step


class PathOut(OutputModel):
    found: bool
    hops: int | None
    explanation: str
    steps: list[PathStep]


class ActorOut(OutputModel):
    node: NodeOut
    degree: int
    betweenness: float
    countries: list[str]  # the countries its links reach (bridging)


class ActorsOut(OutputModel):
    sampled_sources: int
    error_bound: float  # ε: each normalised betweenness within ε with probability 0.9
    items: list[ActorOut]


class TimelineEvent(OutputModel):
    date: date
    kind: str
    source: NodeOut
    target: NodeOut
    record: str
    detail: str | None


class RouteOut(OutputModel):
    """A corridor: declared origin, the place of seizure, declared destination."""

    stops: list[str]  # "Tamanrasset (DZ)", "Labbezanga (ML)", "Ayorou (NE)"
    countries: list[str]
    seizures: int
    firearms: int
    first: date
    last: date
