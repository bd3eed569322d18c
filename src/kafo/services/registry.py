"""Registry records: bulk import, and reading one record.

An import reads one source (a national register, a stockpile inventory, an
iARMS extract) row by row. Each row is validated
(:mod:`registry_rows`), its make, model and calibre are read into the
standard description, its serial is normalised and indexed, and it is
written in batches by the driver's bulk path (:mod:`registry_write`;
PostgreSQL uses COPY). Nothing is kept unless every row is valid (or ``partial`` is
asked for), because the whole import is one transaction.

A source reference already imported with the same content is left alone;
with other content the record is updated (a stolen weapon recovered, a
corrected serial) and its version goes up.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kafo.ids import new_id_int
from kafo.io.registry_file import REGISTRY, registry_rows
from kafo.io.workbook import RowError
from kafo.matching.serial_search import skeleton
from kafo.model.org import Agency
from kafo.model.registry import RegistryRecord
from kafo.model.vocab import RegistryKind, RegistryStatus
from kafo.reference.reader import READER_VERSION
from kafo.schemas.checks import RegistryRecordOut
from kafo.services import audit
from kafo.services.access import can_record, visible
from kafo.services.actor import Actor
from kafo.services.errors import Forbidden, NotFound
from kafo.services.registry_rows import RowReader, digest
from kafo.services.registry_write import Writer
from kafo.timeutil import utcnow


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


BATCH = 10_000  # rows written per statement


@dataclass
class _Run:
    """One import: who, which source, and what it already holds."""

    actor: Actor
    country: str
    source: str
    agencies: set[str]
    existing: dict[str, tuple[uuid.UUID, str]]
    reader: RowReader
    writer: Writer
    report: RegistryImportReport
    seen: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        now = utcnow()
        self.now = now
        self.created_by = self.writer.encode_once("created_by", self.actor.user_id)
        self.stamp = self.writer.encode_once("created_at", now)


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
    if owner is not None and owner.upper() != country:
        raise Forbidden(f"owner: you record for {country}, not {owner.upper()}")
    source = source.strip()[:120]
    report = RegistryImportReport(source=source)
    if not source:
        report.errors.append(RowError(REGISTRY.fr, None, None, "source: a name is required"))
        raise RegistryImportRefused(report)
    run = _Run(
        actor,
        country,
        source,
        set(session.scalars(select(Agency.code))),
        _existing(session, country, source),
        RowReader(kind, date.today(), report.errors),
        Writer(session),
        report,
    )
    for n, row in enumerate(registry_rows(path, max_bytes, report.errors, encoding), 1):
        values = run.reader.read(row)
        if values is None:
            report.rejected += 1
        else:
            _take(run, values, row[0])
        if len(run.writer.new) + len(run.writer.changed) >= BATCH:
            run.writer.flush()
        if progress and n % 1000 == 0:
            progress(1000)
    if report.errors and not partial:
        report.created = report.updated = 0
        raise RegistryImportRefused(report)
    run.writer.close(report.created + report.updated)
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


def _existing(session: Session, owner: str, source: str) -> dict[str, tuple[uuid.UUID, str]]:
    """source_ref → (id, content hash) of what this source already holds."""
    rows = session.execute(
        select(RegistryRecord.source_ref, RegistryRecord.id, RegistryRecord.content_hash).where(
            RegistryRecord.owner_country == owner, RegistryRecord.source == source
        )
    )
    return {ref: (i, h) for ref, i, h in rows}


def _refuse(run: _Run, number: int, column: str, message: str) -> None:
    run.report.errors.append(RowError(REGISTRY.fr, number, column, message))
    run.report.rejected += 1


def _take(run: _Run, v: dict[str, Any], number: int) -> None:
    report, writer = run.report, run.writer
    ref = v["source_ref"]
    if ref in run.seen:
        _refuse(run, number, "ref_source", f"'{ref}' en double / duplicate")
        return
    run.seen.add(ref)
    agency = v.get("agency")
    if agency is not None and agency not in run.agencies:
        _refuse(run, number, "service", f"'{agency}' service inconnu / unknown")
        return
    content = digest(v)
    old = run.existing.get(ref)
    if old is not None and old[1] == content:
        report.unchanged += 1
        return
    canonical = v["serial_canonical"]
    skel = skeleton(canonical)
    category, make, model, calibre, country, confidence = run.reader.described(v)
    fields = {
        "content_hash": content,
        "kind": str(v["kind"]),
        "agency_code": agency,
        "contact": v.get("contact"),
        "make": v.get("make"),
        "model": v.get("model"),
        "calibre": v.get("calibre"),
        "serial_number": v["serial_number"],
        "serial_canonical": canonical,
        "serial_skeleton": skel,
        "std_category": category,
        "std_make": make,
        "std_model": model,
        "std_calibre": calibre,
        "std_country": country,
        "std_confidence": confidence,
        "std_version": READER_VERSION,
        "reported_on": v.get("reported_on"),
        "reported_place": v.get("reported_place"),
        "status": v.get("status") or RegistryStatus.ACTIVE.value,
        "notes": v.get("notes"),
    }
    if old is None:
        writer.add_new(
            fields,
            id=writer.item_id(new_id_int()),
            owner_country=run.country,
            source=run.source,
            source_ref=ref,
            created_by=run.created_by,
            created_at=run.stamp,
            updated_at=run.stamp,
        )
        report.created += 1
    else:
        writer.add_changed(fields, old[0], updated_at=run.now)
        report.updated += 1


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
