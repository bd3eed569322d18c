"""Declarative base and the columns every owned record carries.

An *owned record* is the root of an aggregate that one country recorded and
controls: a seizure, a person, a vehicle. Its ``owner_country`` is set from the
recording user's unit and never changes; only that country edits it, extends
its retention or changes its sharing label. Children (items, documents,
phones, roles) live and die with their root and inherit its access.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Uuid,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from kafo.db import UTCDateTime
from kafo.ids import new_id
from kafo.model.vocab import HandlingCode, Sharing
from kafo.timeutil import utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: Uuid()}  # noqa: RUF012


def vocab(enum: type[StrEnum]) -> Enum:
    """A VARCHAR column holding codes of ``enum``.

    Not a native enum and no CHECK constraint: vocabularies grow, and the
    service layer validates codes, so adding a code needs no migration.
    """
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda e: [m.value for m in e],
    )


# Serial skeletons are compared byte by byte (prefix ranges for partial
# serials): PostgreSQL must not sort them by a language's collation.
SerialText = String(80).with_variant(String(80, collation="C"), "postgresql")


class ChangeLog:
    """The columns of a change log (:mod:`kafo.services.changelog`): rows in
    sequence, each with the writing transaction's id on PostgreSQL, where
    transactions commit out of sequence order."""

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    txid: Mapped[int | None] = mapped_column(BigInteger)

    @declared_attr.directive
    @classmethod
    def __table_args__(cls) -> tuple[Any, ...]:
        name = cls.__tablename__  # type: ignore[attr-defined]
        # Only PostgreSQL sets txid: the partial index costs SQLite nothing.
        where = text("txid IS NOT NULL")
        index = Index(f"ix_{name}_txid", "txid", postgresql_where=where, sqlite_where=where)
        return (index, {"sqlite_autoincrement": True})


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OwnedRecord(Timestamped):
    """Ownership, sharing and optimistic-locking columns of an aggregate root."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    owner_country: Mapped[str] = mapped_column(String(2), ForeignKey("countries.code"), index=True)
    sharing: Mapped[Sharing] = mapped_column(vocab(Sharing), default=Sharing.NATIONAL)
    handling_code: Mapped[HandlingCode | None] = mapped_column(vocab(HandlingCode))
    handling_note: Mapped[str | None] = mapped_column(String(500))
    # Incremented by the service on every accepted update; a client sends the
    # version it read, and a stale one is refused with 409.
    version: Mapped[int] = mapped_column(default=1)
    # SHA-256 of the canonical payload that created (or last set) the record:
    # the same id with the same content is a replay, with other content a
    # conflict.
    content_hash: Mapped[str] = mapped_column(String(64))

    @declared_attr
    def created_by(cls) -> Mapped[uuid.UUID]:  # noqa: N805
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def operation_id(cls) -> Mapped[uuid.UUID | None]:  # noqa: N805
        """The operation whose participants an ``operation`` label shares with."""
        return mapped_column(ForeignKey("operations.id"), index=True)
