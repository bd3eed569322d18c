"""Identification over HTTP, and on every firearm recorded."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import World, seizure_payload


def test_identify_endpoint_reads_text_and_fields(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    res = client.post(
        "/identify", json={"text": "kalach chinois 7,62 court"}, headers=officer.headers
    )
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["identified"] is True
    assert body["model"]["value"] == "type-56"
    assert body["calibre"]["value"] == "7.62x39"
    assert body["country"]["value"] == "CN"
    assert body["model"]["evidence"]
    fields = client.post(
        "/identify", json={"make": "Beretta", "model": "92"}, headers=officer.headers
    ).json()
    assert fields["model"]["value"] == "beretta-92"


def test_identify_batch_keeps_order_and_bad_input_is_not_identified(
    client: TestClient, world: World
) -> None:
    officer = world.user("BF")
    items = [{"text": "PA 9mm"}, {"text": "😀😀"}, {"text": "x" * 10_240}, {"text": "!!!"}]
    res = client.post("/identify/batch", json={"items": items}, headers=officer.headers)
    assert res.status_code == 200
    out = res.json()
    assert [o["identified"] for o in out] == [True, False, False, False]
    assert out[0]["category"]["value"] == "pistol"
    assert all(o["reason"] for o in out[1:])


def test_identify_refuses_nothing_and_extra_fields(client: TestClient, world: World) -> None:
    officer = world.user("CI")
    assert client.post("/identify", json={}, headers=officer.headers).status_code == 422
    extra = client.post("/identify", json={"text": "AK", "colour": "red"}, headers=officer.headers)
    assert extra.status_code == 422
    assert [e["loc"] for e in extra.json()["errors"]] == ["colour"]
    assert client.post("/identify", json={"text": "AK"}).status_code == 401


def test_recorded_firearm_gets_its_standard_description_beside_the_text(
    client: TestClient, world: World
) -> None:
    officer = world.user("ML")
    firearm = {
        "category": "assault_rifle",
        "make": "kalach chinois",
        "calibre": "7,62 court",
        "serial_number": "56-1234567",
        "marking_state": "intact",
    }
    out = client.post(
        "/seizures", json=seizure_payload(firearms=[firearm]), headers=officer.headers
    ).json()
    recorded = out["firearms"][0]
    assert (recorded["make"], recorded["calibre"]) == ("kalach chinois", "7,62 court")
    std = recorded["standard"]
    assert (std["model"], std["calibre"], std["country"]) == ("type-56", "7.62x39", "CN")
    assert std["reader"] == "identify/1"
    assert recorded["traceability"] == {"route": "traceable", "missing": []}


def test_craft_and_obliterated_firearms_get_their_routes(client: TestClient, world: World) -> None:
    officer = world.user("BF")
    craft = {
        "category": "shotgun",
        "make": "fusil artisanal",
        "marking_state": "unmarked",
        "craft_produced": True,
    }
    ground = {
        "category": "pistol",
        "model": "Makarov",
        "serial_number": "??12",
        "marking_state": "obliterated",
    }
    out = client.post(
        "/seizures",
        json=seizure_payload(place="bf-koloko", firearms=[craft, ground]),
        headers=officer.headers,
    ).json()
    routes = [f["traceability"]["route"] for f in out["firearms"]]
    assert routes == ["competent_authority", "marking_examination"]
    assert out["firearms"][0]["standard"]["model"] == "craft-shotgun"
