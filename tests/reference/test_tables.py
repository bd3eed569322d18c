"""The shipped reference: big enough, consistent, and every calibre notation
reads back to its calibre."""

from __future__ import annotations

import pytest

from kafo.reference.calibres import normalise_calibre
from kafo.reference.index import phrase_index
from kafo.reference.stats import reference_stats
from kafo.reference.tables import load


def test_sizes_meet_the_issue() -> None:
    stats = reference_stats()
    assert stats["manufacturers"] >= 150
    assert stats["models"] >= 400
    assert stats["calibres"] >= 120
    assert stats["craft_models"] >= 3


@pytest.mark.parametrize(
    "key",
    [
        "izhmash",
        "tula",
        "norinco",
        "cn-factory-66",
        "arsenal-bg",
        "cugir",
        "zastava",
        "feg",
        "maadi",
        "dio",
        "fn-herstal",
        "heckler-koch",
        "walther",
        "beretta",
        "cz",
        "glock",
        "taurus",
        "mas",
        "mat",
        "hatsan",
        "akkar",
    ],
)
def test_named_manufacturers_are_present(key: str) -> None:
    assert key in load().manufacturers


@pytest.mark.parametrize(
    "key",
    [
        "ak-47",
        "akm",
        "type-56",
        "type-56-1",
        "sks",
        "mas-36",
        "mat-49",
        "fn-fal",
        "g3",
        "pkm",
        "rpk",
        "dshk",
        "rpg-7",
        "makarov-pm",
        "tt-33",
        "browning-hi-power",
        "beretta-92",
        "glock-17",
        "cz-75",
        "dane-gun",
        "craft-shotgun",
        "craft-pistol",
    ],
)
def test_weapons_of_the_sahel_are_present(key: str) -> None:
    assert key in load().models


def test_every_calibre_alias_maps_to_its_calibre() -> None:
    wrong = []
    for cal in load().calibres.values():
        for alias in (cal.canonical, *cal.aliases):
            reading = normalise_calibre(alias)
            if reading is None or reading.key != cal.key:
                wrong.append((alias, cal.key, reading.key if reading else None))
    assert wrong == []


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("7,62x39", "7.62x39"),
        ("7.62 mm court", "7.62x39"),
        ("7.62×39mm M43", "7.62x39"),
        ("9x19", "9x19"),
        ("9 mm Parabellum", "9x19"),
        ("9mm Luger", "9x19"),
        ("9x18 Makarov", "9x18"),
        ("cal. 12", "12ga"),
        ("12/70", "12ga"),
        ("12 ga", "12ga"),
        (".30-06", "30-06"),
        ("7.62x54R", "7.62x54r"),
        ("12.7x108", "12.7x108"),
        ("14.5x114", "14.5x114"),
        ("5.45x39", "5.45x39"),
        ("7,62X39MM", "7.62x39"),
    ],
)
def test_issue_examples_of_calibre_notation(written: str, key: str) -> None:
    reading = normalise_calibre(written)
    assert reading is not None
    assert reading.key == key


def test_unknown_notations_are_not_guessed() -> None:
    assert normalise_calibre("banane") is None
    assert normalise_calibre("") is None
    assert normalise_calibre("7,62") is None  # three cartridges; not one


def test_no_maker_alias_is_also_a_category_word() -> None:
    clashes = [
        key
        for key, entries in phrase_index().entries.items()
        if {e.kind for e in entries} >= {"maker", "category"}
    ]
    assert clashes == []
