"""Building the FastAPI application.

``create_app(settings)`` is the only entry point: the engine and session
factory are made here, so importing the package starts nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

import kafo
from kafo.api import errors
from kafo.api.routers import (
    cases,
    checks,
    identify,
    identities,
    imports,
    network,
    reference,
    reports,
    seizures,
    tracing,
)
from kafo.db import make_engine, make_session_factory
from kafo.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = make_engine(settings.effective_database_url)
    # The docs page's scripts and styles ship in a package (fastapi-offline):
    # a border post has no internet, and kafo loads nothing from a CDN.
    app = FastAPIOffline(
        title="kafo",
        version=kafo.__version__,
        description=(
            "Register of seizures for joint cross-border operations against illicit "
            "firearms trafficking. Authenticate with `Authorization: Bearer <token>`."
        ),
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_session_factory(engine)
    errors.install(app)

    @app.middleware("http")
    async def _size_limit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # The limit is enforced on the declared length, so a body is never
        # read past it; a streamed body without a length is refused outright.
        length = request.headers.get("content-length")
        limit = settings.import_max_bytes
        if length is None and "chunked" in request.headers.get("transfer-encoding", ""):
            return JSONResponse(
                errors.body("length_required", "send the body with a Content-Length header"),
                411,
            )
        if length is not None and (not length.isdigit() or int(length) > limit):
            return JSONResponse(
                errors.body(
                    "too_large",
                    f"request body over the limit of {limit} bytes (KAFO_IMPORT_MAX_BYTES)",
                ),
                413,
            )
        return await call_next(request)

    @app.get("/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": kafo.__version__}

    app.include_router(seizures.router)
    app.include_router(reference.router)
    app.include_router(imports.router)
    app.include_router(identify.router)
    app.include_router(checks.router)
    app.include_router(identities.router)
    app.include_router(cases.router)
    app.include_router(tracing.router)
    app.include_router(reports.router)
    app.include_router(network.router)
    return app
