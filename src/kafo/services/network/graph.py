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

import itertools
import uuid
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix, csr_array
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

    def of(self, names: Iterable[str]) -> list[int]:
        """The codes of those of ``names`` already stored."""
        return [self._codes[k] for k in names if k in self._codes]

    def each(self, names: Sequence[str | None]) -> list[int]:
        """The code of each of ``names`` (new ones stored in the order first met)."""
        codes = {name: self.code(name) for name in dict.fromkeys(names)}
        return [codes[name] for name in names]


_Codes = tuple[int, int, int]  # a node's kind, country and audience codes
_NODE_ARRAYS = {"node_kind": "b", "node_country": "h", "node_audience": "i"}
_EDGE_ARRAYS = {
    "src": "i",
    "dst": "i",
    "edge_kind": "b",
    "day": "i",
    "edge_audience": "i",
    "source": "i",
    "detail": "i",
}


class GraphData:
    """What a reading of the records found: the nodes and edges added since
    the graph was last built (*staged*, in compact arrays), and what every
    build shares (keys, labels, codes, audiences, tags), which only grows.

    Kept compact for a national graph of millions of links: numbers in
    arrays, repeated strings (kinds, countries, roles) once; an edge's
    source record is the index of that record's node. Node numbers run on
    from one reading to the next (a node keeps its number), edge numbers
    too (``edge_base`` edges are already in the graph)."""

    def __init__(self) -> None:
        self.keys: list[str] = []  # "seizure:<id>", "phone:+223…"
        self.labels: list[str] = []
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
        self.lots: dict[int, tuple[str, str, str, int]] = {}  # batch node → its lot
        self.stats: dict[str, float] = {}  # of the readings, for logs and benchmarks
        self.node_base = self.edge_base = 0
        self._stage()

    # Staged: 32-bit numbers (a national graph has millions of links, not billions).
    node_kind: array[int]
    node_country: array[int]
    node_audience: array[int]
    src: array[int]
    dst: array[int]
    edge_kind: array[int]
    day: array[int]  # days since 1970-01-01, or NO_DAY
    edge_audience: array[int]
    source: array[int]  # the node of the record an edge comes from
    detail: array[int]  # e.g. the role, the score

    def _stage(self) -> None:
        for name, code in (_NODE_ARRAYS | _EDGE_ARRAYS).items():
            setattr(self, name, array(code))
        # Nodes of an earlier build read again: (kind, country, audience) codes.
        self.updated: dict[int, _Codes] = {}

    def drain(self) -> tuple[dict[str, IntArray], dict[str, IntArray], dict[int, _Codes]]:
        """The staged node and edge arrays (without copying) and the updated
        nodes; the staging starts empty again."""
        nodes = {name: _numbers(getattr(self, name)) for name in _NODE_ARRAYS}
        edges = {name: _numbers(getattr(self, name)) for name in _EDGE_ARRAYS}
        updated = self.updated
        self.node_base = len(self.keys)
        self.edge_base += len(self.src)
        self._stage()
        return nodes, edges, updated

    @property
    def edge_count(self) -> int:
        return self.edge_base + len(self.src)

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
        (``audience``: a code from :meth:`audience`). A node of an earlier
        build read again takes the label, country and audience read now."""
        found = self.index.get(key)
        if found is not None:
            if found < self.node_base:
                self.labels[found] = label
                codes = (self.kinds.code(kind), self.countries.code(country), audience)
                self.updated[found] = codes
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

    def nodes(
        self,
        keys: Sequence[str],
        kind: str,
        labels: Sequence[str],
        countries: Sequence[str | None],
        audiences: Sequence[int],
    ) -> Sequence[int]:
        """Many nodes of one kind at once, as :meth:`node` would add them one
        by one (the records of a national graph: no call per node)."""
        start = len(self.keys)
        new = dict(zip(keys, range(start, start + len(keys)), strict=True))
        if len(new) < len(keys) or not self.index.keys().isdisjoint(new):
            # Keys seen before, or twice: one by one.
            return [
                self.node(key, kind, label, country, audience)
                for key, label, country, audience in zip(
                    keys, labels, countries, audiences, strict=True
                )
            ]
        self.index.update(new)
        self.keys.extend(keys)
        self.labels.extend(labels)
        self.node_kind.extend([self.kinds.code(kind)] * len(keys))
        self.node_country.extend(self.countries.each(countries))
        self.node_audience.extend(audiences)
        return range(start, start + len(keys))

    def edges(
        self,
        src: Sequence[int] | IntArray,
        dst: Sequence[int] | IntArray,
        kind: str,
        audience: Sequence[int] | IntArray,
        source: Sequence[int] | IntArray,
        day: int | Sequence[int] = NO_DAY,
        detail: str | Sequence[str | None] | None = None,
    ) -> None:
        """Many edges of one kind at once (the bulk of a national graph):
        ``day`` and ``detail`` one for all or one per edge."""
        count = len(src)
        _extend(self.src, src)
        _extend(self.dst, dst)
        self.edge_kind.extend(array("b", [self.edge_kinds.code(kind)]) * count)
        self.day.extend(array("i", [day]) * count if isinstance(day, int) else day)
        _extend(self.edge_audience, audience)
        _extend(self.source, source)
        if detail is None or isinstance(detail, str):
            self.detail.extend(array("i", [self.details.code(detail)]) * count)
        else:
            self.detail.extend(self.details.each(detail))


_DTYPES = {"b": np.int8, "h": np.int16, "i": np.int32}


def _extend(staged: array[int], values: Sequence[int] | IntArray) -> None:
    """``values`` appended to a staged array (numbers from numpy as bytes)."""
    if isinstance(values, np.ndarray):
        staged.frombytes(values.astype(_DTYPES[staged.typecode], copy=False).tobytes())
    else:
        staged.extend(values)


def _numbers(values: array[int]) -> IntArray:
    """A staged array as numpy, sharing its memory."""
    if not values:
        return np.zeros(0, dtype=_DTYPES[values.typecode])
    return np.frombuffer(values, dtype=_DTYPES[values.typecode])


@dataclass(frozen=True)
class Changes:
    """What a reading of changed records replaces in the graph built before it."""

    dead_edges: IntArray  # edges of the records read again (and of records gone)
    dead_nodes: IntArray  # records gone (the staged reading revives those it found)
    # Nodes that exist only through their links (watchlist entries, through
    # alerts): gone when none of their links is left.
    orphans: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))


class Graph:
    """The graph with its adjacency, built from a reading (read-only once
    built). A graph is built whole from a first reading, or from the graph
    before it and a reading of the records changed since
    (:class:`Changes`): what those records contributed before is marked
    dead and their contribution as read now is added, so node and edge
    numbers stay put."""

    def __init__(
        self, data: GraphData, before: Graph | None = None, changes: Changes | None = None
    ) -> None:
        first_node, first_edge = data.node_base, data.edge_base
        nodes, edges, updated = data.drain()
        self.data = data
        self.index = data.index
        self.n = len(data.keys)
        self.m = data.edge_base
        # The edge arrays only grow: each is a prefix of a buffer with room
        # to spare, which the next graph extends in place (this graph never
        # reads past its own length, and only the next graph built on it
        # may write there), so applying a few changes copies none of the
        # millions of links.
        self._buffers: dict[str, IntArray] = {}
        for name, values in edges.items():
            setattr(self, name, self._extended(before, name, values))
        del edges
        if before is None:
            for name, values in nodes.items():
                setattr(self, name, values)
            self.node_live: BoolArray = np.ones(self.n, dtype=np.bool_)
            self.live: BoolArray = np.ones(self.m, dtype=np.bool_)
            self.indptr, self.eid = adjacency(self.n, self.src, self.dst)
        else:
            assert before.n == first_node and before.m == first_edge
            for name, values in nodes.items():
                setattr(self, name, np.concatenate([getattr(before, name), values]))
            self.node_live = np.concatenate(
                [before.node_live, np.ones(self.n - first_node, np.bool_)]
            )
            self.live = np.concatenate([before.live, np.ones(self.m - first_edge, np.bool_)])
            if changes is not None:
                self.node_live[changes.dead_nodes] = False
                self.live[changes.dead_edges] = False
            if updated:
                at = np.fromiter(updated, dtype=np.int64, count=len(updated))
                codes = np.asarray(list(updated.values()), dtype=np.int32).reshape(-1, 3)
                self.node_kind[at], self.node_country[at], self.node_audience[at] = codes.T
                self.node_live[at] = True
            self.indptr, self.eid = merged_adjacency(
                before.indptr, before.eid, self.n, self.src, self.dst, first_edge
            )
            if changes is not None:
                for v in changes.orphans.tolist():
                    if len(self.edges_at(v)) == 0:
                        self.node_live[v] = False
        # The share of edges no longer current (a whole reading clears them).
        self.dead_share = 0.0 if self.m == 0 else 1.0 - float(self.live.sum()) / self.m

    def _extended(self, before: Graph | None, name: str, values: IntArray) -> IntArray:
        """``before``'s array ``name`` followed by ``values``, in ``before``'s
        buffer when it has room (a new one, 1/8 larger, when not)."""
        old = getattr(before, name) if before is not None else values[:0]
        # Taken from ``before``: a second graph built on it writes its own.
        buffer = before._buffers.pop(name, None) if before is not None else None
        end = len(old) + len(values)
        if buffer is None or len(buffer) < end:
            buffer = np.empty(end + end // 8 + 1024, dtype=values.dtype)
            buffer[: len(old)] = old
        buffer[len(old) : end] = values
        self._buffers[name] = buffer
        return buffer[:end]

    # Typed attributes set above from the staged arrays.
    node_kind: IntArray
    node_country: IntArray
    node_audience: IntArray
    src: IntArray
    dst: IntArray
    edge_kind: IntArray
    day: IntArray
    edge_audience: IntArray
    source: IntArray
    detail: IntArray

    def kind_code(self, names: Sequence[str]) -> list[int]:
        """The codes of the edge kinds among ``names`` that the graph has."""
        return self.data.edge_kinds.of(names)

    def edges_at(self, v: int) -> IntArray:
        """The current edges of node ``v`` (whatever a view shows)."""
        edges = self.eid[self.indptr[v] : self.indptr[v + 1]]
        return edges[self.live[edges]]

    def kind(self, v: int) -> str:
        return str(self.data.kinds.names[self.node_kind[v]])

    def country(self, v: int) -> str | None:
        return self.data.countries.names[int(self.node_country[v])]

    def edge_kind_name(self, e: int) -> str:
        return str(self.data.edge_kinds.names[self.edge_kind[e]])

    def detail_text(self, e: int) -> str | None:
        return self.data.details.names[int(self.detail[e])]

    def source_key(self, e: int) -> str:
        return self.data.keys[int(self.source[e])]

    def other_end(self, v: int | IntArray, e: int | IntArray) -> Any:
        """The node at the other end of edge ``e`` from ``v`` (``v`` for a loop)."""
        return self.src[e] ^ self.dst[e] ^ v


def adjacency(n: int, src: IntArray, dst: IntArray) -> tuple[IntArray, IntArray]:
    """Each node's edges as one slice of ``eid`` (both directions, CSR).

    A counting sort in C through scipy: each end of each edge is an entry
    in the row of its node and a column of its own, so no two entries
    coincide and the rows keep the entries in edge order."""
    m = len(src)
    ends = np.concatenate([src, dst])
    slots = np.arange(2 * m, dtype=np.int64 if 2 * m >= 2**31 else np.int32)
    ones: IntArray = np.ones(2 * m, dtype=np.int8)
    matrix = csr_array((ones, (ends, slots)), shape=(n, max(2 * m, 1)))
    del ends, slots
    eid = matrix.indices.astype(np.int32, copy=False)
    eid[eid >= m] -= m
    return matrix.indptr, eid


MERGE_AT_MOST = 20_000  # nodes gaining links, above which the adjacency is built anew


def merged_adjacency(
    indptr: IntArray, eid: IntArray, n: int, src: IntArray, dst: IntArray, first: int
) -> tuple[IntArray, IntArray]:
    """The adjacency ``(indptr, eid)`` of the first ``first`` edges, with
    the edges from ``first`` on merged in (and nodes added up to ``n``).

    A node's slice is its earlier entries, then its new ones. Between two
    nodes that gain links, every earlier entry moves by the same amount, so
    the earlier entries are copied in as many blocks as there are such
    nodes, and nothing the size of the graph is built beside the result."""
    fresh_ptr, fresh = adjacency(n, src[first:], dst[first:])
    gained = np.diff(fresh_ptr).astype(np.int64)
    touched = np.flatnonzero(gained)
    if len(touched) > MERGE_AT_MOST:
        return adjacency(n, src, dst)
    known = len(indptr) - 1
    had = np.zeros(n, dtype=np.int64)
    had[:known] = np.diff(indptr)
    out_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(had + gained, out=out_ptr[1:])
    out = np.empty(int(out_ptr[-1]), dtype=np.int32)
    starts = [0, *(touched + 1).tolist()]
    ends = [*(touched + 1).tolist(), known]
    for a, b in zip(starts, ends, strict=True):
        a, b = min(a, known), min(b, known)
        if a < b:
            lo, hi = int(indptr[a]), int(indptr[b])
            shift = int(out_ptr[a]) - lo
            out[lo + shift : hi + shift] = eid[lo:hi]
    owner = np.repeat(touched, gained[touched])
    rank = np.arange(len(fresh), dtype=np.int64) - np.repeat(fresh_ptr[touched], gained[touched])
    out[out_ptr[owner] + had[owner] + rank] = fresh + first
    return out_ptr, out


class View:
    """What one query may walk: ``node_ok`` and ``edge_ok`` masks."""

    def __init__(self, graph: Graph, node_ok: BoolArray, edge_ok: BoolArray) -> None:
        self.graph, self.node_ok, self.edge_ok = graph, node_ok, edge_ok

    def adjacent(self, v: int) -> Iterable[tuple[int, int]]:
        """``(neighbour, edge)`` pairs of ``v`` within the view."""
        g = self.graph
        edges = g.eid[g.indptr[v] : g.indptr[v + 1]]
        edges = edges[self.edge_ok[edges]]  # only current edges are ever shown
        return zip(g.other_end(v, edges).tolist(), edges.tolist(), strict=True)


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

    A node with an audience is seen when it is current (its record was not
    found gone) and its audience is allowed; a shared value (no audience)
    is seen when one of its edges is. An edge is seen when it is current
    (not replaced by a later reading of its record), its own audience is
    allowed, both ends are seen, and it passes the
    filters (kinds, time window; countries restrict record nodes)."""
    g = graph
    allowed_plus = np.append(allowed, True)  # index -1: no audience
    node_ok = allowed_plus[g.node_audience] & g.node_live
    if countries:
        wanted = set(countries)
        codes = [c is None or c in wanted for c in g.data.countries.names]
        node_ok &= np.asarray(codes, dtype=np.bool_)[g.node_country]
    edge_ok = g.live & allowed_plus[g.edge_audience] & node_ok[g.src] & node_ok[g.dst]
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
    edges = edges[keep]
    sources = np.repeat(frontier, lengths)[keep]
    return sources, g.other_end(sources, edges), edges


