"""People and vehicles seen again, edits through updates, and operations."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from kafo.ids import new_id
from kafo.model.vocab import Role
from tests.factories import World, seizure_payload


def _post(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    res = client.post("/seizures", json=body, headers=headers)
    assert res.status_code == 201, res.text
    out: dict[str, Any] = res.json()
    return out


def test_same_courier_linked_by_id_in_a_second_seizure(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    first = _post(client, officer.headers, seizure_payload())
    person_id = first["persons"][0]["person"]["id"]
    vehicle_id = first["vehicles"][0]["vehicle"]["id"]
    second = _post(
        client,
        officer.headers,
        seizure_payload(
            persons=[{"role": "driver", "person_id": person_id}],
            vehicles=[{"role": "conveyance", "vehicle_id": vehicle_id}],
        ),
    )
    assert second["persons"][0]["person"]["id"] == person_id
    assert second["persons"][0]["role"] == "driver"
    assert second["vehicles"][0]["vehicle"]["plate"] == "AB 1234 MD"


def test_linking_an_unseen_person_is_refused_by_field(client: TestClient, world: World) -> None:
    mali, burkina = world.user("ML"), world.user("BF")
    hidden = _post(client, mali.headers, seizure_payload())["persons"][0]["person"]["id"]
    res = client.post(
        "/seizures",
        json=seizure_payload(place="bf-koloko", persons=[{"role": "suspect", "person_id": hidden}]),
        headers=burkina.headers,
    )
    assert res.status_code == 422
    assert [e["loc"] for e in res.json()["errors"]] == ["persons.0.person_id"]


def test_update_edits_the_owned_person_in_place(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    body = seizure_payload()
    body["persons"][0]["person"]["id"] = str(new_id())
    out = _post(client, officer.headers, body)
    update = {k: v for k, v in body.items() if k != "id"} | {"version": out["version"]}
    update["persons"][0]["person"]["phones"] = ["76 12 34 56", "66 00 11 22"]
    res = client.put(f"/seizures/{out['id']}", json=update, headers=officer.headers)
    assert res.status_code == 200, res.text
    person = res.json()["persons"][0]["person"]
    assert person["id"] == body["persons"][0]["person"]["id"]
    assert person["version"] == 2
    assert [p["e164"] for p in person["phones"]] == ["+22376123456", "+22366001122"]


def test_same_person_id_with_other_content_on_create_is_409(
    client: TestClient, world: World
) -> None:
    officer = world.user("ML")
    body = seizure_payload()
    body["persons"][0]["person"]["id"] = str(new_id())
    _post(client, officer.headers, body)
    other = seizure_payload(
        persons=[
            {
                **body["persons"][0],
                "person": {**body["persons"][0]["person"], "given_names": "Moussa"},
            }
        ]
    )
    res = client.post("/seizures", json=other, headers=officer.headers)
    assert res.status_code == 409
    assert "persons.0.person.id" in res.json()["message"]


def test_h3_needs_a_note(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    res = client.post(
        "/seizures", json=seizure_payload(handling_code="H3"), headers=officer.headers
    )
    assert res.status_code == 422
    assert "handling_note" in res.text


def test_operations_are_created_by_admins_and_listed(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    admin = world.user("ML", Role.NATIONAL_ADMIN)
    body = {
        "code": "KAFO-IV",
        "name": "Opération KAFO IV",
        "starts_on": "2026-11-01",
        "ends_on": "2026-11-07",
        "countries": ["BF", "ML"],
        "partners": ["interpol"],
        "places": ["ml-zegoua"],
    }
    assert client.post("/operations", json=body, headers=officer.headers).status_code == 403
    created = client.post("/operations", json=body, headers=admin.headers)
    assert created.status_code == 201, created.text
    assert created.json()["countries"] == ["BF", "ML"]
    assert client.post("/operations", json=body, headers=admin.headers).status_code == 409
    bad = client.post(
        "/operations", json={**body, "code": "X", "partners": ["ml-police"]}, headers=admin.headers
    )
    assert bad.status_code == 422
    assert [e["loc"] for e in bad.json()["errors"]] == ["partners.0"]
    listed = client.get("/operations", headers=officer.headers).json()
    assert [o["code"] for o in listed] == ["KAFO-IV"]
    places = client.get("/places", params={"country": "NE"}, headers=officer.headers).json()
    assert places
    assert {(p["country"], p["time_zone"]) for p in places} == {("NE", "Africa/Niamey")}


def test_local_time_in_niger_is_utc_plus_one(client: TestClient, world: World) -> None:
    officer = world.user("NE")
    out = _post(
        client,
        officer.headers,
        seizure_payload(place="ne-makalondi", occurred_at="2026-11-10T14:30:00"),
    )
    assert out["occurred_at"] == "2026-11-10T13:30:00Z"
    assert out["occurred_at_local"] == "2026-11-10T14:30:00+01:00"
