"""Change logs: what keeps each process's in-memory structures in step.

Some structures are held in memory by every process (the serial catalogue
of :mod:`kafo.services.checks.catalogue`, the link graph of
:mod:`kafo.services.network.views`). Each has a log table to which every
change of the records it covers appends a row, in the same transaction as
the change. A process loads the structure once, then before each use reads
the log rows it has not applied and applies them: a change committed by
any process is seen by the next use in every other.

A log table has ``seq`` (ascending), ``txid`` (PostgreSQL only: the writing
transaction's id) and the columns naming what changed. On SQLite writers
are serialised, so the sequence is the commit order and "every row above
the last one applied" is exact. On PostgreSQL transactions commit out of
sequence order, so the reader keeps as its mark the oldest transaction
still running when it read (``pg_snapshot_xmin``), reads again every row
of the transactions at or above that mark, and skips those already applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Table,
    Text,
    bindparam,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from kafo.db import postgres


def _xmin() -> Any:
    """The oldest transaction still running (PostgreSQL)."""
    return cast(cast(func.pg_snapshot_xmin(func.pg_current_snapshot()), Text), BigInteger)


_TXID = select(cast(cast(func.pg_current_xact_id(), Text), BigInteger))


_TXID_KEPT = "kafo.txid"  # session.info: (the transaction, its id)


def txid(session: Session) -> int | None:
    """The transaction id written on log rows (PostgreSQL only), asked once
    per transaction (every flush of a recording writes log rows)."""
    if not postgres(session):
        return None
    transaction = session.get_transaction()
    kept = session.info.get(_TXID_KEPT)
    if kept is not None and kept[0] is transaction:
        return int(kept[1])
    found = int(session.connection().execute(_TXID).scalar_one())
    session.info[_TXID_KEPT] = (transaction, found)
    return found


class LogReader:
    """Where one process stands in one log table."""

    def __init__(self, table: Table, columns: Sequence[str]) -> None:
        c = table.c
        payload = [c[name] for name in columns]
        mark = bindparam("mark", type_=BigInteger)
        one = select(literal(1).label("one")).subquery()
        self._sqlite_mark = select(func.coalesce(func.max(c.seq), 0))
        # Each returns the new mark on every row, and one row without a
        # change when there is none (one round trip for the usual case).
        self._sqlite_rows = select(
            func.coalesce(func.max(c.seq).over(), mark), c.seq, c.txid, *payload
        ).select_from(one.outerjoin(table, c.seq > mark))
        self._pg_rows = select(_xmin(), c.seq, c.txid, *payload).select_from(
            one.outerjoin(table, c.txid >= mark)
        )
        self.reset()

    def reset(self) -> None:
        """Nothing applied: the structure is to be loaded whole."""
        self.watermark: int | None = None  # last position applied (xmin on PostgreSQL)
        self.applied: dict[int, int] = {}  # PostgreSQL: seq -> txid, at or above the mark

    @property
    def loaded(self) -> bool:
        return self.watermark is not None

    def start(self, conn: Connection) -> None:
        """Mark the log before a whole load: what comes after is read again."""
        self.applied = {}
        self.watermark = int(
            conn.execute(select(_xmin()) if postgres(conn) else self._sqlite_mark).scalar_one()
        )

    def read(self, conn: Connection) -> list[tuple[Any, ...]]:
        """The payload of the rows not applied yet, which count as applied
        from now on (the caller applies them or loads the whole again)."""
        pg = postgres(conn)
        assert self.watermark is not None, "load the structure first"
        rows = conn.execute(self._pg_rows if pg else self._sqlite_rows, {"mark": self.watermark})
        fresh: list[tuple[Any, ...]] = []
        mark = self.watermark
        for row in rows:
            mark = int(row[0])  # there is always a row
            seq, tx = row[1], row[2]
            if seq is None or seq in self.applied:
                continue
            if pg:
                self.applied[seq] = tx
            fresh.append(tuple(row[3:]))
        self.watermark = mark
        # PostgreSQL: the rows of transactions still running at this mark will
        # be read again; those already applied are skipped.
        self.applied = {s: t for s, t in self.applied.items() if t >= mark}
        return fresh
