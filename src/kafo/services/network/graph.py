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
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

IntArray = npt.NDArray[np.int64]
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


@dataclass
class GraphData:
    """Nodes and edges as loaded, before the adjacency is built."""

    kinds: list[str] = field(default_factory=list)  # node kind per node
    keys: list[str] = field(default_factory=list)  # "seizure:<id>", "phone:+223…"
    labels: list[str] = field(default_factory=list)
    countries: list[str | None] = field(default_factory=list)
    node_audience: list[int] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    dst: list[int] = field(default_factory=list)
    edge_kind: list[str] = field(default_factory=list)
    day: list[int] = field(default_factory=list)  # days since 1970-01-01, or NO_DAY
    edge_audience: list[int] = field(default_factory=list)
    source: list[str] = field(default_factory=list)  # the record an edge comes from
    detail: list[str | None] = field(default_factory=list)  # e.g. the role, the score
    tags: dict[int, set[str]] = field(default_factory=dict)  # e.g. "explosive", "listed"
    audiences: list[Audience] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)
    _audience_index: dict[Audience, int] = field(default_factory=dict)

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
        audience: Audience | None = None,
    ) -> int:
        """The node's index, added the first time its key is seen."""
        found = self._index.get(key)
        if found is not None:
            return found
        index = self._index[key] = len(self.keys)
        self.keys.append(key)
        self.kinds.append(kind)
        self.labels.append(label)
        self.countries.append(country)
        self.node_audience.append(self.audience(audience))
        return index

    def edge(
        self,
        a: int,
        b: int,
        kind: str,
        day: int,
        audience: Audience | None,
        source: str,
        detail: str | None = None,
    ) -> None:
        self.detail.append(detail)
        self.src.append(a)
        self.dst.append(b)
        self.edge_kind.append(kind)
        self.day.append(day)
        self.edge_audience.append(self.audience(audience))
        self.source.append(source)


class Graph:
    """The loaded graph with its adjacency (read-only once built)."""

    def __init__(self, data: GraphData) -> None:
        self.data = data
        self.n = len(data.keys)
        self.index = dict(data._index)
        self.kind_names = sorted(set(data.kinds))
        self.edge_kind_names = sorted(set(data.edge_kind))
        kind_code = {k: i for i, k in enumerate(self.kind_names)}
        edge_code = {k: i for i, k in enumerate(self.edge_kind_names)}
        self.node_kind = np.fromiter((kind_code[k] for k in data.kinds), np.int64, self.n)
        self.node_audience = np.asarray(data.node_audience, dtype=np.int64)
        self.src = np.asarray(data.src, dtype=np.int64)
        self.dst = np.asarray(data.dst, dtype=np.int64)
        self.m = len(self.src)
        self.edge_kind = np.fromiter((edge_code[k] for k in data.edge_kind), np.int64, self.m)
        self.day = np.asarray(data.day, dtype=np.int64)
        self.edge_audience = np.asarray(data.edge_audience, dtype=np.int64)
        ends = np.concatenate([self.src, self.dst])
        other = np.concatenate([self.dst, self.src])
        edge_ids = np.concatenate([np.arange(self.m), np.arange(self.m)])
        order = np.argsort(ends, kind="stable")
        self.nbr: IntArray = other[order]
        self.eid: IntArray = edge_ids[order]
        self.indptr: IntArray = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ends, minlength=self.n), out=self.indptr[1:])

    def edge_kind_of(self, e: int) -> str:
        return self.edge_kind_names[int(self.edge_kind[e])]

    def kind_of(self, v: int) -> str:
        return self.kind_names[int(self.node_kind[v])]


@dataclass(frozen=True)
class View:
    """What one query may walk: ``node_ok`` and ``edge_ok`` masks."""

    graph: Graph
    node_ok: BoolArray
    edge_ok: BoolArray

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
        in_country = np.fromiter(
            (c is None or c in wanted for c in g.data.countries), np.bool_, g.n
        )
        node_ok &= in_country
    edge_ok = allowed_plus[g.edge_audience] & node_ok[g.src] & node_ok[g.dst]
    if kinds:
        codes = [g.edge_kind_names.index(k) for k in kinds if k in g.edge_kind_names]
        edge_ok &= np.isin(g.edge_kind, codes)
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


def shortest_path(view: View, a: int, b: int, max_hops: int = 12) -> list[tuple[int, int]] | None:
    """The shortest path from ``a`` to ``b`` as ``(node, edge that led to it)``
    steps (the first edge is -1); bidirectional breadth-first search."""
    if a == b:
        return [(a, -1)]
    parents: list[dict[int, tuple[int, int]]] = [{a: (-1, -1)}, {b: (-1, -1)}]
    frontiers = [deque([a]), deque([b])]
    for _round in range(max_hops):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, theirs = parents[side], parents[1 - side]
        nxt: deque[int] = deque()
        for v in frontiers[side]:
            for u, e in view.adjacent(v):
                if u in mine:
                    continue
                mine[u] = (v, e)
                if u in theirs:
                    return _joined(parents, u)
                nxt.append(u)
        if not nxt:
            return None
        frontiers[side] = nxt
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
    """Approximate betweenness of ``nodes`` (Brandes' accumulation from
    ``samples`` random sources among them, scaled to all of them).

    With k sources drawn uniformly, the estimate of a node's normalised
    betweenness is within ε of the exact value with probability 1 − δ once
    k ≥ (1 / 2ε²) ln(2n / δ) (Hoeffding with a union bound, as in Brandes
    and Pich 2007); :func:`sampling_error` gives ε for a k.
    """
    pool = list(nodes)
    if not pool:
        return {}
    sources = pool if samples >= len(pool) else random.Random(seed).sample(pool, samples)
    score: dict[int, float] = dict.fromkeys(pool, 0.0)
    for s in sources:
        order, preds, sigma = _bfs_counts(view, s)
        delta = dict.fromkeys(order, 0.0)
        for w in reversed(order):
            for v in preds[w]:
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w])
            if w != s and w in score:
                score[w] += delta[w]
    scale = len(pool) / len(sources) / 2.0  # undirected: each path counted twice
    return {v: b * scale for v, b in score.items()}


def sampling_error(n: int, samples: int, delta: float = 0.1) -> float:
    """The ε of :func:`betweenness` for ``samples`` sources among ``n`` nodes."""
    return math.sqrt(math.log(2 * max(n, 1) / delta) / (2 * max(samples, 1)))


def _bfs_counts(view: View, s: int) -> tuple[list[int], dict[int, list[int]], dict[int, float]]:
    order: list[int] = []
    preds: dict[int, list[int]] = {s: []}
    sigma = {s: 1.0}
    dist = {s: 0}
    queue = deque([s])
    while queue:
        v = queue.popleft()
        order.append(v)
        # Paths run between nodes: parallel links (two kinds of link between
        # the same two records) do not make two paths.
        for u in {u for u, _e in view.adjacent(v)}:
            if u not in dist:
                dist[u] = dist[v] + 1
                sigma[u] = 0.0
                preds[u] = []
                queue.append(u)
            if dist[u] == dist[v] + 1:
                sigma[u] += sigma[v]
                preds[u].append(v)
    return order, preds, sigma
