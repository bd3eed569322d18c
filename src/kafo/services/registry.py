"""Registry records: bulk import, and reading one record.

An import reads one source (a national register, a stockpile inventory, an
iARMS extract) row by row. Each row is validated, its make, model and
calibre are read into the standard description, its serial is normalised
and indexed, and it is written with SQLAlchemy Core in batches (PostgreSQL
uses COPY). Nothing is kept unless every row is valid (or ``partial`` is
asked for), because the whole import is one transaction.

A source reference already imported with the same content is left alone;
with other content the record is updated (a stolen weapon recovered, a
corrected serial) and its version goes up.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from kafo.ids import new_id
from kafo.io.cells import CellError, convert
from kafo.io.registry_file import REGISTRY, Row, registry_rows
from kafo.io.sheets import Column
from kafo.io.workbook import RowError
from kafo.matching.serial_search import MAX_LENGTH
from kafo.matching.serials import canonical_serial
from kafo.matching.text import control_characters
from kafo.model.org import Agency
from kafo.model.registry import RegistryRecord, SerialSegment
from kafo.model.vocab import FirearmCategory, RegistryKind, RegistryStatus, SerialSource
from kafo.reference.reader import READER_VERSION, identify
from kafo.schemas.checks import RegistryRecordOut
from kafo.services import audit
from kafo.services.access import can_record, visible
from kafo.services.actor import Actor
from kafo.services.checks import index
from kafo.services.errors import Forbidden, NotFound
from kafo.timeutil import utcnow

BATCH = 5_000  # rows written per statement
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


@dataclass
class RegistryImportReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    def as_dict(self, max_errors: int = 1000) -> dict[str, Any]:
        return {
            "source": self.source,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "committed": self.committed,
            "errors": [
                {"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message}
                for e in self.errors[:max_errors]
            ],
            "errors_total": len(self.errors),
        }


class RegistryImportRefused(Exception):
    def __init__(self, report: RegistryImportReport) -> None:
        super().__init__(f"{len(report.errors)} problem(s); nothing was imported")
        self.report = report


def _date(value: Any) -> date:
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
        if parsed > date.today():
            raise CellError(f"'{text}' est dans le futur / is in the future")
        return parsed
    raise CellError(f"'{text[:40]}': date attendue AAAA-MM-JJ ou JJ/MM/AAAA")


def _text(col: Column, value: Any) -> str:
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = text.strip()
    limit = TEXT_LIMITS[col.path[0]]  # type: ignore[index]
    if len(text) > limit:
        raise CellError(f"{len(text)} caractères; au plus {limit} / at most {limit} characters")
    if control_characters(text):
        raise CellError("caractère de contrôle / control character")
    return text


def _values(row: Row, kind: RegistryKind | None, errors: list[RowError]) -> dict[str, Any] | None:
    """The row's fields, converted; problems go to ``errors``."""
    number, cells = row
    out: dict[str, Any] = {}
    failed: set[Column] = set()
    for col, value in cells.items():
        name = str(col.path[0])
        try:
            if col.kind == "vocab":
                out[name] = convert(col, value)
            elif col.kind == "date":
                out[name] = _date(value)
            else:
                out[name] = _text(col, value)
        except CellError as exc:
            errors.append(RowError(REGISTRY.fr, number, col.fr, str(exc)))
            failed.add(col)
    for col in REGISTRY.columns:
        if col.required and not out.get(str(col.path[0])) and col not in failed:
            errors.append(RowError(REGISTRY.fr, number, col.fr, "valeur obligatoire / required"))
            failed.add(col)
    ok = not failed
    if not out.get("kind"):
        if kind is None:
            errors.append(
                RowError(REGISTRY.fr, number, "type", "type absent et --kind non donné / no kind")
            )
            ok = False
        out["kind"] = kind
    serial = out.get("serial_number")
    if serial:
        canonical = canonical_serial(serial)
        if not canonical or len(canonical) > MAX_LENGTH:
            errors.append(
                RowError(
                    REGISTRY.fr, number, "numero_serie", "numéro illisible / unreadable serial"
                )
            )
            ok = False
        out["serial_canonical"] = canonical
    return out if ok else None


