"""Registries of the demo: stockpile inventories and lists of stolen weapons.

Every planted batch left legal hands from one country's state stockpile:
its whole numbered lot is in that country's inventory, so ``kafo check
batches`` names the point of diversion. Each country also lists weapons
reported stolen; a few of them turn up in another country's seizures, so
recording those seizures notifies the owner. The files are written in the
registry import format and imported like any other.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kafo.demo.scenario import COUNTRIES, Scenario
from kafo.demo.tables import fill_pattern, firearm_models
from kafo.matching.serials import canonical_serial
from kafo.services.checks.batches import shape

LOT_MARGIN = 6  # inventory numbers either side of the seized ones
STOLEN_PER_COUNTRY = 30
STOLEN_SEEN = 2  # stolen weapons of each country found in others' seizures


@dataclass
class RegistryFile:
    country: str
    source: str
    kind: str
    path: Path
    rows: list[list[str]] = field(default_factory=list)
    planted: list[dict[str, Any]] = field(default_factory=list)

    def write(self) -> None:
        with self.path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["ref_source", "numero_serie", "marque", "modele", "calibre"])
            out.writerows(self.rows)


def _stockpiles(rng: random.Random, scenario: Scenario, folder: Path) -> list[RegistryFile]:
    files = {
        cc: RegistryFile(
            cc, f"Inventaire des stocks de l'État {cc}", "stockpile", folder / f"stock-{cc}.csv"
        )
        for cc in COUNTRIES
    }
    for lot in scenario.truth.get("batches", []):
        holder = files[rng.choice(COUNTRIES)]
        shapes = [shape(canonical_serial(s["serial_true"])) for s in lot["serials"]]
        known = [s for s in shapes if s is not None]
        if not known:
            continue
        first, last = min(s.number for s in known), max(s.number for s in known)
        s0 = known[0]
        for number in range(max(0, first - LOT_MARGIN), last + LOT_MARGIN + 1):
            serial = f"{s0.prefix}{str(number).zfill(s0.width)}{s0.suffix}"
            holder.rows.append(
                [f"INV-{lot['id']}-{number}", serial, lot["make"], lot["model"], lot["calibre"]]
            )
        holder.planted.append({"batch": lot["id"], "first": first, "last": last})
    return [f for f in files.values() if f.rows]


def _stolen(rng: random.Random, scenario: Scenario, folder: Path) -> list[RegistryFile]:
    owner_of = {u.username: u.unit for u in scenario.users}
    country_of_unit = {u.code: u.country for u in scenario.units}
    seized: dict[str, list[tuple[str, Any]]] = {cc: [] for cc in COUNTRIES}
    for planned in scenario.seizures:
        cc = country_of_unit[owner_of[planned.username]]
        for f in planned.payload.firearms:
            if f.serial_number and len(f.serial_number) >= 6:
                seized[cc].append((str(planned.payload.id), f))
    patterned = [m for m in firearm_models() if m.serial_pattern]
    files = []
    for cc in COUNTRIES:
        reg = RegistryFile(cc, f"Armes déclarées volées {cc}", "stolen", folder / f"vols-{cc}.csv")
        for n in range(STOLEN_PER_COUNTRY):
            m = rng.choice(patterned)
            serial = fill_pattern(m.serial_pattern or "", rng)
            reg.rows.append([f"VOL-{cc}-{n:04d}", serial, m.make, m.model, m.calibre])
        others = [item for other in COUNTRIES if other != cc for item in seized[other]]
        for k, (seizure_id, f) in enumerate(rng.sample(others, min(STOLEN_SEEN, len(others)))):
            reg.rows.append(
                [f"VOL-{cc}-S{k}", f.serial_number, f.make or "", f.model or "", f.calibre or ""]
            )
            reg.planted.append({"serial": f.serial_number, "seized_in": seizure_id})
        files.append(reg)
    return files


def registry_files(seed: int, scenario: Scenario, folder: Path) -> list[RegistryFile]:
    """The demo's registry files, written to ``folder`` (deterministic for a seed)."""
    rng = random.Random(seed * 7919 + 17)
    files = _stockpiles(rng, scenario, folder) + _stolen(rng, scenario, folder)
    for f in files:
        f.write()
    return files


def truth(files: list[RegistryFile]) -> list[dict[str, Any]]:
    return [
        {
            "country": f.country,
            "source": f.source,
            "kind": f.kind,
            "records": len(f.rows),
            "planted": f.planted,
        }
        for f in files
    ]
