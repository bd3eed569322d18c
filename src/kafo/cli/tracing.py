"""``kafo trace``: ITI trace requests, their answers, deadlines and results."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from kafo.cli.context import as_user
from kafo.cli.main import JsonOpt, UserOpt, app, guarded
from kafo.cli.output import emit_json, fail, parsed
from kafo.io.pdf_document import document_json, pdf_bytes
from kafo.model.vocab import TraceConclusion, TraceRecipientBasis, TraceStatus
from kafo.schemas.tracing import AnswerIn, FindingIn, TraceCreate, TraceRequestOut, TransitionIn
from kafo.services.tracing import followup, requests, results, views
from kafo.services.tracing.followup import Deadlines
from kafo.settings import Settings

trace_app = typer.Typer(help="Traçage des armes / firearm tracing (ITI)", no_args_is_help=True)
app.add_typer(trace_app, name="trace")
RefArg = Annotated[str, typer.Argument(help="the request's reference (TR-ML-2026-0001) or id")]
DateOpt = Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])]


def _print(out: TraceRequestOut, as_json: bool) -> None:
    if as_json:
        emit_json(out)
        return
    gun = out.content["firearm"]
    typer.echo(
        f"{out.reference}  [{out.status}]  → {out.recipient_country} ({out.recipient_basis})  "
        f"{gun.get('make') or '?'} {gun.get('model') or ''} n° {gun.get('serial_number') or '?'}"
    )
    if not out.complete:
        typer.echo(f"  incomplète / incomplete: {', '.join(out.missing)}")
    if out.due_on:
        late = f", {out.overdue_days} jour(s) de retard" if out.overdue_days else ""
        typer.echo(f"  échéance / due: {out.due_on}{late}")
    for e in out.events:
        typer.echo(f"  {e.at:%Y-%m-%d %H:%M}  {e.kind:<18} {e.username or '-'}  {e.note or ''}")
    if out.allowed:
        typer.echo(f"  suite possible / next: {', '.join(out.allowed)}")


@trace_app.command("create")
@guarded
def trace_create(
    firearm_id: uuid.UUID,
    to: Annotated[
        str | None, typer.Option("--to", help="recipient country (default: of manufacture)")
    ] = None,
    basis: Annotated[TraceRecipientBasis | None, typer.Option(help="why this country")] = None,
    authority: Annotated[str | None, typer.Option(help="the authority addressed")] = None,
    legal_basis: Annotated[str, typer.Option(help="why the firearm is considered illicit")] = "",
    intended_use: Annotated[str | None, typer.Option(help="use of the information")] = None,
    contact: Annotated[str | None, typer.Option(help="default: you and your unit")] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft a trace request for a seized firearm."""
    body = {
        "firearm_id": firearm_id,
        "recipient_country": to,
        "recipient_basis": basis,
        "recipient_authority": authority,
        "legal_basis": legal_basis,
        "intended_use": intended_use,
        "contact": contact,
    }
    data = parsed(TraceCreate, body, as_json=as_json)
    out = as_user(user, lambda s, a: views.request_out(requests.create_request(s, a, data)))
    _print(out, as_json)


