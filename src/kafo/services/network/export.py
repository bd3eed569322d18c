"""Exporting the graph a user may see (all of it, or around one entity)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from kafo.io.graph_export import FORMATS, write_graph
from kafo.schemas.network import GraphOut
from kafo.services.actor import Actor
from kafo.services.errors import FieldError, Invalid
from kafo.services.network import analyses
from kafo.services.network.views import (
    EVERYTHING,
    Filters,
    edge_out,
    log_foreign,
    node_out,
    user_view,
)


@dataclass(frozen=True)
class Exported:
    format: str
    files: list[str]
    nodes: int
    edges: int


def whole_graph(session: Session, actor: Actor, filters: Filters = EVERYTHING) -> GraphOut:
    """Every node and edge ``actor`` may see (within the filters)."""
    view = user_view(session, actor, filters)
    nodes = np.flatnonzero(view.node_ok).tolist()
    log_foreign(session, actor, view, nodes, "export")
    return GraphOut(
        nodes=[node_out(view, v) for v in nodes],
        edges=[edge_out(view, e) for e in np.flatnonzero(view.edge_ok).tolist()],
    )


def export(
    session: Session,
    actor: Actor,
    fmt: str,
    folder: Path,
    filters: Filters = EVERYTHING,
    around: str | None = None,
    hops: int = 2,
) -> Exported:
    if fmt not in FORMATS:
        raise Invalid(
            "invalid export", errors=[FieldError(("format",), f"give one of {', '.join(FORMATS)}")]
        )
    if around is not None:
        graph = analyses.around(session, actor, around, hops, filters)
    else:
        graph = whole_graph(session, actor, filters)
    files = write_graph(graph.nodes, graph.edges, fmt, folder)
    return Exported(fmt, [str(f) for f in files], len(graph.nodes), len(graph.edges))
