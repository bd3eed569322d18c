"""Alembic environment: runs the committed revisions against the engine
given in the config attributes (or the URL in the config)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import kafo.model
from kafo.db import make_engine

target_metadata = kafo.model.Base.metadata
config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
