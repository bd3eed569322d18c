"""Serial-number canonical form.

The canonical form is what exact lookup compares: NFKC-folded, Cyrillic and
Greek look-alike letters written as the Latin ones, upper case, with
separators (space, dash, dot, slash, underscore) removed. Latin letters and
digits are not substituted for each other here (O stays O, 0 stays 0):
look-alike handling is the record checks' job, which must be able to explain
it. Obliteration marks ``?`` and ``*`` are kept because they mean something.
"""

from __future__ import annotations

import unicodedata

from kafo.matching.homoglyphs import to_latin

SEPARATORS = frozenset(" \t-–—._/\\")
SERIAL_ALGORITHM_VERSION = "serial-canon/2"


def canonical_serial(value: str) -> str:
    # Upper-casing first: a small Greek letter may become a look-alike capital.
    folded = to_latin(unicodedata.normalize("NFKC", value).upper())
    kept = "".join(ch for ch in folded if ch not in SEPARATORS)
    # Removing a separator can bring a letter and a combining mark together.
    return unicodedata.normalize("NFKC", kept)
