"""Updating a seizure's items in place, so that their ids last.

Trace requests, findings and exhibits point at one seized item. An update
therefore changes the item at each position where it stands, adds items
past the old end and removes those past the new end; removing an item that
a trace request, a trace finding or a case exhibit refers to is refused
with the reason, and nothing is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.model.case import Case, Exhibit
from kafo.model.seizure import SeizedItem as Item
from kafo.model.tracing import FirearmLifeEvent, TraceFinding, TraceRequest
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.errors import FieldError

_FIXED = frozenset({"id", "seizure_id", "position"})


def merge_items(current: Sequence[Item], wanted: Sequence[Item]) -> list[Item]:
    """``wanted``'s content on ``current``'s rows, position by position."""
    merged: list[Item] = []
    for i, new in enumerate(wanted):
        if i >= len(current):
            merged.append(new)
            continue
        row = current[i]
        for attr in row.__mapper__.column_attrs:
            if attr.key not in _FIXED:
                setattr(row, attr.key, getattr(new, attr.key))
        merged.append(row)
    return merged


def referenced(
    session: Session, actor: Actor, part: str, removed: Sequence[Item]
) -> list[FieldError]:
    """Why each of ``removed`` (items of the list ``part``) must stay; a
    case ``actor`` may not see is not named."""
    ids = {item.id: item.position for item in removed}
    if not ids:
        return []
    reasons: dict[uuid.UUID, str] = {}
    for seal, case_ref, item_id, shown in session.execute(
        select(Exhibit.seal_number, Case.reference, Exhibit.item_id, visible(actor, Case))
        .join(Case, Case.id == Exhibit.case_id)
        .where(Exhibit.item_id.in_(ids))
    ):
        reasons[item_id] = (
            f"is exhibit {seal} of case {case_ref}"
            if shown
            else "is an exhibit in another country's case"
        )
    if part == "firearms":
        for ref, firearm_id in session.execute(
            select(TraceRequest.reference, TraceRequest.firearm_id).where(
                TraceRequest.firearm_id.in_(ids)
            )
        ):
            reasons.setdefault(firearm_id, f"is the subject of trace request {ref}")
        for model in (TraceFinding, FirearmLifeEvent):
            for (firearm_id,) in session.execute(
                select(model.firearm_id).where(model.firearm_id.in_(ids))
            ):
                reasons.setdefault(firearm_id, "has trace results recorded")
    return [
        FieldError((part, ids[item_id]), f"cannot be removed: it {why}")
        for item_id, why in sorted(reasons.items(), key=lambda kv: ids[kv[0]])
    ]
