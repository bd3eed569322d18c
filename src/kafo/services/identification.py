"""Firearm identification as a service: the reference reader for adapters.

Reading needs no database and touches no record, so it is not audited;
the API still requires a token, like every endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from kafo.reference.calibres import normalise_calibre
from kafo.reference.reader import identify
from kafo.reference.stats import reference_stats
from kafo.schemas.identify import IdentificationOut, IdentifyIn


def identify_one(data: IdentifyIn) -> IdentificationOut:
    found = identify(
        data.text, make=data.make, model=data.model, calibre=data.calibre, markings=data.markings
    )
    return IdentificationOut.model_validate(asdict(found))


def identify_line(text: str) -> IdentificationOut:
    """One line of a file as written; blank or junk lines come back not identified."""
    return IdentificationOut.model_validate(asdict(identify(text)))


def identify_many(items: Iterable[IdentifyIn]) -> list[IdentificationOut]:
    return [identify_one(item) for item in items]


def calibre_of(text: str) -> dict[str, Any] | None:
    reading = normalise_calibre(text)
    return asdict(reading) if reading else None


def stats() -> dict[str, Any]:
    return reference_stats()
