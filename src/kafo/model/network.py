"""The link graph's change log.

Every process keeps the link graph in memory (:mod:`kafo.services.network`);
every change to a record the graph is made of appends a row here, in the
same transaction, and each process applies the rows it has not seen before
its next query (:mod:`kafo.services.changelog`).
"""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from kafo.model.base import Base


class GraphChange(Base):
    """One changed record: ``kind`` is seizure, person, vehicle, case or
    watchlist with the record's id, or identity (no id) for identity links
    and judgements, which are applied together."""

    __tablename__ = "graph_changes"
    __table_args__ = (
        # Only PostgreSQL sets it: the partial index costs SQLite nothing.
        Index(
            "ix_graph_changes_txid",
            "txid",
            postgresql_where=text("txid IS NOT NULL"),
            sqlite_where=text("txid IS NOT NULL"),
        ),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[uuid.UUID | None]
    # PostgreSQL: the writing transaction's id (see kafo.services.changelog).
    txid: Mapped[int | None] = mapped_column(BigInteger)
