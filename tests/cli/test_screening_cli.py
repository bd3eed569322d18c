"""``kafo watchlist`` and ``kafo screen`` as an analyst uses them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kafo.cli.main import app

FIXTURE = Path(__file__).parents[1] / "io" / "un_list_small.xml"


def _run(cli: CliRunner, *args: str) -> tuple[int, object]:
    result = cli.invoke(app, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_import_then_screen(cli: CliRunner, tmp_path: Path) -> None:
    assert _run(cli, "units", "add", "ml-an", "--agency", "ml-douanes", "--country", "ML")[0] == 0
    assert _run(cli, "users", "add", "awa", "--unit", "ml-an", "--role", "analyst")[0] == 0
    code, done = _run(cli, "watchlist", "import", str(FIXTURE), "--user", "awa")
    assert code == 0 and isinstance(done, dict) and done["listed"] == 3
    code, out = _run(cli, "screen", "--name", "AG TESTOU Mousa", "--dob", "1970", "--user", "awa")
    assert code == 0 and isinstance(out, dict)
    assert [h["reference"] for h in out["hits"]] == ["MLi.901"]
    code, entry = _run(cli, "watchlist", "show", "MLi.901", "--user", "awa")
    assert code == 0 and isinstance(entry, dict) and entry["status"] == "listed"
    text = cli.invoke(app, ["screen", "--name", "Amadou Teste", "--user", "awa"]).stdout
    assert "QDi.999 AMADOU TESTÉ" in text
    # Bad input: one clear line, no stack trace, nothing imported.
    code, refused = _run(cli, "screen", "--name", "Amadou 1er", "--user", "awa")
    assert code == 1 and refused == {
        "error": "the screening query has problems",
        "errors": ["name: a person's name cannot contain digits"],
    }
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<!DOCTYPE x [<!ENTITY a "b">]><CONSOLIDATED_LIST>&a;</CONSOLIDATED_LIST>')
    code, refused = _run(cli, "watchlist", "import", str(bomb), "--user", "awa")
    assert code == 1 and isinstance(refused, dict) and "entities" in refused["error"]
    code, listed = _run(cli, "watchlist", "list", "--user", "awa")
    assert code == 0 and isinstance(listed, list) and listed[0]["revision"] == 1
