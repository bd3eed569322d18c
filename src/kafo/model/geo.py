"""Countries and places: the shared gazetteer every node ships.

Countries come from ISO 3166-1 (``pycountry``) with their French and English
names; places (border posts, airports, checkpoints) from ``kafo/data/places.csv``.
They are reference data, not owned records, so every user can read them.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kafo.model.base import Base, vocab
from kafo.model.vocab import PlaceKind


class Country(Base):
    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))
    time_zone: Mapped[str | None] = mapped_column(String(64))


class Place(Base):
    __tablename__ = "places"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[PlaceKind] = mapped_column(vocab(PlaceKind))
    country: Mapped[str] = mapped_column(String(2), ForeignKey("countries.code"), index=True)
    admin_area: Mapped[str | None] = mapped_column(String(120))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    time_zone: Mapped[str] = mapped_column(String(64))
    coordinate_source: Mapped[str | None] = mapped_column(String(200))
