"""Identity resolution: proposed links between person records, and the
analysts' judgements on them.

A *proposed link* says that two person records (of any seizures and
countries) are probably one individual, with the score and the evidence;
a *possible* one (not corroborated) only that their names agree.
Links are derived: each resolution run replaces those among the records it
covered. A *judgement* is an analyst's decision on a pair, kept with who
made it and when. Judgements are appended, never changed or deleted; a
judgement is reversed by a later one (``withdrawn``, or the opposite
decision). No person record is ever merged, changed or deleted by either.

An *identity* is a group of records joined by links and judgements; it is
computed from these two tables (see :mod:`kafo.services.identities.resolve`).
Pairs are stored in one order (``person_a`` < ``person_b``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kafo.ids import new_id
from kafo.model.base import Base, vocab
from kafo.model.vocab import Judgement
from kafo.timeutil import utcnow


class IdentityLink(Base):
    __tablename__ = "identity_links"
    __table_args__ = (UniqueConstraint("person_a", "person_b"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    person_a: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    person_b: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    # False: the names reach the threshold but nothing else agrees; shown to
    # analysts as a possible link, never used to build identities.
    corroborated: Mapped[bool] = mapped_column(default=True)
    found_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdentityJudgement(Base):
    __tablename__ = "identity_judgements"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    person_a: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    person_b: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    decision: Mapped[Judgement] = mapped_column(vocab(Judgement))
    note: Mapped[str | None] = mapped_column(String(1000))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(80))
    user_country: Mapped[str | None] = mapped_column(String(2))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class PersonKey(Base):
    """A blocking key of a person record (its name's words, a document, a
    phone; :func:`kafo.matching.resolution.record_keys`), kept as the record
    is saved: the records sharing one are the candidates of a record
    entered since the last resolution run."""

    __tablename__ = "person_keys"

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)
