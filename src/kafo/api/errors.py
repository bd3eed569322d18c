"""One error shape for every failure, and never a stack trace.

``{"error": kind, "message": text, "errors": [{"loc": "a.b.0", "message": ...}]}``.
The input value is never echoed back: it may be 5,000 characters of junk or
personal data.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kafo.io.workbook import FileRejected
from kafo.services.errors import Conflict, DomainError, FieldError, Forbidden, Invalid, NotFound

log = logging.getLogger("kafo.api")

STATUS = {NotFound: 404, Forbidden: 403, Conflict: 409, Invalid: 422}


def body(kind: str, message: str, errors: Sequence[FieldError] = ()) -> dict[str, Any]:
    return {
        "error": kind,
        "message": message,
        "errors": [{"loc": e.where, "message": e.message} for e in errors],
    }


def _validation_errors(exc: RequestValidationError) -> list[FieldError]:
    out = []
    for err in exc.errors():
        loc = tuple(p for p in err.get("loc", ()) if p not in ("body",))
        # Pydantic names the failing union/function member in the path; keep
        # the field path a user recognises.
        loc = tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
        out.append(FieldError(loc, str(err.get("msg", "invalid"))))
    return out


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_request: Request, exc: DomainError) -> JSONResponse:
        status = STATUS.get(type(exc), 400)
        errors = exc.errors if isinstance(exc, Invalid) else []
        return JSONResponse(body(type(exc).__name__.lower(), str(exc), errors), status)

    @app.exception_handler(FileRejected)
    async def _file(_request: Request, exc: FileRejected) -> JSONResponse:
        # A file that cannot be read, or rows that cannot: nothing was kept.
        located = [
            FieldError((f"line {e.row}" if e.row else e.sheet, e.column or "row"), e.message)
            for e in exc.errors
        ]
        return JSONResponse(body("invalid", str(exc), located), 422)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        return JSONResponse(body("invalid", "the request is not valid", errors), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(body("http", str(exc.detail)), exc.status_code, headers=exc.headers)

    @app.exception_handler(IntegrityError)
    async def _integrity(_request: Request, exc: IntegrityError) -> JSONResponse:
        # Two requests racing for the same id or reference: the loser is told
        # plainly, without the database's own message.
        log.info("integrity conflict: %s", exc.orig)
        return JSONResponse(
            body("conflict", "the change conflicts with a record stored meanwhile; retry"), 409
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse(body("internal", "internal error; it has been logged"), 500)
