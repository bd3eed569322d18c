"""Trace requests: content, completeness, workflow, deadlines, answers and
the SDG 16.4.2 conclusion of each firearm."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from itertools import product
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kafo.model.audit import AuditEvent
from kafo.model.tracing import TraceEvent, TraceRequest
from kafo.model.vocab import Role, TraceConclusion, TraceStatus
from kafo.schemas.seizure import SeizureCreate, SeizureUpdate
from kafo.schemas.tracing import AnswerIn, FindingIn, TraceCreate, TransitionIn
from kafo.services import register
from kafo.services.actor import Actor
from kafo.services.errors import Forbidden, Invalid, NotFound
from kafo.services.tracing import followup, requests, results, views, workflow
from kafo.services.tracing.followup import Deadlines
from kafo.timeutil import utcnow
from tests.factories import World, seizure_payload

LEGAL = "Détention et transport d'arme de guerre sans autorisation (loi n° 2004-050)."
ANSWER_DAYS = 30
ORIGIN = [
    {"kind": "manufacture", "occurred": "2009", "country": "CN", "actor": "Norinco"},
    {"kind": "export", "occurred": "2010-03", "country": "CN", "document": "EXP-2010-77"},
    {"kind": "import", "occurred": "2010-06-14", "country": "ML", "actor": "Ministère"},
    {"kind": "last_legal_record", "occurred": "2015", "country": "ML", "place": "Kati"},
    {"kind": "diversion", "occurred": "2019", "country": "ML", "note": "pillage de dépôt"},
]


def _seize(factory: sessionmaker[Session], actor: Actor, **overrides: Any) -> uuid.UUID:
    with factory.begin() as s:
        done = register.record_seizure(s, actor, SeizureCreate(**seizure_payload(**overrides)))
        return done.seizure.firearms[0].id


def _create(factory: sessionmaker[Session], actor: Actor, firearm: uuid.UUID, **kw: Any) -> str:
    with factory.begin() as s:
        data = TraceCreate(firearm_id=firearm, legal_basis=LEGAL, **kw)
        return requests.create_request(s, actor, data).reference


def _move(
    factory: sessionmaker[Session], actor: Actor, ref: str, to: TraceStatus, **kw: Any
) -> TraceRequest:
    with factory.begin() as s:
        if to in workflow.ANSWERS:
            data = AnswerIn(complete=to is TraceStatus.ANSWERED_COMPLETE, note="réponse", **kw)
            return results.record_answer(s, actor, ref, data)
        note = "motif : pas d'accord" if to is TraceStatus.DECLINED else None
        return requests.transition(s, actor, ref, TransitionIn(to=to, note=note), ANSWER_DAYS)


def _read(factory: sessionmaker[Session], actor: Actor, ref: str) -> Any:
    with factory.begin() as s:
        return views.request_out(requests.find_request(s, actor, ref))


@pytest.fixture
def analyst(world: World) -> Actor:
    return world.user("ML", Role.ANALYST).actor


def test_the_whole_path_of_a_trace(factory: sessionmaker[Session], analyst: Actor) -> None:
    firearm = _seize(factory, analyst)
    ref = _create(factory, analyst, firearm)
    draft = _read(factory, analyst, ref)
    assert ref == f"TR-ML-{utcnow().year}-0001"
    assert (draft.status, draft.recipient_country, draft.recipient_basis) == (
        "draft",
        "CN",
        "manufacture",
    )
    assert draft.complete and draft.missing == []
    gun, seized = draft.content["firearm"], draft.content["seizure"]
    assert (gun["make"], gun["serial_number"], gun["calibre"]) == (
        "Norinco",
        "56-1234 567",
        "7,62x39",
    )
    assert seized["place"] == "Zégoua" and seized["context"] == "routine_check"
    assert draft.allowed == ["sent", "closed"]

    sent = _move(factory, analyst, ref, TraceStatus.SENT)
    assert sent.due_on == utcnow().date() + timedelta(days=ANSWER_DAYS)
    _move(factory, analyst, ref, TraceStatus.ACKNOWLEDGED)
    with factory.begin() as s:
        data = AnswerIn.model_validate({"complete": True, "events": ORIGIN})
        results.record_answer(s, analyst, ref, data)
    with factory.begin() as s:
        result = results.trace_result(s, analyst, firearm)
    assert result.conclusion is TraceConclusion.TRACED and result.counts_for_sdg
    assert [e.kind for e in result.events] == [e["kind"] for e in ORIGIN]
    assert result.findings[0].request_id is not None
    _move(factory, analyst, ref, TraceStatus.CLOSED)
    done = _read(factory, analyst, ref)
    assert [e.kind for e in done.events] == [
        "created",
        "sent",
        "acknowledged",
        "answered_complete",
        "closed",
    ]
    assert done.allowed == [] and done.closed_at is not None and done.answered_at is not None
    with factory() as s:
        actions = set(
            s.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "trace_request"))
        )
    assert {"created", "sent", "acknowledged", "answered_complete", "closed"} <= actions


def _walk(factory: sessionmaker[Session], actor: Actor, ref: str, to: TraceStatus) -> None:
    """Take a fresh request to status ``to`` by the shortest allowed path."""
    path = {
        TraceStatus.DRAFT: [],
        TraceStatus.SENT: [TraceStatus.SENT],
        TraceStatus.ACKNOWLEDGED: [TraceStatus.SENT, TraceStatus.ACKNOWLEDGED],
        TraceStatus.ANSWERED_PARTIAL: [TraceStatus.SENT, TraceStatus.ANSWERED_PARTIAL],
        TraceStatus.ANSWERED_COMPLETE: [TraceStatus.SENT, TraceStatus.ANSWERED_COMPLETE],
        TraceStatus.DECLINED: [TraceStatus.SENT, TraceStatus.DECLINED],
        TraceStatus.NO_RESPONSE: [TraceStatus.SENT, TraceStatus.NO_RESPONSE],
        TraceStatus.CLOSED: [TraceStatus.CLOSED],
    }[to]
    for step in path:
        _move(factory, actor, ref, step)


REFUSED = [(a, b) for a, b in product(TraceStatus, TraceStatus) if b not in workflow.NEXT[a]]


@pytest.mark.parametrize(("start", "to"), REFUSED, ids=[f"{a}->{b}" for a, b in REFUSED])
def test_every_move_outside_the_workflow_is_refused(
    factory: sessionmaker[Session], analyst: Actor, start: TraceStatus, to: TraceStatus
) -> None:
    ref = _create(factory, analyst, _seize(factory, analyst))
    _walk(factory, analyst, ref, start)
    with factory() as s:
        before = s.scalar(select(func.count()).select_from(TraceEvent))
    with pytest.raises(Invalid) as refused:
        _move(factory, analyst, ref, to)
    assert f"is {start}: it cannot move to {to}" in str(refused.value)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(TraceEvent)) == before
    assert _read(factory, analyst, ref).status is start


def test_an_incomplete_request_is_kept_as_a_draft_until_the_firearm_is_corrected(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    body = seizure_payload()
    body["firearms"][0].update(serial_number=None, model=None)
    with factory.begin() as s:
        seizure = register.record_seizure(s, analyst, SeizureCreate(**body)).seizure
        firearm, seizure_id = seizure.firearms[0].id, seizure.id
    ref = _create(factory, analyst, firearm)
    draft = _read(factory, analyst, ref)
    assert not draft.complete and "serial_number" in draft.missing
    with pytest.raises(Invalid) as refused:
        _move(factory, analyst, ref, TraceStatus.SENT)
    assert ("firearm", "serial_number") in [e.loc for e in refused.value.errors]
    # The officer completes the record; the draft takes the correction in
    # (the firearm keeps its id), and can now be sent.
    body["firearms"][0].update(serial_number="56-1234 567", model="Type 56")
    del body["id"]
    with factory.begin() as s:
        update = SeizureUpdate(**body, version=1)
        kept = register.update_seizure(s, analyst, seizure_id, update).firearms[0].id
    assert kept == firearm
    sent = _move(factory, analyst, ref, TraceStatus.SENT)
    assert sent.complete and sent.content["firearm"]["serial_number"] == "56-1234 567"


def test_a_traced_firearm_cannot_be_removed_from_its_seizure(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    body = seizure_payload()
    with factory.begin() as s:
        seizure = register.record_seizure(s, analyst, SeizureCreate(**body)).seizure
        firearm, seizure_id = seizure.firearms[0].id, seizure.id
    ref = _create(factory, analyst, firearm)
    body["firearms"] = []
    del body["id"]
    with pytest.raises(Invalid) as refused, factory.begin() as s:
        register.update_seizure(s, analyst, seizure_id, SeizureUpdate(**body, version=1))
    (error,) = refused.value.errors
    assert error.loc == ("firearms", 0) and ref in error.message


def test_craft_and_obliterated_firearms_are_not_sent(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    for change, missing in (
        ({"craft_produced": True}, "manufacturer_markings"),
        ({"marking_state": "obliterated"}, "marking_examination"),
    ):
        body = seizure_payload()
        body["firearms"][0].update(change)
        with factory.begin() as s:
            seizure = register.record_seizure(s, analyst, SeizureCreate(**body)).seizure
            firearm = seizure.firearms[0].id
        ref = _create(factory, analyst, firearm)
        assert missing in _read(factory, analyst, ref).missing
        with pytest.raises(Invalid):
            _move(factory, analyst, ref, TraceStatus.SENT)


def test_recipient_defaults_and_refusals(
    factory: sessionmaker[Session], analyst: Actor, world: World
) -> None:
    firearm = _seize(factory, analyst)
    ref = _create(factory, analyst, firearm, recipient_country="BE")
    assert _read(factory, analyst, ref).recipient_basis == "other"
    ref = _create(factory, analyst, firearm, recipient_country="CN")
    assert _read(factory, analyst, ref).recipient_basis == "manufacture"
    body = seizure_payload()
    body["firearms"][0].update(country_of_manufacture=None, make="inconnue", model=None)
    with factory.begin() as s:
        unknown = register.record_seizure(s, analyst, SeizureCreate(**body)).seizure.firearms[0].id
    with pytest.raises(Invalid) as refused:
        _create(factory, analyst, unknown)
    assert refused.value.errors[0].loc == ("recipient_country",)
    with pytest.raises(Invalid) as refused:
        _create(factory, analyst, firearm, sharing="operation")
    assert refused.value.errors[0].loc == ("operation",)
    officer = world.user("ML").actor
    with pytest.raises(Forbidden):
        _create(factory, officer, firearm)
    with pytest.raises(NotFound):
        _create(factory, analyst, uuid.uuid4())


def test_other_countries_see_only_what_is_shared_and_change_nothing(
    factory: sessionmaker[Session], analyst: Actor, world: World
) -> None:
    world.operation()
    firearm = _seize(factory, analyst, operation="KAFO-III", sharing="operation")
    national = _create(factory, analyst, firearm)
    shared = _create(factory, analyst, firearm, sharing="operation", operation="KAFO-III")
    burkina = world.user("BF", Role.ANALYST).actor
    with pytest.raises(NotFound):
        _read(factory, burkina, national)
    assert _read(factory, burkina, shared).reference == shared
    with pytest.raises(Forbidden):
        _move(factory, burkina, shared, TraceStatus.SENT)
    with pytest.raises(Forbidden):
        _create(factory, burkina, firearm)
    with factory() as s:
        reads = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "read", AuditEvent.user_country == "BF")
        )
    assert reads and reads >= 1


def test_follow_up_reminds_then_escalates_once(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    ref = _create(factory, analyst, _seize(factory, analyst))
    sent = _move(factory, analyst, ref, TraceStatus.SENT)
    due = sent.due_on
    assert due is not None
    rules = Deadlines(reminder_days=14, escalation_days=30)

    def run(day: date) -> list[tuple[str | None, int]]:
        with factory.begin() as s:
            done = followup.follow_up(s, analyst, rules, day)
        return [(a.action, a.days_overdue) for a in done.actions]

    assert run(due - timedelta(days=3)) == [(None, 0)]  # due soon: listed only
    assert run(due + timedelta(days=1)) == [("reminded", 1)]
    assert run(due + timedelta(days=2)) == []  # reminded yesterday
    assert run(due + timedelta(days=14)) == []  # 13 days since the reminder
    assert run(due + timedelta(days=15)) == [("reminded", 15)]
    assert run(due + timedelta(days=31)) == [("reminded", 31), ("escalated", 31)]
    assert run(due + timedelta(days=32)) == []
    assert run(due + timedelta(days=45)) == [("reminded", 45)]  # escalated once only
    out = _read(factory, analyst, ref)
    assert out.reminders == 4 and out.escalated_at is not None
    assert out.status is TraceStatus.SENT  # follow-ups do not move the request
    _move(factory, analyst, ref, TraceStatus.ANSWERED_COMPLETE)
    assert run(due + timedelta(days=90)) == []


def test_counterpart_statistics(factory: sessionmaker[Session], analyst: Actor) -> None:
    refs = [_create(factory, analyst, _seize(factory, analyst)) for _ in range(4)]
    _create(factory, analyst, _seize(factory, analyst))  # a draft: not counted
    for ref in refs:
        _move(factory, analyst, ref, TraceStatus.SENT)
    with factory.begin() as s:
        for ref, days in ((refs[0], 10), (refs[1], 20)):
            request = requests.find_request(s, analyst, ref)
            assert request.sent_at is not None
            request.sent_at -= timedelta(days=days)
    _move(factory, analyst, refs[0], TraceStatus.ANSWERED_COMPLETE)
    _move(factory, analyst, refs[1], TraceStatus.ANSWERED_PARTIAL)
    _move(factory, analyst, refs[2], TraceStatus.DECLINED)
    with factory() as s:
        (china,) = followup.counterpart_stats(s, analyst)
    assert (china.country, china.sent, china.answered, china.answered_complete) == ("CN", 4, 2, 1)
    assert (china.declined, china.awaiting, china.overdue) == (1, 1, 0)
    assert china.response_rate == 0.5
    assert china.median_days_to_answer == pytest.approx(15.0, abs=0.1)


def test_conclusions_cover_every_sdg_disaggregation(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    untouched, drafted, pending, declined, craft = (_seize(factory, analyst) for _ in range(5))
    _create(factory, analyst, drafted)
    _move(factory, analyst, _create(factory, analyst, pending), TraceStatus.SENT)
    ref = _create(factory, analyst, declined)
    _move(factory, analyst, ref, TraceStatus.SENT)
    _move(factory, analyst, ref, TraceStatus.DECLINED)
    with factory.begin() as s:
        finding = FindingIn(
            conclusion=TraceConclusion.ESTABLISHED,
            authority="Commission nationale (CNLPAL)",
            basis="arme de fabrication artisanale, expertise n° 12",
        )
        results.record_finding(s, analyst, craft, finding)
    with factory() as s:
        found = results.conclusions(s, [untouched, drafted, pending, declined, craft])
    assert [found[f] for f in (untouched, drafted, pending, declined, craft)] == [
        TraceConclusion.NOT_ATTEMPTED,
        TraceConclusion.NOT_ATTEMPTED,
        TraceConclusion.PENDING,
        TraceConclusion.INSUFFICIENT_INFORMATION,
        TraceConclusion.ESTABLISHED,
    ]


def test_traced_needs_the_origin_and_the_latest_finding_stands(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    firearm = _seize(factory, analyst)
    with pytest.raises(Invalid) as refused, factory.begin() as s:
        results.record_finding(s, analyst, firearm, FindingIn(conclusion=TraceConclusion.TRACED))
    assert "last_legal_record" in refused.value.errors[0].message
    ref = _create(factory, analyst, firearm)
    _move(factory, analyst, ref, TraceStatus.SENT)
    partial = {"complete": False, "events": ORIGIN[:2]}
    with factory.begin() as s:
        results.record_answer(s, analyst, ref, AnswerIn.model_validate(partial))
    with factory() as s:
        assert results.conclusions(s, [firearm])[firearm] is TraceConclusion.PENDING
    with factory.begin() as s:
        data = AnswerIn.model_validate({"complete": True, "events": ORIGIN[3:]})
        results.record_answer(s, analyst, ref, data)
        correction = FindingIn(
            conclusion=TraceConclusion.INSUFFICIENT_INFORMATION, basis="réponse contestée"
        )
        results.record_finding(s, analyst, firearm, correction)
    with factory() as s:
        result = results.trace_result(s, analyst, firearm)
    assert result.conclusion is TraceConclusion.INSUFFICIENT_INFORMATION
    assert [f.conclusion for f in result.findings] == ["traced", "insufficient_information"]
    assert len(result.events) == 4


def test_answer_dates_and_content_are_checked(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    ref = _create(factory, analyst, _seize(factory, analyst))
    _move(factory, analyst, ref, TraceStatus.SENT)
    future = {"complete": True, "note": "x", "received_on": str(utcnow().date() + timedelta(2))}
    with pytest.raises(Invalid) as refused, factory.begin() as s:
        results.record_answer(s, analyst, ref, AnswerIn.model_validate(future))
    assert refused.value.errors[0].loc == ("received_on",)
    with pytest.raises(ValueError, match="YYYY"):
        AnswerIn.model_validate(
            {"complete": True, "events": [{"kind": "export", "occurred": "03/2010"}]}
        )
    with pytest.raises(ValueError, match="reason"):
        TransitionIn(to=TraceStatus.DECLINED)
    with pytest.raises(Invalid) as refused, factory.begin() as s:
        requests.transition(s, analyst, ref, TransitionIn(to="answered_complete"), ANSWER_DAYS)
    assert refused.value.errors[0].loc == ("to",)
    assert _read(factory, analyst, ref).status is TraceStatus.SENT


def test_the_request_document_is_bilingual(factory: sessionmaker[Session], analyst: Actor) -> None:
    from kafo.io.pdf_document import document_json, pdf_bytes

    ref = _create(factory, analyst, _seize(factory, analyst))
    with factory() as s:
        doc = requests.request_document(s, analyst, ref)
    out = document_json(doc)
    assert out["reference"] == ref
    assert out["title"] == {
        "fr": "Demande de traçage d'une arme à feu",
        "en": "Firearm trace request",
    }
    sections = {sec["key"]: sec for sec in out["sections"]}
    assert {"requesting", "recipient", "firearm", "seizure", "legal_basis", "intended_use"} <= set(
        sections
    )
    fields = {f["en"]: f for f in sections["firearm"]["fields"]}
    assert fields["Serial number"]["value"] == "56-1234 567"
    assert (fields["Type"]["value"], fields["Type"]["value_en"]) == (
        "fusil d'assaut",
        "assault rifle",
    )
    recipient = {f["en"]: f for f in sections["recipient"]["fields"]}
    assert (recipient["Country"]["value"], recipient["Country"]["value_en"]) == ("Chine", "China")
    assert sections["legal_basis"]["text"] == LEGAL
    assert pdf_bytes(doc).startswith(b"%PDF-")
