"""Seizure input and output schemas: the event, its items, people, vehicles."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import Field, PlainSerializer, model_validator

from kafo.model.vocab import (
    ArrestStatus,
    CommodityKind,
    Condition,
    ExplosiveKind,
    FirearmCategory,
    HandlingCode,
    MarkingState,
    PersonRole,
    QuantityUnit,
    SeizureContext,
    Sharing,
    TraceRoute,
    TransportMode,
    VehicleRole,
)
from kafo.schemas.person import PersonIn, PersonOut
from kafo.schemas.types import (
    Code,
    CountryCode,
    CurrencyCode,
    InputModel,
    LongText,
    Narrative,
    OutputModel,
    ShortText,
)
from kafo.schemas.vehicle import VehicleIn, VehicleOut

Quantity = Decimal
# Stored with three decimals; shown without trailing zeros ("40", "1.5").
QuantityOut = Annotated[
    Decimal, PlainSerializer(lambda d: format(d.normalize(), "f"), return_type=str)
]
MAX_ITEMS = 2_000


class FirearmIn(InputModel):
    category: FirearmCategory
    make: ShortText | None = None
    model: ShortText | None = None
    calibre: Code | None = None
    serial_number: Code | None = None
    other_markings: LongText | None = None
    country_of_manufacture: CountryCode | None = None
    import_marking: ShortText | None = None
    year_of_manufacture: int | None = Field(default=None, ge=1800, le=2100)
    marking_state: MarkingState = MarkingState.INTACT
    craft_produced: bool = False
    condition: Condition = Condition.UNKNOWN
    notes: LongText | None = None

    @model_validator(mode="after")
    def _serial_matches_marking(self) -> FirearmIn:
        if self.marking_state is MarkingState.UNMARKED and self.serial_number:
            raise ValueError("marking_state is 'unmarked' but a serial_number is given")
        return self


class AmmunitionIn(InputModel):
    calibre: Code
    rounds: int = Field(gt=0, le=100_000_000)
    headstamp: Code | None = None
    lot: Code | None = None
    notes: LongText | None = None


class ExplosiveIn(InputModel):
    kind: ExplosiveKind
    quantity: Quantity = Field(gt=0, le=Decimal("1e12"), decimal_places=3)
    unit: QuantityUnit
    description: LongText | None = None


class CommodityIn(InputModel):
    kind: CommodityKind
    description: LongText | None = None
    quantity: Quantity = Field(gt=0, le=Decimal("1e12"), decimal_places=3)
    unit: QuantityUnit
    currency: CurrencyCode | None = None

    @model_validator(mode="after")
    def _cash_has_currency(self) -> CommodityIn:
        is_cash = self.kind is CommodityKind.CASH
        if is_cash and (self.currency is None or self.unit is not QuantityUnit.CURRENCY):
            raise ValueError("cash needs a currency and unit 'currency'")
        if not is_cash and (self.currency or self.unit is QuantityUnit.CURRENCY):
            raise ValueError("only cash has a currency")
        return self


class SeizurePersonIn(InputModel):
    """A person's part in the seizure: a new record in ``person``, or a link
    by ``person_id`` to one already recorded (the same courier seen again)."""

    role: PersonRole
    arrest_status: ArrestStatus = ArrestStatus.NOT_ARRESTED
    person: PersonIn | None = None
    person_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _one(self) -> SeizurePersonIn:
        if (self.person is None) == (self.person_id is None):
            raise ValueError("give exactly one of 'person' and 'person_id'")
        return self


class SeizureVehicleIn(InputModel):
    role: VehicleRole = VehicleRole.CONVEYANCE
    vehicle: VehicleIn | None = None
    vehicle_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _one(self) -> SeizureVehicleIn:
        if (self.vehicle is None) == (self.vehicle_id is None):
            raise ValueError("give exactly one of 'vehicle' and 'vehicle_id'")
        return self


class SeizureFields(InputModel):
    """What an officer records about a seizure; shared by create and update."""

    reference: Code | None = None
    operation: Code | None = Field(default=None, description="operation code")
    occurred_at: datetime = Field(
        description="ISO 8601; without an offset it is local time at the place"
    )
    place: Code | None = Field(default=None, description="place code from the gazetteer")
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    location_text: ShortText | None = None
    context: SeizureContext
    transport_mode: TransportMode | None = None
    concealment: LongText | None = None
    declared_origin: ShortText | None = None
    declared_origin_country: CountryCode | None = None
    declared_destination: ShortText | None = None
    declared_destination_country: CountryCode | None = None
    narrative: Narrative | None = None
    sharing: Sharing = Sharing.NATIONAL
    handling_code: HandlingCode | None = None
    handling_note: LongText | None = None
    firearms: list[FirearmIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    ammunition: list[AmmunitionIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    explosives: list[ExplosiveIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    commodities: list[CommodityIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    persons: list[SeizurePersonIn] = Field(default_factory=list, max_length=500)
    vehicles: list[SeizureVehicleIn] = Field(default_factory=list, max_length=500)

    @model_validator(mode="after")
    def _where(self) -> SeizureFields:
        if self.place is None and (self.latitude is None or self.longitude is None):
            raise ValueError("give a place code, or both latitude and longitude")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        if self.handling_code is HandlingCode.H3 and not self.handling_note:
            raise ValueError("handling code H3 needs a handling_note")
        return self


class SeizureCreate(SeizureFields):
    id: uuid.UUID | None = Field(
        default=None, description="UUIDv7 minted by the client; makes the create idempotent"
    )


class SeizureUpdate(SeizureFields):
    version: int = Field(ge=1, description="the version that was read; a stale one gets 409")


class StandardDescription(OutputModel):
    """What kafo's reference reads from the firearm as written."""

    category: FirearmCategory | None
    make: str | None
    model: str | None
    calibre: str | None
    country: str | None
    confidence: float | None
    reader: str | None


