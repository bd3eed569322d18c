"""Can this firearm be traced, and by which route?

A trace request under the International Tracing Instrument needs at least
make, model, calibre, serial number and the country of manufacture or of
last import (ISACS 05.31; INTERPOL's minimum for iARMS). A weapon whose
marks were altered or ground off must first go to a marking examination;
a craft-produced or unmarked one cannot be traced through a manufacturer
and goes to the competent authority that establishes its illicit origin.
"""

from __future__ import annotations

from dataclasses import dataclass

from kafo.model.vocab import MarkingState, TraceRoute


@dataclass(frozen=True)
class Traceability:
    route: TraceRoute
    missing: tuple[str, ...]
    reason: str


def assess(
    *,
    make: str | None,
    model: str | None,
    calibre: str | None,
    serial: str | None,
    country_of_manufacture: str | None,
    import_marking: str | None,
    marking_state: MarkingState,
    craft_produced: bool,
) -> Traceability:
    """The route a trace of this firearm takes, and what its record lacks."""
    missing = tuple(
        name
        for name, value in (
            ("make", make),
            ("model", model),
            ("calibre", calibre),
            ("serial_number", serial),
            ("country_of_manufacture_or_import", country_of_manufacture or import_marking),
        )
        if not value
    )
    if craft_produced or marking_state is MarkingState.UNMARKED:
        why = "craft-produced" if craft_produced else "unmarked"
        return Traceability(
            TraceRoute.COMPETENT_AUTHORITY,
            missing,
            f"{why}: no manufacturer to trace through; the competent "
            "authority establishes its illicit origin",
        )
    if marking_state in (MarkingState.ALTERED, MarkingState.OBLITERATED):
        return Traceability(
            TraceRoute.MARKING_EXAMINATION,
            missing,
            f"markings {marking_state.value}: recover them by a marking examination before tracing",
        )
    if missing:
        return Traceability(
            TraceRoute.INCOMPLETE,
            missing,
            "a trace request needs " + ", ".join(missing).replace("_", " "),
        )
    return Traceability(TraceRoute.TRACEABLE, (), "the minimum for a trace request is present")
