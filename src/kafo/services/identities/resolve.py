"""Identity resolution over the recorded persons, and the analysts' judgements.

:func:`resolve_persons` reads every person record the user may see (across
seizures and countries), finds and scores candidate pairs
(:mod:`kafo.matching.resolution`), and stores the links found, replacing
those of an earlier run among the same records. Analysts then judge
proposed links (:func:`judge`): a judgement is appended with its author
and time, and reversed only by a later one. Identities are the groups of
records joined by links not judged different and by pairs judged the same
(:func:`identity_groups`); they are computed when asked, so a judgement
counts at once. No person record is merged, changed or deleted.
"""

from __future__ import annotations

import gc
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, delete, insert, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from kafo.ids import new_id
from kafo.io.person_csv import read_person_csv, write_links
from kafo.matching.names import MATCH_THRESHOLD
from kafo.matching.resolution import PersonRecord, cluster, resolve
from kafo.model.identity import IdentityJudgement, IdentityLink
from kafo.model.person import IdentityDocument, Person, PersonAlias, PersonNationality, PhoneNumber
from kafo.model.seizure import SeizurePerson, SeizureVehicle
from kafo.model.vehicle import Vehicle
from kafo.model.vocab import Judgement, Role
from kafo.schemas.identity import (
    CandidateOut,
    FileResolveOut,
    IdentityOut,
    JudgementIn,
    JudgementOut,
    PersonBrief,
    ResolveOut,
)
from kafo.services import audit
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.errors import Forbidden, Invalid, NotFound
from kafo.services.identities import keys
from kafo.services.identities.facts import name_as_written, person_facts, written_name
from kafo.services.network import changes as graph_changes
from kafo.timeutil import utcnow

MAY_JUDGE = frozenset({Role.ANALYST, Role.NATIONAL_ADMIN})
WRITE_CHUNK = 5_000


def _visible_ids(actor: Actor) -> Select[uuid.UUID]:
    return select(Person.id).where(visible(actor, Person))


@dataclass
class _Stored:
    """What resolution reads of the visible persons, by id."""

    records: list[PersonRecord]
    briefs: dict[uuid.UUID, PersonBrief]
    unreadable: int


def _children(
    session: Session, actor: Actor, column: InstrumentedAttribute[str]
) -> dict[uuid.UUID, list[str]]:
    """One child column of every visible person (aliases, documents…), in order."""
    model: Any = column.class_
    out: dict[uuid.UUID, list[str]] = defaultdict(list)
    stmt = (
        select(model.person_id, column)
        .where(model.person_id.in_(_visible_ids(actor)))
        .order_by(model.person_id, model.position)
    )
    for person_id, value in session.execute(stmt):
        out[person_id].append(value)
    return out


def _vehicles(session: Session, actor: Actor) -> dict[uuid.UUID, set[str]]:
    """The canonical plates of the vehicles of each visible person's seizures."""
    out: dict[uuid.UUID, set[str]] = defaultdict(set)
    stmt = (
        select(SeizurePerson.person_id, Vehicle.plate_canonical)
        .join(SeizureVehicle, SeizureVehicle.seizure_id == SeizurePerson.seizure_id)
        .join(Vehicle, Vehicle.id == SeizureVehicle.vehicle_id)
        .where(
            SeizurePerson.person_id.in_(_visible_ids(actor)), Vehicle.plate_canonical.is_not(None)
        )
    )
    for person_id, plate in session.execute(stmt):
        if plate:
            out[person_id].add(plate)
    return out


def _load(session: Session, actor: Actor) -> _Stored:
    aliases = _children(session, actor, PersonAlias.name)
    documents = _children(session, actor, IdentityDocument.number_canonical)
    phones = _children(session, actor, PhoneNumber.e164)
    nationalities = _children(session, actor, PersonNationality.country)
    vehicles = _vehicles(session, actor)
    rows = session.execute(
        select(
            Person.id,
            Person.owner_country,
            Person.given_names,
            Person.family_name,
            Person.sex,
            Person.birth_year,
            Person.birth_month,
            Person.birth_day,
            Person.birth_date_approximate,
            Person.birth_date_text,
        ).where(visible(actor, Person))
    )
    stored = _Stored([], {}, 0)
    for pid, owner, given, family, sex, year, month, day, approx, born_text in rows:
        written = name_as_written(given, family, aliases.get(pid, ()))
        stored.briefs[pid] = PersonBrief(
            id=pid, owner_country=owner, name=written, date_of_birth=born_text
        )
        facts = person_facts(
            written,
            (year, month, day, approx),
            documents.get(pid, ()),
            phones.get(pid, ()),
            nationalities.get(pid, ()),
            sex,
            vehicles.get(pid, ()),
        )
        if facts is None:
            stored.unreadable += 1
        else:
            stored.records.append(PersonRecord(str(pid), facts))
    return stored


