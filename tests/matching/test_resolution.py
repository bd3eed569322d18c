"""Identity resolution: blocking, exact scores, clustering without chaining."""

from __future__ import annotations

import random
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kafo.matching import resolution
from kafo.matching.dates import parse_partial_date
from kafo.matching.names import MATCH_THRESHOLD, read_name
from kafo.matching.persons import PersonFacts, compare_persons
from kafo.matching.resolution import (
    PAIR_WINDOW,
    POSSIBLE_NAMESAKES,
    PersonRecord,
    cluster,
    name_keys,
    namesakes,
    resolve,
)


def record(
    rid: str,
    name: str,
    dob: str | None = None,
    *,
    nationalities: tuple[str, ...] = (),
    documents: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    sex: str | None = None,
    vehicles: tuple[str, ...] = (),
) -> PersonRecord:
    born = parse_partial_date(dob) if dob else None
    facts = PersonFacts(
        read_name(name),
        born,
        frozenset(documents),
        frozenset(phones),
        frozenset(nationalities),
        sex,
        frozenset(vehicles),
    )
    return PersonRecord(rid, facts)


def courier() -> list[PersonRecord]:
    return [
        # A Malian recorded in Mali, Burkina Faso and Côte d'Ivoire.
        record("ml-1", "TRAORE Mamadou", "1985", nationalities=("ML",)),
        record("bf-1", "Mahamadou Traoré", "1985-03-02", nationalities=("ML",)),
        record("ci-1", "Mamadu Troare", "vers 1985", nationalities=("ML",)),
    ]


def test_the_courier_seen_in_three_countries_is_one_identity() -> None:
    found = resolve(courier())
    assert found.identities == (("bf-1", "ci-1", "ml-1"),)
    assert [(link.a, link.b) for link in found.links] == [
        ("bf-1", "ci-1"),
        ("bf-1", "ml-1"),
        ("ci-1", "ml-1"),
    ]
    assert all(link.score >= MATCH_THRESHOLD for link in found.links)
    words = found.links[1].explain()
    assert "Mahamadou ~ Mamadou: spellings of one name" in words
    assert "date of birth: same year 1985; month unknown on one" in words
    assert found.identity_keys() == {"bf-1": "bf-1", "ci-1": "bf-1", "ml-1": "bf-1"}


def test_namesakes_born_thirty_years_apart_stay_two_people() -> None:
    found = resolve([record("a", "Mamadou Traoré", "1960"), record("b", "Mamadou Traoré", "1990")])
    assert found.links == () and found.identities == ()
    # Even with a threshold low enough, nothing corroborates the names...
    low = resolve(
        [record("a", "Mamadou Traoré", "1960"), record("b", "Mamadou Traoré", "1990")], 0.6
    )
    assert low.links == ()
    # ...until they share a phone: then the pair is scored and linked.
    phone = ("+22376123456",)
    shared = [
        record("a", "Mamadou Traoré", "1960", phones=phone),
        record("b", "Mamadou Traoré", "1990", phones=phone),
    ]
    assert [(link.a, link.b, link.score) for link in resolve(shared, 0.6).links] == [
        ("a", "b", 0.8)
    ]


def test_a_common_name_alone_links_nobody() -> None:
    # The same name, with no date, phone or document agreeing, is as often
    # two people as one: not a link (screening and analysts see such pairs).
    records = [
        record("a", "Moussa Keita", nationalities=("ML",)),
        record("b", "Moussa KEITA", "1980", nationalities=("ML",)),
        record("c", "Keita Moussa", "vers 1981", phones=("+22376000001",)),
    ]
    assert resolve(records).links == ()
    # Asked for, they are possible links: for an analyst to judge.
    maybe = resolve(records, possible=True)
    assert maybe.links == () and maybe.identities == ()
    assert [(link.a, link.b) for link in maybe.possible] == [("a", "b"), ("a", "c"), ("b", "c")]
    records.append(record("d", "Moussa Keïta", "vers 1980", phones=("+22376000001",)))
    assert [(link.a, link.b) for link in resolve(records).links] == [("b", "d"), ("c", "d")]


def test_a_shared_document_links_names_that_share_no_key() -> None:
    a = record("a", "Adama Ouédraogo", "1979", documents=("B 0123456",))
    b = record("b", "Adama Kaboré", "1979-05-01", documents=("b0123456",))
    assert not set(name_keys(a.facts.name)) & set(name_keys(b.facts.name))
    found = resolve([a, b, record("c", "Adama Kaboré", "1950-05-01")])
    assert [(link.a, link.b) for link in found.links] == [("a", "b")]
    assert "same document number B0123456" in found.links[0].explain()


