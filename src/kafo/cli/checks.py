"""``kafo registry``, ``kafo check`` and ``kafo notifications``."""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from itertools import chain
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from kafo.cli.context import node
from kafo.cli.main import JsonOpt, SinceOpt, UserOpt, app, guarded
from kafo.cli.output import emit_json, fail, print_report, progress, to_jsonable
from kafo.model.vocab import RegistryKind
from kafo.schemas.checks import CheckIn, CheckOut
from kafo.services import notifications, registry
from kafo.services.actor import Actor
from kafo.services.checks import batches, seized
from kafo.services.checks.service import check, check_many, refused
from kafo.services.registry import RegistryImportRefused, RegistryImportReport, import_registry
from kafo.services.uow import unit_of_work

registry_app = typer.Typer(help="Registres d'armes / firearm registries", no_args_is_help=True)
check_app = typer.Typer(help="Vérifications / record checks", no_args_is_help=True)
notes_app = typer.Typer(help="Notifications de concordance / hit notifications")
app.add_typer(registry_app, name="registry")
app.add_typer(check_app, name="check")
app.add_typer(notes_app, name="notifications", no_args_is_help=True)

BATCH_CHUNK = 1_000  # checks per transaction in a batch file
BATCH_COLUMNS = ("id", "serial", "make", "model", "calibre", "country")


def _print_report(report: RegistryImportReport, as_json: bool) -> None:
    counts = (
        f"{report.source}: created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}, rejected {report.rejected}"
    )
    print_report(report, counts, as_json)


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


