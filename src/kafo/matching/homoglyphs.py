"""Cyrillic and Greek capitals that look like Latin ones.

Serials on Soviet, Bulgarian or Greek weapons are often typed with the
wrong keyboard, and a record typed with Cyrillic "А" must meet one typed
with Latin "A". Only look-alikes are mapped, in both cases; other letters
are left alone (transliterating names is a different job).
"""

from __future__ import annotations

_PAIRS = {
    # Cyrillic capitals and small letters
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    "І": "I",
    "Ј": "J",
    "Ѕ": "S",
    "Ԛ": "Q",
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "к": "k",
    "м": "m",
    "н": "h",
    "т": "t",
    "в": "b",
    # Greek capitals and small letters
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    "ο": "o",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
}

LATIN = str.maketrans(_PAIRS)


def to_latin(text: str) -> str:
    """``text`` with Cyrillic and Greek look-alikes replaced by Latin letters."""
    return text.translate(LATIN)
