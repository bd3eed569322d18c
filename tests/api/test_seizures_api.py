"""Seizure endpoints: create, replay, conflict, read, list, update."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import World, seizure_payload


def test_create_then_read_keeps_what_was_written(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    body = seizure_payload()
    created = client.post("/seizures", json=body, headers=officer.headers)
    assert created.status_code == 201, created.text
    out = created.json()
    assert out["id"] == body["id"]
    assert out["owner_country"] == "ML"
    assert out["version"] == 1
    # Local time at Zégoua is UTC+0; what the officer wrote is kept beside the canonical form.
    assert out["occurred_at"].startswith("2026-11-10T14:30:00")
    assert out["time_zone"] == "Africa/Bamako"
    firearm = out["firearms"][0]
    assert firearm["serial_number"] == "56-1234 567"
    assert firearm["serial_canonical"] == "561234567"
    person = out["persons"][0]["person"]
    assert person["birth_year"] == 1985
    assert person["birth_date_approximate"] is True
    assert person["date_of_birth"] == "vers 1985"
    assert person["phones"] == [{"as_entered": "76 12 34 56", "e164": "+22376123456"}]
    assert person["documents"][0]["number_canonical"] == "ML123456"
    assert out["vehicles"][0]["vehicle"]["plate_canonical"] == "AB1234MD"
    again = client.get(f"/seizures/{body['id']}", headers=officer.headers)
    assert again.status_code == 200
    assert again.json() == out


def test_same_id_same_content_is_a_replay(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    body = seizure_payload()
    first = client.post("/seizures", json=body, headers=officer.headers)
    second = client.post("/seizures", json=body, headers=officer.headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    listing = client.get("/seizures", headers=officer.headers).json()
    assert listing["total"] == 1


def test_same_id_other_content_is_409(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    body = seizure_payload()
    assert client.post("/seizures", json=body, headers=officer.headers).status_code == 201
    changed = {**body, "narrative": "autre chose"}
    res = client.post("/seizures", json=changed, headers=officer.headers)
    assert res.status_code == 409
    assert "id" in res.json()["message"]


def test_update_needs_current_version(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    body = seizure_payload()
    sid = client.post("/seizures", json=body, headers=officer.headers).json()["id"]
    update = {k: v for k, v in body.items() if k != "id"}
    update["firearms"] = []
    update["version"] = 1
    res = client.put(f"/seizures/{sid}", json=update, headers=officer.headers)
    assert res.status_code == 200, res.text
    assert res.json()["version"] == 2
    assert res.json()["firearms"] == []
    stale = client.put(f"/seizures/{sid}", json=update, headers=officer.headers)
    assert stale.status_code == 409
    assert "version" in stale.json()["message"]


def test_list_filters(client: TestClient, world: World) -> None:
    officer = world.user("BF")
    a = seizure_payload(place="bf-koloko", occurred_at="2026-11-05T08:00:00")
    b = seizure_payload(place="bf-kantchari", occurred_at="2026-11-07T08:00:00", firearms=[])
    for body in (a, b):
        assert client.post("/seizures", json=body, headers=officer.headers).status_code == 201
    h = officer.headers
    assert client.get("/seizures", params={"place": "bf-koloko"}, headers=h).json()["total"] == 1
    by_cat = client.get("/seizures", params={"firearm_category": "assault_rifle"}, headers=h)
    assert [s["id"] for s in by_cat.json()["items"]] == [a["id"]]
    by_date = client.get(
        "/seizures", params={"occurred_from": "2026-11-06T00:00:00Z"}, headers=h
    ).json()
    assert [s["id"] for s in by_date["items"]] == [b["id"]]
    page = client.get("/seizures", params={"page_size": 1, "page": 2}, headers=h).json()
    assert page["total"] == 2
    assert [s["id"] for s in page["items"]] == [a["id"]]


def test_docs_page_loads_its_assets_locally(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        url = next(part.split('"')[0] for part in page.text.split('"/') if asset in part)
        assert client.get("/" + url).status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "kafo"


def test_update_to_a_reference_already_used_is_409(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    a, b = seizure_payload(reference="PV-A"), seizure_payload(reference="PV-B")
    for body in (a, b):
        assert client.post("/seizures", json=body, headers=officer.headers).status_code == 201
    update = {k: v for k, v in b.items() if k != "id"} | {"version": 1, "reference": "PV-A"}
    res = client.put(f"/seizures/{b['id']}", json=update, headers=officer.headers)
    assert res.status_code == 409
    assert res.json()["message"].startswith("reference:")
