"""Dependencies, injected through ``Annotated`` aliases.

The session factory and settings live on ``app.state`` (set by
:func:`kafo.api.app.create_app`), so nothing is created at import time.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from kafo.services.actor import Actor
from kafo.services.errors import NotFound
from kafo.services.users import authenticate
from kafo.settings import Settings

_bearer = HTTPBearer(auto_error=False, description="API token issued by `kafo users add`")


def _factory(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


Db = Annotated[sessionmaker[Session], Depends(_factory)]
Config = Annotated[Settings, Depends(_settings)]


def _actor(
    db: Db, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Actor:
    if credentials is None:
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    with db() as session:
        try:
            return authenticate(session, credentials.credentials)
        except NotFound:
            raise HTTPException(
                401, "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"}
            ) from None


CurrentActor = Annotated[Actor, Depends(_actor)]
