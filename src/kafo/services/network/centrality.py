"""Betweenness centrality of the visible graph, in numpy. Pure.

The betweenness of a node v is the sum, over pairs of other nodes s and t,
of the share of the shortest s–t paths that pass through v. Brandes (2001)
computes it with one breadth-first search per source s: going forward, the
number σ(w) of shortest paths from s to each node w; going back from the
deepest nodes, the dependency δ(u) = Σ σ(u)/σ(w) · (1 + δ(w)) over the
successors w of u on shortest paths; δ(v) summed over the sources is the
betweenness of v. Taking k sources drawn at random and scaling by n/k gives
an unbiased estimate (Brandes and Pich 2007).

The links are undirected and unweighted: parallel links count as one and
self-loops are ignored. Each pair is reached from both its ends, so the sum
over all sources is halved; with sampled sources the half sum is what
igraph returns for ``Graph.betweenness(directed=False, sources=...)``, and
:func:`betweenness` returns it scaled by the number of nodes over the number
of sources. With every node as a source it is the exact value, as
networkx's ``betweenness_centrality(normalized=False)``.

How a search runs. The visible links become one symmetric adjacency in
compressed rows (CSR), without loops or parallel links. A search goes a
whole level at a time, with numpy operations over all the level's links at
once; a level's nodes are kept in ascending order, so that their rows are
read through memory in order. A level is found forwards (every link out
of the frontier; those to nodes not reached before are the links of the
shortest-path DAG) until the frontier has more links than the nodes not
yet reached; then backwards (every link out of a node of the source's
component not yet reached, kept when it ends in the frontier; Beamer,
Asanović and Patterson 2012), which past the widest level reads far fewer
links. A component is learnt from the first search that starts in it,
which only goes forwards. σ of a level is a weighted ``np.bincount`` over
its DAG links. The DAG links are kept as positions within their levels for
the pass back, which takes the levels deepest first with the same kind of
sums. A level costs work in proportion to its links, and to the whole
graph only when it reaches more than 1/32 of the nodes (it then reads its
new nodes off a mark per node instead of sorting them); a search also
costs O(n) once, to clear its marks.

Memory. The adjacency takes 8 bytes per link end (int64: numpy gathers
fastest with its own index type) and 12 per node: about 60 MB for 1.1
million nodes and 3 million links. The searches take about 26 bytes per
node of marks, component members and sums, and, during a search, 16 bytes
per reached node, 8 per DAG link and temporaries bounded by reading
:data:`BLOCK` link ends at a time: about 100 MB at that size. The sources
are searched one after the other, in one thread: two threads (numpy
releases the interpreter lock in its loops) were measured 1.3 times
faster, for 160 MB more at that size (each thread's transient arrays,
and the C library's memory pool for each thread), which a graph of a
million nodes cannot spare under 1 GB.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix

if TYPE_CHECKING:
    from kafo.services.network.graph import IntArray, View

FloatArray = npt.NDArray[np.float64]
# Levels reaching more than n / SPARSE_LIMIT nodes find their distinct new
# nodes with a mark per node instead of a sort.
SPARSE_LIMIT = 32
BLOCK = 1 << 18  # link ends read at a time in a wide level


@dataclass(frozen=True)
class Adjacency:
    """The visible links as a simple symmetric graph in compressed rows."""

    n: int
    indptr: IntArray  # int64, n + 1: node v's neighbours are indices[indptr[v]:indptr[v + 1]]
    indices: IntArray  # int64, ascending within each node
    degree: IntArray  # int32


def adjacency(view: View) -> Adjacency:
    """The simple undirected graph of the links ``view`` shows."""
    g = view.graph
    n = g.n
    src, dst = g.src[view.edge_ok], g.dst[view.edge_ok]
    proper = src != dst
    src, dst = src[proper], dst[proper]
    rows = np.concatenate([src, dst])
    cols = np.concatenate([dst, src])
    del src, dst, proper
    ones = np.ones(len(rows), dtype=np.int8)  # the entries' values are not used
    matrix = coo_matrix((ones, (rows, cols)), shape=(n, n)).tocsr()
    del rows, cols, ones
    matrix.sum_duplicates()  # sorts each row and merges parallel links
    indptr = matrix.indptr.astype(np.int64)
    indices = matrix.indices.astype(np.int64)
    del matrix
    return Adjacency(n, indptr, indices, np.diff(indptr).astype(np.int32))


def betweenness(
    view: View, nodes: Sequence[int] | IntArray, samples: int, seed: int = 0
) -> FloatArray:
    """Approximate betweenness of ``nodes`` (in their order): shortest paths
    from ``samples`` random sources among them, scaled to all of them.

    Parallel links between two nodes count as one (paths run between
    nodes). The sources are drawn as ``random.Random(seed).sample`` would
    draw them from ``nodes``; with as many samples as nodes every node is
    a source and the result is exact. With k sources drawn uniformly, each
    node's normalised betweenness is within ε of the exact value with
    probability 1 − δ once k ≥ (1 / 2ε²) ln(2n / δ) (Hoeffding with a union
    bound, as in Brandes and Pich 2007); :func:`sampling_error` gives ε for
    a k."""
    pool = np.asarray(nodes, dtype=np.int64)
    if len(pool) == 0:
        return np.zeros(0, dtype=np.float64)
    if pool.min() < 0 or pool.max() >= view.graph.n:
        raise IndexError("betweenness of a node the graph does not have")
    if samples >= len(pool):
        sources = pool
    else:  # the positions random.sample picks depend only on the sizes
        sources = pool[random.Random(seed).sample(range(len(pool)), samples)]
    total = _dependencies(adjacency(view), sources)  # the adjacency is freed on return
    scale = 0.5 * len(pool) / len(sources)  # each pair is reached from both its ends
    return np.take(total, pool) * scale


def sampling_error(n: int, samples: int, delta: float = 0.1) -> float:
    """The ε of :func:`betweenness` for ``samples`` sources among ``n`` nodes."""
    return math.sqrt(math.log(2 * max(n, 1) / delta) / (2 * max(samples, 1)))


@dataclass
class _Scratch:
    """Arrays over all nodes, left as found after each search."""

    seen: npt.NDArray[np.bool_]  # reached by the forward expansion
    mark: npt.NDArray[np.bool_]  # the new nodes of a wide level; the frontier, going back
    slot: IntArray  # int32: a node's position within its level
    component: IntArray  # int32: the connected component of a node once searched, else -1
    members: list[IntArray] = field(default_factory=list)  # of each component, ascending
    component_degree: list[int] = field(default_factory=list)  # link ends in each component


@dataclass
class _Level:
    """One level of a search and the DAG links from it to the next."""

    nodes: IntArray  # int64, ascending
    sigma: FloatArray  # shortest paths from the source to each node
    parent: IntArray  # int32, per DAG link: the position of its tail in ``nodes``
    child: IntArray  # int32, per DAG link: the position of its head in the next level


@dataclass
class _Step:
    """The next level found from a frontier, and the DAG links into it."""

    parent: IntArray
    child: IntArray
    nodes: IntArray
    sigma: FloatArray


def _dependencies(adj: Adjacency, sources: IntArray) -> FloatArray:
    """Σ over ``sources`` of Brandes's dependency δ of every node."""
    n = adj.n
    total = np.zeros(n, dtype=np.float64)
    scratch = _Scratch(
        seen=np.zeros(n, dtype=np.bool_),
        mark=np.zeros(n, dtype=np.bool_),
        slot=np.zeros(n, dtype=np.int32),
        component=np.full(n, -1, dtype=np.int32),
    )
    for s in sources:
        _accumulate(adj, int(s), scratch, total)
    return total


