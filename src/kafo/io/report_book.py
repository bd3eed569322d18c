"""Statistical report tables, written as JSON and as an XLSX workbook.

The statistics service computes the figures (operation results, IAFQ,
SDG 16.4.2); this module only lays them out, so it stays pure: no database,
no access control. It receives what the caller may already publish.

Why each figure carries its records: a national analyst must be able to show
which seizures or firearms were counted in a cell, so a figure can be
reproduced and challenged. A consolidated regional report is non-nominal
(DESIGN: "Regional reports use non-nominal data only"), so when
``Report.nominal`` is false no record id is written anywhere, whatever the
cells hold. The decision is made here, once, rather than trusted to every
caller.

Workbook layout: a first sheet ``rapport`` (titles, scope, date, list of
tables), one sheet per table (named from ``Table.key``, made valid and unique
for Excel deterministically, see :func:`sheet_names`) and, only for a nominal
report, a ``records`` sheet with one line per (table, row, column, record id).
A separate sheet keeps the table sheets readable as tables while every id
can still be read back by machine.

Labels are bilingual "français / English" in one cell: a reader of either
language finds the same workbook, and the French comes first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

SUMMARY_SHEET = "rapport"
RECORDS_SHEET = "records"
# Excel refuses these in sheet names; "History" is reserved by Excel itself.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED_SHEETS = (SUMMARY_SHEET, RECORDS_SHEET, "History")
_SHEET_MAX = 31
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_BOLD = Font(bold=True)
_FLOAT_REL_TOL = 1e-9
_FLOAT_ABS_TOL = 1e-9


@dataclass(frozen=True)
class Cell:
    """A figure and the ids of the records counted in it (for reproducibility)."""

    value: int | float | None
    records: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str
    fr: str
    en: str


@dataclass(frozen=True)
class Row:
    """One line of a table; ``total`` rows must equal the sum of the others."""

    key: str
    fr: str
    en: str
    cells: dict[str, Cell] = field(default_factory=dict)
    total: bool = False


@dataclass(frozen=True)
class Table:
    """A titled grid; refuses cells for unknown columns and duplicate keys,
    because either would silently drop or merge figures on output."""

    key: str
    fr: str
    en: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note_fr: str | None = None
    note_en: str | None = None

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"table {self.key!r}: duplicate column key")
        if len({r.key for r in self.rows}) != len(self.rows):
            raise ValueError(f"table {self.key!r}: duplicate row key")
        for row in self.rows:
            unknown = sorted(set(row.cells) - set(keys))
            if unknown:
                raise ValueError(f"table {self.key!r}, row {row.key!r}: unknown columns {unknown}")


@dataclass(frozen=True)
class Report:
    """A set of tables for one scope; ``nominal`` reports may list record ids."""

    key: str
    fr: str
    en: str
    scope: dict[str, str]
    generated_at: datetime
    tables: tuple[Table, ...]
    nominal: bool


# --- checks ---------------------------------------------------------------


def check_totals(table: Table) -> list[str]:
    """One message per (total row, column) whose figure is not the sum of the
    non-total rows. None counts as 0; ints compare exactly, floats closely."""
    parts = [r for r in table.rows if not r.total]
    messages: list[str] = []
    for total in (r for r in table.rows if r.total):
        for col in table.columns:
            values = [_value(r, col.key) for r in parts]
            actual = _value(total, col.key)
            if not _same_sum(actual, values):
                expected = _sum(values)
                messages.append(
                    f"{table.key}: {total.key} × {col.key}: total {actual} ≠ somme / sum {expected}"
                )
    return messages


def _value(row: Row, column: str) -> int | float:
    cell = row.cells.get(column)
    return 0 if cell is None or cell.value is None else cell.value


def _sum(values: Sequence[int | float]) -> int | float:
    if all(isinstance(v, int) for v in values):
        return sum(values)
    return math.fsum(values)


def _same_sum(actual: int | float, values: Sequence[int | float]) -> bool:
    expected = _sum(values)
    if isinstance(actual, int) and isinstance(expected, int):
        return actual == expected
    return math.isclose(actual, expected, rel_tol=_FLOAT_REL_TOL, abs_tol=_FLOAT_ABS_TOL)


# --- JSON -----------------------------------------------------------------


def report_json(report: Report) -> dict[str, Any]:
    """A JSON-ready dict; record ids appear only when the report is nominal."""
    return {
        "key": report.key,
        "title": {"fr": report.fr, "en": report.en},
        "scope": dict(report.scope),
        "generated_at": report.generated_at.isoformat(),
        "nominal": report.nominal,
        "tables": [_table_json(t, report.nominal) for t in report.tables],
    }


def _table_json(table: Table, nominal: bool) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": {"fr": table.fr, "en": table.en},
        "note": {"fr": table.note_fr, "en": table.note_en},
        "columns": [{"key": c.key, "fr": c.fr, "en": c.en} for c in table.columns],
        "rows": [_row_json(table, r, nominal) for r in table.rows],
    }


def _row_json(table: Table, row: Row, nominal: bool) -> dict[str, Any]:
    cells = {c.key: row.cells.get(c.key, Cell(None)) for c in table.columns}
    out: dict[str, Any] = {
        "key": row.key,
        "fr": row.fr,
        "en": row.en,
        "total": row.total,
        "cells": {k: c.value for k, c in cells.items()},
    }
    if nominal:
        out["records"] = {k: sorted(c.records) for k, c in cells.items()}
    return out


# --- XLSX -----------------------------------------------------------------


def sheet_names(keys: Sequence[str]) -> list[str]:
    """Valid, unique Excel sheet names for table keys, in order.

    Forbidden characters become "_", names are cut to 31 characters, and a
    name already taken (Excel compares without case; the summary and records
    sheets are taken first) gets a suffix "~2", "~3"…: the same keys always
    give the same names."""
    taken = {name.casefold() for name in _RESERVED_SHEETS}
    names: list[str] = []
    for key in keys:
        base = _sheet_base(key)
        name, n = base, 2
        while name.casefold() in taken:
            suffix = f"~{n}"
            name = base[: _SHEET_MAX - len(suffix)] + suffix
            n += 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _sheet_base(key: str) -> str:
    # Excel also refuses a name that starts or ends with an apostrophe.
    cut = _SHEET_FORBIDDEN.sub("_", key).strip().strip("'")[:_SHEET_MAX]
    return cut.rstrip().rstrip("'") or "tableau"


def write_xlsx(report: Report, target: Path | BinaryIO) -> None:
    """Write the report as a workbook to a path or a binary stream."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    names = sheet_names([t.key for t in report.tables])
    _summary_sheet(summary, report, names)
    for table, name in zip(report.tables, names, strict=True):
        _table_sheet(wb.create_sheet(name), table)
    if report.nominal:
        _records_sheet(wb.create_sheet(RECORDS_SHEET), report.tables)
    wb.properties.creator = "kafo"
    wb.properties.title = _text(f"{report.fr} / {report.en}")
    wb.save(target)


