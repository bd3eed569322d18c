"""Each person record's blocking keys, kept as the record is saved.

Resolution runs over everything at once; a record entered since the last
run is found by its keys (its name's words, its documents, its phones:
:func:`kafo.matching.resolution.record_keys`), so that an analyst looking
at it sees its candidates at once (:func:`fresh_candidates`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from kafo.matching.names import MATCH_THRESHOLD
from kafo.matching.persons import PersonFacts, PersonMatch, compare_persons
from kafo.matching.resolution import record_keys, signature_key
from kafo.model.identity import PersonKey
from kafo.model.person import Person
from kafo.services.identities.facts import facts_of_person

KEY_LENGTH = 200
MAX_OTHERS = 1_000  # records compared with one, at most: those sharing most keys


def _keys(facts: PersonFacts) -> list[str]:
    return list(dict.fromkeys(k[:KEY_LENGTH] for k in record_keys(facts)))


def index_persons(session: Session, persons: Iterable[Person]) -> None:
    """Replace the stored keys of ``persons`` with their keys now."""
    persons = list(persons)
    if not persons:
        return
    session.execute(delete(PersonKey).where(PersonKey.person_id.in_([p.id for p in persons])))
    rows = [
        {"person_id": p.id, "key": key}
        for p in persons
        if (facts := facts_of_person(p)) is not None
        for key in _keys(facts)
    ]
    if rows:
        session.execute(insert(PersonKey), rows)


def index_missing(session: Session, facts: dict[uuid.UUID, PersonFacts]) -> int:
    """Store the keys of the records among ``facts`` that have none (records
    saved before keys were kept); returns how many were indexed."""
    have = set(session.scalars(select(PersonKey.person_id).distinct()))
    rows = [
        {"person_id": pid, "key": key}
        for pid, f in facts.items()
        if pid not in have
        for key in _keys(f)
    ]
    for start in range(0, len(rows), 10_000):
        session.execute(insert(PersonKey), rows[start : start + 10_000])
    return len({r["person_id"] for r in rows})


def fresh_candidates(
    session: Session,
    person: Person,
    seen: set[uuid.UUID],
    known: set[uuid.UUID],
) -> list[tuple[Person, PersonMatch, int]]:
    """Records sharing a key with ``person`` (among ``seen``, not in
    ``known``) whose score reaches the threshold, best first, each with how
    many records bear the name (for :meth:`PersonMatch.corroborated_among`)."""
    facts = facts_of_person(person)
    if facts is None:
        return []
    keys = _keys(facts)
    shared = func.count().label("shared")
    sharing = session.execute(
        select(PersonKey.person_id, shared)
        .where(PersonKey.key.in_(keys), PersonKey.person_id != person.id)
        .group_by(PersonKey.person_id)
        .order_by(shared.desc(), PersonKey.person_id)
    )
    others = [pid for pid, _ in sharing if pid in seen and pid not in known][:MAX_OTHERS]
    # How many stored records bear the name, counted as resolution counts them.
    bearers = session.scalar(
        select(func.count()).where(PersonKey.key == signature_key(facts.name)[:KEY_LENGTH])
    )
    found = []
    for other in _persons(session, others):
        other_facts = facts_of_person(other)
        if other_facts is None:
            continue
        match = compare_persons(facts, other_facts)
        if match.score >= MATCH_THRESHOLD:
            found.append((other, match, max(bearers or 0, 1)))
    return sorted(found, key=lambda x: (-x[1].score, str(x[0].id)))


def _persons(session: Session, ids: Sequence[uuid.UUID]) -> Sequence[Person]:
    return session.scalars(select(Person).where(Person.id.in_(ids))).all()
