"""The command line against the test database, as a fresh shell would run it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner


@pytest.fixture
def cli(
    database_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    monkeypatch.setenv("KAFO_DATABASE_URL", database_url)
    monkeypatch.setenv("KAFO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KAFO_USER", raising=False)
    return CliRunner()
