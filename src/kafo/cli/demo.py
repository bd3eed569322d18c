"""``kafo demo``: build the synthetic operation and serve it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kafo.cli.main import JsonOpt, app, guarded
from kafo.cli.output import emit_json, progress
from kafo.settings import Settings


@app.command("demo")
@guarded
def demo(
    seed: Annotated[int, typer.Option(help="same seed, same data")] = 7,
    seizures: Annotated[int, typer.Option(min=100, max=100_000)] = 400,
    path: Annotated[Path | None, typer.Option(help="demo database file")] = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
    host: str = "127.0.0.1",
    port: int = 8000,
    as_json: JsonOpt = False,
) -> None:
    """Build a KAFO-like week at real border posts, then serve the API."""
    from kafo.demo.run import build_demo

    settings = Settings()
    db_path = path or settings.data_dir / "demo" / "kafo-demo.db"
    with progress("demo", seizures) as advance:
        result = build_demo(db_path, seed=seed, seizures=seizures, progress=advance)
    if as_json:
        emit_json(result.summary)
    else:
        t = result.summary["totals"]
        typer.echo(
            f"démo / demo: {t['seizures']} saisies, {t['firearms']} armes, "
            f"{t['rounds']} cartouches, {t['person_records']} personnes, "
            f"{t['places']} lieux"
        )
        c = result.summary["checks"]
        typer.echo(
            f"registres / registries: {c['registry_records']} fiches; "
            f"vérifications / checks: {c['serial_hits']} concordances, "
            f"{c['notifications']} notifications"
        )
        w, i = result.summary["screening"], result.summary["identities"]
        typer.echo(
            f"listes / watchlists: {w['alerts']} alertes; {w['wanted_identities_alerted']} "
            f"des {w['wanted_identities']} personnes recherchées retrouvées / wanted found"
        )
        typer.echo(
            f"identités / identities: {i['links']} liens, précision / precision "
            f"{i['precision']}, rappel / recall {i['recall']} ({i['resolved_by']})"
        )
        tr, rep = result.summary["tracing"], result.summary["reports"]
        typer.echo(
            f"traçage / tracing: {tr['requests']} demandes {tr['outcomes']}, "
            f"{tr['established_by_authority']} origines établies / established"
        )
        if tr["example"]:
            ex = tr["example"]
            typer.echo(f"  exemple / example: {ex['request']} ({ex['conclusion']}) {ex['pdf']}")
        if "case" in result.summary:
            case = result.summary["case"]
            typer.echo(
                f"  dossier / case file: {case['reference']} [{case['status']}], "
                f"{case['custody_entries']} mouvements de scellé / custody entries"
            )
        sdg = ", ".join(
            f"{c} {f['numerator']}/{f['denominator']}" for c, f in rep["sdg_16_4_2"].items()
        )
        typer.echo(f"ODD / SDG 16.4.2: {sdg}")
        typer.echo(f"rapports / reports: {rep['iafq_ml']}, {rep['operation']}")
        net = result.summary["networks"]
        typer.echo(
            f"réseaux / networks: {net['recovered']} des {net['planted_cross_border']} réseaux "
            f"transfrontaliers plantés retrouvés / planted cross-border networks recovered "
            f"({net['analyst']})"
        )
        typer.echo(f"base / database: {result.database_url}")
        typer.echo(f"vérité terrain / ground truth: {result.truth_path}")
        typer.echo(f"jetons / API tokens: {result.tokens_path}")
    if not serve:
        return
    import uvicorn

    from kafo.api import create_app

    served = Settings(database_url=result.database_url, data_dir=settings.data_dir)
    typer.echo(f"API: http://{host}:{port}  (docs: http://{host}:{port}/docs)", err=True)
    uvicorn.run(create_app(served), host=host, port=port)
