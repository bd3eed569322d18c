"""Screening people against a list: blocking, evidence, alias quality."""

from __future__ import annotations

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
