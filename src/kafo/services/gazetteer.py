"""Reference data every node ships: countries, agencies and places.

Loaded into the database by ``kafo db upgrade`` and kept in step with the
package's data files on every upgrade (insert new rows, update changed ones,
never delete: records may point at them).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pycountry
import tzdata
from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.datafiles import read_rows
from kafo.model.base import Base
from kafo.model.geo import Country, Place
from kafo.model.org import Agency
from kafo.model.vocab import AgencyKind, PlaceKind

DATA = resources.files("kafo") / "data"


@cache
def country_time_zones() -> dict[str, str]:
    """First zone listed for each country in the IANA ``zone.tab``."""
    zones: dict[str, str] = {}
    tab = Path(tzdata.__file__).parent / "zoneinfo" / "zone.tab"
    for line in tab.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _coords, zone = line.split("\t")[:3]
            zones.setdefault(code, zone)
    return zones


@dataclass(frozen=True)
class CountryRow:
    code: str
    name_en: str
    name_fr: str
    time_zone: str | None


@cache
def countries() -> tuple[CountryRow, ...]:
    french = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True
    )
    zones = country_time_zones()
    return tuple(
        CountryRow(c.alpha_2, c.name, french.gettext(c.name), zones.get(c.alpha_2))
        for c in pycountry.countries
    )


@cache
def country_names() -> dict[str, tuple[str, str]]:
    """French and English name of each country code (as the countries table holds them)."""
    return {c.code: (c.name_fr, c.name_en) for c in countries()}


def _upsert(session: Session, model: type[Base], key: str, rows: list[dict[str, object]]) -> int:
    existing = {getattr(o, key): o for o in session.scalars(select(model))}
    changed = 0
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            session.add(model(**row))
            changed += 1
        elif any(getattr(obj, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(obj, k, v)
            changed += 1
    return changed


def sync_reference_data(session: Session) -> dict[str, int]:
    """Bring countries, agencies and places in line with the shipped files."""
    zones = country_time_zones()
    counts = {
        "countries": _upsert(
            session,
            Country,
            "code",
            [vars(c) for c in countries()],
        )
    }
    session.flush()
    counts["agencies"] = _upsert(
        session,
        Agency,
        "code",
        [
            {
                "code": r["code"],
                "name": r["name"],
                "kind": AgencyKind(r["kind"]),
                "country": r["country"] or None,
            }
            for r in read_rows("data", "agencies.csv")
        ],
    )
    counts["places"] = _upsert(
        session,
        Place,
        "code",
        [
            {
                "code": r["code"],
                "name": r["name"],
                "kind": PlaceKind(r["kind"]),
                "country": r["country"],
                "admin_area": r["admin_area"] or None,
                "latitude": float(r["latitude"]),
                "longitude": float(r["longitude"]),
                "time_zone": zones[r["country"]],
                "coordinate_source": r["coordinate_source"] or None,
            }
            for r in read_rows("data", "places.csv")
        ],
    )
    session.flush()
    return counts
