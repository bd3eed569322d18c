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
from kafo.io.un_list import read_un_list
from kafo.matching.dates import PartialDate
from kafo.matching.names import MATCH_THRESHOLD, NameRefused, fold, read_name
from kafo.matching.persons import PersonFacts
from kafo.matching.screening import Screen
from kafo.services.identities.entries import from_un, listed_person

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "un-consolidated-2020.xml"


def false_positives(queries: list[PersonFacts], screen: Screen) -> tuple[int, list[str], float]:
    """Alerts raised by people not on the list, examples, and the time taken."""
    alerts = 0
    examples: list[str] = []
    t = time.perf_counter()
    for facts in queries:
        hits = screen.screen(facts)
        if hits:
            alerts += 1
            if len(examples) < 10:
                top = hits[0]
                examples.append(f"{facts.name.written} → {top.matched} ({top.key}, {top.score})")
    return alerts, examples, time.perf_counter() - t


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", type=Path, default=DEFAULT)
    parser.add_argument("--synthetic", type=int, default=10_000)
    args = parser.parse_args(argv)
    entries = [e for e in read_un_list(args.list).entries if e.kind == "individual"]
    people = [p for p in (listed_person(from_un(e)) for e in entries) if p is not None]
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
    synthetic: list[str] = []
    while len(synthetic) < args.synthetic:
        parts = [rng.choice(given)] + ([rng.choice(given)] if rng.random() < 1 / 3 else [])
        written = " ".join([*parts, rng.choice(family)])
        if fold(written) not in on_list:
            synthetic.append(written)
    # The same people as a border post records them: a date of birth (a
    # year, or a full date) and a nationality of the four countries.
    recorded = [
        PersonFacts(
            read_name(written),
            PartialDate(
                rng.randint(1950, 2005),
                *((rng.randint(1, 12), rng.randint(1, 28)) * (rng.random() < 0.5)),
            ),
            nationalities=frozenset({rng.choice(("BF", "CI", "ML", "NE"))}),
        )
        for written in synthetic
    ]
    alerts, examples, fp_s = false_positives([PersonFacts(read_name(w)) for w in synthetic], screen)
    alerts_facts, _, facts_s = false_positives(recorded, screen)
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
        "with_birth_date_and_nationality": {
            "false_positive_alerts": alerts_facts,
            "false_positive_rate": round(alerts_facts / args.synthetic, 4),
            "screened_per_s": round(args.synthetic / facts_s),
        },
    }
    write_result("screen", result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
