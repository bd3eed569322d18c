"""Totals of what was seized: the figures KAFO II had to add up by hand.

Used by the demo summary now, and by the statistics capability later. The
totals cover the seizures ``actor`` may see (all of them for the node's
administrator, ``actor=None``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from kafo.model.seizure import (
    Ammunition,
    Commodity,
    Explosive,
    Firearm,
    Seizure,
    SeizurePerson,
    SeizureVehicle,
)
from kafo.services.access import visible
from kafo.services.actor import Actor


def _num(value: Decimal | int | None) -> float | int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def register_totals(session: Session, actor: Actor | None = None) -> dict[str, Any]:
    seen: ColumnElement[bool] = visible(actor, Seizure) if actor else true()
    ids = select(Seizure.id).where(seen)
    out: dict[str, Any] = {
        "seizures": session.scalar(select(func.count()).select_from(Seizure).where(seen)),
        "places": session.scalar(select(func.count(func.distinct(Seizure.place_code))).where(seen)),
        "firearms": session.scalar(
            select(func.count()).select_from(Firearm).where(Firearm.seizure_id.in_(ids))
        ),
        "rounds": _num(
            session.scalar(
                select(func.sum(Ammunition.rounds)).where(Ammunition.seizure_id.in_(ids))
            )
        ),
        "person_records": session.scalar(
            select(func.count(func.distinct(SeizurePerson.person_id))).where(
                SeizurePerson.seizure_id.in_(ids)
            )
        ),
        "vehicle_records": session.scalar(
            select(func.count(func.distinct(SeizureVehicle.vehicle_id))).where(
                SeizureVehicle.seizure_id.in_(ids)
            )
        ),
    }
    out["firearms_by_category"] = {
        str(cat): n
        for cat, n in session.execute(
            select(Firearm.category, func.count())
            .where(Firearm.seizure_id.in_(ids))
            .group_by(Firearm.category)
            .order_by(Firearm.category)
        )
    }
    out["explosives"] = {
        f"{kind}/{unit}": _num(q)
        for kind, unit, q in session.execute(
            select(Explosive.kind, Explosive.unit, func.sum(Explosive.quantity))
            .where(Explosive.seizure_id.in_(ids))
            .group_by(Explosive.kind, Explosive.unit)
            .order_by(Explosive.kind, Explosive.unit)
        )
    }
    out["commodities"] = {
        f"{kind}/{cur or unit}": _num(q)
        for kind, unit, cur, q in session.execute(
            select(Commodity.kind, Commodity.unit, Commodity.currency, func.sum(Commodity.quantity))
            .where(Commodity.seizure_id.in_(ids))
            .group_by(Commodity.kind, Commodity.unit, Commodity.currency)
            .order_by(Commodity.kind, Commodity.unit, Commodity.currency)
        )
    }
    return out
