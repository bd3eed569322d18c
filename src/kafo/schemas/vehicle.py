"""Vehicle input and output schemas."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from kafo.model.vocab import HandlingCode, Sharing, VehicleType
from kafo.schemas.types import (
    CountryCode,
    InputModel,
    LongText,
    OutputModel,
    ShortText,
    no_control,
)

Plate = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20),
    AfterValidator(no_control),
]
Vin = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
    AfterValidator(no_control),
]


class VehicleIn(InputModel):
    id: uuid.UUID | None = None
    vehicle_type: VehicleType
    plate: Plate | None = None
    plate_country: CountryCode | None = None
    make: ShortText | None = None
    model: ShortText | None = None
    vin: Vin | None = None
    colour: ShortText | None = None
    sharing: Sharing | None = None
    handling_code: HandlingCode | None = None
    handling_note: LongText | None = None


class VehicleOut(OutputModel):
    id: uuid.UUID
    owner_country: str
    sharing: Sharing
    handling_code: HandlingCode | None
    version: int
    vehicle_type: VehicleType
    plate: str | None
    plate_canonical: str | None
    plate_country: str | None
    make: str | None
    model: str | None
    vin: str | None
    colour: str | None
    created_at: datetime
    updated_at: datetime
