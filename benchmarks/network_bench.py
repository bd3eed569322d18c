"""Link analysis at scale: about 1,000,000 entities and 3,000,000 links.

A fresh database (SQLite, PostgreSQL) is filled straight with SQLAlchemy
Core (not timed) with synthetic seizures: persons (recurring, linked as one
identity), their phones and documents drawn from shared pools, firearms,
vehicles and plates, at the operation's places, under mixed sharing labels.
Then kafo's link analysis is timed as a user meets it: reading the graph
from the database, an analyst's view (access rules applied), connected
networks, 2-hop neighbourhoods and explained shortest paths (the graph
query, and the whole service call), and key actors by sampled betweenness.
In the same run, each library named in the issue (networkx, igraph,
rustworkx) is given the same links in a fresh process of its own and timed
on the same operations; memory is each process's peak.

    .venv/bin/python benchmarks/network_bench.py --seizures 100000
    .venv/bin/python benchmarks/network_bench.py --seizures 100000 --databases sqlite

Writes a JSON result beside the printed table (``benchmarks/out/``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, select

from bench_common import TreeWatch, bench_actor, fresh_database, maxrss_mb, write_result
from kafo.db import make_session_factory
from kafo.ids import new_id
from kafo.model import (
    Firearm,
    IdentityDocument,
    IdentityLink,
    Person,
    PhoneNumber,
    Place,
    Seizure,
    SeizurePerson,
    SeizureVehicle,
    Vehicle,
)
from kafo.model.vocab import Role
from kafo.schemas.reference import OperationCreate
from kafo.services import operations, users
from kafo.services.network import analyses, centrality
from kafo.services.network import graph as algo
from kafo.services.network.graph import adjacency
from kafo.services.network.views import current_graph, forget, user_view
from kafo.services.setup import upgrade_database

DB_NAME = "kafo_network_bench"
SHARING = ("national", "operation", "operation", "partners")
QUERIES = 1000
PATHS = 200
SAMPLES = 100


def synthetic(
    places: list[str],
    n: int,
    seed: int,
    user_id: uuid.UUID,
    operation: uuid.UUID,
    sparse: bool,
    pools: int = 0,
    tag: str = "S",
) -> dict[Any, list[dict[str, Any]]]:
    """The rows of ``n`` synthetic seizures, by model, their phones,
    documents and plates drawn from pools sized for ``pools`` seizures
    (default ``n``). ``sparse``: large pools and few identity links, so that
    the graph falls into many small networks (as real data does) instead
    of one."""
    rng = random.Random(seed)
    spread = (12 if sparse else 1) * (pools or n) / n
    start = datetime(2026, 1, 1, tzinfo=UTC)
    # Pool sizes; a value is drawn as rng.choice would draw it from a list
    # of them (the lists themselves would weigh on the measured process).
    phones, documents, plates = (int(n * share * spread) for share in (1.6, 2.2, 0.8))
    rows: dict[Any, list[dict[str, Any]]] = {
        m: []
        for m in (
            Seizure,
            Person,
            SeizurePerson,
            PhoneNumber,
            IdentityDocument,
            Firearm,
            Vehicle,
            SeizureVehicle,
            IdentityLink,
        )
    }
    recent: list[uuid.UUID] = []

    def owned(at: datetime) -> dict[str, Any]:
        sharing = rng.choice(SHARING)
        return {
            "owner_country": rng.choice(("ML", "BF", "NE", "CI")),
            "sharing": sharing,
            "operation_id": operation if sharing == "operation" else None,
            "version": 1,
            "content_hash": "0",
            "created_by": user_id,
            "created_at": at,
            "updated_at": at,
        }

    for i in range(n):
        at = start + timedelta(minutes=rng.randrange(330 * 24 * 60))
        sid = new_id()
        base = owned(at)
        rows[Seizure].append(
            {
                "id": sid,
                **base,
                "reference": f"{tag}{i}",
                "occurred_at": at,
                "place_code": rng.choice(places),
                "recording_unit": "bench-unit",
                "context": "routine_check",
            }
        )
        for k in range(3):
            pid = new_id()
            rows[Person].append(
                {
                    "id": pid,
                    **owned(at),
                    "family_name": f"NOM{rng.randrange(n)}",
                    "given_names": "Prénom",
                    "sex": "M",
                    "birth_date_approximate": False,
                }
            )
            rows[SeizurePerson].append(
                {
                    "id": new_id(),
                    "seizure_id": sid,
                    "person_id": pid,
                    "position": k,
                    "role": "courier",
                    "arrest_status": "arrested",
                }
            )
            for j in range(5):
                e164 = f"+2237{rng.randrange(phones):07d}"
                rows[PhoneNumber].append(
                    {
                        "id": new_id(),
                        "person_id": pid,
                        "position": j,
                        "as_entered": e164,
                        "e164": e164,
                    }
                )
            for j in range(2):
                number = f"ML{rng.randrange(documents):09d}"
                rows[IdentityDocument].append(
                    {
                        "id": new_id(),
                        "person_id": pid,
                        "position": j,
                        "doc_type": "national_id",
                        "number": number,
                        "number_canonical": number,
                        "issuing_country": "ML",
                    }
                )
            if recent and rng.random() < (0.02 if sparse else 0.5):
                other = rng.choice(recent)
                a, b = min(pid, other), max(pid, other)
                rows[IdentityLink].append(
                    {
                        "id": new_id(),
                        "person_a": a,
                        "person_b": b,
                        "score": 0.9,
                        "explanation": "bench",
                        "corroborated": True,
                        "found_at": at,
                    }
                )
            recent.append(pid)
            if len(recent) > 5000:
                recent.pop(0)
        for k in range(2):
            rows[Firearm].append(
                {
                    "id": new_id(),
                    "seizure_id": sid,
                    "position": k,
                    "category": "assault_rifle",
                    "make": "Norinco",
                    "model": "56",
                    "serial_number": f"{i}-{k}",
                    "marking_state": "intact",
                    "craft_produced": False,
                    "condition": "functional",
                }
            )
        vid = new_id()
        plate = f"AA-{rng.randrange(plates):06d}"
        rows[Vehicle].append(
            {
                "id": vid,
                **base,
                "vehicle_type": "car",
                "plate": plate,
                "plate_canonical": plate,
                "plate_country": "ML",
            }
        )
        rows[SeizureVehicle].append(
            {
                "id": new_id(),
                "seizure_id": sid,
                "vehicle_id": vid,
                "position": 0,
                "role": "conveyance",
            }
        )
    return rows


def fill(
    engine: Engine, n: int, seed: int, user_id: uuid.UUID, operation: uuid.UUID, sparse: bool
) -> None:
    with engine.connect() as conn:
        places = list(conn.scalars(select(Place.code)))
    rows = synthetic(places, n, seed, user_id, operation, sparse)
    with engine.begin() as conn:
        for model, batch in rows.items():
            for chunk in range(0, len(batch), 20_000):
                conn.execute(model.__table__.insert(), batch[chunk : chunk + 20_000])


def _record(
    factory: Any, count: int, seed: int, user_id: uuid.UUID, operation: uuid.UUID, pools: int
) -> str:
    """``count`` new seizures through the ORM, as a service writes them (so
    the change log has them); the key of the first."""
    with factory.begin() as s:
        places = list(s.scalars(select(Place.code)))
        rows = synthetic(places, count, seed, user_id, operation, False, pools, f"N{seed}-")
        for model, batch in rows.items():  # in the order of their keys
            s.add_all(model(**row) for row in batch)
            s.flush()
    return f"seizure:{rows[Seizure][0]['id']}"


def peak_mb() -> float:
    """This process's own peak resident memory (VmHWM); ``ru_maxrss`` would
    carry the parent's peak across the spawn."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return maxrss_mb()


