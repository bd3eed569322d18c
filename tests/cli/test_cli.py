"""The command line, as an administrator and an officer use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kafo.cli.main import app
from tests.io.workbooks import filled_template, one_seizure


def _json(cli: CliRunner, *args: str) -> dict[str, object]:
    result = cli.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_setup_import_and_list(cli: CliRunner, tmp_path: Path) -> None:
    assert "database" in _json(cli, "db", "upgrade")
    _json(cli, "units", "add", "ml-douanes-zegoua", "--agency", "ml-douanes", "--country", "ML")
    user = _json(cli, "users", "add", "awa", "--unit", "ml-douanes-zegoua", "--role", "analyst")
    assert user["country"] == "ML"
    assert str(user["token"]).startswith("kafo_")
    template = tmp_path / "modele.xlsx"
    assert _json(cli, "template", "--output", str(template))["template"] == str(template)
    filled = filled_template(tmp_path / "rempli.xlsx", one_seizure())
    report = _json(cli, "import", str(filled), "--user", "awa")
    assert (report["created"], report["committed"]) == (1, True)
    again = _json(cli, "import", str(filled), "--user", "awa")
    assert (again["created"], again["unchanged"]) == (0, 1)
    listing = _json(cli, "seizures", "list", "--user", "awa")
    assert listing["total"] == 1
    items = listing["items"]
    assert isinstance(items, list)
    assert items[0]["reference"] == "PV-001"
    shown = _json(cli, "seizures", "show", str(items[0]["id"]), "--user", "awa")
    assert shown["place_name"] == "Zégoua"
    second = _json(cli, "users", "token", "awa")["token"]
    assert second != user["token"]
    assert _json(cli, "users", "revoke", "awa")["revoked"] == 2


def test_rejected_import_prints_located_errors_and_fails(cli: CliRunner, tmp_path: Path) -> None:
    _json(cli, "units", "add", "bf-gn-koloko", "--agency", "bf-gendarmerie", "--country", "BF")
    _json(cli, "users", "add", "ouedraogo", "--unit", "bf-gn-koloko")
    rows = one_seizure()
    rows["saisies"][0]["date_heure"] = "pas une date"
    result = cli.invoke(
        app, ["import", str(filled_template(tmp_path / "b.xlsx", rows)), "--user", "ouedraogo"]
    )
    assert result.exit_code == 1
    assert "NOTHING imported" in result.stdout
    assert "saisies, ligne 2, colonne date_heure" in result.stdout
    assert "Traceback" not in result.output


def test_errors_are_one_clear_line(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["seizures", "list", "--user", "nobody", "--json"])
    assert result.exit_code == 1
    assert "no active user 'nobody'" in json.loads(result.stdout)["error"]
    missing = cli.invoke(app, ["import", str(tmp_path / "absent.xlsx"), "--user", "nobody"])
    assert missing.exit_code == 1
    assert "Traceback" not in missing.output
    bad_unit = cli.invoke(app, ["units", "add", "X!", "--agency", "nope", "--country", "ZZ"])
    assert bad_unit.exit_code == 1
    assert "code:" in bad_unit.output and "agency:" in bad_unit.output


def test_registry_import_and_checks(cli: CliRunner, tmp_path: Path) -> None:
    _json(cli, "db", "upgrade")
    _json(cli, "units", "add", "ml-u", "--agency", "ml-douanes", "--country", "ML")
    _json(cli, "users", "add", "awa", "--unit", "ml-u")
    reg = tmp_path / "registre.csv"
    reg.write_text("ref_source,numero_serie,modele\nV-1,56-1234561,Type 56-1\n", encoding="utf-8")
    report = _json(
        cli, "registry", "import", str(reg), "--source", "vols", "--kind", "stolen", "--user", "awa"
    )
    assert report["created"] == 1
    hit = _json(cli, "check", "serial", "56-123456l", "--user", "awa")
    assert hit["total"] == 1
    batch = tmp_path / "lot.csv"
    batch.write_text("id,serial,model\na,561234561,Type 56-1\nb,*,\nc,ZZ99999,\n", encoding="utf-8")
    result = cli.invoke(app, ["check", "batch", str(batch), "--user", "awa", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["id"], r["total"], r["error"] is None) for r in rows] == [
        ("a", 1, True),
        ("b", 0, False),
        ("c", 0, True),
    ]
    sources = cli.invoke(app, ["registry", "sources", "--user", "awa", "--json"])
    assert json.loads(sources.stdout) == [{"owner_country": "ML", "source": "vols", "records": 1}]
    rechecked = _json(cli, "check", "seizures", "--since", "2026-01-01", "--user", "awa")
    assert rechecked["seizures"] == 0 and rechecked["hits"] == 0
    wrong_date = cli.invoke(app, ["check", "seizures", "--since", "hier", "--user", "awa"])
    assert wrong_date.exit_code != 0 and "since" in wrong_date.output
    bad = cli.invoke(app, ["check", "serial", "***", "--user", "awa"])
    assert bad.exit_code == 1 and "too little information" in bad.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("numero,couleur\n1,2\n", encoding="utf-8")
    refused = cli.invoke(app, ["check", "batch", str(wrong), "--user", "awa"])
    assert refused.exit_code == 1 and "columns must be" in refused.output


def test_batch_files_over_the_row_limit_are_refused_before_any_check(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _json(cli, "db", "upgrade")
    _json(cli, "units", "add", "ml-u", "--agency", "ml-douanes", "--country", "ML")
    _json(cli, "users", "add", "awa", "--unit", "ml-u")
    monkeypatch.setenv("KAFO_CHECK_BATCH_MAX_ROWS", "2")
    big = tmp_path / "big.csv"
    big.write_text("serial\n" + "".join(f"AB{i:06d}\n" for i in range(5)), encoding="utf-8")
    result = cli.invoke(app, ["check", "batch", str(big), "--user", "awa", "--json"])
    assert result.exit_code == 1
    assert "KAFO_CHECK_BATCH_MAX_ROWS" in result.stdout
    assert "[" not in result.stdout.split("{", 1)[0]  # nothing was checked or printed