class TraceabilityOut(OutputModel):
    route: TraceRoute | None
    missing: list[str]


class FirearmOut(OutputModel):
    id: uuid.UUID
    category: FirearmCategory
    make: str | None
    model: str | None
    calibre: str | None
    serial_number: str | None
    serial_canonical: str | None
    other_markings: str | None
    country_of_manufacture: str | None
    import_marking: str | None
    year_of_manufacture: int | None
    marking_state: MarkingState
    craft_produced: bool
    condition: Condition
    notes: str | None
    standard: StandardDescription
    traceability: TraceabilityOut


class AmmunitionOut(OutputModel):
    id: uuid.UUID
    calibre: str
    rounds: int
    headstamp: str | None
    lot: str | None
    notes: str | None


class ExplosiveOut(OutputModel):
    id: uuid.UUID
    kind: ExplosiveKind
    quantity: QuantityOut
    unit: QuantityUnit
    description: str | None


class CommodityOut(OutputModel):
    id: uuid.UUID
    kind: CommodityKind
    description: str | None
    quantity: QuantityOut
    unit: QuantityUnit
    currency: str | None


class SeizurePersonOut(OutputModel):
    role: PersonRole
    arrest_status: ArrestStatus
    person: PersonOut


class SeizureVehicleOut(OutputModel):
    role: VehicleRole
    vehicle: VehicleOut


class SeizureOut(OutputModel):
    id: uuid.UUID
    reference: str | None
    owner_country: str
    sharing: Sharing
    handling_code: HandlingCode | None
    handling_note: str | None
    version: int
    operation: str | None
    occurred_at: datetime
    occurred_at_local: datetime
    time_zone: str
    place: str | None
    place_name: str | None
    latitude: float | None
    longitude: float | None
    location_text: str | None
    recording_unit: str
    context: SeizureContext
    transport_mode: TransportMode | None
    concealment: str | None
    declared_origin: str | None
    declared_origin_country: str | None
    declared_destination: str | None
    declared_destination_country: str | None
    narrative: str | None
    firearms: list[FirearmOut]
    ammunition: list[AmmunitionOut]
    explosives: list[ExplosiveOut]
    commodities: list[CommodityOut]
    persons: list[SeizurePersonOut]
    vehicles: list[SeizureVehicleOut]
    created_at: datetime
    updated_at: datetime


class SeizureSummary(OutputModel):
    """One line of a listing: no personal data, so it is cheap and safe."""

    id: uuid.UUID
    reference: str | None
    owner_country: str
    sharing: Sharing
    occurred_at: datetime
    place: str | None
    operation: str | None
    context: SeizureContext
    firearms: int
    rounds: int
    persons: int


class SeizurePage(OutputModel):
    items: list[SeizureSummary]
    total: int
    page: int
    page_size: int