def reset_peak() -> None:
    """Start this process's peak anew from its present size (Linux)."""
    Path("/proc/self/clear_refs").write_text("5")


def _fill_process(url: str, n: int, seed: int, user_id: str, operation: str, sparse: bool) -> None:
    from kafo.db import make_engine

    engine = make_engine(url)
    fill(engine, n, seed, uuid.UUID(user_id), uuid.UUID(operation), sparse)
    engine.dispose()


def _freshness(
    factory: Any, user_id: uuid.UUID, operation: uuid.UUID, seed: int, n: int, whole_s: float
) -> dict[str, Any]:
    """New and changed seizures committed, then the next query's wait for
    the graph to take them in (the change log applied), beside a whole
    reading."""
    out: dict[str, Any] = {}
    for count in (1, 100):
        key = _record(factory, count, seed + count, user_id, operation, n)
        with factory() as s:
            t0 = time.perf_counter()
            graph = current_graph(s)
            out[f"apply_{count}_new_seizures_s"] = round(time.perf_counter() - t0, 3)
        assert key in graph.index and graph.node_live[graph.index[key]]
    with factory.begin() as s:
        seizure = s.scalars(select(Seizure).limit(1)).one()
        seizure.location_text, seizure.place_code = "corrigé", None
        key = f"seizure:{seizure.id}"
    with factory() as s:
        t0 = time.perf_counter()
        graph = current_graph(s)
        out["apply_1_changed_seizure_s"] = round(time.perf_counter() - t0, 3)
    assert "corrigé" in graph.data.labels[graph.index[key]]
    out["whole_reading_s"] = whole_s
    return out


