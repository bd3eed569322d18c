"""A national wanted-persons list for the demo, in kafo's CSV format.

Mali's analysts keep a list of people under arrest warrant. In the demo it
names one member of each planted network (written as the warrant spells
it: another spelling, an approximate year) and people who are never
stopped, so that screening has true hits to find and names to leave
alone. Which identities are wanted goes into the ground truth.

Drawn with its own random stream: adding the list changes nothing else in
the demo.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass

from kafo.demo.networks import Plan
from kafo.demo.people import Identity, draw_names, write_name

WANTED_LIST = "ML personnes recherchées"
OWNER = "ML"
NEVER_STOPPED = 12
COLUMNS = ("reference", "family_name", "given_names", "date_of_birth", "sex", "nationality")


@dataclass(frozen=True)
class WantedList:
    csv_text: str
    truth: list[dict[str, str]]  # reference → planted identity key


def _row(rng: random.Random, n: int, ident: Identity | None, country: str) -> dict[str, str]:
    if ident is not None:
        family, given = write_name(rng, ident)
        born = f"vers {ident.birth.year}" if rng.random() < 0.5 else ident.birth.isoformat()
        sex, nationality = ident.sex, ident.nationality
    else:
        sex = "F" if rng.random() < 0.15 else "M"
        family_name, given_name = draw_names(rng, country, sex)
        family, given = family_name.canonical.upper(), given_name.canonical
        born, nationality = str(rng.randint(1965, 2000)), country
    return {
        "reference": f"ML-MA-2026-{n:03d}",
        "family_name": family,
        "given_names": given,
        "date_of_birth": born,
        "sex": sex,
        "nationality": nationality,
    }


def wanted_list(seed: int, plans: list[Plan]) -> WantedList:
    """One member of each planted network, and people never stopped."""
    rng = random.Random(f"wanted-{seed}")
    leaders: dict[str, Identity] = {}
    for plan in plans:
        for member in plan.members:
            if member.network and member.network not in leaders:
                leaders[member.network] = member
    rows, truth = [], []
    for n, (network, ident) in enumerate(sorted(leaders.items()), 1):
        row = _row(rng, n, ident, ident.nationality)
        rows.append(row)
        truth.append({"reference": row["reference"], "identity": ident.key, "network": network})
    for n in range(len(rows) + 1, len(rows) + NEVER_STOPPED + 1):
        rows.append(_row(rng, n, None, rng.choice(("ML", "BF", "NE", "CI"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return WantedList(out.getvalue(), truth)
