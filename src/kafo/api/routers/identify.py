"""Firearm identification: free text or structured fields to a standard description."""

from __future__ import annotations

from fastapi import APIRouter

from kafo.api.deps import CurrentActor
from kafo.schemas.identify import IdentificationOut, IdentifyBatchIn, IdentifyIn
from kafo.services import identification

router = APIRouter(prefix="/identify", tags=["identify"])


@router.post("")
def identify(payload: IdentifyIn, _actor: CurrentActor) -> IdentificationOut:
    """Read one description. Ambiguity comes back in ``alternatives``."""
    return identification.identify_one(payload)


@router.post("/batch")
def identify_batch(payload: IdentifyBatchIn, _actor: CurrentActor) -> list[IdentificationOut]:
    """Read up to 10,000 descriptions; answers in the same order."""
    return identification.identify_many(payload.items)
