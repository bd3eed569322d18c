"""Normalisers: idempotent, and faithful to what the officer wrote."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kafo.ids import derived_id, is_uuid7, new_id
from kafo.matching.dates import DateParseError, PartialDate, parse_partial_date
from kafo.matching.phones import PhoneParseError, to_e164
from kafo.matching.serials import canonical_serial
from kafo.matching.text import alnum_upper, control_characters

TODAY = date(2026, 11, 29)


@given(st.text())
def test_canonical_serial_is_idempotent(text: str) -> None:
    once = canonical_serial(text)
    assert canonical_serial(once) == once


@given(st.text())
def test_alnum_upper_is_idempotent_and_alphanumeric(text: str) -> None:
    once = alnum_upper(text)
    assert alnum_upper(once) == once
    assert all(ch.isalnum() for ch in once)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("56-1234 567", "561234567"),
        ("ab.12/34", "AB1234"),
        ("ＡＫ４７", "AK47"),
        ("12??4*", "12??4*"),
    ],
)
def test_serial_examples(written: str, canonical: str) -> None:
    assert canonical_serial(written) == canonical


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1985", PartialDate(1985)),
        ("1985-03", PartialDate(1985, 3)),
        ("03/1985", PartialDate(1985, 3)),
        ("12/03/1985", PartialDate(1985, 3, 12)),
        ("vers 1985", PartialDate(1985, approximate=True)),
        ("env. 03/1985", PartialDate(1985, 3, approximate=True)),
        ("~1985-03-12", PartialDate(1985, 3, 12, approximate=True)),
    ],
)
def test_partial_dates(written: str, expected: PartialDate) -> None:
    assert parse_partial_date(written, today=TODAY) == expected


@pytest.mark.parametrize("bad", ["31/02/1990", "1985-13", "1850", "2030", "12/12/2026x", "hier"])
def test_bad_dates_say_why(bad: str) -> None:
    with pytest.raises(DateParseError):
        parse_partial_date(bad, today=TODAY)


@given(st.integers(1900, 2026), st.none() | st.integers(1, 12), st.booleans(), st.integers(1, 28))
def test_partial_date_text_round_trips(
    year: int, month: int | None, approx: bool, day: int
) -> None:
    value = PartialDate(year, month, day if month and year < 2026 else None, approx)
    assert parse_partial_date(str(value), today=TODAY) == value


@pytest.mark.parametrize(
    ("written", "region", "e164"),
    [
        ("76 12 34 56", "ML", "+22376123456"),
        ("70 12 34 56", "BF", "+22670123456"),
        ("07 07 12 34 56", "CI", "+2250707123456"),
        ("96 12 34 56", "NE", "+22796123456"),
        ("+226 70 12 34 56", "ML", "+22670123456"),
    ],
)
def test_phones_to_e164_in_the_recording_country(written: str, region: str, e164: str) -> None:
    assert to_e164(written, region) == e164
    assert to_e164(e164, None) == e164


def test_impossible_phone() -> None:
    with pytest.raises(PhoneParseError):
        to_e164("12", "ML")


def test_control_characters_are_found() -> None:
    assert control_characters("AB\x0012\t") == [3, 6]
    assert control_characters("Zégoua") == []


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)), st.text())
def test_derived_ids_are_uuid7_and_deterministic(at: datetime, key: str) -> None:
    at = at.replace(tzinfo=UTC)
    assert derived_id(at, key) == derived_id(at, key)
    assert is_uuid7(derived_id(at, key))
    assert derived_id(at, key) != derived_id(at, key + "x")


def test_new_ids_are_uuid7_and_ordered() -> None:
    ids = [new_id() for _ in range(100)]
    assert all(is_uuid7(i) for i in ids)
    assert len(set(ids)) == 100
    assert sorted(ids) == ids  # minted in order, sorted by time


def test_dates_of_birth_as_evidence() -> None:
    from kafo.matching.dates import compare_dates, parse_partial_date

    def weigh(a: str, b: str) -> float:
        return compare_dates(parse_partial_date(a), parse_partial_date(b)).weight

    assert weigh("12/03/1985", "1985-03-12") == 1.0
    assert weigh("12/03/1985", "03/12/1985") == 0.8  # day and month swapped
    assert 0 < weigh("vers 1985", "1987-06-01") < weigh("1985-03", "1985-03-12")
    assert weigh("vers 1985", "1990") == -1.0
    assert weigh("1985", "1986") < 0 < weigh("1985", "1985-07-01")
    assert weigh("1985-03-12", "1985-04-20") < 0
    told = compare_dates(parse_partial_date("12/03/1985"), parse_partial_date("03/12/1985"))
    assert "swapped" in told.reason
