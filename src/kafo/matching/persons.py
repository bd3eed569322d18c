"""Is this the same person? Names with the rest of what is known.

A name match (:mod:`kafo.matching.names`) is weighed with the other facts
two records may share: dates of birth (partial, approximate, day and month
swapped), identity-document numbers, E.164 phone numbers, nationalities and
sex. Each fact adds or removes a bounded amount and says why; a document
number or phone number shared by both records is strong evidence even when
the names were written very differently.

Pure: the facts come in as values, nothing is read from a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kafo.matching.dates import PartialDate, compare_dates
from kafo.matching.names import MATCH_THRESHOLD, Name, NameMatch, compare
from kafo.matching.text import alnum_upper

# Dates of birth: agreement adds at most this; contradiction removes up to
# more (namesakes are common: the same name born thirty years apart is two
# people).
DOB_FOR = 0.12
DOB_AGAINST = 0.3
PHONE_BONUS = 0.1
NATIONALITY_BONUS = 0.03
NATIONALITY_PENALTY = 0.05
SEX_PENALTY = 0.3
DOCUMENT_FLOOR = 0.95  # a shared document number, with names not far apart
DOCUMENT_NAME_MIN = 0.5  # ...at least this close
# What corroborates a name (PersonMatch.corroborated_among): a shared phone,
# document or vehicle; the same date of birth (or day and month swapped); or
# a date agreeing only on year and month, or only on the year (approximate
# or not), when the name is rare enough and no nationality contradicts it.
# Birth years spread over some 45 years: the n records of one name make
# n(n-1)/2 pairs, of which about 1 in 45 agree on the year by chance and 1
# in 540 on year and month. A partial date corroborates while fewer than a
# quarter of such chance agreements are expected among the name's records
# (repeat sightings of one person count as records: they make a name look
# commoner than it is).
FULL_DATE = 0.8
SAME_MONTH = 0.6
SAME_YEAR = 0.35
SAME_MONTH_NAMESAKES = 16
SAME_YEAR_NAMESAKES = 5


@dataclass(frozen=True, slots=True)
class PersonFacts:
    name: Name
    date_of_birth: PartialDate | None = None
    documents: frozenset[str] = frozenset()  # as written; compared letters and digits only
    phones: frozenset[str] = frozenset()  # E.164
    nationalities: frozenset[str] = frozenset()  # ISO alpha-2
    sex: str | None = None  # "M", "F", or None when unknown
    # Canonical plates of the vehicles of the record's seizures: the same
    # name twice with the same vehicle is one person (it corroborates; it
    # does not move the score).
    vehicles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PersonMatch:
    score: float
    name: NameMatch
    reasons: tuple[str, ...] = field(default=())
    # What besides the names agrees. Screening alerts on a name alone (a list
    # often gives nothing else); identity resolution links two records only
    # when corroborated (see corroborated_among), because the same common
    # name, with nothing else known, is as often two people as one.
    date_weight: float | None = None  # compare_dates' weight, when both have a date
    shared_phone: bool = False
    shared_document: bool = False
    shared_vehicle: bool = False
    nationalities_differ: bool = False  # both known, none in common

    def corroborated_among(self, namesakes: int) -> bool:
        """Whether something besides the name agrees, for a name that
        ``namesakes`` records of the set bear (the commoner the name, the
        more of the date must agree)."""
        if self.shared_phone or self.shared_document or self.shared_vehicle:
            return True
        w = self.date_weight
        if w is None:
            return False
        if w < FULL_DATE and self.nationalities_differ:
            return False
        return (
            w >= FULL_DATE
            or (w >= SAME_MONTH and namesakes <= SAME_MONTH_NAMESAKES)
            or (w >= SAME_YEAR and namesakes <= SAME_YEAR_NAMESAKES)
        )

    @property
    def corroborated(self) -> bool:
        """Corroborated for a rare name (one borne by a single record)."""
        return self.corroborated_among(1)

    @property
    def same(self) -> bool:
        return self.score >= MATCH_THRESHOLD

    def explain(self) -> list[str]:
        return [*self.name.explain(), *self.reasons]


@lru_cache(maxsize=1 << 16)
def document_keys(documents: frozenset[str]) -> frozenset[str]:
    """Document numbers as compared: letters and digits, at least five of
    them, one a digit ("NEANT" or "INCONNU" written in the box is no number)."""
    return frozenset(
        key
        for d in documents
        if len(key := alnum_upper(d)) >= 5 and any(ch.isdigit() for ch in key)
    )


def most_added(a: PersonFacts, b: PersonFacts) -> float | None:
    """The most the facts besides the names can add to the name score of
    :func:`compare_persons`, or None when a shared document could lift a
    weak name match to the floor (no bound on the name then)."""
    if a.documents and b.documents and document_keys(a.documents) & document_keys(b.documents):
        return None
    added = DOB_FOR if a.date_of_birth and b.date_of_birth else 0.0
    if a.phones & b.phones:
        added += PHONE_BONUS
    if a.nationalities & b.nationalities:
        added += NATIONALITY_BONUS
    return added


def compare_persons(a: PersonFacts, b: PersonFacts) -> PersonMatch:
    """The name score moved by the other evidence, with every reason."""
    name = compare(a.name, b.name)
    score = name.score
    reasons: list[str] = []
    date_weight = None
    if a.date_of_birth and b.date_of_birth:
        dob = compare_dates(a.date_of_birth, b.date_of_birth)
        score += (DOB_FOR if dob.weight > 0 else DOB_AGAINST) * dob.weight
        reasons.append(f"date of birth: {dob.reason}")
        date_weight = dob.weight
    shared_phones = a.phones & b.phones
    if shared_phones:
        score += PHONE_BONUS
        reasons.append(f"same phone number {min(shared_phones)}")
    if a.nationalities and b.nationalities:
        if a.nationalities & b.nationalities:
            score += NATIONALITY_BONUS
            reasons.append(
                f"nationality agrees ({', '.join(sorted(a.nationalities & b.nationalities))})"
            )
        else:
            score -= NATIONALITY_PENALTY
            reasons.append(
                f"nationalities differ ({', '.join(sorted(a.nationalities))} / "
                f"{', '.join(sorted(b.nationalities))})"
            )
    if a.sex and b.sex and a.sex != b.sex:
        score -= SEX_PENALTY
        reasons.append(f"sex differs ({a.sex} / {b.sex})")
    shared_documents = (
        document_keys(a.documents) & document_keys(b.documents)
        if a.documents and b.documents
        else frozenset()
    )
    if shared_documents and name.score >= DOCUMENT_NAME_MIN:
        score = max(score, DOCUMENT_FLOOR)
        reasons.append(f"same document number {min(shared_documents)}")
    shared_vehicles = a.vehicles & b.vehicles
    if shared_vehicles:
        reasons.append(f"same vehicle {min(shared_vehicles)}")
    final = round(max(0.0, min(score, 1.0)), 3)
    differ = bool(a.nationalities and b.nationalities and not a.nationalities & b.nationalities)
    return PersonMatch(
        final,
        name,
        tuple(reasons),
        date_weight,
        bool(shared_phones),
        bool(shared_documents),
        bool(shared_vehicles),
        differ,
    )
