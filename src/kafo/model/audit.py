"""The append-only audit log.

Every write, and every read of another country's record, appends one event.
Events are never updated or deleted; a correction is a new event.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kafo.ids import new_id
from kafo.model.base import Base, vocab
from kafo.model.vocab import AuditOutcome
from kafo.timeutil import utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Plain columns, not foreign keys: the log outlives what it mentions.
    user_id: Mapped[uuid.UUID | None]
    username: Mapped[str | None] = mapped_column(String(80))
    user_country: Mapped[str | None] = mapped_column(String(2))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    owner_country: Mapped[str | None] = mapped_column(String(2))
    outcome: Mapped[AuditOutcome] = mapped_column(vocab(AuditOutcome))
    detail: Mapped[str | None] = mapped_column(Text)
