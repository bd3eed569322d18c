"""Name matching quality on a labelled set of name pairs.

The set is ``../shared/data/name-bench-cases.csv`` (826 pairs from
OpenSanctions' nomenklatura name bench; not part of the repository): columns
``schema, name1, name2, is_match``. kafo's :func:`kafo.matching.names.compare`
scores each pair (organisations with legal forms dropped, people with the
variant tables and the phonetic key), and a pair is a match at or above
:data:`kafo.matching.names.MATCH_THRESHOLD`, fixed before this set was
read. The alternative, in the same run: rapidfuzz ``token_sort_ratio`` (name
order ignored, accents folded), at its best threshold on this very set,
which flatters it. The reference result quoted in the issue is
OpenSanctions' logic-v2 at F1 0.790 on all pairs.

    .venv/bin/python benchmarks/name_bench.py
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bench_common import write_result
from kafo.matching.names import MATCH_THRESHOLD, NameRefused, compare_names, fold

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "name-bench-cases.csv"


def prf(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    tp = sum(p and t for p, t in pairs)
    fp = sum(p and not t for p, t in pairs)
    fn = sum(t and not p for p, t in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def evaluate(
    rows: list[dict[str, str]], score: Callable[[dict[str, str]], float], threshold: float
) -> dict[str, Any]:
    judged = [(score(r) >= threshold, r["is_match"] == "true", r["schema"]) for r in rows]
    return {
        "all": prf([(p, t) for p, t, _ in judged]),
        "person": prf([(p, t) for p, t, s in judged if s == "Person"]),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    rows = list(csv.DictReader(args.cases.open(encoding="utf-8")))
    refused: list[str] = []

    def kafo(row: dict[str, str]) -> float:
        try:
            return compare_names(row["name1"], row["name2"], row["schema"] != "Person").score
        except NameRefused as exc:  # names with digits: not person names
            refused.append(f"{row['name1']} / {row['name2']}: {exc}")
            return 0.0

    def baseline(row: dict[str, str]) -> float:
        return fuzz.token_sort_ratio(fold(row["name1"]), fold(row["name2"])) / 100

    t = time.perf_counter()
    scores = {id(r): kafo(r) for r in rows}
    elapsed = time.perf_counter() - t
    ours = evaluate(rows, lambda r: scores[id(r)], MATCH_THRESHOLD)
    best = max(
        (evaluate(rows, baseline, x / 100) | {"threshold": x / 100} for x in range(50, 100)),
        key=lambda r: r["all"]["f1"],
    )
    curve = {
        str(x): evaluate(rows, lambda r: scores[id(r)], x)["all"] for x in (0.75, 0.8, 0.85, 0.9)
    }
    result = {
        "pairs": len(rows),
        "person_pairs": sum(r["schema"] == "Person" for r in rows),
        "kafo_threshold": MATCH_THRESHOLD,
        "kafo": ours,
        "kafo_pairs_per_s": round(len(rows) / elapsed),
        "kafo_refused": len(refused),
        "kafo_curve_all_pairs": curve,
        "rapidfuzz_token_sort_best_on_this_set": best,
        "reference_logic_v2_all_f1": 0.790,
    }
    write_result("names", result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
