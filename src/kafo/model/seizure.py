"""A seizure event and the items seized.

A seizure is one interception: when, where, by which unit, in what context,
and what was found. Items are children of the seizure and are replaced with
it on update. People and vehicles are records of their own (they recur across
seizures and countries); the seizure links them with a role.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Float, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kafo.ids import new_id
from kafo.model.base import Base, OwnedRecord, SerialText, vocab
from kafo.model.geo import Place
from kafo.model.person import Person
from kafo.model.vehicle import Vehicle
from kafo.model.vocab import (
    ArrestStatus,
    CommodityKind,
    Condition,
    ExplosiveKind,
    FirearmCategory,
    MarkingState,
    PersonRole,
    QuantityUnit,
    SeizureContext,
    TraceRoute,
    TransportMode,
    VehicleRole,
)

_CHILD = "all, delete-orphan"


class Seizure(Base, OwnedRecord):
    __tablename__ = "seizures"
    __table_args__ = (UniqueConstraint("owner_country", "reference"),)

    # The officer's own reference (procès-verbal number or sheet row key).
    reference: Mapped[str | None] = mapped_column(String(80))
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    place_code: Mapped[str | None] = mapped_column(ForeignKey("places.code"), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    location_text: Mapped[str | None] = mapped_column(String(200))
    recording_unit: Mapped[str] = mapped_column(ForeignKey("units.code"))
    context: Mapped[SeizureContext] = mapped_column(vocab(SeizureContext))
    transport_mode: Mapped[TransportMode | None] = mapped_column(vocab(TransportMode))
    concealment: Mapped[str | None] = mapped_column(String(500))
    declared_origin: Mapped[str | None] = mapped_column(String(200))
    declared_origin_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    declared_destination: Mapped[str | None] = mapped_column(String(200))
    declared_destination_country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    narrative: Mapped[str | None] = mapped_column(Text)

    place: Mapped[Place | None] = relationship(lazy="joined")
    firearms: Mapped[list[Firearm]] = relationship(cascade=_CHILD, order_by="Firearm.position")
    ammunition: Mapped[list[Ammunition]] = relationship(
        cascade=_CHILD, order_by="Ammunition.position"
    )
    explosives: Mapped[list[Explosive]] = relationship(
        cascade=_CHILD, order_by="Explosive.position"
    )
    commodities: Mapped[list[Commodity]] = relationship(
        cascade=_CHILD, order_by="Commodity.position"
    )
    person_links: Mapped[list[SeizurePerson]] = relationship(
        cascade=_CHILD, order_by="SeizurePerson.position"
    )
    vehicle_links: Mapped[list[SeizureVehicle]] = relationship(
        cascade=_CHILD, order_by="SeizureVehicle.position"
    )


class _Item:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    position: Mapped[int]


class Firearm(Base, _Item):
    __tablename__ = "firearms"

    seizure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("seizures.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[FirearmCategory] = mapped_column(vocab(FirearmCategory), index=True)
    make: Mapped[str | None] = mapped_column(String(120))
    model: Mapped[str | None] = mapped_column(String(120))
    calibre: Mapped[str | None] = mapped_column(String(80))
    serial_number: Mapped[str | None] = mapped_column(String(80))
    # Canonical form stored beside what the officer wrote, never instead of it.
    serial_canonical: Mapped[str | None] = mapped_column(String(80), index=True)
    # Look-alike skeleton, and reversed for suffix search (record checks).
    serial_skeleton: Mapped[str | None] = mapped_column(SerialText, index=True)
    other_markings: Mapped[str | None] = mapped_column(String(500))
    country_of_manufacture: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    import_marking: Mapped[str | None] = mapped_column(String(120))
    year_of_manufacture: Mapped[int | None]
    marking_state: Mapped[MarkingState] = mapped_column(vocab(MarkingState))
    craft_produced: Mapped[bool] = mapped_column(default=False)
    condition: Mapped[Condition] = mapped_column(vocab(Condition))
    notes: Mapped[str | None] = mapped_column(String(1000))
    # The standard description read from what was written (kafo.reference),
    # stored beside it; ``std_version`` names the reader that produced it.
    std_category: Mapped[FirearmCategory | None] = mapped_column(vocab(FirearmCategory))
    std_make: Mapped[str | None] = mapped_column(String(60), index=True)
    std_model: Mapped[str | None] = mapped_column(String(60), index=True)
    std_calibre: Mapped[str | None] = mapped_column(String(40), index=True)
    std_country: Mapped[str | None] = mapped_column(String(2))
    std_confidence: Mapped[float | None] = mapped_column(Float)
    std_version: Mapped[str | None] = mapped_column(String(20))
    trace_route: Mapped[TraceRoute | None] = mapped_column(vocab(TraceRoute))
    trace_missing: Mapped[str | None] = mapped_column(String(200))


class Ammunition(Base, _Item):
    __tablename__ = "ammunition"

    seizure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("seizures.id", ondelete="CASCADE"), index=True
    )
    calibre: Mapped[str] = mapped_column(String(80))
    rounds: Mapped[int]
    headstamp: Mapped[str | None] = mapped_column(String(80))
    lot: Mapped[str | None] = mapped_column(String(80))
    notes: Mapped[str | None] = mapped_column(String(1000))


class Explosive(Base, _Item):
    __tablename__ = "explosives"

    seizure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("seizures.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ExplosiveKind] = mapped_column(vocab(ExplosiveKind))
    quantity: Mapped[Decimal] = mapped_column(Numeric(18, 3))
    unit: Mapped[QuantityUnit] = mapped_column(vocab(QuantityUnit))
    description: Mapped[str | None] = mapped_column(String(500))


class Commodity(Base, _Item):
    __tablename__ = "commodities"

    seizure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("seizures.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CommodityKind] = mapped_column(vocab(CommodityKind))
    description: Mapped[str | None] = mapped_column(String(500))
    quantity: Mapped[Decimal] = mapped_column(Numeric(18, 3))
    unit: Mapped[QuantityUnit] = mapped_column(vocab(QuantityUnit))
    currency: Mapped[str | None] = mapped_column(String(3))


# A seized item: the rows a trace request, a finding or an exhibit points at.
SeizedItem = Firearm | Ammunition | Explosive | Commodity


class SeizurePerson(Base):
    __tablename__ = "seizure_persons"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    seizure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("seizures.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    position: Mapped[int]
    role: Mapped[PersonRole] = mapped_column(vocab(PersonRole))
    arrest_status: Mapped[ArrestStatus] = mapped_column(vocab(ArrestStatus))

    person: Mapped[Person] = relationship(lazy="joined")


class SeizureVehicle(Base):
    __tablename__ = "seizure_vehicles"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    seizure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("seizures.id", ondelete="CASCADE"), index=True
    )
    vehicle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vehicles.id"), index=True)
    position: Mapped[int]
    role: Mapped[VehicleRole] = mapped_column(vocab(VehicleRole))

    vehicle: Mapped[Vehicle] = relationship(lazy="joined")
