"""Identity resolution at scale: kafo against Splink on the same records.

**What is measured.** One synthetic person file in kafo's person CSV format
(:mod:`kafo.io.person_csv`) is resolved by both systems in the same run,
each in a fresh process of its own, one after the other:

- kafo: ``read_person_csv`` (phase ``read_csv``), ``[r.record() for r in
  rows]`` (``records``), then ``resolve(records, workers=2)`` (``resolve``);
- Splink 4 on DuckDB: the same CSV read by DuckDB into normalised columns
  (``read_prepare``); training (``train``: the prior from deterministic
  rules, u by random sampling, m by EM blocked on date of birth, then on
  phone); ``predict`` at match probability ``THRESHOLD`` (0.9); and
  ``cluster_pairwise_predictions_at_threshold`` at the same threshold
  (``cluster``). The settings are in ``SPLINK_SETTINGS`` and the result.

For each system: seconds per phase and their total (imports excluded);
memory as ``peak_rss_mb`` (the high-water mark of the work process, and of
any process it waited for, from ``wait4``), ``peak_tree_pss_mb`` (the
largest sum of PSS over the process and its children, sampled by psutil
every 0.25 s: pages shared by kafo's forked workers count once) and
``peak_tree_rss_mb`` (the same with RSS: shared pages count in every
process); and pairwise precision, recall and F1 against the truth, twice.
``links_pairwise`` scores the pairs each system linked directly (kafo's
``Resolution.links``; Splink's predictions at or above the threshold).
``clusters_pairwise`` scores every pair of records put in one identity
(kafo's ``Resolution.identities``; Splink's clusters), which is what an
analyst is shown as one person. A true pair is two records of one made-up
person. kafo's ``compared``, ``scored``, ``skipped`` and ``refused`` are
reported as ``Resolution`` gives them.

**How the data is made** (deterministic for ``--seed``; ``person_data.py``;
Splink's side is ``splink_side.py``). People are drawn
as the demo draws them (:mod:`kafo.demo.people`): 80 % nationals of a KAFO
country, the others from a neighbour; family and given names from the
demo's tables for that country and language (finite pools: namesakes born
the same year are common, as in a national file); 20 % women; born
1962–2006; 75 % with a phone, 60 % with a document. About 10 % of people
are seen two to five times, the rest once. Each sighting is written as an
officer writes it, by the demo's own ``write_name`` (the tables' spelling
variants, dropped accents, capitals, family and given names swapped) and
``write_birth`` (full, partial, approximate, day and month swapped,
missing); sex 90 % of the time; nationality 80 % (ISO alpha-2, alpha-3 or
the English name); the person's phone 60 % and another number 15 % (E.164,
spaced, or national when the row's nationality gives the region); the
document 50 %, sometimes spaced. One sighting in ten of a duplicated
person has a typo: one character inserted, deleted, replaced or
transposed in one of the names. 0.5 % of people use a phone that someone
else uses too. Records are shuffled and numbered ``R0000000``…;
``truth.csv`` gives each record's person. 1,000,000 records take about
20 s to make.

**Commands.** ``uv sync --frozen`` (``make setup``) installs the ``bench``
dependency group (Splink 4, psutil): ``pyproject.toml`` makes it a default
group. Elsewhere: ``.tools/bin/uv sync --frozen --group bench``.

    .venv/bin/python benchmarks/resolve_bench.py --records 20000
    .venv/bin/python benchmarks/resolve_bench.py --records 1000000 --workdir /tmp/rb
    .venv/bin/python benchmarks/resolve_bench.py --records 100000 --systems kafo

The result is printed and kept as ``benchmarks/out/resolve.json``; the
work directory keeps the CSV, the truth, each system's links and clusters
(``.npy``, record numbers) and its log. Target for kafo: 1,000,000 records
in 60 s or less on 2 cores, within 3 GB.

**Caveats.**

- The data is synthetic and made from kafo's own demo tables. kafo's
  matcher knows many of those spellings (its variant groups), as it would
  know the region's names in the field; a general tool sees only string
  similarity. The truth is not shown to either system.
- Splink's settings are what a careful user would write after reading
  Splink's own diagnostics; they were not tuned on the truth. The one
  change: EM blocked on (surname, given) gave a date-of-birth m of 0.88
  for "all other comparisons" (that block is mostly namesakes), so the
  second EM blocks on phone instead. u is sampled from 1e7 pairs (Splink suggests up to 1e9
  for a final model: more time). DuckDB has no phonetic function, so Splink
  blocks on exact normalised names with the year, on swapped names, phone
  and document; pairs whose names both differ are out of its reach.
- kafo links only corroborated pairs (a shared phone or document, the same
  date of birth, or a partial date when the name is rare enough); Splink
  weighs everything it has.
- DuckDB uses both cores and, by default, up to 80 % of the machine's
  memory (``duckdb_memory_limit``): its peak is what it chose to use, not
  a floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import psutil

from bench_common import TreeWatch, maxrss_mb, write_result
from person_data import generate
from splink_side import run_splink

WORKERS = 2
SYSTEMS = ("kafo", "splink")
ROOT = Path(__file__).resolve().parent.parent


# --- kafo, in its own process ---------------------------------------------------


def run_kafo(workdir: Path) -> dict[str, Any]:
    from kafo.io.person_csv import read_person_csv
    from kafo.matching.resolution import resolve

    phases: dict[str, float] = {}
    start = time.perf_counter()
    rows = read_person_csv(workdir / "persons.csv")
    phases["read_csv"] = time.perf_counter() - start
    start = time.perf_counter()
    records = [r.record() for r in rows]
    phases["records"] = time.perf_counter() - start
    start = time.perf_counter()
    found = resolve(records, workers=WORKERS)
    phases["resolve"] = time.perf_counter() - start
    rss = maxrss_mb()
    # Not timed: the answer as record numbers, for scoring.
    n = len(found.links)
    ends = np.fromiter(
        (int(x[1:]) for link in found.links for x in (link.a, link.b)), np.int64, 2 * n
    )
    labels = np.full(len(records), -1, np.int64)
    for k, ids in enumerate(found.identities):
        labels[[int(x[1:]) for x in ids]] = k
    np.save(workdir / "kafo_links.npy", ends.reshape(-1, 2))
    np.save(workdir / "kafo_clusters.npy", labels)
    return {
        "phases_s": {k: round(v, 2) for k, v in phases.items()},
        "total_s": round(sum(phases.values()), 2),
        "rss_mb_after_resolve": rss,
        "links": n,
        "identities": len(found.identities),
        "compared": found.compared,
        "scored": found.scored,
        "skipped": found.skipped,
        "refused": found.refused,
    }


# --- Scoring --------------------------------------------------------------------


def _f1(true_positives: int, found: int, truth: int) -> dict[str, float | int]:
    precision = true_positives / found if found else 0.0
    recall = true_positives / truth if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": found,
        "true_positives": true_positives,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def _pairs_within(labels: np.ndarray) -> int:
    sizes = np.unique(labels, return_counts=True)[1]
    return int((sizes * (sizes - 1) // 2).sum())


def score(workdir: Path, system: str, truth: np.ndarray) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of the direct links and of the
    pairs inside one cluster (identity)."""
    true_pairs = _pairs_within(truth)
    ends = np.load(workdir / f"{system}_links.npy").reshape(-1, 2)
    codes = np.unique(np.minimum(ends[:, 0], ends[:, 1]) * len(truth) + np.maximum(*ends.T))
    a, b = codes // len(truth), codes % len(truth)
    links = _f1(int((truth[a] == truth[b]).sum()), len(codes), true_pairs)
    labels = np.load(workdir / f"{system}_clusters.npy")
    labels = np.r_[labels, np.full(len(truth) - len(labels), -1)]
    alone = labels < 0  # unlinked records: each its own cluster
    labels[alone] = labels.max() + 1 + np.arange(alone.sum())
    found = _pairs_within(labels)
    both = _pairs_within(labels * (truth.max() + 1) + truth)
    return {"links_pairwise": links, "clusters_pairwise": _f1(both, found, true_pairs)}


