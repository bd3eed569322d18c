"""Record checks, registry imports and notifications over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import World, seizure_payload

REGISTRY = (
    "ref_source,numero_serie,marque,modele,calibre,type\n"
    "V-001,56-1234561,Norinco,Type 56-1,7.62x39,stolen\n"
    "V-002,AB1O34,Beretta,92,9mm,lost\n"
)


def _upload(client: TestClient, headers: dict[str, str], text: str) -> dict[str, object]:
    res = client.post(
        "/registry/imports",
        files={"file": ("registre.csv", text.encode(), "text/csv")},
        data={"source": "ML armes volées"},
        headers=headers,
    )
    body: dict[str, object] = res.json()
    body["_status"] = res.status_code
    return body


def test_import_check_notify_over_http(client: TestClient, world: World) -> None:
    ml, bf = world.user("ML"), world.user("BF")
    report = _upload(client, ml.headers, REGISTRY)
    assert (report["_status"], report["created"]) == (200, 2)
    res = client.post("/checks", json={"serial": "AB1034", "make": "Beretta"}, headers=ml.headers)
    assert res.status_code == 200, res.text
    hit = res.json()["hits"][0]
    assert hit["match_kind"] == "lookalike" and hit["record"]["source_ref"] == "V-002"
    record = client.get(f"/registry/{hit['record']['id']}", headers=ml.headers)
    assert record.json()["kind"] == "lost"
    # Burkina Faso's check hits Mali's record: restricted, and Mali is told.
    other = client.post("/checks", json={"serial": "56 1234561"}, headers=bf.headers).json()
    assert other["hits"][0]["restricted"] is True and other["hits"][0]["record"] is None
    assert other["notified"] == ["ML"]
    hidden = client.get(f"/registry/{hit['record']['id']}", headers=bf.headers)
    assert hidden.status_code == 404
    inbox = client.get("/notifications?unseen=true", headers=ml.headers).json()
    assert [n["querying_country"] for n in inbox] == ["BF"]
    seen = client.post(f"/notifications/{inbox[0]['id']}/seen", headers=ml.headers)
    assert seen.json()["seen_at"] is not None
    assert client.get("/notifications?unseen=true", headers=ml.headers).json() == []
    assert (
        client.post(f"/notifications/{inbox[0]['id']}/seen", headers=bf.headers).status_code == 404
    )


def test_bad_input_is_a_clear_error_naming_the_field(client: TestClient, world: World) -> None:
    ml = world.user("ML")
    for serial, words in (
        ("", "empty"),
        ("*?*", "too little information"),
        ("7" * 200, "at most 40"),
        ("'; DROP TABLE registry_records; --", "only letters and digits"),
    ):
        res = client.post("/checks", json={"serial": serial}, headers=ml.headers)
        assert res.status_code == 422, res.text
        assert words in res.text and "serial" in res.text
    extra = client.post("/checks", json={"serial": "AB1234", "colour": "red"}, headers=ml.headers)
    assert extra.status_code == 422 and "colour" in extra.text
    batch = client.post(
        "/checks/batch",
        json={"items": [{"id": "1", "serial": "AB12345"}, {"id": "2", "serial": "**"}]},
        headers=ml.headers,
    ).json()
    assert [b["error"] is None for b in batch] == [True, False]
    refused = _upload(client, ml.headers, "ref_source,numero_serie\nA,\n")
    assert refused["_status"] == 422 and refused["errors"]
    assert client.get("/checks/batches", headers=ml.headers).json() == []


def test_recheck_over_http(client: TestClient, world: World) -> None:
    bf, ml = world.user("BF"), world.user("ML")
    body = seizure_payload(place="bf-yendere")
    body["firearms"][0]["serial_number"] = "56-1234561"
    assert client.post("/seizures", json=body, headers=bf.headers).status_code == 201
    assert _upload(client, ml.headers, REGISTRY)["created"] == 2  # arrives after the seizure
    done = client.post("/checks/seizures", json={}, headers=bf.headers)
    assert done.status_code == 200, done.text
    assert done.json() == {
        "seizures": 1,
        "firearms": 1,
        "hits": 1,
        "hits_before": 0,
        "notifications": 1,
    }
    inbox = client.get("/notifications", headers=ml.headers).json()
    assert [n["query_serial"] for n in inbox] == ["56-1234561"]
    bad = client.post("/checks/seizures", json={"since": "hier"}, headers=bf.headers)
    assert bad.status_code == 422 and "since" in bad.text
