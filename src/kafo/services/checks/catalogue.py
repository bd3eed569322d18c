"""The serials of every registry record and seized firearm, in memory.

Checks search a :class:`~kafo.matching.serial_index.SerialIndex` held by the
process, one per database, with beside each row what ranking needs without
reading the database: the source and id of the item, its owner country and
its standard make, model, calibre and country of manufacture. Only the hits
a check returns are read from the database.

**Kept in step.** Every change to an indexed serial appends a row to the
``serial_changes`` log in the same transaction (:mod:`kafo.services.checks.index`).
Before each search the catalogue reads the log rows it has not applied and
reloads those items: a change committed by any process is seen by the next
check of every other. The first check of a process loads the catalogue from
the record tables (a few seconds per million serials; measured in
docs/benchmarks.md); nothing is kept on disk beside the database, so there
is nothing to go stale after a restart.

On SQLite writers are serialised, so the log's sequence is the commit order
and "every row above the last one applied" is exact. On PostgreSQL
transactions commit out of sequence order, so each log row carries its
transaction id and the catalogue re-reads every row of the transactions that
were still running at its last read (``pg_snapshot_xmin``), skipping those
already applied.

**The writing session.** Changes not yet committed are invisible to other
sessions but must be seen by the session that made them (a seizure's
firearms are checked against each other before the commit). Such a session
searches the shared catalogue without the items it changed, plus a small
catalogue of those items read through its own connection.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from numpy.dtypes import StringDType
from sqlalchemy import Connection, Engine, Select, String, Table, func, select, type_coerce
from sqlalchemy.orm import Session

from kafo.matching.serial_index import MERGE_AT, Column, SerialIndex
from kafo.matching.serial_search import SerialQuery
from kafo.model.registry import RegistryRecord, SerialChange
from kafo.model.seizure import Firearm, Seizure
from kafo.model.vocab import MatchKind, SerialSource
from kafo.services.changelog import LogReader

MAX_CANDIDATES = 100_000  # index entries read for one query, at most
RELOAD_AT = 2_000_000  # unapplied changes above which the catalogue is reloaded
_LOAD_CHUNK = 50_000
_ID_CHUNK = 500
_SOURCES = (SerialSource.REGISTRY, SerialSource.FIREARM)
_LOW = (1 << 64) - 1
# session.info keys: the items the session changed and has not committed
# (with the generation of their last change), the generation counter, and
# the session's own catalogue of them (with the generation it holds).
PENDING = "kafo.serial_pending"
GENERATION = "kafo.serial_generation"
OVERLAY = "kafo.serial_overlay"


@dataclass(frozen=True)
class Match:
    source: SerialSource
    item_id: uuid.UUID
    skeleton: str
    kind: MatchKind
    edits: int
    canonical: str  # of the matched serial
    owner: str
    # Standard make, model, calibre and country of manufacture of the item.
    evidence: tuple[str | None, str | None, str | None, str | None]


def _among(high: Any, low: Any, ids: frozenset[uuid.UUID]) -> Any:
    """A mask of the ids (given as halves) that are among ``ids``."""
    mask = np.zeros(len(low), np.bool_)
    if ids and len(low):
        wanted = {u.int for u in ids}
        lows = np.array([n & _LOW for n in wanted], np.uint64)
        for i in np.flatnonzero(np.isin(low, lows)).tolist():
            mask[i] = (int(high[i]) << 64 | int(low[i])) in wanted
    return mask


KINDS = (MatchKind.EXACT, MatchKind.LOOKALIKE, MatchKind.FUZZY, MatchKind.PARTIAL)
EXACT, LOOKALIKE, FUZZY, PARTIAL = range(4)


MAX_WORDS = (1 << 16) - 1  # codes are stored as 16-bit numbers


class Vocabulary:
    """Codes of the owners and standard descriptions held by every
    catalogue of the process (code 0 is "not recorded")."""

    def __init__(self) -> None:
        self.words: list[str | None] = [None]
        self.codes: dict[str | None, int] = {None: 0}
        self._lock = threading.Lock()

    def coded(self, words: Sequence[str | None]) -> list[int]:
        """The words' codes, new words added (a few hundred distinct ones)."""
        with self._lock:
            for word in set(words).difference(self.codes):
                if len(self.words) > MAX_WORDS:
                    # Standard descriptions come from the firearm reference
                    # (about a thousand values): this is a bug, not data.
                    raise RuntimeError(f"more than {MAX_WORDS} distinct owners or descriptions")
                self.codes[word] = len(self.words)
                self.words.append(word)
        codes = self.codes
        return [codes[w] for w in words]

    def code(self, word: str | None) -> int:
        """The word's code; -1 for a word no catalogue holds."""
        return self.codes.get(word, -1)


VOCABULARY = Vocabulary()