# --- Running and measuring ------------------------------------------------------


def measure(system: str, workdir: Path, seed: int) -> dict[str, Any]:
    """Run one system in a fresh process; its result with its peak memory."""
    command = [sys.executable, __file__, "--run", system, "--workdir", str(workdir)]
    command += ["--seed", str(seed)]
    with (workdir / f"{system}.log").open("w") as log:
        # This interpreter, this script.
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        watch = TreeWatch(proc.pid)
        watch.start()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        watch.stop()
    if proc.returncode:
        raise SystemExit(f"{system} failed (exit {proc.returncode}): see {workdir}/{system}.log")
    result = json.loads((workdir / f"{system}.json").read_text(encoding="utf-8"))
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # KiB on Linux
    result["peak_tree_rss_mb"] = round(watch.rss / 2**20, 1)
    result["peak_tree_pss_mb"] = round(watch.pss / 2**20, 1)
    return result


def versions() -> dict[str, str]:
    def installed(name: str) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    describe = subprocess.run(
        ["git", "describe", "--always", "--dirty"],  # noqa: S607 - git from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "kafo": describe or "unknown",
        "splink": installed("splink"),
        "duckdb": installed("duckdb"),
        "numpy": installed("numpy"),
        "rapidfuzz": installed("rapidfuzz"),
    }


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "processor": platform.processor() or platform.machine(),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--run", choices=SYSTEMS, help=argparse.SUPPRESS)  # in the child
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="resolve_bench_"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.run:
        run = run_kafo(workdir) if args.run == "kafo" else run_splink(workdir, args.seed)
        (workdir / f"{args.run}.json").write_text(json.dumps(run), encoding="utf-8")
        return 0
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if unknown := set(systems) - set(SYSTEMS):
        parser.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    start = time.perf_counter()
    made = generate(args.records, args.seed, workdir)
    result: dict[str, Any] = {
        **made,
        "seed": args.seed,
        "generate_s": round(time.perf_counter() - start, 1),
        "csv_mb": round((workdir / "persons.csv").stat().st_size / 1e6, 1),
        "workdir": str(workdir),
        "machine": machine(),
        "versions": versions(),
    }
    truth = np.load(workdir / "truth.npy")
    for system in systems:
        print(f"running {system} on {made['records']:,} records…", file=sys.stderr, flush=True)
        result[system] = measure(system, workdir, args.seed) | score(workdir, system, truth)
    if "kafo" in result and "splink" in result:
        kafo, splink = result["kafo"], result["splink"]
        result["splink_over_kafo"] = {
            "total_s": round(splink["total_s"] / kafo["total_s"], 2),
            "peak_rss": round(splink["peak_rss_mb"] / kafo["peak_rss_mb"], 2),
        }
    if "kafo" in result:
        kafo = result["kafo"]
        memory = max(kafo["peak_rss_mb"], kafo["peak_tree_pss_mb"])
        result["kafo_target"] = {
            "target": "1,000,000 records in 60 s or less on 2 cores, within 3 GB",
            "resolve_within_60s": kafo["phases_s"]["resolve"] <= 60,
            "read_and_resolve_within_60s": kafo["total_s"] <= 60,
            "within_3gb": memory <= 3072,
        }
    write_result("resolve", result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
