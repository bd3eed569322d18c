"""The investigation and the trial: steps, charges and their decision, hearings.

Charges are brought against a suspect of the case, before judgment (open,
investigation or prosecution). A charge is decided once (convicted,
acquitted or dismissed, with the date and any sentence); the decision is
not changed afterwards. An appeal is a matter for a new charge and note.
Hearings may be recorded ahead of their date (a scheduled hearing).
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.ids import new_id
from kafo.model.case import Case, CaseSuspect, Charge, Hearing, InvestigationStep
from kafo.model.vocab import ChargeOutcome
from kafo.schemas.case import (
    ChargeDecisionIn,
    ChargeIn,
    ChargeOut,
    HearingIn,
    HearingOut,
    StepIn,
    StepOut,
)
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.cases.loading import (
    case_for_writing,
    case_time,
    invalid,
    local_today,
    may_edit,
    not_closed,
    recorded,
)
from kafo.services.cases.workflow import CHARGEABLE
from kafo.services.errors import NotFound
from kafo.services.register.record import CLOCK_SKEW
from kafo.timeutil import utcnow


def add_step(session: Session, actor: Actor, case_id: uuid.UUID, data: StepIn) -> StepOut:
    """Record an investigation step (interview, search, examination…)."""
    case = case_for_writing(session, actor, case_id, "add_step")
    not_closed(case, "investigation steps")
    occurred_at = case_time(session, case, data.occurred_at)
    if occurred_at > utcnow() + CLOCK_SKEW:
        raise invalid(("occurred_at",), f"{occurred_at.isoformat()} is in the future")
    step = InvestigationStep(
        id=new_id(),
        occurred_at=occurred_at,
        kind=data.kind,
        description=data.description,
        recorded_at=utcnow(),
        recorded_by=actor.user_id,
    )
    case.steps.append(step)
    recorded(session, actor, case, "add_step", f"{data.kind.value} at {occurred_at.isoformat()}")
    session.flush()
    return StepOut.model_validate(step)


def _suspect(case: Case, key: uuid.UUID) -> CaseSuspect:
    """The case's suspect by its id in the case, or by the person's id."""
    for suspect in case.suspects:
        if key in (suspect.id, suspect.person_id):
            return suspect
    raise invalid(("suspect_id",), f"{key} is not a suspect of this case")


def _before_judgment(case: Case, what: str) -> None:
    if case.status not in CHARGEABLE:
        raise invalid(("status",), f"{what} only before judgment; the case is {case.status.value}")


def add_charge(session: Session, actor: Actor, case_id: uuid.UUID, data: ChargeIn) -> ChargeOut:
    """Bring a charge against one of the case's suspects (pending until decided)."""
    case = case_for_writing(session, actor, case_id, "add_charge")
    _before_judgment(case, "charges are brought")
    suspect = _suspect(case, data.suspect_id)
    today = local_today(session, case.owner_country)
    charged_on = data.charged_on or today
    if charged_on > today:
        raise invalid(("charged_on",), f"{charged_on.isoformat()} is in the future")
    charge = Charge(
        id=new_id(),
        suspect_id=suspect.id,
        offence=data.offence,
        legal_reference=data.legal_reference,
        charged_on=charged_on,
        outcome=ChargeOutcome.PENDING,
    )
    case.charges.append(charge)
    recorded(session, actor, case, "add_charge", f"{data.offence} (suspect {suspect.id})")
    session.flush()
    return ChargeOut.model_validate(charge)


def _visible_charge(
    session: Session, actor: Actor, charge_id: uuid.UUID, case_id: uuid.UUID | None
) -> Charge:
    stmt = (
        select(Charge)
        .join(Case, Case.id == Charge.case_id)
        .where(Charge.id == charge_id, visible(actor, Case))
    )
    if case_id is not None:
        stmt = stmt.where(Charge.case_id == case_id)
    charge = session.scalar(stmt)
    if charge is None:
        raise NotFound(f"no charge {charge_id}")
    return charge


def decide_charge(
    session: Session,
    actor: Actor,
    charge_id: uuid.UUID,
    data: ChargeDecisionIn,
    case_id: uuid.UUID | None = None,
) -> ChargeOut:
    """Record the court's decision on a charge; a decided charge is not decided again."""
    may_edit(actor, "decide_charge", case_id)
    charge = _visible_charge(session, actor, charge_id, case_id)
    case = case_for_writing(session, actor, charge.case_id, "decide_charge")
    if charge.outcome is not ChargeOutcome.PENDING:
        raise invalid(
            ("outcome",),
            f"the charge was already decided ({charge.outcome.value} on "
            f"{charge.decided_on}); a decision is not changed",
        )
    _before_judgment(case, "charges are decided")
    if data.decided_on > local_today(session, case.owner_country):
        raise invalid(("decided_on",), f"{data.decided_on.isoformat()} is in the future")
    if data.decided_on < charge.charged_on:
        raise invalid(
            ("decided_on",),
            f"{data.decided_on.isoformat()} is before the charge ({charge.charged_on.isoformat()})",
        )
    charge.outcome = data.outcome
    charge.decided_on = data.decided_on
    charge.sentence = data.sentence
    recorded(session, actor, case, "decide_charge", f"{charge.offence}: {data.outcome.value}")
    session.flush()
    return ChargeOut.model_validate(charge)


def add_hearing(session: Session, actor: Actor, case_id: uuid.UUID, data: HearingIn) -> HearingOut:
    case = case_for_writing(session, actor, case_id, "add_hearing")
    not_closed(case, "hearings")
    hearing = Hearing(id=new_id(), held_on=data.held_on, court=data.court, note=data.note)
    case.hearings.append(hearing)
    recorded(session, actor, case, "add_hearing", f"{data.held_on.isoformat()}, {data.court}")
    session.flush()
    return HearingOut.model_validate(hearing)
