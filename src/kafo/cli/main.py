"""``kafo``: set up a node, manage users, import and list seizures, run the demo.

Every command that returns data takes ``--json``. Errors are one clear line
(or a JSON object), never a stack trace, and exit non-zero.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from kafo.cli.context import node
from kafo.cli.output import emit_json, fail, print_report, progress
from kafo.io.workbook import FileRejected, read_files
from kafo.model.vocab import FirearmCategory, Role
from kafo.schemas.reference import OperationCreate
from kafo.services import operations, register, users
from kafo.services.errors import DomainError, Invalid
from kafo.services.imports import (
    ImportRefused,
    ImportReport,
    import_seizures,
    write_import_template,
)
from kafo.services.setup import upgrade_database
from kafo.services.uow import unit_of_work

app = typer.Typer(
    help="kafo — registre des saisies / seizure register",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Base de données / database", no_args_is_help=True)
users_app = typer.Typer(help="Utilisateurs / users", no_args_is_help=True)
units_app = typer.Typer(help="Unités / units", no_args_is_help=True)
ops_app = typer.Typer(help="Opérations / operations", no_args_is_help=True)
seizures_app = typer.Typer(help="Saisies / seizures", no_args_is_help=True)
for sub, name in (
    (db_app, "db"),
    (users_app, "users"),
    (units_app, "units"),
    (ops_app, "operations"),
    (seizures_app, "seizures"),
):
    app.add_typer(sub, name=name)

JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON")]
UserOpt = Annotated[str | None, typer.Option("--user", envvar="KAFO_USER", help="acting user")]
SinceOpt = Annotated[
    datetime | None, typer.Option(formats=["%Y-%m-%d"], help="seizures from this date on")
]
P = ParamSpec("P")
R = TypeVar("R")


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Turn domain and database errors into one clear message and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        as_json = bool(kwargs.get("as_json", False))
        try:
            return func(*args, **kwargs)
        except Invalid as exc:
            fail(str(exc), as_json=as_json, details=[f"{e.where}: {e.message}" for e in exc.errors])
        except DomainError as exc:
            fail(str(exc), as_json=as_json)
        except FileRejected as exc:
            fail(str(exc), as_json=as_json, details=[str(e) for e in exc.errors])
        except (OperationalError, ProgrammingError) as exc:
            fail(
                f"database error: {exc.orig or exc}. Has 'kafo db upgrade' been run?",
                as_json=as_json,
            )
        except IntegrityError as exc:
            fail(f"database refused the change: {exc.orig or exc}", as_json=as_json)

    return wrapper


@db_app.command("upgrade")
@guarded
def db_upgrade(as_json: JsonOpt = False) -> None:
    """Migrate the database to the newest revision and load reference data."""
    with node() as n:
        counts = upgrade_database(n.engine)
        url = n.engine.url.render_as_string(hide_password=True)
    if as_json:
        emit_json({"database": url, "reference_rows_changed": counts})
    else:
        typer.echo(f"{url}: à jour / up to date ({counts})")


@units_app.command("add")
@guarded
def units_add(
    code: str,
    agency: Annotated[str, typer.Option(help="agency code, e.g. ml-douanes")],
    country: Annotated[str, typer.Option(help="ISO alpha-2")],
    name: Annotated[str | None, typer.Option()] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a unit of an agency in a country."""
    with node() as n, unit_of_work(n.sessions) as s:
        unit = users.add_unit(s, code, name or code, agency, country)
        out = {"code": unit.code, "agency": unit.agency_code, "country": unit.country}
    emit_json(out) if as_json else typer.echo(f"unit {out['code']} ({out['country']})")


