"""Reports over HTTP: JSON and XLSX, country reports for the country only."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from kafo.model.vocab import Role
from tests.factories import World, seizure_payload


def test_reports_as_json_and_xlsx(client: TestClient, world: World) -> None:
    world.operation()
    ml, bf = world.user("ML", Role.ANALYST), world.user("BF", Role.ANALYST)
    body = seizure_payload(operation="KAFO-III", sharing="operation")
    assert client.post("/seizures", json=body, headers=ml.headers).status_code == 201
    res = client.get("/reports/iafq?country=ML&year=2026", headers=ml.headers)
    assert res.status_code == 200
    (by_type,) = [t for t in res.json()["tables"] if t["key"] == "arms_by_type"]
    total = by_type["rows"][-1]
    assert total["cells"]["all"] == 1 and len(total["records"]["all"]) == 1
    xlsx = client.get("/reports/iafq?country=ML&year=2026&format=xlsx", headers=ml.headers)
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx.headers["content-type"]
    book = load_workbook(io.BytesIO(xlsx.content))
    assert {"rapport", "arms_by_type", "sdg_16_4_2", "records"} <= set(book.sheetnames)
    sdg = client.get("/reports/sdg-16-4-2?country=ml&year=2026", headers=ml.headers).json()
    assert sdg["tables"][0]["rows"][1]["cells"]["value"] == 1  # denominator
    op = client.get("/reports/operations/KAFO-III", headers=bf.headers)
    assert op.status_code == 200 and '"records"' not in op.text
    op_xlsx = client.get("/reports/operations/KAFO-III?format=xlsx", headers=bf.headers)
    assert "records" not in load_workbook(io.BytesIO(op_xlsx.content)).sheetnames


def test_report_refusals(client: TestClient, world: World) -> None:
    ml, bf = world.user("ML", Role.ANALYST), world.user("BF", Role.ANALYST)
    cases = [
        ("/reports/iafq?country=ML&year=2026", bf, 403, None),
        ("/reports/iafq?country=ML", ml, 422, "year"),
        ("/reports/iafq?country=MLI&year=2026", ml, 422, "country"),
        ("/reports/iafq?country=ML&year=1066", ml, 422, "year"),
        ("/reports/sdg-16-4-2?country=ML&year=2026&format=pdf", ml, 422, "format"),
        ("/reports/operations/NONE", ml, 404, None),
    ]
    for url, who, status, field in cases:
        res = client.get(url, headers=who.headers)
        assert res.status_code == status, (url, res.text)
        if field:
            assert any(field in e["loc"] for e in res.json()["errors"]), res.json()
