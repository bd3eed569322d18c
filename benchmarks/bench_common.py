"""What every benchmark script does the same way: a fresh database, a user
to act as, and the result written to ``benchmarks/out/`` (not committed)."""

from __future__ import annotations

import json
import resource
import threading
from pathlib import Path
from typing import Any

import psutil
import sqlalchemy
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from kafo.db import make_engine
from kafo.model.vocab import Role
from kafo.services import users
from kafo.services.actor import Actor

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
OUT = Path(__file__).parent / "out"


def fresh_database(kind: str, workdir: Path, name: str) -> Engine:
    """An empty database called ``name``: a SQLite file in ``workdir``, or a
    PostgreSQL database dropped and created again."""
    if kind == "sqlite":
        return make_engine(f"sqlite:///{workdir / f'{name}.db'}")
    admin = sqlalchemy.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # The name is the calling script's constant, never input.
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_engine(f"{PG_SERVER}/{name}")


def bench_actor(factory: sessionmaker[Session]) -> Actor:
    """A Malian customs officer, created in the (migrated) database."""
    with factory.begin() as s:
        users.add_unit(s, "bench-unit", "Bench", "ml-douanes", "ML")
        _user, token = users.add_user(s, "bench", "bench-unit", Role.FIELD_OFFICER)
        return users.authenticate(s, token)


def write_result(name: str, result: dict[str, Any]) -> None:
    """Print the result and keep it as ``benchmarks/out/<name>.json``."""
    text_ = json.dumps(result, indent=2, ensure_ascii=False)
    print(text_)
    OUT.mkdir(exist_ok=True)
    (OUT / f"{name}.json").write_text(text_, encoding="utf-8")


def maxrss_mb() -> float:
    """The peak resident memory of this process, or of any process it waited
    for, in MB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    waited = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, waited) / 1024, 1)


class TreeWatch(threading.Thread):
    """The largest RSS and PSS summed over a process and its children,
    sampled every ``every`` seconds until :meth:`stop` (or the ``with``
    block's end). ``pss=False``: RSS only (PSS reads every mapping of
    every process, too slow to sample often)."""

    def __init__(self, pid: int, every: float = 0.25, pss: bool = True) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.every, self.with_pss = every, pss
        self.done = threading.Event()
        self.rss = self.pss = 0

    def __enter__(self) -> TreeWatch:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.done.set()
        self.join()

    def run(self) -> None:
        while not self.done.is_set():
            rss = pss = 0
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for proc in procs:
                try:
                    if self.with_pss:
                        memory = proc.memory_full_info()
                        rss, pss = rss + memory.rss, pss + memory.pss
                    else:
                        rss += proc.memory_info().rss
                except psutil.Error:
                    continue
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self.done.wait(self.every)
