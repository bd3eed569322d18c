"""Screening against the UN Security Council Consolidated List.

Self-screening: every individual alias of quality Good is screened as a
query (its name only); its own entry must come first. False positives: as
many synthetic names of people not on the list (a given name and a family
name drawn from kafo's variant tables, two given names for a third of
them; any that equals a listed name is redrawn), counted when any entry
reaches the alert threshold. Speed: queries per second, one process.

The list is ``../shared/data/un-consolidated-2020.xml`` (not in the
repository).

    .venv/bin/python benchmarks/screen_bench.py
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from bench_common import write_result
from kafo.datafiles import read_rows
from kafo.io.un_list import ListedEntry, read_un_list
from kafo.matching.dates import PartialDate
from kafo.matching.names import MATCH_THRESHOLD, NameRefused, fold, read_name
from kafo.matching.persons import PersonFacts
from kafo.matching.screening import ListedPerson, Screen

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "un-consolidated-2020.xml"


def born(entry: ListedEntry) -> PartialDate | None:
    for b in entry.birth_dates:
        if b.day is not None:
            return PartialDate(b.day.year, b.day.month, b.day.day, b.kind != "EXACT")
        if b.year is not None:
            return PartialDate(b.year, approximate=b.kind != "EXACT")
        if b.from_year and b.to_year:
            return PartialDate((b.from_year + b.to_year) // 2, approximate=True)
    return None


def listed(entry: ListedEntry) -> ListedPerson | None:
    try:
        name = read_name(entry.name)
    except NameRefused:
        return None
    names = ((entry.name, "main"), *((a.name, a.quality) for a in entry.aliases))
    documents = frozenset(d.number for d in entry.documents)
    return ListedPerson(entry.reference_number, names, PersonFacts(name, born(entry), documents))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", type=Path, default=DEFAULT)
    parser.add_argument("--synthetic", type=int, default=10_000)
    args = parser.parse_args(argv)
    entries = [e for e in read_un_list(args.list).entries if e.kind == "individual"]
    people = [p for p in map(listed, entries) if p is not None]
    t = time.perf_counter()
    screen = Screen(people)
    build_s = time.perf_counter() - t
    good = [(p.key, written) for p in people for written, q in p.names if q == "Good"]
    queries = []
    for key, written in good:
        try:
            queries.append((key, read_name(written)))
        except NameRefused:  # an alias with digits is not a person's name to screen
            continue
    first = 0
    missed: list[str] = []
    t = time.perf_counter()
    for key, name in queries:
        hits = screen.screen(PersonFacts(name))
        if hits and hits[0].key == key:
            first += 1
        elif len(missed) < 15:
            missed.append(f"{name.written} ({key}): {[(h.key, h.score) for h in hits[:2]]}")
    self_s = time.perf_counter() - t
    rng = random.Random(5)
    given = [r["variant"] for r in read_rows("data", "given_names.csv")]
    family = [r["variant"] for r in read_rows("data", "surnames.csv")]
    on_list = {fold(w) for p in people for w, _ in p.names}
    alerts = 0
    examples: list[str] = []
    t = time.perf_counter()
    n = 0
    while n < args.synthetic:
        parts = [rng.choice(given)] + ([rng.choice(given)] if rng.random() < 1 / 3 else [])
        synthetic = " ".join([*parts, rng.choice(family)])
        if fold(synthetic) in on_list:
            continue
        n += 1
        hits = screen.screen(PersonFacts(read_name(synthetic)))
        if hits:
            alerts += 1
            if len(examples) < 10:
                top = hits[0]
                examples.append(f"{synthetic} → {top.matched} ({top.key}, {top.score})")
    fp_s = time.perf_counter() - t
    result = {
        "individuals": len(people),
        "listed_names": sum(len(p.names) for p in people),
        "index_build_s": round(build_s, 2),
        "threshold": MATCH_THRESHOLD,
        "good_aliases": len(good),
        "self_screening_queries": len(queries),
        "own_entry_first": first,
        "own_entry_first_rate": round(first / len(queries), 4),
        "missed_examples": missed,
        "synthetic_names": args.synthetic,
        "false_positive_alerts": alerts,
        "false_positive_rate": round(alerts / args.synthetic, 4),
        "false_positive_examples": examples,
        "screened_per_s": round((len(queries) + args.synthetic) / (self_s + fp_s)),
    }
    write_result("screen", result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
