"""Building the demo node: a fresh SQLite database filled through the services.

The scenario (pure, :mod:`kafo.demo.scenario`) is recorded exactly as officers
would record it, through the same services the API uses, so the demo
exercises validation, ownership and audit like real use.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kafo.db import make_engine, make_session_factory
from kafo.demo.scenario import Scenario, build_scenario
from kafo.model.vocab import Role
from kafo.services import operations, register, users
from kafo.services.actor import Actor
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
        with unit_of_work(factory) as s:
            for planned in scenario.seizures:
                register.record_seizure(s, actors[planned.username], planned.payload)
                if progress:
                    progress(1)
        with factory() as s:
            totals = register_totals(s)
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
    }
    return DemoResult(url, truth_path, tokens_path, summary)