@dataclass
class Found:
    """The items matching one query, as arrays (one entry per item), taken
    from one or two catalogues (the shared one and the session's own)."""

    catalogues: list[Catalogue] = field(default_factory=list)
    part: Any = field(default_factory=lambda: np.empty(0, np.int8))  # which catalogue
    rows: Any = field(default_factory=lambda: np.empty(0, np.int64))
    edits: Any = field(default_factory=lambda: np.empty(0, np.int8))
    kinds: Any = field(default_factory=lambda: np.empty(0, np.int8))  # codes of KINDS
    high: Any = field(default_factory=lambda: np.empty(0, np.uint64))  # the item ids
    low: Any = field(default_factory=lambda: np.empty(0, np.uint64))
    attrs: Any = field(default_factory=lambda: np.empty((0, 5), np.int32))  # owner + evidence
    overflow: bool = False  # the candidate bound was reached: refine the query

    def __len__(self) -> int:
        return len(self.rows)

    def extend(self, cat: Catalogue, rows: Any, edits: Any, kinds: Any) -> None:
        self.catalogues.append(cat)
        number = np.full(len(rows), len(self.catalogues) - 1, np.int8)
        self.part = np.concatenate([self.part, number])
        self.rows = np.concatenate([self.rows, rows])
        self.edits = np.concatenate([self.edits, edits])
        self.kinds = np.concatenate([self.kinds, kinds])
        self.high = np.concatenate([self.high, cat.id_high.data[rows]])
        self.low = np.concatenate([self.low, cat.id_low.data[rows]])
        self.attrs = np.concatenate([self.attrs, cat.attrs.data[rows]])

    def serial_ranks(self) -> Any:
        """Each entry's canonical serial as a rank among these entries: a
        tie-break that does not depend on ids (which imports draw at random),
        so that the same data ranks the same way."""
        texts = np.empty(len(self.rows), dtype=StringDType())
        for k, cat in enumerate(self.catalogues):
            mask = self.part == k
            texts[mask] = cat.index.canonicals.data[self.rows[mask]]
        return np.unique(texts, return_inverse=True)[1].reshape(-1)

    def among(self, ids: frozenset[uuid.UUID]) -> Any:
        """A mask of the entries whose item is one of ``ids``."""
        return _among(self.high, self.low, ids)

    def matches_at(self, picked: Sequence[int]) -> list[Match]:
        """The matches of entries ``picked``, made in one pass."""
        if not len(picked):
            return []
        at = np.asarray(picked, np.int64)
        words = VOCABULARY.words
        texts: list[tuple[str, str]] = []
        sources: list[int] = []
        for part, row in zip(self.part[at].tolist(), self.rows[at].tolist(), strict=True):
            cat = self.catalogues[part]
            texts.append((cat.index.skeletons.data[row], cat.index.canonicals.data[row]))
            sources.append(int(cat.source.data[row]))
        return [
            Match(
                _SOURCES[source],
                uuid.UUID(int=(high << 64) | low),
                str(skel),
                KINDS[kind],
                edits,
                str(canonical),
                words[owner] or "",
                (words[make], words[model], words[calibre], words[country]),
            )
            for source, high, low, (skel, canonical), kind, edits, (
                owner,
                make,
                model,
                calibre,
                country,
            ) in zip(
                sources,
                self.high[at].tolist(),
                self.low[at].tolist(),
                texts,
                self.kinds[at].tolist(),
                self.edits[at].tolist(),
                self.attrs[at].tolist(),
                strict=True,
            )
        ]

    @property
    def matches(self) -> dict[uuid.UUID, Match]:
        """Every match, by item (for tests and small results)."""
        return {m.item_id: m for m in self.matches_at(range(len(self)))}


# A row of the statements below: id (as the driver gives it), canonical,
# skeleton, owner, make, model, calibre, country of manufacture.
Row = tuple[Any, ...]


def _registry_rows() -> Select[*tuple[Any, ...]]:
    r = RegistryRecord
    return select(
        type_coerce(r.id, String),
        r.serial_canonical,
        r.serial_skeleton,
        r.owner_country,
        r.std_make,
        r.std_model,
        r.std_calibre,
        r.std_country,
    ).where(r.serial_skeleton.is_not(None))


def _firearm_rows() -> Select[*tuple[Any, ...]]:
    f = Firearm
    return (
        select(
            type_coerce(f.id, String),
            f.serial_canonical,
            f.serial_skeleton,
            Seizure.owner_country,
            f.std_make,
            f.std_model,
            f.std_calibre,
            func.coalesce(f.country_of_manufacture, f.std_country),
        )
        .join(Seizure, Seizure.id == f.seizure_id)
        .where(f.serial_skeleton.is_not(None))
    )


def _count(source: SerialSource) -> Select[int]:
    table = _table(source)
    return select(func.count()).select_from(table).where(table.serial_skeleton.is_not(None))


