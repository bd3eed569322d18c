"""Trace requests over HTTP: the whole path, documents, refusals and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kafo.model.tracing import TraceEvent, TraceRequest
from kafo.model.vocab import Role
from tests.factories import Login, World, seizure_payload

LEGAL = "Arme de guerre transportée sans autorisation."


def _firearm(client: TestClient, login: Login, **overrides: Any) -> str:
    res = client.post("/seizures", json=seizure_payload(**overrides), headers=login.headers)
    assert res.status_code == 201, res.text
    return str(res.json()["firearms"][0]["id"])


def _count(factory: sessionmaker[Session], model: type[Any]) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_trace_a_firearm_over_http(client: TestClient, world: World) -> None:
    analyst = world.user("ML", Role.ANALYST)
    firearm = _firearm(client, analyst)
    body = {"firearm_id": firearm, "legal_basis": LEGAL, "recipient_authority": "BCN Beijing"}
    res = client.post("/trace-requests", json=body, headers=analyst.headers)
    assert res.status_code == 201, res.text
    ref = res.json()["reference"]
    assert res.json()["status"] == "draft" and res.json()["allowed"] == ["sent", "closed"]

    pdf = client.get(f"/trace-requests/{ref}/document.pdf", headers=analyst.headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and ref in pdf.headers["content-disposition"]
    doc = client.get(f"/trace-requests/{ref}/document.json", headers=analyst.headers).json()
    assert doc["title"]["en"] == "Firearm trace request" and doc["reference"] == ref

    move = {"to": "sent", "due_on": "2099-01-31"}
    res = client.post(f"/trace-requests/{ref}/transitions", json=move, headers=analyst.headers)
    assert res.status_code == 200 and res.json()["due_on"] == "2099-01-31"
    answer = {
        "complete": True,
        "events": [
            {"kind": "manufacture", "occurred": "2009", "country": "CN"},
            {"kind": "diversion", "occurred": "2019-05", "country": "ML", "place": "Kidal"},
        ],
    }
    res = client.post(f"/trace-requests/{ref}/answers", json=answer, headers=analyst.headers)
    assert res.status_code == 200 and res.json()["status"] == "answered_complete"
    result = client.get(f"/firearms/{firearm}/trace-result", headers=analyst.headers).json()
    assert result["conclusion"] == "traced" and result["counts_for_sdg"] is True
    (stats,) = client.get("/trace-requests/stats", headers=analyst.headers).json()
    assert (stats["country"], stats["sent"], stats["answered"]) == ("CN", 1, 1)
    listed = client.get("/trace-requests?status=answered_complete", headers=analyst.headers)
    assert [r["reference"] for r in listed.json()["items"]] == [ref]


def test_refusals_name_the_field_and_write_nothing(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    analyst, officer = world.user("ML", Role.ANALYST), world.user("ML")
    firearm = _firearm(client, analyst)
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"firearm_id": firearm}, 422, "legal_basis"),
        ({"firearm_id": firearm, "legal_basis": LEGAL, "colour": "red"}, 422, "colour"),
        (
            {"firearm_id": firearm, "legal_basis": LEGAL, "recipient_country": "XX"},
            422,
            "recipient_country",
        ),
        ({"firearm_id": "not-an-id", "legal_basis": LEGAL}, 422, "firearm_id"),
        ({"firearm_id": firearm, "legal_basis": "x\x00y"}, 422, "legal_basis"),
    ]
    for body, status, field in cases:
        res = client.post("/trace-requests", json=body, headers=analyst.headers)
        assert res.status_code == status, (body, res.text)
        assert field in {e["loc"] for e in res.json()["errors"]}, res.json()
        assert "Traceback" not in res.text
    res = client.post(
        "/trace-requests",
        json={"firearm_id": firearm, "legal_basis": LEGAL},
        headers=officer.headers,
    )
    assert res.status_code == 403
    assert _count(factory, TraceRequest) == 0

    ref = client.post(
        "/trace-requests",
        json={"firearm_id": firearm, "legal_basis": LEGAL},
        headers=analyst.headers,
    ).json()["reference"]
    events = _count(factory, TraceEvent)
    for body, field in (
        ({"to": "acknowledged"}, "to"),
        ({"to": "declined"}, "note"),
        ({"to": "flying"}, "to"),
        ({"to": "sent", "due_on": "2001-01-01"}, "due_on"),
    ):
        res = client.post(f"/trace-requests/{ref}/transitions", json=body, headers=analyst.headers)
        assert res.status_code == 422, (body, res.text)
        assert any(field in e["loc"] or field in e["message"] for e in res.json()["errors"]), (
            res.json()
        )
    bad_answer = {"complete": True, "events": [{"kind": "export", "occurred": "2010-13"}]}
    res = client.post(f"/trace-requests/{ref}/answers", json=bad_answer, headers=analyst.headers)
    assert res.status_code == 422 and res.json()["errors"][0]["loc"] == "events.0.occurred"
    assert _count(factory, TraceEvent) == events
    assert client.get("/trace-requests/TR-ML-1999-0001", headers=analyst.headers).status_code == 404


@pytest.mark.parametrize("path", ["", "/document.json", "/document.pdf"])
def test_another_countrys_national_request_does_not_exist_for_them(
    client: TestClient, world: World, path: str
) -> None:
    analyst, neighbour = world.user("ML", Role.ANALYST), world.user("NE", Role.ANALYST)
    firearm = _firearm(client, analyst)
    ref = client.post(
        "/trace-requests",
        json={"firearm_id": firearm, "legal_basis": LEGAL},
        headers=analyst.headers,
    ).json()["reference"]
    assert client.get(f"/trace-requests/{ref}{path}", headers=neighbour.headers).status_code == 404
    assert (
        client.get(f"/firearms/{firearm}/trace-result", headers=neighbour.headers).status_code
        == 404
    )
    assert client.get("/trace-requests", headers=neighbour.headers).json()["total"] == 0


def test_a_competent_authority_establishes_a_craft_weapon(client: TestClient, world: World) -> None:
    analyst = world.user("ML", Role.ANALYST)
    body = seizure_payload()
    body["firearms"][0].update(craft_produced=True, make=None, model=None, serial_number=None)
    res = client.post("/seizures", json=body, headers=analyst.headers)
    firearm = res.json()["firearms"][0]["id"]
    finding = {"conclusion": "established"}
    res = client.post(f"/firearms/{firearm}/findings", json=finding, headers=analyst.headers)
    assert res.status_code == 422 and "authority" in res.json()["errors"][0]["message"]
    finding.update(authority="CNLPAL", basis="fabrication artisanale (expertise 2026-14)")
    res = client.post(f"/firearms/{firearm}/findings", json=finding, headers=analyst.headers)
    assert res.status_code == 201 and res.json()["conclusion"] == "established"
