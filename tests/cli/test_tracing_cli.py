"""``kafo trace`` as a national focal point uses it."""

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


def test_trace_from_request_to_result(
    cli: CliRunner, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    analyst = world.user("ML", Role.ANALYST).actor
    with factory.begin() as s:
        seizure = register.record_seizure(s, analyst, SeizureCreate(**seizure_payload())).seizure
        firearm = str(seizure.firearms[0].id)
    me = ("--user", analyst.username)
    code, made = _run(cli, "trace", "create", firearm, "--legal-basis", "arme de guerre", *me)
    assert code == 0 and made["status"] == "draft" and made["recipient_country"] == "CN"
    ref = made["reference"]
    code, moved = _run(cli, "trace", "move", ref, "sent", *me)
    assert code == 0 and moved["status"] == "sent" and moved["due_on"]
    code, refused = _run(cli, "trace", "move", ref, "closed", *me)
    assert code == 1 and "cannot move to closed" in refused["error"]
    assert "allowed from sent" in refused["errors"][0]

    pdf = tmp_path / "demande.pdf"
    code, doc = _run(cli, "trace", "document", ref, "--output", str(pdf), *me)
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF-")
    assert doc["title"]["fr"] == "Demande de traçage d'une arme à feu"

    answer = tmp_path / "reponse.json"
    answer.write_text(
        json.dumps(
            {
                "complete": True,
                "events": [
                    {"kind": "manufacture", "occurred": "2009", "country": "CN"},
                    {"kind": "last_legal_record", "occurred": "2016", "country": "ML"},
                ],
            }
        ),
        encoding="utf-8",
    )
    code, answered = _run(cli, "trace", "answer", ref, str(answer), *me)
    assert code == 0 and answered["status"] == "answered_complete"
    code, result = _run(cli, "trace", "result", firearm, *me)
    assert code == 0 and result["conclusion"] == "traced"
    code, stats = _run(cli, "trace", "stats", *me)
    assert code == 0 and stats[0]["response_rate"] == 1.0
    code, listed = _run(cli, "trace", "list", *me)
    assert code == 0 and listed["total"] == 1
    code, follow = _run(cli, "trace", "follow-up", *me)
    assert code == 0 and follow["actions"] == []


def test_bad_input_is_one_clear_error(
    cli: CliRunner, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    analyst = world.user("ML", Role.ANALYST).actor
    with factory.begin() as s:
        seizure = register.record_seizure(s, analyst, SeizureCreate(**seizure_payload())).seizure
        firearm = str(seizure.firearms[0].id)
    me = ("--user", analyst.username)
    code, refused = _run(cli, "trace", "create", firearm, *me)
    assert code == 1 and any(e.startswith("legal_basis") for e in refused["errors"])
    code, refused = _run(cli, "trace", "create", firearm, "--to", "ZZ", "--legal-basis", "x", *me)
    assert code == 1 and any(e.startswith("recipient_country") for e in refused["errors"])
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    code, made = _run(cli, "trace", "create", firearm, "--legal-basis", "x", *me)
    code, refused = _run(cli, "trace", "answer", made["reference"], str(junk), *me)
    assert code == 1 and "not a readable JSON file" in refused["error"]
    code, refused = _run(cli, "trace", "conclude", firearm, "established", *me)
    assert code == 1 and "authority" in refused["errors"][0]
    code, refused = _run(cli, "trace", "show", "TR-XX-0000", *me)
    assert code == 1 and "no trace request" in refused["error"]
