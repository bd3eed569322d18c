"""``kafo report``: IAFQ tables, SDG 16.4.2 and an operation's results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from kafo.cli.context import as_user
from kafo.cli.main import JsonOpt, UserOpt, app, guarded
from kafo.cli.output import emit_json
from kafo.io.report_book import Report, report_json, write_xlsx
from kafo.services.actor import Actor
from kafo.services.statistics import reports

report_app = typer.Typer(
    help="Statistiques / statistics (IAFQ, ODD/SDG 16.4.2)", no_args_is_help=True
)
app.add_typer(report_app, name="report")
CountryOpt = Annotated[str, typer.Option(help="ISO code of your country, e.g. ML")]
YearOpt = Annotated[int, typer.Option(min=1990, max=2100)]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="write the tables as XLSX")]


def _emit(
    user: str | None,
    make: Callable[[Session, Actor], Report],
    output: Path | None,
    as_json: bool,
) -> None:
    report = as_user(user, make)
    if output is not None:
        write_xlsx(report, output)
    if as_json:
        emit_json(report_json(report))
        return
    if output is not None:
        typer.echo(f"{report.fr} / {report.en}: {output}")
    for table in report.tables:
        typer.echo(f"\n{table.fr} / {table.en}")
        names = [c.key for c in table.columns]
        typer.echo("  " + " | ".join(["", *names]))
        for row in table.rows:
            values = [row.cells[c].value if c in row.cells else None for c in names]
            shown = ["-" if v is None else str(v) for v in values]
            typer.echo(f"  {row.fr}: " + " | ".join(shown))


@report_app.command("iafq")
@guarded
def report_iafq(
    country: CountryOpt,
    year: YearOpt,
    output: OutputOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Your country's IAFQ tables for a year (JSON lists the records of each cell)."""
    _emit(user, lambda s, a: reports.iafq_report(s, a, country, year), output, as_json)


@report_app.command("sdg-16-4-2")
@guarded
def report_sdg(
    country: CountryOpt,
    year: YearOpt,
    output: OutputOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """SDG indicator 16.4.2 with its disaggregations."""
    _emit(user, lambda s, a: reports.sdg_report(s, a, country, year), output, as_json)


@report_app.command("operation")
@guarded
def report_operation(
    code: str, output: OutputOpt = None, user: UserOpt = None, as_json: JsonOpt = False
) -> None:
    """An operation's consolidated results (no record ids, no personal data)."""
    _emit(user, lambda s, a: reports.operation_report(s, a, code), output, as_json)
