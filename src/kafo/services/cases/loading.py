"""Finding a case for reading or writing, and what every write does.

A case is read through the one access filter (:func:`kafo.services.access.visible`),
so a case the user may not see answers "not found" exactly like a missing
one. Writing needs more: the role of an analyst or a national
administrator, and the owner country (:func:`kafo.services.access.require_owner`).
Both refusals are audited.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.model.case import Case, case_seizures
from kafo.model.geo import Country
from kafo.model.vocab import AuditOutcome, CaseStatus, Role
from kafo.services import audit
from kafo.services.access import require_owner, visible
from kafo.services.actor import Actor
from kafo.services.errors import FieldError, Forbidden, Invalid, NotFound
from kafo.timeutil import to_local, to_utc, utcnow

# Judicial-police analysts and national administrators build case files;
# field officers record seizures, and partner organisations read only.
MAY_EDIT = frozenset({Role.ANALYST, Role.NATIONAL_ADMIN})


def may_edit(actor: Actor, action: str, case_id: uuid.UUID | None = None) -> None:
    """Refuse (and log the refusal) unless ``actor``'s role builds case files."""
    if actor.role not in MAY_EDIT:
        raise Forbidden(
            "only analysts and national administrators open and modify case files",
            audit=audit.event(actor, action, "case", case_id, actor.country, AuditOutcome.DENIED),
        )


def _not_found(actor: Actor, action: str, case_id: uuid.UUID) -> NotFound:
    return NotFound(
        f"no case {case_id}",
        audit=audit.event(actor, action, "case", case_id, None, AuditOutcome.DENIED),
    )


def case_for_reading(session: Session, actor: Actor, case_id: uuid.UUID) -> Case:
    case = session.scalar(select(Case).where(Case.id == case_id, visible(actor, Case)))
    if case is None:
        raise _not_found(actor, "read", case_id)
    return case


def case_for_writing(session: Session, actor: Actor, case_id: uuid.UUID, action: str) -> Case:
    """The case, locked for the change, once role, visibility and ownership allow it."""
    may_edit(actor, action, case_id)
    case = session.scalar(
        select(Case).where(Case.id == case_id, visible(actor, Case)).with_for_update(of=Case)
    )
    if case is None:
        raise _not_found(actor, action, case_id)
    require_owner(actor, case, "case", action)
    return case


def not_closed(case: Case, what: str) -> None:
    """A closed case is history: nothing is added to it but custody entries."""
    if case.status is CaseStatus.CLOSED:
        message = f"the case is closed: {what} can no longer be added"
        raise Invalid(f"status: {message}", errors=[FieldError(("status",), message)])


def invalid(loc: tuple[str | int, ...], message: str) -> Invalid:
    """An error on one field, named in the message too (the CLI shows the message)."""
    where = FieldError(loc, message)
    return Invalid(f"{where.where}: {message}", errors=[where])


def recorded(session: Session, actor: Actor, case: Case, action: str, detail: str) -> None:
    """Every accepted change: a new version of the case and an audit event."""
    case.version += 1
    case.updated_at = utcnow()
    session.add(audit.event(actor, action, "case", case.id, case.owner_country, detail=detail))


def case_key(session: Session, actor: Actor, key: str) -> uuid.UUID:
    """A case the user may see, named by its id or its reference (the user's
    own country's first when two countries use the same reference)."""
    try:
        return uuid.UUID(key)
    except ValueError:
        pass
    found = session.execute(
        select(Case.id, Case.owner_country).where(
            Case.reference == key.strip(), visible(actor, Case)
        )
    ).all()
    own = [cid for cid, owner in found if owner == actor.country]
    if len(own) == 1 or len(found) == 1:
        return own[0] if own else found[0][0]
    if not found:
        raise NotFound(f"no case {key}")
    raise invalid(("case",), f"{len(found)} cases of other countries use '{key}': give the id")


def case_seizure_ids(session: Session, case_id: uuid.UUID) -> set[uuid.UUID]:
    return set(
        session.scalars(
            select(case_seizures.c.seizure_id).where(case_seizures.c.case_id == case_id)
        )
    )


def time_zone(session: Session, country: str) -> str:
    tz = session.scalar(select(Country.time_zone).where(Country.code == country))
    return tz or "UTC"


def local_today(session: Session, country: str) -> date:
    return to_local(utcnow(), time_zone(session, country)).date()


def case_time(session: Session, case: Case, value: datetime) -> datetime:
    """UTC for a time given for ``case``: without an offset it is local time
    in the owner country."""
    return to_utc(value, time_zone(session, case.owner_country))
