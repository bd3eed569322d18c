"""What matching compares of a person: from a stored record or from a query.

A recorded person's name is read as the officer wrote it, given names and
family name together (matching is order-free), with the recorded aliases
as the name's aliases. A record whose name cannot be read (digits, no
letters) is not compared; callers count it as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kafo.matching.countries import country_code
from kafo.matching.dates import DateParseError, PartialDate, parse_partial_date
from kafo.matching.names import MAX_NAME_LENGTH, NameRefused, read_name
from kafo.matching.persons import PersonFacts
from kafo.model.person import Person
from kafo.model.vocab import ListedSubject, Sex
from kafo.schemas.watchlist import ScreenIn
from kafo.services.errors import FieldError, Invalid


def written_name(person: Person) -> str:
    return name_as_written(person.given_names, person.family_name, [a.name for a in person.aliases])


def name_as_written(given: str | None, family: str | None, aliases: Sequence[str] = ()) -> str:
    """Given names, family name, then " alias " and each alias."""
    main = " ".join(p for p in (given, family) if p)
    return " alias ".join(n for n in (main, *aliases) if n)


def person_facts(
    name: str,
    born: tuple[int | None, int | None, int | None, bool] = (None, None, None, False),
    documents: Iterable[str] = (),
    phones: Iterable[str] = (),
    nationalities: Iterable[str] = (),
    sex: Sex = Sex.UNKNOWN,
    vehicles: Iterable[str] = (),
) -> PersonFacts | None:
    """A stored person's facts, or None when the name cannot be read.
    ``born`` is (year, month, day, approximate) as stored."""
    try:
        read = read_name(name[:MAX_NAME_LENGTH])
    except NameRefused:
        return None
    year, month, day, approximate = born
    return PersonFacts(
        read,
        PartialDate(year, month, day, approximate) if year else None,
        frozenset(documents),
        frozenset(phones),
        frozenset(nationalities),
        sex.value if sex is not Sex.UNKNOWN else None,
        frozenset(vehicles),
    )


def facts_of_person(person: Person) -> PersonFacts | None:
    """The person's facts, or None when no name of the record can be read."""
    return person_facts(
        written_name(person),
        (person.birth_year, person.birth_month, person.birth_day, person.birth_date_approximate),
        (d.number_canonical for d in person.documents),
        (p.e164 for p in person.phones),
        (n.country for n in person.nationalities),
        person.sex,
    )


def facts_of_query(data: ScreenIn) -> PersonFacts:
    """The facts a screening query gives, or :class:`Invalid` naming each field."""
    errors: list[FieldError] = []
    entity = data.subject is ListedSubject.ENTITY
    try:
        name = read_name(data.name, organisation=entity)
    except NameRefused as exc:
        errors.append(FieldError(("name",), str(exc)))
    if entity:
        for field in ("date_of_birth", "nationality", "document"):
            if getattr(data, field):
                errors.append(FieldError((field,), "an entity is screened by its names only"))
    born = None
    if data.date_of_birth:
        try:
            born = parse_partial_date(data.date_of_birth)
        except DateParseError as exc:
            errors.append(FieldError(("date_of_birth",), str(exc)))
    codes = set()
    for i, text in enumerate(data.nationality):
        code = country_code(text)
        if code is None:
            errors.append(FieldError(("nationality", i), f"'{text}' is not a country"))
        else:
            codes.add(code)
    if errors:
        raise Invalid("the screening query has problems", errors=errors)
    return PersonFacts(
        name,
        born,
        frozenset(data.document),
        nationalities=frozenset(codes),
        sex=data.sex.value if data.sex is not Sex.UNKNOWN else None,
    )
