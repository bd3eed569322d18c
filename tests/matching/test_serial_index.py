"""The in-memory serial index finds what an exhaustive scan finds, whatever
state it is in (sorted base, unsorted delta, removed rows)."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kafo.matching.serial_index import MERGE_AT, SerialIndex, _keys_of, key_number
from kafo.matching.serial_search import index_keys, matches, read_query, skeleton
from tests.matching.test_serial_search import ALPHABET, mutate, serial


def exhaustive(index: SerialIndex, written: str, edits: int | None) -> dict[int, int]:
    """Row -> edits of every live row matching the query, by brute force."""
    query = read_query(written, edits)
    out = {}
    for row, skel in enumerate(index.skeletons.view.tolist()):
        if index.alive.data[row]:
            d = matches(query, skel)
            if d is not None:
                out[row] = d
    return out


def found(index: SerialIndex, written: str, edits: int | None) -> dict[int, int]:
    result = index.search(read_query(written, edits), budget=10**9)
    assert not result.overflow
    return dict(zip(result.rows.tolist(), result.edits.tolist(), strict=True))


@st.composite
def states(draw: st.DrawFn) -> tuple[SerialIndex, str, int]:
    """An index built in several steps: some rows merged into the base,
    some in the delta, some removed; and a query near one of them."""
    base = draw(st.lists(serial, min_size=1, max_size=25))
    rows = base + [mutate(draw, draw(st.sampled_from(base))) for _ in range(15)]
    split = draw(st.integers(0, len(rows)))
    index = SerialIndex()
    skeletons = [skeleton(r) for r in rows]
    index.add_many(skeletons[:split], rows[:split], defer=True)
    index.merge()
    index.add_many(skeletons[split:], rows[split:])  # small: stays in the delta
    index.remove(draw(st.sets(st.integers(0, len(rows) - 1), max_size=8)))
    query = mutate(draw, draw(st.sampled_from(rows)))
    return index, query, draw(st.integers(0, 2))


@settings(max_examples=600, deadline=None)
@given(states())
def test_search_equals_exhaustive_scan_in_every_state(case: tuple[SerialIndex, str, int]) -> None:
    index, written, edits = case
    assert found(index, written, edits) == exhaustive(index, written, edits)


@settings(max_examples=300, deadline=None)
@given(states(), st.sampled_from(["?", "*"]), st.integers(0, 12))
def test_partial_search_equals_exhaustive_scan(
    case: tuple[SerialIndex, str, int], mark: str, where: int
) -> None:
    index = case[0]
    live = [s for n, s in enumerate(index.skeletons.view.tolist()) if index.alive.data[n]]
    if not live:
        return
    target = max(live, key=len)
    if len(target) < 4:
        return
    where %= len(target)
    # Obliterate one character, or everything after a readable start/end.
    partial = (
        target[:where] + "?" + target[where + 1 :]
        if mark == "?"
        else (target[: max(3, where)] + "*" if where % 2 else "*" + target[-3:])
    )
    try:
        read_query(partial)
    except ValueError:
        return  # too little information: refused, nothing to compare
    assert found(index, partial, None) == exhaustive(index, partial, None)


def test_vectorised_keys_equal_the_reference_keys() -> None:
    rng = random.Random(4)
    alphabet = ALPHABET + "XYZ789?*ÉЖ"
    skeletons = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(3000)
    ]
    per_number = _keys_of(skeletons, 100)
    got = sorted(
        (int(k), int(r)) for keys, rows in per_number for k, r in zip(keys, rows, strict=True)
    )
    want = sorted((k, n + 100) for n, s in enumerate(skeletons) for k in index_keys(s))
    assert got == want
    for number, (keys, _rows) in enumerate(per_number):
        assert all(key_number(int(k)) == number for k in keys)


def test_exact_lookup_survives_merges_and_removals() -> None:
    index = SerialIndex()
    index.add_many(["561234561", "AB0123"], ["561234561", "ABO123"])
    assert index.exact("AB0123") == [1]
    index.merge()
    index.add_many(["AB0123"], ["AB0123"])
    assert sorted(index.exact("AB0123")) == [1, 2]
    index.remove([1])
    assert index.exact("AB0123") == [2]
    assert len(index) == 2


def test_a_large_addition_is_merged_and_dead_rows_leave_the_keys() -> None:
    index = SerialIndex()
    serials = [f"{n:08d}" for n in range(MERGE_AT)]
    index.add_many(serials, serials)
    assert index.delta_rows == 0  # went straight to the sorted base
    index.remove(range(0, MERGE_AT, 2))
    index.merge()
    assert len(index) == MERGE_AT // 2
    keys = np.concatenate(index._keys)  # the index's own arrays
    assert len(keys) == 6 * (MERGE_AT // 2)
    assert found(index, "00000013", 0) == {13: 0}
    assert found(index, "00000012", 0) == {}


def test_the_budget_stops_a_search_and_says_so() -> None:
    index = SerialIndex()
    serials = [f"{n:06d}" for n in range(5000)]
    index.add_many(serials, serials)
    result = index.search(read_query("001234", 2), budget=50)
    assert result.overflow and result.candidates > 50
    assert result.rows.tolist() == [1234]  # the exact match is still reported
