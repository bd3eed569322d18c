"""``kafo report`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from kafo.cli.main import app
from kafo.model.vocab import Role
from kafo.schemas.seizure import SeizureCreate
from kafo.services import register
from tests.factories import World, seizure_payload


def test_iafq_sdg_and_operation_reports(
    cli: CliRunner, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    code = world.operation()
    analyst = world.user("ML", Role.ANALYST).actor
    with factory.begin() as s:
        body = seizure_payload(operation=code, sharing="operation")
        register.record_seizure(s, analyst, SeizureCreate(**body))
    me = ["--user", analyst.username]
    out = tmp_path / "iafq.xlsx"
    result = cli.invoke(
        app, ["report", "iafq", "--country", "ML", "--year", "2026", "-o", str(out), "--json", *me]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["key"] == "iafq"
    assert "arms_by_type" in load_workbook(out).sheetnames
    result = cli.invoke(app, ["report", "sdg-16-4-2", "--country", "ML", "--year", "2026", *me])
    assert result.exit_code == 0 and "Indicateur ODD 16.4.2 / SDG indicator 16.4.2" in result.stdout
    result = cli.invoke(app, ["report", "operation", code, "--json", *me])
    assert result.exit_code == 0 and json.loads(result.stdout)["nominal"] is False
    result = cli.invoke(app, ["report", "iafq", "--country", "NE", "--year", "2026", "--json", *me])
    assert result.exit_code == 1 and "only NE's users" in json.loads(result.stdout)["error"]
