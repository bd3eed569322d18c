"""Shared fixtures: one migrated database per test run, emptied between tests.

``KAFO_DATABASE_URL`` selects the database (PostgreSQL in CI's second pass);
without it the tests use a SQLite file in a temporary folder. Reference data
(countries, agencies, places) is loaded once and kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from kafo.api import create_app
from kafo.db import make_engine, make_session_factory
from kafo.model import Base
from kafo.services.checks import catalogue
from kafo.services.identities import screening
from kafo.services.network import views as network_views
from kafo.settings import Settings
from tests.factories import World

KEEP = {"countries", "agencies", "places"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("KAFO_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'kafo-test.db'}"


def reset_database(engine: Engine) -> None:
    """Drop everything, so the run starts from an empty database."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        Base.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    from kafo.services.setup import upgrade_database

    eng = make_engine(database_url)
    reset_database(eng)
    upgrade_database(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture(autouse=True)
def _empty_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "engine" not in request.fixturenames:
        return
    eng: Engine = request.getfixturevalue("engine")
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEEP]
    with eng.begin() as conn:
        if eng.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(t.name for t in tables) + " CASCADE"))
        else:
            for t in tables:
                conn.execute(t.delete())
    catalogue.forget()  # the tables were emptied without the serial log
    screening.forget()
    network_views.forget()


@pytest.fixture
def settings(database_url: str, tmp_path: Path, engine: Engine) -> Settings:
    return Settings(database_url=database_url, data_dir=tmp_path)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.engine.dispose()


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return World(factory)