def _accumulate(adj: Adjacency, source: int, scratch: _Scratch, total: FloatArray) -> None:
    """Add the dependencies of one source's search to ``total``."""
    levels = _search(adj, source, scratch)
    below = levels.pop()
    delta = np.zeros(len(below.nodes), dtype=np.float64)  # the deepest nodes lead nowhere
    while levels:
        level = levels.pop()
        total[below.nodes] += delta
        share = (1.0 + delta) / below.sigma
        del below, delta
        delta = _sums(level.parent, np.take(share, level.child), len(level.nodes))
        delta *= level.sigma
        below = level
    # what is left is the source's own δ: the source is no intermediate node


def _search(adj: Adjacency, source: int, scratch: _Scratch) -> list[_Level]:
    """The levels of the breadth-first search from ``source`` with σ and the
    DAG links between consecutive levels; the last level has no links."""
    component = int(scratch.component[source])
    # link ends of the nodes not reached, once the component is known
    budget = scratch.component_degree[component] if component >= 0 else -1
    frontier: IntArray = np.asarray([source], dtype=np.int64)
    sigma: FloatArray = np.ones(1, dtype=np.float64)
    scratch.seen[source] = True
    levels: list[_Level] = []
    unreached: IntArray | None = None  # the component's nodes not reached, going backwards
    while True:
        if unreached is None:
            lengths = np.take(adj.degree, frontier)
            reach = int(lengths.sum())
            budget -= reach
            if 0 <= budget < reach:  # the nodes left have fewer links than the frontier
                members = scratch.members[component]
                unreached = np.compress(~np.take(scratch.seen, members), members)
        if unreached is None:
            step = _forward(adj, frontier, lengths, sigma, scratch)
        else:
            step, unreached = _backward(adj, frontier, unreached, sigma, scratch)
        levels.append(_Level(frontier, sigma, step.parent, step.child))
        if len(step.nodes) == 0:
            break
        frontier, sigma = step.nodes, step.sigma
    if component < 0:  # a search forwards only: it has found the source's component
        members = np.sort(np.concatenate([level.nodes for level in levels]))
        scratch.component[members] = len(scratch.members)
        scratch.members.append(members)
        scratch.component_degree.append(int(np.take(adj.degree, members).sum()))
    scratch.seen.fill(False)
    return levels


