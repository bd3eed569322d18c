"""Folding free text the same way for the tables and for what officers write.

``fold`` makes one comparable form: lower case, no accents, ``×``/``*`` read
as ``x``, a decimal comma between digits read as a point, and other
punctuation read as a space (dots, hyphens and slashes between letters and
digits are kept apart so that "AK-47", "AK 47" and "ak47" meet).
"""

from __future__ import annotations

import re
import unicodedata

from kafo.matching.homoglyphs import LATIN

_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_LETTER_DOTS = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)")  # "P.K.M" → "PKM"
_MULTIPLY = re.compile(r"(?<=[\d\s.])[x×*хХ](?=\s*\d)", re.IGNORECASE)
_NOISE = re.compile(r"[^a-z0-9./'\s-]+")
_SPACES = re.compile(r"\s+")
_FOLD = LATIN | str.maketrans({"’": "'", "×": "x"})


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """The comparable form of ``text`` (see the module docstring)."""
    t = strip_accents(text.translate(_FOLD).casefold())
    # Each rewrite runs only where its character occurs: this runs on every
    # imported firearm.
    if "," in t:
        t = _DECIMAL_COMMA.sub(".", t)
    if "." in t:
        t = _LETTER_DOTS.sub("", t)
    t = _MULTIPLY.sub("x", t)
    t = _NOISE.sub(" ", t)
    return _SPACES.sub(" ", t).strip()


def squash(text: str) -> str:
    """``fold`` without spaces, hyphens or apostrophes: "AK-47" → "ak47"."""
    return re.sub(r"[\s\-']+", "", fold(text))


# A word may keep a leading dot when it starts a number (".38", ".303"):
# inch calibres are written that way and a bare "38" is more often a count.
_TOKEN = re.compile(r"(?:(?<![a-z0-9])\.(?=\d))?[a-z0-9]+(?:[./x-][a-z0-9]+)*")


def tokens(folded: str) -> list[str]:
    return _TOKEN.findall(folded)
