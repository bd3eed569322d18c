"""Betweenness in numpy against networkx (exact) and igraph (sampled sources)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kafo.services.network import centrality
from kafo.services.network.graph import Audience, Graph, GraphData, View, make_view

ML = Audience("ML", "national", None)
BF = Audience("BF", "national", None)  # not allowed in the views below

Link = tuple[int, int, bool]  # ends, and whether the view shows it


def _view(n: int, links: list[Link]) -> View:
    """A graph of ``n`` people whose links are shown or hidden (by audience)."""
    data = GraphData()
    ml, bf = data.audience(ML), data.audience(BF)
    for v in range(n):
        data.node(f"person:{v}", "person", f"P{v}", "ML", ml)
    for i, (a, b, shown) in enumerate(links):
        data.edge(a, b, "uses", 20_000 + i, ml if shown else bf, a)
    allowed = np.asarray([a == ML for a in data.audiences], dtype=np.bool_)
    return make_view(Graph(data), allowed)


def _simple(links: list[Link]) -> list[tuple[int, int]]:
    """The shown links as a simple graph: no loops, each pair once."""
    return sorted({(min(a, b), max(a, b)) for a, b, shown in links if shown and a != b})


def _sources(pool: list[int], samples: int, seed: int) -> list[int]:
    return pool if samples >= len(pool) else random.Random(seed).sample(pool, samples)


def _igraph(n: int, links: list[Link], pool: list[int], samples: int, seed: int) -> list[float]:
    """igraph's sampled betweenness (in C), scaled."""
    sources = _sources(pool, samples, seed)
    values = ig.Graph(n=n, edges=_simple(links)).betweenness(
        vertices=pool, directed=False, sources=sources
    )
    return [float(b) * len(pool) / len(sources) for b in values]


@st.composite
def multigraphs(draw: Callable[..., Any]) -> tuple[int, list[Link]]:
    """Small graphs with loops, parallel links, hidden links and isolated nodes."""
    n = draw(st.integers(1, 12))
    node = st.integers(0, n - 1)
    links: list[Link] = draw(st.lists(st.tuples(node, node, st.booleans()), max_size=40))
    if links:  # repeat some links, shown or not
        repeats = draw(st.lists(st.integers(0, len(links) - 1), max_size=10))
        links += [links[i] for i in repeats]
    return n, links


@settings(max_examples=200, deadline=None)
@given(multigraphs())
def test_all_sources_give_networkx_exact_betweenness(case: tuple[int, list[Link]]) -> None:
    n, links = case
    reference: nx.Graph[int] = nx.Graph()
    reference.add_nodes_from(range(n))
    reference.add_edges_from(_simple(links))
    exact = nx.betweenness_centrality(reference, normalized=False)
    ours = centrality.betweenness(_view(n, links), list(range(n)), samples=n)
    assert len(ours) == n
    for v in range(n):
        assert ours[v] == pytest.approx(exact[v], rel=1e-9, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(multigraphs(), st.data())
def test_sampled_sources_give_igraph_betweenness_scaled(
    case: tuple[int, list[Link]], data: st.DataObject
) -> None:
    n, links = case
    pool = data.draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True))
    samples = data.draw(st.integers(1, len(pool) + 1))
    seed = data.draw(st.integers(0, 1000))
    expected = _igraph(n, links, pool, samples, seed)
    ours = centrality.betweenness(_view(n, links), pool, samples, seed=seed)
    assert len(ours) == len(pool)
    for got, want in zip(ours.tolist(), expected, strict=True):
        assert got == pytest.approx(want, rel=1e-9, abs=1e-9)


def _random_links(n: int, m: int, seed: int) -> list[Link]:
    rng = random.Random(seed)
    links = [(rng.randrange(n), rng.randrange(n), rng.random() < 0.9) for _ in range(m)]
    links += [(3, 7, True)] * 300  # more parallel links than an int8 counts
    links += [(5, 5, True)] * 3
    return links


def test_a_few_hundred_nodes_agree_with_igraph_and_use_every_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    n = 400
    links = _random_links(n, 1_000, seed=7)
    view = _view(n, links)
    used: dict[str, int] = {}

    def counted(name: str) -> None:
        real = getattr(centrality, name)

        def wrapper(*args: Any) -> Any:
            used[name] = used.get(name, 0) + 1
            return real(*args)

        monkeypatch.setattr(centrality, name, wrapper)

    for name in ("_forward", "_backward"):
        counted(name)
    monkeypatch.setattr(centrality, "BLOCK", 64)  # wide levels read in several runs
    pool = random.Random(1).sample(range(n), 300)
    for samples, seed in ((37, 0), (120, 5), (400, 0)):
        expected = _igraph(n, links, pool, samples, seed)
        ours = centrality.betweenness(view, pool, samples, seed=seed)
        assert ours.max() > 0
        for got, want in zip(ours.tolist(), expected, strict=True):
            assert got == pytest.approx(want, rel=1e-9, abs=1e-9)
    assert used["_forward"] > 0 and used["_backward"] > 0  # both directions ran


def test_no_nodes_and_hidden_links() -> None:
    view = _view(3, [(0, 1, True), (1, 2, False)])
    assert len(centrality.betweenness(view, [], 10)) == 0
    assert centrality.betweenness(view, [0, 1, 2], 3).tolist() == [0.0, 0.0, 0.0]
