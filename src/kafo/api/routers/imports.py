"""Spreadsheet import over HTTP: the same importer as ``kafo import``.

Upload one ``.xlsx`` workbook, or one ``.csv`` per sheet named after the
sheet. The answer is the import report; a refused import answers 422 with
the same report, and nothing is written.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from starlette.background import BackgroundTask

from kafo.api.deps import Config, CurrentActor, Db
from kafo.io.workbook import read_files
from kafo.services.imports import ImportRefused, import_seizures, write_import_template
from kafo.services.uow import unit_of_work

router = APIRouter(prefix="/imports", tags=["imports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("", responses={413: {}, 422: {}})
async def import_files(
    files: Annotated[list[UploadFile], File(description=".xlsx, or one .csv per sheet")],
    actor: CurrentActor,
    db: Db,
    settings: Config,
    partial: Annotated[bool, Form()] = False,
    encoding: Annotated[str | None, Form(description="CSV encoding if not UTF-8")] = None,
) -> JSONResponse:
    with tempfile.TemporaryDirectory(prefix="kafo-import-") as tmp:
        paths = []
        for i, upload in enumerate(files):
            # Only the file's own name is kept, never a path the client sent.
            name = PurePath(upload.filename or f"upload-{i}").name or f"upload-{i}"
            path = Path(tmp) / name
            path.write_bytes(await upload.read())
            paths.append(path)
        book = read_files(paths, settings.import_max_bytes, encoding)
        try:
            with unit_of_work(db) as session:
                report = import_seizures(session, actor, book, partial=partial)
        except ImportRefused as refused:
            return JSONResponse(
                {"error": "import_refused", "message": str(refused), **refused.report.as_dict()},
                422,
            )
    return JSONResponse(report.as_dict())


@router.get("/template", response_class=FileResponse)
def template(_actor: CurrentActor, db: Db) -> FileResponse:
    """The XLSX template (French headers, drop-down lists, place codes)."""
    folder = Path(tempfile.mkdtemp(prefix="kafo-template-"))
    with db() as session:
        path = write_import_template(session, folder / "kafo-modele-saisies.xlsx")
    return FileResponse(
        path,
        media_type=XLSX,
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
