"""Countries as lists and officers write them, read into ISO 3166-1 alpha-2.

Lists name nationalities in many ways: a code (``ML``, ``MLI``), a short or
official name (``Mali``, ``Syrian Arab Republic``), a demonym
(``Algerian``), or a name with a note (``Bahrain (citizenship revoked in
Jan. 2015)``, ``Possibly Ethiopian``). Each is read to a code where one
country is meant; anything else is left unread rather than guessed.

Pure: ``pycountry`` carries the names.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

from kafo.matching.names import fold

# Names pycountry does not carry (a former name, a short form).
# Names pycountry does not carry (a former or French name, a demonym that
# starts like another country's name).
_OTHER_NAMES = {
    "turkey": "TR",
    "democratic republic of the congo": "CD",
    "state of palestine": "PS",
    "ivory coast": "CI",
    "cote divoire": "CI",
    "ivoirien": "CI",
    "ivoirienne": "CI",
    "nigerien": "NE",
    "nigerienne": "NE",
    "rpdc": "KP",
}
_LEADING = re.compile(r"^(possibly|probably)\s+")
_TRAILING = re.compile(r"\b(believed|by birth|citizenship|nationality|passport)\b.*$")


@cache
def _names() -> dict[str, str]:
    out: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                out[fold(value)] = c.alpha_2
                out[fold(value.split(",")[0])] = c.alpha_2  # "Palestine, State of"
    return out | _OTHER_NAMES


def _demonym(word: str) -> str | None:
    """ "algerian" → DZ: the one country name the word starts like."""
    names = _names()
    for cut in range(4):
        stem = word[: len(word) - cut] if cut else word
        if len(stem) < 4:
            break
        found = {code for name, code in names.items() if name.startswith(stem)}
        if len(found) == 1:
            return found.pop()
    return None


@cache
def country_code(text: str) -> str | None:
    """The alpha-2 code of the one country ``text`` names, or None."""
    raw = text.strip()
    if len(raw) in (2, 3) and raw.isalpha() and raw.isupper():
        found = (
            pycountry.countries.get(alpha_2=raw)
            if len(raw) == 2
            else pycountry.countries.get(alpha_3=raw)
        )
        if found is not None:
            return str(found.alpha_2)
    folded = fold(re.split(r"[(.;]", raw)[0])
    folded = _TRAILING.sub("", _LEADING.sub("", folded)).strip()
    if not folded:
        return None
    names = _names()
    if folded in names:
        return names[folded]
    return _demonym(folded)