@users_app.command("add")
@guarded
def users_add(
    username: str,
    unit: Annotated[str, typer.Option(help="unit code")],
    role: Annotated[Role, typer.Option()] = Role.FIELD_OFFICER,
    name: Annotated[str | None, typer.Option(help="display name")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a user and print their API token (shown only this once)."""
    with node() as n, unit_of_work(n.sessions) as s:
        user, token = users.add_user(s, username, unit, role, name)
        out = {
            "username": user.username,
            "unit": user.unit_code,
            "country": user.unit.country,
            "role": user.role.value,
            "token": token,
        }
    if as_json:
        emit_json(out)
    else:
        typer.echo(f"user {out['username']} ({out['country']}, {out['role']})")
        typer.echo(f"token (shown once): {token}")


@users_app.command("token")
@guarded
def users_token(username: str, label: str = "cli", as_json: JsonOpt = False) -> None:
    """Issue another API token for a user."""
    with node() as n, unit_of_work(n.sessions) as s:
        user = users.find_user(s, username)
        token = users.issue_token(s, user, label)
    emit_json({"username": username, "token": token}) if as_json else typer.echo(token)


@users_app.command("revoke")
@guarded
def users_revoke(username: str, as_json: JsonOpt = False) -> None:
    """Revoke every token of a user (a lost laptop, a transfer)."""
    with node() as n, unit_of_work(n.sessions) as s:
        revoked = users.revoke_tokens(s, username)
    out = {"username": username, "revoked": revoked}
    emit_json(out) if as_json else typer.echo(f"{revoked} token(s) revoked for {username}")


@ops_app.command("add")
@guarded
def operations_add(
    code: str,
    name: Annotated[str, typer.Option()],
    starts_on: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"])],
    ends_on: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"])],
    countries: Annotated[str, typer.Option(help="comma-separated ISO codes")],
    partners: Annotated[str, typer.Option(help="comma-separated agency codes")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Create a joint operation (as the node's administrator)."""
    data = OperationCreate(
        code=code,
        name=name,
        starts_on=starts_on.date(),
        ends_on=ends_on.date(),
        countries=[c for c in countries.split(",") if c],
        partners=[p for p in partners.split(",") if p],
    )
    with node() as n, unit_of_work(n.sessions) as s:
        out = operations.create_operation(s, None, data)
    emit_json(out) if as_json else typer.echo(f"operation {out.code} created")


@app.command("template")
@guarded
def template(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("kafo-modele-saisies.xlsx"),
    as_json: JsonOpt = False,
) -> None:
    """Write the XLSX import template (French headers; English accepted)."""
    with node() as n, n.sessions() as s:
        path = write_import_template(s, output)
    emit_json({"template": str(path)}) if as_json else typer.echo(f"template: {path}")


def _print_report(report: ImportReport, as_json: bool) -> None:
    counts = f"created {report.created}, unchanged {report.unchanged}, rejected {report.rejected}"
    print_report(report, counts, as_json)


@app.command("import")
@guarded
def import_(
    files: Annotated[list[Path], typer.Argument(help="an .xlsx workbook, or one .csv per sheet")],
    user: UserOpt = None,
    partial: Annotated[
        bool, typer.Option(help="import the valid seizures even if some rows are rejected")
    ] = False,
    encoding: Annotated[
        str | None, typer.Option(help="CSV encoding if not UTF-8, e.g. cp1252")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Validate and import seizures from the template format."""
    with node() as n:
        actor = n.actor(user)
        book = read_files(files, n.settings.import_max_bytes, encoding)
        seizures = len(book.rows["seizures"])
        try:
            with progress("import", seizures) as advance, unit_of_work(n.sessions) as s:
                report = import_seizures(s, actor, book, partial=partial, progress=advance)
        except ImportRefused as refused:
            _print_report(refused.report, as_json)
            raise typer.Exit(1) from None
    _print_report(report, as_json)


@seizures_app.command("list")
@guarded
def seizures_list(
    user: UserOpt = None,
    operation: str | None = None,
    country: str | None = None,
    place: str | None = None,
    occurred_from: Annotated[datetime | None, typer.Option("--from")] = None,
    occurred_to: Annotated[datetime | None, typer.Option("--to")] = None,
    category: Annotated[FirearmCategory | None, typer.Option("--firearm-category")] = None,
    page: int = 1,
    page_size: int = 50,
    as_json: JsonOpt = False,
) -> None:
    """List the seizures the user may see, newest first."""
    f = register.SeizureFilter(operation, country, place, occurred_from, occurred_to, category)
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            result = register.list_seizures(
                s, actor, f, page, min(page_size, n.settings.page_size_max)
            )
    if as_json:
        emit_json(result)
        return
    typer.echo(f"{result.total} saisie(s); page {result.page}")
    for it in result.items:
        typer.echo(
            f"{it.occurred_at:%Y-%m-%d %H:%M}Z  {it.owner_country}  {it.reference or '-':<20} "
            f"{it.place or '-':<22} armes={it.firearms} cartouches={it.rounds} "
            f"personnes={it.persons}"
        )


@seizures_app.command("show")
@guarded
def seizures_show(seizure_id: uuid.UUID, user: UserOpt = None, as_json: JsonOpt = True) -> None:
    """Show one seizure with its items, people and vehicles (JSON)."""
    with node() as n:
        actor = n.actor(user)
        with unit_of_work(n.sessions) as s:
            emit_json(register.get_seizure(s, actor, seizure_id))


@app.command("serve")
def serve(host: str | None = None, port: int | None = None) -> None:
    """Serve the HTTP API (docs at /docs)."""
    import uvicorn

    from kafo.api import create_app
    from kafo.settings import Settings

    settings = Settings()
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


def main() -> None:
    app()


# Commands defined in their own modules register themselves on ``app``.
import kafo.cli.cases  # noqa: E402
import kafo.cli.checks  # noqa: E402
import kafo.cli.demo  # noqa: E402
import kafo.cli.identities  # noqa: E402
import kafo.cli.network  # noqa: E402
import kafo.cli.persons  # noqa: E402
import kafo.cli.reference  # noqa: E402
import kafo.cli.reports  # noqa: E402
import kafo.cli.tracing  # noqa: E402, F401
