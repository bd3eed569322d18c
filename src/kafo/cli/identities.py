"""``kafo watchlist``, ``kafo screen`` and ``kafo persons``."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kafo.cli.context import node
from kafo.cli.main import JsonOpt, UserOpt, app, guarded
from kafo.cli.output import emit_json, fail
from kafo.model.vocab import Judgement, Sharing, WatchlistKind
from kafo.schemas.identity import IdentityOut, JudgementIn
from kafo.schemas.watchlist import ScreenIn, ScreenOut
from kafo.services.identities import lists, resolve, screening, views
from kafo.services.uow import unit_of_work

watchlist_app = typer.Typer(help="Listes de surveillance / watchlists", no_args_is_help=True)
app.add_typer(watchlist_app, name="watchlist")


@watchlist_app.command("import")
@guarded
def watchlist_import(
    file: Annotated[Path, typer.Argument(help="the UN Consolidated List (.xml) or a list (.csv)")],
    name: Annotated[
        str | None, typer.Option(help="the list's name (required for a CSV list)")
    ] = None,
    kind: Annotated[
        WatchlistKind | None, typer.Option(help="for a CSV list: wanted (default) or other")
    ] = None,
    sharing: Annotated[
        Sharing | None, typer.Option(help="who sees the list (first import only)")
    ] = None,
    operation: Annotated[
        str | None, typer.Option(help="the operation's code, for --sharing operation")
    ] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a version of a watchlist: new, changed and de-listed entries are recorded."""
    if not file.is_file():
        fail(f"{file}: no such file", as_json=as_json)
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            done = lists.import_watchlist(
                s, actor, file, name=name, kind=kind, sharing=sharing, operation=operation
            )
    if as_json:
        emit_json(vars(done))
        return
    typer.echo(
        f"{done.name} ({done.generated or 'undated'}): {done.entries} entries; "
        f"{done.listed} listed, {done.updated} updated, {done.delisted} de-listed, "
        f"{done.relisted} re-listed, {done.unchanged} unchanged"
    )


