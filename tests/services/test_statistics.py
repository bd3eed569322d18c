"""Reports from recorded data: a country's IAFQ and SDG 16.4.2 figures, and
an operation's consolidated results."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from kafo.io.report_book import check_totals, report_json, write_xlsx
from kafo.model.case import Case, CaseSuspect, Charge, case_seizures
from kafo.model.vocab import ChargeOutcome, Role, SuspectRole, TraceConclusion
from kafo.schemas.seizure import SeizureCreate
from kafo.schemas.tracing import AnswerIn, FindingIn, TraceCreate, TransitionIn
from kafo.services import register
from kafo.services.actor import Actor
from kafo.services.errors import Forbidden, NotFound
from kafo.services.statistics import reports
from kafo.services.tracing import requests, results
from tests.factories import World, seizure_payload

YEAR = 2026


def _seize(factory: sessionmaker[Session], actor: Actor, **overrides: Any) -> Any:
    with factory.begin() as s:
        seizure = register.record_seizure(s, actor, SeizureCreate(**seizure_payload(**overrides)))
        return seizure.seizure


def _trace_to_traced(factory: sessionmaker[Session], actor: Actor, firearm: uuid.UUID) -> None:
    with factory.begin() as s:
        ref = requests.create_request(
            s, actor, TraceCreate(firearm_id=firearm, legal_basis="trafic d'armes")
        ).reference
        requests.transition(s, actor, ref, TransitionIn(to="sent"), 30)
        answer = {
            "complete": True,
            "events": [{"kind": "diversion", "occurred": "2019", "country": "ML"}],
        }
        results.record_answer(s, actor, ref, AnswerIn.model_validate(answer))


def _table(report: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
    (table,) = [t for t in report["tables"] if t["key"] == key]
    return {row["key"]: row for row in table["rows"]}


@pytest.fixture
def recorded(factory: sessionmaker[Session], world: World) -> dict[str, Any]:
    """Mali: three seizures (one found, one surrendered), one traced firearm,
    one craft weapon established, one pending; a conviction. Burkina: one."""
    world.operation()
    ml = world.user("ML", Role.ANALYST).actor
    bf = world.user("BF", Role.ANALYST).actor
    shared = {"operation": "KAFO-III", "sharing": "operation"}
    first = _seize(factory, ml, **shared)
    craft = seizure_payload(context="found_abandoned", **shared)
    craft["firearms"][0].update(
        category="shotgun", craft_produced=True, make=None, model=None, serial_number=None
    )
    craft["persons"] = []
    with factory.begin() as s:
        found = register.record_seizure(s, ml, SeizureCreate(**craft)).seizure
    given = _seize(factory, ml, context="surrendered", **shared)
    other = _seize(factory, bf, **shared)
    _trace_to_traced(factory, ml, first.firearms[0].id)
    with factory.begin() as s:
        finding = FindingIn(conclusion="established", authority="CNLPAL", basis="artisanale")
        results.record_finding(s, ml, found.firearms[0].id, finding)
        ref = requests.create_request(
            s, ml, TraceCreate(firearm_id=given.firearms[0].id, legal_basis="détention illégale")
        ).reference
        requests.transition(s, ml, ref, TransitionIn(to="sent"), 30)
        person = first.person_links[0].person_id
        case = Case(
            owner_country="ML",
            created_by=ml.user_id,
            content_hash="-",
            reference="AFF-ML-2026-0001",
            title="Zégoua",
            status="prosecution",
            opened_on=date(2026, 11, 11),
            lead_unit=ml.unit_code,
            sharing="operation",
            operation_id=first.operation_id,
        )
        s.add(case)
        s.flush()
        s.execute(case_seizures.insert().values(case_id=case.id, seizure_id=first.id))
        suspect = CaseSuspect(case_id=case.id, person_id=person, role=SuspectRole.COURIER)
        s.add(suspect)
        s.flush()
        s.add(
            Charge(
                case_id=case.id,
                suspect_id=suspect.id,
                offence="trafic d'armes",
                charged_on=date(2026, 11, 20),
                outcome=ChargeOutcome.CONVICTED,
                decided_on=date(2026, 11, 25),
                sentence="5 ans",
            )
        )
    return {
        "ml": ml,
        "bf": bf,
        "firearms": [str(x.firearms[0].id) for x in (first, found, given)],
        "bf_firearm": str(other.firearms[0].id),
        "person": str(person),
    }


def test_a_countrys_iafq_report_counts_its_own_records(
    factory: sessionmaker[Session], recorded: dict[str, Any]
) -> None:
    with factory.begin() as s:
        report = reports.iafq_report(s, recorded["ml"], "ml", YEAR)
    for table in report.tables:
        assert check_totals(table) == [], table.key
    out = report_json(report)
    assert out["nominal"] and out["scope"] == {"country": "ML", "year": "2026"}
    by_type = _table(out, "arms_by_type")
    assert by_type["total"]["cells"] == {"seized": 1, "found": 1, "surrendered": 1, "all": 3}
    assert sorted(by_type["total"]["records"]["all"]) == sorted(recorded["firearms"])
    assert recorded["bf_firearm"] not in json.dumps(out)
    assert by_type["assault_rifle"]["cells"]["all"] == 2
    assert by_type["shotgun"]["cells"]["found"] == 1
    assert _table(out, "ammunition")["7.62×39mm"]["cells"]["all"] == 360
    assert _table(out, "explosives")["dynamite_stick"]["cells"]["sticks"] == 120
    assert _table(out, "parts_and_goods")["cash"]["cells"]["XOF"] == 750000
    persons = _table(out, "persons")
    assert persons["total"]["cells"] == {"arrested": 2, "prosecuted": 1, "convicted": 1}
    assert recorded["person"] in persons["M"]["records"]["convicted"]
    requests_ = _table(out, "trace_requests")
    assert requests_["CN"]["cells"] == {
        "sent": 2,
        "answered": 1,
        "complete": 1,
        "declined": 0,
        "no_response": 0,
    }
    sdg = _table(out, "sdg_16_4_2")
    assert (sdg["numerator"]["cells"]["value"], sdg["denominator"]["cells"]["value"]) == (2, 3)
    assert sdg["proportion"]["cells"]["value"] == 0.6667
    conclusions = _table(out, "sdg_by_conclusion")
    assert [conclusions[c.value]["cells"]["arms"] for c in TraceConclusion] == [1, 1, 1, 0, 0]


def test_the_sdg_report_and_its_workbook(
    factory: sessionmaker[Session], recorded: dict[str, Any]
) -> None:
    with factory.begin() as s:
        report = reports.sdg_report(s, recorded["ml"], "ML", YEAR)
    buffer = io.BytesIO()
    write_xlsx(report, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames[0] == "rapport" and "sdg_16_4_2" in book.sheetnames
    ids = {row[3] for row in book["records"].iter_rows(min_row=2, values_only=True)}
    assert set(recorded["firearms"]) <= ids


def test_other_years_and_other_countries(
    factory: sessionmaker[Session], recorded: dict[str, Any], world: World
) -> None:
    with factory.begin() as s:
        empty = report_json(reports.iafq_report(s, recorded["ml"], "ML", YEAR - 1))
    assert _table(empty, "arms_by_type")["total"]["cells"]["all"] == 0
    assert _table(empty, "persons")["total"]["cells"]["convicted"] == 0
    with pytest.raises(Forbidden), factory.begin() as s:
        reports.iafq_report(s, recorded["bf"], "ML", YEAR)
    partner = world.user("ML", agency="interpol").actor
    with pytest.raises(Forbidden), factory.begin() as s:
        reports.sdg_report(s, partner, "ML", YEAR)
    with pytest.raises(NotFound), factory.begin() as s:
        reports.iafq_report(s, recorded["ml"], "QQ", YEAR)


def test_an_operation_report_is_consolidated_and_non_nominal(
    factory: sessionmaker[Session], recorded: dict[str, Any], world: World
) -> None:
    partner = world.user("ML", agency="interpol").actor
    with factory.begin() as s:
        report = reports.operation_report(s, partner, "KAFO-III")
    for table in report.tables:
        assert check_totals(table) == [], table.key
    out = report_json(report)
    text = json.dumps(out)
    assert not out["nominal"] and '"records"' not in text
    assert recorded["person"] not in text and recorded["firearms"][0] not in text
    countries = _table(out, "seizures_by_country")
    assert countries["ML"]["cells"]["seizures"] == 3 and countries["BF"]["cells"]["all"] == 1
    assert countries["total"]["cells"]["all"] == 4
    sdg = _table(out, "sdg_16_4_2")
    assert (sdg["numerator"]["cells"]["value"], sdg["denominator"]["cells"]["value"]) == (2, 4)
    assert _table(out, "persons")["total"]["cells"]["convicted"] == 1
    with pytest.raises(NotFound), factory.begin() as s:
        reports.operation_report(s, partner, "NOPE")
