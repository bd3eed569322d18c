"""Which route a trace takes, and what the record lacks."""

from __future__ import annotations

from kafo.model.vocab import MarkingState, TraceRoute
from kafo.reference.traceability import assess

FULL = {
    "make": "Norinco",
    "model": "Type 56",
    "calibre": "7.62x39",
    "serial": "5612345",
    "country_of_manufacture": "CN",
    "import_marking": None,
    "marking_state": MarkingState.INTACT,
    "craft_produced": False,
}


def test_complete_and_intact_is_traceable() -> None:
    result = assess(**FULL)
    assert (result.route, result.missing) == (TraceRoute.TRACEABLE, ())


def test_missing_fields_are_named() -> None:
    result = assess(**{**FULL, "serial": None, "country_of_manufacture": None})
    assert result.route is TraceRoute.INCOMPLETE
    assert result.missing == ("serial_number", "country_of_manufacture_or_import")


def test_import_marking_can_stand_for_the_country() -> None:
    result = assess(**{**FULL, "country_of_manufacture": None, "import_marking": "CI-2011"})
    assert result.route is TraceRoute.TRACEABLE


def test_altered_or_obliterated_goes_to_marking_examination() -> None:
    for state in (MarkingState.ALTERED, MarkingState.OBLITERATED):
        assert assess(**{**FULL, "marking_state": state}).route is TraceRoute.MARKING_EXAMINATION


def test_craft_or_unmarked_goes_to_the_competent_authority() -> None:
    assert assess(**{**FULL, "craft_produced": True}).route is TraceRoute.COMPETENT_AUTHORITY
    unmarked = assess(**{**FULL, "serial": None, "marking_state": MarkingState.UNMARKED})
    assert unmarked.route is TraceRoute.COMPETENT_AUTHORITY
    assert unmarked.missing == ("serial_number",)
