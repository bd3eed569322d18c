"""Registry import, record checks, automatic checks on seizures, notifications, batches."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kafo.io.workbook import FileRejected
from kafo.model.audit import AuditEvent
from kafo.model.registry import HitNotification, RegistryRecord, SerialChange, SerialHit
from kafo.model.seizure import Seizure
from kafo.model.vocab import MatchKind, RegistryKind, RegistryStatus
from kafo.schemas.checks import CheckIn, CheckOut
from kafo.schemas.seizure import SeizureCreate
from kafo.services import notifications, registry
from kafo.services.actor import Actor
from kafo.services.checks import batches
from kafo.services.checks.service import check, check_many
from kafo.services.errors import Forbidden, Invalid
from kafo.services.register import record_seizure
from kafo.services.registry import RegistryImportRefused, import_registry
from tests.factories import World, seizure_payload

HEADER = "ref_source,numero_serie,marque,modele,calibre,date_signalement,lieu_signalement,statut\n"
ROWS = (
    "V-001,56-1234561,Norinco,Type 56-1,7.62x39,2025-03-04,Kidal,active\n"
    "V-002,56-1234675,Norinco,Type 56-1,7.62x39,2025-03-04,Kidal,\n"
    "V-003,AB1O34,Beretta,92,9mm,12/01/2024,Bamako,\n"
    "V-004,TT-778899,,TT-33,7.62x25,,,\n"
)
MiB = 1 << 20


def write(tmp_path: Path, text: str, name: str = "registre.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(
    factory: sessionmaker[Session],
    actor: Actor,
    path: Path,
    kind: RegistryKind | None = RegistryKind.STOLEN,
    source: str = "ML armes volées",
) -> registry.RegistryImportReport:
    with factory.begin() as s:
        return import_registry(s, actor, path, source=source, kind=kind, max_bytes=MiB)


def run(factory: sessionmaker[Session], actor: Actor, **fields: object) -> CheckOut:
    with factory.begin() as s:
        return check(s, actor, CheckIn.model_validate(fields))


@pytest.fixture
def ml(world: World) -> Actor:
    return world.user("ML").actor


@pytest.fixture
def stolen(factory: sessionmaker[Session], ml: Actor, tmp_path: Path) -> Path:
    path = write(tmp_path, HEADER + ROWS)
    report = load(factory, ml, path)
    assert (report.created, report.rejected, report.committed) == (4, 0, True)
    return path


def test_import_stores_what_was_written_beside_the_standard_description(
    factory: sessionmaker[Session], stolen: Path
) -> None:
    with factory() as s:
        r = s.scalar(select(RegistryRecord).where(RegistryRecord.source_ref == "V-001"))
        assert r is not None
        assert (r.serial_number, r.serial_canonical, r.serial_skeleton) == (
            "56-1234561",
            "561234561",
            "561234561",
        )
        assert (r.model, r.std_model, r.std_calibre, r.std_country) == (
            "Type 56-1",
            "type-56-1",
            "7.62x39",
            "CN",
        )
        assert r.kind is RegistryKind.STOLEN and r.status is RegistryStatus.ACTIVE
        assert str(r.reported_on) == "2025-03-04"
        # One serial-log row per new record, in the same transaction.
        assert s.scalar(select(func.count()).select_from(SerialChange)) == 4


def test_reimport_is_idempotent_and_a_changed_row_is_updated(
    factory: sessionmaker[Session], ml: Actor, stolen: Path, tmp_path: Path
) -> None:
    again = load(factory, ml, stolen)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    changed = write(tmp_path, HEADER + ROWS.replace("Kidal,active", "Kidal,recovered"), "b.csv")
    report = load(factory, ml, changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    with factory() as s:
        r = s.scalar(select(RegistryRecord).where(RegistryRecord.source_ref == "V-001"))
        assert r is not None and r.status is RegistryStatus.RECOVERED and r.version == 2
        # The unchanged re-import logs nothing; the changed row is logged.
        logged = s.scalars(select(SerialChange.item_id).order_by(SerialChange.seq)).all()
        assert len(logged) == 5 and logged[-1] == r.id


def test_a_bad_row_refuses_the_whole_file_and_names_row_and_column(
    factory: sessionmaker[Session], ml: Actor, tmp_path: Path
) -> None:
    bad = (
        HEADER + ROWS + "V-005,,Glock,17,9mm,,,\n"
        "V-006,X1,Glock,17,9mm,2999-01-01,,\n"
        "V-001,Z9,Glock,17,9mm,,,\n"
        "V-007,X2,Glock,17,9mm,,,perdu-ish\n"
    )
    with pytest.raises(RegistryImportRefused) as refused:
        load(factory, ml, write(tmp_path, bad))
    where = {(e.row, e.column) for e in refused.value.report.errors}
    assert where == {
        (6, "numero_serie"),
        (7, "date_signalement"),
        (8, "ref_source"),
        (9, "statut"),
    }
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(RegistryRecord)) == 0
        assert s.scalar(select(func.count()).select_from(SerialChange)) == 0


def test_rows_need_a_kind_and_files_must_be_readable(
    factory: sessionmaker[Session], ml: Actor, tmp_path: Path
) -> None:
    with pytest.raises(RegistryImportRefused) as refused:
        load(factory, ml, write(tmp_path, HEADER + ROWS), kind=None)
    assert {e.column for e in refused.value.report.errors} == {"type"}
    latin1 = tmp_path / "latin.csv"
    latin1.write_bytes((HEADER + "V-1,123456,Fabriqué,,,,,\n").encode("latin-1"))
    with pytest.raises(FileRejected, match="not valid utf-8"):
        load(factory, ml, latin1)
    with pytest.raises(FileRejected, match="registry import limit"), factory.begin() as s:
        import_registry(s, ml, latin1, source="x", kind=RegistryKind.LOST, max_bytes=10)
    unknown = write(tmp_path, "ref_source,numero_serie,couleur\nA,123456,rouge\n", "u.csv")
    with pytest.raises(RegistryImportRefused) as refused:
        load(factory, ml, unknown)
    assert [(e.row, e.column) for e in refused.value.report.errors] == [(1, "couleur")]


def test_only_the_own_country_is_owner(factory: sessionmaker[Session], ml: Actor) -> None:
    with pytest.raises(Forbidden, match="not BF"), factory.begin() as s:
        import_registry(
            s, ml, Path("x.csv"), source="s", kind=RegistryKind.LOST, owner="BF", max_bytes=MiB
        )


def test_check_finds_exact_lookalike_fuzzy_and_partial(
    factory: sessionmaker[Session], ml: Actor, stolen: Path
) -> None:
    exact = run(factory, ml, serial="56 1234561")
    assert [(h.match_kind, h.edits) for h in exact.hits] == [(MatchKind.EXACT, 0)]
    alike = run(factory, ml, serial="AB1034", make="Beretta", model="92")
    hit = alike.hits[0]
    assert hit.match_kind is MatchKind.LOOKALIKE
    assert hit.explanation[0] == "serial differs at position 4: 0 here, O recorded (look-alike)"
    assert "model agrees (beretta-92)" in hit.explanation
    swapped = run(factory, ml, serial="561234516")
    assert [(h.match_kind, h.edits) for h in swapped.hits] == [(MatchKind.FUZZY, 1)]
    partial = run(factory, ml, serial="56-1234???")
    assert {h.record.source_ref for h in partial.hits} == {"V-001", "V-002"}
    assert all(h.match_kind is MatchKind.PARTIAL for h in partial.hits)
    prefix = run(factory, ml, serial="TT77*")
    assert [h.record.source_ref for h in prefix.hits] == ["V-004"]


def test_evidence_ranks_hits_and_disagreement_is_said(
    factory: sessionmaker[Session], ml: Actor, stolen: Path
) -> None:
    out = run(factory, ml, serial="56-1234561", make="Beretta", model="92", calibre="9mm")
    hit = out.hits[0]
    assert hit.score < 1.0
    assert "model differs: beretta-92 here, type-56-1 recorded" in hit.explanation


def test_limit_is_reported(factory: sessionmaker[Session], ml: Actor, stolen: Path) -> None:
    out = run(factory, ml, serial="56-1234???", limit=1)
    assert (len(out.hits), out.total, out.truncated) == (1, 2, True)


@pytest.mark.parametrize(
    ("serial", "reason"),
    [
        ("", "empty"),
        ("9" * 200, "at most 40"),
        ("***", "too little information"),
        ("1' OR '1'='1", "only letters and digits"),
        ("^.*$", "only letters and digits"),
    ],
)
def test_unsearchable_serials_are_refused_by_field(
    factory: sessionmaker[Session], ml: Actor, serial: str, reason: str
) -> None:
    with pytest.raises(Invalid) as exc, factory.begin() as s:
        check(s, ml, CheckIn(serial=serial))
    assert exc.value.errors[0].loc == ("serial",)
    assert reason in exc.value.errors[0].message


def test_non_latin_serials_are_searched(factory: sessionmaker[Session], ml: Actor) -> None:
    out = run(factory, ml, serial="АК-123456")  # Cyrillic А and К
    assert out.canonical == "AK123456" and out.hits == []


def test_batch_answers_in_order_and_reports_bad_rows(
    factory: sessionmaker[Session], ml: Actor, stolen: Path
) -> None:
    items = [
        CheckIn(id="a", serial="561234561"),
        CheckIn(id="b", serial="*"),
        CheckIn(id="c", serial="TT778899"),
    ]
    with factory.begin() as s:
        outs = check_many(s, ml, items)
    assert [o.id for o in outs] == ["a", "b", "c"]
    assert [o.total for o in outs] == [1, 0, 1]
    assert outs[1].error is not None and "too little information" in outs[1].error


def test_a_hit_on_another_countrys_record_notifies_it_and_hides_the_record(
    factory: sessionmaker[Session], world: World, ml: Actor, stolen: Path
) -> None:
    bf = world.user("BF").actor
    out = run(factory, bf, serial="561234561")
    hit = out.hits[0]
    assert hit.restricted and hit.record is None and hit.owner_country == "ML"
    assert out.notified == ["ML"]
    assert "ML has been notified of this hit" in hit.explanation
    with factory() as s:
        inbox = notifications.inbox(s, ml)
        assert notifications.inbox(s, bf) == []
    assert [(n.querying_country, n.query_serial, n.context) for n in inbox] == [
        ("BF", "561234561", "check")
    ]
    with factory.begin() as s:
        seen = notifications.mark_seen(s, ml, inbox[0].id)
    assert seen.seen_at is not None
    with factory() as s:
        actions = set(s.scalars(select(AuditEvent.action)))
    assert {"check", "notify", "seen", "import"} <= actions


def test_a_shared_record_is_shown_to_the_other_country(
    factory: sessionmaker[Session], world: World, ml: Actor, stolen: Path
) -> None:
    with factory.begin() as s:
        s.execute(RegistryRecord.__table__.update().values(sharing="partners"))
    bf = world.user("BF").actor
    hit = run(factory, bf, serial="561234561").hits[0]
    assert not hit.restricted and hit.record.source_ref == "V-001"


def test_recording_a_seizure_checks_its_firearms(
    factory: sessionmaker[Session], world: World, ml: Actor, stolen: Path
) -> None:
    bf = world.user("BF").actor
    body = seizure_payload(place="bf-yendere")
    body["firearms"][0].update(serial_number="56-1234561", make="Norinco", model="Type 56-1")
    with factory.begin() as s:
        seizure = record_seizure(s, bf, SeizureCreate.model_validate(body)).seizure
        fid = seizure.firearms[0].id
    with factory() as s:
        hits = s.scalars(select(SerialHit).where(SerialHit.firearm_id == fid)).all()
        assert [(h.match_kind, h.target_owner) for h in hits] == [(MatchKind.EXACT, "ML")]
        note = s.scalars(select(HitNotification)).one()
        assert note.recipient_country == "ML" and note.context == f"seizure {seizure.id}"
    # The same weapon seized again in Côte d'Ivoire is linked to the first seizure.
    ci = world.user("CI").actor
    again = seizure_payload(place="ci-pogo", persons=[], vehicles=[])
    again["firearms"][0].update(serial_number="561234561")
    with factory.begin() as s:
        second = record_seizure(s, ci, SeizureCreate.model_validate(again)).seizure
        sid = second.firearms[0].id
    with factory() as s:
        targets = {
            h.target_id for h in s.scalars(select(SerialHit).where(SerialHit.firearm_id == sid))
        }
        assert fid in targets


def test_batches_link_seizures_and_point_to_a_stockpile(
    factory: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    ml, bf = world.user("ML").actor, world.user("BF").actor
    stock = HEADER.replace(",statut", ",type") + (
        "S-1,56-1234580,Norinco,Type 56-1,7.62x39,,,stockpile\n"
        "S-2,56-9999999,Norinco,Type 56-1,7.62x39,,,stockpile\n"
    )
    load(factory, ml, write(tmp_path, stock), kind=None, source="ML inventaire")
    for actor, place, serial in ((ml, "ml-zegoua", "56-1234561"), (bf, "bf-yendere", "56-1234590")):
        body = seizure_payload(place=place)
        body["firearms"][0].update(serial_number=serial, make="Norinco", model="Type 56-1")
        with factory.begin() as s:
            record_seizure(s, actor, SeizureCreate.model_validate(body))
    with factory.begin() as s:
        found = batches.find_batches(s, ml)
    # ML sees its own seizure and inventory; BF's seizure is national to BF.
    assert [(b.first, b.last, b.seizures, b.registry_records) for b in found] == [
        (561234561, 561234580, 1, 1)
    ]
    assert found[0].diversion_hint is not None and "stockpile" in found[0].diversion_hint
    with factory.begin() as s:
        s.execute(RegistryRecord.__table__.update().values(sharing="partners"))
        s.execute(Seizure.__table__.update().values(sharing="partners"))
    with factory.begin() as s:
        found = batches.find_batches(s, ml)
    assert [(b.first, b.last, b.countries) for b in found] == [(561234561, 561234590, ["BF", "ML"])]
    assert batches.shape("AB12") is None
    assert batches.shape("TY561234X") == batches.Shape("TY", 561234, 6, "X")


def test_weak_hits_do_not_notify_and_say_so(
    factory: sessionmaker[Session], world: World, ml: Actor, stolen: Path
) -> None:
    bf = world.user("BF").actor
    # One edit from V-001, nothing else known: a hit, but not news to Mali.
    weak = run(factory, bf, serial="561234568")
    assert [(h.match_kind, h.restricted) for h in weak.hits] == [(MatchKind.FUZZY, True)]
    assert weak.notified == []
    assert weak.hits[0].explanation[-1].startswith("ask ML about this record")
    # The same edit with the model agreeing is strong enough to tell Mali.
    strong = run(factory, bf, serial="561234568", make="Norinco", model="Type 56-1")
    assert strong.notified == ["ML"]
    with factory() as s:
        assert len(notifications.inbox(s, ml)) == 1


def test_batched_lookup_finds_what_single_lookups_find(
    factory: sessionmaker[Session], stolen: Path
) -> None:
    from kafo.matching.serial_search import read_query
    from kafo.services.checks.catalogue import find, find_many

    serials = ["561234561", "56123456l", "561234516", "56-1234???", "TT77*", "AB1034", "ZZ999999"]
    queries = [read_query(x) for x in serials] + [read_query("561234561", 2)]
    with factory() as s:
        one = [find(s, q) for q in queries]
        many = find_many(s, queries)
    assert [f.matches for f in many] == [f.matches for f in one]
    assert any(f.matches for f in many) and not many[-2].matches


def test_bulk_ids_are_uuid7() -> None:
    import uuid

    from kafo.ids import is_uuid7, new_id_int

    ids = {new_id_int() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(is_uuid7(uuid.UUID(int=i)) for i in ids)


def test_a_registry_arriving_after_a_seizure_is_found_by_a_recheck(
    factory: sessionmaker[Session], world: World, ml: Actor, tmp_path: Path
) -> None:
    from datetime import date

    from kafo.services.checks import seized

    bf = world.user("BF").actor
    body = seizure_payload(place="bf-yendere", occurred_at="2026-10-02T09:00:00")
    body["firearms"][0].update(serial_number="56-1234561", make="Norinco", model="Type 56-1")
    with factory.begin() as s:
        fid = record_seizure(s, bf, SeizureCreate.model_validate(body)).seizure.firearms[0].id
    with factory() as s:
        assert s.scalars(select(SerialHit).where(SerialHit.firearm_id == fid)).all() == []
    load(factory, ml, write(tmp_path, HEADER + ROWS))  # Mali's stolen list arrives
    with factory.begin() as s:
        done = seized.recheck(s, bf)
    assert (done.seizures, done.firearms, done.hits_before) == (1, 1, 0)
    assert done.hits >= 1 and done.notifications == 1
    with factory() as s:
        hits = s.scalars(select(SerialHit).where(SerialHit.firearm_id == fid)).all()
        assert (hits[0].match_kind, hits[0].target_owner) == (MatchKind.EXACT, "ML")
        assert notifications.inbox(s, ml)[0].context.startswith("seizure ")
    # Again: the same hits replace the old ones, nobody is told twice.
    with factory.begin() as s:
        again = seized.recheck(s, bf)
    assert (again.hits, again.hits_before, again.notifications) == (done.hits, done.hits, 0)
    # Only seizures from a date on; Mali has recorded none.
    with factory.begin() as s:
        assert seized.recheck(s, bf, date(2026, 11, 1)).seizures == 0
        assert seized.recheck(s, ml).seizures == 0
        audited = s.scalars(select(AuditEvent).where(AuditEvent.action == "recheck")).all()
        assert len(audited) == 4  # every recheck is audited