def _sums(index: IntArray, weights: FloatArray, length: int) -> FloatArray:
    """``weights`` summed by ``index`` into ``length`` slots."""
    return np.asarray(np.bincount(index, weights=weights, minlength=length), dtype=np.float64)


def _blocks(lengths: IntArray) -> list[tuple[int, int]]:
    """Runs of consecutive rows of about :data:`BLOCK` link ends each, so
    that the temporaries of a wide level stay small."""
    ends = np.cumsum(lengths)
    count = int(ends[-1]) if len(ends) else 0
    if count <= BLOCK:
        return [(0, len(lengths))]
    cuts = np.searchsorted(ends, np.arange(BLOCK, count, BLOCK), side="right").tolist()
    bounds = sorted({0, *cuts, len(lengths)})
    return list(itertools.pairwise(bounds))


def _rows(adj: Adjacency, nodes: IntArray, lengths: IntArray) -> IntArray:
    """The neighbours of ``nodes`` (whose degrees are ``lengths``), row after row."""
    ends = np.cumsum(lengths)
    count = int(ends[-1]) if len(ends) else 0
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.take(adj.indptr, nodes)
    pos = np.repeat(starts - (ends - lengths), lengths)
    pos += np.arange(count, dtype=np.int64)
    return np.take(adj.indices, pos)


def _owners(lengths: IntArray, first: int) -> IntArray:
    """For each entry of :func:`_rows`, the position of its row, counted from ``first``."""
    return np.repeat(np.arange(first, first + len(lengths), dtype=np.int32), lengths)


def _forward(
    adj: Adjacency, frontier: IntArray, lengths: IntArray, sigma: FloatArray, scratch: _Scratch
) -> _Step:
    """The next level by reading every link out of the frontier: those to
    nodes not reached before are the DAG links."""
    heads_parts, parent_parts = [], []
    for lo, hi in _blocks(lengths):
        nbrs = _rows(adj, frontier[lo:hi], lengths[lo:hi])
        fresh = np.take(scratch.seen, nbrs)
        np.logical_not(fresh, out=fresh)
        heads_parts.append(np.compress(fresh, nbrs))
        parent_parts.append(np.compress(fresh, _owners(lengths[lo:hi], lo)))
        del nbrs, fresh
    heads = _joined(heads_parts, np.int64)
    parent = _joined(parent_parts, np.int32)
    del heads_parts, parent_parts
    if len(heads) * SPARSE_LIMIT < adj.n:
        nodes, inverse = np.unique(heads, return_inverse=True)
        child = inverse.astype(np.int32)
    else:  # a wide level: mark the new nodes, read them off in order
        scratch.mark[heads] = True
        nodes = np.flatnonzero(scratch.mark)
        scratch.mark[nodes] = False
        scratch.slot[nodes] = np.arange(len(nodes), dtype=np.int32)
        child = np.take(scratch.slot, heads)
    del heads
    scratch.seen[nodes] = True
    sigma_next = _sums(child, np.take(sigma, parent), len(nodes))
    return _Step(parent, child, nodes.astype(np.int64, copy=False), sigma_next)


def _backward(
    adj: Adjacency, frontier: IntArray, unreached: IntArray, sigma: FloatArray, scratch: _Scratch
) -> tuple[_Step, IntArray]:
    """The next level by reading every link out of the nodes not yet reached
    and keeping those that end in the frontier; and the nodes still not reached."""
    scratch.mark[frontier] = True
    scratch.slot[frontier] = np.arange(len(frontier), dtype=np.int32)
    lengths = np.take(adj.degree, unreached)
    tails_parts, owner_parts = [], []
    for lo, hi in _blocks(lengths):
        nbrs = _rows(adj, unreached[lo:hi], lengths[lo:hi])
        hit = np.take(scratch.mark, nbrs)
        tails_parts.append(np.compress(hit, nbrs))
        owner_parts.append(np.compress(hit, _owners(lengths[lo:hi], lo)))
        del nbrs, hit
    scratch.mark[frontier] = False
    parent = np.take(scratch.slot, _joined(tails_parts, np.int64))
    owner = _joined(owner_parts, np.int32)  # ascending
    del tails_parts, owner_parts
    first = np.ones(len(owner), dtype=np.bool_)
    np.not_equal(owner[1:], owner[:-1], out=first[1:])
    child = (np.cumsum(first) - 1).astype(np.int32)
    reached = np.zeros(len(unreached), dtype=np.bool_)
    reached[owner] = True
    nodes = np.compress(reached, unreached)
    rest = np.compress(~reached, unreached)
    sigma_next = _sums(child, np.take(sigma, parent), len(nodes))
    return _Step(parent, child, nodes, sigma_next), rest


def _joined(parts: list[IntArray], dtype: type[np.signedinteger[Any]]) -> IntArray:
    if not parts:
        return np.zeros(0, dtype=dtype)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)
