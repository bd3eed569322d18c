"""Import throughput: N seizure rows (with firearms, ammunition, persons) from
the template format, on SQLite and PostgreSQL.

For each database the same file is imported through ``kafo``'s importer (read,
validate every row, normalise, write, audit) and, as the floor to compare
against, the same rows are inserted by a bare SQLAlchemy Core ``executemany``
with no validation at all. The ratio says what the checks cost.

    .venv/bin/python benchmarks/import_bench.py --rows 100000
    .venv/bin/python benchmarks/import_bench.py --rows 100000 --databases postgresql

Writes a JSON result beside the printed table (``benchmarks/out/``).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy
from openpyxl import Workbook
from sqlalchemy import Engine, text

from bench_common import bench_actor, fresh_database, write_result
from kafo.db import make_session_factory
from kafo.ids import new_id
from kafo.io.sheets import AMMUNITION, FIREARMS, PERSONS, SEIZURES
from kafo.io.workbook import read_files
from kafo.model import Ammunition, Firearm, Seizure
from kafo.services.imports import import_seizures
from kafo.services.setup import upgrade_database
from kafo.services.uow import unit_of_work

DB_NAME = "kafo_bench"
PLACES = ["ml-zegoua", "ml-heremakono", "bf-koloko", "bf-kantchari", "ne-makalondi", "ci-pogo"]
FAMILY = ["TRAORE", "Coulibaly", "Ouédraogo", "Diallo", "Maïga", "Sawadogo", "Koné", "Cissé"]
GIVEN = ["Mamadou", "Abdoulaye", "Ousmane", "Boubacar", "Ibrahim", "Moussa", "Aïssata", "Fatoumata"]


def rows(n: int, seed: int) -> Iterator[tuple[str, list[Any]]]:
    """(sheet, row) pairs in template column order: per seizure one firearm,
    one ammunition line and one person."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 2, 6, 0)
    for i in range(1, n + 1):
        ref = f"B-{i:07d}"
        at = start + timedelta(minutes=rng.randrange(7 * 24 * 60))
        yield (
            "seizures",
            [
                ref,
                at.strftime("%d/%m/%Y %H:%M"),
                rng.choice(PLACES),
                None,
                None,
                None,
                None,
                "contrôle de routine",
                "moto",
                "sous le siège",
                "Gao",
                "ML",
                "Niamey",
                "NE",
                "Contrôle de routine au poste.",
                "opération",
                None,
                None,
            ],
        )
        yield (
            "firearms",
            [
                ref,
                "fusil d'assaut",
                "Norinco",
                "Type 56",
                "7,62x39",
                f"56-{rng.randrange(10**7):07d}",
                None,
                "CN",
                None,
                None,
                "intact",
                "non",
                "fonctionnelle",
                None,
            ],
        )
        yield "ammunition", [ref, "7.62x39", rng.randrange(5, 500), None, None, None]
        yield (
            "persons",
            [
                ref,
                1,
                "convoyeur",
                "interpellé",
                rng.choice(FAMILY),
                rng.choice(GIVEN),
                None,
                "M",
                f"vers {rng.randrange(1960, 2004)}",
                None,
                "ML",
                None,
                None,
                None,
                f"76 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
                None,
                None,
            ],
        )


def write_workbook(path: Path, n: int, seed: int) -> None:
    wb = Workbook(write_only=True)
    sheets = {}
    for spec in (SEIZURES, FIREARMS, AMMUNITION, PERSONS):
        ws = wb.create_sheet(spec.fr)
        ws.append([c.fr for c in spec.columns])
        sheets[spec.key] = ws
    for sheet, row in rows(n, seed):
        sheets[sheet].append(row)
    wb.save(path)


def run_kafo(engine: Engine, path: Path, max_bytes: int) -> tuple[dict[str, float], uuid.UUID]:
    upgrade_database(engine)
    factory = make_session_factory(engine)
    actor = bench_actor(factory)
    t0 = time.perf_counter()
    book = read_files([path], max_bytes)
    t1 = time.perf_counter()
    with unit_of_work(factory) as s:
        report = import_seizures(s, actor, book)
    t2 = time.perf_counter()
    assert report.created == len(book.rows["seizures"]) and not report.errors
    return {"read_s": t1 - t0, "validate_write_s": t2 - t1, "total_s": t2 - t0}, actor.user_id


def run_floor(engine: Engine, n: int, seed: int, user_id: uuid.UUID) -> float:
    """Bare Core executemany of the same seizures, firearms and rounds."""
    seizures, firearms, ammo = [], [], []
    for sheet, row in rows(n, seed):
        if sheet == "seizures":
            sid = new_id()
            seizures.append(
                {
                    "id": sid,
                    "owner_country": "ML",
                    "sharing": "operation",
                    "version": 1,
                    "content_hash": "0" * 64,
                    "created_by": None,
                    "reference": row[0],
                    "occurred_at": datetime.strptime(row[1], "%d/%m/%Y %H:%M"),
                    "place_code": row[2],
                    "recording_unit": "bench-unit",
                    "context": "routine_check",
                    "narrative": row[14],
                }
            )
        elif sheet == "firearms":
            firearms.append(
                {
                    "id": new_id(),
                    "seizure_id": sid,
                    "position": 0,
                    "category": "assault_rifle",
                    "make": row[2],
                    "model": row[3],
                    "calibre": row[4],
                    "serial_number": row[5],
                    "marking_state": "intact",
                    "craft_produced": False,
                    "condition": "functional",
                }
            )
        elif sheet == "ammunition":
            ammo.append(
                {
                    "id": new_id(),
                    "seizure_id": sid,
                    "position": 0,
                    "calibre": row[1],
                    "rounds": row[2],
                }
            )
    with engine.begin() as conn:
        for table in ("seizure_persons", "firearms", "ammunition", "seizures"):
            conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
    for s in seizures:
        s["created_by"] = user_id
        s["occurred_at"] = s["occurred_at"].replace(tzinfo=UTC)
        s["created_at"] = s["updated_at"] = s["occurred_at"]
    t0 = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(Seizure.__table__.insert(), seizures)
        conn.execute(Firearm.__table__.insert(), firearms)
        conn.execute(Ammunition.__table__.insert(), ammo)
    return time.perf_counter() - t0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "rows": args.rows,
        "python": platform.python_version(),
        "sqlalchemy": sqlalchemy.__version__,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "when": datetime.now().isoformat(timespec="seconds"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book = work / "saisies.xlsx"
        t0 = time.perf_counter()
        write_workbook(book, args.rows, args.seed)
        results["workbook_mb"] = round(book.stat().st_size / 1e6, 1)
        results["workbook_write_s"] = round(time.perf_counter() - t0, 1)
        sheet_rows = args.rows * 4
        for kind in args.databases:
            engine = fresh_database(kind, work, DB_NAME)
            kafo, user_id = run_kafo(engine, book, max_bytes=10**9)
            floor = run_floor(engine, args.rows, args.seed, user_id)
            engine.dispose()
            results[kind] = {
                **{k: round(v, 1) for k, v in kafo.items()},
                "seizures_per_s": round(args.rows / kafo["total_s"]),
                "sheet_rows_per_s": round(sheet_rows / kafo["total_s"]),
                "floor_core_insert_s": round(floor, 1),
                "floor_ratio": round(kafo["validate_write_s"] / floor, 1),
            }
            print(f"{kind}: {results[kind]}", flush=True)
    write_result(f"import_{args.rows}", results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
