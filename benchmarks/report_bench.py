"""Statistics at a national node's scale: a country's IAFQ report for a year.

N seizures (with 1–3 firearms each, ammunition, arrested persons, trace
requests and findings) are written straight into a fresh database; then
``kafo``'s IAFQ report (every table, with the record ids of every cell) is
timed against the plain SQL ``GROUP BY`` queries that give the same
headline figures as counts only (arms by IAFQ type and how they came in,
the SDG 16.4.2 numerator, persons arrested). The figures must agree; the
ratio says what keeping each cell's records costs.

    .venv/bin/python benchmarks/report_bench.py --seizures 100000
    .venv/bin/python benchmarks/report_bench.py --seizures 100000 --databases postgresql

Writes a JSON result beside the printed table (``benchmarks/out/``).
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import Engine, func, select

from bench_common import bench_actor, fresh_database, maxrss_mb, write_result
from kafo.db import make_session_factory
from kafo.ids import new_id
from kafo.io.report_book import report_json
from kafo.model import (
    Ammunition,
    Firearm,
    Person,
    Seizure,
    SeizurePerson,
    TraceFinding,
)
from kafo.model.vocab import (
    ArrestStatus,
    FirearmCategory,
    MarkingState,
    SeizureContext,
    TraceConclusion,
)
from kafo.services.setup import upgrade_database
from kafo.services.statistics import reports
from kafo.services.statistics.tables import IAFQ_TYPE, how_of

DB_NAME = "kafo_report_bench"
YEAR = 2026
CONTEXTS = [c.value for c in SeizureContext]
CATEGORIES = [c.value for c in FirearmCategory]
MARKINGS = [m.value for m in MarkingState]
CONCLUSIONS = [
    TraceConclusion.TRACED.value,
    TraceConclusion.ESTABLISHED.value,
    "insufficient_information",
]


def fill(engine: Engine, n: int, seed: int, user_id: uuid.UUID) -> dict[str, int]:
    """Write ``n`` seizures of Mali in ``YEAR`` with their items, persons and findings."""
    rng = random.Random(seed)
    start = datetime(YEAR, 1, 1, tzinfo=UTC)
    seizures, firearms, ammo, persons, links, findings = [], [], [], [], [], []
    for i in range(n):
        sid = new_id()
        at = start + timedelta(minutes=rng.randrange(365 * 24 * 60 - 120))
        seizures.append(
            {
                "id": sid,
                "owner_country": "ML",
                "sharing": "national",
                "version": 1,
                "content_hash": "0" * 64,
                "created_by": user_id,
                "created_at": at,
                "updated_at": at,
                "reference": f"PV-{i}",
                "occurred_at": at,
                "place_code": "ml-zegoua",
                "recording_unit": "bench-unit",
                "context": rng.choice(CONTEXTS),
            }
        )
        for position in range(rng.choice((1, 1, 1, 2, 3))):
            fid = new_id()
            firearms.append(
                {
                    "id": fid,
                    "seizure_id": sid,
                    "position": position,
                    "category": rng.choice(CATEGORIES),
                    "make": rng.choice(("Norinco", "Izhmash", None)),
                    "country_of_manufacture": rng.choice(("CN", "RU", "BE", None)),
                    "marking_state": rng.choice(MARKINGS),
                    "craft_produced": False,
                    "condition": "functional",
                }
            )
            if rng.random() < 0.3:
                findings.append(
                    {
                        "id": new_id(),
                        "firearm_id": fid,
                        "conclusion": rng.choice(CONCLUSIONS),
                        "at": at + timedelta(days=30),
                        "user_id": user_id,
                        "username": "bench",
                    }
                )
        ammo.append(
            {
                "id": new_id(),
                "seizure_id": sid,
                "position": 0,
                "calibre": rng.choice(("7.62x39", "9mm", "cal 12")),
                "rounds": rng.randrange(1, 500),
            }
        )
        if rng.random() < 0.6:
            pid = new_id()
            persons.append(
                {
                    "id": pid,
                    "owner_country": "ML",
                    "sharing": "national",
                    "version": 1,
                    "content_hash": "0" * 64,
                    "created_by": user_id,
                    "created_at": at,
                    "updated_at": at,
                    "family_name": "TRAORE",
                    "given_names": "Mamadou",
                    "sex": rng.choice("MFU"),
                    "birth_date_approximate": False,
                }
            )
            links.append(
                {
                    "id": new_id(),
                    "seizure_id": sid,
                    "person_id": pid,
                    "position": 0,
                    "role": "courier",
                    "arrest_status": rng.choice(("arrested", "fled")),
                }
            )
    with engine.begin() as conn:
        for model, rows in (
            (Seizure, seizures),
            (Firearm, firearms),
            (Ammunition, ammo),
            (Person, persons),
            (SeizurePerson, links),
            (TraceFinding, findings),
        ):
            for chunk in range(0, len(rows), 20_000):
                conn.execute(model.__table__.insert(), rows[chunk : chunk + 20_000])
    return {
        "seizures": n,
        "firearms": len(firearms),
        "persons": len(persons),
        "findings": len(findings),
    }


def sql_figures(engine: Engine) -> dict[str, Any]:
    """The headline figures by SQL aggregates (counts, no record ids)."""
    with engine.connect() as conn:
        by = Counter()
        for category, context, n in conn.execute(
            select(Firearm.category, Seizure.context, func.count())
            .join(Seizure, Seizure.id == Firearm.seizure_id)
            .where(Seizure.owner_country == "ML")
            .group_by(Firearm.category, Seizure.context)
        ):
            by[IAFQ_TYPE[FirearmCategory(category)], how_of(SeizureContext(context))] += n
        latest = (
            select(TraceFinding.firearm_id, func.max(TraceFinding.at).label("at"))
            .group_by(TraceFinding.firearm_id)
            .subquery()
        )
        numerator = conn.scalar(
            select(func.count())
            .select_from(TraceFinding)
            .join(
                latest,
                (latest.c.firearm_id == TraceFinding.firearm_id) & (latest.c.at == TraceFinding.at),
            )
            .where(TraceFinding.conclusion.in_(["traced", "established"]))
        )
        arrested = conn.scalar(
            select(func.count(func.distinct(SeizurePerson.person_id))).where(
                SeizurePerson.arrest_status == ArrestStatus.ARRESTED
            )
        )
    return {"by_type_how": by, "numerator": numerator, "arrested": arrested}


def run(kind: str, n: int, seed: int, workdir: Path) -> dict[str, Any]:
    engine = fresh_database(kind, workdir, DB_NAME)
    upgrade_database(engine)
    factory = make_session_factory(engine)
    actor = bench_actor(factory)  # any user of Mali produces Mali's report
    filled = fill(engine, n, seed, actor.user_id)
    t0 = time.perf_counter()
    with factory.begin() as s:
        report = reports.iafq_report(s, actor, "ML", YEAR)
    kafo_s = time.perf_counter() - t0
    out = report_json(report)
    t0 = time.perf_counter()
    floor = sql_figures(engine)
    sql_s = time.perf_counter() - t0
    engine.dispose()
    tables = {t["key"]: {r["key"]: r for r in t["rows"]} for t in out["tables"]}
    by_type = tables["arms_by_type"]
    agree = (
        all(
            by_type[t]["cells"][h] == floor["by_type_how"].get((t, h), 0)
            for t in by_type
            if t != "total"
            for h in ("seized", "found", "surrendered")
        )
        and tables["sdg_16_4_2"]["numerator"]["cells"]["value"] == floor["numerator"]
        and tables["persons"]["total"]["cells"]["arrested"] == floor["arrested"]
    )
    cells = sum(len(r["cells"]) for t in out["tables"] for r in t["rows"])
    return {
        "database": kind,
        **filled,
        "kafo_report_s": round(kafo_s, 2),
        "sql_group_by_s": round(sql_s, 2),
        "ratio": round(kafo_s / sql_s, 1) if sql_s else None,
        "figures_agree": agree,
        "tables": len(out["tables"]),
        "cells": cells,
        "sdg_16_4_2": {
            k: tables["sdg_16_4_2"][k]["cells"]["value"]
            for k in ("numerator", "denominator", "proportion")
        },
        "peak_rss_mb": maxrss_mb(),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seizures", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="kafo-report-bench-") as tmp:
        for kind in args.databases:
            results.append(run(kind, args.seizures, args.seed, Path(tmp)))
    write_result(
        "report_bench",
        {
            "machine": platform.platform(),
            "python": platform.python_version(),
            "sqlalchemy": sqlalchemy.__version__,
            "results": results,
        },
    )
    return 0 if all(r["figures_agree"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
