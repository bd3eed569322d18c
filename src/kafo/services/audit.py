"""Appending audit events.

Who did what to which object, whose object it was, and how it ended. Writes
are always logged; reads are logged when the object belongs to another
country (reading one's own records is the normal course of work).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from kafo.model.audit import AuditEvent
from kafo.model.vocab import AuditOutcome
from kafo.services.actor import Actor


def event(
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: object | None,
    owner_country: str | None,
    outcome: AuditOutcome = AuditOutcome.OK,
    detail: str | None = None,
) -> AuditEvent:
    return AuditEvent(
        user_id=actor.user_id if actor else None,
        username=actor.username if actor else None,
        user_country=actor.country if actor else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        owner_country=owner_country,
        outcome=outcome,
        detail=detail[:2000] if detail else None,
    )


def append(session: Session, *events: AuditEvent) -> None:
    session.add_all(events)


def log_foreign_reads(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    records: list[tuple[object, str]],
) -> None:
    """One ``read`` event per record of ``records`` owned by another country."""
    append(
        session,
        *(
            event(actor, action, object_type, oid, owner)
            for oid, owner in records
            if owner != actor.country
        ),
    )
