"""Schemas of record checks (``POST /checks``) and hit notifications."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kafo.model.vocab import FirearmCategory, MatchKind, RegistryKind, RegistryStatus
from kafo.schemas.types import Code, CountryCode, InputModel, OutputModel, ShortText

# Serials are read by the checks themselves, which explain a refusal
# ("too little information", "at most 40 characters"); the schema only keeps
# a request from being absurd.
SerialText = Annotated[str, StringConstraints(max_length=1_000)]

MAX_LIMIT = 200
BATCH_MAX_ITEMS = 10_000  # per API request; the CLI streams larger files


class CheckIn(InputModel):
    id: Code | None = Field(default=None, description="your reference for this row, echoed")
    serial: SerialText = Field(description="as marked; '?' one obliterated character, '*' a run")
    make: ShortText | None = None
    model: ShortText | None = None
    calibre: ShortText | None = None
    country: CountryCode | None = Field(default=None, description="country of manufacture")
    max_edits: int | None = Field(
        default=None, ge=0, le=2, description="edit budget (default by serial length)"
    )
    limit: int = Field(default=20, ge=1, le=MAX_LIMIT, description="hits returned, at most")
    sources: list[Literal["registry", "seizures"]] = Field(
        default=["registry", "seizures"], min_length=1
    )


class CheckBatchIn(InputModel):
    items: list[CheckIn] = Field(min_length=1, max_length=BATCH_MAX_ITEMS)


class RecordOut(OutputModel):
    """What a hit shows of the matched record, when its sharing label allows."""

    id: uuid.UUID
    kind: RegistryKind | Literal["seizure"]
    serial_number: str | None
    serial_canonical: str | None
    make: str | None
    model: str | None
    calibre: str | None
    category: FirearmCategory | None
    std_make: str | None
    std_model: str | None
    std_calibre: str | None
    std_country: str | None
    status: RegistryStatus | None = None
    source: str | None = None
    source_ref: str | None = None
    agency: str | None = None
    contact: str | None = None
    reported_on: date | None = None
    reported_place: str | None = None
    seizure_id: uuid.UUID | None = None
    seizure_reference: str | None = None
    occurred_at: datetime | None = None


class HitOut(OutputModel):
    source: Literal["registry", "seizures"]
    match_kind: MatchKind
    edits: int
    score: float
    owner_country: str
    restricted: bool = Field(description="the owner's sharing label withholds the record")
    explanation: list[str]
    record: RecordOut | None


class CheckOut(OutputModel):
    id: str | None
    serial: str
    canonical: str | None
    skeleton: str | None
    edit_budget: int | None
    partial: bool
    hits: list[HitOut]
    total: int = Field(description="hits found before the limit")
    truncated: bool = Field(description="more hits were found than returned")
    overflow: bool = Field(description="the candidate bound was reached: refine the query")
    notified: list[str] = Field(description="owner countries notified of a hit")
    error: str | None = Field(default=None, description="why this row could not be checked")


class NotificationOut(OutputModel):
    id: uuid.UUID
    record_source: Literal["registry", "seizures"]
    record_id: uuid.UUID
    querying_country: str | None
    querying_agency: str | None
    querying_user: str | None
    query_serial: str
    context: str
    match_kind: MatchKind
    score: float
    created_at: datetime
    seen_at: datetime | None


class RegistryRecordOut(OutputModel):
    id: uuid.UUID
    owner_country: str
    sharing: str
    version: int
    kind: RegistryKind
    status: RegistryStatus
    source: str
    source_ref: str
    agency: str | None
    contact: str | None
    make: str | None
    model: str | None
    calibre: str | None
    serial_number: str
    serial_canonical: str
    std_category: FirearmCategory | None
    std_make: str | None
    std_model: str | None
    std_calibre: str | None
    std_country: str | None
    reported_on: date | None
    reported_place: str | None
    notes: str | None


class BatchMember(OutputModel):
    source: Literal["registry", "seizures"]
    id: uuid.UUID
    owner_country: str
    serial: str
    number: int
    seizure_id: uuid.UUID | None = None
    occurred_at: datetime | None = None
    registry_kind: RegistryKind | None = None
    registry_source: str | None = None


class BatchOut(OutputModel):
    """Firearms whose serials run in one numbered lot: probably one diverted batch."""

    model: str = Field(description="standard model (or make) shared by the members")
    prefix: str
    suffix: str
    first: int
    last: int
    countries: list[str]
    seizures: int
    registry_records: int
    members: list[BatchMember]
    diversion_hint: str | None = Field(
        description="a stockpile or transfer record in the batch suggests where it left legal hands"
    )


class RecheckIn(InputModel):
    """Check a country's recorded seizures again (after a registry arrives)."""

    since: date | None = Field(
        default=None, description="only seizures from this date on (by when they happened)"
    )


class RecheckOut(OutputModel):
    seizures: int = Field(description="seizures whose firearms were checked again")
    firearms: int
    hits: int = Field(description="hits stored now")
    hits_before: int = Field(description="hits the same firearms had before")
    notifications: int = Field(description="owners notified of new hits")
