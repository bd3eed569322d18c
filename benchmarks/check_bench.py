"""Record checks at iARMS scale: import, recall against an exhaustive scan, speed.

A synthetic registry of N records with realistic serial shapes is written to
a CSV file (Chinese and Soviet-pattern rifles numbered in lots, pistols with
letter prefixes, Turkish shotguns with year codes, old digit-only serials;
lots share prefixes), imported with ``kafo registry import``'s service, and
checked with corrupted serials: substitutions, deletions, insertions, swaps
of neighbours, look-alike characters, obliterated characters (``?`` and
``*``), and serials that are not in the registry.

The oracle is an exhaustive rapidfuzz scan of every skeleton in the registry
with the same rules (OSA distance within the edit budget, look-alikes folded,
wildcards as a full-match pattern, skeletons under three characters only
exactly). kafo's recall must equal it; any difference is printed.

The in-memory index is loaded by a separate process (as a server would at
its first check after a start), which reports the load time, the bytes of
the index and its peak memory.

    .venv/bin/python benchmarks/check_bench.py --records 1500000 --databases sqlite
    .venv/bin/python benchmarks/check_bench.py --records 1500000 --databases postgresql
    .venv/bin/python benchmarks/check_bench.py --records 10000000 --batch 0 --databases sqlite

Targets (issue 4): single check median ≤ 1 ms, p99 ≤ 10 ms at 1.5 M on
SQLite and ≥ 100× faster than the exhaustive scan; 100,000 checks in ≤ 30 s;
import ≥ 100,000 rows/s on SQLite; ≤ 2 GB of memory at 10 M.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import select

from bench_common import bench_actor, fresh_database, write_result
from kafo.db import make_engine, make_session_factory
from kafo.matching.serial_search import MIN_INDEXED, SerialQuery, read_query
from kafo.model.org import User
from kafo.model.registry import RegistryRecord
from kafo.model.vocab import RegistryKind
from kafo.schemas.checks import CheckIn
from kafo.services.actor import Actor
from kafo.services.checks import catalogue
from kafo.services.checks.catalogue import find
from kafo.services.checks.service import check_many, run_check
from kafo.services.registry import import_registry
from kafo.services.setup import upgrade_database

DB_NAME = "kafo_check_bench"
DIGITS = "0123456789"
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
ALNUM = DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOOKALIKE = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8"}

# (weight, make, model, calibre, serial maker); lots of consecutive numbers.
FAMILIES: list[tuple[int, str, str, str, str]] = [
    (25, "Norinco", "Type 56-1", "7.62x39", "type56"),
    (15, "Izhmash", "AKM", "7.62x39", "soviet"),
    (10, "Glock", "17", "9x19", "glock"),
    (10, "Beretta", "92", "9mm", "beretta"),
    (10, "FN Herstal", "FAL", "7.62x51", "fn"),
    (10, "Hatsan", "Escort", "12 ga", "turkish"),
    (15, "MAS", "MAS 36", "7.5x54", "digits"),
    (5, "Tula", "TT-33", "7.62x25", "tt"),
]


def serial_for(kind: str, rng: random.Random, lot: dict[str, Any]) -> str:
    n = lot["next"]
    lot["next"] += 1
    if kind == "type56":
        return f"{n:08d}"
    if kind == "soviet":
        return f"{lot['letters']} {n % 1_000_000:06d}"
    if kind == "glock":
        return f"{lot['letters']}{n % 1000:03d}"
    if kind == "beretta":
        return f"{lot['letters'][0]}{n % 100_000:05d}{lot['letters'][1]}"
    if kind == "fn":
        return f"{lot['prefix']}-{n % 10_000_000:07d}"
    if kind == "turkish":
        return f"T{lot['year']:02d}{n % 1_000_000:06d}"
    if kind == "tt":
        return f"{lot['letters'][:2]}{n % 10_000:04d}"
    return f"{n % 1_000_000:06d}" if rng.random() < 0.6 else f"{n % 100_000:05d}"


def new_lot(kind: str, rng: random.Random) -> dict[str, Any]:
    letters = "".join(rng.choice(LETTERS) for _ in range(3))
    return {
        "next": rng.randrange(10**7, 10**8 - 1000),
        "left": rng.randint(10, 500),
        "letters": letters,
        "prefix": rng.choice(["1", "2", "3", "G3", "FA", "FN"]),
        "year": rng.randint(0, 25),
        "kind": kind,
    }


def write_registry(path: Path, n: int, seed: int) -> list[str]:
    """The registry CSV; returns the serials as written, in row order."""
    rng = random.Random(seed)
    weights = [f[0] for f in FAMILIES]
    lots: dict[str, dict[str, Any]] = {}
    serials: list[str] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["ref_source", "numero_serie", "marque", "modele", "calibre", "type"])
        for i in range(n):
            _w, make, model, calibre, kind = rng.choices(FAMILIES, weights)[0]
            lot = lots.get(kind)
            if lot is None or lot["left"] <= 0:
                lot = lots[kind] = new_lot(kind, rng)
            lot["left"] -= 1
            serial = serial_for(kind, rng, lot)
            serials.append(serial)
            rtype = rng.choice(["stolen", "lost", "stockpile", "national_registry", "trafficked"])
            out.writerow([f"R{i:08d}", serial, make, model, calibre, rtype])
    return serials


def corrupt(serial: str, rng: random.Random) -> str:
    """A serial as it might be read at a checkpoint."""
    s = serial.replace(" ", "").replace("-", "")
    op = rng.choice(["sub", "del", "ins", "swap", "look", "look+sub", "two", "q", "star", "miss"])

    def sub(t: str) -> str:
        i = rng.randrange(len(t))
        return t[:i] + rng.choice(ALNUM) + t[i + 1 :]

    if op == "sub":
        return sub(s)
    if op == "del":
        i = rng.randrange(len(s))
        return s[:i] + s[i + 1 :]
    if op == "ins":
        i = rng.randrange(len(s) + 1)
        return s[:i] + rng.choice(DIGITS) + s[i:]
    if op == "swap" and len(s) > 1:
        i = rng.randrange(len(s) - 1)
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    if op in ("look", "look+sub"):
        spots = [i for i, c in enumerate(s) if c in LOOKALIKE]
        if spots:
            i = rng.choice(spots)
            s = s[:i] + LOOKALIKE[s[i]] + s[i + 1 :]
        return sub(s) if op == "look+sub" else s
    if op == "two":
        return sub(sub(s))
    if op == "q" and len(s) >= 6:
        i = rng.randrange(len(s) - 1)
        return s[:i] + "??" + s[i + 2 :]
    if op == "star" and len(s) >= 6:
        return s[: max(3, len(s) - 3)] + "*"
    return "".join(rng.choice(ALNUM) for _ in range(len(s)))  # not in the registry


def oracle(queries: list[SerialQuery], skeletons: list[str]) -> tuple[list[set[int]], float, float]:
    """Exhaustive scan: indexes of matching skeletons per query; seconds per
    query one at a time, and per query when all are scanned in one batch."""
    hits: list[set[int]] = []
    fuzzy = [q for q in queries if not q.partial]
    # One at a time (a few, to time it).
    t0 = time.perf_counter()
    sample = fuzzy[:20]
    for q in sample:
        process.cdist([q.skeleton], skeletons, scorer=OSA.distance, score_cutoff=2, workers=1)
    single = (time.perf_counter() - t0) / max(1, len(sample))
    # All at once, in chunks so the distance matrix fits in memory.
    chunk = max(1, 150_000_000 // max(1, len(skeletons)))
    near: list[tuple[Any, Any]] = []  # (indexes within 2 edits, their distances)
    t0 = time.perf_counter()
    for start in range(0, len(fuzzy), chunk):
        matrix = process.cdist(
            [q.skeleton for q in fuzzy[start : start + chunk]],
            skeletons,
            scorer=OSA.distance,
            score_cutoff=2,
            dtype=np.uint8,
            workers=-1,
        )
        for row in matrix:
            where = (row <= 2).nonzero()[0]
            near.append((where, row[where]))
    batched = (time.perf_counter() - t0) / max(1, len(fuzzy))
    rows = iter(near)
    by_length: dict[int, list[int]] = {}
    for i, s in enumerate(skeletons):
        by_length.setdefault(len(s), []).append(i)
    for q in queries:
        if q.partial:
            assert q.pattern is not None
            fit = q.pattern.fullmatch
            if "*" in q.skeleton:  # every skeleton, the cheap test first
                head, tail = q.prefix, q.suffix
                hits.append(
                    {
                        i
                        for i, s in enumerate(skeletons)
                        if s.startswith(head) and s.endswith(tail) and fit(s)
                    }
                )
            else:  # '?' only: every skeleton of that length
                same = by_length.get(len(q.skeleton), [])
                hits.append({i for i in same if fit(skeletons[i])})
            continue
        where, dist = next(rows)
        found = set()
        for i, d in zip(where.tolist(), dist.tolist(), strict=True):
            s = skeletons[i]
            if s == q.skeleton or (d <= q.edits and len(s) >= MIN_INDEXED):
                found.add(i)
        hits.append(found)
    return hits, single, batched


def _compare(
    session: Any, queries: list[SerialQuery], expected: list[set[int]], ids: list[Any]
) -> tuple[list[float], list[dict[str, Any]], int]:
    """Time kafo's lookup of each query and compare what it finds with the oracle."""
    times: list[float] = []
    differences: list[dict[str, Any]] = []
    overflows = 0
    for q, want in zip(queries, expected, strict=True):
        t = time.perf_counter()
        found = find(session, q)
        times.append(time.perf_counter() - t)
        overflows += found.overflow
        got = set(found.matches)
        wanted = {ids[i] for i in want}
        if got != wanted:
            differences.append(
                {
                    "query": q.written,
                    "edits": q.edits,
                    "missing": len(wanted - got),
                    "extra": len(got - wanted),
                    "overflow": found.overflow,
                }
            )
    return times, differences, overflows


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _memory_mb() -> tuple[int, int]:
    """(peak, current) resident memory of this process, in MB. Read from
    /proc: getrusage's peak carries over the parent's from before exec."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmHWM"].split()[0]) // 1024, int(fields["VmRSS"].split()[0]) // 1024


def measure_load(url: str) -> dict[str, Any]:
    """Load the in-memory index of ``url`` as a fresh process would (run in
    a process of its own, so that its memory is the index's)."""
    engine = make_engine(url)
    _peak, before = _memory_mb()
    t = time.perf_counter()
    with make_session_factory(engine)() as s:
        cat = catalogue.shared(s)
    load_s = time.perf_counter() - t
    peak, after = _memory_mb()
    return {
        "load_s": round(load_s, 1),
        "serials": len(cat),
        "index_mb": round(cat.nbytes() / 1e6),
        "process_mb_before_load": before,
        "process_mb_after_load": after,
        "process_peak_mb": peak,
    }


def load_in_child(url: str) -> dict[str, Any]:
    out = subprocess.run(  # noqa: S603 (this interpreter, this script)
        [sys.executable, __file__, "--measure-load", url],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run(kind: str, args: argparse.Namespace, csv_path: Path, workdir: Path) -> dict[str, Any]:
    if args.reuse:  # the SQLite database of an earlier run with --workdir
        engine = make_engine(f"sqlite:///{workdir / f'{DB_NAME}.db'}")
        factory = make_session_factory(engine)
        with factory() as s:
            user = s.scalars(select(User).where(User.username == "bench")).one()
            actor = Actor.of(user)
        import_s = None
    else:
        engine = fresh_database(kind, workdir, DB_NAME)
        upgrade_database(engine)
        factory = make_session_factory(engine)
        actor = bench_actor(factory)
        t0 = time.perf_counter()
        with factory.begin() as s:
            report = import_registry(
                s, actor, csv_path, source="bench", kind=RegistryKind.STOLEN, max_bytes=1 << 40
            )
        import_s = time.perf_counter() - t0
        assert report.created == args.records, report.as_dict(5)
    loaded = load_in_child(engine.url.render_as_string(hide_password=False))
    print(kind, "index", json.dumps(loaded), flush=True)
    with factory() as s:
        rows = s.execute(select(RegistryRecord.id, RegistryRecord.serial_skeleton)).all()
    ids = [r[0] for r in rows]
    skeletons = [r[1] for r in rows]
    rng = random.Random(args.seed + 1)
    written: list[str] = []
    queries: list[SerialQuery] = []
    while len(queries) < args.queries:
        text_ = corrupt(rng.choice(args.serials), rng)
        try:
            queries.append(read_query(text_))
            written.append(text_)
        except ValueError:
            continue
    expected, oracle_single, oracle_batched = oracle(queries, skeletons)
    check_times: list[float] = []
    # The same serials with two edits allowed whatever their length.
    two = [read_query(w, 2) for w, q in zip(written, queries, strict=True) if not q.partial]
    two = two[: args.queries // 5]
    expected_two, _s, _b = oracle(two, skeletons)
    with factory() as s:
        times, differences, overflows = _compare(s, queries, expected, ids)
        times_two, differences_two, overflows_two = _compare(s, two, expected_two, ids)
        for w in written[:200]:
            t = time.perf_counter()
            run_check(s, actor, CheckIn(serial=w))
            check_times.append(time.perf_counter() - t)
        s.rollback()
    result: dict[str, Any] = {
        "import_s": round(import_s, 1) if import_s else None,
        "import_rows_per_s": round(args.records / import_s) if import_s else None,
        "index": loaded,
        "queries": len(queries),
        "partial_queries": sum(q.partial for q in queries),
        "recall_differences": differences[:20],
        "recall_differences_count": len(differences),
        "recall_differences_unbounded": sum(not d["overflow"] for d in differences),
        "recall_equal": not differences,
        "overflows": overflows,
        "hits_total": sum(len(e) for e in expected),
        "find_median_ms": round(statistics.median(times) * 1000, 3),
        "find_p99_ms": round(percentile(times, 99) * 1000, 3),
        "two_edit_queries": len(two),
        "two_edit_recall_equal": not differences_two,
        "two_edit_recall_differences": differences_two[:20],
        "two_edit_recall_differences_count": len(differences_two),
        "two_edit_recall_differences_unbounded": sum(not d["overflow"] for d in differences_two),
        "two_edit_extra_hits": sum(d["extra"] for d in differences_two),
        "two_edit_overflows": overflows_two,
        "two_edit_find_median_ms": round(statistics.median(times_two) * 1000, 3),
        "two_edit_find_p99_ms": round(percentile(times_two, 99) * 1000, 3),
        "check_median_ms": round(statistics.median(check_times) * 1000, 3),
        "check_p99_ms": round(percentile(check_times, 99) * 1000, 3),
        "oracle_single_ms": round(oracle_single * 1000, 1),
        "oracle_batched_ms_per_query": round(oracle_batched * 1000, 2),
    }
    result["speedup_vs_scan"] = round(oracle_single * 1000 / result["find_median_ms"], 1)
    if args.batch:
        # Distinct serials, corrupted like the queries (any that cannot be
        # read are reported on their row, as in a real file).
        items = [
            CheckIn(id=str(i), serial=corrupt(rng.choice(args.serials), rng))
            for i in range(args.batch)
        ]
        t = time.perf_counter()
        with factory() as s:
            out = check_many(s, actor, items)
            s.rollback()
        result["batch_checks"] = args.batch
        result["batch_s"] = round(time.perf_counter() - t, 1)
        result["batch_checks_per_s"] = round(args.batch / result["batch_s"])
        result["batch_hits"] = sum(o.total for o in out)
        result["batch_hits_returned"] = sum(len(o.hits) for o in out)
    engine.dispose()
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_500_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--workdir", help="keep the CSV and the SQLite database here")
    parser.add_argument(
        "--reuse", action="store_true", help="query the SQLite database kept in --workdir"
    )
    parser.add_argument("--measure-load", metavar="URL", help="only load the index of URL")
    args = parser.parse_args(argv)
    if args.measure_load:
        print(json.dumps(measure_load(args.measure_load)))
        return 0
    results: dict[str, Any] = {
        "records": args.records,
        "python": platform.python_version(),
        "started": time.strftime("%Y-%m-%d %H:%M"),
    }
    with tempfile.TemporaryDirectory(prefix="kafo-check-") as tmp:
        work = Path(args.workdir or tmp)  # --workdir: kept, to measure again
        csv_path = work / "registry.csv"
        t = time.perf_counter()
        target = Path(os.devnull) if args.reuse else csv_path  # the same serials, not rewritten
        args.serials = write_registry(target, args.records, args.seed)
        results["write_csv_s"] = round(time.perf_counter() - t, 1)
        results["csv_mb"] = round(csv_path.stat().st_size / 1e6, 1) if csv_path.exists() else None
        for kind in args.databases:
            results[kind] = run(kind, args, csv_path, work)
            print(kind, json.dumps(results[kind]), flush=True)
    results["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    write_result(f"check-{args.records}", results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
