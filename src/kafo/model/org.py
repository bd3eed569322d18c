"""Agencies, units, users and their API tokens.

A user belongs to one unit; the unit belongs to an agency and a country. The
unit's country is the user's country, and so the owner of what they record.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kafo.ids import new_id
from kafo.model.base import Base, Timestamped, vocab
from kafo.model.vocab import AgencyKind, Role


class Agency(Base):
    __tablename__ = "agencies"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AgencyKind] = mapped_column(vocab(AgencyKind))
    # None for an international partner organisation (INTERPOL, WCO, UNODC).
    country: Mapped[str | None] = mapped_column(String(2), ForeignKey("countries.code"))


class Unit(Base, Timestamped):
    __tablename__ = "units"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"))
    country: Mapped[str] = mapped_column(String(2), ForeignKey("countries.code"))

    agency: Mapped[Agency] = relationship(lazy="joined")


class User(Base, Timestamped):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code"))
    role: Mapped[Role] = mapped_column(vocab(Role))
    active: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit] = relationship(lazy="joined")

    @property
    def country(self) -> str:
        return self.unit.country

    @property
    def agency_code(self) -> str:
        return self.unit.agency_code


class ApiToken(Base):
    """A bearer token. Only its SHA-256 is stored; the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")