def resolve_file(
    path: Path, *, output: Path | None = None, region: str | None = None, workers: int = 1
) -> FileResolveOut:
    """Resolve a person-records CSV (no database, no user); write the links
    to ``output`` if given."""
    started = time.perf_counter()
    rows = read_person_csv(path, default_region=region)
    # A million rows are a million long-lived objects: the cycle collector
    # need not walk them again and again.
    gc.freeze()
    found = resolve([row.record() for row in rows], workers=workers)
    written = write_links(output, found.links, found.identity_keys()) if output else 0
    groups = [ids for ids in found.identities if len(ids) > 1]
    return FileResolveOut(
        records=len(rows),
        candidate_pairs=found.compared,
        links=len(found.links),
        identities=len(groups),
        records_in_identities=sum(len(ids) for ids in groups),
        output=str(output) if output else None,
        links_written=written,
        seconds=round(time.perf_counter() - started, 2),
    )


def _ordered(a: uuid.UUID, b: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    return (a, b) if str(a) < str(b) else (b, a)


def resolve_persons(
    session: Session, actor: Actor, threshold: float = MATCH_THRESHOLD, workers: int = 1
) -> ResolveOut:
    """Resolve every person record ``actor`` may see; store the links."""
    if actor.role not in MAY_JUDGE:
        raise Forbidden("only analysts and national administrators run identity resolution")
    started = time.perf_counter()
    stored = _load(session, actor)
    keys.index_missing(session, {uuid.UUID(r.id): r.facts for r in stored.records})
    found = resolve(stored.records, threshold, workers, possible=True)
    seen = set(stored.briefs)
    replaced = [link.id for link in _pairs_among(session, IdentityLink, seen)]
    for start in range(0, len(replaced), WRITE_CHUNK):
        chunk = replaced[start : start + WRITE_CHUNK]
        session.execute(delete(IdentityLink).where(IdentityLink.id.in_(chunk)))
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "person_a": uuid.UUID(link.a),
            "person_b": uuid.UUID(link.b),
            "score": link.score,
            "explanation": "\n".join(link.explain()),
            "corroborated": sure,
            "found_at": now,
        }
        for links, sure in ((found.links, True), (found.possible, False))
        for link in links
    ]
    for start in range(0, len(rows), WRITE_CHUNK):
        session.execute(insert(IdentityLink), rows[start : start + WRITE_CHUNK])
    graph_changes.changed(session, [(graph_changes.IDENTITY, None)])
    groups = identity_groups(session, actor, stored.briefs)
    detail = (
        f"{len(stored.records)} person(s), {len(found.links)} link(s), "
        f"{len(found.possible)} possible, {len(groups)} identities"
    )
    session.add(audit.event(actor, "resolve", "person", None, actor.country, detail=detail))
    return ResolveOut(
        persons=len(stored.briefs),
        unreadable=stored.unreadable,
        candidate_pairs=found.compared,
        links=len(found.links),
        possible=len(found.possible),
        identities=len(groups),
        seconds=round(time.perf_counter() - started, 2),
        groups=groups,
    )


Pair = TypeVar("Pair", IdentityLink, IdentityJudgement)


def _visible_set(session: Session, actor: Actor) -> set[uuid.UUID]:
    return set(session.scalars(_visible_ids(actor)))


def _pairs_among(
    session: Session,
    model: type[Pair],
    seen: set[uuid.UUID],
    person: uuid.UUID | None = None,
    *conditions: ColumnElement[bool],
) -> list[Pair]:
    """Rows of ``model`` (links or judgements) whose two records are both
    in ``seen``. Filtered here, not by ``IN (visible records)`` twice in SQL:
    SQLite would pair every visible record with every other to probe the
    index (28,000 records took 85 s)."""
    stmt = select(model).where(*conditions)
    if person is not None:
        stmt = stmt.where(or_(model.person_a == person, model.person_b == person))
    return [x for x in session.scalars(stmt) if x.person_a in seen and x.person_b in seen]


def _standing(
    session: Session, seen: set[uuid.UUID], person: uuid.UUID | None = None
) -> dict[tuple[uuid.UUID, uuid.UUID], IdentityJudgement]:
    """The judgement that stands for each pair of ``seen`` records (the
    latest; none if withdrawn)."""
    found = _pairs_among(session, IdentityJudgement, seen, person)
    latest: dict[tuple[uuid.UUID, uuid.UUID], IdentityJudgement] = {}
    for j in sorted(found, key=lambda j: (j.at, j.id)):
        latest[(j.person_a, j.person_b)] = j
    return {pair: j for pair, j in latest.items() if j.decision is not Judgement.WITHDRAWN}


def _links(
    session: Session,
    seen: set[uuid.UUID],
    person: uuid.UUID | None = None,
    *,
    possible: bool = False,
) -> list[IdentityLink]:
    """Stored links among ``seen`` records (and possible ones, if asked)."""
    sure = () if possible else (IdentityLink.corroborated.is_(True),)
    return _pairs_among(session, IdentityLink, seen, person, *sure)


def _briefs(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, PersonBrief]:
    wanted = list(set(ids))
    out: dict[uuid.UUID, PersonBrief] = {}
    for start in range(0, len(wanted), WRITE_CHUNK):
        for p in session.scalars(
            select(Person).where(Person.id.in_(wanted[start : start + WRITE_CHUNK]))
        ):
            out[p.id] = PersonBrief(
                id=p.id,
                owner_country=p.owner_country,
                name=written_name(p),
                date_of_birth=p.birth_date_text,
            )
    return out