def test_spellings_orders_aliases_and_joined_words_share_keys() -> None:
    def shared(x: str, y: str) -> bool:
        return bool(set(name_keys(read_name(x))) & set(name_keys(read_name(y))))

    assert shared("TRAORE Mamadou", "Mahamadou Traoré")
    assert shared("Ibrahim Ag Ghali", "Ibrahim Agghali")
    assert shared("Abdoul Karim Sawadogo", "Abdoulkarim Sawadogo")
    assert shared("Ibrahim Ag Ghali dit Abou Fadl", "Abou Fadl")
    assert shared("Niaré Aïssata", "Niaré Asseta")  # off the tables: same consonants
    assert not shared("Mamadou Traoré", "Moussa Koné")


def test_a_weak_link_does_not_chain_two_people_through_a_third() -> None:
    # The undated record shares a phone with each; the two dated ones are
    # 30 years apart.
    records = [
        record("a", "Moussa Keita", "1980-01-01", phones=("+22376000001",)),
        record("b", "Moussa Keita", phones=("+22376000001", "+22376000002")),
        record("c", "Moussa Keita", "1950-06-06", phones=("+22376000002",)),
    ]
    found = resolve(records)
    assert [(link.a, link.b) for link in found.links] == [("a", "b"), ("b", "c")]
    assert found.identities == (("a", "b"), ("c",))
    assert found.refused == 1


def test_links_kept_elsewhere_are_clustered_by_the_same_rule() -> None:
    # As with analysts' judgements: b-c judged the same (1.0); a-c missing.
    links = [("a", "b", 0.9), ("c", "b", 1.0), ("d", "e", 0.88), ("x", "x", 1.0)]
    assert resolution.cluster(links) == (("a",), ("b", "c"), ("d", "e"))
    assert resolution.cluster([*links, ("a", "c", 0.86)]) == (("a", "b", "c"), ("d", "e"))


def test_a_record_joins_a_pair_when_it_links_to_both() -> None:
    found = resolve([*courier(), record("ne-1", "Mamadou Traoré", "1985-03-02")])
    assert found.identities == (("bf-1", "ci-1", "ml-1", "ne-1"),)


def test_shuffled_input_gives_the_same_resolution() -> None:
    records = population(random.Random(3), 120)
    first = resolve(records)
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    again = resolve(shuffled)
    assert first == again and len(first.links) > 10
    assert [link.explain() for link in first.links] == [link.explain() for link in again.links]


def test_a_very_common_name_is_paired_within_a_window_and_the_rest_counted() -> None:
    n = PAIR_WINDOW + 10
    records = [record(f"r{k:02d}", "Moussa Keita") for k in range(n)]
    found = resolve(records)
    paired = sum(min(PAIR_WINDOW, n - 1 - p) for p in range(n))
    assert found.compared == paired
    # Left out in each of the name's blocks (its tokens' groups, their consonants).
    blocks = len(name_keys(records[0].facts.name))
    assert found.skipped == blocks * (n * (n - 1) // 2 - paired)


def test_several_processes_give_the_same_links(monkeypatch: pytest.MonkeyPatch) -> None:
    records = population(random.Random(5), 150)
    alone = resolve(records)
    monkeypatch.setattr(resolution, "CHUNK", 7)  # several tasks even for a small set
    assert resolve(records, workers=2) == alone


def test_ids_must_be_unique_and_nothing_gives_nothing() -> None:
    with pytest.raises(ValueError, match="unique: a"):
        resolve([record("a", "Moussa Keita"), record("a", "Musa Keita")])
    assert resolve([]) == resolution.Resolution((), ())


# --- Properties -------------------------------------------------------------------

NAMES = (
    "TRAORE Mamadou",
    "Mahamadou Traoré",
    "Mamadu Troare",
    "Moussa Keita",
    "Musa Keïta",
    "Aminata Diallo",
    "DJALO Aminata",
    "Adama Ouédraogo",
    "Adama Kaboré",
    "Traoré",
    "A. Traoré",
    "Ibrahim Ag Ghali dit Abou Fadl",
)
DATES = (None, "1985", "1985-03-12", "12/03/1985", "03/12/1985", "vers 1986", "03/1985", "1960")
NATIONS = ("ML", "BF", "CI")
DOCUMENTS = ("B0123456", "b 012 3456", "A7654321", "NEANT")
PHONES = ("+22376123456", "+22670123456", "76 12 34 56")
PLATES = ("AB1234MD", "11GG2222", "4567BF01")


def population(rng: random.Random, n: int) -> list[PersonRecord]:
    def some(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v for v in values if rng.random() < 0.3)

    return [
        record(
            f"p{k:03d}",
            rng.choice(NAMES),
            rng.choice(DATES),
            nationalities=some(NATIONS),
            documents=some(DOCUMENTS),
            phones=some(PHONES),
            sex=rng.choice((None, "M", "F")),
            vehicles=some(PLATES),
        )
        for k in range(n)
    ]


def share_a_key(a: PersonRecord, b: PersonRecord) -> bool:
    def keys(r: PersonRecord) -> set[str]:
        docs = {"".join(ch for ch in d.upper() if ch.isalnum()) for d in r.facts.documents}
        return (
            set(name_keys(r.facts.name))
            | {d for d in docs if len(d) >= 5 and any(ch.isdigit() for ch in d)}
            | {p for p in r.facts.phones if p.startswith("+")}
        )

    return bool(keys(a) & keys(b))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32),
    st.integers(2, PAIR_WINDOW + 1),
    st.sampled_from([MATCH_THRESHOLD, 0.6, 0.95]),
)
def test_links_are_exactly_the_scorers_and_identities_partition_them(
    seed: int, n: int, threshold: float
) -> None:
    # Up to PAIR_WINDOW + 1 records: every block is paired whole.
    records = population(random.Random(seed), n)
    found = resolve(records, threshold)
    by_id = {r.id: r for r in records}
    bearers = namesakes(records)
    expected, maybe = {}, {}
    for a, b in combinations(sorted(by_id), 2):
        match = compare_persons(by_id[a].facts, by_id[b].facts)
        if match.score < threshold or not share_a_key(by_id[a], by_id[b]):
            continue
        common = max(bearers[a], bearers[b])
        if match.corroborated_among(common):
            expected[a, b] = match.score
        elif common <= POSSIBLE_NAMESAKES:
            maybe[a, b] = match.score
    assert {(link.a, link.b): link.score for link in found.links} == expected
    asked = resolve(records, threshold, possible=True)
    assert {(link.a, link.b): link.score for link in asked.possible} == maybe
    assert asked.links == found.links
    assert all(link.a < link.b for link in found.links)
    linked = [x for link in found.links for x in (link.a, link.b)]
    members = [x for ids in found.identities for x in ids]
    assert sorted(members) == sorted(set(linked))  # each linked record in one identity
    assert all(list(ids) == sorted(ids) for ids in found.identities)


