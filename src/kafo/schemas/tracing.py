"""Schemas of trace requests, their answers, and trace results."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any

from pydantic import Field, field_validator, model_validator

from kafo.model.vocab import (
    LifeEventKind,
    Sharing,
    TraceConclusion,
    TraceEventKind,
    TraceRecipientBasis,
    TraceStatus,
)
from kafo.schemas.types import (
    Code,
    CountryCode,
    InputModel,
    LongText,
    Narrative,
    OutputModel,
    ShortText,
)

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


class TraceCreate(InputModel):
    firearm_id: uuid.UUID
    recipient_country: CountryCode | None = Field(
        default=None,
        description="default: the firearm's country of manufacture (basis 'manufacture')",
    )
    recipient_basis: TraceRecipientBasis | None = Field(
        default=None, description="why this country: manufacture, last_import or other"
    )
    recipient_authority: ShortText | None = Field(
        default=None, description="e.g. the INTERPOL NCB or national focal point addressed"
    )
    legal_basis: Narrative = Field(
        description="why the firearm is considered illicit (offence, law, circumstances)"
    )
    intended_use: Narrative | None = Field(
        default=None, description="default: criminal investigation and prosecution"
    )
    contact: ShortText | None = Field(
        default=None, description="default: the requesting user and unit"
    )
    sharing: Sharing = Sharing.NATIONAL
    operation: Code | None = None


class TransitionIn(InputModel):
    to: TraceStatus
    note: Narrative | None = None
    due_on: date | None = Field(default=None, description="sent only: the answer's due date")

    @model_validator(mode="after")
    def _reason(self) -> TransitionIn:
        if self.to is TraceStatus.DECLINED and not self.note:
            raise ValueError("note: a declined request needs the reason given")
        return self


class LifeEventIn(InputModel):
    kind: LifeEventKind
    occurred: Code | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    country: CountryCode | None = None
    place: ShortText | None = None
    actor: ShortText | None = Field(
        default=None, description="manufacturer, exporter, importer, dealer or holder"
    )
    document: ShortText | None = Field(
        default=None, description="licence, invoice, registry or certificate reference"
    )
    note: LongText | None = None

    @field_validator("occurred")
    @classmethod
    def _partial_date(cls, value: str | None) -> str | None:
        if value is not None and not _PARTIAL_DATE.match(value):
            raise ValueError("give YYYY, YYYY-MM or YYYY-MM-DD")
        if value is not None and len(value) == 10:
            date.fromisoformat(value)  # 2026-02-30 is refused
        return value


class AnswerIn(InputModel):
    complete: bool = Field(description="the answer says all the counterpart will say")
    received_on: date | None = Field(default=None, description="default: today")
    events: list[LifeEventIn] = Field(default_factory=list, max_length=50)
    conclusion: TraceConclusion | None = Field(
        default=None,
        description="default for a complete answer naming a last legal record or a "
        "point of diversion: traced",
    )
    note: Narrative | None = None

    @model_validator(mode="after")
    def _something(self) -> AnswerIn:
        if not self.events and self.conclusion is None and not self.note:
            raise ValueError("an answer records life events, a conclusion or a note")
        return self


class FindingIn(InputModel):
    conclusion: TraceConclusion
    authority: ShortText | None = Field(
        default=None, description="the competent authority (required for 'established')"
    )
    basis: LongText | None = Field(default=None, description="what the conclusion rests on")
    events: list[LifeEventIn] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _authority(self) -> FindingIn:
        if self.conclusion is TraceConclusion.NOT_ATTEMPTED:
            raise ValueError("conclusion: 'not_attempted' is what no finding means")
        if self.conclusion is TraceConclusion.ESTABLISHED and not (self.authority and self.basis):
            raise ValueError("authority and basis: 'established' names who and on what basis")
        return self


class FollowUpIn(InputModel):
    today: date | None = None


class TraceEventOut(OutputModel):
    kind: TraceEventKind
    from_status: TraceStatus | None
    to_status: TraceStatus
    at: datetime
    username: str | None
    note: str | None
    due_on: date | None


class TraceRequestOut(OutputModel):
    id: uuid.UUID
    reference: str
    owner_country: str
    sharing: Sharing
    firearm_id: uuid.UUID
    seizure_id: uuid.UUID
    recipient_country: str
    recipient_basis: TraceRecipientBasis
    recipient_authority: str | None
    requesting_authority: str
    contact: str
    legal_basis: str
    intended_use: str
    content: dict[str, Any]
    complete: bool
    missing: list[str]
    status: TraceStatus
    due_on: date | None
    overdue_days: int | None
    sent_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    reminders: int
    escalated_at: datetime | None
    allowed: list[TraceStatus]
    events: list[TraceEventOut]


class TraceRequestBrief(OutputModel):
    id: uuid.UUID
    reference: str
    owner_country: str
    recipient_country: str
    status: TraceStatus
    due_on: date | None
    serial_number: str | None
    make: str | None
    model: str | None


class TracePage(OutputModel):
    total: int
    page: int
    items: list[TraceRequestBrief]


class LifeEventOut(OutputModel):
    kind: LifeEventKind
    occurred: str | None
    country: str | None
    place: str | None
    actor: str | None
    document: str | None
    note: str | None
    request_id: uuid.UUID | None
    recorded_at: datetime


class FindingOut(OutputModel):
    conclusion: TraceConclusion
    authority: str | None
    basis: str | None
    request_id: uuid.UUID | None
    at: datetime
    username: str


class TraceResultOut(OutputModel):
    firearm_id: uuid.UUID
    conclusion: TraceConclusion
    counts_for_sdg: bool
    events: list[LifeEventOut]
    findings: list[FindingOut]
    requests: list[TraceRequestBrief]


class FollowUpAction(OutputModel):
    request_id: uuid.UUID
    reference: str
    recipient_country: str
    action: TraceEventKind | None  # reminded, escalated; None: due soon
    due_on: date
    days_overdue: int


class FollowUpOut(OutputModel):
    today: date
    reminded: int
    escalated: int
    actions: list[FollowUpAction]


class CounterpartStats(OutputModel):
    country: str
    sent: int
    answered: int
    answered_complete: int
    declined: int
    no_response: int
    awaiting: int
    overdue: int
    response_rate: float | None
    median_days_to_answer: float | None
