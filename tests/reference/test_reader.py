"""Reading descriptions as officers write them, with evidence and ambiguity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kafo.reference.reader import identify


def _fields(text: str) -> tuple[str | None, str | None, str | None]:
    found = identify(text)
    return (
        found.category.value if found.category else None,
        found.model.value if found.model else None,
        found.calibre.value if found.calibre else None,
    )


@pytest.mark.parametrize(
    ("text", "category", "model", "calibre"),
    [
        ("kalach 7,62", "assault_rifle", "ak-47", "7.62x39"),
        ("PA 9mm", "pistol", None, "9x19"),
        ("fusil de chasse cal 12", "shotgun", None, "12ga"),
        ("AK chinois", "assault_rifle", "type-56", "7.62x39"),
        ("pistolet artisanal", "pistol", "craft-pistol", None),
        ("fusil de traite", "shotgun", "dane-gun", None),
        ("PM Makarov 9x18", "pistol", "makarov-pm", "9x18"),
        ("FM PKM 7,62x54R", "light_machine_gun", "pkm", "7.62x54r"),
        ("Glock 17 9mm", "pistol", "glock-17", "9x19"),
        ("revolver .38", "revolver", None, "38special"),
        ("G3 iranien", "assault_rifle", "g3-dio", "7.62x51"),
        ("Browning 7,65", "pistol", "browning-m1910", "32acp"),
    ],
)
def test_field_descriptions(
    text: str, category: str, model: str | None, calibre: str | None
) -> None:
    assert _fields(text) == (category, model, calibre)


def test_every_finding_says_why() -> None:
    found = identify("kalachnikov chinois 7,62x39")
    assert found.model is not None and found.calibre is not None and found.country is not None
    assert any("kalachnikov" in e for e in found.model.evidence)
    assert any("7.62x39" in e for e in found.calibre.evidence)
    assert found.country.value == "CN"
    assert 0 < found.model.confidence <= 0.99


def test_type_56_ambiguity_is_reported_with_what_tells_them_apart() -> None:
    found = identify("Type 56")
    names = {a.model for a in found.alternatives}
    assert {"type-56", "type-56-carbine"} <= names
    carbine = next(a for a in found.alternatives if a.model == "type-56-carbine")
    assert carbine.distinguishing


def test_generic_words_do_not_invent_a_model() -> None:
    assert identify("revolver").model is None
    assert identify("revolver 38").model is None
    assert identify("fusil de chasse").model is None


def test_structured_fields_are_read_too() -> None:
    found = identify(make="Norinco", model="Type 56-1", calibre="7,62 court")
    assert found.model is not None and found.model.value == "type-56-1"
    assert found.make is not None and found.make.value == "norinco"
    assert found.calibre is not None and found.calibre.value == "7.62x39"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty description"),
        ("   ", "empty description"),
        ("x" * 10_240, "at most 2000"),
        ("\x00\x01\xff\xfe" * 20, "no firearm words"),
        ("😀🔫💥", "no words to read"),
        ("!!!?.,;:--", "no words to read"),
        ("bonjour le monde", "no firearm words"),
    ],
)
def test_bad_input_is_not_identified_with_a_reason(text: str, reason: str) -> None:
    found = identify(text)
    assert found.identified is False
    assert reason in found.reason


@settings(max_examples=300)
@given(st.text(max_size=3000))
def test_any_text_reads_without_error_and_deterministically(text: str) -> None:
    first = identify(text)
    assert first == identify(text)
    assert first.identified == any((first.category, first.model, first.calibre))


def test_a_bare_number_in_the_calibre_field_is_a_calibre() -> None:
    found = identify(model="fusil de fabrication artisanale", calibre="12")
    assert found.calibre is not None
    assert found.calibre.value == "12ga"
    assert found.model is not None
    assert found.model.value == "craft-shotgun"
