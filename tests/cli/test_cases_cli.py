"""``kafo cases`` as a judicial-police analyst uses it."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from kafo.cli.main import app
from kafo.model.case import CustodyEntry
from kafo.model.vocab import Role
from kafo.schemas.seizure import SeizureCreate
from kafo.services.actor import Actor
from kafo.services.register import record_seizure
from tests.factories import World, seizure_payload


def _run(cli: CliRunner, *args: str) -> tuple[int, Any]:
    result = cli.invoke(app, [*args, "--json"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def _ok(cli: CliRunner, *args: str) -> Any:
    code, out = _run(cli, *args)
    assert code == 0, out
    return out


def _seizure(factory: sessionmaker[Session], actor: Actor) -> tuple[str, str]:
    with factory.begin() as s:
        seizure = record_seizure(s, actor, SeizureCreate.model_validate(seizure_payload())).seizure
        return str(seizure.id), str(seizure.person_links[0].person_id)


def test_a_case_on_the_command_line(
    cli: CliRunner, world: World, factory: sessionmaker[Session]
) -> None:
    login = world.user("ML", Role.ANALYST)
    me = ("--user", login.actor.username)
    seizure, person = _seizure(factory, login.actor)
    case = _ok(cli, "cases", "open", "--seizure", seizure, "--title", "Filière Zégoua", *me)
    ref = case["reference"]
    assert (ref, case["status"]) == ("AFF-ML-2026-0001", "open")
    suspect = _ok(cli, "cases", "suspect", "add", ref, person, "--role", "courier", *me)
    assert suspect["seizures"] == [seizure]
    exhibit = _ok(
        cli,
        "cases",
        "exhibit",
        "add",
        ref,
        "--seizure",
        seizure,
        "--kind",
        "firearm",
        "--item",
        "1",
        "--seal",
        "SC-001",
        "--holder",
        "Adj. Keita",
        "--place",
        "Poste de Zégoua",
        "--at",
        "2026-11-10T15:00:00",
        *me,
    )
    assert exhibit["custody"][0]["purpose"] == "seizure"
    for at, holder, purpose in (
        ("2026-11-11T09:00:00", "Greffe", "storage"),
        ("2026-11-14T09:00:00", "Laboratoire", "examination"),
    ):
        _ok(
            cli,
            "cases",
            "custody",
            "add",
            exhibit["id"],
            "--holder",
            holder,
            "--place",
            "Bamako",
            "--purpose",
            purpose,
            "--at",
            at,
            *me,
        )
    code, late = _run(
        cli,
        "cases",
        "custody",
        "add",
        exhibit["id"],
        "--holder",
        "X",
        "--place",
        "Y",
        "--purpose",
        "transfer",
        "--at",
        "2026-11-12T09:00:00",
        *me,
    )
    assert code == 1 and late["error"].startswith("held_from: ")
    step = ("--kind", "search", "--description", "Perquisition au domicile")
    _ok(cli, "cases", "step", "add", ref, *step, "--at", "2026-11-12T06:00", *me)
    charge = _ok(
        cli, "cases", "charge", "add", ref, "--suspect", person, "--offence", "trafic", *me
    )
    code, refused = _run(cli, "cases", "move", ref, "judged", *me)
    assert code == 1 and refused["error"].startswith("status: a case cannot move from 'open'")
    _ok(cli, "cases", "move", ref, "investigation", "--note", "ouverture d'information", *me)
    _ok(cli, "cases", "move", case["id"], "prosecution", *me)  # the id works too
    decided = _ok(cli, "cases", "charge", "decide", charge["id"], "--outcome", "convicted", *me)
    assert decided["outcome"] == "convicted"
    code, again = _run(
        cli, "cases", "charge", "decide", charge["id"], "--outcome", "acquitted", *me
    )
    assert code == 1 and "already decided" in again["error"]
    _ok(cli, "cases", "hearing", "add", ref, "--court", "TGI de Sikasso", "--on", "2026-11-29", *me)
    _ok(cli, "cases", "move", ref, "judged", *me)
    closed = _ok(cli, "cases", "move", ref, "closed", *me)
    assert closed["closed_at"] is not None
    shown = _ok(cli, "cases", "show", ref, *me)
    assert [c["holder"] for c in shown["exhibits"][0]["custody"]] == [
        "Adj. Keita",
        "Greffe",
        "Laboratoire",
    ]
    assert len(shown["events"]) == 5
    listed = _ok(cli, "cases", "list", "--status", "closed", *me)
    assert [c["reference"] for c in listed["items"]] == [ref]
    text = cli.invoke(app, ["cases", "show", ref, *me]).stdout
    assert "AFF-ML-2026-0001  Filière Zégoua  [clôturée]" in text
    assert "scellé SC-001: fusil d'assaut Norinco Type 56" in text
    assert "Greffe, Bamako (mise sous scellé / stockage)" in text


def test_refusals_are_one_clear_line(
    cli: CliRunner, world: World, factory: sessionmaker[Session]
) -> None:
    analyst, officer = world.user("ML", Role.ANALYST), world.user("ML")
    seizure, person = _seizure(factory, analyst.actor)
    me = ("--user", analyst.actor.username)
    code, out = _run(
        cli, "cases", "open", "--seizure", seizure, "--title", "T", "--user", officer.actor.username
    )
    assert code == 1 and "only analysts and national administrators" in out["error"]
    code, out = _run(cli, "cases", "open", "--seizure", "nope", "--title", "T", *me)
    assert code == 1 and out["errors"][0].startswith("seizures.0: ")
    ref = _ok(cli, "cases", "open", "--seizure", seizure, "--title", "T", *me)["reference"]
    code, out = _run(cli, "cases", "show", "AFF-ML-2026-0099", *me)
    assert code == 1 and out["error"] == "no case AFF-ML-2026-0099"
    exhibit = ("--seizure", seizure, "--kind", "firearm", "--item", "1", "--seal", "S" * 61)
    code, out = _run(
        cli, "cases", "exhibit", "add", ref, *exhibit, "--holder", "H", "--place", "P", *me
    )
    assert code == 1 and out["errors"][0].startswith("seal_number: ")
    code, out = _run(cli, "cases", "suspect", "add", ref, person, "--role", "courier", *me)
    assert code == 0 and out["seizures"] == [seizure]
    code, out = _run(cli, "cases", "suspect", "add", ref, person, "--role", "courier", *me)
    assert code == 1 and "already a suspect" in out["error"]
    bad_role = cli.invoke(app, ["cases", "suspect", "add", ref, person, "--role", "boss", *me])
    assert bad_role.exit_code == 2 and "boss" in bad_role.output
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(CustodyEntry)) == 0
