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
from typing import Any

import numpy as np
from sqlalchemy import Engine, Select, func, select, text
from sqlalchemy.orm import Session

from kafo.matching.serial_index import Column, SerialIndex
from kafo.matching.serial_search import SerialQuery
from kafo.model.registry import RegistryRecord
from kafo.model.seizure import Firearm, Seizure
from kafo.model.vocab import MatchKind, SerialSource

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


@dataclass
class Found:
    matches: dict[uuid.UUID, Match] = field(default_factory=dict)
    overflow: bool = False  # the candidate bound was reached: refine the query

    def add(self, m: Match) -> None:
        old = self.matches.get(m.item_id)
        if old is None or m.edits < old.edits:
            self.matches[m.item_id] = m


# (source, id, canonical, skeleton, owner, make, model, calibre, country)
Entry = tuple[
    SerialSource, uuid.UUID, str, str, str, str | None, str | None, str | None, str | None
]


def _registry_rows() -> Select[*tuple[Any, ...]]:
    r = RegistryRecord
    return select(
        r.id,
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
            f.id,
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


def _table(source: SerialSource) -> Any:
    return RegistryRecord if source is SerialSource.REGISTRY else Firearm


def _statement(source: SerialSource) -> Select[*tuple[Any, ...]]:
    return _registry_rows() if source is SerialSource.REGISTRY else _firearm_rows()


def _entries(
    session: Session, source: SerialSource, stmt: Select[*tuple[Any, ...]]
) -> Iterator[list[Entry]]:
    result = session.execute(stmt.execution_options(yield_per=_LOAD_CHUNK))
    for part in result.partitions():
        yield [(source, *row) for row in part]


class Catalogue:
    """Indexed serials with the attributes of their items, by row number."""

    def __init__(self) -> None:
        self.index = SerialIndex()
        self._source = Column(np.uint8)
        self._id_high = Column(np.uint64)
        self._id_low = Column(np.uint64)
        self._attrs = Column(np.int32, np.empty((0, 5), np.int32))  # owner + evidence codes
        self._words: list[str | None] = [None]
        self._codes: dict[str | None, int] = {None: 0}
        # Rows by the low half of their id: sorted up to _sorted_rows, then a dict.
        self._low_sorted = np.empty(0, np.uint64)
        self._low_rows = np.empty(0, np.int64)
        self._sorted_rows = 0
        self._recent: dict[int, list[int]] = {}
        self.lock = threading.Lock()
        self.watermark: int | None = None  # last log position applied (xmin on PostgreSQL)
        self.applied: dict[int, int] = {}  # PostgreSQL: log seq -> txid, at or above watermark

    def __len__(self) -> int:
        return len(self.index)

    def _code(self, word: str | None) -> int:
        code = self._codes.get(word)
        if code is None:
            code = self._codes[word] = len(self._words)
            self._words.append(word)
        return code

    def add(self, entries: Sequence[Entry]) -> None:
        if not entries:
            return
        first = self.index.skeletons.size
        self.index.add_many([e[3] for e in entries], [e[2] for e in entries])
        self._source.extend([_SOURCES.index(e[0]) for e in entries])
        ints = [e[1].int for e in entries]
        self._id_high.extend([n >> 64 for n in ints])
        self._id_low.extend([n & _LOW for n in ints])
        self._attrs.extend([[self._code(v) for v in e[4:]] for e in entries])
        for n, value in enumerate(ints, first):
            self._recent.setdefault(value & _LOW, []).append(n)
        if len(self._recent) >= 100_000:
            self._sort_ids()

    def _sort_ids(self) -> None:
        low = self._id_low.view
        order = np.argsort(low, kind="stable")
        self._low_sorted, self._low_rows = low[order], order
        self._recent = {}

    def rows_of(self, ids: Iterable[uuid.UUID]) -> list[int]:
        """Live rows of the items ``ids``."""
        wanted = [u.int for u in ids]
        if not wanted:
            return []
        lows = np.array([n & _LOW for n in wanted], dtype=np.uint64)
        lo = np.searchsorted(self._low_sorted, lows, "left")
        hi = np.searchsorted(self._low_sorted, lows, "right")
        rows: list[int] = []
        for n, a, b in zip(wanted, lo.tolist(), hi.tolist(), strict=True):
            candidates = [*self._low_rows[a:b].tolist(), *self._recent.get(n & _LOW, ())]
            rows += [r for r in candidates if int(self._id_high.data[r]) == n >> 64]
        alive = self.index.alive.data
        return [r for r in dict.fromkeys(rows) if alive[r]]

    def remove(self, ids: Iterable[uuid.UUID]) -> None:
        self.index.remove(self.rows_of(ids))

    def item(self, row: int) -> tuple[SerialSource, uuid.UUID]:
        high, low = int(self._id_high.data[row]), int(self._id_low.data[row])
        return _SOURCES[int(self._source.data[row])], uuid.UUID(int=(high << 64) | low)

    def search(
        self,
        query: SerialQuery,
        sources: tuple[SerialSource, ...],
        found: Found,
        skip: frozenset[uuid.UUID] = frozenset(),
    ) -> None:
        """Add to ``found`` the items of ``sources`` matching ``query``."""
        result = self.index.search(query, MAX_CANDIDATES)
        found.overflow |= result.overflow
        wanted = {_SOURCES.index(s) for s in sources}
        canonicals = self.index.canonicals.data
        for row, edits in result.rows.items():
            if int(self._source.data[row]) not in wanted:
                continue
            source, item_id = self.item(row)
            if item_id in skip:
                continue
            if query.partial:
                kind = MatchKind.PARTIAL
            elif edits:
                kind = MatchKind.FUZZY
            elif canonicals[row] == query.canonical:
                kind = MatchKind.EXACT
            else:
                kind = MatchKind.LOOKALIKE
            owner, make, model, calibre, country = (self._words[c] for c in self._attrs.data[row])
            found.add(
                Match(
                    source,
                    item_id,
                    str(self.index.skeletons.data[row]),
                    kind,
                    edits,
                    str(canonicals[row]),
                    owner or "",
                    (make, model, calibre, country),
                )
            )

    def load(self, session: Session, sources: Sequence[SerialSource] = _SOURCES) -> None:
        for source in sources:
            for entries in _entries(session, source, _statement(source)):
                self.add(entries)
        self._sort_ids()

    def reload_items(
        self, session: Session, items: Iterable[tuple[SerialSource, uuid.UUID]]
    ) -> None:
        """Replace the rows of ``items`` with what the database holds now."""
        by_source: dict[SerialSource, list[uuid.UUID]] = {s: [] for s in _SOURCES}
        for source, item_id in items:
            by_source[source].append(item_id)
        for source, ids in by_source.items():
            ids = list(dict.fromkeys(ids))
            self.remove(ids)
            table = _table(source)
            for start in range(0, len(ids), _ID_CHUNK):
                stmt = _statement(source).where(table.id.in_(ids[start : start + _ID_CHUNK]))
                for entries in _entries(session, source, stmt):
                    self.add(entries)


# --- The log, and the catalogue of each database ----------------------------

_SQLITE_MARK = text("SELECT coalesce(max(seq), 0) FROM serial_changes")
_SQLITE_CHANGES = text(
    "SELECT seq, source, item_id, 0 FROM serial_changes WHERE seq > :mark ORDER BY seq"
)
_PG_MARK = text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
_PG_CHANGES = text(
    "SELECT seq, source, item_id, txid FROM serial_changes WHERE txid >= :mark ORDER BY seq"
)

_catalogues: weakref.WeakKeyDictionary[Engine, Catalogue] = weakref.WeakKeyDictionary()
_registry_lock = threading.Lock()


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _mark(session: Session) -> int:
    return int(session.execute(_PG_MARK if _postgres(session) else _SQLITE_MARK).scalar_one())


def _refresh(session: Session, cat: Catalogue) -> None:
    """Apply the log rows ``cat`` has not seen."""
    postgres = _postgres(session)
    assert cat.watermark is not None
    mark = _mark(session) if postgres else None
    rows = session.execute(_PG_CHANGES if postgres else _SQLITE_CHANGES, {"mark": cat.watermark})
    changed: list[tuple[SerialSource, uuid.UUID]] = []
    for seq, source, item_id, txid in rows:
        if postgres:
            if seq in cat.applied:
                continue
            cat.applied[seq] = txid
        else:
            cat.watermark = seq
        changed.append((SerialSource(source), _uuid(item_id)))
    if postgres:
        assert mark is not None
        cat.watermark = mark
        cat.applied = {s: t for s, t in cat.applied.items() if t >= mark}
    if len(changed) > RELOAD_AT:
        _fresh(session, cat)
    elif changed:
        cat.reload_items(session, changed)


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _fresh(session: Session, cat: Catalogue) -> None:
    cat.__init__()  # type: ignore[misc]
    cat.watermark = _mark(session)
    cat.load(session)


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
    with cat.lock, Session(engine) as reader:
        if cat.watermark is None:
            _fresh(reader, cat)
        else:
            _refresh(reader, cat)
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
        own.reload_items(session, [item for item, g in changed.items() if g > seen])
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
