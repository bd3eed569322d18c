"""The values persons share (phones, documents), read apart or here."""

from __future__ import annotations

import logging
from concurrent.futures import Future

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kafo.model.vocab import Role
from kafo.schemas.seizure import SeizureCreate
from kafo.services import register
from kafo.services.network import values
from kafo.services.network.graph import GraphData
from kafo.services.network.load import _Loader, load_graph
from tests.factories import World, seizure_payload
from tests.graphs import snapshot


def _record(factory: sessionmaker[Session], world: World) -> None:
    """Two couriers sharing a phone, each with a passport of their own."""
    world.operation()
    ml = world.user("ML", Role.ANALYST).actor
    for family, passport in (("KONATE", "B1234567"), ("DIARRA", "B7654321")):
        body = seizure_payload(operation="KAFO-III", sharing="operation")
        person = body["persons"][0]["person"]
        person["family_name"] = family
        person["documents"][0]["number"] = passport
        person["phones"] = ["+223 76 12 34 56", f"+223 66 00 00 0{len(family)}"]
        with factory.begin() as s:
            register.record_seizure(s, ml, SeizureCreate(**body))


def test_values_read_by_a_process_of_their_own_are_those_read_here(
    engine: Engine,
    factory: sessionmaker[Session],
    world: World,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _record(factory, world)
    with engine.connect() as conn:
        here = load_graph(conn)
    monkeypatch.setattr(values, "APART_AT", 0)
    with engine.connect() as conn:
        apart = load_graph(conn)
    assert "values_apart_peak_mb" not in here.data.stats
    assert apart.data.stats["values_apart_peak_mb"] > 0  # read by the other process
    assert snapshot(apart) == snapshot(here)
    kinds = {apart.edge_kind_name(e) for e in range(apart.m)}
    assert {"uses", "holds"} <= kinds
    shared = apart.index["phone:+22376123456"]
    assert len(apart.edges_at(shared)) == 2


def test_a_reading_is_factorized_in_the_order_first_read() -> None:
    reading = values.factorized(
        [
            [("p1", "+1"), ("p2", "+1"), ("p1", "+2")],
            [],
            [("p3", "+2"), ("p2", "+3")],
        ]
    )
    assert reading.persons == ["p1", "p2", "p3"] and reading.values == ["+1", "+2", "+3"]
    assert np.frombuffer(reading.person_at, np.int32).tolist() == [0, 1, 0, 2, 1]
    assert np.frombuffer(reading.value_at, np.int32).tolist() == [0, 0, 1, 1, 2]
    assert values.KINDS[1].describe("document:passport::B:1") == (
        "document:passport::B:1",
        "passport B:1",
        None,
    )


def test_rows_of_persons_the_graph_has_not_read_are_left_out(
    engine: Engine, factory: sessionmaker[Session], world: World
) -> None:
    _record(factory, world)
    with engine.connect() as conn:
        loader = _Loader(conn, GraphData())
        loader._persons()
    pid = next(iter(loader.persons))
    # Read apart a moment later: a person recorded since, with a new phone.
    reading = values.Reading(
        persons=[pid, "0" * 32],
        values=["+22370000001", "+22370000002"],
        person_at=np.asarray([0, 1], np.int32).tobytes(),
        value_at=np.asarray([0, 1], np.int32).tobytes(),
    )
    loader._add_values(values.KINDS[0], reading)
    assert loader.g.src.tolist() == [loader.persons[pid][0]]
    assert loader.g.dst.tolist() == [loader.g.index["phone:+22370000001"]]
    assert "phone:+22370000002" not in loader.g.index


def test_a_failed_process_leaves_the_reading_to_this_one(caplog: pytest.LogCaptureFixture) -> None:
    failed: Future[values.Apart] = Future()
    failed.set_exception(OSError("no process"))
    with caplog.at_level(logging.WARNING):
        assert values.finish_apart(failed) is None
    assert "no process" in caplog.text
    assert values.finish_apart(None) is None
