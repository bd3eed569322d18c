"""Probable batches: seized firearms whose serials run in one numbered lot.

Weapons of one model whose serials share a prefix (and suffix) and whose
numbers lie close together were usually made, shipped or stocked together.
Seized in several countries, they point to one diverted lot; found in a
stockpile inventory or a transfer record too, they suggest where that lot
left legal hands. This is the question iTrace answers by searching partial
serials "from that particular shipment".

A serial is cut into prefix, number (its last run of digits, at least
:data:`MIN_DIGITS` long) and letter suffix. Seized firearms with the same
standard model (or make, when the model is unknown), prefix, suffix and
number width are grouped, and numbers no further apart than ``window`` are
chained into one batch. Registry records of the same shape are looked up by
a range on their canonical serial (an index range, not a scan) around each
group of seized firearms. Only batches that link seizures of different
countries, or a seizure to a registry record, are listed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.matching.serial_search import skeleton
from kafo.model.registry import RegistryRecord
from kafo.model.seizure import Firearm, Seizure
from kafo.model.vocab import RegistryKind
from kafo.schemas.checks import BatchMember, BatchOut
from kafo.services.access import visible
from kafo.services.actor import Actor

T = TypeVar("T")
DEFAULT_WINDOW = 50
MIN_DIGITS = 4
_SHAPE = re.compile(r"(.*?)(\d+)([A-Z]*)")
_DIVERSION = {
    RegistryKind.STOCKPILE: "stockpile inventory",
    RegistryKind.TRANSFER: "transfer record",
}


@dataclass(frozen=True)
class Shape:
    prefix: str
    number: int
    width: int
    suffix: str


def shape(canonical: str) -> Shape | None:
    """Prefix, number and suffix of a canonical serial, if it has a long enough number."""
    m = _SHAPE.fullmatch(canonical)
    if m is None or len(m[2]) < MIN_DIGITS:
        return None
    return Shape(m[1], int(m[2]), len(m[2]), m[3])


Lot = tuple[str, str, str, int]  # standard model (or make), prefix, suffix, width


def lot_of(canonical: str | None, model: str | None, make: str | None) -> tuple[Lot, Shape] | None:
    """The lot of a firearm (one standard model, or make, and one shape of
    serial: batches are runs of close numbers within a lot) and its
    serial's shape; None without a model or a numbered serial."""
    s = shape(canonical or "")
    key = model or make
    if s is None or not key:
        return None
    return (key, s.prefix, s.suffix, s.width), s


@dataclass
class _Item:
    member: BatchMember
    shape: Shape
    seized: bool


def chains(numbers: list[tuple[int, T]], window: int, tie: Callable[[T], str]) -> list[list[T]]:
    """Items chained by numbers at most ``window`` apart (single linkage);
    ``tie`` orders items of one number, so the chains do not depend on
    the order they were read in."""
    out: list[list[T]] = []
    last = None
    for number, item in sorted(numbers, key=lambda p: (p[0], tie(p[1]))):
        if last is None or number - last > window:
            out.append([])
        out[-1].append(item)
        last = number
    return out


def _member_id(item: _Item) -> str:
    return str(item.member.id)


def _seized(session: Session, actor: Actor) -> dict[Lot, list[_Item]]:
    stmt = (
        select(
            Firearm.id,
            Firearm.serial_canonical,
            Firearm.std_model,
            Firearm.std_make,
            Seizure.id,
            Seizure.owner_country,
            Seizure.occurred_at,
        )
        .join(Seizure, Seizure.id == Firearm.seizure_id)
        .where(Firearm.serial_canonical.is_not(None), visible(actor, Seizure))
    )
    groups: dict[Lot, list[_Item]] = defaultdict(list)
    for fid, canonical, model, make, sid, owner, occurred in session.execute(stmt):
        found = lot_of(canonical, model, make)
        if found is None:
            continue
        lot, s = found
        member = BatchMember(
            source="seizures",
            id=fid,
            owner_country=owner,
            serial=canonical,
            number=s.number,
            seizure_id=sid,
            occurred_at=occurred,
        )
        groups[lot].append(_Item(member, s, True))
    return groups


def _registry_near(
    session: Session,
    actor: Actor,
    key: str,
    s: Shape,
    low: int,
    high: int,
) -> list[_Item]:
    """Registry records of the same shape and model numbered in [low, high]."""
    # A range on the indexed skeleton (digits are their own skeleton); the
    # exact shape is checked on the canonical serial below.
    start = skeleton(s.prefix) + str(max(low, 0)).zfill(s.width)
    stop = skeleton(s.prefix) + str(high).zfill(s.width) + "\U0010ffff"
    stmt = select(
        RegistryRecord.id,
        RegistryRecord.serial_canonical,
        RegistryRecord.std_model,
        RegistryRecord.std_make,
        RegistryRecord.owner_country,
        RegistryRecord.kind,
        RegistryRecord.source,
    ).where(
        RegistryRecord.serial_skeleton >= start,
        RegistryRecord.serial_skeleton <= stop,
        visible(actor, RegistryRecord),
    )
    out = []
    lot = (key, s.prefix, s.suffix, s.width)
    for rid, canonical, model, make, owner, kind, source in session.execute(stmt):
        found = lot_of(canonical, model, make)
        if found is None or found[0] != lot or not low <= found[1].number <= high:
            continue
        r = found[1]
        member = BatchMember(
            source="registry",
            id=rid,
            owner_country=owner,
            serial=canonical,
            number=r.number,
            registry_kind=kind,
            registry_source=source,
        )
        out.append(_Item(member, r, False))
    return out


def _batch(key: str, items: list[_Item]) -> BatchOut | None:
    seized = [i for i in items if i.seized]
    registry = [i for i in items if not i.seized]
    countries = sorted({i.member.owner_country for i in seized})
    if not seized or (len(countries) < 2 and not registry):
        return None
    hint = None
    for i in registry:
        kind = i.member.registry_kind
        if kind in _DIVERSION:
            hint = (
                f"{len(registry)} record(s) of this lot are in a {_DIVERSION[kind]} of "
                f"{i.member.owner_country} ({i.member.registry_source}): "
                "a possible point of diversion"
            )
            break
    s = items[0].shape
    numbers = [i.member.number for i in items]
    return BatchOut(
        model=key,
        prefix=s.prefix,
        suffix=s.suffix,
        first=min(numbers),
        last=max(numbers),
        countries=sorted({*countries, *(i.member.owner_country for i in registry)}),
        seizures=len({i.member.seizure_id for i in seized}),
        registry_records=len(registry),
        members=[i.member for i in items],
        diversion_hint=hint,
    )


def find_batches(
    session: Session, actor: Actor, *, window: int = DEFAULT_WINDOW, limit: int = 100
) -> list[BatchOut]:
    """Probable batches visible to ``actor``, largest first."""
    out: list[BatchOut] = []
    for (key, _prefix, _suffix, _width), seized in _seized(session, actor).items():
        for chain in chains([(i.member.number, i) for i in seized], window, _member_id):
            numbers = [i.member.number for i in chain]
            near = _registry_near(
                session, actor, key, chain[0].shape, min(numbers) - window, max(numbers) + window
            )
            merged = chain + near
            for group in chains([(i.member.number, i) for i in merged], window, _member_id):
                batch = _batch(key, group)
                if batch is not None:
                    out.append(batch)
    out.sort(key=lambda b: (-len(b.members), b.model, b.prefix, b.first))
    return out[:limit]
