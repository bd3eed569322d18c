"""Recording and updating seizures.

Creation is idempotent on the client's id (and on the officer's reference):
the same content returns the original record, other content is a conflict.
An update replaces the seizure's fields and items as a whole, and is refused
when the version the client read is stale.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.ids import is_uuid7, new_id
from kafo.model.geo import Country, Place
from kafo.model.operation import Operation
from kafo.model.seizure import SeizedItem as Item
from kafo.model.seizure import Seizure
from kafo.model.vocab import AuditOutcome
from kafo.schemas.seizure import SeizureCreate, SeizureFields, SeizureUpdate
from kafo.services import audit
from kafo.services.access import can_record, require_owner, visible
from kafo.services.actor import Actor
from kafo.services.checks import seized
from kafo.services.errors import Conflict, FieldError, Invalid, NotFound
from kafo.services.register import saved
from kafo.services.register.items import merge_items, referenced
from kafo.services.register.links import LinkContext, person_links, vehicle_links
from kafo.services.register.normalise import build_items, content_hash
from kafo.timeutil import to_utc, utcnow

T = TypeVar("T")

# A clock on a field laptop may run a little fast; more than this is an error.
CLOCK_SKEW = timedelta(minutes=10)
EARLIEST = datetime(1950, 1, 1, tzinfo=UTC)
SCALARS = (
    "reference",
    "latitude",
    "longitude",
    "location_text",
    "context",
    "transport_mode",
    "concealment",
    "declared_origin",
    "declared_origin_country",
    "declared_destination",
    "declared_destination_country",
    "narrative",
    "sharing",
    "handling_code",
    "handling_note",
)


@dataclass(frozen=True)
class Recorded:
    seizure: Seizure
    created: bool


@dataclass(frozen=True)
class _Resolved:
    operation: Operation | None
    place: Place | None
    occurred_at: datetime


def _lookup(session: Session, kind: str, key: str, load: Callable[[], T]) -> T:
    """Reference rows change rarely; a bulk import asks for the same few often."""
    cache: dict[tuple[str, str], T] = session.info.setdefault("kafo.lookups", {})
    if (kind, key) not in cache:
        cache[kind, key] = load()
    return cache[kind, key]


def _resolve(session: Session, owner: str, data: SeizureFields) -> _Resolved:
    errors: list[FieldError] = []
    operation = place = None
    if (code := data.operation) is not None:
        operation = _lookup(
            session,
            "operation",
            code,
            lambda: session.scalar(select(Operation).where(Operation.code == code)),
        )
        if operation is None:
            errors.append(FieldError(("operation",), f"unknown operation '{code}'"))
    if (place_code := data.place) is not None:
        place = _lookup(session, "place", place_code, lambda: session.get(Place, place_code))
        if place is None:
            errors.append(FieldError(("place",), f"unknown place '{place_code}'"))
    tz = (
        place.time_zone
        if place
        else _lookup(
            session,
            "tz",
            owner,
            lambda: session.scalar(select(Country.time_zone).where(Country.code == owner)),
        )
    )
    occurred_at = to_utc(data.occurred_at, tz)
    if occurred_at > utcnow() + CLOCK_SKEW:
        errors.append(FieldError(("occurred_at",), f"{occurred_at.isoformat()} is in the future"))
    elif occurred_at < EARLIEST:
        errors.append(FieldError(("occurred_at",), "is before 1950"))
    if errors:
        raise Invalid("invalid seizure", errors=errors)
    return _Resolved(operation, place, occurred_at)


def _fill(
    session: Session,
    actor: Actor,
    seizure: Seizure,
    data: SeizureFields,
    resolved: _Resolved,
    *,
    editing: bool,
) -> None:
    for name in SCALARS:
        setattr(seizure, name, getattr(data, name))
    seizure.operation_id = resolved.operation.id if resolved.operation else None
    seizure.place = resolved.place
    seizure.occurred_at = resolved.occurred_at
    parts = ("firearms", "ammunition", "explosives", "commodities")
    built = dict(zip(parts, cast(tuple[list[Item], ...], build_items(data)), strict=True))
    if editing:
        # Every removal is checked before anything changes: a query would
        # flush a half-made change.
        current: dict[str, list[Item]] = {name: getattr(seizure, name) for name in parts}
        kept = [
            e for n in parts for e in referenced(session, actor, n, current[n][len(built[n]) :])
        ]
        if kept:
            raise Invalid("invalid seizure", errors=kept)
        built = {n: merge_items(current[n], built[n]) for n in parts}
    for name, rows in built.items():
        if rows or editing:
            setattr(seizure, name, rows)
    ctx = LinkContext(
        session=session,
        actor=actor,
        owner=seizure.owner_country,
        operation_id=seizure.operation_id,
        sharing=data.sharing,
        handling_code=data.handling_code,
        handling_note=data.handling_note,
        editing=editing,
        today=resolved.occurred_at.date(),
        errors=[],
    )
    if data.persons or editing:
        seizure.person_links = person_links(ctx, data)
    if data.vehicles or editing:
        seizure.vehicle_links = vehicle_links(ctx, data)
    if ctx.errors:
        raise Invalid("invalid seizure", errors=ctx.errors)


def _replay(
    session: Session, actor: Actor, owner: str, data: SeizureCreate, digest: str
) -> Seizure | None:
    """The stored seizure this create repeats, if any; conflict if it differs."""
    existing = session.get(Seizure, data.id) if data.id else None
    field = "id"
    if existing is None and data.reference:
        field = "reference"
        existing = session.scalar(
            select(Seizure).where(
                Seizure.owner_country == owner, Seizure.reference == data.reference
            )
        )
    if existing is None:
        return None
    if existing.owner_country == owner and existing.content_hash == digest:
        return existing
    raise Conflict(
        f"{field}: {getattr(data, field)} is already recorded with other content",
        audit=audit.event(
            actor,
            "create",
            "seizure",
            existing.id,
            existing.owner_country,
            AuditOutcome.CONFLICT,
            f"{field} reused with other content",
        ),
    )


def build_seizure(
    session: Session, actor: Actor, owner: str, data: SeizureCreate, digest: str
) -> Seizure:
    """A new, validated seizure with its items and links, not yet in the session.

    Nothing is added to the session before every check has passed, so a
    refused seizure leaves no trace (the bulk importer relies on it).
    """
    if data.id is not None and not is_uuid7(data.id):
        raise Invalid("invalid seizure", errors=[FieldError(("id",), "must be a UUIDv7")])
    resolved = _resolve(session, owner, data)
    seizure = Seizure(
        id=data.id or new_id(),
        owner_country=owner,
        created_by=actor.user_id,
        recording_unit=actor.unit_code,
        content_hash=digest,
    )
    _fill(session, actor, seizure, data, resolved, editing=False)
    return seizure


def record_seizure(session: Session, actor: Actor, data: SeizureCreate) -> Recorded:
    """Record a seizure with its items, people and vehicles."""
    owner = can_record(actor)
    digest = content_hash(data)
    replayed = _replay(session, actor, owner, data, digest)
    if replayed is not None:
        return Recorded(replayed, created=False)
    seizure = build_seizure(session, actor, owner, data, digest)
    session.add(seizure)
    session.add(audit.event(actor, "create", "seizure", seizure.id, owner))
    session.flush()
    saved.after_save(session, actor, [seizure])
    return Recorded(seizure, created=True)


def update_seizure(
    session: Session, actor: Actor, seizure_id: uuid.UUID, data: SeizureUpdate
) -> Seizure:
    """Replace a seizure's fields, items and links; only its owner may."""
    seizure = session.scalar(
        select(Seizure)
        .where(Seizure.id == seizure_id, visible(actor, Seizure))
        .with_for_update(of=Seizure)
    )
    if seizure is None:
        raise NotFound(f"no seizure {seizure_id}")
    require_owner(actor, seizure, "seizure", action="update")
    if data.version != seizure.version:
        raise Conflict(
            f"version: you read version {data.version}, the record is at {seizure.version}"
        )
    if data.reference and data.reference != seizure.reference:
        taken = session.scalar(
            select(Seizure.id).where(
                Seizure.owner_country == seizure.owner_country,
                Seizure.reference == data.reference,
            )
        )
        if taken is not None:
            raise Conflict(f"reference: {data.reference} is already used by another seizure")
    resolved = _resolve(session, seizure.owner_country, data)
    replaced = seized.indexed_serials(seizure)
    _fill(session, actor, seizure, data, resolved, editing=True)
    seizure.version += 1
    session.add(audit.event(actor, "update", "seizure", seizure.id, seizure.owner_country))
    session.flush()
    saved.after_save(session, actor, [seizure], replaced)
    return seizure
