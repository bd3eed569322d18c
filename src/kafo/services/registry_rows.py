"""Registry rows: from cells as read to validated, normalised field values.

This runs once per row of registries that hold millions, so the common
case is kept cheap: values that repeat (kinds, statuses, dates, make/model/
calibre triples) are converted once and remembered, and plain printable
text skips the character-by-character check. Every problem is still
reported with its row and column.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kafo.io.cells import CellError, convert
from kafo.io.registry_file import REGISTRY, Row
from kafo.io.sheets import Column
from kafo.io.workbook import RowError
from kafo.matching.serial_search import MAX_LENGTH
from kafo.matching.serials import canonical_serial
from kafo.matching.text import control_characters
from kafo.model.vocab import FirearmCategory, RegistryKind
from kafo.reference.reader import identify

TEXT_LIMITS = {
    "source_ref": 120,
    "serial_number": 80,
    "make": 120,
    "model": 120,
    "calibre": 80,
    "reported_place": 200,
    "agency": 40,
    "contact": 200,
    "notes": 1000,
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
# The fields a row's content hash covers, in a fixed order.
HASHED = (
    "source_ref",
    "serial_number",
    "make",
    "model",
    "calibre",
    "kind",
    "status",
    "reported_on",
    "reported_place",
    "agency",
    "contact",
    "notes",
)
Described = tuple[str | None, str | None, str | None, str | None, str | None, float | None]


def parse_date(value: Any, today: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if parsed > today:
            raise CellError(f"'{text}' est dans le futur / is in the future")
        return parsed
    raise CellError(f"'{text[:40]}': date attendue AAAA-MM-JJ ou JJ/MM/AAAA")


def _text(name: str, value: Any) -> str:
    if value.__class__ is not str:
        value = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text: str = value.strip()
    limit = TEXT_LIMITS[name]
    if len(text) > limit:
        raise CellError(f"{len(text)} caractères; au plus {limit} / at most {limit} characters")
    if not text.isprintable() and control_characters(text):
        raise CellError("caractère de contrôle / control character")
    return text


def describe(make: str | None, model: str | None, calibre: str | None) -> Described:
    """(category, make, model, calibre, country, confidence) read from the fields."""
    if not (make or model or calibre):
        return (None, None, None, None, None, None)
    found = identify(make=make, model=model, calibre=calibre)
    lead = found.model or found.category
    return (
        FirearmCategory(found.category.value).value if found.category else None,
        found.make.value if found.make else None,
        found.model.value if found.model else None,
        found.calibre.value if found.calibre else None,
        found.country.value if found.country else None,
        lead.confidence if lead else None,
    )


@dataclass
class RowReader:
    """Converts rows, remembering the conversions of repeated values."""

    default_kind: RegistryKind | None
    today: date
    errors: list[RowError]
    _vocab: dict[tuple[Column, Any], str] = field(default_factory=dict)
    _dates: dict[Any, date] = field(default_factory=dict)
    _described: dict[tuple[str | None, str | None, str | None], Described] = field(
        default_factory=dict
    )

    def _cell(self, col: Column, value: Any) -> Any:
        if col.kind == "vocab":
            code = self._vocab.get((col, value))
            if code is None:
                code = self._vocab[col, value] = convert(col, value)
            return code
        if col.kind == "date":
            day = self._dates.get(value)
            if day is None:
                day = self._dates[value] = parse_date(value, self.today)
            return day
        return _text(str(col.path[0]), value)

    def read(self, row: Row) -> dict[str, Any] | None:
        """The row's fields, or None if it has a problem (added to ``errors``)."""
        number, cells = row
        out: dict[str, Any] = {}
        ok = True
        for col, value in cells.items():
            try:
                out[str(col.path[0])] = self._cell(col, value)
            except CellError as exc:
                self.errors.append(RowError(REGISTRY.fr, number, col.fr, str(exc)))
                ok = False
                out[str(col.path[0])] = None
        for name, fr in (("source_ref", "ref_source"), ("serial_number", "numero_serie")):
            if name not in out:
                self.errors.append(
                    RowError(REGISTRY.fr, number, fr, "valeur obligatoire / required")
                )
                ok = False
        if not out.get("kind"):
            if self.default_kind is None:
                self.errors.append(
                    RowError(
                        REGISTRY.fr, number, "type", "type absent et --kind non donné / no kind"
                    )
                )
                ok = False
            out["kind"] = self.default_kind
        serial = out.get("serial_number")
        if serial:
            canonical = canonical_serial(serial)
            if not canonical or len(canonical) > MAX_LENGTH:
                self.errors.append(
                    RowError(REGISTRY.fr, number, "numero_serie", "illisible / unreadable serial")
                )
                ok = False
            out["serial_canonical"] = canonical
        return out if ok else None

    def described(self, values: dict[str, Any]) -> Described:
        key = (values.get("make"), values.get("model"), values.get("calibre"))
        found = self._described.get(key)
        if found is None:
            found = self._described[key] = describe(*key)
        return found


def digest(values: dict[str, Any]) -> str:
    """Content hash of a row: re-importing it unchanged is recognised."""
    text = "\x1f".join(str(values.get(name) or "") for name in HASHED)
    return hashlib.sha256(text.encode()).hexdigest()
