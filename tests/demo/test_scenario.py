"""The demo scenario: deterministic, valid, and its ground truth holds.

No database: the scenario is pure, so these tests build it and inspect it.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import Counter
from datetime import UTC, date, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from kafo.demo import tables
from kafo.demo.scenario import Scenario, build_scenario
from kafo.ids import is_uuid7
from kafo.matching.dates import parse_partial_date
from kafo.matching.phones import to_e164
from kafo.matching.serials import canonical_serial
from kafo.matching.text import alnum_upper
from kafo.schemas.person import PersonIn
from kafo.schemas.seizure import SeizureCreate

START = date(2026, 11, 2)
ZONES = {
    "BF": "Africa/Ouagadougou",
    "CI": "Africa/Abidjan",
    "ML": "Africa/Bamako",
    "NE": "Africa/Niamey",
}


@cache
def scenario(seed: int = 7) -> Scenario:
    return build_scenario(seed, start=START, seizures=150)


@cache
def gazetteer() -> dict[str, dict[str, str]]:
    text = (resources.files("kafo") / "data" / "places.csv").read_text(encoding="utf-8")
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


@cache
def agencies() -> dict[str, dict[str, str]]:
    text = (resources.files("kafo") / "data" / "agencies.csv").read_text(encoding="utf-8")
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


def payloads(seed: int = 7) -> list[SeizureCreate]:
    return [p.payload for p in scenario(seed).seizures]


def country_of(payload: SeizureCreate) -> str:
    assert payload.place is not None
    return gazetteer()[payload.place]["country"]


@cache
def by_id() -> dict[str, SeizureCreate]:
    return {str(p.id): p for p in payloads()}


@cache
def persons_by_id() -> dict[str, tuple[SeizureCreate, PersonIn]]:
    """Each person record with the seizure that carries it."""
    found = {}
    for p in payloads():
        for link in p.persons:
            assert link.person is not None
            found[str(link.person.id)] = (p, link.person)
    return found


def trailing_number(serial: str) -> int:
    found = re.search(r"(\d+)\D*$", serial)
    assert found is not None
    return int(found[1])


def test_tables_load_as_typed_rows() -> None:
    assert tables.given_names() is tables.given_names()
    traore = next(f for f in tables.family_names() if f.canonical == "Traoré")
    assert "TRAORE" in traore.variants and "ML" in traore.countries
    type56 = next(m for m in tables.firearm_models() if m.model == "Type 56")
    assert type56.weight == 60 and type56.country_of_manufacture == "CN"
    assert all(m.craft == (m.serial_pattern is None) for m in tables.firearm_models() if m.craft)
    cash = [c for c in tables.commodity_types() if c.kind == "cash"]
    assert all(c.unit == c.subkind for c in cash)
    assert set(tables.plate_shapes()) >= {"BF", "CI", "ML", "NE"}
    assert tables.places()["ml-zegoua"].country == "ML"
    assert tables.agencies()["interpol"].country is None


def test_patterns_fill_digits_and_letters() -> None:
    rng = random.Random(1)
    assert re.fullmatch(r"\d{2} [A-Z]{2} \d{4}", tables.fill_pattern("99 AA 9999", rng))
    assert re.fullmatch(r"[А-Я]{2} \d{3}-X", tables.fill_pattern("ЯЯ 999-X", rng))


def test_same_seed_gives_the_same_scenario() -> None:
    again = build_scenario(7, start=START, seizures=150)
    assert again == scenario(7)
    assert json.dumps(again.truth, sort_keys=True) == json.dumps(scenario(7).truth, sort_keys=True)


def test_another_seed_gives_other_data() -> None:
    other = scenario(8)
    assert [p.id for p in payloads(8)] != [p.id for p in payloads(7)]
    assert other.truth["identities"] != scenario(7).truth["identities"]


def test_the_seizure_count_is_the_one_asked_for() -> None:
    assert len(payloads()) == 150
    assert scenario().truth["counts"]["seizures"] == 150


def test_too_few_seizures_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        build_scenario(7, seizures=20)


def test_every_payload_validates_again_from_json() -> None:
    for p in payloads():
        again = SeizureCreate.model_validate_json(p.model_dump_json())
        assert again == p


def test_places_exist_and_are_many() -> None:
    places = [p.place for p in payloads()]
    assert all(code in gazetteer() for code in places)
    assert len(set(places)) >= 20
    assert set(places) <= set(scenario().operation.places)
    assert set(scenario().operation.places) <= set(gazetteer())


def test_border_posts_and_checkpoints_dominate() -> None:
    kinds = Counter(gazetteer()[str(p.place)]["kind"] for p in payloads())
    assert kinds["land_border_post"] + kinds["road_checkpoint"] > len(payloads()) / 2


def test_times_fall_in_the_week_mostly_by_day_and_in_order() -> None:
    operation = scenario().operation
    assert (operation.starts_on, operation.ends_on) == (START, START + timedelta(days=6))
    local = [p.occurred_at for p in payloads()]
    assert all(t.tzinfo is None for t in local)
    assert all(START <= t.date() <= START + timedelta(days=6) for t in local)
    assert sum(6 <= t.hour < 22 for t in local) > 0.8 * len(local)
    instants = [
        p.occurred_at.replace(tzinfo=ZoneInfo(ZONES[country_of(p)])).astimezone(UTC)
        for p in payloads()
    ]
    assert instants == sorted(instants)


def test_operation_is_kafo_demo_with_its_countries_and_partners() -> None:
    operation = scenario().operation
    assert operation.code == "KAFO-DEMO"
    assert sorted(operation.countries) == ["BF", "CI", "ML", "NE"]
    assert sorted(operation.partners) == ["interpol", "unodc", "wco"]
    assert all(p.operation == "KAFO-DEMO" for p in payloads())
    assert Counter(p.sharing for p in payloads()).most_common(1)[0][0] == "operation"


def test_units_and_users_fit_the_reference_data() -> None:
    s = scenario()
    units = {u.code: u for u in s.units}
    assert len(units) == len(s.units)
    for unit in s.units:
        agency = agencies()[unit.agency]
        assert agency["country"] in ("", unit.country)
        assert re.fullmatch(r"[a-z0-9][a-z0-9_.-]{1,39}", unit.code)
    for country in ("BF", "CI", "ML", "NE"):
        kinds = {agencies()[u.agency]["kind"] for u in s.units if u.country == country}
        assert {"police", "gendarmerie", "customs"} <= kinds
    roles = Counter(u.role for u in s.users)
    assert roles["national_admin"] == 4
    assert roles["regional_coordinator"] >= 1
    for user in s.users:
        assert re.fullmatch(r"[a-z0-9][a-z0-9_.-]{1,39}", user.username)
        assert user.unit in units


def test_each_seizure_is_recorded_by_a_field_officer_of_its_country() -> None:
    s = scenario()
    users = {u.username: u for u in s.users}
    units = {u.code: u for u in s.units}
    for planned in s.seizures:
        user = users[planned.username]
        assert user.role == "field_officer"
        assert units[user.unit].country == country_of(planned.payload)


def test_references_are_unique_per_country_and_well_formed() -> None:
    refs = [(country_of(p), p.reference) for p in payloads()]
    assert len(set(refs)) == len(refs)
    for country, ref in refs:
        assert ref is not None
        assert re.fullmatch(rf"{country}-[A-Z]{{2,3}}-2026-\d{{4}}", ref)


def test_all_ids_are_uuid7_and_distinct() -> None:
    ids = [p.id for p in payloads()]
    ids += [link.person.id for p in payloads() for link in p.persons if link.person]
    ids += [link.vehicle.id for p in payloads() for link in p.vehicles if link.vehicle]
    assert all(i is not None and is_uuid7(i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_phones_parse_in_the_recording_country() -> None:
    phones = 0
    for p in payloads():
        for link in p.persons:
            assert link.person is not None
            for phone in link.person.phones:
                assert to_e164(phone, country_of(p)).startswith("+")
                phones += 1
    assert phones > 50


def test_dates_of_birth_parse_and_vary_in_shape() -> None:
    written = [
        link.person.date_of_birth
        for p in payloads()
        for link in p.persons
        if link.person and link.person.date_of_birth
    ]
    for text in written:
        parse_partial_date(text, today=START)
    assert any(t.startswith("vers ") for t in written)
    assert any(re.fullmatch(r"\d{4}", t) for t in written)
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", t) for t in written)


def test_persons_per_seizure_and_item_mix() -> None:
    assert all(len(p.persons) <= 4 for p in payloads())
    with_firearms = sum(bool(p.firearms) for p in payloads()) / len(payloads())
    assert 0.05 < with_firearms < 0.35
    assert all(p.firearms or p.ammunition or p.explosives or p.commodities for p in payloads())
    crafts = [f for p in payloads() for f in p.firearms if f.craft_produced]
    assert all(f.serial_number is None and f.marking_state == "unmarked" for f in crafts)
    cash = [c for p in payloads() for c in p.commodities if c.kind == "cash"]
    assert all(c.unit == "currency" and c.currency for c in cash)


def test_planted_identities_recur_across_countries_under_other_spellings() -> None:
    identities = scenario().truth["identities"]
    assert 35 <= len(identities) <= 45
    persons = persons_by_id()
    cross = 0
    for ident in identities:
        assert 2 <= len(ident["seizure_ids"]) <= 4
        assert len(ident["person_ids"]) == len(ident["seizure_ids"])
        records = [persons[pid] for pid in ident["person_ids"]]
        assert [str(p.id) for p, _ in records] == ident["seizure_ids"]
        assert sorted({country_of(p) for p, _ in records}) == ident["countries"]
        spellings = {(r.family_name, r.given_names) for _, r in records}
        assert len(spellings) >= 2, ident["name"]
        cross += len(ident["countries"]) >= 2
    assert cross >= len(identities) / 2


def test_networks_cross_borders_and_share_vehicles_and_phones() -> None:
    networks = scenario().truth["networks"]
    identities = {i["id"]: i for i in scenario().truth["identities"]}
    assert 5 <= len(networks) <= 8
    seizures = by_id()
    for net in networks:
        assert len(net["countries"]) >= 2
        assert 3 <= len(net["identities"]) <= 8
        assert all(identities[i]["network"] == net["id"] for i in net["identities"])
        mine = [seizures[s] for s in net["seizure_ids"]]
        assert sorted({country_of(p) for p in mine}) == net["countries"]
        for plate in net["vehicle_plates"]:
            seen = [
                p
                for p in mine
                for v in p.vehicles
                if v.vehicle
                and v.vehicle.plate
                and alnum_upper(v.vehicle.plate) == alnum_upper(plate)
            ]
            assert len(seen) >= 2, plate
        assert net["phones"]
        for phone in net["phones"]:
            holders = set()
            for ident in net["identities"]:
                for pid in identities[ident]["person_ids"]:
                    seizure, person = persons_by_id()[pid]
                    if phone in {to_e164(w, country_of(seizure)) for w in person.phones}:
                        holders.add(ident)
            assert len(holders) >= 2, phone


def test_batches_have_close_serials_of_one_model() -> None:
    batches = scenario().truth["batches"]
    networks = {n["id"]: n for n in scenario().truth["networks"]}
    assert 4 <= len(batches) <= 6
    seizures = by_id()
    for batch in batches:
        serials = batch["serials"]
        assert len(serials) >= 4
        assert len({s["seizure_id"] for s in serials}) >= 2
        true = [canonical_serial(s["serial_true"]) for s in serials]
        assert len({t[:-2] for t in true}) == 1
        numbers = [trailing_number(t) for t in true]
        assert max(numbers) - min(numbers) <= 30
        for s in serials:
            assert s["seizure_id"] in networks[batch["network"]]["seizure_ids"]
            firearms = seizures[s["seizure_id"]].firearms
            assert s["serial_as_written"] in [f.serial_number for f in firearms]
            gun = next(f for f in firearms if f.serial_number == s["serial_as_written"])
            assert gun.make in (None, batch["make"])
    written = [s for b in batches for s in b["serials"]]
    assert any(
        canonical_serial(s["serial_as_written"]) != canonical_serial(s["serial_true"])
        for s in written
    )


def test_truth_is_json_and_points_only_at_existing_records() -> None:
    truth = scenario().truth
    json.dumps(truth)
    seizures, persons = by_id(), persons_by_id()
    for ident in truth["identities"]:
        assert set(ident["seizure_ids"]) <= set(seizures)
        assert set(ident["person_ids"]) <= set(persons)
    for net in truth["networks"]:
        assert set(net["seizure_ids"]) <= set(seizures)
    for batch in truth["batches"]:
        assert {s["seizure_id"] for s in batch["serials"]} <= set(seizures)
    counts = truth["counts"]
    assert counts["persons"] == sum(len(p.persons) for p in payloads())
    assert counts["firearms"] == sum(len(p.firearms) for p in payloads())
