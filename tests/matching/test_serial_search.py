"""The serial index finds exactly what an exhaustive comparison finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from kafo.matching.serial_search import (
    MIN_INDEXED,
    SerialQueryError,
    differences,
    index_keys,
    matches,
    partial_keys,
    probe_keys,
    read_query,
    segments,
    skeleton,
)

# A small alphabet makes near misses common, which is what is being tested.
ALPHABET = "AB0O1I23"
serial = st.text(ALPHABET, min_size=1, max_size=12)


def mutate(draw: st.DrawFn, s: str) -> str:
    for _ in range(draw(st.integers(0, 2))):
        op = draw(st.sampled_from(["sub", "del", "ins", "swap"]))
        i = draw(st.integers(0, max(0, len(s) - 1)))
        c = draw(st.sampled_from(ALPHABET))
        if op == "sub" and s:
            s = s[:i] + c + s[i + 1 :]
        elif op == "del" and len(s) > 1:
            s = s[:i] + s[i + 1 :]
        elif op == "ins":
            s = s[:i] + c + s[i:]
        elif op == "swap" and len(s) > 1 and i < len(s) - 1:
            s = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    return s


@st.composite
def registry_and_query(draw: st.DrawFn) -> tuple[list[str], str, int]:
    base = draw(st.lists(serial, min_size=1, max_size=30))
    registry = base + [mutate(draw, draw(st.sampled_from(base))) for _ in range(20)]
    query = mutate(draw, draw(st.sampled_from(base)))
    return registry, query, draw(st.integers(0, 2))


def exhaustive(registry: list[str], q: str, edits: int) -> set[str]:
    """The oracle: every registry skeleton within ``edits`` (rapidfuzz OSA),
    with the rule that skeletons shorter than MIN_INDEXED match only exactly."""
    out = set()
    for s in registry:
        k = skeleton(s)
        if k == q or (len(k) >= MIN_INDEXED and OSA.distance(q, k) <= edits):
            out.add(s)
    return out


@settings(max_examples=1500, deadline=None)
@given(registry_and_query())
def test_index_recall_equals_exhaustive_scan(case: tuple[list[str], str, int]) -> None:
    registry, written, edits = case
    query = read_query(written, edits)
    postings: dict[int, set[str]] = {}
    for s in registry:
        for key in index_keys(skeleton(s)):
            postings.setdefault(key, set()).add(s)
    # Exact and look-alike matches come from the skeleton lookup; the rest
    # from the segment keys.
    found = {s for s in registry if skeleton(s) == query.skeleton}
    for key in probe_keys(query.skeleton, query.edits):
        found |= {s for s in postings.get(key, ()) if matches(query, skeleton(s)) is not None}
    assert found == exhaustive(registry, query.skeleton, query.edits)


def test_segments_cover_the_string() -> None:
    for n in range(3, 41):
        parts = segments(n)
        assert sum(size for _, size in parts) == n
        assert all(size >= 1 for _, size in parts)
        assert [p for p, _ in parts] == [0, parts[0][1], parts[0][1] + parts[1][1]]


def test_lookalikes_fold_to_one_skeleton() -> None:
    assert skeleton("OD1S8Z6") == skeleton("0Q15B26") == "0015826"
    assert read_query("ab-12 34").canonical == "AB1234"
    # Cyrillic А and В are read as Latin by the canonical form.
    assert read_query("АВ1234").skeleton == read_query("AB1234").skeleton


def test_edit_budget_grows_with_length() -> None:
    assert read_query("AB12").edits == 0
    assert read_query("AB123").edits == 1
    assert read_query("AB1234567").edits == 1
    assert read_query("AB12345678").edits == 2
    assert read_query("AB12345", edits=2).edits == 2


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("", "empty"),
        ("  - / ", "empty"),
        ("A" * 41, "at most 40"),
        ("***", "too little information"),
        ("?", "too little information"),
        ("A?*B", "too little information"),
        ("AB'; DROP TABLE x;--", "only letters and digits"),
        ("12(3+)", "only letters and digits"),
        ("??1?2?3??", "too little information"),
    ],
)
def test_unsearchable_serials_are_refused_with_a_reason(written: str, reason: str) -> None:
    with pytest.raises(SerialQueryError, match=reason):
        read_query(written)


def test_non_latin_letters_are_letters() -> None:
    # Arabic-script digits and letters are kept as written, not refused.
    assert read_query("١٢٣٤٥").canonical


def test_partial_serials() -> None:
    q = read_query("56-1??45")
    assert q.partial
    assert matches(q, skeleton("5612345")) == 0
    assert matches(q, skeleton("56123456")) is None
    assert partial_keys(q) is not None  # "561" is a whole readable segment
    star = read_query("TY56*")
    assert star.prefix == "TY56" and partial_keys(star) is None
    assert matches(star, "TY561234567") == 0 and matches(star, "TX56") is None
    assert read_query("*4567").suffix == "4567"
    # A dot is a separator, and '*' is the only run wildcard: "ABC.*" is a
    # prefix search, never a regular expression.
    dotted = read_query("ABC.*")
    assert dotted.prefix == "A8C"
    assert matches(dotted, "A8CX") == 0 and matches(dotted, "A8") is None


def test_differences_are_explained_in_words() -> None:
    assert differences("AB1O34", "AB1034") == ["position 4: O here, 0 recorded (look-alike)"]
    assert differences("AB1243", "AB1234") == ["positions 5-6: 43 here, 34 recorded (swapped)"]
    assert differences("AB134", "AB1234") == ["position 4: 2 missing"]
    assert differences("AB12934", "AB1234") == ["after position 4: extra 9"]
    assert differences("AB1294", "AB1234") == ["position 5: 9 here, 3 recorded"]
    assert differences("AB1234", "AB1234") == []
    assert differences("0AB", "AB") == ["after position 0: extra 0"]
    assert differences("ABC", "ABCD") == ["position 4: D missing"]
    assert differences("001", "0I0") == [
        "positions 2-3: 01 here, I0 recorded (swapped, look-alike)"
    ]


@settings(max_examples=500, deadline=None)
@given(serial, serial)
def test_differences_count_the_edits(a: str, b: str) -> None:
    """Every edit is explained once: the explanations other than look-alikes
    are as many as the OSA distance between the skeletons."""
    told = differences(a, b)
    edits = [t for t in told if not t.endswith("(look-alike)")]
    assert len(edits) == OSA.distance(skeleton(a), skeleton(b))
    alike = sum(x != y and skeleton(x) == skeleton(y) for x, y in zip(a, b, strict=False))
    if len(a) == len(b) and not edits:
        assert len(told) == alike


def test_segment_keys_are_stable_and_packed_when_they_can_be() -> None:
    from kafo.matching.serial_search import segment_key

    # Packed exactly (base 36): the same value in every process and version.
    assert segment_key(8, 1, "A8C") == (8 << 55) | (1 << 52) | int("A8C", 36)
    assert segment_key(8, 1, "A8C") != segment_key(9, 1, "A8C") != segment_key(8, 2, "A8C")
    assert segment_key(8, 5, "A8C") != segment_key(8, 1, "A8C")
    # Longer or non-Latin segments are hashed, above every packed key.
    assert segment_key(40, 2, "1234567890123") >= 1 << 61
    assert segment_key(9, 0, "ЖЖЖ") >= 1 << 61
    assert segment_key(40, 2, "X" * 14) < 1 << 63
