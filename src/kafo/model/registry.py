"""Firearm registries, the serial index and the hits record checks find.

A *registry record* is a firearm known from another source than a seizure:
reported lost or stolen, seized in a trafficking case elsewhere, held legally
under a national registry, listed in a state stockpile inventory, or named in
an export or import record. The owner country controls it like any owned
record.

The *serial log* (``serial_changes``) lists every change to the indexed
serials of registry records and seized firearms, in the same transaction as
the change, so that every process's in-memory serial index
(:mod:`kafo.services.checks.catalogue`) catches up before its next check.
A *hit* is a match found by the automatic check of a seized firearm; a
*hit notification* tells a record's owner country that another country's
check matched it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kafo.ids import new_id
from kafo.model.base import Base, ChangeLog, OwnedRecord, SerialText, vocab
from kafo.model.vocab import (
    FirearmCategory,
    MatchKind,
    RegistryKind,
    RegistryStatus,
    SerialSource,
)
from kafo.timeutil import utcnow


class RegistryRecord(Base, OwnedRecord):
    __tablename__ = "registry_records"
    __table_args__ = (UniqueConstraint("owner_country", "source", "source_ref"),)

    # Registries are bulk-loaded by the million: only the indexes that
    # lookups use are kept (every index costs on every row imported).
    # Owner and operation are filtered on ids already found, so unindexed.
    owner_country: Mapped[str] = mapped_column(String(2), ForeignKey("countries.code"))
    operation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("operations.id"))
    kind: Mapped[RegistryKind] = mapped_column(vocab(RegistryKind))
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    contact: Mapped[str | None] = mapped_column(String(200))
    # The source (a register, an inventory, an iARMS extract) and the record's
    # reference in it: importing the same reference again changes nothing.
    source: Mapped[str] = mapped_column(String(120))
    source_ref: Mapped[str] = mapped_column(String(120))
    # As written in the source, and read into the standard description.
    make: Mapped[str | None] = mapped_column(String(120))
    model: Mapped[str | None] = mapped_column(String(120))
    calibre: Mapped[str | None] = mapped_column(String(80))
    serial_number: Mapped[str] = mapped_column(String(80))
    serial_canonical: Mapped[str] = mapped_column(String(80))
    serial_skeleton: Mapped[str] = mapped_column(SerialText, index=True)
    std_category: Mapped[FirearmCategory | None] = mapped_column(vocab(FirearmCategory))
    std_make: Mapped[str | None] = mapped_column(String(60))
    std_model: Mapped[str | None] = mapped_column(String(60))
    std_calibre: Mapped[str | None] = mapped_column(String(40))
    std_country: Mapped[str | None] = mapped_column(String(2))
    std_confidence: Mapped[float | None] = mapped_column(Float)
    std_version: Mapped[str | None] = mapped_column(String(20))
    reported_on: Mapped[date | None]
    reported_place: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[RegistryStatus] = mapped_column(
        vocab(RegistryStatus), default=RegistryStatus.ACTIVE
    )
    notes: Mapped[str | None] = mapped_column(String(1000))


class SerialChange(ChangeLog, Base):
    """One change to an indexed serial: the item is reloaded by every
    process's serial index before its next check."""

    __tablename__ = "serial_changes"

    source: Mapped[SerialSource] = mapped_column(vocab(SerialSource))
    item_id: Mapped[uuid.UUID]


class SerialHit(Base):
    """A match found by the automatic check of a seized firearm."""

    __tablename__ = "serial_hits"
    __table_args__ = (Index("ix_serial_hits_target", "target_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    firearm_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("firearms.id", ondelete="CASCADE"), index=True
    )
    target_source: Mapped[SerialSource] = mapped_column(vocab(SerialSource))
    target_id: Mapped[uuid.UUID]
    target_owner: Mapped[str] = mapped_column(String(2))
    match_kind: Mapped[MatchKind] = mapped_column(vocab(MatchKind))
    edits: Mapped[int]
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    found_at: Mapped[datetime] = mapped_column(default=utcnow)


class HitNotification(Base):
    """Tells a record's owner country that another country's check matched it."""

    __tablename__ = "hit_notifications"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    recipient_country: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    record_source: Mapped[SerialSource] = mapped_column(vocab(SerialSource))
    record_id: Mapped[uuid.UUID]
    querying_country: Mapped[str | None] = mapped_column(String(2))
    querying_agency: Mapped[str | None] = mapped_column(String(40))
    querying_user: Mapped[str | None] = mapped_column(String(80))
    query_serial: Mapped[str] = mapped_column(String(80))
    # Where the query came from: "check", or "seizure <id>" for the automatic check.
    context: Mapped[str] = mapped_column(String(120))
    match_kind: Mapped[MatchKind] = mapped_column(vocab(MatchKind))
    score: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    seen_at: Mapped[datetime | None]