def _digest(values: dict[str, Any]) -> str:
    keys = sorted(k for k in values if k != "serial_canonical")
    return hashlib.sha256(repr([(k, str(values[k])) for k in keys]).encode()).hexdigest()


def _describe(values: dict[str, Any]) -> dict[str, Any]:
    make, model, calibre = values.get("make"), values.get("model"), values.get("calibre")
    if not (make or model or calibre):
        return {"std_category": None, "std_make": None, "std_model": None, "std_calibre": None}
    found = identify(make=make, model=model, calibre=calibre)
    lead = found.model or found.category
    return {
        "std_category": FirearmCategory(found.category.value) if found.category else None,
        "std_make": found.make.value if found.make else None,
        "std_model": found.model.value if found.model else None,
        "std_calibre": found.calibre.value if found.calibre else None,
        "std_country": found.country.value if found.country else None,
        "std_confidence": lead.confidence if lead else None,
    }


@dataclass
class _Writer:
    """Buffers new and changed rows and writes them in batches."""

    session: Session
    new: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=list)
    stale: list[tuple[uuid.UUID, str | None]] = field(default_factory=list)

    def flush(self) -> None:
        s = self.session
        if self.stale:
            index.remove(s, self.stale)
        if self.new:
            _bulk_insert(s, RegistryRecord.__table__, self.new)  # type: ignore[arg-type]
        if self.changed:
            table = cast(Table, RegistryRecord.__table__)
            s.execute(
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values(version=table.c.version + 1),
                [{**r, "_id": r.pop("id")} for r in self.changed],
            )
        if self.keys:
            _bulk_insert(s, SerialSegment.__table__, self.keys)  # type: ignore[arg-type]
        self.new, self.changed, self.keys, self.stale = [], [], [], []


def _bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Core executemany; PostgreSQL streams the rows with COPY."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        columns = list(rows[0])
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor:  # type: ignore[union-attr]
            names = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_copy_value(row[c]) for c in columns])
        return
    session.execute(insert(table), rows)


