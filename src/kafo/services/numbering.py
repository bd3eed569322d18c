"""Numbering a country's records per year: ``TR-ML-2026-0001``, ``AFF-ML-2026-0001``.

The next number is one past the highest taken, so a gap (a record named by
hand, a number skipped) never makes a duplicate; two writers racing for the
same number meet the table's unique constraint, and the loser retries.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session


def next_reference(
    session: Session,
    reference: InstrumentedAttribute[str],
    owner_column: InstrumentedAttribute[str],
    kind: str,
    owner: str,
    year: int,
) -> str:
    prefix = f"{kind}-{owner}-{year}-"
    taken = session.scalars(
        select(reference).where(
            owner_column == owner, reference.startswith(prefix, autoescape=True)
        )
    )
    numbers = [int(r[len(prefix) :]) for r in taken if r[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"
