"""Keeping the serial index in step with the records it covers.

The index itself is held in memory by each process
(:mod:`kafo.services.checks.catalogue`); the database holds the skeleton
beside each serial and, in ``serial_changes``, one row per changed item,
written in the same transaction as the change. The writing session also
remembers the items it changed, so that its own checks see them before the
commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import event, insert
from sqlalchemy.orm import Session, SessionTransaction

from kafo.matching.serial_search import skeleton
from kafo.model.registry import SerialChange
from kafo.model.vocab import SerialSource
from kafo.services.changelog import txid
from kafo.services.checks.catalogue import GENERATION, OVERLAY, PENDING, pending


def serial_columns(canonical: str | None) -> dict[str, str | None]:
    """The skeleton stored beside a canonical serial."""
    return {"serial_skeleton": skeleton(canonical) if canonical else None}


def changed(session: Session, source: SerialSource, ids: Iterable[uuid.UUID]) -> None:
    """Record that the serials of ``ids`` were added, changed or removed:
    log rows for every process's index, marks for this session's own."""
    ids = list(ids)
    if not ids:
        return
    marks = pending(session)
    generation = session.info[GENERATION] = session.info.get(GENERATION, 0) + 1
    for item_id in ids:
        marks[(source, item_id)] = generation
    tx = txid(session)
    session.execute(
        insert(SerialChange), [{"source": source, "item_id": i, "txid": tx} for i in ids]
    )


@event.listens_for(Session, "after_transaction_end")
def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    # Committed changes reach the shared index through the log; rolled-back
    # ones never happened.
    if transaction.parent is None:
        session.info.pop(PENDING, None)
        session.info.pop(OVERLAY, None)
