"""Engine and session creation, and the dialect helpers.

SQLite is the embedded default (a border-post laptop, the demo, the tests):
WAL journal, ``synchronous=FULL`` and foreign keys on every connection.
PostgreSQL serves national and regional nodes. Both run the same migrations.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, String, cast, create_engine, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always returns them aware.

    SQLite has no time zone type, so the value is normalised to naive UTC on
    the way in and tagged UTC on the way out; PostgreSQL keeps ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder and pragmas."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def postgres(conn: Connection | Session) -> bool:
    """Whether ``conn`` (or the session's bind) talks to PostgreSQL."""
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    return bind.dialect.name == "postgresql"


def snapshot(conn: Connection) -> Connection:
    """``conn``, reading one consistent state of the database until its
    transaction ends (for a reading made of many queries). PostgreSQL:
    repeatable read; SQLite: an explicit transaction (the driver starts
    none for reads, and each query would see the latest commit)."""
    if postgres(conn):
        return conn.execution_options(isolation_level="REPEATABLE READ")
    conn.exec_driver_sql("BEGIN")
    return conn


def as_text(column: Any) -> Any:
    """A column read as text (an id, an enumeration): for readings of
    millions of rows, where a uuid or enum object per value would cost more
    than the rest of the reading."""
    return cast(column, String)


_cursor_names = itertools.count(1)


def driver_rows(conn: Connection, query: Any, batch: int = 50_000) -> Iterator[list[Any]]:
    """The rows of ``query`` as the database driver gives them (tuples, no
    SQLAlchemy type processing: for queries of text and numbers), in
    batches; on PostgreSQL through a server-side cursor, so that millions
    of rows are never held at once."""
    compiled = query.compile(dialect=conn.dialect)
    driver = conn.connection.driver_connection
    assert driver is not None
    if postgres(conn):
        cursor = driver.cursor(name=f"kafo_rows_{next(_cursor_names)}")
        cursor.execute(str(compiled), compiled.params)
    else:
        params = [compiled.params[k] for k in compiled.positiontup or ()]
        cursor = driver.cursor()
        cursor.execute(str(compiled), params)
    try:
        while rows := cursor.fetchmany(batch):
            yield rows
    finally:
        cursor.close()
