"""Case files: the workflow, evidence and chain of custody, access and audit."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kafo.model.audit import AuditEvent
from kafo.model.case import Case, CaseEvent, CustodyEntry, Exhibit
from kafo.model.seizure import Firearm
from kafo.model.tracing import TraceRequest
from kafo.model.vocab import AuditOutcome, CaseStatus, ChargeOutcome, Role
from kafo.schemas.case import (
    CaseCreate,
    CaseSeizuresIn,
    ChargeDecisionIn,
    ChargeIn,
    CustodyIn,
    ExhibitIn,
    HearingIn,
    StepIn,
    SuspectIn,
    TransitionIn,
)
from kafo.schemas.seizure import SeizureCreate, SeizureUpdate
from kafo.services import cases, register
from kafo.services.actor import Actor
from kafo.services.cases.workflow import TRANSITIONS
from kafo.services.errors import Conflict, Forbidden, Invalid, NotFound
from kafo.services.register import record_seizure
from kafo.services.uow import unit_of_work
from tests.factories import World, seizure_payload

T = TypeVar("T")
S = CaseStatus
# The seizure of the factories: 2026-11-10 14:30 at Zégoua (UTC+0).
SEIZED = "2026-11-10T14:30:00"


def run(factory: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    """One unit of work, as the adapters run it (refusals' audit events kept)."""
    with unit_of_work(factory) as s:
        return work(s)


def count(factory: sessionmaker[Session], model: Any, *where: Any) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def seize(
    factory: sessionmaker[Session], actor: Actor, family: str = "TRAORE", **overrides: Any
) -> tuple[str, str]:
    """Record a seizure; its id and its person's id."""
    body = seizure_payload(**overrides)
    body["persons"][0]["person"].update(family_name=family, documents=[])
    with factory.begin() as s:
        seizure = record_seizure(s, actor, SeizureCreate.model_validate(body)).seizure
        return str(seizure.id), str(seizure.person_links[0].person_id)


def open_case(factory: sessionmaker[Session], actor: Actor, *seizures: str, **more: Any) -> str:
    data = CaseCreate.model_validate({"seizures": list(seizures), "title": "Filière", **more})
    return str(run(factory, lambda s: cases.open_case(s, actor, data)).id)


def custody(at: str, holder: str = "Adj. Keita", purpose: str = "storage") -> dict[str, str]:
    return {"held_from": at, "holder": holder, "place": "Poste de Zégoua", "purpose": purpose}


def exhibit(
    factory: sessionmaker[Session], actor: Actor, case: str, seizure: str, seal: str = "SC-001"
) -> str:
    data = ExhibitIn.model_validate(
        {
            "seal_number": seal,
            "seizure_id": seizure,
            "item_kind": "firearm",
            "item_position": 1,
            "custody": custody("2026-11-10T15:00:00", purpose="seizure"),
        }
    )
    return str(run(factory, lambda s: cases.add_exhibit(s, actor, uuid.UUID(case), data)).id)


def add_custody(factory: sessionmaker[Session], actor: Actor, ex: str, at: str, **kw: str) -> Any:
    data = CustodyIn.model_validate(custody(at, **kw))
    return run(factory, lambda s: cases.add_custody(s, actor, uuid.UUID(ex), data))


def suspect(factory: sessionmaker[Session], actor: Actor, case: str, person: str) -> Any:
    data = SuspectIn(person_id=uuid.UUID(person), role="courier")
    return run(factory, lambda s: cases.add_suspect(s, actor, uuid.UUID(case), data))


def charge(factory: sessionmaker[Session], actor: Actor, case: str, who: str) -> str:
    data = ChargeIn(suspect_id=uuid.UUID(who), offence="trafic d'armes", charged_on="2026-11-20")
    return str(run(factory, lambda s: cases.add_charge(s, actor, uuid.UUID(case), data)).id)


def decide(factory: sessionmaker[Session], actor: Actor, charge_id: str, outcome: str) -> Any:
    sentence = "5 ans" if outcome == "convicted" else None
    data = ChargeDecisionIn.model_validate(
        {"outcome": outcome, "decided_on": "2026-11-25", "sentence": sentence}
    )
    return run(factory, lambda s: cases.decide_charge(s, actor, uuid.UUID(charge_id), data))


def move(factory: sessionmaker[Session], actor: Actor, case: str, to: S, note: str = "") -> Case:
    data = TransitionIn(status=to, note=note or None)
    return run(factory, lambda s: cases.move_case(s, actor, uuid.UUID(case), data))


def read(factory: sessionmaker[Session], actor: Actor, case: str) -> Any:
    return run(factory, lambda s: cases.get_case(s, actor, uuid.UUID(case)))


@pytest.fixture
def analyst(world: World) -> Actor:
    return world.user("ML", Role.ANALYST).actor


def test_a_case_from_seizure_to_judgment(
    factory: sessionmaker[Session], world: World, analyst: Actor
) -> None:
    seizure, courier = seize(factory, analyst)
    case = open_case(factory, analyst, seizure, prosecutor="Parquet de Sikasso")
    first = read(factory, analyst, case)
    assert (first.reference, first.status, first.lead_unit) == (
        "AFF-ML-2026-0001",
        "open",
        analyst.unit_code,
    )
    assert [s.id for s in first.seizures] == [uuid.UUID(seizure)]
    _other, organiser = seize(factory, analyst, "COULIBALY", place="ml-kadiolo")
    on_site = suspect(factory, analyst, case, courier)
    assert on_site.seizures == [uuid.UUID(seizure)]
    assert on_site.person.family_name == "TRAORE"
    # Found by the investigation, in none of the case's seizures: accepted, and said.
    assert suspect(factory, analyst, case, organiser).seizures == []
    ex = exhibit(factory, analyst, case, seizure)
    add_custody(factory, analyst, ex, "2026-11-11T09:00:00", holder="Greffe", purpose="transfer")
    add_custody(factory, analyst, ex, "2026-11-15T10:00:00", holder="Labo", purpose="examination")
    step = StepIn(occurred_at="2026-11-12T10:00:00", kind="interview", description="Audition")
    run(factory, lambda s: cases.add_step(s, analyst, uuid.UUID(case), step))
    charged = charge(factory, analyst, case, courier)  # by the person's id
    hearing = HearingIn(held_on="2026-12-15", court="TGI de Sikasso")  # scheduled
    run(factory, lambda s: cases.add_hearing(s, analyst, uuid.UUID(case), hearing))
    move(factory, analyst, case, S.INVESTIGATION)
    move(factory, analyst, case, S.PROSECUTION, "renvoi devant le tribunal")
    assert decide(factory, analyst, charged, "convicted").sentence == "5 ans"
    move(factory, analyst, case, S.JUDGED)
    closed = move(factory, analyst, case, S.CLOSED)
    assert closed.closed_at is not None
    out = read(factory, analyst, case)
    assert out.status == "closed" and out.allowed == []
    (sealed,) = out.exhibits
    assert sealed.seal_number == "SC-001"
    assert sealed.description == "fusil d'assaut Norinco Type 56 7,62x39 n° 56-1234 567"
    assert [c.holder for c in sealed.custody] == ["Adj. Keita", "Greffe", "Labo"]
    assert [c.purpose for c in sealed.custody] == ["seizure", "transfer", "examination"]
    assert [(e.from_status, e.to_status) for e in out.events] == [
        (None, "open"),
        ("open", "investigation"),
        ("investigation", "prosecution"),
        ("prosecution", "judged"),
        ("judged", "closed"),
    ]
    assert out.events[2].note == "renvoi devant le tribunal"
    assert {e.username for e in out.events} == {analyst.username}
    (decided,) = out.charges
    assert (decided.outcome, str(decided.decided_on)) == ("convicted", "2026-11-25")
    assert [s.kind for s in out.steps] == ["interview"] and len(out.hearings) == 1
    with factory() as s:
        actions = s.scalars(
            select(AuditEvent.action).where(
                AuditEvent.object_type == "case", AuditEvent.object_id == case
            )
        ).all()
    assert sorted(set(actions)) == [
        "add_charge",
        "add_custody",
        "add_exhibit",
        "add_hearing",
        "add_step",
        "add_suspect",
        "create",
        "decide_charge",
        "transition",
    ]
    assert actions.count("transition") == 4 and actions.count("add_custody") == 2


# How to bring a case to each status the lawful way (see the table).
PATHS: dict[S, list[S]] = {
    S.OPEN: [],
    S.INVESTIGATION: [S.INVESTIGATION],
    S.PROSECUTION: [S.PROSECUTION],
    S.JUDGED: [S.PROSECUTION, S.JUDGED],
    S.DISMISSED: [S.DISMISSED],
    S.CLOSED: [S.DISMISSED, S.CLOSED],
}
REFUSED = [(a, b) for a, b in itertools.product(S, S) if b not in TRANSITIONS[a]]
ALLOWED = [(a, b) for a in S for b in TRANSITIONS[a]]


def case_at(factory: sessionmaker[Session], actor: Actor, status: S) -> tuple[str, str]:
    """A case with a suspect and a charge, brought to ``status``; its id and the charge's."""
    seizure, person = seize(factory, actor)
    case = open_case(factory, actor, seizure)
    suspect(factory, actor, case, person)
    charged = charge(factory, actor, case, person)
    for step in PATHS[status]:
        if step is S.JUDGED:
            decide(factory, actor, charged, "acquitted")
        move(factory, actor, case, step)
    return case, charged


def test_the_table_is_the_issue_s() -> None:
    assert len(REFUSED) + len(ALLOWED) == 36 and len(ALLOWED) == 10
    assert TRANSITIONS[S.CLOSED] == ()
    assert TRANSITIONS[S.DISMISSED] == (S.CLOSED, S.OPEN)


@pytest.mark.parametrize(("current", "requested"), REFUSED)
def test_every_move_outside_the_table_is_refused(
    factory: sessionmaker[Session], analyst: Actor, current: S, requested: S
) -> None:
    case, _ = case_at(factory, analyst, current)
    events = count(factory, CaseEvent, CaseEvent.case_id == uuid.UUID(case))
    with pytest.raises(Invalid) as refused:
        move(factory, analyst, case, requested)
    message = str(refused.value)
    assert f"from '{current.value}' to '{requested.value}'" in message
    for allowed in TRANSITIONS[current]:
        assert allowed.value in message.split("it can go to:")[1]
    assert refused.value.errors[0].where == "status"
    with factory() as s:
        assert s.scalar(select(Case.status).where(Case.id == uuid.UUID(case))) is current
    assert count(factory, CaseEvent, CaseEvent.case_id == uuid.UUID(case)) == events
    assert (
        count(
            factory,
            AuditEvent,
            AuditEvent.object_id == case,
            AuditEvent.outcome == AuditOutcome.INVALID,
        )
        == 1
    )


@pytest.mark.parametrize(("current", "requested"), ALLOWED)
def test_every_move_in_the_table_is_accepted_and_appended(
    factory: sessionmaker[Session], analyst: Actor, current: S, requested: S
) -> None:
    case, charged = case_at(factory, analyst, current)
    if requested is S.JUDGED:
        decide(factory, analyst, charged, "dismissed")
    moved = move(factory, analyst, case, requested, "motif")
    assert moved.status is requested
    last = read(factory, analyst, case).events[-1]
    assert (last.from_status, last.to_status, last.note) == (current, requested, "motif")
    assert (moved.closed_at is not None) == (requested is S.CLOSED)


def test_guards_need_charges_then_decisions(factory: sessionmaker[Session], analyst: Actor) -> None:
    seizure, person = seize(factory, analyst)
    case = open_case(factory, analyst, seizure)
    with pytest.raises(Invalid, match="prosecution needs at least one charge"):
        move(factory, analyst, case, S.PROSECUTION)
    suspect(factory, analyst, case, person)
    first = charge(factory, analyst, case, person)
    charge(factory, analyst, case, person)
    move(factory, analyst, case, S.PROSECUTION)
    with pytest.raises(Invalid, match="every charge must be decided first"):
        move(factory, analyst, case, S.JUDGED)
    decide(factory, analyst, first, "convicted")
    with pytest.raises(Invalid, match="pending: trafic d'armes"):
        move(factory, analyst, case, S.JUDGED)
    assert read(factory, analyst, case).status == "prosecution"


def test_a_dismissed_case_reopens_on_new_evidence(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    case, _ = case_at(factory, analyst, S.DISMISSED)
    second, _ = seize(factory, analyst, reference="PV-NEW")
    move(factory, analyst, case, S.OPEN, "nouvelle saisie")
    data = CaseSeizuresIn(seizures=[uuid.UUID(second)])
    run(factory, lambda s: cases.add_seizures(s, analyst, uuid.UUID(case), data))
    assert len(read(factory, analyst, case).seizures) == 2
    with pytest.raises(Conflict, match="already in this case"):
        run(factory, lambda s: cases.add_seizures(s, analyst, uuid.UUID(case), data))


def test_custody_is_appended_in_order_and_never_in_the_future(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    seizure, _ = seize(factory, analyst)
    case = open_case(factory, analyst, seizure)
    ex = exhibit(factory, analyst, case, seizure)
    add_custody(factory, analyst, ex, "2026-11-12T08:00:00")
    for at, words in (
        ("2026-11-11T08:00:00", "before the previous entry's held_from"),
        ("2099-01-01T00:00:00", "is in the future"),
        ("2026-11-10T14:00:00", "before the seizure"),
    ):
        with pytest.raises(Invalid, match=words) as refused:
            add_custody(factory, analyst, ex, at)
        assert refused.value.errors[0].where == "held_from"
    # The same time as the previous entry is not before it.
    add_custody(factory, analyst, ex, "2026-11-12T08:00:00", holder="Greffe")
    # An offset is honoured: 09:00+01:00 is 08:00Z, not before the last entry.
    add_custody(factory, analyst, ex, "2026-11-12T09:00:00+01:00", purpose="destroyed")
    assert count(factory, CustodyEntry) == 4
    with pytest.raises(Invalid, match="was destroyed"):
        add_custody(factory, analyst, ex, "2026-11-20T08:00:00")
    assert count(factory, CustodyEntry) == 4
    # Nothing in the service edits or deletes an entry.
    assert not [n for n in dir(cases) if "custody" in n and n != "add_custody"]


def test_the_first_custody_entry_comes_with_the_exhibit(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    seizure, _ = seize(factory, analyst)
    other, _ = seize(factory, analyst, reference="PV-OTHER")
    case = open_case(factory, analyst, seizure)
    base = {"seal_number": "SC-9", "seizure_id": seizure, "item_kind": "firearm"}

    def add(**over: Any) -> Any:
        data = ExhibitIn.model_validate(
            {**base, "item_position": 1, "custody": custody("2026-11-10T15:00:00"), **over}
        )
        return run(factory, lambda s: cases.add_exhibit(s, analyst, uuid.UUID(case), data))

    for over, error, words in (
        ({"custody": custody("2026-11-09T15:00:00")}, Invalid, "custody.held_from: "),
        ({"item_position": 2}, Invalid, "item_position: the seizure has no firearm number 2"),
        ({"seizure_id": other}, Invalid, "seizure_id: seizure"),
        (
            {"custody": {**custody("2026-11-10T15:00:00"), "holder_unit": "nope"}},
            Invalid,
            "custody.holder_unit",
        ),
    ):
        with pytest.raises(error, match=words):
            add(**over)
    assert (count(factory, Exhibit), count(factory, CustodyEntry)) == (0, 0)
    ammunition = add(item_kind="ammunition")
    assert ammunition.description == "120 cartouche(s) 7.62x39"
    assert [c.purpose for c in ammunition.custody] == ["storage"]
    with pytest.raises(Conflict, match="seal_number: SC-9 is already used"):
        add(item_kind="explosive")
    with pytest.raises(Conflict, match="already exhibit SC-9"):
        add(seal_number="SC-10", item_kind="ammunition")
    explosive = add(seal_number="SC-11", item_kind="explosive")
    assert explosive.description == "40 bâtons bâton de dynamite"
    with factory() as s:
        gun = s.scalar(select(Firearm.id).where(Firearm.seizure_id == uuid.UUID(seizure)))
    firearm = add(seal_number="SC-12", item_position=None, item_id=str(gun))
    assert firearm.item_id == gun
    # The seizure keeps its items' ids on update, and refuses to drop an exhibit.
    body = seizure_payload()
    body["ammunition"] = []
    del body["id"]
    update = SeizureUpdate(**body, version=1)
    with pytest.raises(Invalid) as refused, factory.begin() as s:
        register.update_seizure(s, analyst, uuid.UUID(seizure), update)
    (error,) = refused.value.errors
    assert error.loc == ("ammunition", 0)
    assert "exhibit SC-9 of case AFF-ML-2026-0001" in error.message


def test_a_charge_is_decided_once(factory: sessionmaker[Session], analyst: Actor) -> None:
    case, charged = case_at(factory, analyst, S.PROSECUTION)
    decide(factory, analyst, charged, "acquitted")
    with pytest.raises(Invalid, match="already decided") as refused:
        decide(factory, analyst, charged, "convicted")
    assert refused.value.errors[0].where == "outcome"
    (kept,) = read(factory, analyst, case).charges
    assert kept.outcome is ChargeOutcome.ACQUITTED and kept.sentence is None
    late = ChargeDecisionIn(outcome="convicted", decided_on="2099-01-01")
    case2, charged2 = case_at(factory, analyst, S.PROSECUTION)
    with pytest.raises(Invalid, match="decided_on: 2099-01-01 is in the future"):
        run(factory, lambda s: cases.decide_charge(s, analyst, uuid.UUID(charged2), late))
    with pytest.raises(Invalid, match=r"suspect_id: .* is not a suspect"):
        charge(factory, analyst, case2, str(uuid.uuid4()))


def test_references_are_made_per_country_and_year(
    factory: sessionmaker[Session], world: World, analyst: Actor
) -> None:
    seizure, _ = seize(factory, analyst)
    assert read(factory, analyst, open_case(factory, analyst, seizure)).reference.endswith("0001")
    open_case(factory, analyst, seizure, reference="AFF-ML-2026-0007")
    third = open_case(factory, analyst, seizure, opened_on="2026-01-05")
    assert read(factory, analyst, third).reference == "AFF-ML-2026-0008"
    last_year = open_case(factory, analyst, seizure, opened_on="2025-12-31")
    assert read(factory, analyst, last_year).reference == "AFF-ML-2025-0001"
    with pytest.raises(Conflict, match="reference: AFF-ML-2026-0007 is already used"):
        open_case(factory, analyst, seizure, reference="AFF-ML-2026-0007")
    with pytest.raises(Invalid, match=r"opened_on: .* is in the future"):
        open_case(factory, analyst, seizure, opened_on="2099-01-01")
    bf = world.user("BF", Role.ANALYST).actor
    bf_seizure, _ = seize(factory, bf, place="bf-koloko")
    assert read(factory, bf, open_case(factory, bf, bf_seizure)).reference == "AFF-BF-2026-0001"
    with factory() as s:
        assert cases.case_key(s, analyst, "AFF-ML-2026-0008") == uuid.UUID(third)
        with pytest.raises(NotFound):
            cases.case_key(s, analyst, "AFF-BF-2026-0001")  # another country's national case


def test_who_may_open_read_and_modify(
    factory: sessionmaker[Session], world: World, analyst: Actor
) -> None:
    world.operation()
    officer = world.user("ML").actor
    bf = world.user("BF", Role.ANALYST).actor
    seizure, person = seize(factory, analyst, operation="KAFO-III", sharing="operation")
    with pytest.raises(Forbidden, match="only analysts and national administrators"):
        open_case(factory, officer, seizure)
    national = open_case(factory, analyst, seizure)
    shared = open_case(factory, analyst, seizure, sharing="operation")
    assert read(factory, analyst, shared).operation == "KAFO-III"  # the seizures' operation
    with pytest.raises(NotFound, match=f"no case {national}"):
        read(factory, bf, national)
    with pytest.raises(NotFound):
        suspect(factory, bf, national, person)
    assert read(factory, bf, shared).reference == "AFF-ML-2026-0002"
    with pytest.raises(Forbidden, match="only ML can modify this case"):
        suspect(factory, bf, shared, person)
    with pytest.raises(Forbidden):
        move(factory, officer, shared, S.DISMISSED)
    assert count(factory, CaseEvent) == 2  # the two openings only
    with factory() as s:
        denied = s.scalars(
            select(AuditEvent.action).where(AuditEvent.outcome == AuditOutcome.DENIED)
        ).all()
        foreign = s.scalars(
            select(AuditEvent.user_country).where(
                AuditEvent.action == "read", AuditEvent.object_id == shared
            )
        ).all()
    assert sorted(denied) == ["add_suspect", "add_suspect", "create", "read", "transition"]
    assert foreign == ["BF"]  # the owner's own reads are not logged
    # A seizure the user may not see is as absent as a missing one.
    hidden, _ = seize(factory, bf, place="bf-koloko")
    with pytest.raises(NotFound, match=f"no seizure {hidden}"):
        open_case(factory, analyst, seizure, hidden)
    assert count(factory, Case) == 2
    listed = run(factory, lambda s: cases.list_cases(s, bf))
    assert [c.reference for c in listed.items] == ["AFF-ML-2026-0002"]
    assert run(factory, lambda s: cases.list_cases(s, analyst, S.OPEN)).total == 2


def test_a_closed_case_takes_custody_entries_only(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    case, _ = case_at(factory, analyst, S.CLOSED)
    seizure = str(read(factory, analyst, case).seizures[0].id)
    step = StepIn(occurred_at="2026-11-12T10:00:00", kind="search", description="x")
    with pytest.raises(Invalid, match="the case is closed"):
        run(factory, lambda s: cases.add_step(s, analyst, uuid.UUID(case), step))
    with pytest.raises(Invalid, match="the case is closed"):
        exhibit(factory, analyst, case, seizure)
    # Exhibits of a closed case are still returned or destroyed.
    reopened, _ = case_at(factory, analyst, S.OPEN)
    ex = exhibit(factory, analyst, reopened, str(read(factory, analyst, reopened).seizures[0].id))
    move(factory, analyst, reopened, S.DISMISSED)
    move(factory, analyst, reopened, S.CLOSED)
    add_custody(factory, analyst, ex, "2026-11-20T08:00:00", purpose="destroyed")
    assert count(factory, CustodyEntry) == 2


def trace_request(factory: sessionmaker[Session], actor: Actor, seizure: str) -> str:
    with factory.begin() as s:
        firearm = s.scalar(select(Firearm).where(Firearm.seizure_id == uuid.UUID(seizure)))
        assert firearm is not None and actor.country is not None
        request = TraceRequest(
            owner_country=actor.country,
            created_by=actor.user_id,
            content_hash="x",
            reference=f"TR-{uuid.uuid4().hex[:6]}",
            firearm_id=firearm.id,
            seizure_id=firearm.seizure_id,
            recipient_country="CN",
            recipient_basis="manufacture",
            requesting_authority="BCN Interpol Bamako",
            contact="bcn@example.org",
            legal_basis="saisie illicite",
            intended_use="enquête",
            content={},
            complete=True,
            status="draft",
        )
        s.add(request)
        s.flush()
        return str(request.id)


def test_trace_requests_are_linked_when_visible(
    factory: sessionmaker[Session], world: World, analyst: Actor
) -> None:
    seizure, _ = seize(factory, analyst)
    case = open_case(factory, analyst, seizure)
    request = trace_request(factory, analyst, seizure)
    linked = run(
        factory, lambda s: cases.link_trace_request(s, analyst, uuid.UUID(case), uuid.UUID(request))
    )
    assert linked.version == 2
    (shown,) = read(factory, analyst, case).trace_requests
    assert (str(shown.id), shown.status) == (request, "draft")
    with pytest.raises(Conflict, match="already linked"):
        run(
            factory,
            lambda s: cases.link_trace_request(s, analyst, uuid.UUID(case), uuid.UUID(request)),
        )
    bf = world.user("BF", Role.ANALYST).actor
    bf_seizure, _ = seize(factory, bf, place="bf-koloko")
    hidden = trace_request(factory, bf, bf_seizure)
    with pytest.raises(NotFound, match="no trace request"):
        run(
            factory,
            lambda s: cases.link_trace_request(s, analyst, uuid.UUID(case), uuid.UUID(hidden)),
        )
