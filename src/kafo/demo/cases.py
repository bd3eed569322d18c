"""The case-file part of the demo: the traced example firearm goes to court.

The seizure of the demo's example firearm (the first whose trace was
answered in full) becomes a case file of its country: its arrested persons
are the suspects, the firearm is sealed as an exhibit and follows a chain
of custody (post, national store, ballistics laboratory), the trace request
is linked, the suspects are charged and the court decides. Dates follow the
seizure's, so the case's figures land in the operation's year, and never
run past today.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from kafo.model.seizure import Firearm, Seizure
from kafo.model.vocab import ArrestStatus, CaseStatus, CustodyPurpose, StepKind, SuspectRole
from kafo.schemas.case import (
    CaseCreate,
    ChargeDecisionIn,
    ChargeIn,
    CustodyIn,
    ExhibitIn,
    HearingIn,
    StepIn,
    SuspectIn,
    TransitionIn,
)
from kafo.services import cases
from kafo.services.actor import Actor
from kafo.services.tracing import results
from kafo.timeutil import utcnow

OFFENCE = "détention, transport et trafic d'armes de guerre"
ROLES = (SuspectRole.COURIER, SuspectRole.ACCOMPLICE, SuspectRole.ORGANISER)


def _day(seized: datetime, days: int) -> date:
    return min((seized + timedelta(days=days)).date(), utcnow().date())


def _at(seized: datetime, hours: int) -> datetime:
    return min(seized + timedelta(hours=hours), utcnow())


def build_case(session: Session, actor: Actor, firearm_id: str) -> dict[str, Any]:
    """Open, instruct and judge a case from the example firearm's seizure."""
    firearm = session.get(Firearm, uuid.UUID(firearm_id))
    assert firearm is not None
    seizure = session.get(Seizure, firearm.seizure_id)
    assert seizure is not None
    seized = seizure.occurred_at
    case = cases.open_case(
        session,
        actor,
        CaseCreate(
            seizures=[seizure.id],
            title=f"Trafic d'armes — saisie {seizure.reference}",
            summary="Arme de guerre découverte lors d'un contrôle ; traçage jusqu'au détournement.",
            opened_on=_day(seized, 1),
            prosecutor="Procureur de la République",
            court="Tribunal de grande instance",
        ),
    )
    arrested = [
        link.person_id
        for link in seizure.person_links
        if link.arrest_status is ArrestStatus.ARRESTED
    ]
    suspects = [
        cases.add_suspect(session, actor, case.id, SuspectIn(person_id=p, role=ROLES[i % 3]))
        for i, p in enumerate(arrested)
    ]
    exhibit = cases.add_exhibit(
        session,
        actor,
        case.id,
        ExhibitIn(
            seal_number="SC-001",
            seizure_id=seizure.id,
            item_kind="firearm",
            item_id=firearm.id,
            custody=CustodyIn(
                held_from=_at(seized, 1),
                holder="chef de poste",
                holder_unit=seizure.recording_unit,
                place=seizure.place.name if seizure.place else "poste",
                purpose=CustodyPurpose.SEIZURE,
            ),
        ),
    )
    for hours, holder, place, purpose in (
        (30, "greffier en chef", "magasin des scellés", CustodyPurpose.STORAGE),
        (
            120,
            "expert en balistique",
            "laboratoire de police technique",
            CustodyPurpose.EXAMINATION,
        ),
        (240, "greffier en chef", "magasin des scellés", CustodyPurpose.STORAGE),
    ):
        entry = CustodyIn(held_from=_at(seized, hours), holder=holder, place=place, purpose=purpose)
        cases.add_custody(session, actor, exhibit.id, entry)
    step = StepIn(
        occurred_at=_at(seized, 48),
        kind=StepKind.TRACE_REQUEST,
        description="Demande de traçage adressée au pays de fabrication (ITI).",
    )
    cases.add_step(session, actor, case.id, step)
    for request in results.trace_result(session, actor, firearm.id).requests:
        cases.link_trace_request(session, actor, case.id, request.id)
    charges = [
        cases.add_charge(
            session,
            actor,
            case.id,
            ChargeIn(suspect_id=s.id, offence=OFFENCE, charged_on=_day(seized, 5)),
        )
        for s in suspects
    ]
    if charges:
        cases.move_case(session, actor, case.id, TransitionIn(status=CaseStatus.PROSECUTION))
        hearing = HearingIn(held_on=_day(seized, 15), court="Tribunal de grande instance")
        cases.add_hearing(session, actor, case.id, hearing)
        for i, charge in enumerate(charges):
            convicted = i == 0
            decision = ChargeDecisionIn(
                outcome="convicted" if convicted else "acquitted",
                decided_on=_day(seized, 20),
                sentence="cinq ans d'emprisonnement ferme" if convicted else None,
            )
            cases.decide_charge(session, actor, charge.id, decision)
        cases.move_case(session, actor, case.id, TransitionIn(status=CaseStatus.JUDGED))
    out = cases.case_out(session, actor, case)
    return {
        "reference": out.reference,
        "status": str(out.status),
        "suspects": len(suspects),
        "custody_entries": sum(len(e.custody) for e in out.exhibits),
        "convicted": sum(c.outcome == "convicted" for c in out.charges),
    }
