"""Building the demo node: a fresh SQLite database filled through the services.

The scenario (pure, :mod:`kafo.demo.scenario`) is recorded exactly as officers
would record it, through the same services the API uses, so the demo
exercises validation, ownership and audit like real use. Each country's
registries (:mod:`kafo.demo.registries`) are imported first, so recording
the seizures checks their firearms against them, and Mali's wanted-persons
list (:mod:`kafo.demo.wanted`), so recording screens their persons. Last,
identity resolution runs over the persons recorded, and the summary gives
its pairwise precision and recall against the planted identities.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kafo.db import make_engine, make_session_factory
from kafo.demo import cases, links, tracing
from kafo.demo.registries import RegistryFile, registry_files
from kafo.demo.registries import truth as registry_truth
from kafo.demo.scenario import Scenario, build_scenario
from kafo.demo.wanted import WANTED_LIST
from kafo.model.identity import IdentityLink
from kafo.model.person import Person
from kafo.model.registry import HitNotification, RegistryRecord, SerialHit
from kafo.model.vocab import RegistryKind, Role, Sharing, WatchlistKind
from kafo.model.watchlist import ScreeningAlert, WatchlistEntry
from kafo.services import operations, register, users
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.identities import lists, resolve
from kafo.services.registry import import_registry
from kafo.services.setup import upgrade_database
from kafo.services.totals import register_totals
from kafo.services.uow import unit_of_work

# Resolution runs as INTERPOL's analyst: the regional view of every record
# shared with the operation or its partners.
RESOLVER = "interpol.analyste"


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


def _wanted(scenario: Scenario, factory: Any, actors: dict[str, Actor]) -> None:
    """Mali's wanted-persons list, shared with the operation, before any seizure."""
    with tempfile.TemporaryDirectory(prefix="kafo-demo-") as tmp:
        path = Path(tmp) / "ml-personnes-recherchees.csv"
        path.write_text(scenario.wanted_csv, encoding="utf-8")
        with unit_of_work(factory) as s:
            lists.import_watchlist(
                s,
                actors["ml.analyste"],
                path,
                name=WANTED_LIST,
                kind=WatchlistKind.WANTED,
                sharing=Sharing.OPERATION,
                operation=scenario.operation.code,
            )


def _screening(session: Session, truth: dict[str, Any]) -> dict[str, Any]:
    """Alerts raised while recording, and the wanted identities they found."""
    person_identity = {p: i["id"] for i in truth["identities"] for p in i["person_ids"]}
    wanted = {w["reference"]: w["identity"] for w in truth["wanted"]}
    alerts = session.execute(
        select(ScreeningAlert.person_id, WatchlistEntry.reference).join(
            WatchlistEntry, WatchlistEntry.id == ScreeningAlert.entry_id
        )
    ).all()
    right = [r for p, r in alerts if r in wanted and wanted[r] == person_identity.get(str(p))]
    return {
        "alerts": len(alerts),
        "alerts_on_the_wanted_person": len(right),
        "wanted_identities": len(wanted),
        "wanted_identities_alerted": len(set(right)),
    }


def _identities(session: Session, actor: Actor, truth: dict[str, Any]) -> dict[str, Any]:
    """Resolve the persons ``actor`` may see; pairwise precision and recall
    of the links against the planted identities, among those persons."""
    done = resolve.resolve_persons(session, actor)
    seen = {str(p) for p in session.scalars(select(Person.id).where(visible(actor, Person)))}
    true_pairs = {
        tuple(sorted(pair))
        for i in truth["identities"]
        for pair in combinations([p for p in i["person_ids"] if p in seen], 2)
    }
    stored = session.execute(
        select(IdentityLink.person_a, IdentityLink.person_b, IdentityLink.corroborated)
    ).all()
    found = {tuple(sorted((str(a), str(b)))) for a, b, sure in stored if sure}
    possible = {tuple(sorted((str(a), str(b)))) for a, b, sure in stored if not sure}
    grouped = {
        tuple(sorted(pair))
        for g in done.groups
        for pair in combinations([str(p.id) for p in g.persons], 2)
    }
    return {
        "resolved_by": actor.username,
        "person_records": done.persons,
        "links": len(found),
        "true_pairs": len(true_pairs),
        **_pairwise(found, true_pairs),
        "possible_links": len(possible),
        "possible_links_true": len(possible & true_pairs),
        "identities": done.identities,
        "pairs_in_identities": len(grouped),
        **{f"identity_{k}": v for k, v in _pairwise(grouped, true_pairs).items()},
        "seconds": done.seconds,
    }


def _tracing(
    seed: int, scenario: Scenario, factory: Any, actors: dict[str, Actor], db_path: Path
) -> dict[str, Any]:
    """Trace requests and their answers, the example's document and case
    file, then the reports (which count all of it)."""
    analysts = {
        a.country: a for name, a in actors.items() if name.endswith(".analyste") and a.country
    }
    with unit_of_work(factory) as s:
        traced = tracing.trace_firearms(s, seed, analysts)
    out: dict[str, Any] = {"tracing": traced}
    with unit_of_work(factory) as s:
        example = traced["example"]
        if example:
            owner = analysts[example["country"]]
            example.update(
                tracing.export_example(s, owner, example["firearm"], db_path.parent, db_path.stem)
            )
            out["case"] = cases.build_case(s, owner, example["firearm"])
        out["reports"] = tracing.write_reports(
            s,
            analysts,
            actors[RESOLVER],
            scenario.operation.code,
            scenario.operation.starts_on.year,
            db_path.parent,
            db_path.stem,
        )
    return out


def _pairwise(found: set[tuple[str, ...]], true: set[tuple[str, ...]]) -> dict[str, Any]:
    right = len(found & true)
    return {
        "precision": round(right / len(found), 4) if found else None,
        "recall": round(right / len(true), 4) if true else None,
    }


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
        _wanted(scenario, factory, actors)
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
            screening = _screening(s, scenario.truth)
        with unit_of_work(factory) as s:
            identities = _identities(s, actors[RESOLVER], scenario.truth)
        tracing = _tracing(seed, scenario, factory, actors, db_path)
        with unit_of_work(factory) as s:
            networks = links.score_networks(s, actors[RESOLVER], scenario.truth)
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
        "screening": screening,
        "identities": identities,
        **tracing,
        "networks": networks,
    }
    return DemoResult(url, truth_path, tokens_path, summary)
