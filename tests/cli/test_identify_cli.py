"""``kafo identify`` and ``kafo reference`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kafo.cli.main import app

runner = CliRunner()


def test_identify_one_text_as_json() -> None:
    result = runner.invoke(app, ["identify", "fusil de chasse cal 12", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["category"]["value"] == "shotgun"
    assert body["calibre"]["value"] == "12ga"


def test_identify_a_file_keeps_the_order(tmp_path: Path) -> None:
    lines = ["kalach 7,62", "", "PA 9mm", "\x00junk", "Type 56"]
    path = tmp_path / "armes.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["identify", "--input", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert len(out) == 5
    assert [o["identified"] for o in out] == [True, False, True, False, True]
    assert out[4]["alternatives"]


def test_identify_file_in_the_wrong_encoding_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "armes.txt"
    path.write_bytes("fusil de chasse calibre 12 à pompe".encode("cp1252"))
    result = runner.invoke(app, ["identify", "--input", str(path), "--json"])
    assert result.exit_code == 1
    assert "UTF-8" in json.loads(result.stdout)["error"]


def test_identify_needs_something() -> None:
    result = runner.invoke(app, ["identify", "--json"])
    assert result.exit_code == 1
    assert "give text" in json.loads(result.stdout)["error"]


def test_reference_stats_and_calibre() -> None:
    stats = runner.invoke(app, ["reference", "stats", "--json"])
    assert stats.exit_code == 0
    assert json.loads(stats.stdout)["models"] >= 400
    cal = runner.invoke(app, ["reference", "calibre", "7,62 court", "--json"])
    assert json.loads(cal.stdout)["key"] == "7.62x39"
