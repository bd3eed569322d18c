"""The link graph as arrays, and the traversals the analyses use. Pure.

Nodes are records (persons, firearms, vehicles, seizures, cases, watchlist
entries) and shared values (phones, identity documents, places); edges are
derived from the records, each with its kind, date, and the *audience* of
the record it comes from (owner country, sharing label, operation). The
adjacency is one CSR array over both directions, so a traversal reads a
node's edges as a slice.

A user's graph is a :class:`View`: boolean masks over nodes and edges,
computed once per query from the audiences the user may see (decided by
the one access filter, :mod:`kafo.services.access`) and from the query's
filters (time window, countries, edge kinds). Every traversal takes the
view, so nothing the user may not see is ever walked through.
"""

from __future__ import annotations

import math
import random
import uuid
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import igraph as ig
import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

IntArray = npt.NDArray[Any]  # int32 for node and edge numbers, int64 for offsets
BoolArray = npt.NDArray[np.bool_]
NO_AUDIENCE = -1  # a shared value (phone, document, place): seen through its edges
NO_DAY = -1


@dataclass(frozen=True)
class Audience:
    """Who sees a record: the inputs of :func:`kafo.services.access.visible`."""

    owner: str
    sharing: str
    operation: uuid.UUID | None
    handling: str | None = None


class Codes:
    """Strings stored once and referred to by number (kinds, countries, roles)."""

    def __init__(self) -> None:
        self.names: list[str | None] = []
        self._codes: dict[str | None, int] = {}

    def code(self, name: str | None) -> int:
        found = self._codes.get(name)
        if found is None:
            found = self._codes[name] = len(self.names)
            self.names.append(name)
        return found


class GraphData:
    """Nodes and edges as loaded, before the adjacency is built.

    Kept compact for a national graph of millions of links: numbers in
    arrays, repeated strings (kinds, countries, roles) once; an edge's
    source record is the index of that record's node."""

    def __init__(self) -> None:
        self.keys: list[str] = []  # "seizure:<id>", "phone:+223…"
        self.labels: list[str] = []
        self.node_kind = array("b")
        self.node_country = array("h")
        # 32-bit numbers: a national graph has millions of links, not billions.
        self.node_audience = array("i")
        self.src, self.dst = array("i"), array("i")
        self.edge_kind = array("b")
        self.day = array("i")  # days since 1970-01-01, or NO_DAY
        self.edge_audience = array("i")
        self.source = array("i")  # the node of the record an edge comes from
        self.detail = array("i")  # e.g. the role, the score
        self.kinds, self.edge_kinds, self.countries, self.details = (
            Codes(),
            Codes(),
            Codes(),
            Codes(),
        )
        self.tags: dict[int, set[str]] = {}  # e.g. "explosive:…", "watchlist_hit"
        self.audiences: list[Audience] = []
        self.index: dict[str, int] = {}
        self._audience_index: dict[Audience, int] = {}

    def audience(self, audience: Audience | None) -> int:
        if audience is None:
            return NO_AUDIENCE
        if audience not in self._audience_index:
            self._audience_index[audience] = len(self.audiences)
            self.audiences.append(audience)
        return self._audience_index[audience]

    def node(
        self,
        key: str,
        kind: str,
        label: str,
        country: str | None = None,
        audience: int = NO_AUDIENCE,
    ) -> int:
        """The node's index, added the first time its key is seen
        (``audience``: a code from :meth:`audience`)."""
        found = self.index.get(key)
        if found is not None:
            return found
        index = self.index[key] = len(self.keys)
        self.keys.append(key)
        self.labels.append(label)
        self.node_kind.append(self.kinds.code(kind))
        self.node_country.append(self.countries.code(country))
        self.node_audience.append(audience)
        return index

    def edge(
        self,
        a: int,
        b: int,
        kind: str,
        day: int,
        audience: int,
        source: int,
        detail: str | None = None,
    ) -> None:
        self.src.append(a)
        self.dst.append(b)
        self.edge_kind.append(self.edge_kinds.code(kind))
        self.day.append(day)
        self.edge_audience.append(audience)
        self.source.append(source)
        self.detail.append(self.details.code(detail))

    def edges(
        self,
        src: Sequence[int],
        dst: Sequence[int],
        kind: str,
        audience: Sequence[int],
        source: Sequence[int],
        day: int = NO_DAY,
    ) -> None:
        """Many edges of one kind at once (the bulk of a national graph)."""
        count = len(src)
        self.src.extend(src)
        self.dst.extend(dst)
        self.edge_kind.extend([self.edge_kinds.code(kind)] * count)
        self.day.extend([day] * count)
        self.edge_audience.extend(audience)
        self.source.extend(source)
        self.detail.extend([self.details.code(None)] * count)

    def kind(self, v: int) -> str:
        return str(self.kinds.names[self.node_kind[v]])

    def country(self, v: int) -> str | None:
        return self.countries.names[self.node_country[v]]

    def edge_kind_name(self, e: int) -> str:
        return str(self.edge_kinds.names[self.edge_kind[e]])

    def detail_text(self, e: int) -> str | None:
        return self.details.names[self.detail[e]]

    def source_key(self, e: int) -> str:
        return self.keys[self.source[e]]


