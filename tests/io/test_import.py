"""Spreadsheet import: template round trip, all-or-nothing, idempotency,
and every kind of unreadable file refused with its reason."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kafo.io.workbook import FileRejected, read_files
from kafo.model import Commodity, Firearm, Person, Seizure
from kafo.services.imports import ImportRefused, ImportReport, import_seizures
from kafo.services.uow import unit_of_work
from tests.factories import Login, World
from tests.io.workbooks import filled_template, one_seizure

LIMIT = 5_000_000


def _import(
    factory: sessionmaker[Session],
    who: Login,
    *paths: Path,
    partial: bool = False,
    encoding: str | None = None,
) -> ImportReport:
    book = read_files(paths, LIMIT, encoding)
    with unit_of_work(factory) as s:
        return import_seizures(s, who.actor, book, partial=partial)


def _count(factory: sessionmaker[Session], model: type) -> int:
    with factory() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_template_round_trip_and_reimport_changes_nothing(
    tmp_path: Path, world: World, factory: sessionmaker[Session]
) -> None:
    officer = world.user("ML")
    path = filled_template(tmp_path / "saisies.xlsx", one_seizure())
    report = _import(factory, officer, path)
    assert (report.created, report.unchanged, report.rejected, report.errors) == (1, 0, 0, [])
    with factory() as s:
        seizure = s.scalars(select(Seizure)).one()
        assert seizure.reference == "PV-001" and seizure.owner_country == "ML"
        assert seizure.context == "routine_check" and seizure.transport_mode == "motorcycle"
        assert seizure.firearms[0].category == "assault_rifle"
        assert seizure.firearms[0].make == "kalach"
        assert seizure.firearms[0].serial_canonical == "561234567"
        assert seizure.ammunition[0].rounds == 120
        assert seizure.explosives[0].kind == "dynamite_stick"
        cash, drug = seizure.commodities
        assert (cash.currency, int(cash.quantity), float(drug.quantity)) == ("XOF", 250000, 12.5)
        person = seizure.person_links[0].person
        assert [p.e164 for p in person.phones] == ["+22376123456", "+22670123456"]
        assert person.birth_year == 1985 and person.birth_date_approximate
    again = _import(factory, officer, path)
    assert (again.created, again.unchanged, again.rejected) == (0, 1, 0)
    assert _count(factory, Seizure) == 1 and _count(factory, Person) == 1


def test_one_bad_row_imports_nothing_and_names_sheet_row_column(
    tmp_path: Path, world: World, factory: sessionmaker[Session]
) -> None:
    officer = world.user("ML")
    rows = one_seizure("PV-001")
    second = one_seizure("PV-002")
    for sheet, records in second.items():
        rows[sheet] = rows[sheet] + records
    rows["munitions"][1]["nombre_cartouches"] = -5
    rows["armes"][0]["categorie"] = "bazooka"
    path = filled_template(tmp_path / "bad.xlsx", rows)
    with pytest.raises(ImportRefused) as refused:
        _import(factory, officer, path)
    report = refused.value.report
    assert report.rejected == 2 and report.created == 0 and not report.committed
    where = {(e.sheet, e.row, e.column) for e in report.errors}
    assert ("munitions", 3, "nombre_cartouches") in where
    assert ("armes", 2, "categorie") in where
    assert _count(factory, Seizure) == 0 and _count(factory, Firearm) == 0
    assert _count(factory, Person) == 0 and _count(factory, Commodity) == 0


def test_partial_imports_the_good_seizures_only(
    tmp_path: Path, world: World, factory: sessionmaker[Session]
) -> None:
    officer = world.user("ML")
    rows = one_seizure("PV-001")
    for sheet, records in one_seizure("PV-002").items():
        rows[sheet] = rows[sheet] + records
    rows["personnes"][1]["date_naissance"] = "31/02/1990"
    path = filled_template(tmp_path / "partial.xlsx", rows)
    report = _import(factory, officer, path, partial=True)
    assert (report.created, report.rejected, report.committed) == (1, 1, True)
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [
        ("personnes", 3, "date_naissance")
    ]
    with factory() as s:
        assert s.scalars(select(Seizure.reference)).all() == ["PV-001"]
    assert _count(factory, Person) == 1


def test_child_rows_must_belong_to_a_seizure(
    tmp_path: Path, world: World, factory: sessionmaker[Session]
) -> None:
    officer = world.user("ML")
    rows = one_seizure()
    rows["armes"].append({"ref_saisie": "PV-999", "categorie": "pistolet"})
    with pytest.raises(ImportRefused) as refused:
        _import(factory, officer, filled_template(tmp_path / "x.xlsx", rows))
    assert [(e.sheet, e.row, e.column) for e in refused.value.report.errors] == [
        ("armes", 3, "ref_saisie")
    ]


def test_same_reference_with_other_content_is_rejected(
    tmp_path: Path, world: World, factory: sessionmaker[Session]
) -> None:
    officer = world.user("ML")
    _import(factory, officer, filled_template(tmp_path / "a.xlsx", one_seizure()))
    changed = filled_template(tmp_path / "b.xlsx", one_seizure(recit="autre récit"))
    with pytest.raises(ImportRefused) as refused:
        _import(factory, officer, changed)
    assert [(e.sheet, e.column) for e in refused.value.report.errors] == [("saisies", "ref_saisie")]


def _write_csv(path: Path, rows: list[dict[str, object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_csv_with_english_headers(
    tmp_path: Path, world: World, factory: sessionmaker[Session]
) -> None:
    officer = world.user("ML")
    seizures = _write_csv(
        tmp_path / "seizures.csv",
        [
            {
                "seizure_ref": "EN-1",
                "occurred_at": "2026-11-10T09:00",
                "place": "ml-zegoua",
                "context": "patrol",
                "narrative": "Patrouille près de la frontière",
            }
        ],
    )
    firearms = _write_csv(
        tmp_path / "firearms.csv",
        [
            {
                "seizure_ref": "EN-1",
                "category": "shotgun",
                "make": "fusil artisanal",
                "craft_produced": "yes",
                "marking_state": "unmarked",
            }
        ],
    )
    report = _import(factory, officer, seizures, firearms)
    assert report.created == 1
    with factory() as s:
        firearm = s.scalars(select(Firearm)).one()
        assert firearm.craft_produced and firearm.marking_state == "unmarked"


def test_csv_in_the_wrong_encoding(
    tmp_path: Path, world: World, factory: sessionmaker[Session]
) -> None:
    officer = world.user("ML")
    rows = [
        {
            "ref_saisie": "CP-1",
            "date_heure": "10/11/2026 08:00",
            "lieu": "ml-zegoua",
            "contexte": "contrôle de routine",
            "recit": "Véhicule fouillé à Zégoua",
        }
    ]
    path = _write_csv(tmp_path / "saisies.csv", rows, encoding="cp1252")
    with pytest.raises(FileRejected, match=r"not valid UTF-8 .* line 2.*--encoding"):
        _import(factory, officer, path)
    assert _count(factory, Seizure) == 0
    report = _import(factory, officer, path, encoding="cp1252")
    assert report.created == 1


def test_truncated_workbook(tmp_path: Path, world: World) -> None:
    whole = filled_template(tmp_path / "whole.xlsx", one_seizure())
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(FileRejected, match="damaged or truncated"):
        read_files([cut], LIMIT)


def test_password_protected_workbook(tmp_path: Path) -> None:
    # An encrypted XLSX is an OLE2 compound file, not a zip.
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    with pytest.raises(FileRejected, match="password-protected"):
        read_files([path], LIMIT)


def test_not_a_workbook_at_all(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    with pytest.raises(FileRejected, match="damaged or truncated"):
        read_files([path], LIMIT)


def test_oversized_file_is_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(FileRejected, match=r"over the import limit.*KAFO_IMPORT_MAX_BYTES"):
        read_files([path], 32 * 1024 * 1024)


def test_unknown_column_and_missing_required_column(
    tmp_path: Path, world: World, factory: sessionmaker[Session]
) -> None:
    officer = world.user("ML")
    path = _write_csv(tmp_path / "saisies.csv", [{"ref_saisie": "U-1", "couleur_ciel": "bleu"}])
    with pytest.raises(ImportRefused) as refused:
        _import(factory, officer, path)
    where = {(e.sheet, e.row, e.column) for e in refused.value.report.errors}
    assert ("saisies", 1, "couleur_ciel") in where
    assert ("saisies", 1, "date_heure") in where
    assert ("saisies", 1, "contexte") in where


BAD_CELLS = [
    ("saisies", "date_heure", "01/01/2099 10:00", "future"),
    ("saisies", "pays_origine", "XZ", "ISO 3166-1"),
    ("armes", "numero_serie", "AB\t12", "control character"),
    ("personnes", "nom", "A" * 5000, "at most 200"),
    ("explosifs", "quantite", "-3", "greater than 0"),
    ("autres_biens", "devise", "ZZZ", "ISO 4217"),
    ("armes", "artisanale", "peut-être", "oui ou non"),
]


@pytest.mark.parametrize(
    ("sheet", "column", "value", "reason"), BAD_CELLS, ids=[f"{c[0]}.{c[1]}" for c in BAD_CELLS]
)
def test_bad_cell_is_located_and_nothing_is_written(
    tmp_path: Path,
    world: World,
    factory: sessionmaker[Session],
    sheet: str,
    column: str,
    value: str,
    reason: str,
) -> None:
    officer = world.user("ML")
    rows = one_seizure()
    rows[sheet][0][column] = value
    with pytest.raises(ImportRefused) as refused:
        _import(factory, officer, filled_template(tmp_path / "bad.xlsx", rows))
    errors = refused.value.report.errors
    assert [(e.sheet, e.row, e.column) for e in errors] == [(sheet, 2, column)]
    assert reason in errors[0].message
    assert "A" * 300 not in errors[0].message
    assert _count(factory, Seizure) == 0
    assert _count(factory, Person) == 0


def test_native_excel_dates_and_numbers(
    tmp_path: Path, world: World, factory: sessionmaker[Session]
) -> None:
    from datetime import datetime

    officer = world.user("ML")
    rows = one_seizure()
    rows["saisies"][0]["date_heure"] = datetime(2026, 11, 10, 14, 30)
    rows["armes"][0]["numero_serie"] = 1234567
    rows["armes"][0]["annee_fabrication"] = 1978
    rows["autres_biens"][1]["quantite"] = 12.5
    report = _import(factory, officer, filled_template(tmp_path / "native.xlsx", rows))
    assert report.created == 1
    with factory() as s:
        seizure = s.scalars(select(Seizure)).one()
        assert seizure.occurred_at.isoformat() == "2026-11-10T14:30:00+00:00"
        assert seizure.firearms[0].serial_number == "1234567"
        assert seizure.firearms[0].year_of_manufacture == 1978
        assert float(seizure.commodities[1].quantity) == 12.5
