"""The reference tables shipped in ``kafo/reference/data``, as typed rows.

Three CSV files, reviewed like code: calibres (every notation of each
cartridge), manufacturers (names, aliases, marking codes) and models
(category, calibres, makers, countries, French and English names). Loading
checks that the tables agree with each other, so a broken row fails at once
and not in the middle of a check at a border post.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from kafo.datafiles import read_rows, split_bars
from kafo.model.vocab import FirearmCategory

DATA = resources.files("kafo.reference") / "data"


class ReferenceDataError(ValueError):
    """A shipped table is inconsistent; names the file and row."""


@dataclass(frozen=True)
class Calibre:
    key: str
    canonical: str
    type: str
    aliases: tuple[str, ...]
    rimmed: bool
    bullet_mm: float | None = None


@dataclass(frozen=True)
class Manufacturer:
    key: str
    name: str
    country: str | None
    aliases: tuple[str, ...]
    marking_codes: tuple[str, ...]


@dataclass(frozen=True)
class Model:
    key: str
    name: str
    category: FirearmCategory
    calibres: tuple[str, ...]
    makers: tuple[str, ...]
    countries: tuple[str, ...]
    family: str
    names: tuple[str, ...]
    craft: bool
    distinguishing: str


@dataclass(frozen=True)
class Tables:
    calibres: dict[str, Calibre]
    manufacturers: dict[str, Manufacturer]
    models: dict[str, Model]


def _check(tables: Tables) -> None:
    for model in tables.models.values():
        for key in model.calibres:
            if key not in tables.calibres:
                raise ReferenceDataError(f"models.csv {model.key}: unknown calibre '{key}'")
        for key in model.makers:
            if key not in tables.manufacturers:
                raise ReferenceDataError(f"models.csv {model.key}: unknown maker '{key}'")


@cache
def load() -> Tables:
    """All three tables, checked against each other (cached for the process)."""
    calibres = {
        r["key"]: Calibre(
            key=r["key"],
            canonical=r["canonical"],
            type=r["type"],
            aliases=split_bars(r["aliases"]),
            rimmed=r.get("rimmed", "") == "yes",
            bullet_mm=float(r["bullet_mm"]) if r.get("bullet_mm") else None,
        )
        for r in read_rows("reference", "data", "calibres.csv")
    }
    manufacturers = {
        r["key"]: Manufacturer(
            key=r["key"],
            name=r["name"],
            country=r["country"] or None,
            aliases=split_bars(r["aliases"]),
            marking_codes=split_bars(r["marking_codes"]),
        )
        for r in read_rows("reference", "data", "manufacturers.csv")
    }
    models = {}
    for r in read_rows("reference", "data", "models.csv"):
        try:
            category = FirearmCategory(r["category"])
        except ValueError:
            raise ReferenceDataError(
                f"models.csv {r['key']}: unknown category '{r['category']}'"
            ) from None
        models[r["key"]] = Model(
            key=r["key"],
            name=r["name"],
            category=category,
            calibres=split_bars(r["calibres"]),
            makers=split_bars(r["makers"]),
            countries=split_bars(r["countries"]),
            family=r["family"],
            names=(r["name"], *split_bars(r["names_fr"]), *split_bars(r["names_en"])),
            craft=r.get("craft", "") == "yes",
            distinguishing=r.get("distinguishing", ""),
        )
    tables = Tables(calibres, manufacturers, models)
    _check(tables)
    return tables