def _table(source: SerialSource) -> Any:
    return RegistryRecord if source is SerialSource.REGISTRY else Firearm


def _statement(source: SerialSource) -> Select[*tuple[Any, ...]]:
    return _registry_rows() if source is SerialSource.REGISTRY else _firearm_rows()


def _rows(conn: Connection, stmt: Select[*tuple[Any, ...]]) -> Iterator[Sequence[Row]]:
    """The statement's rows in parts, through Core (no ORM, no id objects:
    loading reads millions)."""
    result = conn.execute(stmt.execution_options(yield_per=_LOAD_CHUNK))
    yield from result.partitions()


def _id_int(value: Any) -> int:
    """An id as the driver gives it (hex text on SQLite, a UUID on PostgreSQL)."""
    return value.int if isinstance(value, uuid.UUID) else int(value, 16)


class Catalogue:
    """Indexed serials with the attributes of their items, by row number."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Empty: the next use loads it again."""
        self.index = SerialIndex()
        self.source = Column(np.uint8)
        self.id_high = Column(np.uint64)
        self.id_low = Column(np.uint64)
        self.attrs = Column(np.uint16, np.empty((0, 5), np.uint16))  # owner + evidence codes
        # Rows in the order of the low half of their id, and those added since.
        self._low_rows = np.empty(0, np.int32)
        self._recent: dict[int, list[int]] = {}
        self.log = LogReader(cast(Table, SerialChange.__table__), ("source", "item_id"))

    def __len__(self) -> int:
        return len(self.index)

    def nbytes(self) -> int:
        """Memory held by the arrays (strings of over 15 bytes, rare in
        serials, take a few bytes more each)."""
        columns = (self.source, self.id_high, self.id_low, self.attrs)
        held = sum(c.data.nbytes for c in columns)
        return int(self.index.nbytes() + held + self._low_rows.nbytes)

    def add(self, source: SerialSource, rows: Sequence[Row], *, defer: bool = False) -> None:
        """Add items of ``source`` (``defer``: part of a large load, indexed
        at its end)."""
        if not rows:
            return
        first = self.index.skeletons.size
        ids, canonicals, skeletons, *attrs = zip(*rows, strict=True)
        self.index.add_many(skeletons, canonicals, defer=defer)
        self.source.extend(np.full(len(rows), _SOURCES.index(source), np.uint8))
        ints = [_id_int(v) for v in ids]
        self.id_high.extend([n >> 64 for n in ints])
        self.id_low.extend([n & _LOW for n in ints])
        self.attrs.extend(np.array([VOCABULARY.coded(column) for column in attrs], np.uint16).T)
        if defer:
            return
        for n, value in enumerate(ints, first):
            self._recent.setdefault(value & _LOW, []).append(n)
        if len(self._recent) >= MERGE_AT:
            self._sort_ids()

    def _sort_ids(self) -> None:
        low = self.id_low.view
        self._low_rows = np.argsort(low, kind="stable").astype(np.int32)
        self._recent = {}

    def rows_of(self, ids: Iterable[uuid.UUID]) -> list[int]:
        """Live rows of the items ``ids``."""
        wanted = [u.int for u in ids]
        if not wanted:
            return []
        lows = np.array([n & _LOW for n in wanted], dtype=np.uint64)
        sorted_part = self.id_low.data[: len(self._low_rows)]
        lo = np.searchsorted(sorted_part, lows, "left", sorter=self._low_rows)
        hi = np.searchsorted(sorted_part, lows, "right", sorter=self._low_rows)
        rows: list[int] = []
        for n, a, b in zip(wanted, lo.tolist(), hi.tolist(), strict=True):
            candidates = [*self._low_rows[a:b].tolist(), *self._recent.get(n & _LOW, ())]
            rows += [r for r in candidates if int(self.id_high.data[r]) == n >> 64]
        alive = self.index.alive.data
        return [r for r in dict.fromkeys(rows) if alive[r]]

    def remove(self, ids: Iterable[uuid.UUID]) -> None:
        self.index.remove(self.rows_of(ids))

    def search(
        self,
        query: SerialQuery,
        sources: tuple[SerialSource, ...],
        found: Found,
        skip: frozenset[uuid.UUID] = frozenset(),
    ) -> None:
        """Add to ``found`` the items of ``sources`` matching ``query``
        (but not those of ``skip``)."""
        result = self.index.search(query, MAX_CANDIDATES)
        found.overflow |= result.overflow
        rows, edits = result.rows, result.edits
        wanted = np.isin(self.source.data[rows], [_SOURCES.index(s) for s in sources])
        if skip:
            wanted &= ~_among(self.id_high.data[rows], self.id_low.data[rows], skip)
        rows, edits = rows[wanted], edits[wanted]
        if query.partial:
            kinds = np.full(len(rows), PARTIAL, np.int8)
        else:
            same = self.index.canonicals.data[rows] == query.canonical
            kinds = np.where(edits > 0, FUZZY, np.where(same, EXACT, LOOKALIKE)).astype(np.int8)
        found.extend(self, rows, edits, kinds)

    def reserve(self, more: int) -> None:
        self.index.reserve(more)
        for column in (self.source, self.id_high, self.id_low, self.attrs):
            column.reserve(more)

    def load(self, conn: Connection) -> None:
        self.reserve(sum(int(conn.execute(_count(s)).scalar_one()) for s in _SOURCES))
        for source in _SOURCES:
            for rows in _rows(conn, _statement(source)):
                self.add(source, rows, defer=True)
        self._sort_ids()
        self.index.merge()

    def reload_items(
        self, conn: Connection, items: Iterable[tuple[SerialSource, uuid.UUID]]
    ) -> None:
        """Replace the rows of ``items`` with what the database holds now."""
        by_source: dict[SerialSource, list[uuid.UUID]] = {s: [] for s in _SOURCES}
        for source, item_id in items:
            by_source[source].append(item_id)
        large = sum(map(len, by_source.values())) >= MERGE_AT
        for source, ids in by_source.items():
            ids = list(dict.fromkeys(ids))
            self.remove(ids)
            table = _table(source)
            for start in range(0, len(ids), _ID_CHUNK):
                stmt = _statement(source).where(table.id.in_(ids[start : start + _ID_CHUNK]))
                for rows in _rows(conn, stmt):
                    self.add(source, rows, defer=large)
        if large:
            self._sort_ids()
            self.index.merge()


