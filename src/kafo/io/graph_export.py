"""The link graph written for other tools.

- **i2** (Analyst's Notebook import): ``entities.csv`` and ``links.csv``,
  one row per entity and per link, with stable ids (an entity's id is its
  key, ``person:<uuid>``; a link's id is derived from its two ends, kind and
  source record), so a chart re-imported later updates rather than
  duplicates;
- **GraphML** and **GEXF** (Gephi, yEd), written by networkx;
- **JSON**: ``{"nodes": [...], "edges": [...]}``, for the web view.

The sharing label and handling code of the record behind every entity and
link are written beside it, so they travel with the data.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import networkx as nx


class NodeOut(Protocol):
    """What an entity must have to be written (the service's node output)."""

    key: str
    kind: str
    label: str
    country: str | None
    sharing: str | None
    handling: str | None
    tags: list[str]

    def model_dump(self, *, mode: str) -> dict[str, Any]: ...


class EdgeOut(Protocol):
    """What a link must have to be written (the service's edge output)."""

    source: str
    target: str
    kind: str
    date: date | None
    record: str
    detail: str | None
    owner: str | None
    sharing: str | None
    handling: str | None

    def model_dump(self, *, mode: str) -> dict[str, Any]: ...


FORMATS = ("i2", "graphml", "gexf", "json")
ENTITY_COLUMNS = ("entity_id", "entity_type", "label", "country", "sharing", "handling", "tags")
LINK_COLUMNS = (
    "link_id",
    "from_id",
    "to_id",
    "link_type",
    "date",
    "source_record",
    "detail",
    "owner_country",
    "sharing",
    "handling",
)


def link_id(edge: EdgeOut) -> str:
    """Stable across exports: the same link always has the same id."""
    raw = f"{edge.source}|{edge.target}|{edge.kind}|{edge.record}"
    return "link:" + hashlib.sha256(raw.encode()).hexdigest()[:20]


def _entity_row(node: NodeOut) -> list[str]:
    return [
        node.key,
        node.kind,
        node.label,
        node.country or "",
        node.sharing or "",
        node.handling or "",
        ";".join(node.tags),
    ]


def _link_row(edge: EdgeOut) -> list[str]:
    return [
        link_id(edge),
        edge.source,
        edge.target,
        edge.kind,
        edge.date.isoformat() if edge.date else "",
        edge.record,
        edge.detail or "",
        edge.owner or "",
        edge.sharing or "",
        edge.handling or "",
    ]


def _csv(path: Path, header: Sequence[str], rows: Sequence[list[str]]) -> None:
    # UTF-8 with a byte-order mark: i2 and Excel read the accents right.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(_safe(row) for row in rows)


def _safe(row: list[str]) -> list[str]:
    """A cell that a spreadsheet would run as a formula is quoted with '."""
    return ["'" + v if v[:1] in ("=", "+", "-", "@") and not v[1:2].isdigit() else v for v in row]


def _networkx(nodes: Sequence[NodeOut], edges: Sequence[EdgeOut]) -> nx.MultiGraph[str]:
    graph: nx.MultiGraph[str] = nx.MultiGraph()
    for n in nodes:
        graph.add_node(
            n.key,
            kind=n.kind,
            label=n.label,
            country=n.country or "",
            sharing=n.sharing or "",
            handling=n.handling or "",
            tags=";".join(n.tags),
        )
    for e in edges:
        graph.add_edge(
            e.source,
            e.target,
            key=link_id(e),
            kind=e.kind,
            date=e.date.isoformat() if e.date else "",
            record=e.record,
            detail=e.detail or "",
            owner=e.owner or "",
            sharing=e.sharing or "",
            handling=e.handling or "",
        )
    return graph


def graph_json(nodes: Sequence[NodeOut], edges: Sequence[EdgeOut]) -> dict[str, Any]:
    return {
        "nodes": [n.model_dump(mode="json") for n in nodes],
        "edges": [{"id": link_id(e), **e.model_dump(mode="json")} for e in edges],
    }


def write_graph(
    nodes: Sequence[NodeOut], edges: Sequence[EdgeOut], fmt: str, folder: Path
) -> list[Path]:
    """Write the graph in ``fmt`` into ``folder`` (created); the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format: give one of {', '.join(FORMATS)}")
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "i2":
        entities, links = folder / "entities.csv", folder / "links.csv"
        _csv(entities, ENTITY_COLUMNS, [_entity_row(n) for n in nodes])
        _csv(links, LINK_COLUMNS, [_link_row(e) for e in edges])
        return [entities, links]
    if fmt == "json":
        path = folder / "graph.json"
        path.write_text(json.dumps(graph_json(nodes, edges), ensure_ascii=False, indent=1), "utf-8")
        return [path]
    path = folder / f"graph.{fmt}"
    graph = _networkx(nodes, edges)
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    else:
        nx.write_gexf(graph, path)
    return [path]
