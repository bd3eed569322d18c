"""``kafo identify`` and ``kafo reference``: the firearm reference on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kafo.cli.main import JsonOpt, app, guarded
from kafo.cli.output import emit_json, fail
from kafo.schemas.identify import IdentificationOut, IdentifyIn
from kafo.services import identification

reference_app = typer.Typer(help="Référentiel des armes / firearm reference", no_args_is_help=True)
app.add_typer(reference_app, name="reference")


def _line(out: IdentificationOut) -> str:
    if not out.identified:
        return f"non identifiée / not identified: {out.reason}"
    parts = [
        f"{name}={f.label} ({f.confidence:.2f})"
        for name, f in (
            ("category", out.category),
            ("make", out.make),
            ("model", out.model),
            ("calibre", out.calibre),
            ("country", out.country),
        )
        if f is not None
    ]
    if out.alternatives:
        parts.append("ambiguous: " + " / ".join(a.name for a in out.alternatives))
    return "  ".join(parts)


@app.command("identify")
@guarded
def identify(
    text: Annotated[str | None, typer.Argument(help="the description as written")] = None,
    input_file: Annotated[
        Path | None, typer.Option("--input", help="one description per line")
    ] = None,
    make: str | None = None,
    model: str | None = None,
    calibre: str | None = None,
    markings: str | None = None,
    as_json: JsonOpt = False,
) -> None:
    """Read firearm descriptions into category, make, model, calibre and country."""
    if input_file is not None:
        try:
            lines = input_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            fail(
                f"{input_file}: cannot read it as UTF-8 text ({type(exc).__name__})",
                as_json=as_json,
            )
        outs = [identification.identify_line(line) for line in lines]
    else:
        try:
            item = IdentifyIn(text=text, make=make, model=model, calibre=calibre, markings=markings)
        except ValidationError as exc:
            fail(exc.errors()[0]["msg"], as_json=as_json)
        outs = [identification.identify_one(item)]
    if as_json:
        emit_json(outs if input_file is not None else outs[0])
    else:
        for out in outs:
            typer.echo(_line(out))


@reference_app.command("stats")
@guarded
def stats(as_json: JsonOpt = False) -> None:
    """Counts of the shipped reference tables."""
    counts = identification.stats()
    if as_json:
        emit_json(counts)
    else:
        for key, value in counts.items():
            typer.echo(f"{key}: {value}")


@reference_app.command("calibre")
@guarded
def calibre(notation: str, as_json: JsonOpt = False) -> None:
    """The canonical calibre of a notation ("7,62 court", "cal. 12", "9mm Luger")."""
    found = identification.calibre_of(notation)
    if as_json:
        emit_json(found)
    elif found is None:
        typer.echo("calibre inconnu / unknown calibre")
    else:
        typer.echo(f"{found['canonical']} ({found['key']})")