@trace_app.command("show")
@guarded
def trace_show(ref: RefArg, user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """One request with its events and the moves it allows."""
    out = as_user(user, lambda s, a: views.request_out(requests.find_request(s, a, ref)))
    _print(out, as_json)


@trace_app.command("list")
@guarded
def trace_list(
    status: TraceStatus | None = None,
    to: Annotated[str | None, typer.Option("--to")] = None,
    page: int = 1,
    page_size: int = 50,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The trace requests you may see, newest first."""
    size = min(page_size, Settings().page_size_max)
    found = as_user(
        user, lambda s, a: views.list_requests(s, a, status, to, page, size), write=False
    )
    if as_json:
        emit_json(found)
        return
    typer.echo(f"{found.total} demande(s) / request(s); page {found.page}")
    for r in found.items:
        typer.echo(
            f"{r.reference}  [{r.status}]  → {r.recipient_country}  due {r.due_on or '-'}  "
            f"{r.make or '?'} {r.model or ''} n° {r.serial_number or '?'}"
        )


@trace_app.command("move")
@guarded
def trace_move(
    ref: RefArg,
    to: Annotated[
        TraceStatus, typer.Argument(help="sent, acknowledged, declined, no_response, closed")
    ],
    note: Annotated[str | None, typer.Option(help="a note; for declined, the reason")] = None,
    due: DateOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Move a request along its workflow (answers: ``kafo trace answer``)."""
    body = {"to": to, "note": note, "due_on": due.date() if due else None}
    data = parsed(TransitionIn, body, as_json=as_json)
    days = Settings().trace_answer_days
    out = as_user(user, lambda s, a: views.request_out(requests.transition(s, a, ref, data, days)))
    _print(out, as_json)


def _read_json(path: Path, as_json: bool) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"{path}: not a readable JSON file ({exc})", as_json=as_json)


@trace_app.command("answer")
@guarded
def trace_answer(
    ref: RefArg,
    file: Annotated[Path, typer.Argument(help="the answer as JSON: complete, events, conclusion")],
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a counterpart's answer with the firearm's life events."""
    data = parsed(AnswerIn, _read_json(file, as_json), as_json=as_json)
    out = as_user(user, lambda s, a: views.request_out(results.record_answer(s, a, ref, data)))
    _print(out, as_json)


@trace_app.command("document")
@guarded
def trace_document(
    ref: RefArg,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="the PDF to write")] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The bilingual request: PDF (``--output``) and/or JSON (``--json``)."""
    doc = as_user(user, lambda s, a: requests.request_document(s, a, ref))
    if output is not None:
        output.write_bytes(pdf_bytes(doc))
    if as_json:
        emit_json(document_json(doc))
    elif output is not None:
        typer.echo(f"{doc.reference}: {output}")
    else:
        fail("give --output FILE.pdf, --json, or both", as_json=False)


@trace_app.command("follow-up")
@guarded
def trace_follow_up(today: DateOpt = None, user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """Remind and escalate overdue requests; list those due within a week."""
    settings = Settings()
    deadlines = Deadlines(settings.trace_reminder_days, settings.trace_escalation_days)
    done = as_user(
        user,
        lambda s, a: followup.follow_up(s, a, deadlines, today.date() if today else None),
    )
    if as_json:
        emit_json(done)
        return
    typer.echo(f"{done.today}: {done.reminded} relance(s), {done.escalated} escalade(s)")
    for act in done.actions:
        what = act.action or "due soon"
        typer.echo(
            f"  {act.reference} → {act.recipient_country}  {what}  due {act.due_on} "
            f"({act.days_overdue} day(s) overdue)"
        )


@trace_app.command("stats")
@guarded
def trace_stats(year: int | None = None, user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """Per counterpart country: response rate and median days to answer."""
    found = as_user(user, lambda s, a: followup.counterpart_stats(s, a, year), write=False)
    if as_json:
        emit_json(found)
        return
    for c in found:
        rate = f"{c.response_rate:.0%}" if c.response_rate is not None else "-"
        days = f"{c.median_days_to_answer}" if c.median_days_to_answer is not None else "-"
        typer.echo(
            f"{c.country}: {c.sent} sent, {c.answered} answered ({rate}), median {days} day(s), "
            f"{c.awaiting} awaiting ({c.overdue} overdue), {c.declined} declined"
        )


@trace_app.command("conclude")
@guarded
def trace_conclude(
    firearm_id: uuid.UUID,
    conclusion: TraceConclusion,
    authority: Annotated[str | None, typer.Option(help="the competent authority")] = None,
    basis: Annotated[str | None, typer.Option(help="what the conclusion rests on")] = None,
    events: Annotated[
        Path | None, typer.Option(help="JSON list of life events established")
    ] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a conclusion on a firearm's illicit origin (e.g. established by an authority)."""
    body = {
        "conclusion": conclusion,
        "authority": authority,
        "basis": basis,
        "events": _read_json(events, as_json) if events else [],
    }
    data = parsed(FindingIn, body, as_json=as_json)
    as_user(user, lambda s, a: results.record_finding(s, a, firearm_id, data))
    trace_result(firearm_id, user=user, as_json=as_json)


@trace_app.command("result")
@guarded
def trace_result(firearm_id: uuid.UUID, user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """A firearm's life events, findings and SDG 16.4.2 conclusion."""
    out = as_user(user, lambda s, a: results.trace_result(s, a, firearm_id))
    if as_json:
        emit_json(out)
        return
    typer.echo(f"{out.firearm_id}: {out.conclusion} (ODD/SDG 16.4.2: {out.counts_for_sdg})")
    for e in out.events:
        typer.echo(
            f"  {e.occurred or '?':<10} {e.kind:<18} {e.country or '-'}  {e.place or ''} "
            f"{e.actor or ''}"
        )
