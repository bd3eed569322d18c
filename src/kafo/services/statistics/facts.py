"""Reading the facts a report counts, for one scope.

A scope is a set of seizures (a country's seizures of a year, or an
operation's seizures the reader may see) with the cases and trace requests
that go with them. Facts are small records with the ids of what they
count; :mod:`.iafq` turns them into tables.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from kafo.model.case import Case, CaseSuspect, Charge, case_seizures
from kafo.model.person import Person
from kafo.model.seizure import Ammunition, Commodity, Explosive, Firearm, Seizure, SeizurePerson
from kafo.model.tracing import TraceEvent, TraceRequest
from kafo.model.vocab import ArrestStatus, ChargeOutcome, QuantityUnit, TraceEventKind
from kafo.reference.calibres import normalise_calibre
from kafo.services.statistics.tables import (
    IAFQ_TYPE,
    AmmoFact,
    ArmFact,
    PersonFact,
    QuantityFact,
    RequestFact,
    SeizureFact,
    how_of,
)
from kafo.services.tracing.results import conclusions

UNKNOWN = "?"
CHUNK = 5_000


@dataclass(frozen=True)
class Scope:
    """Which seizures, cases and trace requests a report covers."""

    seizures: Select[uuid.UUID]
    cases: ColumnElement[bool]
    requests: ColumnElement[bool]
    persons: ColumnElement[bool]
    # Charges brought and judgments given within these days (a year) count.
    days: tuple[date, date] | None = None


def year_bounds(year: int, time_zone: str | None) -> tuple[datetime, datetime]:
    """A calendar year in the country's time zone, as UTC instants."""
    tz = ZoneInfo(time_zone) if time_zone else UTC
    start = datetime(year, 1, 1, tzinfo=tz).astimezone(UTC)
    return start, datetime(year + 1, 1, 1, tzinfo=tz).astimezone(UTC)


