"""Printing results: JSON for machines, short text for people, and a
progress display that falls back to plain lines when not on a terminal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

err = Console(stderr=True)


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def emit_json(value: Any) -> None:
    typer.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2, default=str))


M = TypeVar("M", bound=BaseModel)


def parsed(model: type[M], data: object, *, as_json: bool) -> M:
    """Input read by its schema, or one clear error naming each field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = [f"{'.'.join(map(str, e['loc'])) or '(input)'}: {e['msg']}" for e in exc.errors()]
        fail("invalid input", as_json=as_json, details=details)


def fail(
    message: str, *, as_json: bool, code: int = 1, details: list[str] | None = None
) -> NoReturn:
    if as_json:
        emit_json({"error": message, "errors": details or []})
    else:
        err.print(f"[red]erreur / error:[/red] {message}", highlight=False)
        for line in details or []:
            err.print(f"  - {line}", highlight=False, markup=False)
    raise typer.Exit(code)


@contextmanager
def progress(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """Yield an ``advance(n)`` callback: a bar on a terminal, else a line per 10%."""
    if err.is_terminal:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task(label, total=total)
            yield lambda n: bar.advance(task, n)
        return
    done = 0
    step = max(1, (total or 1000) // 10)
    next_report = step

    def advance(n: int) -> None:
        nonlocal done, next_report
        done += n
        if done >= next_report:
            print(f"{label}: {done}/{total if total is not None else '?'}", file=sys.stderr)
            next_report += step

    yield advance


def print_report(report: Any, counts: str, as_json: bool, shown: int = 200) -> None:
    """An import report: JSON, or one line of counts and the first errors."""
    if as_json:
        emit_json(report.as_dict())
        return
    state = "importé / imported" if report.committed else "RIEN importé / NOTHING imported"
    typer.echo(f"{state}: {counts}")
    for e in report.errors[:shown]:
        typer.echo(f"  - {e}")
    if len(report.errors) > shown:
        typer.echo(f"  … {len(report.errors) - shown} more (use --json for all)")