def _put(ws: Worksheet, row: int, col: int, value: str | int | float | None) -> None:
    """Write one value; text is kept as text, never read as a formula."""
    if value == "":
        return
    if isinstance(value, str):
        cell = ws.cell(row, col, _text(value))
        cell.data_type = "s"
    else:
        ws.cell(row, col, value)


def _text(value: str) -> str:
    # openpyxl refuses control characters that XML cannot carry.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _both(fr: str, en: str) -> str:
    return fr if fr == en else f"{fr} / {en}"


def _summary_sheet(ws: Worksheet, report: Report, names: Sequence[str]) -> None:
    ws.title = SUMMARY_SHEET
    lines: list[tuple[str, str, str]] = [
        (report.fr, "", ""),
        (report.en, "", ""),
        ("", "", ""),
        ("Périmètre / Scope", "", ""),
        *((key, value, "") for key, value in report.scope.items()),
        ("", "", ""),
        ("Produit le / Generated at", report.generated_at.isoformat(), ""),
        ("Nominatif / Nominal", "oui / yes" if report.nominal else "non / no", ""),
        ("", "", ""),
        ("Feuille / Sheet", "Tableau", "Table"),
    ]
    for r, values in enumerate(lines, 1):
        for c, value in enumerate(values, 1):
            _put(ws, r, c, value)
    start = len(lines) + 1
    for r, (table, name) in enumerate(zip(report.tables, names, strict=True), start):
        _put(ws, r, 1, name)
        ws.cell(r, 1).hyperlink = f"#{quote_sheetname(name)}!A1"
        _put(ws, r, 2, table.fr)
        _put(ws, r, 3, table.en)
    if report.nominal:
        _put(ws, start + len(names) + 1, 1, RECORDS_SHEET)
        _put(ws, start + len(names) + 1, 2, "Enregistrements comptés dans chaque case")
        _put(ws, start + len(names) + 1, 3, "Records counted in each cell")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(2, 1).font = Font(italic=True, size=12)
    for r in (4, len(lines)):
        ws.cell(r, 1).font = _BOLD
    for letter, width in (("A", 30), ("B", 50), ("C", 50)):
        ws.column_dimensions[letter].width = width


