"""Case-file schemas: opening a case, what is added to it, and the case as read.

Inputs refuse unknown fields. Times without an offset are local time in the
case's owner country; dates are calendar dates there.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from kafo.model.vocab import (
    CaseStatus,
    ChargeOutcome,
    CustodyPurpose,
    ExhibitKind,
    HandlingCode,
    Sharing,
    StepKind,
    SuspectRole,
    TraceStatus,
)
from kafo.schemas.person import PersonOut
from kafo.schemas.types import (
    Code,
    InputModel,
    LongText,
    Narrative,
    OutputModel,
    ShortText,
    no_control,
)

# Case references and seal numbers are stored in 60 characters.
Reference = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
    AfterValidator(no_control),
]
MAX_SEIZURES = 500


def _distinct(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    if len(set(ids)) != len(ids):
        raise ValueError("a seizure is listed twice")
    return ids


SeizureIds = Annotated[
    list[uuid.UUID],
    Field(min_length=1, max_length=MAX_SEIZURES),
    AfterValidator(_distinct),
]


def _decided(outcome: ChargeOutcome) -> ChargeOutcome:
    if outcome is ChargeOutcome.PENDING:
        raise ValueError("a decision is convicted, acquitted or dismissed")
    return outcome


class CaseCreate(InputModel):
    seizures: SeizureIds = Field(description="the seizures the case starts from")
    title: ShortText
    reference: Reference | None = Field(
        default=None, description="generated when absent: AFF-<country>-<year>-<number>"
    )
    summary: Narrative | None = None
    opened_on: date | None = Field(default=None, description="today when absent")
    prosecutor: ShortText | None = None
    court: ShortText | None = None
    sharing: Sharing = Sharing.NATIONAL
    operation: Code | None = Field(
        default=None, description="operation code; defaults to the seizures' common operation"
    )
    handling_code: HandlingCode | None = None
    handling_note: LongText | None = None

    @model_validator(mode="after")
    def _handling(self) -> CaseCreate:
        if self.handling_code is HandlingCode.H3 and not self.handling_note:
            raise ValueError("handling_note: handling code H3 needs a handling_note")
        return self


class CaseSeizuresIn(InputModel):
    seizures: SeizureIds


class TransitionIn(InputModel):
    status: CaseStatus = Field(description="the status to move the case to")
    note: LongText | None = None


class SuspectIn(InputModel):
    person_id: uuid.UUID
    role: SuspectRole
    note: LongText | None = None


class CustodyIn(InputModel):
    """One link of an exhibit's chain of custody."""

    held_from: datetime = Field(description="when this holder took the exhibit")
    holder: ShortText = Field(description="the person (name, rank) holding the exhibit")
    holder_unit: Code | None = Field(default=None, description="the holder's unit code")
    place: ShortText = Field(description="where the exhibit is kept")
    purpose: CustodyPurpose
    note: LongText | None = None


class ExhibitIn(InputModel):
    """An item of one of the case's seizures, put under seal."""

    seal_number: Reference
    seizure_id: uuid.UUID
    item_kind: ExhibitKind
    item_position: int | None = Field(
        default=None, ge=1, description="the item's number in its seizure, from 1"
    )
    item_id: uuid.UUID | None = None
    description: LongText | None = Field(
        default=None, description="written from the item when absent"
    )
    custody: CustodyIn = Field(description="the first entry of the chain of custody")

    @model_validator(mode="after")
    def _one_item(self) -> ExhibitIn:
        if (self.item_position is None) == (self.item_id is None):
            raise ValueError("give exactly one of 'item_position' and 'item_id'")
        return self


class StepIn(InputModel):
    occurred_at: datetime
    kind: StepKind
    description: Narrative


class ChargeIn(InputModel):
    suspect_id: uuid.UUID = Field(description="the suspect's id in the case, or the person's id")
    offence: ShortText
    legal_reference: ShortText | None = None
    charged_on: date | None = Field(default=None, description="today when absent")


