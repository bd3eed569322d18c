"""Trace requests under the International Tracing Instrument, and what a
trace finds out about a seized firearm.

A *trace request* is an owned record of the requesting country: the ITI
content (markings, description, circumstances, legal basis, intended use,
requesting authority) is frozen in ``content`` when the request is made,
so a later edit of the seizure does not change what was sent. Its status
moves through an explicit workflow (:mod:`kafo.services.tracing.workflow`);
every move, reminder and escalation is a :class:`TraceEvent`, appended and
never changed.

What is learnt about the firearm belongs to the firearm, not to one
request: *life events* (manufacture, export, import, transfer, last legal
record, point of diversion) and *findings* (the SDG 16.4.2 conclusion).
Both are appended; the latest finding is the firearm's conclusion, and a
correction is a newer finding.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kafo.ids import new_id
from kafo.model.base import Base, OwnedRecord, vocab
from kafo.model.vocab import (
    LifeEventKind,
    TraceConclusion,
    TraceEventKind,
    TraceRecipientBasis,
    TraceStatus,
)
from kafo.timeutil import utcnow


class TraceRequest(Base, OwnedRecord):
    __tablename__ = "trace_requests"
    __table_args__ = (UniqueConstraint("owner_country", "reference"),)

    reference: Mapped[str] = mapped_column(String(40))
    firearm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firearms.id"), index=True)
    seizure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("seizures.id"), index=True)
    recipient_country: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    recipient_basis: Mapped[TraceRecipientBasis] = mapped_column(vocab(TraceRecipientBasis))
    recipient_authority: Mapped[str | None] = mapped_column(String(200))
    requesting_authority: Mapped[str] = mapped_column(String(300))
    contact: Mapped[str] = mapped_column(String(300))
    legal_basis: Mapped[str] = mapped_column(Text)
    intended_use: Mapped[str] = mapped_column(Text)
    # The ITI content as it stood when the request was made (see module doc).
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    complete: Mapped[bool]
    missing: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[TraceStatus] = mapped_column(vocab(TraceStatus), index=True)
    due_on: Mapped[date | None] = mapped_column(index=True)
    # Set with the event that moves the request there (read by statistics).
    sent_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    last_reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]

    events: Mapped[list[TraceEvent]] = relationship(
        order_by="TraceEvent.at", lazy="selectin", viewonly=True
    )


class TraceEvent(Base):
    """One appended step of a request (append-only)."""

    __tablename__ = "trace_request_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    request_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trace_requests.id"), index=True)
    kind: Mapped[TraceEventKind] = mapped_column(vocab(TraceEventKind))
    from_status: Mapped[TraceStatus | None] = mapped_column(vocab(TraceStatus))
    to_status: Mapped[TraceStatus] = mapped_column(vocab(TraceStatus))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None]  # the due date this step set, if it set one


class FirearmLifeEvent(Base):
    """A stage of a seized firearm's life, as a trace answer or an
    investigation established it (append-only)."""

    __tablename__ = "firearm_life_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    firearm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firearms.id"), index=True)
    request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("trace_requests.id"))
    kind: Mapped[LifeEventKind] = mapped_column(vocab(LifeEventKind))
    # "YYYY", "YYYY-MM" or "YYYY-MM-DD": answers often give only a year.
    occurred: Mapped[str | None] = mapped_column(String(10))
    country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    place: Mapped[str | None] = mapped_column(String(200))
    actor: Mapped[str | None] = mapped_column(String(200))
    document: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(1000))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))


class TraceFinding(Base):
    """The conclusion on a firearm's illicit origin (append-only; the
    latest one stands)."""

    __tablename__ = "trace_findings"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    firearm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("firearms.id"), index=True)
    request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("trace_requests.id"))
    conclusion: Mapped[TraceConclusion] = mapped_column(vocab(TraceConclusion))
    authority: Mapped[str | None] = mapped_column(String(200))
    basis: Mapped[str | None] = mapped_column(String(1000))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(80))