def identity_groups(
    session: Session, actor: Actor, briefs: dict[uuid.UUID, PersonBrief] | None = None
) -> list[IdentityOut]:
    """The identities of two records or more among those ``actor`` may see
    (``briefs``, when the caller has read them all already)."""
    seen = set(briefs) if briefs is not None else _visible_set(session, actor)
    judged = _standing(session, seen)
    edges: dict[tuple[uuid.UUID, uuid.UUID], float] = {}
    for link in _links(session, seen):
        edges[(link.person_a, link.person_b)] = link.score
    same = [pair for pair, j in judged.items() if j.decision is Judgement.SAME]
    for pair in judged:
        edges.pop(pair, None)  # judged: the analyst's word replaces the score
    groups = cluster(
        [(str(a), str(b), s) for (a, b), s in edges.items()],
        [(str(a), str(b)) for a, b in same],
    )
    edges.update(dict.fromkeys(same, 1.0))
    briefs = briefs if briefs is not None else _briefs(session, (p for pair in edges for p in pair))
    out = []
    for ids in groups:
        if len(ids) < 2:
            continue
        members = [uuid.UUID(i) for i in ids]
        inside = set(members)
        out.append(
            IdentityOut(
                key=members[0],
                persons=[briefs[m] for m in members],
                countries=sorted({briefs[m].owner_country for m in members}),
                links=sum(1 for a, b in edges if a in inside and b in inside),
                conflicts=sum(
                    1
                    for (a, b), j in judged.items()
                    if j.decision is Judgement.DIFFERENT and a in inside and b in inside
                ),
            )
        )
    return sorted(out, key=lambda g: (-len(g.persons), str(g.key)))


def _person(session: Session, actor: Actor, person_id: uuid.UUID) -> Person:
    found = session.scalar(select(Person).where(Person.id == person_id, visible(actor, Person)))
    if found is None:
        raise NotFound(f"no person {person_id}")
    return found


def candidates(session: Session, actor: Actor, person_id: uuid.UUID) -> list[CandidateOut]:
    """The records proposed as, or judged, the same individual as this one:
    those of the last resolution run and of judgements, then those found
    now by the record's keys (``stored`` false: a record entered since)."""
    person = _person(session, actor, person_id)
    seen = _visible_set(session, actor)
    judged = _standing(session, seen, person.id)
    found = _links(session, seen, person.id, possible=True)
    links = {(link.person_a, link.person_b): link for link in found}
    pairs = sorted(set(links) | set(judged), key=lambda p: -(links[p].score if p in links else 1.0))
    others = [b if a == person.id else a for a, b in pairs]
    fresh = keys.fresh_candidates(session, person, seen, set(others))
    briefs = _briefs(session, [*others, *(other.id for other, _, _ in fresh)])
    audit.log_foreign_reads(
        session, actor, "read", "person", [(o, b.owner_country) for o, b in briefs.items()]
    )
    out = []
    for pair, other in zip(pairs, others, strict=True):
        link, j = links.get(pair), judged.get(pair)
        out.append(
            CandidateOut(
                person=briefs[other],
                score=link.score if link else None,
                corroborated=link.corroborated if link else None,
                explanation=link.explanation.split("\n") if link else [],
                judgement=j.decision if j else None,
                judged_by=j.username if j else None,
                judged_at=j.at if j else None,
            )
        )
    out += [
        CandidateOut(
            person=briefs[other.id],
            score=match.score,
            corroborated=match.corroborated_among(bearers),
            explanation=match.explain(),
            judgement=None,
            stored=False,
        )
        for other, match, bearers in fresh
    ]
    return out


def judge(session: Session, actor: Actor, data: JudgementIn) -> JudgementOut:
    """Append an analyst's judgement on a pair of person records."""
    if actor.role not in MAY_JUDGE:
        raise Forbidden("only analysts and national administrators judge identity links")
    if data.person_id == data.other_person_id:
        raise Invalid("other_person_id: a record is not compared with itself")
    a = _person(session, actor, data.person_id)
    b = _person(session, actor, data.other_person_id)
    first, second = _ordered(a.id, b.id)
    if data.decision is Judgement.WITHDRAWN and (first, second) not in _standing(
        session, {first, second}, first
    ):
        raise Invalid("decision: there is no standing judgement on this pair to withdraw")
    judgement = IdentityJudgement(
        id=new_id(),
        person_a=first,
        person_b=second,
        decision=data.decision,
        note=data.note,
        user_id=actor.user_id,
        username=actor.username,
        user_country=actor.country,
        at=utcnow(),
    )
    session.add(judgement)
    detail = f"{data.decision.value}: {first} / {second}"
    for owner in sorted({a.owner_country, b.owner_country}):
        session.add(audit.event(actor, "judge", "identity", judgement.id, owner, detail=detail))
    session.flush()
    return JudgementOut.model_validate(judgement)
