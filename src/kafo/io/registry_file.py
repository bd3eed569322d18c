"""Reading registry files (CSV or XLSX) as a stream of located rows.

A national registry or an iARMS extract may hold millions of rows, so the
file is read row by row, never whole into memory. Headers are French or
English (see :data:`REGISTRY`); a file that cannot be read is refused whole
with the reason in words.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from kafo.io.sheets import Column, Sheet
from kafo.io.workbook import (
    FileRejected,
    RowError,
    check_xlsx,
    damaged,
    header_columns,
    row_cells,
)
from kafo.model import vocab as v

REGISTRY = Sheet(
    "registry",
    "registre",
    "registry",
    (
        Column(
            "ref_source",
            "source_ref",
            ("source_ref",),
            required=True,
            note="Référence de l'enregistrement dans la source; unique par source",
        ),
        Column(
            "numero_serie",
            "serial_number",
            ("serial_number",),
            required=True,
            note="Tel que marqué; '?' caractère illisible, '*' suite illisible",
        ),
        Column("marque", "make", ("make",)),
        Column("modele", "model", ("model",)),
        Column("calibre", "calibre", ("calibre",)),
        Column(
            "type",
            "kind",
            ("kind",),
            "vocab",
            v.RegistryKind,
            note="Obligatoire si --kind n'est pas donné; sinon remplace --kind pour la ligne",
        ),
        Column("statut", "status", ("status",), "vocab", v.RegistryStatus, note="Défaut : active"),
        Column(
            "date_signalement",
            "reported_on",
            ("reported_on",),
            "date",
            note="AAAA-MM-JJ ou JJ/MM/AAAA",
        ),
        Column("lieu_signalement", "reported_place", ("reported_place",)),
        Column("service", "agency", ("agency",), note="Code du service (kafo agencies)"),
        Column("contact", "contact", ("contact",)),
        Column("observations", "notes", ("notes",)),
    ),
    note="Un fichier CSV ou une feuille XLSX (la première) par source.",
)

Row = tuple[int, dict[Column, Any]]


def _csv_rows(path: Path, encoding: str | None, errors: list[RowError]) -> Iterator[Row]:
    with path.open("rb") as probe:
        start = probe.read(4)
    name = encoding or ("utf-8-sig" if start.startswith(codecs.BOM_UTF8) else "utf-8")
    try:
        codecs.lookup(name)
    except LookupError:
        raise FileRejected(f"unknown encoding '{encoding}'") from None
    line = 0
    try:
        with path.open(encoding=name, newline="") as handle:
            first = handle.readline()
            delimiter = max((",", ";", "\t"), key=first.count)
            header = next(csv.reader([first], delimiter=delimiter), [])
            columns = header_columns(REGISTRY, header, errors)
            line = 1
            for line, values in enumerate(csv.reader(handle, delimiter=delimiter), 2):
                if "\x00" in "".join(values):
                    raise FileRejected(f"{path.name}: NUL byte on line {line}; not a text CSV")
                cells = row_cells(columns, values)
                if cells:
                    yield line, cells
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start]
        raise FileRejected(
            f"{path.name}: not valid {name} text after line {line} (byte 0x{byte:02x}); "
            "save it as 'CSV UTF-8', or give the file's encoding with --encoding"
        ) from None
    except csv.Error as exc:
        raise FileRejected(f"{path.name}: malformed CSV after line {line} ({exc})") from None


def _xlsx_rows(path: Path, errors: list[RowError]) -> Iterator[Row]:
    check_xlsx(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            ws = workbook.get_sheet_by_index(0)
            first = ws.start[0] if ws.start else 0
            rows = ws.iter_rows()
            columns = header_columns(REGISTRY, list(next(rows, [])), errors)
            for n, values in enumerate(rows, first + 2):
                cells = row_cells(columns, list(values))
                if cells:
                    yield n, cells
        finally:
            workbook.close()
    except CalamineError as exc:
        raise damaged(path, exc) from None


def registry_rows(
    path: Path, max_bytes: int, errors: list[RowError], encoding: str | None = None
) -> Iterator[Row]:
    """The file's data rows, with their row numbers; header problems go to ``errors``."""
    if not path.is_file():
        raise FileRejected(f"{path}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise FileRejected(
            f"{path.name}: {size / 1e6:.1f} MB is over the registry import limit of "
            f"{max_bytes / 1e6:.1f} MB (KAFO_REGISTRY_IMPORT_MAX_BYTES)"
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, errors)
    if suffix in (".csv", ".txt"):
        return _csv_rows(path, encoding, errors)
    raise FileRejected(f"{path.name}: give a .csv file or an .xlsx workbook")
