"""What every command needs: settings, the database, and the acting user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from kafo.db import make_engine, make_session_factory
from kafo.model.org import User
from kafo.services.actor import Actor
from kafo.services.errors import NotFound
from kafo.settings import Settings


@dataclass
class Node:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    def actor(self, username: str | None) -> Actor:
        """The user a command acts as: the operator of this node names them."""
        if not username:
            raise NotFound("name the acting user with --user or KAFO_USER")
        with self.sessions() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is None or not user.active:
                raise NotFound(f"no active user '{username}' (create one with 'kafo users add')")
            return Actor.of(user)


@contextmanager
def node(settings: Settings | None = None) -> Iterator[Node]:
    settings = settings or Settings()
    engine = make_engine(settings.effective_database_url)
    try:
        yield Node(settings, engine, make_session_factory(engine))
    finally:
        engine.dispose()