@watchlist_app.command("list")
@guarded
def watchlist_list(user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """The watchlists you can screen against."""
    with node() as n:
        actor = n.actor(user)
        with n.sessions() as s:
            found = views.list_watchlists(s, actor)
    if as_json:
        emit_json(found)
        return
    for w in found:
        typer.echo(
            f"{w.name}  ({w.owner_country}, {w.sharing})  {w.listed} listed, "
            f"{w.delisted} de-listed  version {w.revision}, {w.generated or 'undated'}"
        )


@watchlist_app.command("show")
@guarded
def watchlist_show(
    reference: Annotated[str, typer.Argument(help="the entry's reference, e.g. QDi.001")],
    watchlist: Annotated[str | None, typer.Option("--list", help="the list's name")] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One listed entry with its history."""
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            entry = views.get_entry(s, actor, reference, watchlist)
    if as_json:
        emit_json(entry)
        return
    typer.echo(f"{entry.reference}  {entry.name}  [{entry.status}]  {entry.watchlist}")
    for written, quality in entry.names[1:]:
        typer.echo(f"  alias ({quality}): {written}")
    for h in entry.history:
        typer.echo(f"  {h.at:%Y-%m-%d}  {h.change}  ({h.file_name})")


@watchlist_app.command("alerts")
@guarded
def watchlist_alerts(limit: int = 100, user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """Recorded persons who hit a listed entry, newest first."""
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            found = views.list_alerts(s, actor, limit=limit)
    if as_json:
        emit_json(found)
        return
    for a in found:
        typer.echo(
            f"{a.created_at:%Y-%m-%d}  {a.person_name} ({a.person_owner})  → {a.reference} "
            f"{a.matched_name}  {a.score:.2f}  [{a.entry_status}]"
        )


@watchlist_app.command("rescreen")
@guarded
def watchlist_rescreen(
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="seizures from this date on")
    ] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Screen your country's recorded persons again (after a list was imported)."""
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            done = screening.rescreen(s, actor, since.date() if since else None)
    if as_json:
        emit_json(done)
        return
    typer.echo(
        f"{done.persons} person(s), {done.screened} screened, {done.unscreenable} without a "
        f"readable name: {done.alerts} alert(s), {done.new_alerts} new"
    )


def _screen_lines(out: ScreenOut) -> str:
    head = f"{out.id + ' ' if out.id else ''}{out.name}: "
    if out.error:
        return head + out.error
    lines = [head + f"{len(out.hits)} hit(s)"]
    for h in out.hits:
        lines.append(
            f"  {h.score:.2f}  {h.reference} {h.listed_name} ({h.watchlist}) "
            f"via '{h.matched_name}' [{h.quality}]: " + "; ".join(h.explanation)
        )
    return "\n".join(lines)


@app.command("screen")
@guarded
def screen(
    name: Annotated[str | None, typer.Option(help="the name, as written")] = None,
    dob: Annotated[str | None, typer.Option(help="date of birth, e.g. 1985, 'vers 1985'")] = None,
    nationality: Annotated[list[str] | None, typer.Option(help="country code or name")] = None,
    document: Annotated[list[str] | None, typer.Option(help="identity-document number")] = None,
    limit: int = 5,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Screen a person against the watchlists (UN Security Council list, wanted lists)."""
    if name is None:
        fail("give --name", as_json=as_json)
    try:
        item = ScreenIn(
            name=name,
            date_of_birth=dob,
            nationality=nationality or [],
            document=document or [],
            limit=limit,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        fail(f"{'.'.join(map(str, err['loc']))}: {err['msg']}", as_json=as_json)
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            out = screening.screen_one(s, actor, item)
    if as_json:
        emit_json(out)
    else:
        typer.echo(_screen_lines(out))


persons_app = typer.Typer(help="Personnes et identités / persons and identities")
app.add_typer(persons_app, name="persons", no_args_is_help=True)


def _identity_lines(groups: list[IdentityOut]) -> str:
    lines = []
    for g in groups:
        flag = f"  ({g.conflicts} pair(s) judged different)" if g.conflicts else ""
        lines.append(f"{g.key}  {len(g.persons)} records, {', '.join(g.countries)}{flag}")
        lines += [
            f"  {p.owner_country} {p.id}  {p.name}  {p.date_of_birth or ''}" for p in g.persons
        ]
    return "\n".join(lines)


@persons_app.command("resolve")
@guarded
def persons_resolve(
    workers: Annotated[int, typer.Option(min=1, max=64, help="processes comparing names")] = 1,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Find the person records (all seizures, all countries you may see) that
    are one individual; proposed links are stored for analysts to judge."""
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            done = resolve.resolve_persons(s, actor, workers=workers)
    if as_json:
        emit_json(done)
        return
    typer.echo(
        f"{done.persons} person record(s) ({done.unreadable} without a readable name), "
        f"{done.candidate_pairs} candidate pair(s), {done.links} link(s), "
        f"{done.identities} identities of two records or more, {done.seconds} s"
    )
    typer.echo(_identity_lines(done.groups))


@persons_app.command("identities")
@guarded
def persons_identities(user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """Identities as links and judgements make them now."""
    with node() as n:
        actor = n.actor(user)
        with n.sessions() as s:
            groups = resolve.identity_groups(s, actor)
    if as_json:
        emit_json(groups)
    else:
        typer.echo(_identity_lines(groups))


@persons_app.command("candidates")
@guarded
def persons_candidates(
    person_id: uuid.UUID, user: UserOpt = None, as_json: JsonOpt = False
) -> None:
    """Records proposed as, or judged, the same individual as this one."""
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            found = resolve.candidates(s, actor, person_id)
    if as_json:
        emit_json(found)
        return
    for c in found:
        score = f"{c.score:.2f}" if c.score is not None else "  - "
        judged = f"  [{c.judgement} by {c.judged_by}]" if c.judgement else ""
        typer.echo(f"{score}  {c.person.owner_country} {c.person.id}  {c.person.name}{judged}")
        typer.echo("      " + "; ".join(c.explanation))


@persons_app.command("judge")
@guarded
def persons_judge(
    person_id: uuid.UUID,
    other_person_id: uuid.UUID,
    decision: Annotated[Judgement, typer.Option(help="same, different or withdrawn")],
    note: Annotated[str | None, typer.Option(help="why")] = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Judge a link between two person records (kept with your name and the time)."""
    try:
        data = JudgementIn(
            person_id=person_id, other_person_id=other_person_id, decision=decision, note=note
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        fail(f"{'.'.join(map(str, err['loc']))}: {err['msg']}", as_json=as_json)
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            out = resolve.judge(s, actor, data)
    if as_json:
        emit_json(out)
    else:
        when = f"{out.at:%Y-%m-%d %H:%M}Z"
        typer.echo(f"{out.decision}: {out.person_a} / {out.person_b} ({out.username}, {when})")
