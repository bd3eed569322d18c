"""``kafo cases``: case files (dossiers / affaires) built from seizures.

CASE is the case's id or its reference (``AFF-ML-2026-0001``). Times
without an offset are local time in the case's country; ``--at`` and
``--on`` default to now and today.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from sqlalchemy.orm import Session

from kafo.cli.context import as_user
from kafo.cli.main import JsonOpt, UserOpt, app, guarded
from kafo.cli.output import emit_json, parsed
from kafo.labels import label
from kafo.model.vocab import (
    CaseStatus,
    ChargeOutcome,
    CustodyPurpose,
    ExhibitKind,
    Sharing,
    StepKind,
    SuspectRole,
)
from kafo.schemas.case import (
    CaseCreate,
    CaseOut,
    CaseSeizuresIn,
    ChargeDecisionIn,
    ChargeIn,
    CustodyIn,
    ExhibitIn,
    HearingIn,
    StepIn,
    SuspectIn,
    SuspectOut,
    TransitionIn,
)
from kafo.services import cases
from kafo.services.actor import Actor
from kafo.services.errors import Invalid
from kafo.timeutil import utcnow

cases_app = typer.Typer(help="Dossiers / case files", no_args_is_help=True)
app.add_typer(cases_app, name="cases")
_groups = {
    name: typer.Typer(help=text, no_args_is_help=True)
    for name, text in (
        ("suspect", "Mis en cause / suspects"),
        ("exhibit", "Scellés / exhibits"),
        ("custody", "Chaîne de garde / chain of custody"),
        ("step", "Actes d'enquête / investigation steps"),
        ("charge", "Chefs d'accusation / charges"),
        ("hearing", "Audiences / hearings"),
    )
}
for _name, _group in _groups.items():
    cases_app.add_typer(_group, name=_name)

CaseArg = Annotated[str, typer.Argument(help="the case's id or reference (AFF-ML-2026-0001)")]
AtOpt = Annotated[str | None, typer.Option("--at", help="when (ISO 8601); default: now")]
OnOpt = Annotated[str | None, typer.Option("--on", help="date (YYYY-MM-DD); default: today")]
M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")


def _input(model: type[M], as_json: bool, **fields: Any) -> M:
    """The options given (not None), read by their schema."""
    return parsed(model, {k: v for k, v in fields.items() if v is not None}, as_json=as_json)


def _as(user: str | None, work: Callable[[Session, Actor], R]) -> R:
    """``as_user``, with a refusal on one field said once, not twice."""
    try:
        return as_user(user, work)
    except Invalid as exc:
        if [f"{e.where}: {e.message}" for e in exc.errors] == [str(exc)]:
            raise Invalid(str(exc)) from None
        raise


def _on_case(user: str | None, key: str, work: Callable[[Session, Actor, uuid.UUID], R]) -> R:
    """Run ``work`` on the case named by ``key``, in one transaction."""
    return _as(user, lambda s, actor: work(s, actor, cases.case_key(s, actor, key)))


def _status(code: CaseStatus) -> str:
    return label(CaseStatus, code)


def _print_case(out: CaseOut) -> None:
    typer.echo(f"{out.reference}  {out.title}  [{_status(out.status)}]  {out.owner_country}")
    typer.echo(f"  id {out.id}  ouvert le / opened {out.opened_on}  partage {out.sharing}")
    for s in out.seizures:
        typer.echo(f"  saisie {s.reference or s.id}  {s.occurred_at:%Y-%m-%d %H:%M}Z  {s.place}")
    for p in out.suspects:
        typer.echo(f"  mis en cause {_person(p)}  ({label(SuspectRole, p.role)})  id {p.id}")
    for e in out.exhibits:
        typer.echo(f"  scellé {e.seal_number}: {e.description}  id {e.id}")
        for c in e.custody:
            typer.echo(
                f"    {c.held_from:%Y-%m-%d %H:%M}Z  {c.holder}, {c.place} "
                f"({label(CustodyPurpose, c.purpose)})"
            )
    for st in out.steps:
        typer.echo(
            f"  acte {st.occurred_at:%Y-%m-%d}  {label(StepKind, st.kind)}: {st.description}"
        )
    for ch in out.charges:
        decided = f" le {ch.decided_on}" if ch.decided_on else ""
        typer.echo(
            f"  chef {ch.offence}  [{label(ChargeOutcome, ch.outcome)}{decided}]  id {ch.id}"
        )
    for h in out.hearings:
        typer.echo(f"  audience {h.held_on}  {h.court}")
    for t in out.trace_requests:
        typer.echo(f"  traçage {t.reference}  [{t.status}]")
    for ev in out.events:
        was = f"{_status(ev.from_status)} → " if ev.from_status else ""
        typer.echo(f"  {ev.at:%Y-%m-%d %H:%M}Z  {was}{_status(ev.to_status)}  {ev.username}")
    if out.allowed:
        typer.echo(f"  suite possible / next: {', '.join(out.allowed)}")


def _person(s: SuspectOut) -> str:
    return " ".join(n for n in (s.person.family_name, s.person.given_names) if n) or str(
        s.person.id
    )


def _result(out: BaseModel, as_json: bool, line: str) -> None:
    if as_json:
        emit_json(out)
    else:
        typer.echo(line)


@cases_app.command("open")
@guarded
def cases_open(
    seizure: Annotated[list[str], typer.Option("--seizure", help="a seizure id (repeatable)")],
    title: Annotated[str, typer.Option(help="the case's title")],
    reference: Annotated[str | None, typer.Option(help="default: AFF-<country>-<year>-<n>")] = None,
    summary: Annotated[str | None, typer.Option()] = None,
    prosecutor: Annotated[str | None, typer.Option()] = None,
    court: Annotated[str | None, typer.Option()] = None,
    opened_on: Annotated[str | None, typer.Option(help="YYYY-MM-DD; default: today")] = None,
    sharing: Annotated[Sharing | None, typer.Option()] = None,
    operation: Annotated[str | None, typer.Option(help="the operation's code")] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Open a case from one or more seizures."""
    data = _input(
        CaseCreate,
        as_json,
        seizures=seizure,
        title=title,
        reference=reference,
        summary=summary,
        prosecutor=prosecutor,
        court=court,
        opened_on=opened_on,
        sharing=sharing,
        operation=operation,
    )
    out = _as(user, lambda s, a: cases.case_out(s, a, cases.open_case(s, a, data)))
    _result(out, as_json, f"dossier {out.reference} ouvert / case opened  (id {out.id})")