def _chunks(ids: Sequence[uuid.UUID]) -> list[Sequence[uuid.UUID]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def arms(session: Session, scope: Scope) -> list[ArmFact]:
    rows = session.execute(
        select(
            Firearm.id,
            Firearm.category,
            Firearm.std_make,
            Firearm.make,
            Firearm.country_of_manufacture,
            Firearm.std_country,
            Firearm.marking_state,
            Seizure.context,
            Seizure.owner_country,
        )
        .join(Seizure, Seizure.id == Firearm.seizure_id)
        .where(Seizure.id.in_(scope.seizures))
    ).all()
    concluded = conclusions(
        session,
        select(Firearm.id)
        .join(Seizure, Seizure.id == Firearm.seizure_id)
        .where(Seizure.id.in_(scope.seizures)),
    )
    return [
        ArmFact(
            id=str(fid),
            country=owner,
            how=how_of(context),
            iafq_type=IAFQ_TYPE[category],
            make=std_make or (make.strip().upper() if make else UNKNOWN),
            made_in=made_in or std_country or UNKNOWN,
            marking=marking,
            conclusion=concluded[fid],
        )
        for fid, category, std_make, make, made_in, std_country, marking, context, owner in rows
    ]


def seizures(session: Session, scope: Scope) -> list[SeizureFact]:
    rows = session.execute(
        select(Seizure.id, Seizure.owner_country).where(Seizure.id.in_(scope.seizures))
    )
    return [SeizureFact(str(sid), country) for sid, country in rows]


def ammunition(session: Session, scope: Scope) -> list[AmmoFact]:
    rows = session.execute(
        select(Ammunition.id, Ammunition.calibre, Ammunition.rounds, Seizure.context)
        .join(Seizure, Seizure.id == Ammunition.seizure_id)
        .where(Seizure.id.in_(scope.seizures))
    )
    names: dict[str, str] = {}  # a few notations recur across many lots
    out = []
    for aid, calibre, rounds, context in rows:
        if calibre not in names:
            reading = normalise_calibre(calibre)
            names[calibre] = reading.canonical if reading else calibre.strip()
        out.append(AmmoFact(str(aid), how_of(context), names[calibre], rounds))
    return out


def explosives(session: Session, scope: Scope) -> list[QuantityFact]:
    rows = session.execute(
        select(Explosive.id, Explosive.kind, Explosive.unit, Explosive.quantity).where(
            Explosive.seizure_id.in_(scope.seizures)
        )
    )
    return [QuantityFact(str(i), kind.value, unit.value, q) for i, kind, unit, q in rows]


def goods(session: Session, scope: Scope) -> list[QuantityFact]:
    rows = session.execute(
        select(
            Commodity.id, Commodity.kind, Commodity.unit, Commodity.currency, Commodity.quantity
        ).where(Commodity.seizure_id.in_(scope.seizures))
    )
    return [
        QuantityFact(
            str(i),
            kind.value,
            currency if unit is QuantityUnit.CURRENCY and currency else unit.value,
            q,
        )
        for i, kind, unit, currency, q in rows
    ]


def persons(session: Session, scope: Scope) -> list[PersonFact]:
    arrested = set(
        session.scalars(
            select(SeizurePerson.person_id)
            .join(Person, Person.id == SeizurePerson.person_id)
            .where(
                SeizurePerson.seizure_id.in_(scope.seizures),
                SeizurePerson.arrest_status == ArrestStatus.ARRESTED,
                scope.persons,
            )
        )
    )
    charged = (
        select(CaseSuspect.person_id, Charge.outcome, Charge.charged_on, Charge.decided_on)
        .join(Charge, Charge.suspect_id == CaseSuspect.id)
        .join(Case, Case.id == CaseSuspect.case_id)
        .join(Person, Person.id == CaseSuspect.person_id)
        .where(scope.cases, scope.persons)
    )
    prosecuted: set[uuid.UUID] = set()
    convicted: set[uuid.UUID] = set()
    for person_id, outcome, charged_on, decided_on in session.execute(charged):
        if _within(charged_on, scope):
            prosecuted.add(person_id)
        if outcome is ChargeOutcome.CONVICTED and decided_on and _within(decided_on, scope):
            convicted.add(person_id)
    everyone = sorted(arrested | prosecuted | convicted)
    sexes: dict[uuid.UUID, str] = {}
    for chunk in _chunks(everyone):
        rows = session.execute(select(Person.id, Person.sex).where(Person.id.in_(chunk)))
        sexes.update({pid: sex for pid, sex in rows})
    return [
        PersonFact(str(p), str(sexes[p]), p in arrested, p in prosecuted, p in convicted)
        for p in everyone
    ]


def _within(day: date, scope: Scope) -> bool:
    return scope.days is None or scope.days[0] <= day < scope.days[1]


def requests(session: Session, scope: Scope) -> list[RequestFact]:
    rows = session.execute(
        select(TraceRequest.id, TraceRequest.recipient_country, TraceRequest.answered_at).where(
            scope.requests, TraceRequest.sent_at.is_not(None)
        )
    ).all()
    kinds: dict[uuid.UUID, set[TraceEventKind]] = defaultdict(set)
    for chunk in _chunks([r[0] for r in rows]):
        for rid, kind in session.execute(
            select(TraceEvent.request_id, TraceEvent.kind).where(TraceEvent.request_id.in_(chunk))
        ):
            kinds[rid].add(kind)
    return [
        RequestFact(
            str(rid),
            recipient,
            answered_at is not None,
            TraceEventKind.ANSWERED_COMPLETE in kinds[rid],
            TraceEventKind.DECLINED in kinds[rid],
            TraceEventKind.NO_RESPONSE in kinds[rid],
        )
        for rid, recipient, answered_at in rows
    ]


def in_cases_of(seizures: Select[uuid.UUID]) -> ColumnElement[bool]:
    """Cases built from at least one of ``seizures``."""
    return Case.id.in_(
        select(case_seizures.c.case_id).where(case_seizures.c.seizure_id.in_(seizures))
    )


def owned_cases(country: str) -> ColumnElement[bool]:
    return Case.owner_country == country
