"""The demo's tables as typed rows, and the few helpers every draw uses.

The generator reads every table through these frozen rows, so that a renamed
column fails once, here, with its name, and not deep inside a random draw.
The tables ship in the package (``kafo/demo/data`` and ``kafo/data``) and are
read with :mod:`importlib.resources`, so the demo works offline from a wheel.
The helpers (weighted picks, inline weight tables, the serial and plate
pattern language) are shared by every other module of the generator.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from kafo.datafiles import read_rows, split_bars

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T")
Row = TypeVar("Row", bound="DataclassInstance")

# Serials and plates rarely use I, O and Q, which read as 1 and 0; leaving them
# out keeps a planted look-alike error (O written for 0) unambiguous.
LATIN = "ABCDEFGHJKLMNPRSTUVWXYZ"
CYRILLIC = "АБВГДЕЖЗИКЛМНПРСТУФХЦЧШЭЮЯ"


# How a CSV cell becomes a field, by the field's annotation.
CONVERT: dict[str, Callable[[str], Any]] = {
    "str": str,
    "int": int,
    "float": float,
    "Decimal": Decimal,
    "str | None": lambda v: v or None,
    "tuple[str, ...]": split_bars,
}


def _load(row: type[Row], *path: str) -> tuple[Row, ...]:
    """Rows of the CSV at ``kafo/<path>``; extra columns are ignored, missing ones fail."""
    reader = read_rows(*path)
    fields = [(f.name, CONVERT[str(f.type)]) for f in dataclasses.fields(row)]
    return tuple(row(**{name: convert(r[name]) for name, convert in fields}) for r in reader)


def words(text: str) -> tuple[str, ...]:
    """An inline list of codes, written as one string so data tables stay compact."""
    return tuple(text.split())


def weights(spec: str) -> dict[str, int]:
    """A small weight table written inline: ``"car:45 pickup:40"``."""
    return {k: int(v) for k, _, v in (item.rpartition(":") for item in words(spec))}


@dataclass(frozen=True)
class GivenName:
    canonical: str
    sex: str
    variants: tuple[str, ...]
    languages: tuple[str, ...]


@dataclass(frozen=True)
class FamilyName:
    canonical: str
    variants: tuple[str, ...]
    countries: tuple[str, ...]
    languages: tuple[str, ...]


@dataclass(frozen=True)
class VehicleModel:
    type: str
    make: str
    model: str
    weight: int


@dataclass(frozen=True)
class PlateShape:
    country: str
    pattern: str
    example: str


@dataclass(frozen=True)
class FirearmModel:
    weight: int
    category: str
    make: str
    model: str
    calibre: str
    country_of_manufacture: str | None
    serial_pattern: str | None
    year_min: int
    year_max: int
    written_as: tuple[str, ...]

    @property
    def craft(self) -> bool:
        return self.make == "artisanal"


@dataclass(frozen=True)
class CommodityType:
    kind: str
    subkind: str
    unit: str
    min_qty: Decimal
    max_qty: Decimal
    weight: int
    label_fr: str
    label_en: str


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    kind: str
    country: str
    admin_area: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    kind: str
    country: str | None


@cache
def given_names() -> tuple[GivenName, ...]:
    return _load(GivenName, "demo", "data", "given_names.csv")


@cache
def family_names() -> tuple[FamilyName, ...]:
    return _load(FamilyName, "demo", "data", "family_names.csv")


@cache
def vehicle_models() -> tuple[VehicleModel, ...]:
    return _load(VehicleModel, "demo", "data", "vehicles.csv")


@cache
def plate_shapes() -> dict[str, tuple[PlateShape, ...]]:
    shapes: dict[str, tuple[PlateShape, ...]] = {}
    for row in _load(PlateShape, "demo", "data", "plates.csv"):
        shapes[row.country] = (*shapes.get(row.country, ()), row)
    return shapes


@cache
def firearm_models() -> tuple[FirearmModel, ...]:
    return _load(FirearmModel, "demo", "data", "firearms.csv")


@cache
def commodity_types() -> tuple[CommodityType, ...]:
    return _load(CommodityType, "demo", "data", "commodities.csv")


@cache
def places() -> dict[str, Place]:
    """The gazetteer by code, in file order."""
    return {p.code: p for p in _load(Place, "data", "places.csv")}


@cache
def agencies() -> dict[str, Agency]:
    return {a.code: a for a in _load(Agency, "data", "agencies.csv")}


def distance(a: Place, b: Place) -> float:
    """Degrees on a locally flat map: enough to pick the nearest post or town."""
    dx = (a.longitude - b.longitude) * math.cos(math.radians((a.latitude + b.latitude) / 2))
    return math.hypot(dx, a.latitude - b.latitude)


def pick(rng: random.Random, items: Sequence[T], weights: Sequence[float] | None = None) -> T:
    """One item, by relative weight; a thin wrapper so call sites stay short."""
    return rng.choices(items, weights=weights)[0]


def draw(rng: random.Random, table: dict[str, int]) -> str:
    """One key of a weight table."""
    return pick(rng, list(table), list(table.values()))


def fill_pattern(pattern: str, rng: random.Random) -> str:
    """A string of the README's pattern language: ``9`` digit, ``A`` Latin, ``Я`` Cyrillic."""
    alphabets = {"9": "0123456789", "A": LATIN, "Я": CYRILLIC}
    return "".join(rng.choice(alphabets[ch]) if ch in alphabets else ch for ch in pattern)
