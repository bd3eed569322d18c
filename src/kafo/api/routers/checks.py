"""Record checks, hit notifications and registry records over HTTP.

``POST /checks`` checks one serial, ``POST /checks/batch`` up to 10,000 in
order (a row whose serial cannot be searched carries its own ``error``).
``POST /registry/imports`` takes one registry file of the request size limit;
larger registries go through ``kafo registry import``, which streams.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import asdict
from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import JSONResponse

from kafo.api.deps import Config, CurrentActor, Db
from kafo.model.vocab import RegistryKind
from kafo.schemas.checks import (
    BatchOut,
    CheckBatchIn,
    CheckIn,
    CheckOut,
    NotificationOut,
    RecheckIn,
    RecheckOut,
    RegistryRecordOut,
)
from kafo.services import notifications, registry
from kafo.services.checks import batches, seized
from kafo.services.checks.service import check, check_many
from kafo.services.registry import RegistryImportRefused, import_registry
from kafo.services.uow import unit_of_work

router = APIRouter(tags=["checks"])


@router.post("/checks", responses={422: {}})
def check_one(payload: CheckIn, actor: CurrentActor, db: Db) -> CheckOut:
    """Is this serial recorded? Ranked, explained hits; owners are notified."""
    with unit_of_work(db) as session:
        return check(session, actor, payload)


@router.post("/checks/batch")
def check_batch(payload: CheckBatchIn, actor: CurrentActor, db: Db) -> list[CheckOut]:
    """Up to 10,000 checks, answered in the same order."""
    with unit_of_work(db) as session:
        return check_many(session, actor, payload.items)


@router.post("/checks/seizures", responses={403: {}, 422: {}})
def recheck_seizures(payload: RecheckIn, actor: CurrentActor, db: Db) -> RecheckOut:
    """Check your country's recorded seizures again, against the registries
    as they are now (stored hits are replaced; new hits notify owners)."""
    with unit_of_work(db) as session:
        done = seized.recheck(session, actor, payload.since)
        return RecheckOut(**asdict(done))


@router.get("/checks/batches")
def probable_batches(
    actor: CurrentActor,
    db: Db,
    window: Annotated[int, Query(ge=1, le=10_000)] = batches.DEFAULT_WINDOW,
    limit: Annotated[int, Query(ge=1, le=1_000)] = 100,
) -> list[BatchOut]:
    """Probable batches linking seizures of several countries, or a seizure to a registry."""
    with unit_of_work(db) as session:
        return batches.find_batches(session, actor, window=window, limit=limit)


@router.get("/notifications")
def inbox(
    actor: CurrentActor,
    db: Db,
    unseen: bool = False,
    limit: Annotated[int, Query(ge=1, le=1_000)] = 100,
) -> list[NotificationOut]:
    """Hits on your country's records found by other countries' checks."""
    with db() as session:
        return notifications.inbox(session, actor, unseen=unseen, limit=limit)


@router.post("/notifications/{notification_id}/seen", responses={404: {}})
def seen(notification_id: uuid.UUID, actor: CurrentActor, db: Db) -> NotificationOut:
    with unit_of_work(db) as session:
        return notifications.mark_seen(session, actor, notification_id)


@router.post("/registry/imports", responses={413: {}, 422: {}})
def import_file(
    file: Annotated[UploadFile, File(description="one .csv or .xlsx registry file")],
    source: Annotated[str, Form(description="name of the source (register, inventory)")],
    actor: CurrentActor,
    db: Db,
    settings: Config,
    kind: Annotated[RegistryKind | None, Form()] = None,
    partial: Annotated[bool, Form()] = False,
    encoding: Annotated[str | None, Form()] = None,
) -> JSONResponse:
    with tempfile.TemporaryDirectory(prefix="kafo-registry-") as tmp:
        name = PurePath(file.filename or "registry.csv").name or "registry.csv"
        path = Path(tmp) / name
        with path.open("wb") as handle:
            shutil.copyfileobj(file.file, handle)
        try:
            with unit_of_work(db) as session:
                report = import_registry(
                    session,
                    actor,
                    path,
                    source=source,
                    kind=kind,
                    max_bytes=settings.registry_import_max_bytes,
                    encoding=encoding,
                    partial=partial,
                )
        except RegistryImportRefused as refused:
            return JSONResponse(
                {"error": "import_refused", "message": str(refused), **refused.report.as_dict()},
                422,
            )
    return JSONResponse(report.as_dict())


@router.get("/registry/{record_id}", responses={404: {}})
def registry_record(record_id: uuid.UUID, actor: CurrentActor, db: Db) -> RegistryRecordOut:
    with unit_of_work(db) as session:
        return registry.view(registry.get_record(session, actor, record_id))