def _table_sheet(ws: Worksheet, table: Table) -> None:
    _put(ws, 1, 1, table.fr)
    _put(ws, 2, 1, table.en)
    ws.cell(1, 1).font = Font(bold=True, size=13)
    ws.cell(2, 1).font = Font(italic=True, size=12)
    header = 4
    labels = ["Libellé / Label", *(_both(c.fr, c.en) for c in table.columns)]
    for c, label in enumerate(labels, 1):
        _put(ws, header, c, label)
        heading = ws.cell(header, c)
        heading.font, heading.fill = _BOLD, _HEADER_FILL
        heading.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(table.rows, header + 1):
        _put(ws, r, 1, _both(row.fr, row.en))
        for c, col in enumerate(table.columns, 2):
            cell = row.cells.get(col.key)
            _put(ws, r, c, None if cell is None else cell.value)
        if row.total:
            for c in range(1, len(labels) + 1):
                ws.cell(r, c).font = _BOLD
    notes = [n for n in (table.note_fr, table.note_en) if n]
    for r, note in enumerate(notes, header + len(table.rows) + 2):
        _put(ws, r, 1, note)
        ws.cell(r, 1).font = Font(italic=True)
    _widths(ws, table)
    ws.freeze_panes = f"B{header + 1}"


def _widths(ws: Worksheet, table: Table) -> None:
    longest = max((len(_both(r.fr, r.en)) for r in table.rows), default=0)
    ws.column_dimensions["A"].width = min(60, max(24, longest + 2))
    for c, col in enumerate(table.columns, 2):
        width = min(30, max(12, len(_both(col.fr, col.en)) // 2 + 2))
        ws.column_dimensions[get_column_letter(c)].width = width


def _records_sheet(ws: Worksheet, tables: Sequence[Table]) -> None:
    ws.title = RECORDS_SHEET
    for c, label in enumerate(("table", "row", "column", "record"), 1):
        _put(ws, 1, c, label)
        ws.cell(1, c).font = _BOLD
    for r, line in enumerate(_record_lines(tables), 2):
        for c, value in enumerate(line, 1):
            _put(ws, r, c, value)
    for letter, width in (("A", 24), ("B", 24), ("C", 24), ("D", 40)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _record_lines(tables: Sequence[Table]) -> Iterator[tuple[str, str, str, str]]:
    for table in tables:
        for row in table.rows:
            for col in table.columns:
                cell = row.cells.get(col.key)
                for record in sorted(cell.records if cell else ()):
                    yield table.key, row.key, col.key, record
