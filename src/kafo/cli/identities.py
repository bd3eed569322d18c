"""``kafo watchlist`` and ``kafo screen``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kafo.cli.context import as_user
from kafo.cli.main import JsonOpt, SinceOpt, UserOpt, app, guarded
from kafo.cli.output import emit_json, fail
from kafo.io.person_csv import read_person_csv
from kafo.model.vocab import ListedSubject, Sharing, WatchlistKind
from kafo.schemas.watchlist import ScreenIn, ScreenOut
from kafo.services.identities import lists, screening, views

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
    done = as_user(
        user,
        lambda s, actor: lists.import_watchlist(
            s, actor, file, name=name, kind=kind, sharing=sharing, operation=operation
        ),
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
    found = as_user(user, views.list_watchlists, write=False)
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
    entry = as_user(user, lambda s, actor: views.get_entry(s, actor, reference, watchlist))
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
    found = as_user(user, lambda s, actor: views.list_alerts(s, actor, limit=limit))
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
    since: SinceOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Screen your country's recorded persons again (after a list was imported)."""
    done = as_user(
        user, lambda s, actor: screening.rescreen(s, actor, since.date() if since else None)
    )
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
    entity: Annotated[
        bool, typer.Option("--entity", help="screen a group or company against listed entities")
    ] = False,
    input_file: Annotated[
        Path | None, typer.Option("--input", help="a person-records CSV: screen every row")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="country for phone numbers written without +")
    ] = None,
    limit: int = 5,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Screen a person, or every row of a CSV file, against the watchlists."""
    if (name is None) == (input_file is None):
        fail("give --name or --input (one of them)", as_json=as_json)
    if input_file is not None:
        rows = read_person_csv(input_file, default_region=region)
        found = as_user(user, lambda s, actor: screening.screen_rows(s, actor, rows, limit))
        if as_json:
            emit_json(found)
        else:
            typer.echo("\n".join(_screen_lines(out) for out in found))
        return
    try:
        item = ScreenIn(
            name=name,
            date_of_birth=dob,
            nationality=nationality or [],
            document=document or [],
            subject=ListedSubject.ENTITY if entity else ListedSubject.INDIVIDUAL,
            limit=limit,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        fail(f"{'.'.join(map(str, err['loc']))}: {err['msg']}", as_json=as_json)
    out = as_user(user, lambda s, actor: screening.screen_one(s, actor, item))
    if as_json:
        emit_json(out)
    else:
        typer.echo(_screen_lines(out))
