"""Every kind of bad input gets a clear error naming the field, and nothing
is written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import Login, World, seizure_payload


def _firearm(**kw: Any) -> dict[str, Any]:
    return {**seizure_payload()["firearms"][0], **kw}


def _person(**kw: Any) -> list[dict[str, Any]]:
    p = seizure_payload()["persons"][0]
    return [{**p, "person": {**p["person"], **kw}}]


CASES: list[tuple[str, dict[str, Any], str]] = [
    ("malformed date", {"occurred_at": "2026-13-45T99:00"}, "occurred_at"),
    ("future date", {"occurred_at": "2099-01-01T00:00:00Z"}, "occurred_at"),
    ("unknown country", {"declared_origin_country": "XZ"}, "declared_origin_country"),
    (
        "negative quantity",
        {"explosives": [{"kind": "dynamite_stick", "quantity": "-4", "unit": "sticks"}]},
        "explosives.0.quantity",
    ),
    ("negative rounds", {"ammunition": [{"calibre": "9x19", "rounds": -1}]}, "ammunition.0.rounds"),
    ("unknown category", {"firearms": [_firearm(category="bazooka")]}, "firearms.0.category"),
    (
        "control character in serial",
        {"firearms": [_firearm(serial_number="AB\x0012")]},
        "firearms.0.serial_number",
    ),
    (
        "5,000-character name",
        {"persons": _person(family_name="A" * 5000)},
        "persons.0.person.family_name",
    ),
    ("extra field", {"colour_of_sky": "blue"}, "colour_of_sky"),
    ("unknown place", {"place": "xx-nowhere"}, "place"),
    (
        "bad date of birth",
        {"persons": _person(date_of_birth="31/02/1990")},
        "persons.0.person.date_of_birth",
    ),
    ("bad phone", {"persons": _person(phones=["12"])}, "persons.0.person.phones.0"),
    ("not a uuid7", {"id": "6f1c2f3e-8a4b-4c1d-9e2f-0123456789ab"}, "id"),
]


@pytest.mark.parametrize(("case", "overrides", "field"), CASES, ids=[c[0] for c in CASES])
def test_bad_seizure_is_refused_by_field(
    client: TestClient, world: World, case: str, overrides: dict[str, Any], field: str
) -> None:
    officer: Login = world.user("ML")
    res = client.post("/seizures", json=seizure_payload(**overrides), headers=officer.headers)
    assert res.status_code == 422, (case, res.text)
    body = res.json()
    assert field in [e["loc"] for e in body["errors"]], body
    assert "Traceback" not in res.text
    assert "A" * 300 not in res.text
    assert client.get("/seizures", headers=officer.headers).json()["total"] == 0


def test_oversized_body_is_refused_before_parsing(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    limit = client.app.state.settings.import_max_bytes  # type: ignore[attr-defined]
    res = client.post(
        "/seizures",
        content=b"{" + b" " * limit + b"}",
        headers={**officer.headers, "Content-Type": "application/json"},
    )
    assert res.status_code == 413
    assert "KAFO_IMPORT_MAX_BYTES" in res.json()["message"]


def test_not_json_is_a_clear_error(client: TestClient, world: World) -> None:
    officer = world.user("ML")
    res = client.post(
        "/seizures",
        content=b"\xff\xfe not json",
        headers={**officer.headers, "Content-Type": "application/json"},
    )
    assert res.status_code == 400
    assert res.json()["error"] == "http"
    assert "body" in res.json()["message"]


def test_streamed_body_without_length_is_refused(client: TestClient, world: World) -> None:
    officer = world.user("ML")

    def chunks() -> Iterator[bytes]:
        yield b"{}"

    res = client.post(
        "/seizures",
        content=chunks(),
        headers={**officer.headers, "Content-Type": "application/json"},
    )
    assert res.status_code == 411
    assert res.json()["error"] == "length_required"
