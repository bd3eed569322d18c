"""Vehicle records. Plates and frame numbers recur across seizures, so a
vehicle is a record of its own that seizures link to with a role."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kafo.model.base import Base, OwnedRecord, vocab
from kafo.model.vocab import VehicleType


class Vehicle(Base, OwnedRecord):
    __tablename__ = "vehicles"
    vehicle_type: Mapped[VehicleType] = mapped_column(vocab(VehicleType))
    plate: Mapped[str | None] = mapped_column(String(20))
    plate_canonical: Mapped[str | None] = mapped_column(String(20), index=True)
    plate_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    make: Mapped[str | None] = mapped_column(String(80))
    model: Mapped[str | None] = mapped_column(String(80))
    vin: Mapped[str | None] = mapped_column(String(40))
    vin_canonical: Mapped[str | None] = mapped_column(String(40), index=True)
    colour: Mapped[str | None] = mapped_column(String(40))
