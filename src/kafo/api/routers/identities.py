"""Watchlists, screening and identity resolution over HTTP.

``POST /screen`` screens one person, ``POST /screen/batch`` up to 10,000 in
order (a row that cannot be screened carries its own ``error``).
``POST /watchlists/imports`` takes a version of the UN Security Council
Consolidated List (XML) within the request size limit.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile

from kafo.api.deps import CurrentActor, Db
from kafo.model.vocab import Sharing, WatchlistKind
from kafo.schemas.identity import CandidateOut, IdentityOut, JudgementIn, JudgementOut, ResolveOut
from kafo.schemas.watchlist import (
    AlertOut,
    EntryOut,
    ListImportOut,
    RescreenIn,
    RescreenOut,
    ScreenBatchIn,
    ScreenIn,
    ScreenOut,
    WatchlistOut,
)
from kafo.services.identities import lists, resolve, screening, views
from kafo.services.uow import unit_of_work

router = APIRouter(tags=["identities"])


@router.post("/screen", responses={422: {}})
def screen_one(payload: ScreenIn, actor: CurrentActor, db: Db) -> ScreenOut:
    """Is this person on a watchlist? Hits with list, reference, score and why."""
    with unit_of_work(db) as session:
        return screening.screen_one(session, actor, payload)


@router.post("/screen/batch")
def screen_batch(payload: ScreenBatchIn, actor: CurrentActor, db: Db) -> list[ScreenOut]:
    """Up to 10,000 persons, answered in the same order."""
    with unit_of_work(db) as session:
        return screening.screen_many(session, actor, payload.items)


@router.get("/watchlists")
def watchlists(actor: CurrentActor, db: Db) -> list[WatchlistOut]:
    with db() as session:
        return views.list_watchlists(session, actor)


@router.post("/watchlists/imports", responses={403: {}, 413: {}, 422: {}})
def import_watchlist(
    file: Annotated[UploadFile, File(description="the UN list (.xml) or a list in CSV (.csv)")],
    actor: CurrentActor,
    db: Db,
    name: Annotated[str | None, Form(max_length=120)] = None,
    kind: Annotated[WatchlistKind | None, Form()] = None,
    sharing: Annotated[Sharing | None, Form()] = None,
    operation: Annotated[str | None, Form(max_length=40)] = None,
) -> ListImportOut:
    """Import a version of a list: entries listed, updated, de-listed, re-listed.
    A CSV list needs its ``name``."""
    with tempfile.TemporaryDirectory(prefix="kafo-watchlist-") as tmp:
        path = Path(tmp) / (PurePath(file.filename or "list.xml").name or "list.xml")
        with path.open("wb") as handle:
            shutil.copyfileobj(file.file, handle)
        with unit_of_work(db) as session:
            done = lists.import_watchlist(
                session, actor, path, name=name, kind=kind, sharing=sharing, operation=operation
            )
    return ListImportOut(**vars(done))


@router.get("/watchlists/entries/{reference}", responses={404: {}})
def watchlist_entry(
    reference: str,
    actor: CurrentActor,
    db: Db,
    watchlist: Annotated[str | None, Query(alias="list", max_length=120)] = None,
) -> EntryOut:
    """One listed entry with its history (listed, updated, de-listed, re-listed)."""
    with unit_of_work(db) as session:
        return views.get_entry(session, actor, reference, watchlist)


@router.get("/screening/alerts")
def alerts(
    actor: CurrentActor,
    db: Db,
    person_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=1_000)] = 100,
) -> list[AlertOut]:
    """Recorded persons who hit a listed entry, newest first."""
    with unit_of_work(db) as session:
        return views.list_alerts(session, actor, person_id=person_id, limit=limit)


@router.post("/screening/rescreen", responses={403: {}})
def rescreen(payload: RescreenIn, actor: CurrentActor, db: Db) -> RescreenOut:
    """Screen your country's recorded persons again, against the lists as they are now."""
    with unit_of_work(db) as session:
        return screening.rescreen(session, actor, payload.since)


@router.get("/persons/{person_id}/candidates", responses={404: {}})
def person_candidates(person_id: uuid.UUID, actor: CurrentActor, db: Db) -> list[CandidateOut]:
    """Records proposed as, or judged, the same individual, with the evidence."""
    with unit_of_work(db) as session:
        return resolve.candidates(session, actor, person_id)


@router.post("/identities/judgements", status_code=201, responses={403: {}, 404: {}, 422: {}})
def judge(payload: JudgementIn, actor: CurrentActor, db: Db) -> JudgementOut:
    """Confirm (same), reject (different) or withdraw a link between two records."""
    with unit_of_work(db) as session:
        return resolve.judge(session, actor, payload)


@router.post("/identities/resolve", responses={403: {}})
def resolve_persons(actor: CurrentActor, db: Db) -> ResolveOut:
    """Resolve every person record you may see; proposed links are replaced."""
    with unit_of_work(db) as session:
        return resolve.resolve_persons(session, actor)


@router.get("/identities")
def identities(actor: CurrentActor, db: Db) -> list[IdentityOut]:
    """Groups of records taken to be one individual (links and judgements)."""
    with db() as session:
        return resolve.identity_groups(session, actor)
