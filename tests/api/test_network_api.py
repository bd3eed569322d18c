"""Link analysis over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kafo.model.vocab import Role
from tests.factories import Login, World, seizure_payload

PHONE = "+223 76 55 44 33"


def _seize(client: TestClient, login: Login, family: str, **over: object) -> str:
    body = seizure_payload(**over)
    body["persons"][0]["person"].update(family_name=family, documents=[], phones=[PHONE])
    res = client.post("/seizures", json=body, headers=login.headers)
    assert res.status_code == 201, res.text
    return f"person:{res.json()['persons'][0]['person']['id']}"


def test_network_endpoints(client: TestClient, world: World) -> None:
    world.operation()
    ml, bf = world.user("ML", Role.ANALYST), world.user("BF", Role.ANALYST)
    shared = {"operation": "KAFO-III", "sharing": "operation"}
    a = _seize(client, ml, "KONATE", **shared)
    b = _seize(client, bf, "SAWADOGO", place="bf-kantchari", **shared)
    hidden = _seize(client, ml, "DIARRA")  # national: Burkina does not see it
    res = client.get("/network/networks?cross_border=true", headers=bf.headers)
    assert res.status_code == 200 and res.json()["items"][0]["countries"] == ["BF", "ML"]
    around = client.get(f"/network/around/{a}?hops=2", headers=bf.headers).json()
    assert b in {n["key"] for n in around["nodes"]} and hidden not in {
        n["key"] for n in around["nodes"]
    }
    path = client.get(f"/network/path?a={a}&b={b}", headers=bf.headers).json()
    assert path["found"] and path["hops"] == 2
    assert client.get(f"/network/around/{hidden}", headers=bf.headers).status_code == 404
    assert client.get(f"/network/around/{hidden}", headers=ml.headers).status_code == 200
    actors = client.get("/network/actors", headers=ml.headers).json()
    assert actors["items"][0]["node"]["key"] == "phone:+22376554433"
    timeline = client.get(f"/network/timeline/{a}", headers=bf.headers).json()
    assert [e["date"] for e in timeline] == sorted(e["date"] for e in timeline)
    corridors = client.get("/network/routes", headers=bf.headers).json()
    assert {tuple(r["stops"]) for r in corridors} == {
        ("Bobo-Dioulasso", "Zégoua (ML)", "Bamako"),
        ("Bobo-Dioulasso", "Kantchari (BF)", "Bamako"),
    }
    graph = client.get("/network/graph?country=ML", headers=bf.headers).json()
    assert graph["nodes"] and all(n["country"] in ("ML", None) for n in graph["nodes"])


def test_network_bad_input(client: TestClient, world: World) -> None:
    ml = world.user("ML", Role.ANALYST)
    for url, field in (
        ("/network/around/x?hops=9", "hops"),
        ("/network/networks?min_size=1", "min_size"),
        ("/network/actors?samples=0", "samples"),
        ("/network/networks?since=yesterday", "since"),
        ("/network/path?a=x", "b"),
        ("/network/routes?limit=0", "limit"),
    ):
        res = client.get(url, headers=ml.headers)
        assert res.status_code == 422, (url, res.text)
        assert any(field in e["loc"] for e in res.json()["errors"]), res.json()
    assert client.get("/network/around/person:nope", headers=ml.headers).status_code == 404
    assert client.get("/network/networks").status_code == 401
