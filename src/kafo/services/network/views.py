"""The graph as one user may see it, kept current, and its entities named.

The whole graph is read once per database and kept in the process. Every
change to its records appends a row to the ``graph_changes`` log in the
same transaction (:mod:`kafo.services.network.changes`); before each query
the graph applies the rows it has not seen (:mod:`kafo.services.changelog`):
the changed records are read again and replace what they contributed
(:func:`~kafo.services.network.load.apply_changes`), so a new seizure costs
the reading of that seizure, not of every record. The graph is read whole
again only when the changes are many or a large share of its links has
been replaced. It reads through a connection of its own, one consistent
state of the database at a time: a session's uncommitted changes never
reach the graph other users query.

A user's view then applies the one access filter's rules to the audiences
of nodes and edges (:func:`kafo.services.access.visible_audiences`).
"""

from __future__ import annotations

import ctypes
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

import numpy as np
from sqlalchemy import Connection, Engine, Table
from sqlalchemy.orm import Session

from kafo.db import snapshot
from kafo.model.network import GraphChange
from kafo.model.vocab import Sharing
from kafo.schemas.network import EdgeOut, NodeOut
from kafo.services import audit
from kafo.services.access import visible_audiences
from kafo.services.actor import Actor
from kafo.services.changelog import LogReader
from kafo.services.errors import NotFound
from kafo.services.network.graph import NO_AUDIENCE, NO_DAY, Graph, View, make_view
from kafo.services.network.load import EPOCH, Delta, apply_changes, load_graph

RECORD_KINDS = ("person", "seizure", "firearm", "vehicle", "case", "entry")
RELOAD_AT = 50_000  # changed records above which the graph is read whole again
RELOAD_SHARE = 0.25  # share of replaced links above which it is read whole again
VIEWS_KEPT = 32


class _Kept:
    """One database's graph and where it stands in the change log."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.graph: Graph | None = None
        self.log = LogReader(cast(Table, GraphChange.__table__), ("kind", "record_id"))


_lock = threading.Lock()
_graphs: dict[str, _Kept] = {}
# Views are kept too (a user's next query reuses the masks): most recent last.
_views: OrderedDict[tuple[int, bytes, Filters], View] = OrderedDict()


def current_graph(session: Session) -> Graph:
    """The graph of this database with every committed change applied."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    key = engine.url.render_as_string(hide_password=True)
    with _lock:
        kept = _graphs.setdefault(key, _Kept())
    with kept.lock, engine.connect() as connection:
        conn = snapshot(connection)  # the log and the records as of one moment
        old = kept.graph
        try:
            if old is None or not kept.log.loaded:
                kept.log.start(conn)  # before the reading: what comes after is read again
                kept.graph = _read_whole(conn)
            else:
                delta = Delta.of(kept.log.read(conn))
                if delta.whole or len(delta) > RELOAD_AT or old.dead_share > RELOAD_SHARE:
                    kept.log.start(conn)
                    kept.graph = _read_whole(conn)
                elif len(delta):
                    kept.graph = apply_changes(conn, old, delta)
        except BaseException:
            kept.graph = None  # half applied: read whole at the next query
            kept.log.reset()
            raise
        graph = kept.graph
        assert graph is not None
    if old is not None and graph is not old:
        with _lock:  # the views of the graph replaced are not used again
            for stale in [k for k in _views if k[0] == id(old)]:
                del _views[stale]
    return graph


def _read_whole(conn: Connection) -> Graph:
    """Every record's graph."""
    graph = load_graph(conn)
    give_back_memory()
    return graph


def give_back_memory() -> None:
    """Return the pages of freed objects to the system. After a whole
    reading (or a betweenness) the many short-lived objects are freed, but
    the C library keeps their pages for later use: a hundred megabytes or
    so at national scale. glibc only; elsewhere the process reuses them."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, from the symbols the process has loaded."""
    try:
        return cast(Callable[[int], int], ctypes.CDLL(None).malloc_trim)
    except (OSError, AttributeError):
        return None


def forget() -> None:
    """Drop the kept graphs (tests empty tables behind the log's back)."""
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
        if v is not None and v < len(view.node_ok) and view.node_ok[v]:
            return v
    raise NotFound(f"no entity {text}")


def node_out(view: View, v: int) -> NodeOut:
    g = view.graph
    a = int(g.node_audience[v])
    audience = g.data.audiences[a] if a != NO_AUDIENCE else None
    return NodeOut(
        key=g.data.keys[v],
        kind=g.kind(v),
        label=g.data.labels[v],
        country=g.country(v),
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
        kind=g.edge_kind_name(e),
        date=day(int(g.day[e])),
        record=g.source_key(e),
        detail=g.detail_text(e),
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
