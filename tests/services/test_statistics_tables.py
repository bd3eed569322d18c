"""Statistical tables on generated facts: totals are the sums of their parts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kafo.io.report_book import Table, check_totals
from kafo.model.vocab import ExplosiveKind, MarkingState, QuantityUnit, Sex, TraceConclusion
from kafo.services.statistics import iafq
from kafo.services.statistics.tables import (
    HOW_LABELS,
    IAFQ_TYPE,
    AmmoFact,
    ArmFact,
    Col,
    PersonFact,
    QuantityFact,
    RequestFact,
    SeizureFact,
    Titles,
    count_if,
    tabulate,
)

COUNTRIES = ["ML", "BF", "CI", "NE", "CN", "RU", "?"]
NAMES = {c: (f"{c}-fr", f"{c}-en") for c in COUNTRIES}
ids = st.uuids().map(str)
arms = st.lists(
    st.builds(
        ArmFact,
        id=ids,
        country=st.sampled_from(COUNTRIES[:4]),
        how=st.sampled_from(list(HOW_LABELS)),
        iafq_type=st.sampled_from(sorted(set(IAFQ_TYPE.values()))),
        make=st.sampled_from(["NORINCO", "IZHMASH", "?", "Beretta"]),
        made_in=st.sampled_from(COUNTRIES),
        marking=st.sampled_from(list(MarkingState)),
        conclusion=st.sampled_from(list(TraceConclusion)),
    ),
    max_size=60,
    unique_by=lambda f: f.id,
)
ammo = st.lists(
    st.builds(
        AmmoFact,
        id=ids,
        how=st.sampled_from(list(HOW_LABELS)),
        calibre=st.sampled_from(["7.62×39mm", "9×19mm Parabellum", "12 gauge", "calibre x"]),
        rounds=st.integers(0, 100_000),
    ),
    max_size=40,
)
quantities = st.lists(
    st.builds(
        QuantityFact,
        id=ids,
        kind=st.sampled_from([k.value for k in ExplosiveKind]),
        unit=st.sampled_from([u.value for u in QuantityUnit]),
        quantity=st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False),
    ),
    max_size=40,
)
people = st.lists(
    st.builds(
        PersonFact,
        id=ids,
        sex=st.sampled_from([s.value for s in Sex]),
        arrested=st.booleans(),
        prosecuted=st.booleans(),
        convicted=st.booleans(),
    ),
    max_size=40,
    unique_by=lambda f: f.id,
)
asked = st.lists(
    st.builds(
        RequestFact,
        id=ids,
        recipient=st.sampled_from(COUNTRIES[:6]),
        answered=st.booleans(),
        complete=st.booleans(),
        declined=st.booleans(),
        no_response=st.booleans(),
    ),
    max_size=40,
)


def _all_tables(
    a: list[ArmFact],
    m: list[AmmoFact],
    q: list[QuantityFact],
    p: list[PersonFact],
    r: list[RequestFact],
) -> list[Table]:
    seized = [SeizureFact(f"s-{f.id}", f.country) for f in a]
    return [
        *iafq.arms_tables(a, NAMES),
        iafq.ammunition_table(m),
        iafq.explosives_table(q),
        *iafq.tracing_tables(r, a, NAMES),
        iafq.persons_table(p),
        *iafq.sdg_tables(a),
        iafq.by_country_table(seized, a, NAMES),
    ]


def _total(table: Table, column: str) -> int | float | None:
    (row,) = [r for r in table.rows if r.total]
    return row.cells[column].value


@settings(max_examples=150, deadline=None)
@given(arms, ammo, quantities, people, asked)
def test_every_total_is_the_sum_of_its_parts(
    a: list[ArmFact],
    m: list[AmmoFact],
    q: list[QuantityFact],
    p: list[PersonFact],
    r: list[RequestFact],
) -> None:
    tables = _all_tables(a, m, q, p, r)
    for table in tables:
        assert check_totals(table) == [], table.key
        for row in table.rows:  # the "all" column is the sum of the three ways in
            if "all" in row.cells and "seized" in row.cells:
                parts = sum(row.cells[h].value or 0 for h in HOW_LABELS)
                assert row.cells["all"].value == parts
            if row.total:  # a total's records are its parts' records
                for key, cell in row.cells.items():
                    parts_ids = sorted(
                        i
                        for other in table.rows
                        if not other.total
                        for i in other.cells[key].records
                    )
                    assert sorted(cell.records) == parts_ids
    by_key = {t.key: t for t in tables}
    assert _total(by_key["arms_by_type"], "all") == len(a)
    assert _total(by_key["arms_by_make"], "all") == len(a)
    assert _total(by_key["ammunition"], "all") == sum(f.rounds for f in m)
    assert _total(by_key["persons"], "arrested") == sum(f.arrested for f in p)
    assert _total(by_key["trace_requests"], "sent") == len(r)


@settings(max_examples=150, deadline=None)
@given(arms)
def test_the_sdg_indicator_agrees_with_its_disaggregations(a: list[ArmFact]) -> None:
    summary, by_conclusion, by_how, by_type = iafq.sdg_tables(a)
    figures = {row.key: row.cells["value"].value for row in summary.rows}
    traced = sum(f.conclusion is TraceConclusion.TRACED for f in a)
    established = sum(f.conclusion is TraceConclusion.ESTABLISHED for f in a)
    assert figures["numerator"] == traced + established
    assert figures["denominator"] == len(a) == _total(by_conclusion, "arms")
    assert figures["proportion"] == (round((traced + established) / len(a), 4) if a else None)
    for table in (by_how, by_type):
        assert _total(table, "numerator") == figures["numerator"]
        assert _total(table, "arms") == figures["denominator"]
        for row in table.rows:
            assert row.cells["numerator"].value == (
                (row.cells["traced"].value or 0) + (row.cells["established"].value or 0)
            )


@settings(max_examples=100, deadline=None)
@given(quantities)
def test_quantities_add_up_exactly_per_unit(q: list[QuantityFact]) -> None:
    table = iafq.explosives_table(q)
    for unit in {f.unit for f in q}:
        exact = sum((f.quantity for f in q if f.unit == unit), Decimal(0))
        assert Decimal(str(_total(table, unit))) == exact


def test_a_fact_without_a_row_is_refused_not_dropped() -> None:
    facts = [SeizureFact("a", "ML"), SeizureFact("b", "XX")]
    with pytest.raises(ValueError, match="no row for 'XX'"):
        tabulate(
            Titles("t", "t", "t"),
            facts,
            lambda f: f.country,
            [("ML", "Mali", "Mali")],
            [Col("n", "n", "n", count_if(lambda f: True))],
        )


def test_empty_scope_gives_zeros_not_gaps() -> None:
    tables = _all_tables([], [], [], [], [])
    by_key = {t.key: t for t in tables}
    assert [r.cells["all"].value for r in by_key["arms_by_type"].rows] == [0] * 11
    assert {r.key: r.cells["value"].value for r in by_key["sdg_16_4_2"].rows} == {
        "numerator": 0,
        "denominator": 0,
        "proportion": None,
    }
