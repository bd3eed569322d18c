"""Watchlists and screening over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from kafo.model.vocab import Role
from tests.factories import World, seizure_payload

FIXTURE = Path(__file__).parents[1] / "io" / "un_list_small.xml"
BOMB = (
    '<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><CONSOLIDATED_LIST>&b;</CONSOLIDATED_LIST>'
)


def _upload(client: TestClient, headers: dict[str, str], content: bytes) -> tuple[int, Any]:
    res = client.post(
        "/watchlists/imports",
        files={"file": ("consolidated.xml", content, "application/xml")},
        data={"sharing": "partners"},
        headers=headers,
    )
    return res.status_code, res.json()


def test_import_screen_and_alert_over_http(client: TestClient, world: World) -> None:
    analyst = world.user("ML", Role.ANALYST)
    status, done = _upload(client, analyst.headers, FIXTURE.read_bytes())
    assert (status, done["listed"], done["entries"]) == (200, 3, 3)
    lists = client.get("/watchlists", headers=analyst.headers).json()
    assert [(w["name"], w["listed"]) for w in lists] == [(done["name"], 3)]
    res = client.post(
        "/screen",
        json={"name": "Testou Moussa", "date_of_birth": "1970", "nationality": ["Mali"]},
        headers=analyst.headers,
    )
    assert res.status_code == 200, res.text
    (hit,) = res.json()["hits"]
    assert (hit["reference"], hit["list_type"]) == ("MLi.901", "Mali")
    assert any("nationality agrees (ML)" in why for why in hit["explanation"])
    batch = client.post(
        "/screen/batch",
        json={"items": [{"id": "1", "name": "Amadou Teste"}, {"id": "2", "name": "R2D2"}]},
        headers=analyst.headers,
    ).json()
    assert batch[0]["hits"][0]["reference"] == "QDi.999"
    assert batch[1]["error"] == "name: a person's name cannot contain digits"
    entry = client.get("/watchlists/entries/QDi.999", headers=analyst.headers).json()
    assert entry["history"][0]["change"] == "listed"
    # A Burkinabè officer records a listed person: the alert is theirs to see.
    bf = world.user("BF")
    body = seizure_payload(place="bf-koloko")
    body["persons"][0]["person"].update(
        family_name="TESTE", given_names="Ahmadou", date_of_birth="1977", nationalities=["BF"]
    )
    assert client.post("/seizures", json=body, headers=bf.headers).status_code == 201
    (alert,) = client.get("/screening/alerts", headers=bf.headers).json()
    assert (alert["reference"], alert["person_owner"]) == ("QDi.999", "BF")
    assert client.get("/screening/alerts", headers=analyst.headers).json() == []
    again = client.post("/screening/rescreen", json={}, headers=bf.headers).json()
    assert (again["persons"], again["alerts"], again["new_alerts"]) == (1, 1, 0)


def test_bad_input_is_named_and_nothing_is_imported(client: TestClient, world: World) -> None:
    analyst = world.user("ML", Role.ANALYST)
    status, body = _upload(client, analyst.headers, BOMB.encode())
    assert status == 422 and "entities" in str(body)
    status, body = _upload(client, analyst.headers, b"<sanctions/>")
    assert status == 422 and "<sanctions>" in str(body)
    assert client.get("/watchlists", headers=analyst.headers).json() == []
    officer = world.user("ML")
    assert _upload(client, officer.headers, FIXTURE.read_bytes())[0] == 403
    for query, words in (
        ({"name": ""}, "empty"),
        ({"name": "x" * 1000}, "1000 characters"),
        ({"name": "Ali 7"}, "digits"),
        ({"name": "Ali", "date_of_birth": "demain"}, "is not a date"),
    ):
        res = client.post("/screen", json=query, headers=analyst.headers)
        assert res.status_code == 422 and words in res.text, res.text
    res = client.post("/screen", json={"nom": "Ali"}, headers=analyst.headers)
    assert res.status_code == 422 and "nom" in res.text
    assert client.get("/watchlists/entries/QDi.999", headers=analyst.headers).status_code == 404


def test_a_wanted_list_in_csv_over_http(client: TestClient, world: World) -> None:
    analyst = world.user("ML", Role.ANALYST)

    def upload(text: str, **form: str) -> Any:
        return client.post(
            "/watchlists/imports",
            files={"file": ("recherches.csv", text.encode(), "text/csv")},
            data=form,
            headers=analyst.headers,
        )

    good = "reference,family_name,given_names\nML-1,KONATE,Seydou\n"
    assert "needs its name" in upload(good).text
    res = upload(good, name="ML personnes recherchées", sharing="operation")
    assert res.status_code == 422 and "operation" in res.text
    bad = good + "ML-2,KONATE 2,Awa\n"
    res = upload(bad, name="ML personnes recherchées")
    assert res.status_code == 422
    assert "line 3" in res.text and "family_name" in res.text and "digits" in res.text
    assert client.get("/watchlists", headers=analyst.headers).json() == []
    done = upload(good, name="ML personnes recherchées", kind="wanted").json()
    assert (done["listed"], done["name"]) == (1, "ML personnes recherchées")
