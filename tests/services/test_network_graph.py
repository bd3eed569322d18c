"""The pure graph engine against networkx on generated graphs."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kafo.services.network import centrality
from kafo.services.network import graph as algo
from kafo.services.network.graph import Audience, Changes, Graph, GraphData, make_view

ML = Audience("ML", "national", None)
BF = Audience("BF", "national", None)


def _graph(n: int, edges: list[tuple[int, int]], audiences: list[Audience] | None = None) -> Graph:
    data = GraphData()
    for v in range(n):
        data.node(f"person:{v}", "person", f"P{v}", "ML", data.audience(ML))
    for i, (a, b) in enumerate(edges):
        audience = data.audience(audiences[i] if audiences else ML)
        data.edge(a, b, "uses", 20_000 + i, audience, a)
    return Graph(data)


def _everything(g: Graph) -> algo.View:
    return make_view(g, np.ones(len(g.data.audiences), dtype=np.bool_))


small_graphs = st.integers(2, 14).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1]),
            max_size=30,
        ),
    )
)


def _nx(n: int, edges: list[tuple[int, int]]) -> nx.Graph[int]:
    reference: nx.Graph[int] = nx.Graph()
    reference.add_nodes_from(range(n))
    reference.add_edges_from(edges)
    return reference


@settings(max_examples=200, deadline=None)
@given(small_graphs)
def test_components_paths_and_betweenness_agree_with_networkx(
    case: tuple[int, list[tuple[int, int]]],
) -> None:
    n, edges = case
    g = _graph(n, edges)
    view = _everything(g)
    reference = _nx(n, edges)
    ours = sorted(sorted(int(v) for v in grp) for grp in algo.components(view))
    theirs = sorted(sorted(c) for c in nx.connected_components(reference) if len(c) > 1)
    assert ours == theirs
    for a in range(n):
        for b in range(n):
            found = algo.shortest_path(view, a, b)
            if nx.has_path(reference, a, b):
                assert found is not None and found[0][0] == a and found[-1][0] == b
                assert len(found) - 1 == nx.shortest_path_length(reference, a, b)
                for (u, _), (v, e) in itertools.pairwise(found):
                    assert {u, v} == {int(g.src[e]), int(g.dst[e])}
            else:
                assert found is None
    exact = nx.betweenness_centrality(reference, normalized=False)
    ours_b = centrality.betweenness(view, list(range(n)), samples=n)
    for v in range(n):
        assert ours_b[v] == pytest.approx(exact[v], abs=1e-9)


def test_views_hide_what_is_not_allowed_and_what_is_filtered() -> None:
    # 0 –ML– 1 –BF– 2, and a shared phone node 3 seen only through BF's edge.
    data = GraphData()
    for v in range(3):
        owner = ML if v < 2 else BF
        data.node(f"person:{v}", "person", f"P{v}", owner.owner, data.audience(owner))
    phone = data.node("phone:+22370000000", "phone", "+22370000000")
    ml, bf = data.audience(ML), data.audience(BF)
    data.edge(0, 1, "uses", 100, ml, 0)
    data.edge(1, 2, "uses", 200, bf, 2)
    data.edge(2, phone, "uses", 200, bf, 2)
    g = Graph(data)
    ml_only = make_view(g, np.asarray([True, False]))
    assert ml_only.node_ok.tolist() == [True, True, False, False]
    assert ml_only.edge_ok.tolist() == [True, False, False]
    assert algo.shortest_path(ml_only, 0, 2) is None
    everyone = make_view(g, np.asarray([True, True]))
    assert [v for v, _e in algo.shortest_path(everyone, 0, phone) or []] == [0, 1, 2, phone]
    early = make_view(g, np.asarray([True, True]), until=150)
    assert early.edge_ok.tolist() == [True, False, False] and not early.node_ok[phone]
    nodes, edges = algo.neighbourhood(everyone, 0, 1, 100)
    assert sorted(nodes) == [0, 1] and edges == [0]


def test_sampling_error_shrinks_with_samples() -> None:
    assert centrality.sampling_error(1_000_000, 100) > centrality.sampling_error(1_000_000, 1000)
    assert centrality.sampling_error(1_000_000, 1000) == pytest.approx(0.0917, abs=1e-3)


def test_a_graph_built_on_another_leaves_it_as_it_was() -> None:
    data = GraphData()
    ml, bf = data.audience(ML), data.audience(BF)
    for v in range(3):
        data.node(f"person:{v}", "person", f"P{v}", "ML", ml)
    data.edge(0, 1, "uses", 100, ml, 0)
    data.edge(1, 2, "uses", 101, ml, 1)
    first = Graph(data)
    kept = {name: getattr(first, name).copy() for name in ("src", "dst", "live", "node_audience")}
    # Person 0 is read again (now Burkina's) and links to a new person 3;
    # its link to 1 is replaced.
    data.node("person:0", "person", "P0 corrigé", "BF", bf)
    data.node("person:3", "person", "P3", "BF", bf)
    data.edge(0, 3, "uses", 102, bf, 0)
    dead = Changes(dead_edges=np.asarray([0]), dead_nodes=np.asarray([0]))
    second = Graph(data, first, dead)
    data.edge(3, 2, "uses", 103, bf, 3)
    third = Graph(data, second, Changes(np.zeros(0, np.int64), np.zeros(0, np.int64)))
    for name, values in kept.items():
        assert np.array_equal(getattr(first, name), values), name
    assert (second.n, second.m, third.m) == (4, 3, 4)
    assert second.src.tolist() == [0, 1, 0] and third.src.tolist() == [0, 1, 0, 3]
    assert second.live.tolist() == [False, True, True] and bool(second.node_live[0])
    assert int(second.node_audience[0]) == bf and second.country(0) == "BF"
    everyone = np.ones(2, dtype=np.bool_)
    old = sorted(sorted(int(v) for v in grp) for grp in algo.components(make_view(first, everyone)))
    new = sorted(sorted(int(v) for v in grp) for grp in algo.components(make_view(third, everyone)))
    assert old == [[0, 1, 2]] and new == [[0, 1, 2, 3]]
    # Extending again leaves the earlier graphs as they were.
    data.edge(2, 0, "uses", 104, ml, 2)
    fourth = Graph(data, third, Changes(np.zeros(0, np.int64), np.zeros(0, np.int64)))
    assert fourth.src.tolist() == [0, 1, 0, 3, 2]
    assert (second.src.tolist(), third.src.tolist()) == ([0, 1, 0], [0, 1, 0, 3])


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.integers(0, 5),  # nodes added with the new links
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=25),
            st.lists(st.tuples(st.integers(0, n + 4), st.integers(0, n + 4)), max_size=15),
        )
    )
)
def test_new_links_merged_into_an_adjacency_give_each_node_the_same_links(
    case: tuple[int, int, list[tuple[int, int]], list[tuple[int, int]]],
) -> None:
    n, added, old, new = case
    new = [(a % (n + added), b % (n + added)) for a, b in new]
    src = np.asarray([a for a, _ in old + new], dtype=np.int32)
    dst = np.asarray([b for _, b in old + new], dtype=np.int32)
    indptr, eid = algo.adjacency(n, src[: len(old)], dst[: len(old)])
    merged = algo.merged_adjacency(indptr, eid, n + added, src, dst, len(old))
    whole = algo.adjacency(n + added, src, dst)
    for v in range(n + added):
        ours = sorted(merged[1][merged[0][v] : merged[0][v + 1]].tolist())
        assert ours == sorted(whole[1][whole[0][v] : whole[0][v + 1]].tolist())
    assert int(merged[0][-1]) == 2 * len(src)
