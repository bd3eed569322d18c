"""What every command needs: settings, the database, and the acting user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kafo.db import make_engine, make_session_factory
from kafo.services.actor import Actor
from kafo.services.uow import unit_of_work
from kafo.services.users import acting_user
from kafo.settings import Settings


@dataclass
class Node:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    def actor(self, username: str | None) -> Actor:
        with self.sessions() as session:
            return acting_user(session, username)


@contextmanager
def node(settings: Settings | None = None) -> Iterator[Node]:
    settings = settings or Settings()
    engine = make_engine(settings.effective_database_url)
    try:
        yield Node(settings, engine, make_session_factory(engine))
    finally:
        engine.dispose()


R = TypeVar("R")


def as_user(user: str | None, work: Callable[[Session, Actor], R], *, write: bool = True) -> R:
    """Run ``work`` as ``user`` in one transaction (``write``) or a read-only session."""
    with node() as n:
        actor = n.actor(user)
        if not write:
            with n.sessions() as session:
                return work(session, actor)
        with unit_of_work(n.sessions) as session:
            return work(session, actor)