def shortest_path(view: View, a: int, b: int, max_hops: int = 12) -> list[tuple[int, int]] | None:
    """The shortest path from ``a`` to ``b`` as ``(node, edge that led to it)``
    steps (the first edge is -1): bidirectional breadth-first search, a whole
    level at a time, expanding the smaller side; of the nodes where the two
    searches meet, the one nearest the other side's start is taken. Each
    level is kept as sorted arrays (node, its parent, the edge), so a step
    back is a binary search, not a dictionary entry per node reached."""
    if a == b:
        return [(a, -1)]
    n = view.graph.n
    seen = [np.zeros(n, dtype=np.bool_), np.zeros(n, dtype=np.bool_)]
    seen[0][a] = seen[1][b] = True
    levels: list[list[_Level]] = [[], []]
    frontiers = [np.asarray([a], dtype=np.int64), np.asarray([b], dtype=np.int64)]
    for _round in range(max_hops):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        src, dst, edges = _expand(view, frontiers[side])
        fresh = ~seen[side][dst]
        dst, first = np.unique(dst[fresh], return_index=True)
        if len(dst) == 0:
            return None
        levels[side].append(_Level(dst, src[fresh][first], edges[fresh][first]))
        seen[side][dst] = True
        meets = dst[seen[1 - side][dst]]
        if len(meets):
            other = levels[1 - side]
            meet = min((_depth(other, u), u) for u in meets.tolist())[1]
            left = _back(levels[0], meet, a)[::-1]  # a … meet
            right = _back(levels[1], meet, b)  # meet … b, each with its edge onwards
            return left + [(w, e) for (_u, e), (w, _f) in itertools.pairwise(right)]
        frontiers[side] = dst
    return None


class _Level(NamedTuple):
    """Nodes first reached at one depth of a search (sorted), with the
    node each was reached from and the edge."""

    nodes: IntArray
    parent: IntArray
    edge: IntArray


def _depth(levels: list[_Level], v: int) -> int:
    """The depth at which a search reached ``v`` (0: its start)."""
    for depth, level in enumerate(levels, start=1):
        i = int(np.searchsorted(level.nodes, v))
        if i < len(level.nodes) and level.nodes[i] == v:
            return depth
    return 0


def _back(levels: list[_Level], v: int, start: int) -> list[tuple[int, int]]:
    """From ``v`` back to the search's ``start``: each node with the edge
    that joined it to the next one towards the start (-1 for the start)."""
    steps = []
    for level in reversed(levels[: _depth(levels, v)]):
        i = int(np.searchsorted(level.nodes, v))
        steps.append((v, int(level.edge[i])))
        v = int(level.parent[i])
    assert v == start
    steps.append((start, -1))
    return steps


def degree(view: View) -> IntArray:
    g = view.graph
    ok = view.edge_ok
    return np.bincount(g.src[ok], minlength=g.n) + np.bincount(g.dst[ok], minlength=g.n)
