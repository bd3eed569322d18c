"""UTC storage and local display of times.

Times are stored in UTC. A time written without an offset is what the officer
read on a local clock, so it is interpreted in the place's time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_utc(value: datetime, tz_name: str | None) -> datetime:
    """Aware UTC for ``value``; naive values are read in ``tz_name`` (else UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz_name) if tz_name else UTC)
    return value.astimezone(UTC)


def to_local(value: datetime, tz_name: str | None) -> datetime:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(tz_name) if tz_name else UTC)
