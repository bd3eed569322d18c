"""Statistical tables from plain facts: pure, so totals can be proved.

The facts (one per firearm, ammunition lot, quantity, person, trace
request) are read from the database by :mod:`.facts`; here they are only
counted. Every figure keeps the ids of the records it counts, and every
table with a total row is built so that the total is the sum of its parts
(the property tests check it on generated data).

Firearm types roll up to the IAFQ typology: light and heavy machine guns
are machine guns there; the other codes map one to one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from kafo.io.report_book import Cell, Column, Row, Table
from kafo.model.vocab import FirearmCategory, MarkingState, SeizureContext, TraceConclusion

F = TypeVar("F", bound="Fact")
Number = int | float | Decimal

SEIZED, FOUND, SURRENDERED = "seized", "found", "surrendered"
HOW = {SeizureContext.FOUND_ABANDONED: FOUND, SeizureContext.SURRENDERED: SURRENDERED}
HOW_LABELS = {
    SEIZED: ("saisies", "seized"),
    FOUND: ("trouvées", "found"),
    SURRENDERED: ("remises volontairement", "surrendered"),
}
IAFQ_TYPE = {
    FirearmCategory.PISTOL: "pistol",
    FirearmCategory.REVOLVER: "revolver",
    FirearmCategory.RIFLE_CARBINE: "rifle",
    FirearmCategory.ASSAULT_RIFLE: "assault_rifle",
    FirearmCategory.SUBMACHINE_GUN: "submachine_gun",
    FirearmCategory.LIGHT_MACHINE_GUN: "machine_gun",
    FirearmCategory.HEAVY_MACHINE_GUN: "machine_gun",
    FirearmCategory.SHOTGUN: "shotgun",
    FirearmCategory.LIGHT_WEAPON: "light_weapon",
    FirearmCategory.OTHER: "other",
    FirearmCategory.UNKNOWN: "unknown",
}
IAFQ_TYPE_LABELS = {
    "pistol": ("pistolets", "pistols"),
    "revolver": ("revolvers", "revolvers"),
    "rifle": ("fusils et carabines", "rifles and carbines"),
    "assault_rifle": ("fusils d'assaut", "assault rifles"),
    "submachine_gun": ("pistolets-mitrailleurs", "sub-machine guns"),
    "machine_gun": ("mitrailleuses", "machine guns"),
    "shotgun": ("fusils de chasse", "shotguns"),
    "light_weapon": ("armes légères", "light weapons"),
    "other": ("autres armes à feu", "other firearms"),
    "unknown": ("type inconnu", "type unknown"),
}
TOTAL = ("total", "total")


def how_of(context: SeizureContext) -> str:
    """Seized, found or surrendered: the IAFQ's three ways arms come in."""
    return HOW.get(context, SEIZED)


@dataclass(frozen=True)
class Fact:
    id: str


@dataclass(frozen=True)
class SeizureFact(Fact):
    country: str


@dataclass(frozen=True)
class ArmFact(Fact):
    country: str  # the seizing country
    how: str
    iafq_type: str
    make: str
    made_in: str
    marking: MarkingState
    conclusion: TraceConclusion


@dataclass(frozen=True)
class AmmoFact(Fact):
    how: str
    calibre: str
    rounds: int


@dataclass(frozen=True)
class QuantityFact(Fact):
    kind: str
    unit: str
    quantity: Decimal


@dataclass(frozen=True)
class PersonFact(Fact):
    sex: str
    arrested: bool
    prosecuted: bool
    convicted: bool


@dataclass(frozen=True)
class RequestFact(Fact):
    recipient: str
    answered: bool
    complete: bool
    declined: bool
    no_response: bool


@dataclass(frozen=True)
class Col(Generic[F]):
    """A column: its labels, and what a fact adds to it (None: nothing)."""

    key: str
    fr: str
    en: str
    weight: Callable[[F], Number | None]


@dataclass(frozen=True)
class Titles:
    key: str
    fr: str
    en: str
    note_fr: str | None = None
    note_en: str | None = None


def count_if(test: Callable[[F], bool]) -> Callable[[F], Number | None]:
    return lambda f: 1 if test(f) else None


def _cell(facts: Sequence[F], weight: Callable[[F], Number | None]) -> Cell:
    weighed = [(f.id, w) for f in facts if (w := weight(f)) is not None]
    # Counts are ints and quantities Decimal: both sum exactly, so a total
    # is its parts' sum.
    value = sum((w for _i, w in weighed), 0)
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    return Cell(value, tuple(sorted(i for i, _w in weighed)))


def tabulate(
    titles: Titles,
    facts: Iterable[F],
    row_of: Callable[[F], str],
    rows: Sequence[tuple[str, str, str]],
    columns: Sequence[Col[F]],
    total: bool = True,
) -> Table:
    """One row per ``rows`` entry (facts grouped by ``row_of``), and a total row.

    Rows are listed even when empty (a zero is a figure); a fact whose row
    is not listed is an error, so nothing is silently left out.
    """
    groups: dict[str, list[F]] = {key: [] for key, _fr, _en in rows}
    every = list(facts)
    for fact in every:
        key = row_of(fact)
        if key not in groups:
            raise ValueError(f"{titles.key}: no row for {key!r}")
        groups[key].append(fact)
    out = [
        Row(key, fr, en, {c.key: _cell(groups[key], c.weight) for c in columns})
        for key, fr, en in rows
    ]
    if total:
        out.append(
            Row("total", *TOTAL, {c.key: _cell(every, c.weight) for c in columns}, total=True)
        )
    return Table(
        titles.key,
        titles.fr,
        titles.en,
        tuple(Column(c.key, c.fr, c.en) for c in columns),
        tuple(out),
        titles.note_fr,
        titles.note_en,
    )


def labelled(keys: Iterable[str], labels: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    return [(k, *labels.get(k, (k, k))) for k in keys]


def seen(values: Iterable[str], order: Sequence[str] = ()) -> list[str]:
    """``order`` first (those present), then the others sorted."""
    present = set(values)
    return [k for k in order if k in present] + sorted(present - set(order))


def _came(how: str) -> Callable[[ArmFact], Number | None]:
    return lambda f: 1 if f.how == how else None


def by_how(of: tuple[str, str] | None = None) -> list[Col[ArmFact]]:
    """Seized, found, surrendered and all; ``of`` names what is counted
    ("armes", "arms") where the table counts other things too."""

    def named(fr: str, en: str) -> tuple[str, str]:
        return (f"{of[0]} {fr}", f"{of[1]} {en}") if of else (fr, en)

    cols: list[Col[ArmFact]] = [
        Col(h, *named(fr, en), _came(h)) for h, (fr, en) in HOW_LABELS.items()
    ]
    total = named("(ensemble)", "(all)") if of else ("ensemble", "all")
    return [*cols, Col("all", *total, count_if(lambda f: True))]