class Graph:
    """The loaded graph with its adjacency (read-only once built)."""

    def __init__(self, data: GraphData) -> None:
        self.data = data
        self.n = len(data.keys)
        self.index = data.index
        self.node_kind = np.frombuffer(data.node_kind, dtype=np.int8)
        self.node_audience = np.frombuffer(data.node_audience, dtype=np.int32)
        self.src = np.frombuffer(data.src, dtype=np.int32)
        self.dst = np.frombuffer(data.dst, dtype=np.int32)
        self.m = len(self.src)
        self.edge_kind = np.frombuffer(data.edge_kind, dtype=np.int8)
        self.day = np.frombuffer(data.day, dtype=np.int32)
        self.edge_audience = np.frombuffer(data.edge_audience, dtype=np.int32)
        ends = np.concatenate([self.src, self.dst])
        order = np.argsort(ends, kind="stable")
        self.nbr: IntArray = np.concatenate([self.dst, self.src])[order]
        edge_ids = np.arange(self.m, dtype=np.int32)
        self.eid: IntArray = np.concatenate([edge_ids, edge_ids])[order]
        self.indptr: IntArray = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ends, minlength=self.n), out=self.indptr[1:])
        del ends, order

    def kind_code(self, names: Sequence[str]) -> list[int]:
        """The codes of the edge kinds among ``names`` that the graph has."""
        known = self.data.edge_kinds.names
        return [known.index(k) for k in names if k in known]


class View:
    """What one query may walk: ``node_ok`` and ``edge_ok`` masks."""

    def __init__(self, graph: Graph, node_ok: BoolArray, edge_ok: BoolArray) -> None:
        self.graph, self.node_ok, self.edge_ok = graph, node_ok, edge_ok
        self._igraph: ig.Graph | None = None

    def igraph(self) -> ig.Graph:
        """The visible links as an igraph graph (built once per view), for
        the algorithms igraph does in C."""
        if self._igraph is None:
            g = self.graph
            ends = np.column_stack([g.src[self.edge_ok], g.dst[self.edge_ok]])
            built = ig.Graph(n=g.n, edges=ends)
            built.simplify(multiple=True, loops=True)
            self._igraph = built
        return self._igraph

    def adjacent(self, v: int) -> Iterable[tuple[int, int]]:
        """``(neighbour, edge)`` pairs of ``v`` within the view."""
        g = self.graph
        lo, hi = g.indptr[v], g.indptr[v + 1]
        nbrs, edges = g.nbr[lo:hi], g.eid[lo:hi]
        keep = self.edge_ok[edges]
        return zip(nbrs[keep].tolist(), edges[keep].tolist(), strict=True)


def make_view(
    graph: Graph,
    allowed: BoolArray,
    *,
    kinds: Sequence[str] = (),
    since: int | None = None,
    until: int | None = None,
    countries: Sequence[str] = (),
) -> View:
    """The masks for audiences ``allowed`` (indexed by audience) and the filters.

    A node with an audience is seen when its audience is allowed; a shared
    value (no audience) is seen when one of its edges is. An edge is seen
    when its own audience is allowed, both ends are seen, and it passes the
    filters (kinds, time window; countries restrict record nodes)."""
    g = graph
    allowed_plus = np.append(allowed, True)  # index -1: no audience
    node_ok = allowed_plus[g.node_audience]
    if countries:
        wanted = set(countries)
        codes = [c is None or c in wanted for c in g.data.countries.names]
        node_country = np.frombuffer(g.data.node_country, dtype=np.int16)
        node_ok &= np.asarray(codes, dtype=np.bool_)[node_country]
    edge_ok = allowed_plus[g.edge_audience] & node_ok[g.src] & node_ok[g.dst]
    if kinds:
        edge_ok &= np.isin(g.edge_kind, g.kind_code(kinds))
    if since is not None:
        edge_ok &= (g.day == NO_DAY) | (g.day >= since)
    if until is not None:
        edge_ok &= (g.day == NO_DAY) | (g.day <= until)
    shared = g.node_audience == NO_AUDIENCE
    touched = np.zeros(g.n, dtype=np.bool_)
    touched[g.src[edge_ok]] = True
    touched[g.dst[edge_ok]] = True
    node_ok &= ~shared | touched
    return View(g, node_ok, edge_ok)


def components(view: View) -> list[IntArray]:
    """Connected groups of two nodes or more, largest first."""
    g = view.graph
    s, d = g.src[view.edge_ok], g.dst[view.edge_ok]
    matrix = coo_matrix((np.ones(len(s), dtype=np.int8), (s, d)), shape=(g.n, g.n))
    _count, labels = connected_components(matrix, directed=False)
    labels = np.where(view.node_ok, labels, -1)
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    cuts = np.flatnonzero(np.diff(sorted_labels)) + 1
    groups = [grp for grp in np.split(order, cuts) if len(grp) > 1 and labels[grp[0]] >= 0]
    groups.sort(key=lambda grp: (-len(grp), int(grp.min())))
    return groups


