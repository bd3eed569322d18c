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


PEOPLE = (
    "id,family_name,given_names,date_of_birth,nationality,phone\n"
    "ml-1,TRAORE,Mamadou,1985,ML,+22376123456\n"
    "bf-1,Traoré,Mahamadou,1985-03-02,BF,+22376123456\n"
    "ci-1,Testou,Moussa Ag,1970,ML,\n"
)


def test_resolve_and_screen_a_file(cli: CliRunner, tmp_path: Path) -> None:
    people = tmp_path / "personnes.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    links = tmp_path / "liens.csv"
    code, done = _run(cli, "persons", "resolve", "--input", str(people), "--output", str(links))
    assert code == 0 and isinstance(done, dict)
    assert (done["records"], done["links"], done["identities"]) == (3, 1, 1)
    assert links.read_text(encoding="utf-8").splitlines()[1].startswith("bf-1,ml-1,")
    # Screening the same file needs a user and the lists.
    _run(cli, "units", "add", "ml-an", "--agency", "ml-douanes", "--country", "ML")
    _run(cli, "users", "add", "awa", "--unit", "ml-an", "--role", "analyst")
    _run(cli, "watchlist", "import", str(FIXTURE), "--user", "awa")
    code, found = _run(cli, "screen", "--input", str(people), "--user", "awa")
    assert code == 0 and isinstance(found, list)
    assert [[h["reference"] for h in row["hits"]] for row in found] == [[], [], ["MLi.901"]]


def test_a_bad_file_is_refused_whole_with_each_place(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("family_name,age\nTRAORE,40\n", encoding="utf-8")
    code, refused = _run(cli, "persons", "resolve", "--input", str(bad))
    assert code == 1 and isinstance(refused, dict)
    assert refused["errors"] == [
        "bad.csv, ligne 1, colonne age: unknown column (the columns are id, family_name, "
        "given_names, date_of_birth, sex, nationality, document_number, phone, "
        "place_of_birth, address)",
        "bad.csv, ligne 1, colonne id: required column missing",
    ]
    bad.write_text("id,family_name\n1,TRAORE 2\n2,\n", encoding="utf-8")
    code, refused = _run(cli, "persons", "resolve", "--input", str(bad))
    assert code == 1 and isinstance(refused, dict) and len(refused["errors"]) == 2
    code, refused = _run(cli, "screen", "--user", "nobody")
    assert code == 1 and isinstance(refused, dict) and "--name or --input" in refused["error"]
