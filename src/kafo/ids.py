"""Record identifiers.

Ids are UUIDv7 so that a field laptop can mint them offline and still sort
them by creation time. Imports derive them from the officer's own reference,
so that importing the same sheet twice finds the same records.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from datetime import datetime

import uuid6


def new_id() -> uuid.UUID:
    """A fresh UUIDv7."""
    value: uuid.UUID = uuid6.uuid7()
    return uuid.UUID(int=value.int)


def new_id_int() -> int:
    """A fresh UUIDv7 as an integer (millisecond time, then 74 random bits).

    For bulk imports, which write ids in the driver's form: about five times
    cheaper than :func:`new_id`, without its ordering within a millisecond."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    return (
        (ms & 0xFFFF_FFFF_FFFF) << 80
        | 0x7 << 76
        | ((rand >> 64) & 0xFFF) << 64
        | 0b10 << 62
        | (rand & 0x3FFF_FFFF_FFFF_FFFF)
    )


def derived_id(at: datetime, *parts: str) -> uuid.UUID:
    """A deterministic, valid UUIDv7 from a timestamp and a natural key.

    The 48-bit time field is ``at`` in milliseconds; the 74 random bits come
    from a SHA-256 of the key parts, so the same key always gives the same id.
    """
    millis = int(at.timestamp() * 1000) & ((1 << 48) - 1)
    digest = int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:10], "big")
    rand_a = (digest >> 68) & 0xFFF
    rand_b = digest & ((1 << 62) - 1)
    value = (millis << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return uuid.UUID(int=value)


def is_uuid7(value: uuid.UUID) -> bool:
    return value.version == 7 and value.variant == uuid.RFC_4122