@registry_app.command("import")
@guarded
def registry_import(
    file: Annotated[Path, typer.Argument(help="a .csv file or an .xlsx workbook")],
    source: Annotated[str, typer.Option(help="name of the source, e.g. 'ML armes volées'")],
    kind: Annotated[
        RegistryKind | None, typer.Option(help="kind of every row without a 'type' column")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="owner country (must be yours)")] = None,
    user: UserOpt = None,
    partial: Annotated[bool, typer.Option(help="keep the valid rows if some are rejected")] = False,
    encoding: Annotated[str | None, typer.Option(help="CSV encoding if not UTF-8")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a registry (lost, stolen, trafficked, national, stockpile, transfer)."""
    with node() as n:
        actor = n.actor(user)
        total = _count_lines(file) if file.suffix.lower() in (".csv", ".txt") else None
        try:
            with progress("registry", total) as advance, unit_of_work(n.sessions) as s:
                report = import_registry(
                    s,
                    actor,
                    file,
                    source=source,
                    kind=kind,
                    owner=owner,
                    max_bytes=n.settings.registry_import_max_bytes,
                    encoding=encoding,
                    partial=partial,
                    progress=advance,
                )
        except RegistryImportRefused as refused:
            _print_report(refused.report, as_json)
            raise typer.Exit(1) from None
    _print_report(report, as_json)


@registry_app.command("show")
@guarded
def registry_show(record_id: uuid.UUID, user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """One registry record."""
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            out = registry.view(registry.get_record(s, actor, record_id))
    if as_json:
        emit_json(out)
    else:
        typer.echo(
            f"{out.id}  {out.owner_country}  {out.kind}  {out.status}  {out.serial_number}  "
            f"{out.make or '-'} {out.model or '-'} {out.calibre or '-'}  ({out.source})"
        )


@registry_app.command("sources")
@guarded
def registry_sources(user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """Registry sources you can see, with their record counts."""
    with node() as n:
        actor = n.actor(user)
        with n.sessions() as s:
            rows = registry.sources(s, actor)
    if as_json:
        emit_json([{"owner_country": o, "source": src, "records": c} for o, src, c in rows])
    else:
        for o, src, c in rows:
            typer.echo(f"{o}  {c:>10,}  {src}")


def _hit_line(out: CheckOut) -> str:
    if out.error:
        return f"{out.id or ''} {out.serial}: {out.error}".strip()
    head = f"{out.id + ' ' if out.id else ''}{out.serial}: {out.total} hit(s)"
    if out.overflow:
        head += " (too many candidates: add characters)"
    lines = [head]
    for h in out.hits:
        what = "restricted" if h.restricted else (h.record.kind if h.record else "")
        lines.append(
            f"  {h.score:.2f} {h.match_kind:<9} {h.source:<8} {h.owner_country} {what}: "
            + "; ".join(h.explanation)
        )
    return "\n".join(lines)


@check_app.command("serial")
@guarded
def check_serial(
    serial: Annotated[
        str, typer.Argument(help="as marked; '?' one unreadable character, '*' a run")
    ],
    make: str | None = None,
    model: str | None = None,
    calibre: str | None = None,
    country: Annotated[str | None, typer.Option(help="country of manufacture")] = None,
    max_edits: Annotated[int | None, typer.Option(help="0, 1 or 2 (default by length)")] = None,
    limit: int = 20,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check one serial against the registries and the seized firearms."""
    try:
        item = CheckIn(
            serial=serial,
            make=make,
            model=model,
            calibre=calibre,
            country=country,
            max_edits=max_edits,
            limit=limit,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        fail(f"{'.'.join(map(str, err['loc']))}: {err['msg']}", as_json=as_json)
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            out = check(s, actor, item)
    if as_json:
        emit_json(out)
    else:
        typer.echo(_hit_line(out))


def _batch_items(path: Path, as_json: bool) -> Iterator[CheckIn | CheckOut]:
    """Rows of a batch file as checks (or, for a bad row, its refusal)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        fail(f"{path}: {exc.strerror}", as_json=as_json)
    with handle:
        reader = csv.DictReader(handle)
        unknown = [c for c in reader.fieldnames or [] if c not in BATCH_COLUMNS]
        if "serial" not in (reader.fieldnames or []) or unknown:
            fail(
                f"{path.name}: columns must be {', '.join(BATCH_COLUMNS)} ('serial' required)"
                + (f"; unknown: {', '.join(unknown)}" if unknown else ""),
                as_json=as_json,
            )
        try:
            for line, row in enumerate(reader, 2):
                fields = {k: v for k, v in row.items() if k and v not in (None, "")}
                try:
                    yield CheckIn(**fields)
                except ValidationError as exc:
                    err = exc.errors()[0]
                    where = ".".join(map(str, err["loc"]))
                    yield refused(
                        fields.get("id") or f"line {line}",
                        str(fields.get("serial", "")),
                        f"line {line}, {where}: {err['msg']}",
                    )
        except UnicodeDecodeError:
            fail(f"{path.name}: not UTF-8 text", as_json=as_json)
        except csv.Error as exc:
            fail(f"{path.name}: malformed CSV ({exc})", as_json=as_json)


@check_app.command("batch")
@guarded
def check_batch(
    file: Annotated[Path, typer.Argument(help="CSV with columns id, serial, make, model, calibre")],
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check every row of a CSV file; one result per row, in order (streamed)."""
    with node() as n:
        limit = n.settings.check_batch_max_rows
        if not file.is_file():
            fail(f"{file}: no such file", as_json=as_json)
        rows = _count_lines(file) - 1
        if rows > limit:
            fail(
                f"{file.name}: about {rows:,} rows; at most {limit:,} are checked in one run "
                "(KAFO_CHECK_BATCH_MAX_ROWS); split the file",
                as_json=as_json,
            )
        actor = n.actor(user)
        first = True
        if as_json:
            typer.echo("[")
        with progress("checks", rows) as advance:
            chunk: list[CheckIn | CheckOut] = []
            for item in chain(_batch_items(file, as_json), [None]):
                if item is not None:
                    chunk.append(item)
                if chunk and (item is None or len(chunk) >= BATCH_CHUNK):
                    for out in _run_chunk(n.sessions, actor, chunk):
                        text = json.dumps(to_jsonable(out), ensure_ascii=False, default=str)
                        typer.echo(("" if first else ",\n") + text if as_json else _hit_line(out))
                        first = False
                    advance(len(chunk))
                    chunk = []
        if as_json:
            typer.echo("\n]")


def _run_chunk(
    sessions: sessionmaker[Session], actor: Actor, chunk: list[CheckIn | CheckOut]
) -> list[CheckOut]:
    todo = [c for c in chunk if isinstance(c, CheckIn)]
    with unit_of_work(sessions) as s:
        done = iter(check_many(s, actor, todo)) if todo else iter(())
        return [next(done) if isinstance(c, CheckIn) else c for c in chunk]


@check_app.command("seizures")
@guarded
def check_seizures(
    since: SinceOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check your country's recorded seizures again, against the registries
    as they are now (after importing a registry); stored hits are replaced."""
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            done = seized.recheck(s, actor, since.date() if since else None)
    if as_json:
        emit_json(asdict(done))
        return
    typer.echo(
        f"{done.seizures} seizure(s), {done.firearms} firearm(s) checked: "
        f"{done.hits} hit(s) (before: {done.hits_before}), "
        f"{done.notifications} notification(s) sent"
    )


@check_app.command("batches")
@guarded
def check_batches(
    window: Annotated[int, typer.Option(help="largest gap between serial numbers")] = (
        batches.DEFAULT_WINDOW
    ),
    limit: int = 100,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Probable batches linking seizures of several countries, or a seizure to a registry."""
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            found = batches.find_batches(s, actor, window=window, limit=limit)
    if as_json:
        emit_json(found)
        return
    for b in found:
        typer.echo(
            f"{b.model}  {b.prefix}{b.first}{b.suffix} … {b.prefix}{b.last}{b.suffix}  "
            f"{len(b.members)} firearms, {b.seizures} seizure(s), {', '.join(b.countries)}"
            + (f"\n  {b.diversion_hint}" if b.diversion_hint else "")
        )


@notes_app.command("list")
@guarded
def notes_list(
    unseen: bool = False, limit: int = 100, user: UserOpt = None, as_json: JsonOpt = False
) -> None:
    """Hits on your country's records found by other countries' checks."""
    with node() as n:
        actor = n.actor(user)
        with n.sessions() as s:
            found = notifications.inbox(s, actor, unseen=unseen, limit=limit)
    if as_json:
        emit_json(found)
        return
    for x in found:
        typer.echo(
            f"{x.id}  {x.created_at:%Y-%m-%d %H:%M}Z  {x.querying_country or '-'} "
            f"{x.querying_user or '-'}  {x.match_kind}  {x.query_serial}  {x.context}"
            + ("" if x.seen_at else "  [new]")
        )


@notes_app.command("seen")
@guarded
def notes_seen(notification_id: uuid.UUID, user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """Mark a notification as seen (audited)."""
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            out = notifications.mark_seen(s, actor, notification_id)
    if as_json:
        emit_json(out)
    else:
        typer.echo(f"{out.id} seen at {out.seen_at:%Y-%m-%d %H:%M}Z")
