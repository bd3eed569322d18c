"""Case files: an investigation and prosecution built from seizures.

A case is an owned record of the country whose judicial police or
prosecutor runs it. It gathers seizures, suspects (person records with
their role), exhibits (seized items kept as evidence, each under a seal
number), investigation steps, charges and hearings, and the trace requests
made for its firearms. Its status moves through an explicit workflow
(:mod:`kafo.services.cases.workflow`); every move is a :class:`CaseEvent`.

Chain of custody is history: a :class:`CustodyEntry` says who held an
exhibit, from when, where and why, and is appended, never edited. A
mistake is corrected by a newer entry that says so.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kafo.ids import new_id
from kafo.model.base import Base, OwnedRecord, vocab
from kafo.model.vocab import (
    CaseStatus,
    ChargeOutcome,
    CustodyPurpose,
    ExhibitKind,
    StepKind,
    SuspectRole,
)
from kafo.timeutil import utcnow

_CHILD = "all, delete-orphan"

case_seizures = Table(
    "case_seizures",
    Base.metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("seizure_id", ForeignKey("seizures.id"), primary_key=True, index=True),
)
case_trace_requests = Table(
    "case_trace_requests",
    Base.metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("request_id", ForeignKey("trace_requests.id"), primary_key=True, index=True),
)


class Case(Base, OwnedRecord):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("owner_country", "reference"),)

    reference: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[CaseStatus] = mapped_column(vocab(CaseStatus), index=True)
    opened_on: Mapped[date]
    lead_unit: Mapped[str] = mapped_column(ForeignKey("units.code"))
    prosecutor: Mapped[str | None] = mapped_column(String(200))
    court: Mapped[str | None] = mapped_column(String(200))
    closed_at: Mapped[datetime | None]

    suspects: Mapped[list[CaseSuspect]] = relationship(
        cascade=_CHILD, order_by="CaseSuspect.added_at", lazy="selectin"
    )
    exhibits: Mapped[list[Exhibit]] = relationship(
        cascade=_CHILD, order_by="Exhibit.seal_number", lazy="selectin"
    )
    steps: Mapped[list[InvestigationStep]] = relationship(
        cascade=_CHILD, order_by="InvestigationStep.occurred_at", lazy="selectin"
    )
    charges: Mapped[list[Charge]] = relationship(
        cascade=_CHILD, order_by="Charge.charged_on", lazy="selectin"
    )
    hearings: Mapped[list[Hearing]] = relationship(
        cascade=_CHILD, order_by="Hearing.held_on", lazy="selectin"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        order_by="CaseEvent.at", lazy="selectin", viewonly=True
    )


class CaseEvent(Base):
    """A status move or a note on a case (append-only)."""

    __tablename__ = "case_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    from_status: Mapped[CaseStatus | None] = mapped_column(vocab(CaseStatus))
    to_status: Mapped[CaseStatus] = mapped_column(vocab(CaseStatus))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)


class CaseSuspect(Base):
    __tablename__ = "case_suspects"
    __table_args__ = (UniqueConstraint("case_id", "person_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    role: Mapped[SuspectRole] = mapped_column(vocab(SuspectRole))
    note: Mapped[str | None] = mapped_column(String(1000))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class Exhibit(Base):
    """A seized item held as evidence under a seal number (scellé)."""

    __tablename__ = "exhibits"
    __table_args__ = (
        # Named: the convention names both after their first column alike.
        UniqueConstraint("case_id", "seal_number", name="uq_exhibits_seal_number"),
        UniqueConstraint("case_id", "item_kind", "item_id", name="uq_exhibits_item"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    seal_number: Mapped[str] = mapped_column(String(60))
    item_kind: Mapped[ExhibitKind] = mapped_column(vocab(ExhibitKind))
    # The item's row in its seizure (firearms, ammunition, ...): one of four
    # tables, so no foreign key; the service checks it and the seizure
    # update refuses to remove an item held as an exhibit.
    item_id: Mapped[uuid.UUID] = mapped_column(index=True)
    seizure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("seizures.id"), index=True)
    description: Mapped[str] = mapped_column(String(500))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    custody: Mapped[list[CustodyEntry]] = relationship(
        order_by="CustodyEntry.recorded_at", lazy="selectin", viewonly=True
    )


class CustodyEntry(Base):
    """Who held an exhibit from when, where and why (append-only)."""

    __tablename__ = "custody_entries"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    exhibit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exhibits.id"), index=True)
    held_from: Mapped[datetime]
    holder: Mapped[str] = mapped_column(String(200))
    holder_unit: Mapped[str | None] = mapped_column(ForeignKey("units.code"))
    place: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[CustodyPurpose] = mapped_column(vocab(CustodyPurpose))
    note: Mapped[str | None] = mapped_column(String(1000))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(80))


class InvestigationStep(Base):
    __tablename__ = "investigation_steps"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime]
    kind: Mapped[StepKind] = mapped_column(vocab(StepKind))
    description: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))


class Charge(Base):
    """A charge against one suspect, and how the court decided it."""

    __tablename__ = "charges"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    suspect_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_suspects.id"), index=True)
    offence: Mapped[str] = mapped_column(String(300))
    legal_reference: Mapped[str | None] = mapped_column(String(200))
    charged_on: Mapped[date]
    outcome: Mapped[ChargeOutcome] = mapped_column(vocab(ChargeOutcome))
    decided_on: Mapped[date | None]
    sentence: Mapped[str | None] = mapped_column(String(500))


class Hearing(Base):
    __tablename__ = "hearings"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    held_on: Mapped[date]
    court: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
