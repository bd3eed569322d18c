"""Watchlists in kafo's CSV format: national wanted-persons lists and others.

One row per listed person (or entity), UTF-8 (a byte-order mark is
allowed), comma-separated, with a header row. Column names are matched
without regard to case or surrounding spaces.

=================  ========  ==================================================
column             required  content
=================  ========  ==================================================
reference          yes       the list's own reference, unique in the file
name               one of    the whole name as the list writes it
family_name        the       family name
given_names        three     given names
aliases                      other names, separated by ``;``
date_of_birth                ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``,
                             ``DD/MM/YYYY``, ``vers 1985``; several by ``;``
sex                          ``M`` or ``F`` (as in the person-records CSV)
nationality                  ISO codes or country names, separated by ``;``
document_number              identity-document numbers, separated by ``;``
list_type                    the list's own category (``mandat d'arrêt``)
listed_on                    ``YYYY-MM-DD``
subject                      ``individual`` (default) or ``entity``
notes                        free text
=================  ========  ==================================================

Every row is read before anything is kept: a file with unknown or missing
columns, or any row in error (a reference given twice, no name, a name
with digits or of more than 300 characters, a date or country that cannot
be read), is refused whole with each problem located by line and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kafo.io.person_csv import CellReader, read_text, split_values
from kafo.io.workbook import FileRejected, RowsRejected
from kafo.matching.dates import PartialDate
from kafo.matching.names import NameRefused, read_name

COLUMNS = (
    "reference",
    "name",
    "family_name",
    "given_names",
    "aliases",
    "date_of_birth",
    "sex",
    "nationality",
    "document_number",
    "list_type",
    "listed_on",
    "subject",
    "notes",
)
NAME_COLUMNS = ("name", "family_name", "given_names")
SUBJECTS = ("individual", "entity")
MAX_ERRORS = 50


@dataclass(frozen=True)
class ListedRow:
    line: int
    reference: str
    subject: str
    name: str
    aliases: tuple[str, ...]
    born: tuple[tuple[str, PartialDate], ...]  # as written, read
    sex: str | None
    nationalities: tuple[str, ...]  # as written (each read to a country)
    documents: tuple[str, ...]
    list_type: str | None
    listed_on: date | None
    notes: str | None


class _Row:
    """One row's cells, read through the file's :class:`CellReader`."""

    def __init__(self, reader: CellReader, line: int, cells: dict[str, str]):
        self.reader, self.line, self.cells = reader, line, cells

    def get(self, column: str) -> str:
        return " ".join((self.cells.get(column) or "").split())

    def error(self, column: str | None, message: str) -> None:
        self.reader.error(self.line, column, message)

    def name(self, text: str, column: str, subject: str) -> None:
        try:
            read_name(text, organisation=subject == "entity")
        except NameRefused as exc:
            self.error(column, str(exc))

    def read(self, seen: dict[str, int]) -> ListedRow | None:
        before = self.reader.count
        reference = self.get("reference")
        if not reference:
            self.error("reference", "empty: every row needs the list's reference")
        elif reference in seen:
            self.error("reference", f"'{reference}' is already on line {seen[reference]}")
        else:
            seen[reference] = self.line
        subject = self.get("subject").lower() or "individual"
        if subject not in SUBJECTS:
            self.error("subject", f"'{subject}' is not one of {', '.join(SUBJECTS)}")
        given, family = self.get("given_names"), self.get("family_name")
        name = self.get("name") or " ".join(p for p in (given, family) if p)
        if not name:
            self.error(None, "no name: give name, or family_name and/or given_names")
        else:
            self.name(name, "name" if self.get("name") else "family_name", subject)
        aliases = split_values(self.cells.get("aliases") or "")
        for alias in aliases:
            self.name(alias, "aliases", subject)
        born = [
            (text, read)
            for text in split_values(self.cells.get("date_of_birth") or "")
            if (read := self.reader.date(self.line, text)) is not None
        ]
        sex = self.reader.sex(self.line, self.get("sex"))
        nationalities = self.cells.get("nationality") or ""
        self.reader.nationalities(self.line, nationalities)  # each must be a country
        listed_on = None
        if text := self.get("listed_on"):
            try:
                listed_on = date.fromisoformat(text)
            except ValueError:
                self.error("listed_on", f"'{text}' is not a date (YYYY-MM-DD)")
        if self.reader.count > before:
            return None
        return ListedRow(
            line=self.line,
            reference=reference,
            subject=subject,
            name=name,
            aliases=tuple(aliases),
            born=tuple(born),
            sex=sex,
            nationalities=tuple(split_values(nationalities)),
            documents=tuple(split_values(self.cells.get("document_number") or "")),
            list_type=self.get("list_type") or None,
            listed_on=listed_on,
            notes=self.get("notes") or None,
        )


def read_watchlist_csv(path: Path) -> list[ListedRow]:
    """Every row of the file, or :class:`RowsRejected` / :class:`FileRejected`."""
    where = path.name
    handle = io.StringIO(read_text(path), newline="")
    try:
        rows_in = csv.reader(handle)
        header = [h.strip().lower() for h in next(rows_in, [])]
        unknown = [h for h in header if h not in COLUMNS]
        if unknown or "reference" not in header or not set(NAME_COLUMNS) & set(header):
            raise FileRejected(
                f"{where}: the columns must include reference and name (or family_name, "
                f"given_names); the others allowed are {', '.join(COLUMNS[4:])}"
                + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                + ("; missing: reference" if "reference" not in header else "")
            )
        reader = CellReader(where, None)
        seen: dict[str, int] = {}
        rows = []
        for line, cells in enumerate(rows_in, 2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                reader.error(line, None, "more cells than columns")
                continue
            read = _Row(reader, line, dict(zip(header, cells, strict=False))).read(seen)
            if read is not None:
                rows.append(read)
    except csv.Error as exc:
        raise FileRejected(f"{where}: malformed CSV ({exc})") from None
    if reader.count:
        raise RowsRejected(where, reader.errors, reader.count - len(reader.errors))
    if not rows:
        raise FileRejected(f"{where}: no rows")
    return rows
