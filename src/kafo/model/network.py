"""The link graph's change log.

Every process keeps the link graph in memory (:mod:`kafo.services.network`);
every change to a record the graph is made of appends a row here, in the
same transaction, and each process applies the rows it has not seen before
its next query (:mod:`kafo.services.changelog`).
"""

from __future__ import annotations

import uuid

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from kafo.model.base import Base, ChangeLog


class GraphChange(ChangeLog, Base):
    """One changed record: ``kind`` is seizure, person, vehicle, case or
    watchlist with the record's id; or identity with a person's id (that
    person's identity links or judgements changed), or without one (the
    identity links were replaced in bulk)."""

    __tablename__ = "graph_changes"

    kind: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[uuid.UUID | None]
