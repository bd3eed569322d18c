"""The person-records CSV that identity resolution reads, and the links CSV
it writes.

Person records come from other systems (a national file, a partner's
extract) as one CSV: comma-separated, UTF-8 with or without a byte-order
mark, a header row naming the columns (in any order and case, spaces
around a name ignored). Only ``id`` and one name column are required; an
unknown column is refused, not ignored, so a misspelt header never drops
data silently.

- ``id``: the record's id, unique in the file;
- ``family_name``, ``given_names``: as written, no digits, at most 300
  characters each; a row needs one or the other;
- ``date_of_birth``: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``DD/MM/YYYY``
  or ``MM/YYYY``, after ``vers``, ``env.`` or ``~`` when approximate;
- ``sex``: ``M`` (or H, homme, male) or ``F`` (femme, female), blank if
  unknown;
- ``nationality``: an ISO 3166-1 alpha-2 or alpha-3 code, or the country's
  name; read to alpha-2;
- ``document_number``: as written (compared on its letters and digits);
- ``phone``: E.164 (``+22376123456``), or national, read in the region given
  to the reader, else in that of the row's first nationality;
- ``place_of_birth``, ``address``: free text.

``nationality``, ``document_number`` and ``phone`` may hold several values
separated by ``;``. Row numbers count the header as row 1.

A file is read whole or refused whole: every bad row is reported (row,
column, reason; the first :data:`MAX_ERRORS`, then how many more), and no
row is returned.

The links CSV (:func:`write_links`) has the columns ``a, b, score, identity,
explanation``: the two record ids (``a < b``), the score (three decimals),
the key of the identity both records belong to (its smallest record id;
empty when the records were left in different identities because joining
them would have chained), and the evidence, its reasons separated by
`` | ``.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from kafo.io.workbook import FileRejected, RowError, RowsRejected
from kafo.matching.countries import country_code
from kafo.matching.dates import DateParseError, PartialDate, parse_partial_date
from kafo.matching.names import MAX_NAME_LENGTH, Name, NameRefused, read_name
from kafo.matching.persons import PersonFacts
from kafo.matching.phones import PhoneParseError, to_e164
from kafo.matching.resolution import Link, PersonRecord

COLUMNS = (
    "id",
    "family_name",
    "given_names",
    "date_of_birth",
    "sex",
    "nationality",
    "document_number",
    "phone",
    "place_of_birth",
    "address",
)
NAME_COLUMNS = ("family_name", "given_names")
MAX_ERRORS = 50
MAX_FIELD = 1000  # characters in a free-text field (a place, an address)
SEX = {
    **dict.fromkeys(("m", "h", "homme", "masculin", "male", "man"), "M"),
    **dict.fromkeys(("f", "femme", "feminin", "féminin", "female", "woman"), "F"),
}
_DIGIT = re.compile(r"\d")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # tabs and newlines too: no field spans lines
LINK_COLUMNS = ("a", "b", "score", "identity", "explanation")
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One row as read: what was written, beside the values read from it."""

    row: int
    id: str
    family_name: str
    given_names: str
    name: Name  # family and given names read together
    date_of_birth: PartialDate | None
    sex: str | None
    nationalities: tuple[str, ...]  # ISO alpha-2
    documents: tuple[str, ...]  # as written
    phones: tuple[str, ...]  # E.164
    place_of_birth: str
    address: str
    facts: PersonFacts  # the values above as comparison reads them

    def record(self) -> PersonRecord:
        return PersonRecord(self.id, self.facts)


@dataclass(frozen=True, slots=True)
class _Refused:
    reason: str


def _once(cache: dict[K, V | _Refused], key: K, read: Callable[[], V]) -> V | _Refused:
    """``read()`` once per distinct value (names, dates and phones repeat a
    great deal in a large file), a refusal remembered as such."""
    found = cache.get(key)
    if found is None:
        try:
            found = read()
        except (NameRefused, DateParseError, PhoneParseError) as exc:
            found = _Refused(str(exc))
        cache[key] = found
    return found