# --- The log, and the catalogue of each database ----------------------------

_catalogues: weakref.WeakKeyDictionary[Engine, Catalogue] = weakref.WeakKeyDictionary()
_registry_lock = threading.Lock()


def _refresh(conn: Connection, cat: Catalogue) -> None:
    """Apply the log rows ``cat`` has not seen."""
    changed = [
        (SerialSource(source), uuid.UUID(int=_id_int(item_id)))
        for source, item_id in cat.log.read(conn)
    ]
    if len(changed) > RELOAD_AT:
        _fresh(conn, cat)
    elif changed:
        cat.reload_items(conn, changed)


def _fresh(conn: Connection, cat: Catalogue) -> None:
    cat.reset()
    cat.log.start(conn)  # before the load: what comes after is read again
    cat.load(conn)


def shared(session: Session) -> Catalogue:
    """The process's catalogue of the session's database, brought up to
    date with what is committed. It reads through a connection of its own:
    the session's uncommitted changes must not reach other sessions."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with _registry_lock:
        cat = _catalogues.get(engine)
        if cat is None:
            cat = _catalogues[engine] = Catalogue()
    with cat.lock, engine.connect() as reader:
        try:
            if not cat.log.loaded:
                _fresh(reader, cat)
            else:
                _refresh(reader, cat)
        except BaseException:
            cat.reset()  # half applied: load it whole at the next check
            raise
    return cat


def forget(engine: Engine | None = None) -> None:
    """Drop the catalogue of ``engine`` (or all): the next check reloads it.
    For tables emptied behind the application's back (tests, restores)."""
    with _registry_lock:
        if engine is None:
            _catalogues.clear()
        else:
            _catalogues.pop(engine, None)


def pending(session: Session) -> dict[tuple[SerialSource, uuid.UUID], int]:
    """Items this session changed and has not committed, with the
    generation of their last change."""
    return session.info.setdefault(PENDING, {})  # type: ignore[no-any-return]


def find(
    session: Session, query: SerialQuery, sources: tuple[SerialSource, ...] = _SOURCES
) -> Found:
    """Every indexed serial of ``sources`` that matches ``query``."""
    return find_many(session, [query], sources)[0]


def find_many(
    session: Session, queries: list[SerialQuery], sources: tuple[SerialSource, ...] = _SOURCES
) -> list[Found]:
    """Every indexed serial of ``sources`` that matches each query, as this
    session sees them (its own uncommitted changes included)."""
    cat = shared(session)
    changed = pending(session)
    own: Catalogue | None = None
    skip: frozenset[uuid.UUID] = frozenset()
    if changed:
        own, seen = session.info.get(OVERLAY) or (Catalogue(), 0)
        own.reload_items(session.connection(), [item for item, g in changed.items() if g > seen])
        session.info[OVERLAY] = (own, session.info.get(GENERATION, 0))
        skip = frozenset(item_id for _, item_id in changed)
    founds = []
    with cat.lock:
        for query in queries:
            found = Found()
            cat.search(query, sources, found, skip)
            if own is not None:
                own.search(query, sources, found)
            founds.append(found)
    return founds
