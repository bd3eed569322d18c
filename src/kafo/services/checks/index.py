"""Keeping the serial index in step with the records it covers.

Each indexed serial has up to three rows in ``serial_segments``, written in
the same transaction as the record, so the index is never behind and needs
no start-up: it is an ordinary table with its primary key as the lookup
index. Rows are removed by their exact keys (recomputed from the skeleton
being replaced), so no secondary index is needed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, tuple_
from sqlalchemy.orm import Session

from kafo.matching.serial_search import index_keys, skeleton
from kafo.model.registry import SerialSegment
from kafo.model.vocab import SerialSource


def serial_columns(canonical: str | None) -> dict[str, str | None]:
    """The skeleton and reversed skeleton stored beside a canonical serial."""
    if not canonical:
        return {"serial_skeleton": None, "serial_reversed": None}
    skel = skeleton(canonical)
    return {"serial_skeleton": skel, "serial_reversed": skel[::-1]}


def segment_rows(
    source: SerialSource, item_id: uuid.UUID, skel: str | None
) -> list[dict[str, Any]]:
    if not skel:
        return []
    return [
        {"key": k, "item_id": item_id, "source": source, "skeleton": skel}
        for k in dict.fromkeys(index_keys(skel))
    ]


def add(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(SerialSegment), rows)


def remove(session: Session, items: Iterable[tuple[uuid.UUID, str | None]]) -> None:
    """Drop the index rows of ``items`` (id, skeleton as indexed)."""
    pairs = [(k, item_id) for item_id, skel in items if skel for k in index_keys(skel)]
    for start in range(0, len(pairs), 500):
        chunk = pairs[start : start + 500]
        session.execute(
            delete(SerialSegment).where(tuple_(SerialSegment.key, SerialSegment.item_id).in_(chunk))
        )
