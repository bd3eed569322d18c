"""Spreadsheet import and template over HTTP."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import load_workbook

from tests.factories import World
from tests.io.workbooks import filled_template, one_seizure

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(
    client: TestClient, headers: dict[str, str], path: Path, name: str | None = None
) -> Response:
    with path.open("rb") as handle:
        return client.post(
            "/imports", files={"files": (name or path.name, handle, XLSX)}, headers=headers
        )


def test_upload_imports_and_reimport_changes_nothing(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    officer = world.user("ML")
    path = filled_template(tmp_path / "s.xlsx", one_seizure())
    first = _upload(client, officer.headers, path)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "committed": True,
        "created": 1,
        "unchanged": 0,
        "rejected": 0,
        "errors": [],
    }
    again = _upload(client, officer.headers, path)
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 1)
    assert client.get("/seizures", headers=officer.headers).json()["total"] == 1


def test_refused_upload_reports_rows_and_writes_nothing(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    officer = world.user("ML")
    rows = one_seizure()
    rows["munitions"][0]["nombre_cartouches"] = "beaucoup"
    res = _upload(client, officer.headers, filled_template(tmp_path / "b.xlsx", rows))
    assert res.status_code == 422
    body = res.json()
    assert body["error"] == "import_refused"
    assert [(e["sheet"], e["row"], e["column"]) for e in body["errors"]] == [
        ("munitions", 2, "nombre_cartouches")
    ]
    assert client.get("/seizures", headers=officer.headers).json()["total"] == 0


def test_unreadable_upload_is_a_clear_422(client: TestClient, world: World, tmp_path: Path) -> None:
    officer = world.user("ML")
    path = tmp_path / "cut.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    res = _upload(client, officer.headers, path, name="../../etc-passwd.xlsx")
    assert res.status_code == 422
    assert "etc-passwd.xlsx: the workbook is damaged or truncated" in res.json()["message"]


def test_template_download(client: TestClient, world: World) -> None:
    officer = world.user("BF")
    res = client.get("/imports/template", headers=officer.headers)
    assert res.status_code == 200
    assert res.headers["content-type"] == XLSX
    wb = load_workbook(BytesIO(res.content), read_only=True)
    assert {"saisies", "armes", "personnes", "vehicules", "lieux"} <= set(wb.sheetnames)
