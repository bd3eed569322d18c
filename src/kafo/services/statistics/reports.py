"""Reports: a country's IAFQ tables and SDG 16.4.2 figures for a year, and
the consolidated results of an operation.

A country's report covers every seizure it owns and is produced by its own
users only; it is *nominal*: its JSON lists the record ids counted in each
cell, so any figure can be reproduced. An operation's report covers the
operation's seizures, persons, cases and trace requests the reader may see
(through the one authorisation filter: what one may not see is not
counted either) and is consolidated: it carries no record ids and no
personal data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.io.report_book import Report, Table
from kafo.model.case import Case
from kafo.model.geo import Country
from kafo.model.operation import Operation
from kafo.model.person import Person
from kafo.model.seizure import Seizure
from kafo.model.tracing import TraceRequest
from kafo.services import audit, gazetteer
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.errors import Forbidden, NotFound
from kafo.services.statistics import facts, iafq
from kafo.services.statistics.facts import Scope
from kafo.services.statistics.tables import ArmFact
from kafo.timeutil import utcnow

UNKNOWN_COUNTRY = ("inconnu", "unknown")


def _countries() -> dict[str, tuple[str, str]]:
    return {**gazetteer.country_names(), facts.UNKNOWN: UNKNOWN_COUNTRY}


def country_scope(session: Session, actor: Actor, country: str, year: int) -> Scope:
    """``country``'s seizures of ``year`` (its own users only)."""
    code = country.strip().upper()
    tz = session.scalar(select(Country.time_zone).where(Country.code == code))
    if tz is None and session.get(Country, code) is None:
        raise NotFound(f"no country {country}")
    if actor.country != code:
        raise Forbidden(
            f"only {code}'s users produce {code}'s national report; "
            "regional figures come from the operation report"
        )
    start, end = facts.year_bounds(year, tz)
    seizures = select(Seizure.id).where(
        Seizure.owner_country == code, Seizure.occurred_at >= start, Seizure.occurred_at < end
    )
    sent_in_year = (TraceRequest.sent_at >= start) & (TraceRequest.sent_at < end)
    return Scope(
        seizures=seizures,
        cases=facts.owned_cases(code),
        requests=(TraceRequest.owner_country == code) & sent_in_year,
        persons=visible(actor, Person),
        days=(date(year, 1, 1), date(year + 1, 1, 1)),
    )


def _iafq_tables(session: Session, scope: Scope, arms: Sequence[ArmFact]) -> list[Table]:
    names = _countries()
    return [
        *iafq.arms_tables(arms, names),
        iafq.ammunition_table(facts.ammunition(session, scope)),
        iafq.explosives_table(facts.explosives(session, scope)),
        iafq.goods_table(facts.goods(session, scope)),
        *iafq.tracing_tables(facts.requests(session, scope), arms, names),
        iafq.persons_table(facts.persons(session, scope)),
    ]


def _report(
    session: Session,
    actor: Actor,
    key: str,
    titles: tuple[str, str],
    scope: dict[str, str],
    tables: Sequence[Table],
    nominal: bool,
) -> Report:
    session.add(
        audit.event(
            actor,
            "report",
            key,
            None,
            scope.get("country"),
            detail=", ".join(f"{k}={v}" for k, v in scope.items()),
        )
    )
    return Report(key, *titles, scope, utcnow(), tuple(tables), nominal)


def iafq_report(session: Session, actor: Actor, country: str, year: int) -> Report:
    """The IAFQ-shaped tables of ``country`` for ``year`` (nominal)."""
    scope = country_scope(session, actor, country, year)
    arms = facts.arms(session, scope)
    return _report(
        session,
        actor,
        "iafq",
        (
            "Questionnaire sur les flux d'armes illicites (IAFQ)",
            "Illicit Arms Flows Questionnaire (IAFQ)",
        ),
        {"country": country.upper(), "year": str(year)},
        [*_iafq_tables(session, scope, arms), *iafq.sdg_tables(arms)],
        nominal=True,
    )


def sdg_report(session: Session, actor: Actor, country: str, year: int) -> Report:
    """SDG indicator 16.4.2 for ``country`` and ``year``, with its disaggregations."""
    scope = country_scope(session, actor, country, year)
    return _report(
        session,
        actor,
        "sdg_16_4_2",
        ("Indicateur ODD 16.4.2", "SDG indicator 16.4.2"),
        {"country": country.upper(), "year": str(year)},
        iafq.sdg_tables(facts.arms(session, scope)),
        nominal=True,
    )


def operation_report(session: Session, actor: Actor, code: str) -> Report:
    """An operation's consolidated results over what ``actor`` may see (non-nominal)."""
    operation = session.scalar(select(Operation).where(Operation.code == code))
    if operation is None:
        raise NotFound(f"no operation {code}")
    seizures = select(Seizure.id).where(
        Seizure.operation_id == operation.id, visible(actor, Seizure)
    )
    scope = Scope(
        seizures=seizures,
        cases=facts.in_cases_of(seizures) & visible(actor, Case),
        requests=TraceRequest.seizure_id.in_(seizures) & visible(actor, TraceRequest),
        persons=visible(actor, Person),
    )
    arms = facts.arms(session, scope)
    return _report(
        session,
        actor,
        "operation",
        (f"Résultats de l'opération {operation.code}", f"Results of operation {operation.code}"),
        {
            "operation": operation.code,
            "from": operation.starts_on.isoformat(),
            "to": operation.ends_on.isoformat(),
        },
        [
            iafq.by_country_table(facts.seizures(session, scope), arms, _countries()),
            *_iafq_tables(session, scope, arms),
            *iafq.sdg_tables(arms),
        ],
        nominal=False,
    )
