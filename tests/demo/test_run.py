"""The demo node: recorded through the services, deterministic, with its
ground truth beside the database and consistent with it."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from kafo.db import make_engine, make_session_factory
from kafo.demo.run import build_demo
from kafo.model import AuditEvent, Person, Seizure


def _snapshot(db: Path) -> list[tuple[str, str | None, str, str]]:
    engine = make_engine(f"sqlite:///{db}")
    with make_session_factory(engine)() as s:
        rows = [
            (str(x.id), x.reference, x.owner_country, x.content_hash)
            for x in s.scalars(select(Seizure).order_by(Seizure.id))
        ]
    engine.dispose()
    return rows


def test_same_seed_same_data_and_truth_matches_the_database(tmp_path: Path) -> None:
    a = build_demo(tmp_path / "a" / "kafo-demo.db", seed=3, seizures=120)
    b = build_demo(tmp_path / "b" / "kafo-demo.db", seed=3, seizures=120)
    assert _snapshot(tmp_path / "a" / "kafo-demo.db") == _snapshot(tmp_path / "b" / "kafo-demo.db")
    assert a.truth_path.read_text() == b.truth_path.read_text()
    assert a.summary["totals"] == b.summary["totals"]
    # What the checks, screening and resolution found too (registry ids are
    # drawn at random on import: ties must not be broken by them).
    for part in ("checks", "screening"):
        assert a.summary[part] == b.summary[part]
    keep = ("links", "precision", "recall", "possible_links")
    assert {k: a.summary["identities"][k] for k in keep} == {
        k: b.summary["identities"][k] for k in keep
    }
    assert a.summary["totals"]["seizures"] == 120
    assert a.summary["reports"]["sdg_16_4_2"] == b.summary["reports"]["sdg_16_4_2"]
    assert a.summary["tracing"]["outcomes"] == b.summary["tracing"]["outcomes"]
    assert a.summary["tracing"]["example"]["request"] == b.summary["tracing"]["example"]["request"]

    truth = json.loads(a.truth_path.read_text())
    engine = make_engine(a.database_url)
    with make_session_factory(engine)() as s:
        seizure_ids = {str(i) for i in s.scalars(select(Seizure.id))}
        person_ids = {str(i) for i in s.scalars(select(Person.id))}
        creates = s.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "create", AuditEvent.object_type == "seizure"
            )
        ).all()
    engine.dispose()
    assert len(creates) == 120
    for identity in truth["identities"]:
        assert set(identity["seizure_ids"]) <= seizure_ids
        assert set(identity["person_ids"]) <= person_ids
    assert truth["networks"]
    assert all(len(n["countries"]) >= 2 for n in truth["networks"])
    assert truth["batches"]


def test_other_seed_other_data(tmp_path: Path) -> None:
    build_demo(tmp_path / "a" / "d.db", seed=3, seizures=100)
    build_demo(tmp_path / "b" / "d.db", seed=4, seizures=100)
    assert _snapshot(tmp_path / "a" / "d.db") != _snapshot(tmp_path / "b" / "d.db")


def test_rebuild_replaces_the_previous_demo(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    build_demo(db, seed=5, seizures=150)
    result = build_demo(db, seed=5, seizures=100)
    assert result.summary["totals"]["seizures"] == 100
    assert len(_snapshot(db)) == 100


def test_demo_registries_link_seizures_to_stockpiles(tmp_path: Path) -> None:
    from kafo.model.registry import RegistryRecord, SerialHit
    from kafo.services.actor import Actor
    from kafo.services.checks.batches import find_batches
    from kafo.services.users import find_user

    result = build_demo(tmp_path / "kafo-demo.db", seed=5, seizures=200)
    truth = json.loads(result.truth_path.read_text())
    assert result.summary["checks"]["registry_records"] == sum(
        r["records"] for r in truth["registries"]
    )
    assert result.summary["checks"]["serial_hits"] > 0
    assert result.summary["checks"]["notifications"] > 0
    stock = [r for r in truth["registries"] if r["kind"] == "stockpile"]
    assert {p["batch"] for r in stock for p in r["planted"]} == {b["id"] for b in truth["batches"]}
    engine = make_engine(result.database_url)
    with make_session_factory(engine)() as s:
        assert s.scalar(select(RegistryRecord.id).limit(1)) is not None
        assert s.scalar(select(SerialHit.id).limit(1)) is not None
        # The holder of a planted lot sees the batch and the point of diversion
        # wherever its own seizures are among them.
        hinted = []
        for reg in stock:
            user = next(
                u
                for u in json.loads(result.tokens_path.read_text())
                if u.startswith(reg["country"].lower())
            )
            actor = Actor.of(find_user(s, user))
            hinted += [b for b in find_batches(s, actor) if b.diversion_hint]
        assert hinted
    engine.dispose()


def test_demo_screens_its_persons_and_resolves_the_planted_identities(tmp_path: Path) -> None:
    result = build_demo(tmp_path / "kafo-demo.db", seed=7, seizures=400)
    screening, identities = result.summary["screening"], result.summary["identities"]
    # Every wanted member of a network is found when stopped, and most
    # alerts are on the wanted person (the rest are namesakes).
    assert screening["wanted_identities_alerted"] == screening["wanted_identities"] == 6
    assert screening["alerts_on_the_wanted_person"] >= 0.8 * screening["alerts"]
    # Links only where something besides the name agrees: no false link on
    # this operation; the pairs missed have nothing but a name in common.
    assert identities["precision"] == 1.0
    assert identities["recall"] >= 0.85
    assert identities["true_pairs"] > 50
    # Pairs whose names agree and nothing else does are kept for analysts:
    # some are the same person, most are namesakes.
    assert 0 < identities["possible_links_true"] < identities["possible_links"]


def test_a_demo_firearm_goes_from_trace_request_to_the_sdg_figure(tmp_path: Path) -> None:
    from kafo.io.report_book import report_json
    from kafo.services.statistics import reports
    from kafo.services.users import authenticate

    result = build_demo(tmp_path / "kafo-demo.db", seed=7, seizures=400)
    example = result.summary["tracing"]["example"]
    assert example["conclusion"] == "traced"
    assert Path(example["pdf"]).read_bytes().startswith(b"%PDF-")
    document = json.loads(Path(example["json"]).read_text(encoding="utf-8"))
    assert document["reference"] == example["request"]
    assert {"Firearm trace request", "Demande de traçage d'une arme à feu"} == set(
        document["title"].values()
    )
    assert result.summary["case"]["status"] == "judged"
    assert result.summary["case"]["custody_entries"] == 4
    country = example["country"]
    tokens = json.loads(result.tokens_path.read_text())
    engine = make_engine(result.database_url)
    with make_session_factory(engine)() as s:
        analyst = authenticate(s, tokens[f"{country.lower()}.analyste"])
        out = report_json(reports.iafq_report(s, analyst, country, 2026))
    engine.dispose()
    tables = {t["key"]: {r["key"]: r for r in t["rows"]} for t in out["tables"]}
    sdg = tables["sdg_16_4_2"]
    assert example["firearm"] in sdg["numerator"]["records"]["value"]
    assert (
        sdg["numerator"]["cells"]["value"]
        == (result.summary["reports"]["sdg_16_4_2"][country]["numerator"])
    )
    assert example["firearm"] in tables["tracing_results"]["traced"]["records"]["all"]
    assert tables["persons"]["total"]["cells"]["convicted"] >= 1
    assert Path(result.summary["reports"]["operation"]).stat().st_size > 0
    networks = result.summary["networks"]
    assert networks["recovered"] == networks["planted_cross_border"] == 6
    assert all(n["seizure_precision"] == 1.0 for n in networks["per_network"])
