"""Watchlists and screening over HTTP.

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
from kafo.io.workbook import FileRejected
from kafo.model.vocab import Sharing
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
from kafo.services.errors import Invalid
from kafo.services.identities import lists, screening, views
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
    file: Annotated[UploadFile, File(description="the UN Consolidated List, XML")],
    actor: CurrentActor,
    db: Db,
    name: Annotated[str, Form(max_length=120)] = lists.UN_LIST_NAME,
    sharing: Annotated[Sharing | None, Form()] = None,
) -> ListImportOut:
    """Import a version of a list: entries listed, updated, de-listed, re-listed."""
    with tempfile.TemporaryDirectory(prefix="kafo-watchlist-") as tmp:
        path = Path(tmp) / (PurePath(file.filename or "list.xml").name or "list.xml")
        with path.open("wb") as handle:
            shutil.copyfileobj(file.file, handle)
        try:
            with unit_of_work(db) as session:
                done = lists.import_un_list(session, actor, path, name=name, sharing=sharing)
        except FileRejected as exc:
            raise Invalid(f"file: {exc}") from None
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
