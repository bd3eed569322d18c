"""Identity resolution and judgements over HTTP."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from kafo.model.vocab import Role
from tests.factories import World, seizure_payload


def _record(client: TestClient, headers: dict[str, str], family: str, given: str) -> str:
    body = seizure_payload(operation="KAFO-III", sharing="operation")
    body["persons"][0]["person"].update(family_name=family, given_names=given, documents=[])
    res = client.post("/seizures", json=body, headers=headers)
    assert res.status_code == 201, res.text
    return str(res.json()["persons"][0]["person"]["id"])


def test_resolve_judge_and_read_identities(client: TestClient, world: World) -> None:
    world.operation()
    officer, analyst = world.user("ML"), world.user("ML", Role.ANALYST)
    a = _record(client, officer.headers, "TRAORE", "Mamadou")
    b = _record(client, officer.headers, "Traoré", "Mahamadou")
    assert client.post("/identities/resolve", headers=officer.headers).status_code == 403
    done = client.post("/identities/resolve", headers=analyst.headers).json()
    assert (done["persons"], done["links"], done["identities"]) == (2, 1, 1)
    (candidate,) = client.get(f"/persons/{a}/candidates", headers=analyst.headers).json()
    assert candidate["person"]["id"] == b and candidate["judgement"] is None
    assert "same phone number +22376123456" in candidate["explanation"]
    verdict = {"person_id": a, "other_person_id": b, "decision": "different", "note": "frères"}
    res = client.post("/identities/judgements", json=verdict, headers=analyst.headers)
    assert res.status_code == 201 and res.json()["username"] == analyst.actor.username
    assert client.get("/identities", headers=analyst.headers).json() == []
    verdict["decision"] = "withdrawn"
    client.post("/identities/judgements", json=verdict, headers=analyst.headers)
    (identity,) = client.get("/identities", headers=analyst.headers).json()
    assert sorted(p["id"] for p in identity["persons"]) == sorted([a, b])


def test_bad_judgements_are_refused_with_the_field(client: TestClient, world: World) -> None:
    world.operation()
    analyst = world.user("ML", Role.ANALYST)
    a = _record(client, analyst.headers, "TRAORE", "Mamadou")
    for body, status, words in (
        ({"person_id": a, "other_person_id": a, "decision": "same"}, 422, "other_person_id"),
        ({"person_id": a, "other_person_id": a, "decision": "maybe"}, 422, "decision"),
        (
            {"person_id": a, "other_person_id": str(uuid.uuid4()), "decision": "same"},
            404,
            "no person",
        ),
        ({"person_id": a, "decision": "same"}, 422, "other_person_id"),
    ):
        res = client.post("/identities/judgements", json=body, headers=analyst.headers)
        assert res.status_code == status and words in res.text, res.text
    assert (
        client.get(f"/persons/{uuid.uuid4()}/candidates", headers=analyst.headers).status_code
        == 404
    )
