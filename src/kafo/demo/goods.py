"""Seized goods, written the way field reports write them.

Matching and totals are only worth testing on goods that look like the real
thing, so every item here is drawn from the tables and then written down with
a field officer's habits: a make and model "as written", calibres in mixed
notations, serials with spaces, look-alike letters and obliterated
characters. Planted firearm batches (close serials across several seizures)
are made here too, as are the small built-in tables of how people travel
through each kind of place and where they hide what they carry.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kafo.datafiles import split_bars
from kafo.demo.tables import (
    CommodityType,
    FirearmModel,
    commodity_types,
    draw,
    fill_pattern,
    firearm_models,
    pick,
    weights,
    words,
)

# How people travel through each kind of place, and what each mode rides.
MODES = {
    "road": weights("motorcycle:30 car:18 bus:16 truck:18 on_foot:6"),
    "patrol_area": weights("motorcycle:50 on_foot:25 car:20"),
    "airport": weights("air_passenger:60 air_cargo:25 courier_post:15"),
    "seaport": weights("truck:85 courier_post:15"),
}
RIVER = words("ml-gao ml-mopti ml-tombouctou ml-ansongo ml-labbezanga ne-ayorou ne-tillaberi")
RIDES = {
    "motorcycle": weights("motorcycle:1"),
    "car": weights("car:45 pickup:40 suv:15"),
    "bus": weights("bus:40 minibus:60"),
    "truck": weights("truck:80 tanker_truck:20"),
    "boat": weights("boat:1"),
}
MODE_OF = {kind: mode for mode, kinds in RIDES.items() for kind in kinds}
HIDING = {
    "motorcycle": "sous le siège|dans le réservoir modifié|dans des sacs attachés au "
    "porte-bagages|enroulé dans une natte|dans un sac de riz sur le porte-bagages",
    "car": "sous le siège arrière|dans les portières|double fond du coffre|dans la roue de "
    "secours|sous la bâche, parmi des sacs de mil",
    "truck": "dans des sacs de mil|sous un chargement d'oignons|double fond du réservoir|"
    "parmi des cartons de marchandises|dans des bidons d'huile",
    "bus": "dans les bagages en soute|dans un colis non réclamé|dans un sac de voyage|"
    "sous les sièges passagers",
    "on_foot": "sur soi, sous les vêtements|dans un sac à dos|dans un sac de céréales",
    "boat": "sous des sacs de poisson séché|dans la cale de la pirogue|sous des bidons",
    "air_passenger": "double fond de la valise|dans des boîtes de conserve|sur soi",
    "air_cargo": "dans des colis déclarés comme pièces détachées|dans des cartons de pagnes",
    "courier_post": "dans un colis déclaré comme pièces détachées|dans un colis postal",
    "cache": "dans une cache en brousse|enterré près de la piste|dans une case abandonnée",
}


def hiding_place(rng: random.Random, mode: str | None) -> str:
    """A concealment, in French, that fits the transport mode (``cache`` for a find)."""
    return rng.choice(split_bars(HIDING[mode or "on_foot"]))


Items = dict[str, list[dict[str, Any]]]
ITEM_KEYS = ("firearms", "ammunition", "explosives", "commodities")
WAR = ("assault_rifle", "light_machine_gun", "heavy_machine_gun", "light_weapon", "rifle_carbine")
CALIBRES = {
    "7.62x39mm": ("7,62x39", "7.62 mm court", "7,62", "7.62x39", "7,62 x 39 mm"),
    "7.62x51mm": ("7,62 OTAN", "7.62x51", "7,62 x 51"),
    "7.62x54mmR": ("7,62x54R", "7.62 long", "7,62 x 54"),
    "12 gauge": ("cal 12", "calibre 12", "12", "12 GA"),
    "9x19mm": ("9 mm", "9mm para", "9x19", "9 mm Parabellum"),
    "9x18mm Makarov": ("9 mm Makarov", "9x18", "9mm court"),
    "7.62x25mm Tokarev": ("7,62 Tokarev", "7.62x25", "7,62 x 25"),
    "12.7x108mm": ("12,7", "12.7 mm", "12,7x108"),
    "5.56x45mm": ("5,56", "5.56 mm", "5,56x45"),
}
LOOKALIKES = {"0": "O", "1": "I", "5": "S", "8": "B"}
# Officers type Cyrillic letters that look Latin as Latin letters.
TO_LATIN = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")
CONDITIONS = weights("functional:55 non_functional:10 damaged:5 unknown:30")
FIREARM_NOTES = split_bars(
    "chargeur engagé|crosse en bois fendue|canon scié|bretelle artisanale|"
    "marquages partiellement lisibles|arme chargée au moment du contrôle"
)
# Chance (in %) that an everyday seizure holds each kind of goods.
BACKGROUND = weights(
    "firearm:6 ammunition:7 explosive:3 drug:16 medicine:10 fuel:10 cash:6 other:16"
)


@dataclass(frozen=True)
class Gun:
    """A firearm of a planted batch: its true serial and the serial as written."""

    batch: str
    model: FirearmModel
    serial_true: str
    serial_written: str


def new_items() -> Items:
    return {key: [] for key in ITEM_KEYS}


def draw_quantity(rng: random.Random, low: Decimal, high: Decimal, unit: str) -> Decimal:
    """Log-uniform, so most seizures are small and a few are huge; big counts rounded."""
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    if unit == "kg" and value < 100:
        return Decimal(f"{value:.1f}")
    return Decimal(int(round(value, -max(0, len(str(int(value))) - 2))))


def write_calibre(rng: random.Random, calibre: str) -> str | None:
    if calibre == "unknown":
        return None
    variants = CALIBRES.get(calibre, ())
    return pick(rng, (calibre, *variants), [3.0] + [1.0] * len(variants))


def write_serial(rng: random.Random, serial: str, lookalike: float = 0.05) -> str:
    """The serial as an officer copies it: Latin for Cyrillic, O for 0, spacing."""
    text = serial.translate(TO_LATIN) if rng.random() < 0.5 else serial
    spots = [i for i, ch in enumerate(text) if ch in LOOKALIKES]
    if spots and rng.random() < lookalike:
        i = rng.choice(spots)
        text = text[:i] + LOOKALIKES[text[i]] + text[i + 1 :]
    roll = rng.random()
    cuts = [i for i in range(1, len(text)) if text[i - 1 : i + 1].isalnum()]
    if roll < 0.15:
        text = text.replace(" ", "").replace("-", "")
    elif roll < 0.25 and cuts:
        i = rng.choice(cuts)
        text = text[:i] + rng.choice((" ", "-")) + text[i:]
    return text


def _serial_fields(rng: random.Random, model: FirearmModel) -> dict[str, Any]:
    if model.craft:
        return {"marking_state": "unmarked", "craft_produced": True}
    if model.serial_pattern is None:
        return {}
    serial = write_serial(rng, fill_pattern(model.serial_pattern, rng))
    roll = rng.random()
    if roll < 0.07:
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(serial))
            serial = serial[:i] + "?" + serial[i + 1 :]
        return {"serial_number": serial, "marking_state": "obliterated"}
    if roll < 0.1:
        return {"serial_number": serial, "marking_state": "altered"}
    return {"serial_number": serial}


def firearm_record(
    rng: random.Random, model: FirearmModel, gun: Gun | None = None
) -> dict[str, Any]:
    """A ``FirearmIn`` body; make and model are sometimes only the field description."""
    record: dict[str, Any] = {"category": model.category}
    style = rng.random()
    if model.craft or model.make == "unknown" or style < 0.35:
        record["model"] = rng.choice(model.written_as)
    else:
        record["make"] = model.make
        record["model"] = rng.choice(model.written_as) if style < 0.5 else model.model
    if calibre := write_calibre(rng, model.calibre):
        record["calibre"] = calibre
    record |= {"serial_number": gun.serial_written} if gun else _serial_fields(rng, model)
    if model.country_of_manufacture and rng.random() < 0.75:
        record["country_of_manufacture"] = model.country_of_manufacture
    if rng.random() < 0.25:
        record["year_of_manufacture"] = rng.randint(model.year_min, model.year_max)
    record["condition"] = draw(rng, CONDITIONS)
    if rng.random() < 0.15:
        record["notes"] = rng.choice(FIREARM_NOTES)
    return record


def batch(rng: random.Random, key: str, make: str, model_name: str, n: int) -> list[Gun]:
    """``n`` guns of one model whose serials differ only in the last two digits."""
    model = next(m for m in firearm_models() if (m.make, m.model) == (make, model_name))
    base = fill_pattern(model.serial_pattern or "9999999", rng)
    run = re.search(r"(\d{3,})(\D*)$", base)
    if run is None:
        raise ValueError(f"{make} {model_name}: the serial pattern ends without digits")
    width = len(run[1])
    start = int(run[1]) // 100 * 100 + rng.randrange(70)
    serials = [
        base[: run.start(1)] + str(number).zfill(width) + run[2]
        for number in sorted(rng.sample(range(start, start + 30), n))
    ]
    return [Gun(key, model, s, write_serial(rng, s, lookalike=0.3)) for s in serials]


def _row(rng: random.Random, kind: str, subkind: str = "") -> CommodityType:
    rows = [r for r in commodity_types() if r.kind == kind and subkind in ("", r.subkind)]
    return pick(rng, rows, [r.weight for r in rows])


def ammunition_record(rng: random.Random, calibre: str) -> dict[str, Any]:
    """Rounds of ``calibre``; a calibre the table lacks gets a modest count."""
    rows = [r for r in commodity_types() if r.kind == "ammunition" and r.subkind == calibre]
    low, high = (rows[0].min_qty, rows[0].max_qty) if rows else (Decimal(5), Decimal(200))
    rounds = int(draw_quantity(rng, low, high, "rounds"))
    return {"calibre": write_calibre(rng, calibre) or calibre, "rounds": rounds}


def _firearms(rng: random.Random, items: Items, family: str) -> None:
    pool = firearm_models()
    if family == "war":
        pool = tuple(m for m in pool if m.category in WAR)
    elif family == "civil":
        pool = tuple(m for m in pool if m.country_of_manufacture == "TR" or m.craft)
    for _ in range(pick(rng, (1, 2, 3, 5, 8), (70, 15, 8, 5, 2))):
        model = pick(rng, pool, [m.weight for m in pool])
        items["firearms"].append(firearm_record(rng, model))
    if rng.random() < 0.55:
        items["ammunition"].append(ammunition_record(rng, model.calibre))


def add_goods(rng: random.Random, items: Items, token: str) -> None:
    """Add what ``token`` names: a kind, or ``kind:subkind`` (``firearm:war``)."""
    kind, _, sub = token.partition(":")
    if kind == "firearm":
        _firearms(rng, items, sub)
        return
    if kind == "ammunition":
        items["ammunition"].append(ammunition_record(rng, sub or _row(rng, kind).subkind))
        return
    row = _row(rng, kind, sub)
    quantity = str(draw_quantity(rng, row.min_qty, row.max_qty, row.unit))
    if kind == "explosive":
        items["explosives"].append(
            {
                "kind": row.subkind,
                "quantity": quantity,
                "unit": row.unit,
                "description": row.label_fr,
            }
        )
        if not sub and row.subkind == "dynamite_stick" and rng.random() < 0.6:
            add_goods(rng, items, "explosive:detonator")
        return
    cash = {"unit": "currency", "currency": row.subkind} if kind == "cash" else {"unit": row.unit}
    items["commodities"].append(
        {"kind": kind, "quantity": quantity, "description": row.label_fr} | cash
    )


def background_goods(rng: random.Random, place_kind: str) -> Items:
    """The everyday mix; at least one item, and no fuel or explosives at an airport."""
    items = new_items()
    tokens = [t for t in BACKGROUND if place_kind != "airport" or t not in ("fuel", "explosive")]
    for token in tokens:
        if rng.random() * 100 < BACKGROUND[token]:
            add_goods(rng, items, token)
    if not any(items.values()):
        add_goods(rng, items, pick(rng, tokens, [BACKGROUND[t] for t in tokens]))
    return items
