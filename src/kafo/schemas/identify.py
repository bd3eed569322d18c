"""Schemas of firearm identification (``POST /identify``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from kafo.schemas.types import InputModel, OutputModel

# Free text is read as it comes: junk yields "not identified", not a 422.
# The bound only keeps a request from being absurd.
Written = Annotated[str, StringConstraints(max_length=20_000)]


class IdentifyIn(InputModel):
    text: Written | None = Field(default=None, description="free-text description")
    make: Written | None = None
    model: Written | None = None
    calibre: Written | None = None
    markings: Written | None = None

    @model_validator(mode="after")
    def _something(self) -> IdentifyIn:
        if not any((self.text, self.make, self.model, self.calibre, self.markings)):
            raise ValueError("give text, or at least one of make, model, calibre, markings")
        return self


class IdentifyBatchIn(InputModel):
    items: list[IdentifyIn] = Field(min_length=1, max_length=10_000)


class FindingOut(OutputModel):
    value: str
    label: str
    confidence: float
    evidence: list[str]


class AlternativeOut(OutputModel):
    model: str
    name: str
    score: float
    distinguishing: str


class IdentificationOut(OutputModel):
    identified: bool
    category: FindingOut | None
    make: FindingOut | None
    model: FindingOut | None
    calibre: FindingOut | None
    country: FindingOut | None
    craft: bool
    alternatives: list[AlternativeOut]
    unread: list[str]
    reason: str
    version: str