def _median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 3)


def run_kafo(
    kind: str, n: int, seed: int, workdir: Path, out: Path, sparse: bool = False
) -> dict[str, Any]:
    engine = fresh_database(kind, workdir, DB_NAME)
    upgrade_database(engine)
    factory = make_session_factory(engine)
    actor = bench_actor(factory)
    with factory.begin() as s:
        users.add_user(s, "bench-analyst", "bench-unit", Role.ANALYST)
        op = operations.create_operation(
            s,
            None,
            OperationCreate(
                code="BENCH",
                name="Bench",
                starts_on="2026-01-01",
                ends_on="2026-12-31",
                countries=["BF", "CI", "ML", "NE"],
                partners=[],
            ),
        )
    # Filled in another process, so that this one's peak memory is the graph's.
    t0 = time.perf_counter()
    url = engine.url.render_as_string(hide_password=False)
    proc = multiprocessing.get_context("spawn").Process(
        target=_fill_process, args=(url, n, seed, str(actor.user_id), str(op.id), sparse)
    )
    proc.start()
    proc.join()
    fill_s = time.perf_counter() - t0
    forget()
    result: dict[str, Any] = {"database": kind, "fill_s": round(fill_s, 1)}
    with factory() as s:
        t0 = time.perf_counter()
        with TreeWatch(os.getpid(), every=0.02, pss=False) as tree:
            graph = current_graph(s)
        result["load_s"] = round(time.perf_counter() - t0, 2)
        result["nodes"], result["edges"] = graph.n, graph.m
        t0 = time.perf_counter()
        adjacency(graph.n, graph.src, graph.dst)
        result["build_s"] = round(time.perf_counter() - t0, 2)
        result["peak_after_load_mb"] = peak_mb()
        # Phones and documents are read by a process of its own: its peak.
        result["values_process_peak_mb"] = graph.data.stats.get("values_apart_peak_mb", 0.0)
        result["load_peak_with_values_process_mb"] = round(tree.rss / 2**20, 1)
        np.save(out / "src.npy", graph.src)
        np.save(out / "dst.npy", graph.dst)
        t0 = time.perf_counter()
        view = user_view(s, actor)
        result["view_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        again = user_view(s, actor)
        result["view_again_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        assert again is view
        result["visible_nodes"] = int(view.node_ok.sum())
        result["visible_edges"] = int(view.edge_ok.sum())
        t0 = time.perf_counter()
        groups = algo.components(view)
        result["components_s"] = round(time.perf_counter() - t0, 2)
        result["networks"] = len(groups)
        t0 = time.perf_counter()
        listed = analyses.networks(s, actor, min_size=3, limit=50, with_members=False)
        result["networks_service_s"] = round(time.perf_counter() - t0, 2)
        result["networks_of_3_or_more"] = listed.networks
        rng = random.Random(seed)
        visible = np.flatnonzero(view.node_ok)
        starts = [int(visible[rng.randrange(len(visible))]) for _ in range(QUERIES)]
        times, sizes = [], []
        for v in starts:
            t0 = time.perf_counter()
            nodes, _edges = algo.neighbourhood(view, v, 2, 2000)
            times.append(time.perf_counter() - t0)
            sizes.append(len(nodes))
        result["around_2_hops_median_ms"] = _median_ms(times)
        result["around_median_nodes"] = statistics.median(sizes)
        pairs = [(starts[i], starts[-i - 1]) for i in range(PATHS)]
        times, found = [], 0
        for a, b in pairs:
            t0 = time.perf_counter()
            steps = algo.shortest_path(view, a, b)
            times.append(time.perf_counter() - t0)
            found += steps is not None
        result["path_median_ms"] = _median_ms(times)
        result["paths_found"] = f"{found}/{PATHS}"
        keys = [graph.data.keys[v] for v in starts if graph.kind(v) == "person"][:50]
        times = []
        for key in keys:
            t0 = time.perf_counter()
            analyses.around(s, actor, key, 2)
            times.append(time.perf_counter() - t0)
        result["service_around_median_ms"] = _median_ms(times)
        times = []
        for i in range(50):
            t0 = time.perf_counter()
            analyses.path(s, actor, keys[i], keys[-i - 1])
            times.append(time.perf_counter() - t0)
        result["service_path_median_ms"] = _median_ms(times)
        s.rollback()
        result["peak_queries_mb"] = peak_mb()
        reset_peak()
        linked = np.flatnonzero(view.node_ok & (algo.degree(view) > 0))
        t0 = time.perf_counter()
        centrality.adjacency(view)
        result["betweenness_graph_s"] = round(time.perf_counter() - t0, 1)
        for k in (SAMPLES, SAMPLES // 2):
            t0 = time.perf_counter()
            centrality.betweenness(view, linked, k)
            result[f"betweenness_{k}_sources_s"] = round(time.perf_counter() - t0, 1)
            bound = centrality.sampling_error(len(linked), k)
            result[f"betweenness_{k}_error_bound"] = round(bound, 3)
        t0 = time.perf_counter()
        ranked = analyses.actors(s, actor, samples=SAMPLES)
        result["actors_service_s"] = round(time.perf_counter() - t0, 1)
        assert ranked.sampled_sources == SAMPLES
        s.rollback()
        result["peak_key_actors_mb"] = peak_mb()
        reset_peak()
        result.update(_freshness(factory, actor.user_id, op.id, seed, n, result["load_s"]))
        result["peak_freshness_mb"] = peak_mb()
    engine.dispose()
    return result


def _library(name: str, folder: str, seed: int, queue: Any) -> None:
    """One library, in its own process: build, components, queries, betweenness."""
    src, dst = np.load(f"{folder}/src.npy"), np.load(f"{folder}/dst.npy")
    n = int(max(src.max(), dst.max())) + 1
    rng = random.Random(seed)
    starts = [rng.randrange(n) for _ in range(QUERIES)]
    pairs = [(starts[i], starts[-i - 1]) for i in range(PATHS)]
    r: dict[str, Any] = {"library": name}
    edges = list(zip(src.tolist(), dst.tolist(), strict=True))
    t0 = time.perf_counter()
    if name == "networkx":
        import networkx as nx

        g: Any = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(edges)
        r["build_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        r["components"] = sum(1 for c in nx.connected_components(g) if len(c) > 1)
        r["components_s"] = time.perf_counter() - t0
        around = lambda v: nx.single_source_shortest_path_length(g, v, cutoff=2)  # noqa: E731
        path = lambda a, b: nx.shortest_path(g, a, b) if nx.has_path(g, a, b) else None  # noqa: E731
        t0 = time.perf_counter()
        nx.betweenness_centrality(g, k=10, seed=seed)
        r["betweenness"] = "k=10 samples"
    elif name == "igraph":
        import igraph as ig

        g = ig.Graph(n=n, edges=edges)
        r["build_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        r["components"] = sum(1 for c in g.connected_components() if len(c) > 1)
        r["components_s"] = time.perf_counter() - t0
        around = lambda v: g.neighborhood(v, order=2)  # noqa: E731
        path = lambda a, b: g.get_shortest_path(a, b)  # noqa: E731
        t0 = time.perf_counter()
        g.betweenness(directed=False, sources=rng.sample(range(n), SAMPLES))
        r["betweenness"] = f"{SAMPLES} sampled sources"
    else:
        import rustworkx as rx

        g = rx.PyGraph(multigraph=False)
        g.add_nodes_from(range(n))
        g.extend_from_edge_list(edges)
        r["build_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        r["components"] = sum(1 for c in rx.connected_components(g) if len(c) > 1)
        r["components_s"] = time.perf_counter() - t0

        def around(v: int) -> set[int]:
            first = set(g.neighbors(v))
            return first | {u for w in first for u in g.neighbors(w)}

        path = lambda a, b: rx.graph_dijkstra_shortest_paths(g, a, target=b)  # noqa: E731
        t0 = None
        r["betweenness"] = "no sampled betweenness"
    if t0 is not None:
        r["betweenness_s"] = time.perf_counter() - t0
    times = []
    for v in starts:
        t1 = time.perf_counter()
        around(v)
        times.append(time.perf_counter() - t1)
    r["around_2_hops_median_ms"] = _median_ms(times)
    times = []
    for a, b in pairs[: 20 if name == "rustworkx" else PATHS]:
        t1 = time.perf_counter()
        path(a, b)
        times.append(time.perf_counter() - t1)
    r["path_median_ms"] = _median_ms(times)
    for k in ("build_s", "components_s", "betweenness_s"):
        if k in r:
            r[k] = round(r[k], 2)
    r["peak_mb"] = peak_mb()
    queue.put(r)


def _kafo(kind: str, n: int, seed: int, folder: str, sparse: bool, queue: Any) -> None:
    queue.put(run_kafo(kind, n, seed, Path(folder), Path(folder), sparse))


def run_kafo_apart(kind: str, n: int, seed: int, folder: Path, sparse: bool) -> dict[str, Any]:
    """:func:`run_kafo` in a fresh process (each database's peaks its own)."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_kafo, args=(kind, n, seed, str(folder), sparse, queue))
    proc.start()
    result: dict[str, Any] = queue.get()
    proc.join()
    return result


def run_library(name: str, folder: Path, seed: int) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_library, args=(name, str(folder), seed, queue))
    proc.start()
    result: dict[str, Any] = queue.get()
    proc.join()
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seizures", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--libraries", nargs="*", default=["rustworkx", "igraph", "networkx"])
    parser.add_argument(
        "--sparse", action="store_true", help="many small networks instead of one giant one"
    )
    args = parser.parse_args(argv)
    kafo, libraries = [], []
    with tempfile.TemporaryDirectory(prefix="kafo-network-bench-") as tmp:
        for kind in args.databases:
            kafo.append(run_kafo_apart(kind, args.seizures, args.seed, Path(tmp), args.sparse))
            print(kafo[-1], flush=True)
        for name in args.libraries:
            libraries.append(run_library(name, Path(tmp), args.seed))
            print(libraries[-1], flush=True)
    write_result(
        "network_bench",
        {
            "machine": platform.platform(),
            "python": platform.python_version(),
            "seizures": args.seizures,
            "kafo": kafo,
            "libraries": libraries,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
