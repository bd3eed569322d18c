"""Building the demo node: a fresh SQLite database filled through the services.

The scenario (pure, :mod:`kafo.demo.scenario`) is recorded exactly as officers
would record it, through the same services the API uses, so the demo
exercises validation, ownership and audit like real use. Each country's
registries (:mod:`kafo.demo.registries`) are imported first, so recording
the seizures checks their firearms against them.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from kafo.db import make_engine, make_session_factory
from kafo.demo.registries import RegistryFile, registry_files
from kafo.demo.registries import truth as registry_truth
from kafo.demo.scenario import Scenario, build_scenario
from kafo.model.registry import HitNotification, RegistryRecord, SerialHit
from kafo.model.vocab import RegistryKind, Role
from kafo.services import operations, register, users
from kafo.services.actor import Actor
from kafo.services.registry import import_registry
from kafo.services.setup import upgrade_database
from kafo.services.totals import register_totals
from kafo.services.uow import unit_of_work


@dataclass(frozen=True)
class DemoResult:
    database_url: str
    truth_path: Path
    tokens_path: Path
    summary: dict[str, Any]


def _fresh(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _people(scenario: Scenario, factory: Any) -> tuple[dict[str, Actor], dict[str, str]]:
    tokens: dict[str, str] = {}
    with factory.begin() as s:
        for unit in scenario.units:
            users.add_unit(s, unit.code, unit.name, unit.agency, unit.country)
        for spec in scenario.users:
            _user, tokens[spec.username] = users.add_user(
                s, spec.username, spec.unit, Role(spec.role)
            )
        operations.create_operation(s, None, scenario.operation)
        actors = {name: users.authenticate(s, tok) for name, tok in tokens.items()}
    return actors, tokens


def _registries(
    seed: int, scenario: Scenario, factory: Any, actors: dict[str, Actor]
) -> list[RegistryFile]:
    """Import each country's stockpile inventory and stolen-weapons list."""
    by_country = {a.country: a for _name, a in sorted(actors.items()) if a.country is not None}
    with tempfile.TemporaryDirectory(prefix="kafo-demo-") as tmp:
        files = registry_files(seed, scenario, Path(tmp))
        for f in files:
            with unit_of_work(factory) as s:
                import_registry(
                    s,
                    by_country[f.country],
                    f.path,
                    source=f.source,
                    kind=RegistryKind(f.kind),
                    max_bytes=1 << 30,
                )
    scenario.truth["registries"] = registry_truth(files)
    return files


def build_demo(
    db_path: Path,
    seed: int = 7,
    seizures: int = 400,
    progress: Callable[[int], None] | None = None,
) -> DemoResult:
    """Write the demo database at ``db_path`` (replacing it) and its ground truth."""
    _fresh(db_path)
    url = f"sqlite:///{db_path}"
    engine = make_engine(url)
    try:
        upgrade_database(engine)
        factory = make_session_factory(engine)
        scenario = build_scenario(seed, seizures=seizures)
        actors, tokens = _people(scenario, factory)
        _registries(seed, scenario, factory, actors)
        with unit_of_work(factory) as s:
            for planned in scenario.seizures:
                register.record_seizure(s, actors[planned.username], planned.payload)
                if progress:
                    progress(1)
        with factory() as s:
            totals = register_totals(s)
            checks = {
                "registry_records": s.scalar(select(func.count()).select_from(RegistryRecord)),
                "serial_hits": s.scalar(select(func.count()).select_from(SerialHit)),
                "notifications": s.scalar(select(func.count()).select_from(HitNotification)),
            }
    finally:
        engine.dispose()
    truth_path = db_path.with_name(db_path.stem + ".truth.json")
    truth_path.write_text(json.dumps(scenario.truth, ensure_ascii=False, indent=2), "utf-8")
    tokens_path = db_path.with_name(db_path.stem + ".tokens.json")
    tokens_path.write_text(json.dumps(tokens, indent=2), "utf-8")
    tokens_path.chmod(0o600)
    summary = {
        "seed": seed,
        "operation": scenario.operation.code,
        "database": url,
        "ground_truth": str(truth_path),
        "tokens": str(tokens_path),
        "users": len(scenario.users),
        "planted": {
            "identities": len(scenario.truth.get("identities", [])),
            "networks": len(scenario.truth.get("networks", [])),
            "batches": len(scenario.truth.get("batches", [])),
        },
        "totals": totals,
        "checks": checks,
    }
    return DemoResult(url, truth_path, tokens_path, summary)
