"""The graph as one user may see it, kept current, and its entities named.

The whole graph is read once per database and kept in the process; before
each query a cheap *stamp* (counts and latest change times of the records
the graph is made of) says whether it is still current, and it is read
again only if something changed. A user's view then applies the one access
filter's rules to the audiences of nodes and edges
(:func:`kafo.services.access.visible_audiences`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.orm import Session

from kafo.model.case import Case
from kafo.model.identity import IdentityJudgement, IdentityLink
from kafo.model.person import Person
from kafo.model.seizure import Seizure
from kafo.model.vehicle import Vehicle
from kafo.model.vocab import Sharing
from kafo.model.watchlist import ScreeningAlert, Watchlist
from kafo.schemas.network import EdgeOut, NodeOut
from kafo.services import audit
from kafo.services.access import visible_audiences
from kafo.services.actor import Actor
from kafo.services.errors import NotFound
from kafo.services.network.graph import NO_AUDIENCE, NO_DAY, Graph, View, make_view
from kafo.services.network.load import EPOCH, load_graph

RECORD_KINDS = ("person", "seizure", "firearm", "vehicle", "case", "entry")
_lock = threading.Lock()
_graphs: dict[str, tuple[tuple[Any, ...], Graph]] = {}
# Views are kept too (a user's next query reuses the masks): most recent last.
_views: OrderedDict[tuple[int, bytes, Filters], View] = OrderedDict()
VIEWS_KEPT = 32


def _newest(column: Any) -> ScalarSelect[Any]:
    # ORDER BY … LIMIT 1, not max(): PostgreSQL has no max() of uuid.
    return select(column).order_by(column.desc()).limit(1).scalar_subquery()


def _stamp(session: Session) -> tuple[Any, ...]:
    """What changes when the graph's records change, read in one round trip
    through indexes: the newest id (ids are UUIDv7, in time order) and the
    latest change time of each table the graph is made of. Cases record
    their seizures and suspects by changing their own version and time."""
    parts: list[ScalarSelect[Any]] = []
    for model in (Seizure, Person, Vehicle, Case, Watchlist):
        parts += [
            _newest(model.id),
            select(func.max(model.updated_at)).scalar_subquery(),
        ]
    for appended in (IdentityLink, IdentityJudgement, ScreeningAlert):
        parts.append(_newest(appended.id))
    parts.append(select(func.max(ScreeningAlert.updated_at)).scalar_subquery())
    return tuple(session.execute(select(*parts)).one())


def current_graph(session: Session) -> Graph:
    """The graph of this database, read again only if the records changed."""
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    stamp = _stamp(session)
    with _lock:
        kept = _graphs.get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
    graph = Graph(load_graph(session))
    with _lock:
        _graphs[key] = (stamp, graph)
    return graph


def forget() -> None:
    """Drop the kept graphs (tests empty tables behind the stamp's back)."""
    with _lock:
        _graphs.clear()
        _views.clear()


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    countries: tuple[str, ...] = ()


EVERYTHING = Filters()


def user_view(session: Session, actor: Actor, filters: Filters = EVERYTHING) -> View:
    """The graph ``actor`` may see, with the query's filters applied."""
    graph = current_graph(session)
    audiences = graph.data.audiences
    allowed = np.asarray(
        visible_audiences(
            session, actor, [(a.owner, Sharing(a.sharing), a.operation) for a in audiences]
        ),
        dtype=np.bool_,
    )
    key = (id(graph), allowed.tobytes(), filters)
    with _lock:
        if key in _views:
            _views.move_to_end(key)
            return _views[key]
    view = make_view(
        graph,
        allowed,
        kinds=filters.kinds,
        since=(filters.since - EPOCH).days if filters.since else None,
        until=(filters.until - EPOCH).days if filters.until else None,
        countries=filters.countries,
    )
    with _lock:
        _views[key] = view
        while len(_views) > VIEWS_KEPT:
            _views.popitem(last=False)
    return view


def entity(view: View, text: str) -> int:
    """The node named by ``text``: its key (``person:<id>``), a record id,
    or a phone number; one the user may not see is not found."""
    g = view.graph
    raw = text.strip()
    candidates = [raw, *(f"{kind}:{raw}" for kind in RECORD_KINDS), f"phone:{raw}"]
    for key in candidates:
        v = g.index.get(key)
        if v is not None and view.node_ok[v]:
            return v
    raise NotFound(f"no entity {text}")


def node_out(view: View, v: int) -> NodeOut:
    g = view.graph
    a = int(g.node_audience[v])
    audience = g.data.audiences[a] if a != NO_AUDIENCE else None
    return NodeOut(
        key=g.data.keys[v],
        kind=g.data.kind(v),
        label=g.data.labels[v],
        country=g.data.country(v),
        sharing=audience.sharing if audience else None,
        handling=audience.handling if audience else None,
        tags=sorted(g.data.tags.get(v, ())),
    )


def day(value: int) -> date | None:
    return None if value == NO_DAY else EPOCH + timedelta(days=value)


def edge_out(view: View, e: int) -> EdgeOut:
    g = view.graph
    a = int(g.edge_audience[e])
    audience = g.data.audiences[a] if a != NO_AUDIENCE else None
    return EdgeOut(
        source=g.data.keys[int(g.src[e])],
        target=g.data.keys[int(g.dst[e])],
        kind=g.data.edge_kind_name(e),
        date=day(int(g.day[e])),
        record=g.data.source_key(e),
        detail=g.data.detail_text(e),
        owner=audience.owner if audience else None,
        sharing=audience.sharing if audience else None,
        handling=audience.handling if audience else None,
    )


def log_foreign(session: Session, actor: Actor, view: View, nodes: list[int], what: str) -> None:
    """A read of other countries' records through the graph is audited: one
    event per owner country, naming how many records and the first ones."""
    g = view.graph
    by_owner: dict[str, list[str]] = {}
    for v in nodes:
        a = int(g.node_audience[v])
        if a != NO_AUDIENCE and g.data.audiences[a].owner != actor.country:
            by_owner.setdefault(g.data.audiences[a].owner, []).append(g.data.keys[v])
    for owner, keys in sorted(by_owner.items()):
        detail = f"{what}: {len(keys)} record(s): " + ", ".join(keys[:20])
        session.add(audit.event(actor, "read", "network", None, owner, detail=detail))
