"""Writing registry rows in bulk, below the ORM.

Registries arrive by the million, so new rows are written as tuples with
the driver's own bulk path: ``executemany`` on SQLite (with a larger page
cache for the import, as index pages are touched in serial order, not
insertion order), ``COPY`` on PostgreSQL. Values are encoded once per
import where they repeat (the user, the time) and per row only where they
differ (the id, the dates). Changed rows (a re-imported reference with
other content) go through an ordinary Core UPDATE: they are few.

Every new or changed record also gets a row in the serial log
(``serial_changes``), from which each process's in-memory serial index
catches up once the import is committed. The import's own session does not
search them before then (it runs no checks).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session

from kafo.db import postgres
from kafo.model.registry import RegistryRecord, SerialChange
from kafo.services.changelog import txid

RECORD_COLUMNS = (
    "id",
    "owner_country",
    "sharing",
    "version",
    "content_hash",
    "created_by",
    "created_at",
    "updated_at",
    "kind",
    "agency_code",
    "contact",
    "source",
    "source_ref",
    "make",
    "model",
    "calibre",
    "serial_number",
    "serial_canonical",
    "serial_skeleton",
    "std_category",
    "std_make",
    "std_model",
    "std_calibre",
    "std_country",
    "std_confidence",
    "std_version",
    "reported_on",
    "reported_place",
    "status",
    "notes",
)
LOG_COLUMNS = ("source", "item_id", "txid")
IMPORT_CACHE_KIB = 256 * 1024  # SQLite page cache during an import
ANALYZE_AFTER = 10_000  # rows written by one import before statistics are refreshed


@dataclass
class Writer:
    """Buffers rows of one import and writes them in batches."""

    session: Session
    new: list[tuple[Any, ...]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    logged: list[tuple[Any, ...]] = field(default_factory=list)  # serial log rows

    def __post_init__(self) -> None:
        connection = self.session.connection()
        self.dialect = connection.dialect
        self.postgres = postgres(connection)
        if not self.postgres:
            connection.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
        table = cast(Table, RegistryRecord.__table__)
        self._date = self._processor(table, "reported_on")
        self.txid = txid(self.session)

    def add_new(self, fields: dict[str, Any], **identity: Any) -> None:
        """Queue a new record: its fields, its id and who recorded it when.
        The driver's date form is applied here; ``sharing`` starts national."""
        row = {**fields, **identity, "sharing": "national", "version": 1}
        row["reported_on"] = self.day(row["reported_on"])
        self.new.append(tuple(row[c] for c in RECORD_COLUMNS))
        self.logged.append(("r", row["id"], self.txid))

    def add_changed(self, fields: dict[str, Any], item_id: uuid.UUID, **stamps: Any) -> None:
        """Queue an update of an existing record (version + 1)."""
        self.changed.append({**fields, **stamps, "_id": item_id})
        self.logged.append(("r", self.item_id(item_id.int), self.txid))

    def close(self, written: int) -> None:
        """Write what is left, refresh PostgreSQL's statistics after a large
        load (its planner would otherwise guess the new tables' sizes), and
        give SQLite's connection its usual page cache back."""
        self.flush()
        connection = self.session.connection()
        if self.postgres:
            if written >= ANALYZE_AFTER:
                connection.exec_driver_sql("ANALYZE registry_records")
                connection.exec_driver_sql("ANALYZE serial_changes")
        else:
            connection.exec_driver_sql("PRAGMA cache_size=-2000")

    def _processor(self, table: Table, column: str) -> Callable[[Any], Any]:
        proc = table.c[column].type.bind_processor(self.dialect)
        return proc if proc is not None else (lambda v: v)

    def encode_once(self, column: str, value: Any) -> Any:
        """A value repeated on every row, encoded for the driver."""
        return self._processor(cast(Table, RegistryRecord.__table__), column)(value)

    def item_id(self, n: int) -> str:
        """The driver's form of a new id: hex on SQLite, text on PostgreSQL."""
        return str(uuid.UUID(int=n)) if self.postgres else f"{n:032x}"

    def day(self, value: date | None) -> Any:
        return None if value is None else self._date(value)

    def flush(self) -> None:
        s = self.session
        if self.new:
            self._insert(cast(Table, RegistryRecord.__table__), RECORD_COLUMNS, self.new)
        if self.changed:
            table = cast(Table, RegistryRecord.__table__)
            s.execute(
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values(version=table.c.version + 1),
                self.changed,
            )
        if self.logged:
            self._insert(cast(Table, SerialChange.__table__), LOG_COLUMNS, self.logged)
        self.new, self.changed, self.logged = [], [], []

    def _insert(self, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        raw = self.session.connection().connection.driver_connection
        names = ", ".join(columns)
        cursor = raw.cursor()  # type: ignore[union-attr]
        try:
            if self.postgres:
                with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                # Table and column names are this module's constants, never input.
                sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, rows)
        finally:
            cursor.close()
