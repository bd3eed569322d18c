"""Finding the serials that match a query, through the database index.

Exact and look-alike matches are one lookup on the skeleton column of each
record table. Fuzzy matches come from the segment keys
(:func:`kafo.matching.serial_search.probe_keys`), partial ones from the keys
of readable segments or from a prefix or suffix range. Every candidate the
index returns is checked exactly before it counts. Work per query is
bounded: at most :data:`MAX_CANDIDATES` index rows are read, and reaching
that bound is reported, never hidden.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import ColumnElement, bindparam, select, text
from sqlalchemy.orm import Session

from kafo.matching.serial_search import (
    MIN_INDEXED,
    MIN_PARTIAL_CHARS,
    SerialQuery,
    matches,
    partial_keys,
    probe_keys,
)
from kafo.model.registry import RegistryRecord
from kafo.model.seizure import Firearm
from kafo.model.vocab import MatchKind, SerialSource

MAX_CANDIDATES = 20_000  # index rows read for one query, at most
_KEY_CHUNK = 500  # keys per IN list (well under every driver's limit)


@dataclass(frozen=True)
class Match:
    source: SerialSource
    item_id: uuid.UUID
    skeleton: str
    kind: MatchKind
    edits: int


@dataclass
class Found:
    matches: dict[uuid.UUID, Match] = field(default_factory=dict)
    overflow: bool = False  # the candidate bound was reached: refine the query

    def add(self, m: Match) -> None:
        old = self.matches.get(m.item_id)
        if old is None or m.edits < old.edits:
            self.matches[m.item_id] = m


# Above every character: ``prefix <= s < prefix + _TOP`` is "s starts with
# prefix" as a range both databases answer from a byte-ordered index.
_TOP = "\U0010ffff"


def _table(source: SerialSource) -> type[RegistryRecord] | type[Firearm]:
    return RegistryRecord if source is SerialSource.REGISTRY else Firearm


def _rows(
    session: Session, source: SerialSource, where: ColumnElement[bool], limit: int
) -> list[tuple[uuid.UUID, str, str]]:
    table = _table(source)
    stmt = select(table.id, table.serial_skeleton, table.serial_canonical).where(where).limit(limit)
    return [(i, s, c) for i, s, c in session.execute(stmt) if s is not None and c]


def find(
    session: Session,
    query: SerialQuery,
    sources: tuple[SerialSource, ...] = (SerialSource.REGISTRY, SerialSource.FIREARM),
) -> Found:
    """Every indexed serial of ``sources`` that matches ``query``."""
    return find_many(session, [query], sources)[0]


# Raw rows, without type processing: candidates are many and most are
# dropped, so ids are only turned into UUIDs for the matches.
_SEGMENTS = text(
    "SELECT item_id, source, skeleton FROM serial_segments "
    "WHERE key IN :keys AND source IN :sources LIMIT :limit"
).bindparams(bindparam("keys", expanding=True), bindparam("sources", expanding=True))


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def find_many(
    session: Session,
    queries: list[SerialQuery],
    sources: tuple[SerialSource, ...] = (SerialSource.REGISTRY, SerialSource.FIREARM),
) -> list[Found]:
    """Every indexed serial of ``sources`` that matches each query.

    Exact and look-alike matches, and the one-edit probes (pair keys, a
    handful of rows each), are read with a few statements for all the
    queries together (batch checks, imports). Two-edit and partial queries,
    whose probes can return many rows, are read one by one and stop at the
    candidate bound."""
    founds = [Found() for _ in queries]
    plain = [i for i, q in enumerate(queries) if not q.partial]
    for i, q in enumerate(queries):
        if q.partial:
            _partial(session, q, sources, founds[i])
    by_skeleton: dict[str, list[int]] = defaultdict(list)
    for i in plain:
        by_skeleton[queries[i].skeleton].append(i)
    skeletons = sorted(by_skeleton)
    for source in sources:
        column = _table(source).serial_skeleton
        for start in range(0, len(skeletons), _KEY_CHUNK):
            names = skeletons[start : start + _KEY_CHUNK]
            for item_id, skel, canonical in _rows(session, source, column.in_(names), 10**9):
                for i in by_skeleton[skel]:
                    q = queries[i]
                    kind = MatchKind.EXACT if canonical == q.canonical else MatchKind.LOOKALIKE
                    founds[i].add(Match(source, item_id, skel, kind, 0))
    keyed: dict[int, list[int]] = defaultdict(list)
    for i in plain:
        q, found = queries[i], founds[i]
        if len(found.matches) > MAX_CANDIDATES:
            found.overflow = True
        elif q.edits > 1:
            budget = MAX_CANDIDATES - len(found.matches)
            _from_keys(session, q, probe_keys(q.skeleton, q.edits), sources, found, budget)
        elif q.edits:
            for key in probe_keys(q.skeleton, q.edits):
                keyed[key].append(i)
    rows_of: dict[int, dict[Any, tuple[Any, ...]]] = defaultdict(dict)
    read: dict[int, int] = defaultdict(int)
    keys = sorted(keyed)
    codes = [src.value for src in sources]
    for start in range(0, len(keys), _KEY_CHUNK):
        chunk = keys[start : start + _KEY_CHUNK]
        for key, item_id, code, skel in session.execute(
            _KEYED_SEGMENTS, {"keys": chunk, "sources": codes}
        ):
            for i in keyed[key]:
                read[i] += 1
                rows_of[i].setdefault(item_id, (item_id, code, skel))
    for i, rows in rows_of.items():
        found, q = founds[i], queries[i]
        if read[i] + len(found.matches) > MAX_CANDIDATES:
            found.overflow = True
            continue
        seen = {str(k) for k in found.matches} | {k.hex for k in found.matches}
        fresh = [r for r in rows.values() if str(r[0]) not in seen]
        for item_id, code, skel, edits in _verified(q, fresh):
            kind = MatchKind.LOOKALIKE if edits == 0 else MatchKind.FUZZY
            found.add(Match(SerialSource(code), _uuid(item_id), skel, kind, edits))
    return founds


_KEYED_SEGMENTS = text(
    "SELECT key, item_id, source, skeleton FROM serial_segments "
    "WHERE key IN :keys AND source IN :sources"
).bindparams(bindparam("keys", expanding=True), bindparam("sources", expanding=True))


def _from_keys(
    session: Session,
    query: SerialQuery,
    keys: frozenset[int],
    sources: tuple[SerialSource, ...],
    found: Found,
    budget: int,
) -> int:
    ordered = sorted(keys)
    codes = [s.value for s in sources]
    seen = {str(k) for k in found.matches} | {k.hex for k in found.matches}
    for start in range(0, len(ordered), _KEY_CHUNK):
        chunk = ordered[start : start + _KEY_CHUNK]
        rows = session.execute(
            _SEGMENTS, {"keys": chunk, "sources": codes, "limit": budget + 1}
        ).all()
        budget -= len(rows)
        if budget < 0:
            found.overflow = True
            return budget
        # An item comes once per key it shares with the query: check it once.
        fresh = list({r[0]: r for r in rows if str(r[0]) not in seen}.values())
        for item_id, source, skel, edits in _verified(query, fresh):
            seen.add(str(item_id))
            kind = MatchKind.PARTIAL if query.partial else MatchKind.FUZZY
            if not query.partial and edits == 0:
                kind = MatchKind.LOOKALIKE
            found.add(Match(SerialSource(source), _uuid(item_id), skel, kind, edits))
    return budget


def _verified(query: SerialQuery, rows: list[Any]) -> list[tuple[Any, str, str, int]]:
    """The candidate rows that really match, with their edit counts."""
    if query.pattern is not None:
        return [(i, src, s, 0) for i, src, s in rows if query.pattern.fullmatch(s)]
    skeletons = [r[2] for r in rows]
    # One C loop over the candidates (rapidfuzz), then the length rule.
    close = process.extract(
        query.skeleton,
        skeletons,
        scorer=OSA.distance,
        score_cutoff=query.edits,
        limit=None,
    )
    out = []
    for skel, edits, n in close:
        if edits == 0 or len(skel) >= MIN_INDEXED:
            item_id, source, _ = rows[n]
            out.append((item_id, source, skel, int(edits)))
    return out


def _partial(
    session: Session, query: SerialQuery, sources: tuple[SerialSource, ...], found: Found
) -> None:
    keys = partial_keys(query)
    if keys is not None:
        _from_keys(session, query, keys, sources, found, MAX_CANDIDATES)
        return
    prefix, suffix = query.prefix, query.suffix
    budget = MAX_CANDIDATES
    for source in sources:
        table = _table(source)
        if len(prefix) >= max(len(suffix), MIN_PARTIAL_CHARS):
            column, start = table.serial_skeleton, prefix
        else:
            column, start = table.serial_reversed, suffix[::-1]
        rows = _rows(session, source, (column >= start) & (column < start + _TOP), budget + 1)
        budget -= len(rows)
        if budget < 0:
            found.overflow = True
            return
        for item_id, skel, _ in rows:
            if matches(query, skel) is not None:
                found.add(Match(source, item_id, skel, MatchKind.PARTIAL, 0))
