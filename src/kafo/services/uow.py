"""Unit of work: one transaction per command or request.

On success everything commits together. On a domain error the change is
rolled back whole (no partial write) and the error's audit event, if any,
is appended in a transaction of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from kafo.services.errors import DomainError


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    session = factory()
    try:
        yield session
        session.commit()
    except DomainError as exc:
        session.rollback()
        if exc.audit is not None:
            with factory.begin() as audit_session:
                audit_session.add(exc.audit)
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
