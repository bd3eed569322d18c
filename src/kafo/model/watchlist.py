"""Watchlists, their entries with history, and screening alerts.

A *watchlist* is a list people are screened against: the UN Security
Council Consolidated List, a national wanted-persons list. It is an owned
record (the country that imported it controls it and its sharing label);
its entries live and die with it.

Each import of a newer version compares entries by their reference
(``QDi.001``): new ones are listed, changed ones updated, missing ones
de-listed (kept, never deleted, since past alerts refer to them). Every
step is appended to ``watchlist_changes`` with the content as it was, so
what the list said on any day can be read back.

A *screening alert* is a hit of a recorded person on a listed entry, with
the name or alias matched, the score and the explanation.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kafo.ids import new_id
from kafo.model.base import Base, OwnedRecord, vocab
from kafo.model.vocab import EntryChange, EntryStatus, ListedSubject, WatchlistKind
from kafo.timeutil import utcnow


class Watchlist(Base, OwnedRecord):
    __tablename__ = "watchlists"
    __table_args__ = (UniqueConstraint("owner_country", "name"),)

    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[WatchlistKind] = mapped_column(vocab(WatchlistKind))
    # The list's own date for the version imported last (UN: dateGenerated).
    generated: Mapped[str | None] = mapped_column(String(40))


class WatchlistEntry(Base):
    __tablename__ = "watchlist_entries"
    __table_args__ = (UniqueConstraint("watchlist_id", "reference"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    watchlist_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("watchlists.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(String(60))
    subject: Mapped[ListedSubject] = mapped_column(vocab(ListedSubject))
    list_type: Mapped[str | None] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(300))
    status: Mapped[EntryStatus] = mapped_column(vocab(EntryStatus))
    listed_on: Mapped[date | None]
    delisted_at: Mapped[datetime | None]
    # Names with their quality, dates of birth, nationalities, documents
    # (see kafo.services.identities.entries); the hash tells an update.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    watchlist: Mapped[Watchlist] = relationship(lazy="joined")


class WatchlistImport(Base):
    """One import of a version of a list, with what it changed."""

    __tablename__ = "watchlist_imports"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    watchlist_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("watchlists.id", ondelete="CASCADE"), index=True
    )
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(String(200))
    generated: Mapped[str | None] = mapped_column(String(40))
    listed: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    delisted: Mapped[int] = mapped_column(Integer, default=0)
    relisted: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)


class WatchlistChange(Base):
    """Append-only history of an entry: what each import found."""

    __tablename__ = "watchlist_changes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    entry_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("watchlist_entries.id", ondelete="CASCADE"), index=True
    )
    import_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("watchlist_imports.id", ondelete="CASCADE")
    )
    change: Mapped[EntryChange] = mapped_column(vocab(EntryChange))
    # The entry as this import read it (None for a de-listing).
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ScreeningAlert(Base):
    """A recorded person's hit on a listed entry (its list and reference are
    the entry's)."""

    __tablename__ = "screening_alerts"
    __table_args__ = (UniqueConstraint("person_id", "entry_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("watchlist_entries.id", ondelete="CASCADE"), index=True
    )
    matched_name: Mapped[str] = mapped_column(String(300))
    quality: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Set when a later screening finds the hit again with another score.
    updated_at: Mapped[datetime | None]
