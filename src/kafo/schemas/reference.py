"""Schemas of reference data and operations."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import Field, model_validator

from kafo.model.vocab import PlaceKind
from kafo.schemas.types import Code, CountryCode, InputModel, LongText, OutputModel, ShortText


class CountryOut(OutputModel):
    code: str
    name_en: str
    name_fr: str
    time_zone: str | None


class PlaceOut(OutputModel):
    code: str
    name: str
    kind: PlaceKind
    country: str
    admin_area: str | None
    latitude: float
    longitude: float
    time_zone: str
    coordinate_source: str | None


class OperationCreate(InputModel):
    code: Code
    name: ShortText
    starts_on: date
    ends_on: date
    description: LongText | None = None
    countries: list[CountryCode] = Field(min_length=1, max_length=60)
    partners: list[Code] = Field(default_factory=list, description="agency codes")
    places: list[Code] = Field(default_factory=list, description="place codes")

    @model_validator(mode="after")
    def _period(self) -> OperationCreate:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class OperationOut(OutputModel):
    id: uuid.UUID
    code: str
    name: str
    starts_on: date
    ends_on: date
    description: str | None
    countries: list[str]
    partners: list[str]
    places: list[str]
