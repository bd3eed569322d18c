"""Typed settings, read once from ``KAFO_*`` environment variables.

Nothing reads the environment at import time: callers build a :class:`Settings`
and pass it down, so tests and the CLI can run several configurations in one
process. Every field is documented in ``docs/settings.md``.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("kafo", appauthor=False))


class Settings(BaseSettings):
    """Runtime configuration of one kafo node."""

    model_config = SettingsConfigDict(env_prefix="KAFO_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    import_max_bytes: int = Field(default=32 * 1024 * 1024, gt=0)
    registry_import_max_bytes: int = Field(default=4 * 1024**3, gt=0)
    check_batch_max_rows: int = Field(default=1_000_000, gt=0)
    page_size_max: int = Field(default=500, gt=0)
    trace_answer_days: int = Field(default=30, gt=0)
    trace_reminder_days: int = Field(default=14, gt=0)
    trace_escalation_days: int = Field(default=30, ge=0)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, gt=0, lt=65536)

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or the embedded SQLite file under ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'kafo.db'}"
