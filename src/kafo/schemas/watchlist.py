"""Schemas of watchlists, screening (``POST /screen``) and screening alerts."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from kafo.model.vocab import EntryChange, EntryStatus, ListedSubject, Sex, Sharing, WatchlistKind
from kafo.schemas.types import Code, InputModel, OutputModel

# Names are read by screening itself, which explains a refusal (digits,
# more than 300 characters, no letters); the schema only keeps a request
# from being absurd.
NameText = Annotated[str, StringConstraints(max_length=2_000)]
SCREEN_BATCH_MAX = 10_000


class ScreenIn(InputModel):
    id: Code | None = Field(default=None, description="your reference for this row, echoed")
    name: NameText = Field(description="as written, in any order; 'dit' or 'alias' add aliases")
    date_of_birth: Code | None = Field(
        default=None, description="YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY; 'vers 1985' = approx."
    )
    nationality: list[Code] = Field(
        default_factory=list, max_length=5, description="ISO codes or country names"
    )
    document: list[Code] = Field(default_factory=list, max_length=10)
    sex: Sex = Sex.UNKNOWN
    subject: ListedSubject = Field(
        default=ListedSubject.INDIVIDUAL,
        description="individual (a person), or entity (a group, company: screened by name)",
    )
    limit: int = Field(default=5, ge=1, le=50)


class ScreenBatchIn(InputModel):
    items: list[ScreenIn] = Field(min_length=1, max_length=SCREEN_BATCH_MAX)


class ScreenHitOut(OutputModel):
    watchlist: str
    watchlist_id: uuid.UUID
    entry_id: uuid.UUID
    reference: str
    list_type: str | None
    listed_name: str
    matched_name: str
    quality: str  # "main", "Good" or "Low"
    score: float
    explanation: list[str]


class ScreenOut(OutputModel):
    id: str | None = None
    name: str
    hits: list[ScreenHitOut] = Field(default_factory=list)
    error: str | None = None  # batch rows only: why this row was not screened


class WatchlistOut(OutputModel):
    id: uuid.UUID
    name: str
    kind: WatchlistKind
    owner_country: str
    sharing: Sharing
    generated: str | None
    revision: int
    listed: int
    delisted: int


class ListImportOut(OutputModel):
    watchlist_id: uuid.UUID
    name: str
    generated: str | None
    entries: int
    listed: int
    updated: int
    delisted: int
    relisted: int
    unchanged: int
    unscreenable: int


class EntryChangeOut(OutputModel):
    change: EntryChange
    at: datetime
    file_name: str
    generated: str | None


class EntryOut(OutputModel):
    id: uuid.UUID
    watchlist: str
    reference: str
    subject: ListedSubject
    list_type: str | None
    name: str
    status: EntryStatus
    listed_on: date | None
    delisted_at: datetime | None
    names: list[tuple[str, str]]
    dates_of_birth: list[str]
    nationalities: list[str]
    documents: list[str]
    history: list[EntryChangeOut]


class AlertOut(OutputModel):
    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    person_owner: str
    watchlist: str
    reference: str
    entry_status: EntryStatus
    matched_name: str
    quality: str
    score: float
    explanation: list[str]
    created_at: datetime
    updated_at: datetime | None


class RescreenIn(InputModel):
    since: date | None = Field(default=None, description="only seizures on or after this day")


class RescreenOut(OutputModel):
    persons: int
    screened: int
    unscreenable: int
    alerts: int
    new_alerts: int
