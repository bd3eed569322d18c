"""``kafo persons``: identity resolution over the recorded persons or a CSV
file, analysts' judgements, and the identities they make."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from kafo.cli.context import as_user
from kafo.cli.main import JsonOpt, UserOpt, app, guarded
from kafo.cli.output import emit_json, fail
from kafo.model.vocab import Judgement
from kafo.schemas.identity import IdentityOut, JudgementIn
from kafo.services.identities import resolve

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


def _resolve_file(
    input_file: Path, output: Path | None, region: str | None, workers: int, as_json: bool
) -> None:
    done = resolve.resolve_file(input_file, output=output, region=region, workers=workers)
    if as_json:
        emit_json(done)
        return
    typer.echo(
        f"{done.records} records, {done.links} links, {done.identities} identities of two "
        f"records or more ({done.seconds} s)" + (f"; links written to {output}" if output else "")
    )


@persons_app.command("resolve")
@guarded
def persons_resolve(
    input_file: Annotated[
        Path | None, typer.Option("--input", help="resolve a person-records CSV instead")
    ] = None,
    output: Annotated[Path | None, typer.Option(help="with --input: write the links CSV")] = None,
    region: Annotated[
        str | None, typer.Option(help="with --input: country of phones written without +")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="processes comparing names")] = 1,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Find the person records (all seizures, all countries you may see) that
    are one individual; proposed links are stored for analysts to judge.
    With --input, resolve a CSV file instead (nothing is stored)."""
    if input_file is not None:
        _resolve_file(input_file, output, region, workers, as_json)
        return
    if output is not None:
        fail(
            "--output goes with --input (stored records' links are in the database)",
            as_json=as_json,
        )
    done = as_user(user, lambda s, actor: resolve.resolve_persons(s, actor, workers=workers))
    if as_json:
        emit_json(done)
        return
    typer.echo(
        f"{done.persons} person record(s) ({done.unreadable} without a readable name), "
        f"{done.candidate_pairs} candidate pair(s), {done.links} link(s), "
        f"{done.possible} possible link(s) to judge, "
        f"{done.identities} identities of two records or more, {done.seconds} s"
    )
    typer.echo(_identity_lines(done.groups))


@persons_app.command("identities")
@guarded
def persons_identities(user: UserOpt = None, as_json: JsonOpt = False) -> None:
    """Identities as links and judgements make them now."""
    groups = as_user(user, resolve.identity_groups, write=False)
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
    found = as_user(user, lambda s, actor: resolve.candidates(s, actor, person_id))
    if as_json:
        emit_json(found)
        return
    for c in found:
        score = f"{c.score:.2f}" if c.score is not None else "  - "
        judged = f"  [{c.judgement} by {c.judged_by}]" if c.judgement else ""
        kind = "  (possible: names only)" if c.corroborated is False else ""
        typer.echo(
            f"{score}  {c.person.owner_country} {c.person.id}  {c.person.name}{kind}{judged}"
        )
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
    out = as_user(user, lambda s, actor: resolve.judge(s, actor, data))
    if as_json:
        emit_json(out)
    else:
        when = f"{out.at:%Y-%m-%d %H:%M}Z"
        typer.echo(f"{out.decision}: {out.person_a} / {out.person_b} ({out.username}, {when})")
