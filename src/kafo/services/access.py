"""The one authorisation filter.

Every read of an owned record goes through :func:`visible`, a SQL condition,
so lists, counts, exports and lookups by id all agree: a record a user may
not see behaves exactly like one that does not exist. Only the owner country
may modify a record.

Who sees a record, by its sharing label:

- ``national``: users of the owner country;
- ``operation``: also the countries and partner organisations taking part in
  the record's operation;
- ``partners``: every authenticated user of the network.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Session

from kafo.model.base import OwnedRecord
from kafo.model.operation import operation_countries, operation_partners
from kafo.model.vocab import AuditOutcome, Sharing
from kafo.services import audit
from kafo.services.actor import Actor
from kafo.services.errors import Forbidden


def visible(actor: Actor, model: type[OwnedRecord]) -> ColumnElement[bool]:
    """SQL condition: rows of ``model`` that ``actor`` may see."""
    own = model.owner_country == actor.country if actor.country else false()
    in_operation = or_(
        model.operation_id.in_(
            select(operation_countries.c.operation_id).where(
                operation_countries.c.country == actor.country
            )
        )
        if actor.country
        else false(),
        model.operation_id.in_(
            select(operation_partners.c.operation_id).where(
                operation_partners.c.agency_code == actor.agency_code
            )
        ),
    )
    return or_(
        own,
        model.sharing == Sharing.PARTNERS,
        (model.sharing == Sharing.OPERATION) & in_operation,
    )


def require_owner(actor: Actor, record: OwnedRecord, what: str, action: str) -> None:
    """Refuse (and log the refusal) unless ``actor``'s country owns ``record``."""
    if actor.country is None or record.owner_country != actor.country:
        raise Forbidden(
            f"only {record.owner_country} can modify this {what}",
            audit=audit.event(
                actor, action, what, record.id, record.owner_country, AuditOutcome.DENIED
            ),
        )


def can_record(actor: Actor) -> str:
    """The owner country of what ``actor`` records, or refuse."""
    if actor.country is None:
        raise Forbidden("partner-organisation users read shared records but do not record")
    return actor.country


def visible_audiences(
    session: Session, actor: Actor, audiences: Sequence[tuple[str, Sharing, uuid.UUID | None]]
) -> list[bool]:
    """Whether ``actor`` sees a record of each ``(owner, sharing, operation)``:
    the rules of :func:`visible`, for data already read (the link graph).
    The two must agree; a test compares them on stored records."""
    operations = set(
        session.scalars(
            select(operation_countries.c.operation_id).where(
                operation_countries.c.country == actor.country
            )
        )
        if actor.country
        else ()
    ) | set(
        session.scalars(
            select(operation_partners.c.operation_id).where(
                operation_partners.c.agency_code == actor.agency_code
            )
        )
    )
    return [
        (actor.country is not None and owner == actor.country)
        or sharing == Sharing.PARTNERS
        or (sharing == Sharing.OPERATION and operation in operations)
        for owner, sharing, operation in audiences
    ]
