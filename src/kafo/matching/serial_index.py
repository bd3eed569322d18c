"""An in-memory index of serial skeletons, searched without scanning.

Rows are numbered in the order they are added and never reused; a row holds
a skeleton and the canonical serial it was folded from. A removed row is
marked dead and skipped. The index has two parts:

- the *base*, numpy arrays sorted once: for each of the six key numbers of
  :func:`~kafo.matching.serial_search.index_keys`, the keys and their rows;
  and the rows in skeleton order and in reversed-skeleton order (exact
  lookup, prefix and suffix ranges);
- the *delta*, the rows added since, in Python dictionaries and sorted
  lists, folded into the base (:meth:`SerialIndex.merge`) once it holds
  :data:`MERGE_AT` rows.

A search probes the same keys as the database index would
(:func:`~kafo.matching.serial_search.probe_keys`), reads the candidate rows
with a binary search per key, and checks each candidate exactly
(rapidfuzz OSA distance, or the partial pattern). Work is bounded: when the
probed keys cover more than ``budget`` rows the search stops and says so.

Memory per row is about 90 bytes: skeleton and canonical as numpy strings
(16 bytes each for up to 15 bytes of text), six 32-bit key hashes with their
32-bit rows, and two sort orders.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.dtypes import StringDType
from rapidfuzz import process
from rapidfuzz.distance import OSA

from kafo.matching.serial_search import (
    MIN_INDEXED,
    MIN_PARTIAL_CHARS,
    PAIRS,
    SerialQuery,
    index_keys,
    partial_keys,
    probe_keys,
    segments,
)

KEY_NUMBERS = 6
MERGE_AT = 100_000  # delta rows folded into the base
_CHUNK = 100_000  # rows whose keys are computed at once when building
_HASHED = 1 << 61  # see kafo.matching.serial_search.segment_key
# Above every character: "s < prefix + _TOP" for every s starting with prefix.
_TOP = "\U0010ffff"


# The sorted base keeps 32-bit hashes of the 64-bit keys (multiplicative
# hashing): half the memory. Two keys sharing a hash only add candidates,
# which are checked exactly like any other.
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def hashed(keys: Any) -> Any:
    """32-bit hashes of 64-bit keys (a numpy array of uint64)."""
    with np.errstate(over="ignore"):
        return ((keys * _GOLDEN) >> np.uint64(32)).astype(np.uint32)


def key_number(key: int) -> int:
    """The segment or pair number (0-5) a key was made for."""
    return (key >> 37) & 7 if key >= _HASHED else (key >> 52) & 7


class Column:
    """A growable numpy array (amortised appends along the first axis)."""

    def __init__(self, dtype: Any, values: Any = None) -> None:
        self.data = np.asarray(values if values is not None else [], dtype=dtype)
        self.size = len(self.data)

    def reserve(self, more: int, grow: float = 1.0) -> None:
        """Make room for ``more`` rows (and ``grow`` times the size, at least)."""
        need = self.size + more
        if need > len(self.data):
            rows = max(need, int(grow * len(self.data)), 1024)
            grown = np.empty((rows, *self.data.shape[1:]), dtype=self.data.dtype)
            grown[: self.size] = self.data[: self.size]
            self.data = grown

    def extend(self, values: Any) -> None:
        extra = np.asarray(values, dtype=self.data.dtype)
        need = self.size + len(extra)
        self.reserve(len(extra), grow=1.5)
        self.data[self.size : need] = extra
        self.size = need

    @property
    def view(self) -> Any:
        return self.data[: self.size]


@dataclass
class Found:
    """Rows matching a query (distinct), with their edit counts (0 for a
    partial fit)."""

    rows: Any = field(default_factory=lambda: np.empty(0, np.int64))
    edits: Any = field(default_factory=lambda: np.empty(0, np.int8))
    overflow: bool = False  # the budget was reached: refine the query
    candidates: int = 0  # rows read from the index


# Base-36 digit of each ASCII byte (255: not a Latin letter or digit), as
# int(text, 36) reads it.
_DIGIT = np.full(256, 255, np.uint8)
for _n, _ch in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
    _DIGIT[ord(_ch)] = _DIGIT[ord(_ch.lower())] = _n
# Up to this length every segment and pair of segments is packed, never
# hashed (fifteen characters: pairs of ten).
_PACKED_UP_TO = 15


def _keys_of(skeletons: Sequence[str], first_row: int) -> list[tuple[Any, Any]]:
    """(keys, rows) per key number for a run of rows starting at
    ``first_row``: the keys of :func:`index_keys`, computed with numpy for
    skeletons of Latin letters and digits up to :data:`_PACKED_UP_TO`
    characters (nearly all), one by one for the others."""
    per: list[list[tuple[Any, Any]]] = [[] for _ in range(KEY_NUMBERS)]
    by_length: dict[int, list[int]] = defaultdict(list)
    slow: list[int] = []
    for i, skel in enumerate(skeletons):
        n = len(skel)
        if MIN_INDEXED <= n <= _PACKED_UP_TO and skel.isascii():
            by_length[n].append(i)
        else:
            slow.append(i)
    for n, members in by_length.items():
        raw = "".join([skeletons[i] for i in members]).encode("ascii")
        digits = _DIGIT[np.frombuffer(raw, np.uint8)].reshape(len(members), n)
        ok = (digits < 36).all(axis=1)
        where = np.array(members, np.int64)
        slow += where[~ok].tolist()
        rows = (where[ok] + first_row).astype(np.int32)
        values = digits[ok].astype(np.uint64)
        parts = segments(n)
        spans = [[part] for part in parts] + [[parts[a], parts[b]] for a, b in PAIRS]
        for number, span in enumerate(spans):
            key = np.zeros(len(rows), np.uint64)
            for start, size in span:
                for column in range(start, start + size):
                    key = key * np.uint64(36) + values[:, column]
            per[number].append((key | np.uint64((n << 55) | (number << 52)), rows))
    loose: list[tuple[list[int], list[int]]] = [([], []) for _ in range(KEY_NUMBERS)]
    for i in slow:
        for one in index_keys(skeletons[i]):
            one_keys, one_rows = loose[key_number(one)]
            one_keys.append(one)
            one_rows.append(i + first_row)
    out = []
    for number, (one_keys, one_rows) in enumerate(loose):
        runs = [*per[number], (np.array(one_keys, np.uint64), np.array(one_rows, np.int32))]
        out.append((np.concatenate([k for k, _ in runs]), np.concatenate([r for _, r in runs])))
    return out


class SerialIndex:
    def __init__(self) -> None:
        self.skeletons = Column(StringDType())
        self.canonicals = Column(StringDType())
        self.alive = Column(np.bool_)
        self._keys: list[Any] = [np.empty(0, np.uint32) for _ in range(KEY_NUMBERS)]
        self._key_rows: list[Any] = [np.empty(0, np.int32) for _ in range(KEY_NUMBERS)]
        self._order: Any = np.empty(0, np.int32)  # base rows by skeleton
        self._reversed_order: Any = np.empty(0, np.int32)  # by reversed skeleton
        self._base_rows = 0  # rows below this number are in the base
        self._delta_keys: dict[int, list[int]] = defaultdict(list)
        self._delta_sorted: list[tuple[str, int]] = []
        self._delta_reversed: list[tuple[str, int]] = []
        self._unmerged = False  # rows were added with defer: merge before searching

    # --- Building and changing -------------------------------------------

    def add_many(
        self, skeletons: Sequence[str], canonicals: Sequence[str], *, defer: bool = False
    ) -> range:
        """Add rows; returns their numbers. Small additions go to the delta;
        large ones, and any with ``defer``, wait for :meth:`merge` (one sort
        for all), which must come before the next search."""
        first = self.skeletons.size
        self.skeletons.extend(skeletons)
        self.canonicals.extend(canonicals)
        self.alive.extend(np.ones(len(skeletons), np.bool_))
        rows = range(first, first + len(skeletons))
        if defer or self._unmerged:
            self._unmerged = True
            return rows
        if len(skeletons) >= MERGE_AT:
            self.merge()
            return rows
        for n, skel in zip(rows, skeletons, strict=True):
            for key in index_keys(skel):
                self._delta_keys[key].append(n)
            bisect.insort(self._delta_sorted, (skel, n))
            bisect.insort(self._delta_reversed, (skel[::-1], n))
        if self.skeletons.size - self._base_rows >= MERGE_AT:
            self.merge()
        return rows

    def remove(self, rows: Iterable[int]) -> None:
        for n in rows:
            self.alive.data[n] = False

    def reserve(self, more: int) -> None:
        """Make room for ``more`` rows to come (a load of known size)."""
        for column in (self.skeletons, self.canonicals, self.alive):
            column.reserve(more)

    def merge(self) -> None:
        """Fold the delta into the sorted base, dropping dead rows from it.
        Arrays are built one key number at a time, and what is no longer
        needed is let go at once (ten million rows must fit in memory)."""
        alive = self.alive.view
        start = self._base_rows
        count = self.skeletons.size - start
        fresh: list[tuple[Column, Column] | None] = []
        for _ in range(KEY_NUMBERS):
            keys, rows = Column(np.uint32), Column(np.int32)
            keys.reserve(count)
            rows.reserve(count)
            fresh.append((keys, rows))
        for first in range(start, self.skeletons.size, _CHUNK):
            chunk = self.skeletons.data[first : min(first + _CHUNK, self.skeletons.size)]
            for pair, (new_keys, new_rows) in zip(
                fresh, _keys_of(chunk.tolist(), first), strict=True
            ):
                assert pair is not None
                pair[0].extend(hashed(new_keys))
                pair[1].extend(new_rows)
        for number in range(KEY_NUMBERS):
            pair = fresh[number]
            assert pair is not None
            keep = alive[self._key_rows[number]]
            all_keys = np.concatenate([self._keys[number][keep], pair[0].view])
            all_rows = np.concatenate([self._key_rows[number][keep], pair[1].view])
            fresh[number] = None
            self._keys[number] = np.empty(0, np.uint32)
            self._key_rows[number] = np.empty(0, np.int32)
            order = np.argsort(all_keys, kind="stable")
            self._keys[number] = all_keys[order]
            del all_keys
            self._key_rows[number] = all_rows[order]
            del all_rows, order
        if bool(alive.all()):
            live, skeletons = None, self.skeletons.view
        else:
            live = np.flatnonzero(alive).astype(np.int32)
            skeletons = self.skeletons.view[live]
        order = np.argsort(skeletons, kind="stable").astype(np.int32)
        self._order = order if live is None else live[order]
        order = np.argsort(np.strings.slice(skeletons, None, None, -1), kind="stable")
        self._reversed_order = order.astype(np.int32) if live is None else live[order]
        self._base_rows = self.skeletons.size
        self._delta_keys.clear()
        self._delta_sorted.clear()
        self._delta_reversed.clear()
        self._unmerged = False

    @property
    def delta_rows(self) -> int:
        return self.skeletons.size - self._base_rows

    def __len__(self) -> int:
        return int(np.count_nonzero(self.alive.view))

    def nbytes(self) -> int:
        """Memory held by the base arrays and the strings (not the delta)."""
        arrays: list[Any] = [*self._keys, *self._key_rows, self._order, self._reversed_order]
        strings = self.skeletons.data.nbytes + self.canonicals.data.nbytes
        return int(sum(a.nbytes for a in arrays) + strings + self.alive.data.nbytes)

    # --- Searching ---------------------------------------------------------

    def _bisect(self, order: Any, value: str, reverse: bool) -> int:
        """The first position in ``order`` whose skeleton (or reversed
        skeleton) is not below ``value``."""
        skeletons = self.skeletons.data
        lo, hi = 0, len(order)
        while lo < hi:
            mid = (lo + hi) // 2
            text = str(skeletons[order[mid]])
            if (text[::-1] if reverse else text) < value:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _between(
        self, low: str, high: str, reverse: bool, budget: int | None = None
    ) -> tuple[list[int], bool]:
        """Live rows whose skeleton (or reversed skeleton) is in [low, high),
        base and delta; the flag says ``budget`` was reached (no rows then)."""
        order = self._reversed_order if reverse else self._order
        delta = self._delta_reversed if reverse else self._delta_sorted
        lo, hi = self._bisect(order, low, reverse), self._bisect(order, high, reverse)
        d_lo = bisect.bisect_left(delta, (low, -1))
        d_hi = bisect.bisect_left(delta, (high, -1))
        if budget is not None and (hi - lo) + (d_hi - d_lo) > budget:
            return [], True
        alive = self.alive.data
        rows = order[lo:hi].tolist() + [n for _, n in delta[d_lo:d_hi]]
        return [n for n in rows if alive[n]], False

    def exact(self, skel: str) -> list[int]:
        """Live rows whose skeleton is ``skel``."""
        return self._between(skel, skel + "\0", False)[0]

    def _by_keys(self, keys: Iterable[int], budget: int) -> tuple[Any, int]:
        """Distinct live rows stored under any of ``keys``, and how many
        index entries that read (more than ``budget``: nothing is read)."""
        probes: list[list[int]] = [[] for _ in range(KEY_NUMBERS)]
        extra: list[int] = []
        for key in keys:
            probes[key_number(key)].append(key)
            extra.extend(self._delta_keys.get(key, ()))
        spans: list[Any] = []
        total = len(extra)
        for number, wanted in enumerate(probes):
            if not wanted:
                continue
            column = self._keys[number]
            probe = hashed(np.array(wanted, dtype=np.uint64))
            lo = np.searchsorted(column, probe, "left")
            hi = np.searchsorted(column, probe, "right")
            total += int((hi - lo).sum())
            spans.extend(
                self._key_rows[number][a:b]
                for a, b in zip(lo.tolist(), hi.tolist(), strict=True)
                if b > a
            )
        if total > budget:
            return np.empty(0, np.int64), total
        rows = np.unique(np.concatenate([*spans, np.array(extra, dtype=np.int32)]))
        return rows[self.alive.data[rows]], total

    def search(self, query: SerialQuery, budget: int) -> Found:
        """Every live row matching ``query``, reading at most ``budget``
        index entries for the fuzzy or partial part."""
        if self._unmerged:
            self.merge()
        found = Found()
        if query.partial:
            self._partial(query, budget, found)
            return found
        exact = np.array(self.exact(query.skeleton), np.int64)
        found.rows, found.edits = exact, np.zeros(len(exact), np.int8)
        if not query.edits:
            return found
        rows, found.candidates = self._by_keys(probe_keys(query.skeleton, query.edits), budget)
        if found.candidates > budget:
            found.overflow = True
            return found
        skeletons = self.skeletons.data[rows]
        # One C loop over the candidates (rapidfuzz); beyond the budget the
        # distance is reported as budget + 1.
        edits = process.cdist(
            [query.skeleton],
            skeletons.tolist(),
            scorer=OSA.distance,
            score_cutoff=query.edits,
            dtype=np.int8,
        )[0]
        keep = (edits <= query.edits) & (
            (edits == 0) | (np.strings.str_len(skeletons) >= MIN_INDEXED)
        )
        # Exact rows are among the candidates too (same keys), unless too
        # short to be indexed: keep each row once.
        rows, edits = (
            np.concatenate([exact, rows[keep]]),
            np.concatenate([found.edits, edits[keep]]),
        )
        found.rows, first = np.unique(rows, return_index=True)
        found.edits = edits[first]
        return found

    def _partial(self, query: SerialQuery, budget: int, found: Found) -> None:
        assert query.pattern is not None
        keys = partial_keys(query)
        if keys is not None:
            array, found.candidates = self._by_keys(keys, budget)
            found.overflow = found.candidates > budget
            rows = array.tolist()
        else:
            prefix, suffix = query.prefix, query.suffix
            if len(prefix) >= max(len(suffix), MIN_PARTIAL_CHARS):
                rows, found.overflow = self._between(prefix, prefix + _TOP, False, budget)
            else:
                start = suffix[::-1]
                rows, found.overflow = self._between(start, start + _TOP, True, budget)
            found.candidates = len(rows)
        skeletons = self.skeletons.data
        fit = query.pattern.fullmatch
        found.rows = np.unique(np.array([n for n in rows if fit(str(skeletons[n]))], np.int64))
        found.edits = np.zeros(len(found.rows), np.int8)
