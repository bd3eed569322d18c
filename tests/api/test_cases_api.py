"""Case files over HTTP: the whole course of a case, access, and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kafo.model import Base
from kafo.model.audit import AuditEvent
from kafo.model.vocab import AuditOutcome, Role
from tests.factories import Login, World, seizure_payload

CASE_TABLES = (
    "cases",
    "case_events",
    "case_seizures",
    "case_suspects",
    "exhibits",
    "custody_entries",
    "investigation_steps",
    "charges",
    "hearings",
    "case_trace_requests",
)


def _rows(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as s:
        return {
            t: s.scalar(select(func.count()).select_from(Base.metadata.tables[t])) or 0
            for t in CASE_TABLES
        }


def _seizure(client: TestClient, who: Login, **overrides: Any) -> dict[str, Any]:
    res = client.post("/seizures", json=seizure_payload(**overrides), headers=who.headers)
    assert res.status_code == 201, res.text
    body: dict[str, Any] = res.json()
    return body


def _post(client: TestClient, who: Login, path: str, body: dict[str, Any], status: int) -> Any:
    res = client.post(path, json=body, headers=who.headers)
    assert res.status_code == status, res.text
    return res.json()


def _custody(at: str, holder: str, purpose: str) -> dict[str, str]:
    return {"held_from": at, "holder": holder, "place": "Sikasso", "purpose": purpose}


def test_a_case_over_http(client: TestClient, world: World) -> None:
    analyst = world.user("ML", Role.ANALYST)
    seizure = _seizure(client, analyst)
    person = seizure["persons"][0]["person"]["id"]
    case = _post(
        client, analyst, "/cases", {"seizures": [seizure["id"]], "title": "Filière Zégoua"}, 201
    )
    assert (case["reference"], case["status"], case["allowed"]) == (
        "AFF-ML-2026-0001",
        "open",
        ["investigation", "prosecution", "dismissed"],
    )
    base = f"/cases/{case['id']}"
    suspect = _post(
        client, analyst, f"{base}/suspects", {"person_id": person, "role": "courier"}, 201
    )
    assert suspect["seizures"] == [seizure["id"]]
    exhibit = _post(
        client,
        analyst,
        f"{base}/exhibits",
        {
            "seal_number": "SC-001",
            "seizure_id": seizure["id"],
            "item_kind": "firearm",
            "item_position": 1,
            "custody": _custody("2026-11-10T15:00:00", "Adj. Keita", "seizure"),
        },
        201,
    )
    for at, holder, purpose in (
        ("2026-11-11T09:00:00", "Greffe du TGI", "storage"),
        ("2026-11-14T09:00:00", "Laboratoire", "examination"),
    ):
        entry = _post(
            client,
            analyst,
            f"{base}/exhibits/{exhibit['id']}/custody",
            _custody(at, holder, purpose),
            201,
        )
        assert entry["username"] == analyst.actor.username
    _post(
        client,
        analyst,
        f"{base}/steps",
        {"occurred_at": "2026-11-12T10:00:00", "kind": "interview", "description": "Audition"},
        201,
    )
    charge = _post(
        client,
        analyst,
        f"{base}/charges",
        {
            "suspect_id": suspect["id"],
            "offence": "détention d'arme de guerre",
            "charged_on": "2026-11-20",
        },
        201,
    )
    assert charge["outcome"] == "pending"
    _post(client, analyst, f"{base}/hearings", {"held_on": "2026-11-26", "court": "TGI"}, 201)
    _post(client, analyst, f"{base}/transitions", {"status": "prosecution"}, 200)
    decided = _post(
        client,
        analyst,
        f"{base}/charges/{charge['id']}/decision",
        {"outcome": "convicted", "decided_on": "2026-11-26", "sentence": "3 ans"},
        200,
    )
    assert decided["outcome"] == "convicted"
    twice = _post(
        client,
        analyst,
        f"{base}/charges/{charge['id']}/decision",
        {"outcome": "acquitted", "decided_on": "2026-11-27"},
        422,
    )
    assert twice["errors"] == [
        {
            "loc": "outcome",
            "message": "the charge was already decided (convicted on 2026-11-26); "
            "a decision is not changed",
        }
    ]
    _post(client, analyst, f"{base}/transitions", {"status": "judged"}, 200)
    closed = _post(client, analyst, f"{base}/transitions", {"status": "closed", "note": "fin"}, 200)
    assert closed["status"] == "closed" and closed["closed_at"] is not None
    shown = client.get(base, headers=analyst.headers).json()
    assert [c["holder"] for c in shown["exhibits"][0]["custody"]] == [
        "Adj. Keita",
        "Greffe du TGI",
        "Laboratoire",
    ]
    assert [e["to_status"] for e in shown["events"]] == ["open", "prosecution", "judged", "closed"]
    assert shown["suspects"][0]["person"]["family_name"] == "TRAORE"
    assert shown["charges"][0]["sentence"] == "3 ans"
    listed = client.get("/cases", params={"status": "closed"}, headers=analyst.headers).json()
    assert listed["total"] == 1 and listed["items"][0]["exhibits"] == 1
    assert client.get("/cases?status=open", headers=analyst.headers).json()["total"] == 0


def test_the_workflow_and_the_chain_refuse_with_the_field(client: TestClient, world: World) -> None:
    analyst = world.user("ML", Role.ANALYST)
    seizure = _seizure(client, analyst)
    case = _post(client, analyst, "/cases", {"seizures": [seizure["id"]], "title": "T"}, 201)
    base = f"/cases/{case['id']}"
    judged = _post(client, analyst, f"{base}/transitions", {"status": "judged"}, 422)
    assert judged["errors"][0]["loc"] == "status"
    assert "from 'open' to 'judged'" in judged["message"]
    assert "investigation, prosecution, dismissed" in judged["message"]
    exhibit = _post(
        client,
        analyst,
        f"{base}/exhibits",
        {
            "seal_number": "SC-1",
            "seizure_id": seizure["id"],
            "item_kind": "ammunition",
            "item_position": 1,
            "custody": _custody("2026-11-12T08:00:00", "Greffe", "storage"),
        },
        201,
    )
    before = _rows(world.factory)
    late = _post(
        client,
        analyst,
        f"{base}/exhibits/{exhibit['id']}/custody",
        _custody("2026-11-11T08:00:00", "Labo", "examination"),
        422,
    )
    assert late["errors"][0]["loc"] == "held_from"
    ahead = _post(
        client,
        analyst,
        f"{base}/exhibits/{exhibit['id']}/custody",
        _custody("2099-11-11T08:00:00", "Labo", "examination"),
        422,
    )
    assert "in the future" in ahead["errors"][0]["message"]
    assert _rows(world.factory) == before
    with world.factory() as s:
        refused = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.outcome == AuditOutcome.INVALID, AuditEvent.object_id == case["id"])
        )
    assert refused == 1  # the refused move is logged


def test_other_countries_and_roles(client: TestClient, world: World) -> None:
    world.operation()
    analyst, officer = world.user("ML", Role.ANALYST), world.user("ML")
    bf, interpol = world.user("BF", Role.ANALYST), world.user("ML", Role.ANALYST, "interpol")
    seizure = _seizure(client, analyst, operation="KAFO-III", sharing="operation")
    body = {"seizures": [seizure["id"]], "title": "T"}
    forbidden = _post(client, officer, "/cases", body, 403)
    assert "only analysts and national administrators" in forbidden["message"]
    assert _post(client, interpol, "/cases", body, 403)["error"] == "forbidden"
    national = _post(client, analyst, "/cases", body, 201)
    shared = _post(client, analyst, "/cases", {**body, "sharing": "operation"}, 201)
    missing = client.get(f"/cases/{national['id']}", headers=bf.headers)
    assert missing.status_code == 404
    assert missing.json()["message"] == f"no case {national['id']}"
    person = {"person_id": seizure["persons"][0]["person"]["id"], "role": "courier"}
    _post(client, bf, f"/cases/{national['id']}/suspects", person, 404)
    assert client.get(f"/cases/{shared['id']}", headers=bf.headers).status_code == 200
    assert client.get(f"/cases/{shared['id']}", headers=interpol.headers).status_code == 200
    refused = _post(client, bf, f"/cases/{shared['id']}/suspects", person, 403)
    assert refused["message"] == "only ML can modify this case"
    _post(client, bf, f"/cases/{shared['id']}/transitions", {"status": "dismissed"}, 403)
    listed = client.get("/cases", headers=bf.headers).json()
    assert [c["id"] for c in listed["items"]] == [shared["id"]] and listed["total"] == 1
    with world.factory() as s:
        events = s.execute(
            select(AuditEvent.user_country, AuditEvent.action, AuditEvent.outcome).where(
                AuditEvent.object_type == "case"
            )
        ).all()
    assert ("BF", "read", AuditOutcome.OK) in events  # a foreign read is logged
    assert ("BF", "transition", AuditOutcome.DENIED) in events
    assert ("ML", "create", AuditOutcome.DENIED) in events  # the field officer
    assert client.get("/cases/not-a-uuid", headers=bf.headers).status_code == 422


@pytest.fixture
def open_file(client: TestClient, world: World) -> dict[str, Any]:
    analyst = world.user("ML", Role.ANALYST)
    seizure = _seizure(client, analyst)
    case = _post(client, analyst, "/cases", {"seizures": [seizure["id"]], "title": "T"}, 201)
    base = f"/cases/{case['id']}"
    person = seizure["persons"][0]["person"]["id"]
    _post(client, analyst, f"{base}/suspects", {"person_id": person, "role": "courier"}, 201)
    charge = _post(
        client, analyst, f"{base}/charges", {"suspect_id": person, "offence": "trafic"}, 201
    )
    exhibit = _post(
        client,
        analyst,
        f"{base}/exhibits",
        {
            "seal_number": "SC-1",
            "seizure_id": seizure["id"],
            "item_kind": "firearm",
            "item_position": 1,
            "custody": _custody("2026-11-10T15:00:00", "Greffe", "storage"),
        },
        201,
    )
    return {
        "who": analyst,
        "base": base,
        "seizure": seizure["id"],
        "charge": charge["id"],
        "exhibit": exhibit["id"],
    }


def _bad_inputs(f: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    base, custody = f["base"], _custody("2026-11-12T08:00:00", "Greffe", "storage")
    exhibit = {
        "seal_number": "SC-2",
        "seizure_id": f["seizure"],
        "item_kind": "ammunition",
        "item_position": 1,
        "custody": custody,
    }
    return [
        ("/cases", {"seizures": [f["seizure"]]}, "title"),
        ("/cases", {"seizures": [], "title": "T"}, "seizures"),
        ("/cases", {"seizures": [f["seizure"]], "title": "T", "colour": "red"}, "colour"),
        ("/cases", {"seizures": [f["seizure"]], "title": "T", "reference": "x" * 61}, "reference"),
        (
            "/cases",
            {"seizures": [f["seizure"]], "title": "T", "opened_on": "2099-01-01"},
            "opened_on",
        ),
        ("/cases", {"seizures": [f["seizure"]], "title": "T", "operation": "NOPE"}, "operation"),
        (f"{base}/transitions", {"status": "finished"}, "status"),
        (f"{base}/transitions", {"status": "judged"}, "status"),
        (f"{base}/seizures", {"seizures": ["not-a-uuid"]}, "seizures.0"),
        (f"{base}/suspects", {"person_id": f["seizure"], "role": "boss"}, "role"),
        (f"{base}/exhibits", {**exhibit, "seal_number": "S" * 61}, "seal_number"),
        (f"{base}/exhibits", {**exhibit, "item_id": f["seizure"]}, "item_position"),
        (f"{base}/exhibits", {**exhibit, "item_position": 0}, "item_position"),
        (f"{base}/exhibits", {**exhibit, "item_position": 9}, "item_position"),
        (f"{base}/exhibits", {**exhibit, "custody": {**custody, "holder": ""}}, "custody.holder"),
        (
            f"{base}/exhibits",
            {**exhibit, "custody": {**custody, "held_from": "2026-11-01T00:00:00"}},
            "custody.held_from",
        ),
        (f"{base}/exhibits/{f['exhibit']}/custody", {**custody, "purpose": "lost"}, "purpose"),
        (
            f"{base}/exhibits/{f['exhibit']}/custody",
            {**custody, "held_from": "2026-11-09T00:00:00"},
            "held_from",
        ),
        (f"{base}/exhibits/{f['exhibit']}/custody", {**custody, "note": "a\x00b"}, "note"),
        (
            f"{base}/steps",
            {"occurred_at": "2026-11-12T10:00", "kind": "x", "description": "d"},
            "kind",
        ),
        (
            f"{base}/steps",
            {"occurred_at": "2099-11-12T10:00", "kind": "search", "description": "d"},
            "occurred_at",
        ),
        (f"{base}/charges", {"suspect_id": f["seizure"]}, "offence"),
        (f"{base}/charges", {"suspect_id": f["seizure"], "offence": "o"}, "suspect_id"),
        (
            f"{base}/charges/{f['charge']}/decision",
            {"outcome": "pending", "decided_on": "2026-11-20"},
            "outcome",
        ),
        (
            f"{base}/charges/{f['charge']}/decision",
            {"outcome": "acquitted", "decided_on": "2026-11-20", "sentence": "2 ans"},
            "sentence",
        ),
        (
            f"{base}/charges/{f['charge']}/decision",
            {"outcome": "convicted", "decided_on": "2020-01-01"},
            "decided_on",
        ),
        (f"{base}/hearings", {"held_on": "demain", "court": "TGI"}, "held_on"),
        (f"{base}/hearings", {"held_on": "2026-12-01", "court": "T" * 201}, "court"),
        (f"{base}/trace-requests", {"request_id": "TR-1"}, "request_id"),
    ]


def test_bad_input_on_every_endpoint_names_the_field_and_writes_nothing(
    client: TestClient, world: World, open_file: dict[str, Any]
) -> None:
    who: Login = open_file["who"]
    before = _rows(world.factory)
    version = client.get(open_file["base"], headers=who.headers).json()["version"]
    for path, body, field in _bad_inputs(open_file):
        res = client.post(path, json=body, headers=who.headers)
        assert res.status_code == 422, (path, body, res.text)
        answer = res.json()
        named = [f"{e['loc']} {e['message']}" for e in answer["errors"]] + [answer["message"]]
        assert any(field in text for text in named), (path, field, answer)
        assert "Traceback" not in res.text
    assert _rows(world.factory) == before
    assert client.get(open_file["base"], headers=who.headers).json()["version"] == version
    assert client.get("/cases?status=bogus", headers=who.headers).status_code == 422
    assert client.get("/cases?page=0", headers=who.headers).status_code == 422
