"""Screening people against a list: blocking, evidence, alias quality."""

from __future__ import annotations

import random

from kafo.datafiles import read_rows
from kafo.matching.dates import parse_partial_date
from kafo.matching.names import read_name
from kafo.matching.persons import PersonFacts
from kafo.matching.screening import ListedPerson, Screen


def listed(key: str, main: str, *aliases: tuple[str, str], born: str | None = None) -> ListedPerson:
    dob = parse_partial_date(born) if born else None
    return ListedPerson(key, ((main, "main"), *aliases), PersonFacts(read_name(main), dob))


LIST = Screen(
    [
        listed("MLi.901", "MOUSSA AG TESTOU", ("Abou Testou", "Good"), born="1970-12-31"),
        listed("QDi.999", "AMADOU KOUFA TEST", ("Amadou Diallo", "Low")),
        listed("QDi.998", "IBRAHIM TESTI"),
    ]
)


def query(name: str, born: str | None = None) -> PersonFacts:
    return PersonFacts(read_name(name), parse_partial_date(born) if born else None)


def test_a_listed_person_is_found_in_another_spelling_and_order() -> None:
    hits = LIST.screen(query("Testou Musa Ag", "vers 1971"))
    assert [h.key for h in hits] == ["MLi.901"]
    words = hits[0].explain()
    assert "Musa ~ MOUSSA: spellings of one name" in words
    assert any(w.startswith("date of birth: years agree") for w in words)


def test_an_alias_is_found_and_a_low_quality_one_counts_less() -> None:
    assert LIST.screen(query("Abou Testou"))[0].key == "MLi.901"
    weak = LIST.screen(query("Amadou Diallo"))
    assert weak[0].quality == "Low" and weak[0].score < 1.0
    assert "matched a low-quality alias (the list's own judgement)" in weak[0].explain()


def test_people_not_on_the_list_raise_no_alert() -> None:
    assert LIST.screen(query("Mariam Coulibaly")) == []
    # The same name born thirty years later is someone else.
    assert LIST.screen(query("Moussa Ag Testou", "2001-05-05")) == []


def _brute_force(screen: Screen, facts: PersonFacts) -> list[tuple[str, float, str]]:
    """Every candidate compared in full: what pruning must not change."""
    best: dict[str, tuple[str, float, str]] = {}
    for n in screen._candidates(facts):
        p, name, quality = screen._names[n]
        person = screen.people[p]
        match = screen._compare(facts, person, name)
        score = round(match.score - (0.05 if quality == "Low" else 0.0), 3)
        if score >= 0.85 and (person.key not in best or score > best[person.key][1]):
            best[person.key] = (person.key, score, name.written)
    return sorted(best.values(), key=lambda h: (-h[1], h[0]))


def test_pruning_changes_no_answer() -> None:
    rng = random.Random(7)
    given = [r["variant"] for r in read_rows("data", "given_names.csv")]
    family = [r["variant"] for r in read_rows("data", "surnames.csv")]

    def name() -> str:
        parts = [rng.choice(given) for _ in range(rng.choice((1, 1, 2)))] + [rng.choice(family)]
        if rng.random() < 0.2:  # compounds written as one, particles, aliases
            parts.insert(0, rng.choice(("Ag", "Ould", "Abdoul", "El", "Ben")))
        text = " ".join(rng.sample(parts, len(parts)))
        return text + (f" dit {rng.choice(given)}" if rng.random() < 0.1 else "")

    def facts(text: str) -> PersonFacts:
        born = parse_partial_date(str(rng.randint(1950, 2000))) if rng.random() < 0.5 else None
        documents = frozenset({f"AB{rng.randint(10000, 10020)}"}) if rng.random() < 0.2 else None
        nationality = frozenset({rng.choice(("ML", "BF", "NE"))})
        return PersonFacts(
            read_name(text), born, documents or frozenset(), nationalities=nationality
        )

    people = [
        ListedPerson(f"T.{i}", ((main := name(), "main"), (name(), "Low")), facts(main))
        for i in range(300)
    ]
    screen = Screen(people)
    queries = [facts(name()) for _ in range(400)]
    queries += [facts(p.names[0][0].replace(" ", "", 1)) for p in people[:100]]  # joined
    hits = 0
    for query in queries:
        found = [(h.key, h.score, h.matched) for h in screen.screen(query, limit=1_000)]
        assert found == _brute_force(screen, query), query.name.written
        hits += bool(found)
    assert hits > 50  # the check compared real hits, not only empty answers
