"""``kafo network``: networks, neighbourhoods, paths, key actors, timelines, exports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from kafo.cli.context import as_user
from kafo.cli.main import JsonOpt, UserOpt, app, guarded
from kafo.cli.output import emit_json
from kafo.io.graph_export import FORMATS
from kafo.schemas.network import GraphOut
from kafo.services.network import analyses, export, routes
from kafo.services.network.views import Filters

network_app = typer.Typer(help="Analyse de liens / link analysis", no_args_is_help=True)
app.add_typer(network_app, name="network")
EntityArg = Annotated[
    str, typer.Argument(help="person:<id>, seizure:<id>, a record id, or a phone number")
]
SinceOpt = Annotated[datetime | None, typer.Option("--since", formats=["%Y-%m-%d"])]
UntilOpt = Annotated[datetime | None, typer.Option("--until", formats=["%Y-%m-%d"])]
CountryOpt = Annotated[list[str] | None, typer.Option("--country", help="ISO code; repeat")]
KindOpt = Annotated[list[str] | None, typer.Option("--kind", help="link kind; repeat")]


def _filters(
    since: datetime | None,
    until: datetime | None,
    country: list[str] | None,
    kind: list[str] | None,
) -> Filters:
    return Filters(
        kinds=tuple(kind or ()),
        since=since.date() if since else None,
        until=until.date() if until else None,
        countries=tuple(c.upper() for c in country or ()),
    )


def _print_graph(out: GraphOut) -> None:
    typer.echo(f"{len(out.nodes)} entités / entities, {len(out.edges)} liens / links")
    labels = {n.key: f"{n.kind} {n.label}" for n in out.nodes}
    for e in out.edges:
        when = f" {e.date}" if e.date else ""
        detail = f" ({e.detail})" if e.detail else ""
        typer.echo(f"  {labels[e.source]} –{e.kind}{detail}{when}→ {labels[e.target]}")


@network_app.command("networks")
@guarded
def network_networks(
    cross_border: Annotated[bool, typer.Option(help="only networks spanning countries")] = False,
    other_crime: Annotated[
        bool, typer.Option(help="only networks with watchlist hits, explosives or other goods")
    ] = False,
    min_size: int = 3,
    limit: int = 50,
    members: Annotated[bool, typer.Option("--members/--no-members")] = True,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    kind: KindOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Connected networks, cross-border ones first."""
    filters = _filters(since, until, country, kind)
    out = as_user(
        user,
        lambda s, a: analyses.networks(
            s,
            a,
            filters,
            cross_border_only=cross_border,
            other_crime_only=other_crime,
            min_size=min_size,
            limit=limit,
            with_members=members,
        ),
    )
    if as_json:
        emit_json(out)
        return
    typer.echo(
        f"{out.networks} réseaux / networks, {out.cross_border} transfrontaliers / cross-border"
    )
    for n in out.items:
        typer.echo(
            f"#{n.rank} {n.size} entités, {n.persons} personnes, {n.seizures} saisies, "
            f"{'/'.join(n.countries) or '-'}  {n.first or ''}…{n.last or ''}  "
            f"{', '.join(n.other_crime)}"
        )
        if n.route:
            typer.echo(f"   route: {' → '.join(n.route)}")


@network_app.command("around")
@guarded
def network_around(
    name: EntityArg,
    hops: Annotated[int, typer.Option(min=1, max=4)] = 2,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    kind: KindOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The network around an entity, ``--hops`` deep."""
    filters = _filters(since, until, country, kind)
    out = as_user(user, lambda s, a: analyses.around(s, a, name, hops, filters))
    emit_json(out) if as_json else _print_graph(out)


@network_app.command("path")
@guarded
def network_path(
    a: EntityArg,
    b: EntityArg,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    kind: KindOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The shortest explained path between two entities."""
    filters = _filters(since, until, country, kind)
    out = as_user(user, lambda s, actor: analyses.path(s, actor, a, b, filters))
    emit_json(out) if as_json else typer.echo(out.explanation)


@network_app.command("actors")
@guarded
def network_actors(
    limit: int = 25,
    samples: Annotated[int, typer.Option(min=1, help="betweenness sources sampled")] = 200,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    kind: KindOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Key actors: betweenness (sampled, with its error bound), degree, countries reached."""
    filters = _filters(since, until, country, kind)
    out = as_user(user, lambda s, a: analyses.actors(s, a, filters, limit, samples))
    if as_json:
        emit_json(out)
        return
    typer.echo(f"{out.sampled_sources} sources, ε = {out.error_bound}")
    for x in out.items:
        typer.echo(
            f"  {x.node.kind} {x.node.label}: betweenness {x.betweenness}, degree {x.degree}, "
            f"{'/'.join(x.countries)}"
        )


@network_app.command("timeline")
@guarded
def network_timeline(
    name: EntityArg,
    since: SinceOpt = None,
    until: UntilOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The dated links of the network holding an entity, oldest first."""
    filters = _filters(since, until, None, None)
    out = as_user(user, lambda s, a: analyses.timeline(s, a, name, filters))
    if as_json:
        emit_json(out)
        return
    for e in out:
        typer.echo(f"{e.date}  {e.source.label} –{e.kind}→ {e.target.label}")


@network_app.command("routes")
@guarded
def network_routes(
    limit: int = 50,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Corridors: declared origin – place of seizure – declared destination, busiest first."""
    filters = _filters(since, until, country, None)
    found = as_user(user, lambda s, a: routes.routes(s, a, filters, limit), write=False)
    if as_json:
        emit_json(found)
        return
    for r in found:
        typer.echo(
            f"{' – '.join(r.stops)}: {r.seizures} saisie(s), {r.firearms} arme(s), "
            f"{r.first}…{r.last}"
        )


@network_app.command("export")
@guarded
def network_export(
    fmt: Annotated[str, typer.Option("--format", help=" | ".join(FORMATS))],
    output: Annotated[Path, typer.Option("--output", "-o", help="the folder to write")],
    around: Annotated[str | None, typer.Option(help="only the network around this entity")] = None,
    hops: Annotated[int, typer.Option(min=1, max=4)] = 2,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    kind: KindOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write the graph you may see for i2 (CSV), Gephi (GraphML, GEXF) or as JSON."""
    filters = _filters(since, until, country, kind)
    done = as_user(user, lambda s, a: export.export(s, a, fmt, output, filters, around, hops))
    if as_json:
        emit_json(vars(done))
        return
    typer.echo(f"{done.nodes} entités, {done.edges} liens → {', '.join(done.files)}")
