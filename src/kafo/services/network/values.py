"""The values persons share in the link graph: phones and identity documents.

They are most of a national graph's links (a person has several phones and
documents: 2.1 of the 3 million links in the benchmark), and reading them
is plain work: each row is a person and a value. A reading is
*factorized*: each distinct person id and value named once, in the order
first read, and each row kept as the numbers of its two, so the graph
adds the links as arrays.

A whole reading of many of them is done by a process of its own, on the
other core, while the graph's own process reads the records
(:func:`start_apart`, :func:`finish_apart`). It reads the database a
moment later than the graph's snapshot: rows of persons the graph has not
read are left out, and whatever changed in between is in the change log
(the graph's reading starts the log before it reads), so the next query
reads those persons again whole. If the process cannot be had, the
values are read in the graph's own process. The process is spawned (a
fresh interpreter: forking a server with threads is unsafe), and like
every spawned process it imports the program's main module: kafo's entry
points (the ``kafo`` command, the web server, pytest) guard theirs, and a
script that loads the graph must run under ``if __name__ == "__main__"``.
"""

from __future__ import annotations

import logging
import multiprocessing
from array import array
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, String, func, literal_column, select

from kafo.db import as_text, driver_rows, make_engine
from kafo.model.person import IdentityDocument, PhoneNumber

log = logging.getLogger(__name__)

# Phone and document rows from which a whole reading reads them in a
# process of its own (starting one costs about a second of the other core).
APART_AT = 200_000


def _phone(e164: str) -> tuple[str, str, str | None]:
    return f"phone:{e164}", e164, None


def _document(key: str) -> tuple[str, str, str | None]:
    _prefix, kind, country, number = key.split(":", 3)
    return key, f"{kind} {number}", country or None


def _joined(*parts: Any) -> Any:
    """Text columns and constants joined, by the database."""
    joined = None
    for part in parts:
        part = literal_column(f"'{part}'", String) if isinstance(part, str) else part
        joined = part if joined is None else joined + part
    return joined


@dataclass(frozen=True)
class ValueKind:
    """One kind of shared value: its node kind, the edge from a person to
    it, the rows ``(person id, value)``, and the value's node (key, label,
    country) from the value."""

    value: str
    edge: str
    query: Any
    person: Any  # the person id column, to read the values of some persons
    describe: Callable[[str], tuple[str, str, str | None]]


KINDS = (
    ValueKind(
        "phone",
        "uses",
        select(as_text(PhoneNumber.person_id), PhoneNumber.e164),
        PhoneNumber.person_id,
        _phone,
    ),
    ValueKind(
        "document",
        "holds",
        # The document's key as the value: one string hashes faster than three.
        select(
            as_text(IdentityDocument.person_id),
            _joined(
                "document:",
                as_text(IdentityDocument.doc_type),
                ":",
                func.coalesce(IdentityDocument.issuing_country, literal_column("''", String)),
                ":",
                IdentityDocument.number_canonical,
            ),
        ),
        IdentityDocument.person_id,
        _document,
    ),
)


@dataclass
class Reading:
    """Rows of ``(person id, value)``, factorized: the distinct person ids
    and values in the order first read, and each row as the positions of
    its person and value in them (32-bit, as bytes: cheap to send)."""

    persons: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    person_at: bytes = b""
    value_at: bytes = b""


def factorized(batches: Iterable[Sequence[Sequence[Any]]]) -> Reading:
    """:class:`Reading` of batches of rows."""
    persons: dict[str, int] = {}
    values: dict[str, int] = {}
    person_at, value_at = array("i"), array("i")
    for rows in batches:
        # The position is the count before the id is added: new ids number on.
        person_at.extend([persons.setdefault(row[0], len(persons)) for row in rows])
        value_at.extend([values.setdefault(row[1], len(values)) for row in rows])
    return Reading(list(persons), list(values), person_at.tobytes(), value_at.tobytes())


@dataclass
class Apart:
    """What the process of its own read, and its peak memory."""

    readings: dict[str, Reading]
    peak_mb: float


def read_apart(url: str) -> Apart:
    """Every value of each kind, read from the database at ``url`` (run in
    a process of its own)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            readings = {kind.edge: factorized(driver_rows(conn, kind.query)) for kind in KINDS}
    finally:
        engine.dispose()
    return Apart(readings, _peak_mb())


def _peak_mb() -> float:
    """This process's peak resident memory (Linux; 0 elsewhere)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def start_apart(conn: Connection) -> Future[Apart] | None:
    """A whole reading of the values in a process of its own, started, if
    they are many and the database can be reached from another process
    (not an in-memory SQLite database)."""
    url = conn.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    rows = sum(
        conn.execute(select(func.count()).select_from(kind.person.table)).scalar_one()
        for kind in KINDS
    )
    if rows < APART_AT:
        return None
    try:
        executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        future = executor.submit(read_apart, url.render_as_string(hide_password=False))
        executor.shutdown(wait=False)  # its process ends with the reading
    except (OSError, RuntimeError) as error:
        log.warning("graph values read in this process: %s", error)
        return None
    return future


def finish_apart(future: Future[Apart] | None) -> Apart | None:
    """The reading of :func:`start_apart` (None: none started, or it failed,
    and the values are read here)."""
    if future is None:
        return None
    try:
        return future.result()
    except Exception as error:  # the process's failure: read here instead
        log.warning("graph values read in this process: %s", error)
        return None