class CellReader:
    """Reads the cells of rows, counting errors and keeping the first ones
    (this file's rows, and the watchlist CSV's)."""

    def __init__(self, file: str, default_region: str | None) -> None:
        self.file = file
        self.region = default_region
        self.errors: list[RowError] = []
        self.count = 0
        self.names: dict[str, Name | _Refused] = {}
        self.dates: dict[str, PartialDate | _Refused] = {}
        self.countries: dict[str, str | None] = {}
        self.numbers: dict[tuple[str, str | None], str | _Refused] = {}

    def error(self, row: int, column: str | None, message: str) -> None:
        self.count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(self.file, row, column, message))

    def name(self, row: int, family: str, given: str) -> Name | None:
        if not family and not given:
            self.error(row, "family_name", "no name: give a family name or given names")
            return None
        for column, value in (("family_name", family), ("given_names", given)):
            if len(value) > MAX_NAME_LENGTH:
                self.error(row, column, f"{len(value)} characters; at most {MAX_NAME_LENGTH}")
                return None
            if _DIGIT.search(value):
                self.error(row, column, f"'{value[:60]}': a person's name has no digits")
                return None
        written = f"{family} {given}".strip()
        read = _once(self.names, written, partial(read_name, written))
        if isinstance(read, _Refused):
            self.error(row, "family_name" if family else "given_names", read.reason)
            return None
        return read

    def date(self, row: int, text: str) -> PartialDate | None:
        if not text:
            return None
        read = _once(self.dates, text, partial(parse_partial_date, text))
        if isinstance(read, _Refused):
            self.error(row, "date_of_birth", read.reason)
            return None
        return read

    def sex(self, row: int, text: str) -> str | None:
        sex = SEX.get(text.lower()) if text else None
        if text and sex is None:
            self.error(row, "sex", f"'{text[:20]}': write M (H, homme, male) or F (femme, female)")
        return sex

    def nationalities(self, row: int, text: str) -> tuple[str, ...]:
        out = []
        for value in split_values(text):
            if value not in self.countries:
                raw = value.upper() if len(value) in (2, 3) and value.isalpha() else value
                self.countries[value] = country_code(raw)
            code = self.countries[value]
            if code is None:
                self.error(row, "nationality", f"'{value[:60]}': not a country (write ML or MLI)")
            else:
                out.append(code)
        return tuple(dict.fromkeys(out))

    def phones(self, row: int, text: str, nationalities: tuple[str, ...]) -> tuple[str, ...]:
        region = self.region or (nationalities[0] if nationalities else None)
        out = []
        for value in split_values(text):
            read = _once(self.numbers, (value, region), partial(to_e164, value, region))
            if isinstance(read, _Refused):
                hint = "" if region else " (no region known: write it with + and the country code)"
                self.error(row, "phone", read.reason + hint)
            else:
                out.append(read)
        return tuple(dict.fromkeys(out))


def split_values(text: str) -> list[str]:
    """The values of a cell holding several, separated by ``;``."""
    return [v for v in (part.strip() for part in text.split(";")) if v]


def _header(file: str, header: list[str]) -> dict[str, int]:
    """Column → position; a header that cannot be read refuses the file."""
    names = [h.strip().lower() for h in header]
    if len(names) == 1 and ";" in names[0]:
        raise RowsRejected(
            file, [RowError(file, 1, None, "columns are separated by ';': save with commas")]
        )
    errors = [
        RowError(file, 1, raw.strip(), f"unknown column (the columns are {', '.join(COLUMNS)})")
        for raw, name in zip(header, names, strict=True)
        if name and name not in COLUMNS
    ]
    errors += [
        RowError(file, 1, name, "column given twice")
        for name in sorted({n for n in names if n and names.count(n) > 1})
    ]
    if "id" not in names:
        errors.append(RowError(file, 1, "id", "required column missing"))
    if not set(NAME_COLUMNS) & set(names):
        errors.append(RowError(file, 1, None, "no name column: family_name or given_names"))
    if errors:
        raise RowsRejected(file, errors)
    return {name: k for k, name in enumerate(names) if name}


