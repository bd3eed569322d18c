"""Preparing a node's database: migrations, then the shipped reference data."""

from __future__ import annotations

from sqlalchemy import Engine

from kafo.db import make_session_factory
from kafo.migrate import upgrade
from kafo.services.gazetteer import sync_reference_data


def upgrade_database(engine: Engine) -> dict[str, int]:
    """Migrate to the newest revision and load countries, agencies and places."""
    upgrade(engine)
    with make_session_factory(engine).begin() as session:
        return sync_reference_data(session)
