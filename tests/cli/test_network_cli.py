"""``kafo network`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from kafo.cli.main import app
from kafo.model.vocab import Role
from kafo.schemas.seizure import SeizureCreate
from kafo.services import register
from tests.factories import World, seizure_payload


def _run(cli: CliRunner, *args: str) -> tuple[int, Any]:
    result = cli.invoke(app, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_networks_path_and_export(
    cli: CliRunner, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    analyst = world.user("ML", Role.ANALYST).actor
    persons = []
    for family, place in (("KONATE", "ml-zegoua"), ("DIARRA", "ml-heremakono")):
        body = seizure_payload(place=place)
        body["persons"][0]["person"].update(family_name=family, documents=[], phones=["76000001"])
        with factory.begin() as s:
            seizure = register.record_seizure(s, analyst, SeizureCreate(**body)).seizure
            persons.append(f"person:{seizure.person_links[0].person_id}")
    me = ("--user", analyst.username)
    code, nets = _run(cli, "network", "networks", *me)
    assert code == 0 and nets["networks"] == 1 and nets["items"][0]["persons"] == 2
    code, found = _run(cli, "network", "path", persons[0], persons[1], *me)
    assert code == 0 and found["hops"] == 2 and "phone +22376000001" in found["explanation"]
    code, done = _run(cli, "network", "export", "--format", "i2", "-o", str(tmp_path), *me)
    assert code == 0 and sorted(Path(f).name for f in done["files"]) == [
        "entities.csv",
        "links.csv",
    ]
    code, refused = _run(cli, "network", "around", "person:nobody", *me)
    assert code == 1 and "no entity" in refused["error"]
    code, refused = _run(cli, "network", "export", "--format", "svg", "-o", str(tmp_path), *me)
    assert code == 1 and "format" in refused["errors"][0]
