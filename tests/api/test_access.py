"""Ownership and sharing: invisible equals missing, only the owner edits,
and the audit log records writes, foreign reads and refusals."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kafo.ids import new_id
from kafo.model import AuditEvent
from kafo.model.vocab import Role
from tests.factories import World, seizure_payload


def _events(factory: sessionmaker[Session]) -> list[AuditEvent]:
    with factory() as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)))


def _record(client: TestClient, headers: dict[str, str], **overrides: object) -> str:
    res = client.post("/seizures", json=seizure_payload(**overrides), headers=headers)
    assert res.status_code == 201, res.text
    return str(res.json()["id"])


def test_national_record_is_invisible_like_a_missing_one(client: TestClient, world: World) -> None:
    mali, burkina = world.user("ML"), world.user("BF")
    sid = _record(client, mali.headers)
    hidden = client.get(f"/seizures/{sid}", headers=burkina.headers)
    missing_id = str(new_id())
    missing = client.get(f"/seizures/{missing_id}", headers=burkina.headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == {
        **missing.json(),
        "message": missing.json()["message"].replace(missing_id, sid),
    }
    assert client.get("/seizures", headers=burkina.headers).json()["total"] == 0
    assert client.get("/seizures", params={"country": "ML"}, headers=burkina.headers).json() == {
        "items": [],
        "total": 0,
        "page": 1,
        "page_size": 50,
    }
    update = {**{k: v for k, v in seizure_payload().items() if k != "id"}, "version": 1}
    assert client.put(f"/seizures/{sid}", json=update, headers=burkina.headers).status_code == 404


def test_operation_sharing_reaches_participants_only(client: TestClient, world: World) -> None:
    world.operation("KAFO-III", countries=("ML", "BF"), partners=("interpol",))
    mali, burkina, ivorian = world.user("ML"), world.user("BF"), world.user("CI")
    interpol = world.user("ML", Role.ANALYST, agency="interpol")
    wco = world.user("ML", Role.ANALYST, agency="wco")
    sid = _record(client, mali.headers, operation="KAFO-III", sharing="operation")
    assert client.get(f"/seizures/{sid}", headers=burkina.headers).status_code == 200
    assert client.get(f"/seizures/{sid}", headers=interpol.headers).status_code == 200
    assert client.get(f"/seizures/{sid}", headers=ivorian.headers).status_code == 404
    assert client.get(f"/seizures/{sid}", headers=wco.headers).status_code == 404


def test_partners_label_reaches_everyone_but_only_owner_edits(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    mali, niger = world.user("ML"), world.user("NE")
    body = seizure_payload(sharing="partners")
    sid = _record(client, mali.headers, **{k: v for k, v in body.items()})
    assert client.get(f"/seizures/{sid}", headers=niger.headers).status_code == 200
    update = {**{k: v for k, v in body.items() if k != "id"}, "version": 1, "narrative": "x"}
    res = client.put(f"/seizures/{sid}", json=update, headers=niger.headers)
    assert res.status_code == 403
    assert "ML" in res.json()["message"]
    mine = client.get(f"/seizures/{sid}", headers=mali.headers).json()
    assert mine["version"] == 1
    assert mine["narrative"] == body["narrative"]
    denied = [e for e in _events(factory) if e.outcome == "denied"]
    assert [(e.action, e.user_country, e.owner_country, e.object_id) for e in denied] == [
        ("update", "NE", "ML", sid)
    ]


def test_person_shared_less_than_the_seizure_is_left_out(client: TestClient, world: World) -> None:
    mali, burkina = world.user("ML"), world.user("BF")
    body = seizure_payload(sharing="partners")
    body["persons"][0]["person"]["sharing"] = "national"
    sid = _record(client, mali.headers, **body)
    seen = client.get(f"/seizures/{sid}", headers=burkina.headers).json()
    assert seen["persons"] == []
    assert len(client.get(f"/seizures/{sid}", headers=mali.headers).json()["persons"]) == 1


def test_audit_records_writes_and_foreign_reads_not_own_reads(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    mali, burkina = world.user("ML"), world.user("BF")
    before = len(_events(factory))
    sid = _record(client, mali.headers, sharing="partners")
    client.get(f"/seizures/{sid}", headers=mali.headers)
    client.get(f"/seizures/{sid}", headers=burkina.headers)
    client.get("/seizures", headers=burkina.headers)
    events = _events(factory)[before:]
    summary = [(e.action, e.username, e.user_country, e.owner_country, e.outcome) for e in events]
    assert summary == [
        ("create", mali.actor.username, "ML", "ML", "ok"),
        ("read", burkina.actor.username, "BF", "ML", "ok"),
        ("read", burkina.actor.username, "BF", "ML", "ok"),
        ("read", burkina.actor.username, "BF", "ML", "ok"),
        ("list", burkina.actor.username, "BF", "ML", "ok"),
    ]
    assert [e.object_type for e in events] == ["seizure", "seizure", "person", "vehicle", "seizure"]
    assert events[0].object_id == sid and events[1].object_id == sid


def test_refused_create_is_audited_and_writes_nothing(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    mali = world.user("ML")
    body = seizure_payload()
    _record(client, mali.headers, **body)
    res = client.post("/seizures", json={**body, "narrative": "changed"}, headers=mali.headers)
    assert res.status_code == 409
    conflict = [e for e in _events(factory) if e.outcome == "conflict"]
    assert len(conflict) == 1
    assert conflict[0].object_id == body["id"]


def test_partner_organisation_staff_do_not_record(client: TestClient, world: World) -> None:
    unodc = world.user("ML", Role.REGIONAL_COORDINATOR, agency="unodc")
    res = client.post("/seizures", json=seizure_payload(), headers=unodc.headers)
    assert res.status_code == 403


def test_tokens_are_required_and_checked(client: TestClient, world: World) -> None:
    world.user("ML")
    assert client.get("/seizures").status_code == 401
    bad = client.get("/seizures", headers={"Authorization": f"Bearer kafo_{uuid.uuid4().hex}"})
    assert bad.status_code == 401
    assert bad.json()["error"] == "http"
