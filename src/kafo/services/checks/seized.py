"""The automatic check of every seized firearm.

When a seizure is recorded (by the API, the CLI or an import) or updated,
its firearms' serials are indexed and checked against the registries and
against every other seized firearm: the same weapon seen twice is a link
between two seizures. Hits are stored on the firearm; hits on another
country's records notify that country.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.orm import Session

from kafo.matching.serial_search import SerialQueryError, read_query
from kafo.model.registry import SerialHit
from kafo.model.seizure import Firearm, Seizure
from kafo.model.vocab import SerialSource
from kafo.schemas.checks import CheckIn
from kafo.services.actor import Actor
from kafo.services.checks import index
from kafo.services.checks.service import Job, run_many

HITS_KEPT = 50  # per firearm, best first


def indexed_serials(seizure: Seizure) -> list[uuid.UUID]:
    """The ids of a seizure's firearms, to unindex before a replace."""
    return [f.id for f in seizure.firearms]


def after_save(
    session: Session,
    actor: Actor,
    seizures: Iterable[Seizure],
    replaced: Iterable[uuid.UUID] = (),
) -> None:
    """Index the seizures' serials (dropping ``replaced``) and check them."""
    seizures = list(seizures)
    session.flush()  # the index reads the firearms through the session
    index.changed(
        session,
        SerialSource.FIREARM,
        [*replaced, *(f.id for s in seizures for f in s.firearms if f.serial_skeleton)],
    )
    jobs: list[Job] = []
    firearms: list[Firearm] = []
    for seizure in seizures:
        own = frozenset(f.id for f in seizure.firearms)
        for firearm in seizure.firearms:
            if not firearm.serial_number:
                continue
            try:
                query = read_query(firearm.serial_number)
            except SerialQueryError:
                continue  # nothing searchable ("illisible", a lone '*')
            item = CheckIn.model_construct(
                serial=firearm.serial_number,
                make=firearm.make,
                model=firearm.model,
                calibre=firearm.calibre,
                country=firearm.country_of_manufacture,
                max_edits=None,
                limit=HITS_KEPT,
                sources=["registry", "seizures"],
                id=None,
            )
            jobs.append(Job(item, query, f"seizure {seizure.id}", own))
            firearms.append(firearm)
    for firearm, checked in zip(firearms, run_many(session, actor, jobs), strict=True):
        session.add_all(
            SerialHit(
                firearm_id=firearm.id,
                target_source=match.source,
                target_id=match.item_id,
                target_owner=match.owner,
                match_kind=match.kind,
                edits=match.edits,
                score=score,
                explanation="; ".join(checked.explain((score, match))),
            )
            for score, match in checked.ranked[:HITS_KEPT]
        )