def neighbourhood(view: View, start: int, hops: int, limit: int) -> tuple[list[int], list[int]]:
    """Nodes within ``hops`` of ``start`` (at most ``limit``), and the edges among them."""
    seen = {start: 0}
    edges: set[int] = set()
    frontier = [start]
    for depth in range(1, hops + 1):
        nxt = []
        for v in frontier:
            for u, e in view.adjacent(v):
                if u not in seen:
                    if len(seen) >= limit:
                        continue
                    seen[u] = depth
                    nxt.append(u)
                edges.add(e)
        frontier = nxt
    kept = [e for e in edges if int(view.graph.src[e]) in seen and int(view.graph.dst[e]) in seen]
    return list(seen), sorted(kept)


def _expand(view: View, frontier: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Every visible link out of ``frontier``, as (from, to, edge) arrays:
    one vectorised gather over the CSR slices instead of a slice per node."""
    g = view.graph
    starts = g.indptr[frontier]
    lengths = g.indptr[frontier + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    before = np.cumsum(lengths) - lengths
    pos = np.repeat(starts - before, lengths) + np.arange(total)
    edges = g.eid[pos]
    keep = view.edge_ok[edges]
    return np.repeat(frontier, lengths)[keep], g.nbr[pos][keep], edges[keep]


def shortest_path(view: View, a: int, b: int, max_hops: int = 12) -> list[tuple[int, int]] | None:
    """The shortest path from ``a`` to ``b`` as ``(node, edge that led to it)``
    steps (the first edge is -1): bidirectional breadth-first search, a whole
    level at a time, expanding the smaller side; of the nodes where the two
    searches meet, the one on the shortest path is taken."""
    if a == b:
        return [(a, -1)]
    n = view.graph.n
    parents: list[dict[int, tuple[int, int]]] = [{a: (-1, -1)}, {b: (-1, -1)}]
    depth: list[dict[int, int]] = [{a: 0}, {b: 0}]
    seen = [np.zeros(n, dtype=np.bool_), np.zeros(n, dtype=np.bool_)]
    seen[0][a] = seen[1][b] = True
    frontiers = [np.asarray([a], dtype=np.int64), np.asarray([b], dtype=np.int64)]
    levels = [0, 0]
    for _round in range(max_hops):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        src, dst, edges = _expand(view, frontiers[side])
        fresh = ~seen[side][dst]
        src, dst, edges = src[fresh], dst[fresh], edges[fresh]
        dst, first = np.unique(dst, return_index=True)
        if len(dst) == 0:
            return None
        src, edges = src[first], edges[first]
        levels[side] += 1
        seen[side][dst] = True
        mine = parents[side]
        mine.update(zip(dst.tolist(), zip(src.tolist(), edges.tolist(), strict=True), strict=True))
        meets = dst[seen[1 - side][dst]]
        if len(meets):
            other = depth[1 - side]
            return _joined(parents, min(meets.tolist(), key=lambda u: (other[u], u)))
        depth[side].update(dict.fromkeys(dst.tolist(), levels[side]))
        frontiers[side] = dst
    return None


def _joined(parents: list[dict[int, tuple[int, int]]], meet: int) -> list[tuple[int, int]]:
    left: list[tuple[int, int]] = []
    v = meet
    while v != -1:
        prev, e = parents[0][v]
        left.append((v, e))
        v = prev
    left.reverse()
    path = left
    v, (nxt, e) = meet, parents[1][meet]
    while nxt != -1:
        path.append((nxt, e))
        v, (nxt, e) = nxt, parents[1][nxt]
    return path


def degree(view: View) -> IntArray:
    g = view.graph
    ok = view.edge_ok
    return np.bincount(g.src[ok], minlength=g.n) + np.bincount(g.dst[ok], minlength=g.n)


def betweenness(view: View, nodes: Sequence[int], samples: int, seed: int = 0) -> dict[int, float]:
    """Approximate betweenness of ``nodes``: shortest paths from ``samples``
    random sources among them (igraph, in C), scaled to all of them.

    Parallel links between two nodes count as one (paths run between
    nodes). With k sources drawn uniformly, each node's normalised
    betweenness is within ε of the exact value with probability 1 − δ once
    k ≥ (1 / 2ε²) ln(2n / δ) (Hoeffding with a union bound, as in Brandes
    and Pich 2007); :func:`sampling_error` gives ε for a k. With as many
    samples as nodes the result is exact.
    """
    pool = list(nodes)
    if not pool:
        return {}
    sources = pool if samples >= len(pool) else random.Random(seed).sample(pool, samples)
    values = view.igraph().betweenness(vertices=pool, directed=False, sources=sources)
    scale = len(pool) / len(sources)
    return {v: b * scale for v, b in zip(pool, values, strict=True)}


def sampling_error(n: int, samples: int, delta: float = 0.1) -> float:
    """The ε of :func:`betweenness` for ``samples`` sources among ``n`` nodes."""
    return math.sqrt(math.log(2 * max(n, 1) / delta) / (2 * max(samples, 1)))
