"""Domain errors that every adapter turns into a clear answer.

An error may carry an audit event: the unit of work rolls back the failed
change and then appends that event on its own, so refusals are logged even
though nothing else is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kafo.model.audit import AuditEvent


@dataclass(frozen=True)
class FieldError:
    """One problem, located: ``loc`` is the field path (or sheet/row/column)."""

    loc: tuple[str | int, ...]
    message: str

    @property
    def where(self) -> str:
        return ".".join(str(p) for p in self.loc) or "(payload)"


@dataclass
class DomainError(Exception):
    message: str
    audit: AuditEvent | None = field(default=None, kw_only=True)

    def __str__(self) -> str:
        return self.message


@dataclass
class NotFound(DomainError):
    """Missing, or not visible to this user: the two are indistinguishable."""


@dataclass
class Forbidden(DomainError):
    """Visible, but this user may not do this to it (for example edit it)."""


@dataclass
class Conflict(DomainError):
    """Same id with other content, or a stale version."""


@dataclass
class Invalid(DomainError):
    errors: list[FieldError] = field(default_factory=list, kw_only=True)
