"""What reading a description returns: findings with their evidence."""

from __future__ import annotations

from dataclasses import dataclass

READER_VERSION = "identify/1"


@dataclass(frozen=True)
class Finding:
    """One field of the standard description."""

    value: str
    label: str
    confidence: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Alternative:
    model: str
    name: str
    score: float
    distinguishing: str


@dataclass(frozen=True)
class Identification:
    identified: bool
    category: Finding | None = None
    make: Finding | None = None
    model: Finding | None = None
    calibre: Finding | None = None
    country: Finding | None = None
    craft: bool = False
    alternatives: tuple[Alternative, ...] = ()
    unread: tuple[str, ...] = ()
    reason: str = ""
    version: str = READER_VERSION
