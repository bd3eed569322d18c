"""The ground truth of the demo: what was planted, where it ended up.

Identity resolution and link analysis can only be scored against an answer
key, so as each report is written its planted individuals, networks and
firearm batches are noted under the ids the payloads carry, and the totals a
demo reader checks first are counted from the payloads themselves. The result
is plain JSON, written beside the database.
"""

from __future__ import annotations

from typing import Any

from kafo.demo.networks import Plan
from kafo.demo.people import Identity
from kafo.demo.reports import OPERATION
from kafo.schemas.seizure import SeizureCreate


def _entry(lists: str, **fixed: Any) -> dict[str, Any]:
    return fixed | {name: [] for name in lists.split()}


def _note(entry: dict[str, Any], seizure_id: str, country: str) -> None:
    entry["seizure_ids"].append(seizure_id)
    if country not in entry["countries"]:
        entry["countries"].append(country)


class Truth:
    """What was planted, keyed by the ids the payloads carry, collected as they are written."""

    def __init__(self) -> None:
        self.identities: dict[str, dict[str, Any]] = {}
        self.networks: dict[str, dict[str, Any]] = {}
        self.members: dict[str, dict[str, Identity]] = {}
        self.batches: dict[str, dict[str, Any]] = {}

    def add(self, plan: Plan, payload: SeizureCreate) -> None:
        sid, country = str(payload.id), plan.place.country
        for (ident, _, _), link in zip(plan.sightings, payload.persons, strict=False):
            fixed = {"id": ident.key, "name": ident.name, "network": ident.network}
            entry = self.identities.setdefault(
                ident.key, _entry("person_ids seizure_ids countries", **fixed)
            )
            entry["person_ids"].append(str(link.person.id if link.person else link.person_id))
            _note(entry, sid, country)
        if (spec := plan.network) is not None:
            lists = "identities seizure_ids vehicle_plates phones countries"
            net = self.networks.setdefault(
                spec.key,
                _entry(
                    lists, id=spec.key, corridor=list(spec.corridor), commodities=list(spec.goods)
                ),
            )
            _note(net, sid, country)
            self.members.setdefault(spec.key, {}).update((m.key, m) for m in plan.members)
            plate = plan.vehicle.plate if plan.vehicle else None
            if plate and plate not in net["vehicle_plates"]:
                net["vehicle_plates"].append(plate)
        for gun in plan.guns:
            model = gun.model
            fixed = {"make": model.make, "model": model.model, "calibre": model.calibre}
            found = self.batches.setdefault(
                gun.batch, _entry("serials", id=gun.batch, network=spec and spec.key, **fixed)
            )
            found["serials"].append(
                {
                    "seizure_id": sid,
                    "serial_as_written": gun.serial_written,
                    "serial_true": gun.serial_true,
                }
            )

    def dump(self, seed: int, payloads: list[SeizureCreate]) -> dict[str, Any]:
        for key, net in self.networks.items():
            members = self.members[key]
            net["identities"] = sorted(members)
            holders: dict[str, int] = {}
            for phone in (p for m in members.values() for p in m.phones):
                holders[phone] = holders.get(phone, 0) + 1
            net["phones"] = [p for p, n in holders.items() if n >= 2]
        for entry in (*self.identities.values(), *self.networks.values()):
            entry["countries"].sort()
        planted = {
            "planted_identities": len(self.identities),
            "networks": len(self.networks),
            "batches": len(self.batches),
        }
        return {
            "seed": seed,
            "operation": OPERATION,
            "identities": [self.identities[k] for k in sorted(self.identities)],
            "networks": [self.networks[k] for k in sorted(self.networks)],
            "batches": [self.batches[k] for k in sorted(self.batches)],
            "counts": counts(payloads) | planted,
        }


def counts(payloads: list[SeizureCreate]) -> dict[str, Any]:
    """Totals a demo reader checks first; they should match the register's own totals."""
    with_kind: dict[str, int] = {}
    for p in payloads:
        kinds = ["firearm"] * bool(p.firearms) + ["ammunition"] * bool(p.ammunition)
        kinds += ["explosive"] * bool(p.explosives) + [str(c.kind) for c in p.commodities]
        for kind in dict.fromkeys(kinds):
            with_kind[kind] = with_kind.get(kind, 0) + 1
    explosives = [e for p in payloads for e in p.explosives]
    return {
        "seizures": len(payloads),
        "persons": sum(len(p.persons) for p in payloads),
        "vehicles": sum(len(p.vehicles) for p in payloads),
        "firearms": sum(len(p.firearms) for p in payloads),
        "rounds": sum(a.rounds for p in payloads for a in p.ammunition),
        "dynamite_sticks": int(sum(e.quantity for e in explosives if e.kind == "dynamite_stick")),
        "detonators": int(sum(e.quantity for e in explosives if e.kind == "detonator")),
        "distinct_places": len(dict.fromkeys(p.place for p in payloads)),
        "seizures_with": dict(sorted(with_kind.items())),
    }
