"""Joint operations: a period, the countries and partners taking part, places.

The participants of an operation are the audience of the ``operation``
sharing label, so they are rows, not free text.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kafo.ids import new_id
from kafo.model.base import Base, Timestamped
from kafo.model.geo import Country, Place
from kafo.model.org import Agency

operation_countries = Table(
    "operation_countries",
    Base.metadata,
    Column("operation_id", ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True),
    Column("country", ForeignKey("countries.code"), primary_key=True),
)
operation_partners = Table(
    "operation_partners",
    Base.metadata,
    Column("operation_id", ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_code", ForeignKey("agencies.code"), primary_key=True),
)
operation_places = Table(
    "operation_places",
    Base.metadata,
    Column("operation_id", ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True),
    Column("place_code", ForeignKey("places.code"), primary_key=True),
)


class Operation(Base, Timestamped):
    __tablename__ = "operations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    description: Mapped[str | None] = mapped_column(Text)

    countries: Mapped[list[Country]] = relationship(secondary=operation_countries)
    partners: Mapped[list[Agency]] = relationship(secondary=operation_partners)
    places: Mapped[list[Place]] = relationship(secondary=operation_places)
