"""Schemas of identity resolution: candidates, judgements, identities."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from kafo.model.vocab import Judgement
from kafo.schemas.types import InputModel, LongText, OutputModel


class JudgementIn(InputModel):
    person_id: uuid.UUID
    other_person_id: uuid.UUID
    decision: Judgement = Field(
        description="same (one individual), different, or withdrawn (reverses the last one)"
    )
    note: LongText | None = None


class JudgementOut(OutputModel):
    id: uuid.UUID
    person_a: uuid.UUID
    person_b: uuid.UUID
    decision: Judgement
    note: str | None
    username: str
    user_country: str | None
    at: datetime


class PersonBrief(OutputModel):
    id: uuid.UUID
    owner_country: str
    name: str
    date_of_birth: str | None


class CandidateOut(OutputModel):
    """Another record that may be the same individual, and why."""

    person: PersonBrief
    score: float | None  # None: judged the same, never proposed
    # False: a possible link (the names agree, nothing else does): for an
    # analyst to judge; it makes no identity until judged the same.
    corroborated: bool | None
    explanation: list[str]
    judgement: Judgement | None  # the pair's standing judgement, if any
    # False: found now by the records' keys, not by the last resolution run.
    stored: bool = True
    judged_by: str | None = None
    judged_at: datetime | None = None


class IdentityOut(OutputModel):
    """Records taken to be one individual (links above the threshold and
    judgements of 'same'; pairs judged 'different' are not joined)."""

    key: uuid.UUID  # the smallest record id of the group
    persons: list[PersonBrief]
    countries: list[str]
    links: int
    conflicts: int = 0  # pairs of the group judged 'different' (joined through others)


class ResolveOut(OutputModel):
    persons: int
    unreadable: int  # records without a name that can be compared
    candidate_pairs: int
    links: int
    possible: int  # pairs whose names agree with nothing else to corroborate them
    identities: int  # groups of two records or more
    seconds: float
    groups: list[IdentityOut] = Field(default_factory=list)


class FileResolveOut(OutputModel):
    """Resolution of a person-records file (nothing stored)."""

    records: int
    candidate_pairs: int
    links: int
    identities: int  # groups of two records or more
    records_in_identities: int
    output: str | None
    links_written: int
    seconds: float
