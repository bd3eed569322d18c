"""Person input and output schemas."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field, model_validator

from kafo.model.vocab import DocumentType, HandlingCode, Sex, Sharing
from kafo.schemas.types import (
    Code,
    CountryCode,
    InputModel,
    LongText,
    OutputModel,
    ShortText,
)


class DocumentIn(InputModel):
    doc_type: DocumentType
    number: Code
    issuing_country: CountryCode | None = None


class PersonIn(InputModel):
    """A person as the officer recorded them. ``id`` may be minted offline."""

    id: uuid.UUID | None = None
    family_name: ShortText | None = None
    given_names: ShortText | None = None
    aliases: list[ShortText] = Field(default_factory=list, max_length=20)
    sex: Sex = Sex.UNKNOWN
    date_of_birth: Code | None = Field(
        default=None, description="YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY; 'vers 1985' = approx."
    )
    place_of_birth: ShortText | None = None
    nationalities: list[CountryCode] = Field(default_factory=list, max_length=5)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=10)
    phones: list[Code] = Field(default_factory=list, max_length=10)
    address: LongText | None = None
    notes: LongText | None = None
    sharing: Sharing | None = None
    handling_code: HandlingCode | None = None
    handling_note: LongText | None = None

    @model_validator(mode="after")
    def _some_name(self) -> PersonIn:
        if not (self.family_name or self.given_names or self.aliases):
            raise ValueError("a person needs a family name, given names or an alias")
        return self


class DocumentOut(OutputModel):
    doc_type: DocumentType
    number: str
    number_canonical: str
    issuing_country: str | None


class PhoneOut(OutputModel):
    as_entered: str
    e164: str


class PersonOut(OutputModel):
    id: uuid.UUID
    owner_country: str
    sharing: Sharing
    handling_code: HandlingCode | None
    handling_note: str | None
    version: int
    family_name: str | None
    given_names: str | None
    aliases: list[str]
    sex: Sex
    date_of_birth: str | None
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    birth_date_approximate: bool
    place_of_birth: str | None
    nationalities: list[str]
    documents: list[DocumentOut]
    phones: list[PhoneOut]
    address: str | None
    notes: str | None
    created_at: datetime
    updated_at: datetime
