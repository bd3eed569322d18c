"""The seized items an exhibit can be, and how an exhibit describes its item.

An exhibit points at a row of one of four item tables (firearms,
ammunition, explosives, other commodities) by kind and id. Users name the
item by its number in the seizure (from 1, as listed) or by its id.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.labels import label
from kafo.model.seizure import Ammunition, Commodity, Explosive, Firearm, SeizedItem
from kafo.model.vocab import (
    CommodityKind,
    ExhibitKind,
    ExplosiveKind,
    FirearmCategory,
    QuantityUnit,
)

Item = SeizedItem
MODELS: dict[ExhibitKind, type[Item]] = {
    ExhibitKind.FIREARM: Firearm,
    ExhibitKind.AMMUNITION: Ammunition,
    ExhibitKind.EXPLOSIVE: Explosive,
    ExhibitKind.COMMODITY: Commodity,
}


def find_item(
    session: Session,
    kind: ExhibitKind,
    seizure_id: uuid.UUID,
    position: int | None,
    item_id: uuid.UUID | None,
) -> Item | None:
    """The item of ``seizure_id`` of this kind, by number (from 1) or id."""
    model = MODELS[kind]
    stmt = select(model).where(model.seizure_id == seizure_id)
    if item_id is not None:
        stmt = stmt.where(model.id == item_id)
    else:
        stmt = stmt.where(model.position == (position or 0) - 1)
    return cast("Item | None", session.scalar(stmt))


def _amount(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def describe(item: Item) -> str:
    """A short French description of the item, for the seal's label."""
    if isinstance(item, Firearm):
        serial = f"n° {item.serial_number}" if item.serial_number else "sans numéro de série"
        return _join(
            label(FirearmCategory, item.category), item.make, item.model, item.calibre, serial
        )
    if isinstance(item, Ammunition):
        return _join(f"{item.rounds} cartouche(s)", item.calibre, item.headstamp, item.lot)
    if isinstance(item, Explosive):
        return _join(
            _amount(item.quantity),
            label(QuantityUnit, item.unit),
            label(ExplosiveKind, item.kind),
            item.description,
        )
    unit = item.currency if item.unit is QuantityUnit.CURRENCY else label(QuantityUnit, item.unit)
    return _join(label(CommodityKind, item.kind), _amount(item.quantity), unit, item.description)