def read_text(path: Path, max_bytes: int | None = None) -> str:
    if not path.is_file():
        raise FileRejected(f"{path}: no such file")
    if max_bytes is not None and path.stat().st_size > max_bytes:
        raise FileRejected(f"{path.name}: over the limit of {max_bytes / 1e6:.1f} MB")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRejected(
            f"{path.name}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
            "save it as 'CSV UTF-8'"
        ) from None


def read_person_csv(
    path: Path, *, default_region: str | None = None, max_bytes: int | None = None
) -> list[PersonRow]:
    """Every row of the file, or :class:`RowsRejected` naming each bad
    row and column. ``default_region`` (alpha-2) reads national phone numbers."""
    # A row makes several acyclic objects; the cycle collector would walk
    # every row read so far again and again (a quarter of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(path, default_region, max_bytes)
    finally:
        if collecting:
            gc.enable()


def _read(path: Path, default_region: str | None, max_bytes: int | None) -> list[PersonRow]:
    text = read_text(path, max_bytes)
    reader = csv.reader(io.StringIO(text, newline=""))
    read = CellReader(path.name, default_region)
    try:
        header = next(reader, None)
        if header is None:
            raise FileRejected(f"{path.name}: the file is empty")
        at = _header(path.name, header)
        rows: list[PersonRow] = []
        first: dict[str, int] = {}
        for number, values in enumerate(reader, 2):
            if not any(v.strip() for v in values):
                continue
            row = _row(read, number, values, at, len(header))
            if row is None:
                continue
            if row.id in first:
                read.error(number, "id", f"'{row.id}' is already the id of row {first[row.id]}")
            first.setdefault(row.id, number)
            rows.append(row)
    except csv.Error as exc:
        raise FileRejected(f"{path.name}: malformed CSV ({exc})") from None
    if read.count:
        raise RowsRejected(path.name, read.errors, read.count - len(read.errors))
    return rows


def _row(
    read: CellReader, number: int, values: list[str], at: dict[str, int], width: int
) -> PersonRow | None:
    if len(values) > width:
        read.error(number, None, f"{len(values)} values; the header has {width} columns")
        return None
    cells = {c: values[k].strip() if k < len(values) else "" for c, k in at.items()}
    # One look at the whole row; the cells are searched only when it fails.
    if _CONTROL.search("".join(cells.values())) or max(map(len, cells.values())) > MAX_FIELD:
        for column, value in cells.items():
            if _CONTROL.search(value):
                read.error(number, column, "holds a control character (tab, newline, NUL…)")
                return None
            if len(value) > MAX_FIELD:
                read.error(number, column, f"{len(value)} characters; at most {MAX_FIELD}")
                return None
    errors = read.count
    if not cells["id"]:
        read.error(number, "id", "empty: every row needs an id")
    family, given = cells.get("family_name", ""), cells.get("given_names", "")
    name = read.name(number, family, given)
    born = read.date(number, cells.get("date_of_birth", ""))
    sex = read.sex(number, cells.get("sex", ""))
    nationalities = read.nationalities(number, cells.get("nationality", ""))
    phones = read.phones(number, cells.get("phone", ""), nationalities)
    if name is None or read.count > errors:
        return None
    documents = tuple(dict.fromkeys(split_values(cells.get("document_number", ""))))
    facts = PersonFacts(name, born, _set(documents), _set(phones), _set(nationalities), sex)
    return PersonRow(
        number,
        cells["id"],
        family,
        given,
        name,
        born,
        sex,
        nationalities,
        documents,
        phones,
        cells.get("place_of_birth", ""),
        cells.get("address", ""),
        facts,
    )


_EMPTY: frozenset[str] = frozenset()


def _set(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(values) if values else _EMPTY  # most rows: one shared empty set


def write_links(path: Path, links: Sequence[Link], key: Mapping[str, str]) -> int:
    """Write ``links`` (see the module's docstring for the columns), ``key``
    giving each record's identity; returns how many were written."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LINK_COLUMNS)
        for link in links:
            shared = key.get(link.a) if key.get(link.a) == key.get(link.b) else None
            why = " | ".join(link.explain())
            writer.writerow((link.a, link.b, f"{link.score:.3f}", shared or "", why))
    return len(links)
