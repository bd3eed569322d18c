"""Report tables as JSON and XLSX: bilingual labels, numbers as numbers,
record ids only in nominal reports, and totals that add up."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from io import BytesIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from kafo.io.report_book import (
    Cell,
    Column,
    Report,
    Row,
    Table,
    check_totals,
    report_json,
    sheet_names,
    write_xlsx,
)

IDS = ("rec-ml-001", "rec-ml-002", "rec-ne-001", "rec-ne-002", "rec-ne-003")
FORBIDDEN = set("[]:*?/\\")


def seizures(key: str = "saisies_par_pays") -> Table:
    return Table(
        key,
        "Armes saisies par pays",
        "Firearms seized by country",
        (Column("ML", "Mali", "Mali"), Column("NE", "Niger", "Niger")),
        (
            Row(
                "pistol",
                "Pistolets",
                "Pistols",
                {"ML": Cell(2, (IDS[1], IDS[0])), "NE": Cell(1, (IDS[2],))},
            ),
            Row("rifle", "Fusils", "Rifles", {"ML": Cell(None), "NE": Cell(2, IDS[3:])}),
            Row("total", "Total", "Total", {"ML": Cell(2), "NE": Cell(3)}, total=True),
        ),
        note_fr="Armes à feu seulement.",
        note_en="Firearms only.",
    )


def report(nominal: bool, *tables: Table) -> Report:
    return Report(
        "resultats",
        "Résultats de l'opération",
        "Operation results",
        {"operation": "KAFO-III", "country": "ML"},
        datetime(2026, 5, 4, 12, 30, tzinfo=UTC),
        tables or (seizures(),),
        nominal,
    )


def workbook(rep: Report) -> tuple[Workbook, bytes]:
    buffer = BytesIO()
    write_xlsx(rep, buffer)
    return load_workbook(BytesIO(buffer.getvalue())), buffer.getvalue()


def test_json_shape_is_bilingual_with_every_column() -> None:
    data = report_json(report(True))
    assert data["key"] == "resultats"
    assert data["title"] == {"fr": "Résultats de l'opération", "en": "Operation results"}
    assert data["scope"] == {"operation": "KAFO-III", "country": "ML"}
    assert data["generated_at"] == "2026-05-04T12:30:00+00:00"
    (table,) = data["tables"]
    assert table["title"]["en"] == "Firearms seized by country"
    assert table["note"] == {"fr": "Armes à feu seulement.", "en": "Firearms only."}
    assert table["columns"][0] == {"key": "ML", "fr": "Mali", "en": "Mali"}
    pistol, rifle, total = table["rows"]
    assert (pistol["fr"], pistol["en"], pistol["total"]) == ("Pistolets", "Pistols", False)
    assert rifle["cells"] == {"ML": None, "NE": 2}
    assert total["total"] is True and total["cells"] == {"ML": 2, "NE": 3}
    json.dumps(data)  # JSON-ready as is


def test_record_ids_are_listed_sorted_only_in_a_nominal_report() -> None:
    pistol = report_json(report(True))["tables"][0]["rows"][0]
    assert pistol["records"] == {"ML": [IDS[0], IDS[1]], "NE": [IDS[2]]}
    regional = report_json(report(False))
    assert all("records" not in row for row in regional["tables"][0]["rows"])
    text = json.dumps(regional)
    assert not any(record in text for record in IDS)


def test_xlsx_has_bilingual_labels_numeric_cells_and_bold_totals() -> None:
    wb, _ = workbook(report(True))
    assert wb.sheetnames == ["rapport", "saisies_par_pays", "records"]
    summary = [v for row in wb["rapport"].iter_rows(values_only=True) for v in row if v]
    assert "Résultats de l'opération" in summary and "Operation results" in summary
    assert "KAFO-III" in summary and "saisies_par_pays" in summary
    ws = wb["saisies_par_pays"]
    assert (ws["A1"].value, ws["A2"].value) == (
        "Armes saisies par pays",
        "Firearms seized by country",
    )
    assert [c.value for c in ws[4]] == ["Libellé / Label", "Mali", "Niger"]
    assert [c.value for c in ws[5]] == ["Pistolets / Pistols", 2, 1]
    assert [c.value for c in ws[6]] == ["Fusils / Rifles", None, 2]
    assert ws["B5"].data_type == "n" and isinstance(ws["C6"].value, int)
    assert ws["A7"].value == "Total" and ws["A7"].font.b and ws["C7"].font.b
    assert not ws["A5"].font.b
    assert ws.freeze_panes == "B5"
    notes = {ws.cell(r, 1).value for r in range(8, 12)}
    assert {"Armes à feu seulement.", "Firearms only."} <= notes


def test_records_sheet_gives_back_every_cells_ids() -> None:
    other = seizures("autre")
    rep = report(True, seizures(), other)
    wb, _ = workbook(rep)
    lines = list(wb["records"].iter_rows(values_only=True))
    assert lines[0] == ("table", "row", "column", "record")
    read: dict[tuple[str, str, str], list[str]] = {}
    for table, row, column, record in lines[1:]:
        read.setdefault((str(table), str(row), str(column)), []).append(str(record))
    expected = {
        (t.key, r.key, c): sorted(cell.records)
        for t in rep.tables
        for r in t.rows
        for c, cell in r.cells.items()
        if cell.records
    }
    assert read == expected


def test_regional_xlsx_holds_no_record_id_anywhere() -> None:
    wb, raw = workbook(report(False))
    assert "records" not in wb.sheetnames
    with zipfile.ZipFile(BytesIO(raw)) as z:
        content = b"".join(z.read(name) for name in z.namelist())
    assert not any(record.encode() in content for record in IDS)
    assert b"Pistolets / Pistols" in content  # the figures themselves are there


def test_sheet_names_are_valid_unique_and_stable() -> None:
    keys = [
        "a" * 40,
        "a" * 40 + "b",
        "A" * 31,
        "rapport",
        "Records",
        "ventes/achats:[2026]?*",
        "ventes_achats__2026___",
        "'cité'",
        "",
        "history",
    ]
    names = sheet_names(keys)
    assert names == sheet_names(keys)
    assert len({n.casefold() for n in names} | {"rapport", "records"}) == len(keys) + 2
    for name in names:
        assert 0 < len(name) <= 31 and not FORBIDDEN & set(name)
        assert not name.startswith("'") and not name.endswith("'")
    assert names[0] == "a" * 31 and names[1] == "a" * 29 + "~2" and names[2] == "A" * 29 + "~3"
    assert names[7] == "cité"
    tables = [seizures(k) for k in keys]
    wb, _ = workbook(report(False, *tables))
    assert wb.sheetnames == ["rapport", *names]


def test_text_is_never_read_as_a_formula_and_control_characters_are_dropped() -> None:
    table = Table(
        "t",
        "=SOMME(A1)",
        "Sum\x07",
        (Column("n", "N", "N"),),
        (Row("r", "=1+1", "=1+1", {"n": Cell(1.5)}),),
    )
    ws = workbook(report(False, table))[0]["t"]
    assert (ws["A1"].value, ws["A1"].data_type, ws["A2"].value) == ("=SOMME(A1)", "s", "Sum")
    assert (ws["A5"].value, ws["B5"].value) == ("=1+1", 1.5)


def test_a_table_refuses_cells_of_unknown_columns_and_duplicate_keys() -> None:
    cols = (Column("ML", "Mali", "Mali"),)
    with pytest.raises(ValueError, match="unknown columns"):
        Table("t", "T", "T", cols, (Row("r", "R", "R", {"XX": Cell(1)}),))
    with pytest.raises(ValueError, match="duplicate row"):
        Table("t", "T", "T", cols, (Row("r", "R", "R"), Row("r", "R", "R")))
    with pytest.raises(ValueError, match="duplicate column"):
        Table("t", "T", "T", cols * 2, ())


def test_check_totals_names_each_wrong_total_and_accepts_right_ones() -> None:
    assert check_totals(seizures()) == []
    good = seizures()
    wrong = Row("total", "Total", "Total", {"ML": Cell(3), "NE": Cell(3)}, total=True)
    bad = Table(good.key, good.fr, good.en, good.columns, (*good.rows[:2], wrong))
    (message,) = check_totals(bad)
    assert "total" in message and "ML" in message and "3" in message and "2" in message
    huge = (Row("a", "A", "A", {"ML": Cell(10**17)}), Row("b", "B", "B", {"ML": Cell(1)}))
    off_by_one = Row("t", "Total", "Total", {"ML": Cell(10**17)}, total=True)
    assert len(check_totals(Table("t", "T", "T", good.columns[:1], (*huge, off_by_one)))) == 1
    missing = Row("total", "Total", "Total", {}, total=True)
    assert len(check_totals(Table("t", "T", "T", good.columns, (*good.rows[:2], missing)))) == 2


def test_check_totals_compares_floats_with_tolerance() -> None:
    cols = (Column("p", "Part", "Share"),)
    parts = tuple(Row(f"r{i}", "R", "R", {"p": Cell(0.1)}) for i in range(10))
    right = Row("t", "Total", "Total", {"p": Cell(1.0)}, total=True)
    off = Row("t", "Total", "Total", {"p": Cell(1.001)}, total=True)
    assert check_totals(Table("t", "T", "T", cols, (*parts, right))) == []
    assert len(check_totals(Table("t", "T", "T", cols, (*parts, off)))) == 1


Number = int | float | None
# Floats compare with a relative tolerance of 1e-9, so parts stay small enough
# that changing one by at least 1 is a visible change to the total.
numbers = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=10**6),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
)


def _grid_table(grid: list[list[Number]]) -> Table:
    width = len(grid[0])
    columns = tuple(Column(f"c{j}", f"col {j}", f"col {j}") for j in range(width))
    rows = [
        Row(f"r{i}", f"ligne {i}", f"row {i}", {f"c{j}": Cell(v) for j, v in enumerate(values)})
        for i, values in enumerate(grid)
    ]
    sums = [sum(v or 0 for v in (values[j] for values in grid)) for j in range(width)]
    total = Row("total", "Total", "Total", {f"c{j}": Cell(s) for j, s in enumerate(sums)}, True)
    return Table("t", "T", "T", columns, (*rows, total))


@st.composite
def grids(draw: st.DrawFn) -> list[list[Number]]:
    width = draw(st.integers(min_value=1, max_value=4))
    row = st.lists(numbers, min_size=width, max_size=width)
    return draw(st.lists(row, min_size=1, max_size=6))


@given(grids(), st.data())
def test_a_total_built_as_the_sum_checks_and_a_changed_part_does_not(
    grid: list[list[Number]], data: st.DataObject
) -> None:
    table = _grid_table(grid)
    assert check_totals(table) == []
    i = data.draw(st.integers(min_value=0, max_value=len(grid) - 1))
    j = data.draw(st.integers(min_value=0, max_value=len(grid[0]) - 1))
    delta = data.draw(st.sampled_from([1, -1, 2.5, 1000]))
    changed = [list(values) for values in grid]
    changed[i][j] = (changed[i][j] or 0) + delta
    parts = _grid_table(changed).rows[:-1]
    altered = Table("t", "T", "T", table.columns, (*parts, table.rows[-1]))
    assert len(check_totals(altered)) == 1
