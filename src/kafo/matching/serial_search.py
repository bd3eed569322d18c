"""Serial numbers that are probably the same marking, read or typed wrongly.

Four kinds of agreement, from strongest to weakest:

- **exact**: the canonical forms are equal (:func:`canonical_serial` already
  ignores case, separators and Cyrillic or Greek look-alike letters);
- **look-alike**: equal once confusable characters are folded together
  (0/O/D/Q, 1/I/L, 5/S, 8/B, 2/Z, 6/G): the *skeleton*;
- **fuzzy**: skeletons within an edit budget, counting a substitution, an
  insertion, a deletion or a swap of two neighbours as one edit (optimal
  string alignment distance);
- **partial**: the query marks obliterated characters, ``?`` for one and
  ``*`` for any run; what can be read must agree.

The search never scans a registry. Every indexed skeleton of at least
:data:`MIN_INDEXED` characters is cut into three segments, and each segment
is stored under a 64-bit key of (length, segment number, text). Two strings
within two edits share at least one whole segment, shifted by at most the
number of edits, unless a swap of neighbours straddles a segment boundary;
that case is covered by also probing the query with each pair of neighbours
swapped back, with one edit less. :func:`probe_keys` lists the keys to look
up; the candidates they return are then checked exactly. Recall is that of
an exhaustive comparison with the same rules (tested against one).

Everything here is pure: the database adapter stores and looks up the keys.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from kafo.matching.serials import canonical_serial

# Characters read for one another on worn markings and in handwriting.
LOOKALIKE_GROUPS = ("0ODQ", "1IL", "5S", "8B", "2Z", "6G")
_FOLD = str.maketrans({ch: group[0] for group in LOOKALIKE_GROUPS for ch in group[1:]})

MAX_LENGTH = 40  # longer than any real serial: refused, not searched
MIN_INDEXED = 3  # shorter serials are found by exact and look-alike lookup only
MAX_EDITS = 2
SEGMENTS = MAX_EDITS + 1
# Literal characters a partial serial must keep, at its start or its end
# (or in one whole segment when its length is known), to be searched.
MIN_PARTIAL_CHARS = 3
WILDCARDS = frozenset("?*")


class SerialQueryError(ValueError):
    """A serial that cannot be searched; the message says why."""


def skeleton(canonical: str) -> str:
    """The canonical serial with look-alike characters folded together."""
    return canonical.translate(_FOLD)


def default_edits(length: int) -> int:
    """The edit budget for a serial of ``length`` characters.

    Within two edits of an eight-digit serial lie thousands of possible
    serials, and in a registry numbered in lots dozens of real ones, most of
    them other weapons of the same lot. Short serials are matched exactly
    (after look-alike folding), serials of five to nine characters with one
    edit, longer ones with two. A check may ask for up to two on any serial.
    """
    if length < 5:
        return 0
    return 1 if length < 10 else 2


@lru_cache(maxsize=64)
def segments(length: int) -> tuple[tuple[int, int], ...]:
    """(start, size) of the three segments of a string of ``length``."""
    base, extra = divmod(length, SEGMENTS)
    out = []
    start = 0
    for i in range(SEGMENTS):
        size = base + (1 if i >= SEGMENTS - extra else 0)
        out.append((start, size))
        start += size
    return tuple(out)


_PACKED_CHARS = 10  # 36**10 < 2**52: such a segment is packed exactly
_HASHED = 1 << 61  # keys of longer or non-Latin segments start here
# Key numbers: 0-2 a single segment, 3-5 a pair of segments.
PAIRS = ((0, 1), (0, 2), (1, 2))


def segment_key(length: int, number: int, text: str) -> int:
    """The 64-bit key of one segment (or pair), the same in every process.

    A text of up to ten Latin letters and digits is packed exactly (base
    36), so keys never collide; any other is hashed (CRC-32) above every
    packed key. A collision only adds candidates, which are checked.
    """
    if len(text) <= _PACKED_CHARS and text.isascii() and text.isalnum():
        return (length << 55) | (number << 52) | int(text, 36)
    return _HASHED | (length << 40) | (number << 37) | zlib.crc32(text.encode())


def index_keys(skel: str) -> list[int]:
    """Keys stored for an indexed skeleton: its three segments, and the
    three pairs of them (none for short skeletons)."""
    n = len(skel)
    if n < MIN_INDEXED or WILDCARDS.intersection(skel):
        return []
    parts = [skel[p : p + size] for p, size in segments(n)]
    keys = [segment_key(n, i, part) for i, part in enumerate(parts)]
    keys += [segment_key(n, 3 + j, parts[a] + parts[b]) for j, (a, b) in enumerate(PAIRS)]
    return keys


def _pairs(q: str, edits: int, keys: set[int]) -> None:
    """Keys of the pairs of segments that a string within one edit of ``q``
    (with no swap across a segment boundary) keeps intact.

    One edit touches one segment: the other two are intact, the one before
    it in place and the one after it moved by the difference in length.
    """
    n = len(q)
    for length in range(max(MIN_INDEXED, n - edits), n + edits + 1):
        delta = n - length
        (p0, s0), (p1, s1), (p2, s2) = segments(length)
        # (pair number, [(start in q, size)]) for an edit in segment 2, 1, 0.
        for number, spans in (
            (3, ((p0, s0), (p1, s1))),
            (4, ((p0, s0), (p2 + delta, s2))),
            (5, ((p1 + delta, s1), (p2 + delta, s2))),
        ):
            if all(start >= 0 and start + size <= n for start, size in spans):
                text = "".join(q[start : start + size] for start, size in spans)
                keys.add(segment_key(length, number, text))


def _pigeonhole(q: str, edits: int, keys: set[int]) -> None:
    """Keys of the segments that a string within ``edits`` of ``q`` (with no
    swap across a segment boundary) must keep intact.

    Of the three segments, take the first that is intact and has exactly as
    many edits before it as segments before it (one always exists when
    there are fewer edits than segments). Its start moves by at most that
    many characters, and the rest of the string holds the remaining edits:
    a handful of positions to probe per length instead of every shift
    (the multi-match-aware selection of Pass-Join).
    """
    n = len(q)
    for length in range(max(MIN_INDEXED, n - edits), n + edits + 1):
        delta = n - length
        for i, (p, size) in enumerate(segments(length)[: edits + 1]):
            right = edits - i
            for shift in range(max(-i, delta - right), min(i, delta + right) + 1):
                start = p + shift
                if start >= 0 and start + size <= n:
                    keys.add(segment_key(length, i, q[start : start + size]))


def probe_keys(q: str, edits: int) -> frozenset[int]:
    """Keys to look up to find every indexed skeleton within ``edits`` of ``q``."""
    return _probe_keys(q, edits)


@lru_cache(maxsize=4096)
def _probe_keys(q: str, edits: int) -> frozenset[int]:
    keys: set[int] = set()
    if edits <= 1:
        _pairs(q, edits, keys)
    else:
        _pigeonhole(q, edits, keys)
    if edits:
        for j in range(len(q) - 1):
            if q[j] != q[j + 1]:
                swapped = q[:j] + q[j + 1] + q[j] + q[j + 2 :]
                keys.update(_probe_keys(swapped, edits - 1))
    return frozenset(keys)


@dataclass(frozen=True)
class SerialQuery:
    """A serial as written, read for searching."""

    written: str
    canonical: str
    skeleton: str
    edits: int  # the edit budget (0 for a partial serial)
    pattern: re.Pattern[str] | None = None  # for a partial serial, over skeletons

    @property
    def partial(self) -> bool:
        return self.pattern is not None

    @property
    def prefix(self) -> str:
        """The readable characters before the first wildcard."""
        return re.split(r"[?*]", self.skeleton, maxsplit=1)[0]

    @property
    def suffix(self) -> str:
        """The readable characters after the last wildcard."""
        return re.split(r"[?*]", self.skeleton)[-1]


def read_query(written: str, edits: int | None = None) -> SerialQuery:
    """Read a serial for searching, or say why it cannot be searched."""
    canonical = canonical_serial(written or "")
    if not canonical:
        raise SerialQueryError("the serial is empty")
    if len(canonical) > MAX_LENGTH:
        raise SerialQueryError(
            f"the serial has {len(canonical)} characters; at most {MAX_LENGTH} are searched"
        )
    if not all(ch.isalnum() or ch in WILDCARDS for ch in canonical):
        bad = next(ch for ch in canonical if not (ch.isalnum() or ch in WILDCARDS))
        raise SerialQueryError(f"the serial contains {bad!r}; only letters and digits are read")
    skel = skeleton(canonical)
    if edits is not None and not 0 <= edits <= MAX_EDITS:
        raise SerialQueryError(f"the edit budget must be between 0 and {MAX_EDITS}")
    if WILDCARDS.intersection(skel):
        return _partial(written, canonical, skel)
    return SerialQuery(
        written, canonical, skel, default_edits(len(skel)) if edits is None else edits
    )


def _partial(written: str, canonical: str, skel: str) -> SerialQuery:
    readable = sum(ch not in WILDCARDS for ch in skel)
    if readable < MIN_PARTIAL_CHARS:
        raise SerialQueryError(
            f"too little information: {readable} readable character(s); "
            f"at least {MIN_PARTIAL_CHARS} are needed"
        )
    regex = "".join(
        "." if ch == "?" else ".*" if ch == "*" else re.escape(ch)
        for ch in re.sub(r"\*+", "*", skel)
    )
    query = SerialQuery(written, canonical, skel, 0, re.compile(regex))
    if (
        partial_keys(query) is None
        and max(len(query.prefix), len(query.suffix)) < MIN_PARTIAL_CHARS
    ):
        raise SerialQueryError(
            "too little information: a partial serial needs "
            f"{MIN_PARTIAL_CHARS} readable characters together at its start or its end"
            " (or, without '*', in one third of it)"
        )
    return query


def partial_keys(query: SerialQuery) -> frozenset[int] | None:
    """For a partial serial of known length (``?`` only), the keys of its
    fully readable pairs of segments, or else of its readable segments;
    None if it has none or its length is open."""
    skel = query.skeleton
    if "*" in skel or len(skel) < MIN_INDEXED:
        return None
    n = len(skel)
    parts = [skel[p : p + size] for p, size in segments(n)]
    # One readable part suffices (a match agrees on every readable
    # character): the longest pair, or else the longest segment.
    readable = [
        (len(parts[a] + parts[b]), segment_key(n, 3 + j, parts[a] + parts[b]))
        for j, (a, b) in enumerate(PAIRS)
        if "?" not in parts[a] + parts[b]
    ] or [(len(part), segment_key(n, i, part)) for i, part in enumerate(parts) if "?" not in part]
    return frozenset({max(readable)[1]}) if readable else None


def matches(query: SerialQuery, skel: str) -> int | None:
    """The number of edits between the query and an indexed skeleton, if
    within the budget (0 for a partial serial that fits); else None."""
    if query.pattern is not None:
        return 0 if query.pattern.fullmatch(skel) else None
    if skel == query.skeleton:
        return 0
    if abs(len(skel) - len(query.skeleton)) > query.edits or len(skel) < MIN_INDEXED:
        return None
    d = OSA.distance(query.skeleton, skel, score_cutoff=query.edits)
    return d if d <= query.edits else None


# --- Explaining a match ---------------------------------------------------


def differences(written: str, recorded: str) -> list[str]:
    """How two canonical serials differ, position by position (1-based, in
    the recorded serial), in words: "position 4: 0 here, O recorded (look-alike)"."""
    # Identical leading and trailing characters need no explaining: align
    # what lies between them (a few characters), and count positions from
    # the start of the recorded serial.
    p = 0
    while p < min(len(written), len(recorded)) and written[p] == recorded[p]:
        p += 1
    q = 0
    while q < min(len(written), len(recorded)) - p and written[-1 - q] == recorded[-1 - q]:
        q += 1
    a, b = written[p : len(written) - q], recorded[p : len(recorded) - q]
    sa, sb = skeleton(a), skeleton(b)  # equal there: the same or look-alikes
    n, m = len(a), len(b)
    # Optimal string alignment, with look-alikes costing nothing.
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            same = sa[i - 1] == sb[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (0 if same else 1))
            if i > 1 and j > 1 and sa[i - 1] == sb[j - 2] and sa[i - 2] == sb[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    out: list[str] = []
    i, j = n, m
    while i > 0 or j > 0:
        if (
            i > 1
            and j > 1
            and sa[i - 1] == sb[j - 2]
            and sa[i - 2] == sb[j - 1]
            and sa[i - 1] != sa[i - 2]
            and d[i][j] == d[i - 2][j - 2] + 1
        ):
            plain = a[i - 2] == b[j - 1] and a[i - 1] == b[j - 2]
            how = "swapped" if plain else "swapped, look-alike"
            out.append(
                f"positions {p + j - 1}-{p + j}: {a[i - 2 : i]} here, "
                f"{b[j - 2 : j]} recorded ({how})"
            )
            i, j = i - 2, j - 2
            continue
        if i > 0 and j > 0:
            same = a[i - 1] == b[j - 1]
            alike = not same and sa[i - 1] == sb[j - 1]
            cost = 0 if same or alike else 1
            if d[i][j] == d[i - 1][j - 1] + cost:
                if alike:
                    out.append(
                        f"position {p + j}: {a[i - 1]} here, {b[j - 1]} recorded (look-alike)"
                    )
                elif not same:
                    out.append(f"position {p + j}: {a[i - 1]} here, {b[j - 1]} recorded")
                i, j = i - 1, j - 1
                continue
        if j > 0 and d[i][j] == d[i][j - 1] + 1:
            out.append(f"position {p + j}: {b[j - 1]} missing")
            j -= 1
            continue
        out.append(f"after position {p + j}: extra {a[i - 1]}")
        i -= 1
    return out[::-1]