class ChargeDecisionIn(InputModel):
    outcome: Annotated[ChargeOutcome, AfterValidator(_decided)] = Field(
        description="convicted, acquitted or dismissed"
    )
    decided_on: date
    sentence: LongText | None = None

    @model_validator(mode="after")
    def _sentence(self) -> ChargeDecisionIn:
        if self.sentence and self.outcome is not ChargeOutcome.CONVICTED:
            raise ValueError("sentence: only a conviction carries a sentence")
        return self


class HearingIn(InputModel):
    held_on: date = Field(description="the hearing's date (a scheduled one may be ahead)")
    court: ShortText
    note: Narrative | None = None


class TraceLinkIn(InputModel):
    request_id: uuid.UUID


class CaseEventOut(OutputModel):
    id: uuid.UUID
    from_status: CaseStatus | None
    to_status: CaseStatus
    at: datetime
    username: str
    note: str | None


class CaseSeizureOut(OutputModel):
    id: uuid.UUID
    reference: str | None
    owner_country: str
    occurred_at: datetime
    place: str | None


class SuspectOut(OutputModel):
    id: uuid.UUID
    role: SuspectRole
    note: str | None
    added_at: datetime
    person: PersonOut
    # The case's seizures the person was recorded in; empty: a suspect
    # identified by the investigation, not at an interception.
    seizures: list[uuid.UUID]


class CustodyOut(OutputModel):
    id: uuid.UUID
    exhibit_id: uuid.UUID
    held_from: datetime
    holder: str
    holder_unit: str | None
    place: str
    purpose: CustodyPurpose
    note: str | None
    recorded_at: datetime
    username: str


class ExhibitOut(OutputModel):
    id: uuid.UUID
    seal_number: str
    item_kind: ExhibitKind
    item_id: uuid.UUID
    seizure_id: uuid.UUID
    description: str
    added_at: datetime
    custody: list[CustodyOut]  # oldest first; the last entry is the current holder


class StepOut(OutputModel):
    id: uuid.UUID
    occurred_at: datetime
    kind: StepKind
    description: str
    recorded_at: datetime


class ChargeOut(OutputModel):
    id: uuid.UUID
    suspect_id: uuid.UUID
    offence: str
    legal_reference: str | None
    charged_on: date
    outcome: ChargeOutcome
    decided_on: date | None
    sentence: str | None


class HearingOut(OutputModel):
    id: uuid.UUID
    held_on: date
    court: str
    note: str | None


class TraceLinkOut(OutputModel):
    id: uuid.UUID
    reference: str
    owner_country: str
    firearm_id: uuid.UUID
    seizure_id: uuid.UUID
    recipient_country: str
    status: TraceStatus


class CaseOut(OutputModel):
    id: uuid.UUID
    reference: str
    title: str
    summary: str | None
    status: CaseStatus
    allowed: list[CaseStatus]  # the statuses the case may move to next
    opened_on: date
    lead_unit: str
    prosecutor: str | None
    court: str | None
    closed_at: datetime | None
    owner_country: str
    sharing: Sharing
    operation: str | None
    handling_code: HandlingCode | None
    handling_note: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    seizures: list[CaseSeizureOut]
    suspects: list[SuspectOut]
    exhibits: list[ExhibitOut]
    steps: list[StepOut]
    charges: list[ChargeOut]
    hearings: list[HearingOut]
    trace_requests: list[TraceLinkOut]
    events: list[CaseEventOut]


class CaseSummary(OutputModel):
    """One line of a listing: no personal data."""

    id: uuid.UUID
    reference: str
    title: str
    status: CaseStatus
    owner_country: str
    sharing: Sharing
    opened_on: date
    seizures: int
    suspects: int
    exhibits: int


class CasePage(OutputModel):
    items: list[CaseSummary]
    total: int
    page: int
    page_size: int
