"""Statistical reports as JSON or XLSX."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from sqlalchemy.orm import Session, sessionmaker

from kafo.api.deps import CurrentActor, Db
from kafo.io.report_book import Report, report_json, write_xlsx
from kafo.services.actor import Actor
from kafo.services.statistics import reports
from kafo.services.uow import unit_of_work

router = APIRouter(prefix="/reports", tags=["reports"])
Country = Annotated[str, Query(min_length=2, max_length=2, description="your country's ISO code")]
Year = Annotated[int, Query(ge=1990, le=2100)]
Format = Annotated[Literal["json", "xlsx"], Query(alias="format")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, XLSX: {}}},
    403: {},
    404: {},
}


def _answer(
    db: sessionmaker[Session],
    actor: Actor,
    make: Callable[[Session, Actor], Report],
    fmt: str,
    name: str,
) -> Response | dict[str, Any]:
    with unit_of_work(db) as session:
        report = make(session, actor)
    if fmt == "json":
        return report_json(report)
    buffer = io.BytesIO()
    write_xlsx(report, buffer)
    headers = {"Content-Disposition": f'attachment; filename="{name}.xlsx"'}
    return Response(buffer.getvalue(), media_type=XLSX, headers=headers)


@router.get("/iafq", responses=FILES)
def iafq(country: Country, year: Year, actor: CurrentActor, db: Db, fmt: Format = "json") -> Any:
    """Your country's IAFQ tables for a year; the JSON lists each cell's records."""
    make = partial(reports.iafq_report, country=country, year=year)
    return _answer(db, actor, make, fmt, f"iafq-{country.upper()}-{year}")


@router.get("/sdg-16-4-2", responses=FILES)
def sdg(country: Country, year: Year, actor: CurrentActor, db: Db, fmt: Format = "json") -> Any:
    """SDG indicator 16.4.2 with its disaggregations."""
    make = partial(reports.sdg_report, country=country, year=year)
    return _answer(db, actor, make, fmt, f"odd-16-4-2-{country.upper()}-{year}")


@router.get("/operations/{code}", responses=FILES)
def operation(code: str, actor: CurrentActor, db: Db, fmt: Format = "json") -> Any:
    """An operation's consolidated results: no record ids, no personal data."""
    make = partial(reports.operation_report, code=code)
    return _answer(db, actor, make, fmt, f"operation-{code}")