def test_a_partial_date_does_not_outweigh_another_nationality() -> None:
    same = [record("a", "Moussa Keita", "1980", nationalities=("ML",))]
    other = [record("b", "Moussa KEITA", "vers 1980", nationalities=("GN",))]
    assert resolve([*same, *other]).links == ()
    # The same full date still corroborates (nationalities are often wrong).
    full = [
        record("a", "Moussa Keita", "1980-05-06", nationalities=("ML",)),
        record("b", "Moussa KEITA", "06/05/1980", nationalities=("GN",)),
    ]
    assert [(link.a, link.b) for link in resolve(full).links] == [("a", "b")]


def test_a_common_name_needs_more_of_the_date() -> None:
    # Ten records of one name: the same year no longer tells them apart;
    # the same full date still does.
    common = [record(f"n{k}", "Mamadou Traoré", str(1960 + 3 * k)) for k in range(8)]
    pair = [record("x", "TRAORE Mamadou", "1985"), record("y", "Mahamadou Traoré", "1985-03-02")]
    assert namesakes([*common, *pair])["x"] == 10
    assert resolve([*common, *pair]).links == ()
    assert [(link.a, link.b) for link in resolve(pair).links] == [("x", "y")]
    full = [
        record("x", "TRAORE Mamadou", "02/03/1985"),
        record("y", "Mahamadou Traoré", "1985-03-02"),
    ]
    assert [(link.a, link.b) for link in resolve([*common, *full]).links] == [("x", "y")]


def test_pairs_judged_the_same_are_one_record_for_the_rule() -> None:
    # a–b, a–c and b–c are links; d has none, but an analyst joined d to a.
    links = [("a", "b", 0.9), ("a", "c", 0.9), ("b", "c", 0.9)]
    assert cluster(links, joined=[("d", "a")]) == (("a", "b", "c", "d"),)
    # Joined without any link: the two records are one identity.
    assert cluster([], joined=[("x", "y")]) == (("x", "y"),)
    # Without the judgement, d is nobody's.
    assert cluster(links) == (("a", "b", "c"),)


def test_the_same_vehicle_corroborates_a_name() -> None:
    # No date, no phone: the same name twice is two people...
    alone = [record("a", "Seydou Mounkaila"), record("b", "MOUNKAÏLA Seydou", "vers 1992")]
    assert resolve(alone).links == ()
    # ...unless both were stopped with the same vehicle.
    plate = ("AB1234MD",)
    together = [
        record("a", "Seydou Mounkaila", vehicles=plate),
        record("b", "MOUNKAÏLA Seydou", "vers 1992", vehicles=plate),
    ]
    (link,) = resolve(together).links
    assert "same vehicle AB1234MD" in link.explain() and link.score == 1.0