def _copy_value(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value


def import_registry(
    session: Session,
    actor: Actor,
    path: Path,
    *,
    source: str,
    kind: RegistryKind | None = None,
    owner: str | None = None,
    max_bytes: int,
    encoding: str | None = None,
    partial: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RegistryImportReport:
    """Import one registry file as ``actor``'s country (``owner`` must be it)."""
    country = can_record(actor)
    report = RegistryImportReport(source=source)
    if owner is not None and owner.upper() != country:
        raise Forbidden(f"owner: you record for {country}, not {owner.upper()}")
    source = source.strip()[:120]
    if not source:
        report.errors.append(RowError(REGISTRY.fr, None, None, "source: a name is required"))
        raise RegistryImportRefused(report)
    run = _Run(
        actor,
        country,
        source,
        set(session.scalars(select(Agency.code))),
        _existing(session, country, source),
        _Writer(session),
        report,
        utcnow(),
    )
    writer = run.writer
    rows = registry_rows(path, max_bytes, report.errors, encoding)
    for row in rows:
        values = _values(row, kind, report.errors)
        if values is not None:
            _take(run, values, row[0])
        else:
            report.rejected += 1
        if progress:
            progress(1)
        if len(writer.new) + len(writer.changed) >= BATCH:
            writer.flush()
    if report.errors and not partial:
        report.created = report.updated = 0
        raise RegistryImportRefused(report)
    writer.flush()
    session.add(
        audit.event(
            actor,
            "import",
            "registry_record",
            None,
            country,
            detail=f"{source}: created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, rejected {report.rejected}",
        )
    )
    session.flush()
    report.committed = True
    return report


def _existing(session: Session, owner: str, source: str) -> dict[str, tuple[uuid.UUID, str, str]]:
    """source_ref → (id, content hash, skeleton) of what this source already holds."""
    rows = session.execute(
        select(
            RegistryRecord.source_ref,
            RegistryRecord.id,
            RegistryRecord.content_hash,
            RegistryRecord.serial_skeleton,
        ).where(RegistryRecord.owner_country == owner, RegistryRecord.source == source)
    )
    return {ref: (i, h, s) for ref, i, h, s in rows}


@dataclass
class _Run:
    """One import: who, which source, and what it already holds."""

    actor: Actor
    country: str
    source: str
    agencies: set[str]
    existing: dict[str, tuple[uuid.UUID, str, str]]
    writer: _Writer
    report: RegistryImportReport
    now: datetime
    seen: set[str] = field(default_factory=set)


def _take(run: _Run, values: dict[str, Any], number: int) -> None:
    report, writer = run.report, run.writer
    ref = values["source_ref"]
    if ref in run.seen:
        report.errors.append(
            RowError(REGISTRY.fr, number, "ref_source", f"'{ref}' en double / duplicate")
        )
        report.rejected += 1
        return
    run.seen.add(ref)
    agency = values.pop("agency", None)
    if agency is not None and agency not in run.agencies:
        report.errors.append(
            RowError(REGISTRY.fr, number, "service", f"'{agency}' service inconnu / unknown")
        )
        report.rejected += 1
        return
    digest = _digest({**values, "agency": agency})
    old = run.existing.get(ref)
    if old is not None and old[1] == digest:
        report.unchanged += 1
        return
    canonical = values["serial_canonical"]
    serial = index.serial_columns(canonical)
    record = {
        **values,
        **serial,
        **_describe(values),
        "agency_code": agency,
        "status": values.get("status") or RegistryStatus.ACTIVE,
        "std_version": READER_VERSION,
        "content_hash": digest,
        "updated_at": run.now,
    }
    record.setdefault("std_country", None)
    record.setdefault("std_confidence", None)
    for name in ("make", "model", "calibre", "reported_on", "reported_place", "contact", "notes"):
        record.setdefault(name, None)
    if old is None:
        item_id = new_id()
        record.update(
            id=item_id,
            owner_country=run.country,
            source=run.source,
            sharing="national",
            version=1,
            created_by=run.actor.user_id,
            created_at=run.now,
            handling_code=None,
            handling_note=None,
            operation_id=None,
        )
        writer.new.append(record)
        report.created += 1
    else:
        item_id = old[0]
        writer.stale.append((item_id, old[2]))
        record["id"] = item_id
        writer.changed.append(record)
        report.updated += 1
    writer.keys.extend(
        index.segment_rows(SerialSource.REGISTRY, item_id, serial["serial_skeleton"])
    )


def get_record(session: Session, actor: Actor, record_id: uuid.UUID) -> RegistryRecord:
    record = session.scalar(
        select(RegistryRecord).where(RegistryRecord.id == record_id, visible(actor, RegistryRecord))
    )
    if record is None:
        raise NotFound(f"no registry record {record_id}")
    if record.owner_country != actor.country:
        audit.log_foreign_reads(
            session, actor, "read", "registry_record", [(record.id, record.owner_country)]
        )
    return record


def sources(session: Session, actor: Actor) -> Iterable[tuple[str, str, int]]:
    """(owner, source, records) of the registry sources ``actor`` can see."""
    stmt = (
        select(RegistryRecord.owner_country, RegistryRecord.source, func.count())
        .where(visible(actor, RegistryRecord))
        .group_by(RegistryRecord.owner_country, RegistryRecord.source)
        .order_by(RegistryRecord.owner_country, RegistryRecord.source)
    )
    return [(o, s, n) for o, s, n in session.execute(stmt)]


def view(r: RegistryRecord) -> RegistryRecordOut:
    return RegistryRecordOut(
        id=r.id,
        owner_country=r.owner_country,
        sharing=r.sharing.value,
        version=r.version,
        kind=r.kind,
        status=r.status,
        source=r.source,
        source_ref=r.source_ref,
        agency=r.agency_code,
        contact=r.contact,
        make=r.make,
        model=r.model,
        calibre=r.calibre,
        serial_number=r.serial_number,
        serial_canonical=r.serial_canonical,
        std_category=r.std_category,
        std_make=r.std_make,
        std_model=r.std_model,
        std_calibre=r.std_calibre,
        std_country=r.std_country,
        reported_on=r.reported_on,
        reported_place=r.reported_place,
        notes=r.notes,
    )
