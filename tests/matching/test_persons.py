"""Person comparison: the name weighed with dates of birth, documents, phones."""

from __future__ import annotations

from kafo.matching.dates import parse_partial_date
from kafo.matching.names import read_name
from kafo.matching.persons import PersonFacts, compare_persons


def person(
    name: str,
    dob: str | None = None,
    *,
    documents: frozenset[str] = frozenset(),
    phones: frozenset[str] = frozenset(),
    nationalities: frozenset[str] = frozenset(),
    sex: str | None = None,
) -> PersonFacts:
    born = parse_partial_date(dob) if dob else None
    return PersonFacts(read_name(name), born, documents, phones, nationalities, sex)


def test_the_courier_with_an_approximate_date_of_birth() -> None:
    found = compare_persons(
        person("TRAORE Mamadou", "vers 1985", nationalities=frozenset({"ML"})),
        person("Mahamadou Traoré", "1986-02-03", nationalities=frozenset({"ML"})),
    )
    assert found.same
    words = found.explain()
    assert "date of birth: years agree within the approximation (~1985 / 1986-02-03)" in words
    assert "nationality agrees (ML)" in words


def test_dates_far_apart_separate_namesakes() -> None:
    same_name = compare_persons(person("Mamadou Traoré", "1960"), person("Mamadou Traoré", "1992"))
    assert not same_name.same
    assert any("too far apart" in line for line in same_name.explain())


def test_a_shared_document_links_names_written_differently() -> None:
    a = person("Ibrahim Maïga", documents=frozenset({"B 0123456"}))
    b = person("Brahima Maiga", documents=frozenset({"b0123456"}))
    found = compare_persons(a, b)
    assert found.same and "same document number B0123456" in found.explain()
    # ...but not two unrelated names that happen to share it.
    stranger = person("Aminata Ouédraogo", documents=frozenset({"B0123456"}))
    assert not compare_persons(a, stranger).same


def test_phone_sex_and_nationality_move_the_score() -> None:
    base = compare_persons(person("Moussa Keita"), person("Musa Keïta")).score
    phone = frozenset({"+22376123456"})
    with_phone = compare_persons(
        person("Moussa Keita", phones=phone), person("Musa Keïta", phones=phone)
    )
    assert with_phone.score >= base and "same phone number +22376123456" in with_phone.explain()
    other_sex = compare_persons(person("Moussa Keita", sex="M"), person("Musa Keïta", sex="F"))
    assert other_sex.score < base and not other_sex.same
    apart = compare_persons(
        person("Moussa Keita", nationalities=frozenset({"ML"})),
        person("Musa Keïta", nationalities=frozenset({"GN"})),
    )
    assert apart.score < base
