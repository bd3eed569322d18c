"""The in-memory serial index of each process follows the database.

Changes committed by any session or process reach the next check of every
other; uncommitted changes are seen only by the session that made them; on
PostgreSQL a transaction that commits after a later one is not missed.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from kafo.db import make_engine, make_session_factory
from kafo.matching.serial_search import read_query
from kafo.model.vocab import SerialSource
from kafo.schemas.seizure import SeizureCreate, SeizureUpdate
from kafo.services.actor import Actor
from kafo.services.checks import catalogue
from kafo.services.register import record_seizure, update_seizure
from kafo.services.registry import import_registry
from tests.factories import World, seizure_payload

HEADER = "ref_source,numero_serie,marque,modele,calibre,type\n"


def found(session: Session, serial: str) -> set[tuple[SerialSource, uuid.UUID]]:
    hits = catalogue.find(session, read_query(serial, 0))
    return {(m.source, m.item_id) for m in hits.matches.values()}


def seize(session: Session, actor: Actor, serial: str) -> uuid.UUID:
    body = seizure_payload()
    body["firearms"][0]["serial_number"] = serial
    seizure = record_seizure(session, actor, SeizureCreate.model_validate(body)).seizure
    return seizure.firearms[0].id


def registry_file(tmp_path: Path, rows: str, name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_commits_reach_a_loaded_catalogue_and_rollbacks_do_not(
    factory: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    ml = world.user("ML").actor
    with factory() as s:
        assert found(s, "AK123456") == set()  # loads the (empty) catalogue
    with factory.begin() as s:
        import_registry(
            s,
            ml,
            registry_file(tmp_path, "R1,AK-123456,,,,stolen\n"),
            source="ML",
            kind=None,
            max_bytes=1 << 20,
        )
    with factory() as s:
        assert [src for src, _ in found(s, "AK123456")] == [SerialSource.REGISTRY]
    # Written but rolled back: never seen, by anyone.
    with factory() as s:
        seize(s, ml, "ZX-998877")
        s.rollback()
    with factory() as s:
        assert found(s, "ZX998877") == set()


def test_a_session_sees_its_own_changes_and_only_it(
    factory: sessionmaker[Session], world: World
) -> None:
    ml = world.user("ML").actor
    with factory.begin() as s:
        first = seize(s, ml, "QW-445566")
    writer, reader = factory(), factory()
    try:
        assert found(reader, "QW445566") == {(SerialSource.FIREARM, first)}
        second = seize(writer, ml, "QW-445566")
        # The writer sees both firearms; the reader only the committed one.
        assert found(writer, "QW445566") == {
            (SerialSource.FIREARM, first),
            (SerialSource.FIREARM, second),
        }
        assert found(reader, "QW445566") == {(SerialSource.FIREARM, first)}
        writer.commit()
        assert len(found(reader, "QW445566")) == 2
    finally:
        writer.close()
        reader.close()


def test_a_changed_serial_moves_in_the_index(factory: sessionmaker[Session], world: World) -> None:
    ml = world.user("ML").actor
    with factory.begin() as s:
        body = seizure_payload()
        body["firearms"][0]["serial_number"] = "PL-101010"
        seizure = record_seizure(s, ml, SeizureCreate.model_validate(body)).seizure
        sid = seizure.id
    with factory() as s:
        assert len(found(s, "PL101010")) == 1
    body["firearms"][0]["serial_number"] = "PL-202020"
    body.pop("id")
    with factory.begin() as s:
        update_seizure(s, ml, sid, SeizureUpdate.model_validate({**body, "version": 1}))
    with factory() as s:
        assert found(s, "PL101010") == set()
        assert len(found(s, "PL202020")) == 1


def test_another_process_catches_up_through_the_log(
    engine: Engine, factory: sessionmaker[Session], world: World
) -> None:
    ml = world.user("ML").actor
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        other_factory = make_session_factory(other)
        with other_factory() as s:
            assert found(s, "MN778899") == set()
        with factory.begin() as s:
            fid = seize(s, ml, "MN-778899")
        with other_factory() as s:
            assert found(s, "MN778899") == {(SerialSource.FIREARM, fid)}
            assert catalogue.shared(s).index.delta_rows == 1  # applied, not reloaded
    finally:
        catalogue.forget(other)
        other.dispose()


def test_a_transaction_committing_after_a_later_one_is_not_missed(
    factory: sessionmaker[Session], world: World
) -> None:
    """On PostgreSQL the earlier transaction's log row has the lower
    sequence number but becomes visible last; on SQLite writers take turns,
    so the same steps run one after the other."""
    ml = world.user("ML").actor
    postgres = factory.kw["bind"].dialect.name == "postgresql"
    early, late = factory(), factory()
    try:
        first = seize(early, ml, "EA-111111")
        if not postgres:
            early.commit()
        second = seize(late, ml, "LA-222222")
        late.commit()
        with factory() as s:  # the catalogue reads past the late commit
            assert found(s, "LA222222") == {(SerialSource.FIREARM, second)}
            assert found(s, "EA111111") == (set() if postgres else {(SerialSource.FIREARM, first)})
        early.commit()
        with factory() as s:
            assert found(s, "EA111111") == {(SerialSource.FIREARM, first)}
    finally:
        early.close()
        late.close()


def test_a_failed_load_is_not_kept_half_done(
    factory: sessionmaker[Session], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    ml = world.user("ML").actor
    with factory.begin() as s:
        fid = seize(s, ml, "FL-303030")
    catalogue.forget()
    real = catalogue.Catalogue.load

    def broken(self: catalogue.Catalogue, conn: Connection) -> None:
        real(self, conn)
        raise OSError("disk gone")

    monkeypatch.setattr(catalogue.Catalogue, "load", broken)
    with factory() as s, pytest.raises(OSError, match="disk gone"):
        found(s, "FL303030")
    monkeypatch.setattr(catalogue.Catalogue, "load", real)
    with factory() as s:
        assert found(s, "FL303030") == {(SerialSource.FIREARM, fid)}
        assert len(catalogue.shared(s)) == 1  # loaded once, whole
