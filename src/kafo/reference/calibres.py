"""Calibre notations to the canonical calibre.

Every alias in ``calibres.csv`` is found by the phrase index. What no alias
covers is read by shape: metric ``<bullet>x<case>`` ("7,62x39", "7.62×54R"),
gauges ("cal 12", "12/70", "12ga"), and a bare bullet diameter ("9mm",
"7,65"), which is only a guess and says so. A bare "7,62" names three
cartridges; the reader settles it from the model when it can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kafo.reference.index import phrase_index
from kafo.reference.tables import load
from kafo.reference.text import fold, squash, tokens

DIAMETER = "d:"  # prefix of a bare bullet diameter, settled by the model
_METRIC = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?)(?:mm)?x(\d{2,3})(?:mm)?(r)?$")
_GAUGE = re.compile(r"^(\d{1,2})(?:ga|g|gauge|/\d{2})$")
_BARE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?)(mm)?$")
_CAL_WORDS = {"cal", "calibre", "caliber", "cal."}
# After these words a bare number is a calibre: "revolver 38", "carabine 22".
_GUN_WORDS = _CAL_WORDS | {"revolver", "pistolet", "pistol", "carabine", "rifle", "fusil", "pa"}
# A bullet diameter alone, as officers write it, and the cartridge it
# usually means in West African seizures when no model settles it. A bare
# 7.62 names three common cartridges and has no default.
BARE_DIAMETER: dict[str, str | None] = {
    "9": "9x19",
    "7.65": "32acp",
    "5.56": "5.56x45",
    "5.45": "5.45x39",
    "12.7": "12.7x108",
    "14.5": "14.5x114",
    "6.35": "25acp",
    "11.43": "45acp",
    "7.5": "7.5x54",
    "7.62": None,
}


def _known(key: str) -> str | None:
    return key if key in load().calibres else None


def _metric(token: str) -> str | None:
    m = _METRIC.match(token)
    if not m:
        return None
    bullet, case, rim = m.groups()
    return _known(f"{bullet}x{case}{rim or ''}") or _known(f"{bullet}x{case}r")


def _inch(number: str) -> str | None:
    """The calibre whose alias is ".<number>" (".38" → .38 Special)."""
    for entry in phrase_index().entries.get("." + number, ()):
        if entry.kind == "calibre":
            return entry.value
    return None


def guess_calibre(toks: list[str], i: int) -> tuple[str, int] | None:
    """(calibre key, tokens used) read by shape at ``toks[i]``, if any."""
    tok = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    if (
        tok.isdigit()
        and i > 0
        and toks[i - 1] in _GUN_WORDS
        and (key := _inch(tok) or _known(f"{tok}ga"))
    ):
        return key, 1
    if key := _metric(tok):
        return key, 1
    if (m := _GAUGE.match(tok)) and (key := _known(f"{m[1]}ga")):
        return key, 1
    if tok in _CAL_WORDS and nxt:
        if key := _known(f"{nxt}ga") or _metric(nxt) or (_inch(nxt) if nxt.isdigit() else None):
            return key, 2
        if (m := _BARE.match(nxt)) and m[1] in BARE_DIAMETER:
            return DIAMETER + m[1], 2
    # A bare diameter counts when it says "mm" or has decimals ("7,65"):
    # a plain "9" or "12" is more often a count than a calibre.
    if (m := _BARE.match(tok)) and m[1] in BARE_DIAMETER and (m[2] or nxt == "mm" or "." in m[1]):
        return DIAMETER + m[1], 2 if nxt == "mm" and not m[2] else 1
    return None


@dataclass(frozen=True)
class CalibreReading:
    key: str
    canonical: str
    exact: bool  # an alias of the table, not a guess by shape


def normalise_calibre(text: str) -> CalibreReading | None:
    """The canonical calibre of one notation, or None if it names none (or several)."""
    index = phrase_index()
    tables = load()
    for entry in index.entries.get(squash(text), ()):
        if entry.kind == "calibre":
            cal = tables.calibres[entry.value]
            return CalibreReading(cal.key, cal.canonical, exact=True)
    toks = tokens(fold(text))
    for i in range(len(toks)):
        guess = guess_calibre(toks, i)
        if guess is None:
            continue
        key = (
            BARE_DIAMETER.get(guess[0].removeprefix(DIAMETER))
            if guess[0].startswith(DIAMETER)
            else guess[0]
        )
        if key is not None:
            cal = tables.calibres[key]
            return CalibreReading(cal.key, cal.canonical, exact=False)
    return None
