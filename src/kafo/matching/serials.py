"""Serial-number canonical form.

The canonical form is what exact lookup compares: NFKC-folded, upper case,
with separators (space, dash, dot, slash, underscore) removed. Letters are
not substituted here (O stays O): look-alike handling is the record checks'
job, which must be able to explain it. Obliteration marks ``?`` and ``*`` are
kept because they mean something.
"""

from __future__ import annotations

import unicodedata

SEPARATORS = frozenset(" \t-–—._/\\")
SERIAL_ALGORITHM_VERSION = "serial-canon/1"


def canonical_serial(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).upper()
    kept = "".join(ch for ch in folded if ch not in SEPARATORS)
    # Removing a separator can bring a letter and a combining mark together.
    return unicodedata.normalize("NFKC", kept)
