"""The tracing part of the demo: trace requests, answers, findings, reports.

After the seizures are recorded, each country's analyst drafts and sends
trace requests for some of its traceable firearms, through the same
services the API uses. Counterparts answer in full (with the firearm's life
from manufacture to the point of diversion), in part, decline, or stay
silent; craft-produced weapons are established by the national small-arms
commission. The first request answered in full whose seizure led to an
arrest is the example: it is exported as its bilingual document and goes
on to a case file (:mod:`kafo.demo.cases`). The country and operation
reports are written last, so the path from a seized firearm to the SDG
16.4.2 figure can be followed end to end.

Deterministic for a seed: firearms are taken in the order they were
recorded and one ``random.Random`` draws every outcome.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.io.pdf_document import document_json, pdf_bytes
from kafo.io.report_book import write_xlsx
from kafo.model.seizure import Firearm, Seizure
from kafo.model.vocab import ArrestStatus, TraceConclusion, TraceRoute, TraceStatus
from kafo.schemas.tracing import AnswerIn, FindingIn, TraceCreate, TransitionIn
from kafo.services.actor import Actor
from kafo.services.statistics import iafq, reports
from kafo.services.statistics.facts import arms as arm_facts
from kafo.services.tracing import requests, results

TRACES_PER_COUNTRY = 12
ANSWER_DAYS = 30
OUTCOMES = ("complete", "partial", "declined", "no_response", "awaiting")
OUTCOME_WEIGHTS = (0.45, 0.2, 0.1, 0.1, 0.15)
LEGAL_BASIS = (
    "Arme à feu transportée sans autorisation à travers la frontière (importation illicite) ; "
    "procès-verbal de saisie joint. / Firearm carried across the border without authorisation "
    "(illicit import); seizure report attached."
)
COMMISSION = {
    "BF": "Haute Autorité de contrôle des importations d'armes (HACIA)",
    "CI": "Commission nationale de lutte contre la prolifération des ALPC (ComNat-ALPC)",
    "ML": "Commission nationale de lutte contre la prolifération des ALPC (CNLPAL)",
    "NE": "Commission nationale pour la collecte et le contrôle des armes illicites (CNCCAI)",
}
IMPORTERS = ("ML", "BF", "NE", "CI", "LY", "TD", "SD", "NG")
DIVERSIONS = (
    "vol dans un dépôt des forces armées",
    "perte déclarée par un détenteur civil",
    "pillage d'un stock lors d'une attaque",
    "revente illicite par un armurier agréé",
)


def _firearms(session: Session, country: str, route: TraceRoute) -> list[Firearm]:
    return list(
        session.scalars(
            select(Firearm)
            .join(Seizure, Seizure.id == Firearm.seizure_id)
            .where(Seizure.owner_country == country, Firearm.trace_route == route)
            .order_by(Seizure.occurred_at, Seizure.reference, Firearm.position)
        )
    )


def _life(rng: random.Random, firearm: Firearm, made_in: str, full: bool) -> list[dict[str, Any]]:
    made = firearm.year_of_manufacture or rng.randint(1975, 2015)
    exported = made + rng.randint(0, 3)
    importer = rng.choice(IMPORTERS)
    events: list[dict[str, Any]] = [
        {"kind": "manufacture", "occurred": str(made), "country": made_in, "actor": firearm.make},
        {
            "kind": "export",
            "occurred": f"{exported}-{rng.randint(1, 12):02d}",
            "country": made_in,
            "document": f"licence d'exportation {rng.randint(1000, 9999)}",
        },
        {"kind": "import", "occurred": str(exported + 1), "country": importer},
    ]
    if full:
        last = min(2025, exported + 1 + rng.randint(0, 12))
        events += [
            {
                "kind": "last_legal_record",
                "occurred": str(last),
                "country": importer,
                "actor": rng.choice(("forces armées", "armurier agréé", "détenteur civil")),
            },
            {
                "kind": "diversion",
                "occurred": str(min(2026, last + rng.randint(0, 3))),
                "country": importer,
                "note": rng.choice(DIVERSIONS),
            },
        ]
    return events


def _trace_one(
    session: Session, rng: random.Random, actor: Actor, firearm: Firearm, made_in: str
) -> str:
    ref = requests.create_request(
        session, actor, TraceCreate(firearm_id=firearm.id, legal_basis=LEGAL_BASIS)
    ).reference
    requests.transition(session, actor, ref, TransitionIn(to=TraceStatus.SENT), ANSWER_DAYS)
    outcome = rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
    if outcome != "awaiting" and rng.random() < 0.5:
        requests.transition(session, actor, ref, TransitionIn(to=TraceStatus.ACKNOWLEDGED), 0)
    if outcome in ("complete", "partial"):
        events = _life(rng, firearm, made_in, full=outcome == "complete")
        answer = AnswerIn.model_validate({"complete": outcome == "complete", "events": events})
        results.record_answer(session, actor, ref, answer)
    elif outcome == "declined":
        note = "motif : pas de registre exploitable pour ce numéro / no usable record"
        requests.transition(
            session, actor, ref, TransitionIn(to=TraceStatus.DECLINED, note=note), 0
        )
    elif outcome == "no_response":
        requests.transition(session, actor, ref, TransitionIn(to=TraceStatus.NO_RESPONSE), 0)
    return outcome


def _arrests(session: Session, firearm: Firearm) -> bool:
    """Someone was arrested with it: the example goes on to a case file."""
    seizure = session.get(Seizure, firearm.seizure_id)
    assert seizure is not None
    return any(link.arrest_status is ArrestStatus.ARRESTED for link in seizure.person_links)


def trace_firearms(session: Session, seed: int, analysts: dict[str, Actor]) -> dict[str, Any]:
    """Trace up to ``TRACES_PER_COUNTRY`` firearms per country; establish craft ones."""
    rng = random.Random(f"{seed}-tracing")
    outcomes: Counter[str] = Counter()
    established = 0
    example: dict[str, str] = {}
    for country, actor in sorted(analysts.items()):
        for firearm in _firearms(session, country, TraceRoute.TRACEABLE)[:TRACES_PER_COUNTRY]:
            made_in = firearm.country_of_manufacture or firearm.std_country
            if not made_in:
                continue
            outcome = _trace_one(session, rng, actor, firearm, made_in)
            outcomes[outcome] += 1
            if outcome == "complete" and not example and _arrests(session, firearm):
                example = {"country": country, "firearm": str(firearm.id)}
        for firearm in _firearms(session, country, TraceRoute.COMPETENT_AUTHORITY):
            finding = FindingIn(
                conclusion=TraceConclusion.ESTABLISHED,
                authority=COMMISSION[country],
                basis="arme de fabrication artisanale (expertise technique) / craft-produced",
            )
            results.record_finding(session, actor, firearm.id, finding)
            established += 1
    return {
        "requests": sum(outcomes.values()),
        "outcomes": dict(sorted(outcomes.items())),
        "established_by_authority": established,
        "example": example,
    }


def export_example(
    session: Session, actor: Actor, firearm_id: str, folder: Path, stem: str
) -> dict[str, str]:
    """The example firearm's trace request as PDF and JSON documents."""
    result = results.trace_result(session, actor, uuid.UUID(firearm_id))
    ref = result.requests[0].reference
    doc = requests.request_document(session, actor, ref)
    pdf = folder / f"{stem}.{ref}.pdf"
    pdf.write_bytes(pdf_bytes(doc))
    js = folder / f"{stem}.{ref}.json"
    js.write_text(json.dumps(document_json(doc), ensure_ascii=False, indent=2), "utf-8")
    return {"request": ref, "conclusion": str(result.conclusion), "pdf": str(pdf), "json": str(js)}


def write_reports(
    session: Session,
    analysts: dict[str, Actor],
    regional: Actor,
    operation: str,
    year: int,
    folder: Path,
    stem: str,
) -> dict[str, Any]:
    """Each country's SDG 16.4.2 figure, Mali's IAFQ workbook, the operation's."""
    figures = {}
    for country, actor in sorted(analysts.items()):
        scope = reports.country_scope(session, actor, country, year)
        ind = iafq.indicator(arm_facts(session, scope))
        figures[country] = {
            "numerator": ind.numerator,
            "denominator": ind.denominator,
            "proportion": ind.proportion,
        }
    iafq_path = folder / f"{stem}.iafq-ML-{year}.xlsx"
    write_xlsx(reports.iafq_report(session, analysts["ML"], "ML", year), iafq_path)
    op_path = folder / f"{stem}.operation-{operation}.xlsx"
    write_xlsx(reports.operation_report(session, regional, operation), op_path)
    return {"sdg_16_4_2": figures, "iafq_ml": str(iafq_path), "operation": str(op_path)}
