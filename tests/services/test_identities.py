"""Identity resolution over recorded persons, and analysts' judgements."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kafo.model.identity import IdentityJudgement, IdentityLink
from kafo.model.person import Person
from kafo.model.vocab import Judgement, Role
from kafo.schemas.identity import JudgementIn
from kafo.schemas.seizure import SeizureCreate
from kafo.services.actor import Actor
from kafo.services.errors import Forbidden, Invalid, NotFound
from kafo.services.identities import resolve
from kafo.services.register import record_seizure
from tests.factories import World, seizure_payload

PHONE = "+22376123456"


def sighting(
    factory: sessionmaker[Session],
    actor: Actor,
    place: str,
    family: str,
    given: str,
    born: str | None,
    *,
    phones: list[str] | None = None,
    sharing: str = "operation",
) -> uuid.UUID:
    body = seizure_payload(place=place, operation="KAFO-III", sharing=sharing)
    body["vehicles"] = []  # each stop its own: a shared vehicle would corroborate
    person = body["persons"][0]["person"]
    person.update(
        family_name=family,
        given_names=given,
        date_of_birth=born,
        documents=[],
        phones=phones if phones is not None else [PHONE],
        nationalities=[actor.country],
    )
    with factory.begin() as s:
        seizure = record_seizure(s, actor, SeizureCreate.model_validate(body)).seizure
        return seizure.person_links[0].person_id


@pytest.fixture
def courier(factory: sessionmaker[Session], world: World) -> list[uuid.UUID]:
    """The courier of the issue, seen in three countries, and a namesake."""
    world.operation()
    ml, bf, ci = (world.user(c).actor for c in ("ML", "BF", "CI"))
    return [
        sighting(factory, ml, "ml-zegoua", "TRAORE", "Mamadou", "1985"),
        sighting(factory, bf, "bf-koloko", "Traoré", "Mahamadou", "1985-03-02"),
        sighting(factory, ci, "ci-pogo", "Troare", "Mamadu", "vers 1985"),
        # Same name, nothing else in common: not linked.
        sighting(factory, ml, "ml-zegoua", "Traoré", "Mamadou", None, phones=[]),
    ]


def groups(factory: sessionmaker[Session], actor: Actor) -> list[set[uuid.UUID]]:
    with factory() as s:
        return [{p.id for p in g.persons} for g in resolve.identity_groups(s, actor)]


def judge(
    factory: sessionmaker[Session], actor: Actor, a: uuid.UUID, b: uuid.UUID, decision: str
) -> None:
    with factory.begin() as s:
        resolve.judge(
            s,
            actor,
            JudgementIn(person_id=a, other_person_id=b, decision=Judgement(decision), note="vu"),
        )


def test_the_courier_is_one_identity_across_three_countries(
    factory: sessionmaker[Session], world: World, courier: list[uuid.UUID]
) -> None:
    analyst = world.user("ML", Role.ANALYST).actor
    with factory.begin() as s:
        done = resolve.resolve_persons(s, analyst)
    # The namesake's name agrees with all three, and nothing else does:
    # three possible links for an analyst, none in the identity.
    assert (done.persons, done.links, done.possible, done.identities) == (4, 3, 3, 1)
    (group,) = done.groups
    assert {p.id for p in group.persons} == set(courier[:3])
    assert group.countries == ["BF", "CI", "ML"] and group.links == 3
    with factory() as s:
        found = resolve.candidates(s, analyst, courier[0])
    assert {c.person.id: c.corroborated for c in found} == {
        courier[1]: True,
        courier[2]: True,
        courier[3]: False,
    }
    assert any(f"same phone number {PHONE}" in c.explanation for c in found)
    # Run again: the links are replaced, not added to.
    with factory.begin() as s:
        resolve.resolve_persons(s, analyst)
        assert s.scalar(select(func.count()).select_from(IdentityLink)) == 6


def test_judgements_are_appended_reversible_and_shape_identities(
    factory: sessionmaker[Session], world: World, courier: list[uuid.UUID]
) -> None:
    analyst = world.user("ML", Role.ANALYST).actor
    with factory.begin() as s:
        resolve.resolve_persons(s, analyst)
    a, b, c, namesake = courier
    judge(factory, analyst, a, b, "different")
    # a–b rejected: b keeps one link of the two it would need to join a and c.
    assert groups(factory, analyst) == [{a, c}]
    judge(factory, analyst, b, a, "withdrawn")
    assert groups(factory, analyst) == [{a, b, c}]
    # An analyst who knows better joins the namesake record.
    judge(factory, analyst, namesake, a, "same")
    assert groups(factory, analyst) == [{a, b, c, namesake}]
    with factory() as s:
        (mark,) = [x for x in resolve.candidates(s, analyst, namesake) if x.person.id == a]
        # A possible link (names only) that the analyst judged the same.
        assert (mark.judgement, mark.corroborated, mark.judged_by) == (
            "same",
            False,
            analyst.username,
        )
        # Three judgements kept; none was changed or deleted.
        assert s.scalar(select(func.count()).select_from(IdentityJudgement)) == 3
        assert s.scalar(select(func.count()).select_from(Person)) == 4


def test_who_may_judge_and_what_is_refused(
    factory: sessionmaker[Session], world: World, courier: list[uuid.UUID]
) -> None:
    a, b = courier[:2]
    officer = world.user("ML").actor
    with pytest.raises(Forbidden):
        judge(factory, officer, a, b, "same")
    analyst = world.user("ML", Role.ANALYST).actor
    with pytest.raises(Invalid, match="not compared with itself"):
        judge(factory, analyst, a, a, "same")
    with pytest.raises(Invalid, match="no standing judgement"):
        judge(factory, analyst, a, b, "withdrawn")
    with pytest.raises(NotFound):
        judge(factory, analyst, a, uuid.uuid4(), "same")
    with pytest.raises(Forbidden), factory.begin() as s:
        resolve.resolve_persons(s, officer)


def test_records_not_shared_are_neither_resolved_nor_shown(
    factory: sessionmaker[Session], world: World, courier: list[uuid.UUID]
) -> None:
    ne = world.user("NE").actor
    hidden = sighting(factory, ne, "ml-zegoua", "Traoré", "Mamadou", "1985", sharing="national")
    bf_analyst = world.user("BF", Role.ANALYST).actor
    with factory.begin() as s:
        done = resolve.resolve_persons(s, bf_analyst)
    assert done.persons == 4 and hidden not in {p.id for g in done.groups for p in g.persons}
    with pytest.raises(NotFound), factory() as s:
        resolve.candidates(s, bf_analyst, hidden)


def test_a_record_entered_since_the_last_run_has_its_candidates_at_once(
    factory: sessionmaker[Session], world: World, courier: list[uuid.UUID]
) -> None:
    analyst = world.user("ML", Role.ANALYST).actor
    with factory.begin() as s:
        resolve.resolve_persons(s, analyst)
    ne = world.user("NE").actor
    late = sighting(factory, ne, "ml-zegoua", "TRAORÉ", "Mohamadou", "1985-03-02")
    with factory() as s:
        found = resolve.candidates(s, analyst, late)
    fresh = {c.person.id: (c.stored, c.corroborated) for c in found}
    # Same phone as the courier's three records: corroborated; the
    # namesake without phone or date: possible only.
    assert fresh == {
        courier[0]: (False, True),
        courier[1]: (False, True),
        courier[2]: (False, True),
        courier[3]: (False, False),
    }
    best = next(c for c in found if c.person.id == courier[1])
    assert best.score == 1.0 and "date of birth: same date of birth 1985-03-02" in best.explanation
    # Once resolved, they are stored links like the others.
    with factory.begin() as s:
        resolve.resolve_persons(s, analyst)
    with factory() as s:
        assert all(c.stored for c in resolve.candidates(s, analyst, late))


def test_stopped_with_the_same_vehicle_corroborates_the_name(
    factory: sessionmaker[Session], world: World
) -> None:
    world.operation()
    ml, bf = world.user("ML").actor, world.user("BF").actor

    def stop(actor: Actor, place: str, given: str, plate: str) -> uuid.UUID:
        body = seizure_payload(place=place, operation="KAFO-III", sharing="operation")
        body["vehicles"][0]["vehicle"]["plate"] = plate
        body["persons"][0]["person"].update(
            family_name="MOUNKAILA", given_names=given, date_of_birth=None, documents=[], phones=[]
        )
        with factory.begin() as s:
            return (
                record_seizure(s, actor, SeizureCreate.model_validate(body))
                .seizure.person_links[0]
                .person_id
            )

    a = stop(ml, "ml-zegoua", "Seydou", "AB 1234 MD")
    b = stop(bf, "bf-koloko", "Seidou", "AB-1234-MD")
    c = stop(bf, "bf-koloko", "Seydou", "XY 9999 BF")
    analyst = world.user("ML", Role.ANALYST).actor
    with factory.begin() as s:
        done = resolve.resolve_persons(s, analyst)
    assert [{p.id for p in g.persons} for g in done.groups] == [{a, b}]
    with factory() as s:
        (link,) = [x for x in resolve.candidates(s, analyst, a) if x.person.id == b]
        assert link.corroborated and any(w.startswith("same vehicle") for w in link.explanation)
        (maybe,) = [x for x in resolve.candidates(s, analyst, a) if x.person.id == c]
        assert maybe.corroborated is False
