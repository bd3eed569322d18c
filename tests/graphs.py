"""The kept link graph checked against a whole reading of the records."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kafo.services.network.graph import NO_AUDIENCE, Audience, Graph
from kafo.services.network.load import load_graph
from kafo.services.network.views import current_graph


def snapshot(graph: Graph) -> tuple[Counter[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """The current links and records of a graph, by key (node and edge
    numbers differ between a kept graph and one read whole)."""
    keys, audiences = graph.data.keys, graph.data.audiences

    def audience(code: int) -> Audience | None:
        return None if code == NO_AUDIENCE else audiences[code]

    live = np.flatnonzero(graph.live).tolist()
    links = Counter(
        (
            keys[int(graph.src[e])],
            keys[int(graph.dst[e])],
            graph.edge_kind_name(e),
            int(graph.day[e]),
            audience(int(graph.edge_audience[e])),
            graph.source_key(e),
            graph.detail_text(e),
        )
        for e in live
    )
    touched = set(graph.src[live].tolist()) | set(graph.dst[live].tolist())
    records = {
        (
            keys[v],
            graph.kind(v),
            graph.data.labels[v],
            graph.country(v),
            audience(int(graph.node_audience[v])),
            frozenset(graph.data.tags.get(v, ())),
        )
        for v in range(graph.n)
        if graph.node_live[v] and (graph.node_audience[v] != NO_AUDIENCE or v in touched)
    }
    return links, records


def kept_as_if_read_whole(factory: sessionmaker[Session]) -> Graph:
    """The process's kept graph, checked against a whole reading."""
    with factory() as s:
        kept = current_graph(s)
        engine = s.get_bind()
        assert isinstance(engine, Engine)
        with engine.connect() as conn:
            whole = load_graph(conn)
    (kept_links, kept_records), (links, records) = snapshot(kept), snapshot(whole)
    assert kept_links == links, (kept_links - links, links - kept_links)
    assert kept_records == records, (kept_records - records, records - kept_records)
    return kept