@cases_app.command("list")
@guarded
def cases_list(
    status: Annotated[CaseStatus | None, typer.Option()] = None,
    page: int = 1,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The cases you may see, newest first."""
    found = _as(user, lambda s, a: cases.list_cases(s, a, status, max(page, 1)))
    if as_json:
        emit_json(found)
        return
    typer.echo(f"{found.total} dossier(s); page {found.page}")
    for c in found.items:
        typer.echo(
            f"{c.reference:<20} {c.owner_country}  {c.opened_on}  {_status(c.status):<28} "
            f"{c.title}  saisies={c.seizures} mis_en_cause={c.suspects} scellés={c.exhibits}"
        )


@cases_app.command("show")
@guarded
def cases_show(case: CaseArg, user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """One case with everything in it."""
    out = _on_case(user, case, cases.get_case)
    emit_json(out) if as_json else _print_case(out)


@cases_app.command("move")
@guarded
def cases_move(
    case: CaseArg,
    status: Annotated[CaseStatus, typer.Argument(help="the status to move to")],
    note: Annotated[str | None, typer.Option()] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Move a case to another status (open, investigation, prosecution, judged, dismissed,
    closed), as the workflow allows."""
    data = _input(TransitionIn, as_json, status=status, note=note)
    out = _on_case(
        user, case, lambda s, a, cid: cases.case_out(s, a, cases.move_case(s, a, cid, data))
    )
    _result(out, as_json, f"{out.reference}: {_status(out.status)}")


@cases_app.command("add-seizure")
@guarded
def cases_add_seizure(
    case: CaseArg,
    seizure: Annotated[list[str], typer.Option("--seizure", help="a seizure id (repeatable)")],
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add seizures to a case."""
    data = _input(CaseSeizuresIn, as_json, seizures=seizure)
    out = _on_case(
        user, case, lambda s, a, cid: cases.case_out(s, a, cases.add_seizures(s, a, cid, data))
    )
    _result(out, as_json, f"{out.reference}: {len(out.seizures)} saisie(s)")


@cases_app.command("link-trace")
@guarded
def cases_link_trace(
    case: CaseArg, request_id: uuid.UUID, user: UserOpt = None, as_json: JsonOpt = False
) -> None:
    """Link a trace request to a case."""
    out = _on_case(
        user,
        case,
        lambda s, a, cid: cases.case_out(s, a, cases.link_trace_request(s, a, cid, request_id)),
    )
    _result(out, as_json, f"{out.reference}: {len(out.trace_requests)} demande(s) de traçage")


@_groups["suspect"].command("add")
@guarded
def suspect_add(
    case: CaseArg,
    person_id: str,
    role: Annotated[SuspectRole, typer.Option()],
    note: Annotated[str | None, typer.Option()] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a person record as a suspect of the case."""
    data = _input(SuspectIn, as_json, person_id=person_id, role=role, note=note)
    out = _on_case(user, case, lambda s, a, cid: cases.add_suspect(s, a, cid, data))
    if as_json:
        emit_json(out)
        return
    typer.echo(f"mis en cause / suspect: {_person(out)} ({label(SuspectRole, out.role)})")
    if not out.seizures:
        typer.echo(
            "  n'apparaît dans aucune saisie du dossier / appears in none of the case's seizures"
        )


@_groups["exhibit"].command("add")
@guarded
def exhibit_add(
    case: CaseArg,
    seizure: Annotated[str, typer.Option("--seizure", help="the seizure's id")],
    kind: Annotated[ExhibitKind, typer.Option()],
    seal: Annotated[str, typer.Option(help="the seal number, e.g. SC-001")],
    holder: Annotated[str, typer.Option(help="who holds it first")],
    place: Annotated[str, typer.Option(help="where it is kept")],
    item: Annotated[int | None, typer.Option(help="the item's number in the seizure")] = None,
    item_id: Annotated[str | None, typer.Option()] = None,
    purpose: Annotated[CustodyPurpose, typer.Option()] = CustodyPurpose.SEIZURE,
    at: AtOpt = None,
    holder_unit: Annotated[str | None, typer.Option()] = None,
    description: Annotated[str | None, typer.Option()] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Put an item of one of the case's seizures under seal."""
    custody = {"held_from": at or utcnow(), "holder": holder, "holder_unit": holder_unit}
    custody |= {"place": place, "purpose": purpose}
    fields = {"seal_number": seal, "seizure_id": seizure, "item_kind": kind, "item_id": item_id}
    data = _input(
        ExhibitIn, as_json, item_position=item, description=description, custody=custody, **fields
    )
    out = _on_case(user, case, lambda s, a, cid: cases.add_exhibit(s, a, cid, data))
    _result(out, as_json, f"scellé / exhibit {out.seal_number}: {out.description}  (id {out.id})")


@_groups["custody"].command("add")
@guarded
def custody_add(
    exhibit_id: uuid.UUID,
    holder: Annotated[str, typer.Option()],
    place: Annotated[str, typer.Option()],
    purpose: Annotated[CustodyPurpose, typer.Option()],
    at: AtOpt = None,
    holder_unit: Annotated[str | None, typer.Option()] = None,
    note: Annotated[str | None, typer.Option()] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Append an entry to an exhibit's chain of custody."""
    data = _input(
        CustodyIn,
        as_json,
        held_from=at or utcnow(),
        holder=holder,
        holder_unit=holder_unit,
        place=place,
        purpose=purpose,
        note=note,
    )
    out = _as(user, lambda s, a: cases.add_custody(s, a, exhibit_id, data))
    _result(
        out,
        as_json,
        f"garde / custody: {out.held_from:%Y-%m-%d %H:%M}Z  {out.holder}, {out.place} "
        f"({label(CustodyPurpose, out.purpose)})",
    )


@_groups["step"].command("add")
@guarded
def step_add(
    case: CaseArg,
    kind: Annotated[StepKind, typer.Option()],
    description: Annotated[str, typer.Option()],
    at: AtOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record an investigation step."""
    data = _input(StepIn, as_json, occurred_at=at or utcnow(), kind=kind, description=description)
    out = _on_case(user, case, lambda s, a, cid: cases.add_step(s, a, cid, data))
    _result(
        out, as_json, f"acte / step: {label(StepKind, out.kind)} {out.occurred_at:%Y-%m-%d %H:%M}Z"
    )


@_groups["charge"].command("add")
@guarded
def charge_add(
    case: CaseArg,
    suspect: Annotated[str, typer.Option(help="the suspect's id in the case, or the person's")],
    offence: Annotated[str, typer.Option()],
    legal_reference: Annotated[str | None, typer.Option()] = None,
    on: OnOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Bring a charge against a suspect of the case."""
    data = _input(
        ChargeIn,
        as_json,
        suspect_id=suspect,
        offence=offence,
        legal_reference=legal_reference,
        charged_on=on,
    )
    out = _on_case(user, case, lambda s, a, cid: cases.add_charge(s, a, cid, data))
    _result(out, as_json, f"chef / charge: {out.offence}  (id {out.id})")


@_groups["charge"].command("decide")
@guarded
def charge_decide(
    charge_id: uuid.UUID,
    outcome: Annotated[ChargeOutcome, typer.Option(help="convicted, acquitted or dismissed")],
    on: OnOpt = None,
    sentence: Annotated[str | None, typer.Option()] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record the decision on a charge (once)."""
    today = utcnow().date().isoformat()
    data = _input(
        ChargeDecisionIn, as_json, outcome=outcome, decided_on=on or today, sentence=sentence
    )
    out = _as(user, lambda s, a: cases.decide_charge(s, a, charge_id, data))
    _result(out, as_json, f"{out.offence}: {label(ChargeOutcome, out.outcome)} le {out.decided_on}")


@_groups["hearing"].command("add")
@guarded
def hearing_add(
    case: CaseArg,
    court: Annotated[str, typer.Option()],
    on: Annotated[str, typer.Option("--on", help="the hearing's date, YYYY-MM-DD")],
    note: Annotated[str | None, typer.Option()] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a hearing (past or scheduled)."""
    data = _input(HearingIn, as_json, held_on=on, court=court, note=note)
    out = _on_case(user, case, lambda s, a, cid: cases.add_hearing(s, a, cid, data))
    _result(out, as_json, f"audience / hearing: {out.held_on}  {out.court}")
