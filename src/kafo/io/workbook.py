"""Reading seizure workbooks (XLSX) and CSV files into located raw rows.

Workbooks are read with calamine (a Rust reader, about fifteen times faster
than openpyxl's read-only mode on the import benchmark); openpyxl only writes
the template.

This layer only reads: it finds each sheet and column by its French or
English name and keeps every cell's sheet, row and column so that any later
error can say exactly where it is. A file it cannot read is refused whole,
with the reason in words (too large, truncated, password-protected, wrong
encoding), never a stack trace.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from kafo.io.sheets import SHEETS, Column, Sheet, sheet_named

# Sheets of the template that carry help, not data.
HELP_SHEETS = {"lisez-moi", "lisez moi", "readme", "lieux", "places", "listes", "lists"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing is imported. ``errors``
    locates the problems when rows are to blame."""

    def __init__(self, message: str, errors: tuple[RowError, ...] = ()) -> None:
        super().__init__(message)
        self.errors = errors


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f", ligne {self.row}"
        if self.column:
            where += f", colonne {self.column}"
        return f"{where}: {self.message}"


class RowsRejected(FileRejected):
    """Rows of the file are in error, so nothing is kept: ``errors`` locates
    the first of them, ``more`` counts the rest."""

    def __init__(self, name: str, errors: Sequence[RowError], more: int = 0) -> None:
        super().__init__(
            f"{name}: {len(errors) + more} problem(s); nothing was imported",
            tuple(errors),
        )
        self.more = more


@dataclass
class RawRow:
    sheet: Sheet
    row: int
    cells: dict[Column, Any]


@dataclass
class RawBook:
    rows: dict[str, list[RawRow]] = field(default_factory=lambda: {s.key: [] for s in SHEETS})
    errors: list[RowError] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)


def _check_size(path: Path, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        raise FileRejected(
            f"{path.name}: {size / 1e6:.1f} MB is over the import limit of "
            f"{max_bytes / 1e6:.1f} MB (KAFO_IMPORT_MAX_BYTES); split the file"
        )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_columns(sheet: Sheet, header: list[Any], errors: list[RowError]) -> dict[int, Column]:
    """Position → column for a header row; unknown, duplicate and missing
    required columns go to ``errors``."""
    columns: dict[int, Column] = {}
    for i, name in enumerate(header):
        if _blank(name):
            continue
        col = sheet.column(str(name))
        if col is None:
            errors.append(RowError(sheet.fr, 1, str(name), "colonne inconnue / unknown column"))
        elif col in columns.values():
            errors.append(RowError(sheet.fr, 1, str(name), "colonne en double / duplicate"))
        else:
            columns[i] = col
    for col in sheet.columns:
        if col.required and col not in columns.values():
            errors.append(
                RowError(
                    sheet.fr, 1, col.fr, "colonne obligatoire absente / required column missing"
                )
            )
    return columns


def row_cells(columns: dict[int, Column], values: list[Any]) -> dict[Column, Any]:
    """The row's non-blank cells, by column."""
    return {
        col: values[i] for i, col in columns.items() if i < len(values) and not _blank(values[i])
    }


def _take(book: RawBook, sheet: Sheet, rows: Iterable[tuple[int, list[Any]]]) -> None:
    """Header row first, then data rows; map headers to columns, keep the rest."""
    iterator = iter(rows)
    try:
        _n, header = next(iterator)
    except StopIteration:
        return
    columns = header_columns(sheet, header, book.errors)
    for n, values in iterator:
        cells = row_cells(columns, values)
        if cells:
            book.rows[sheet.key].append(RawRow(sheet, n, cells))


def check_xlsx(path: Path) -> None:
    """Refuse, in words, a file that is not a readable XLSX workbook."""
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic == OLE2_MAGIC:
        raise FileRejected(
            f"{path.name}: this workbook is password-protected (encrypted) or in the old .xls "
            "format; remove the password and save it as .xlsx"
        )
    if not magic.startswith(ZIP_MAGIC):
        raise FileRejected(f"{path.name}: not an XLSX workbook")


def damaged(path: Path, exc: CalamineError) -> FileRejected:
    return FileRejected(
        f"{path.name}: the workbook is damaged or truncated and cannot be read "
        f"({type(exc).__name__})"
    )


def read_xlsx(path: Path, book: RawBook, max_bytes: int) -> None:
    _check_size(path, max_bytes)
    check_xlsx(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            for title in workbook.sheet_names:
                sheet = sheet_named(title)
                if sheet is None:
                    if title.strip().lower() not in HELP_SHEETS:
                        book.ignored_sheets.append(title)
                    continue
                ws = workbook.get_sheet_by_name(title)
                # calamine starts at the first used cell; keep spreadsheet row numbers.
                first = ws.start[0] if ws.start else 0
                rows = ((first + n, list(r)) for n, r in enumerate(ws.iter_rows(), 1))
                _take(book, sheet, rows)
        finally:
            workbook.close()
    except CalamineError as exc:
        raise damaged(path, exc) from None
    for title in book.ignored_sheets:
        book.errors.append(RowError(title, None, None, "feuille inconnue / unknown sheet"))


def _decode(path: Path, data: bytes, encoding: str | None) -> str:
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name)
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRejected(
            f"{path.name}: not valid {encoding or 'UTF-8'} text (byte 0x{data[exc.start]:02x} "
            f"on line {line}); save it as 'CSV UTF-8', or give the file's encoding "
            "with --encoding (for example cp1252)"
        ) from None
    except LookupError:
        raise FileRejected(f"unknown encoding '{encoding}'") from None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def read_csv(path: Path, book: RawBook, max_bytes: int, encoding: str | None = None) -> None:
    """One CSV file is one sheet, named by the file (``armes.csv``, ``firearms.csv``)."""
    sheet = sheet_named(path.stem)
    if sheet is None:
        names = ", ".join(f"{s.fr}.csv" for s in SHEETS)
        raise FileRejected(f"{path.name}: name the file after its sheet: {names}")
    _check_size(path, max_bytes)
    text = _decode(path, path.read_bytes(), encoding)
    if "\x00" in text:
        raise FileRejected(f"{path.name}: contains NUL bytes; it is not a text CSV file")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    try:
        _take(book, sheet, ((n, list(r)) for n, r in enumerate(reader, 1)))
    except csv.Error as exc:
        raise FileRejected(f"{path.name}: malformed CSV ({exc})") from None


def read_files(paths: Iterable[Path], max_bytes: int, encoding: str | None = None) -> RawBook:
    book = RawBook()
    for path in paths:
        if not path.is_file():
            raise FileRejected(f"{path}: no such file")
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            read_xlsx(path, book, max_bytes)
        elif suffix in (".csv", ".txt"):
            read_csv(path, book, max_bytes, encoding)
        else:
            raise FileRejected(f"{path.name}: give an .xlsx workbook or .csv files")
    return book
