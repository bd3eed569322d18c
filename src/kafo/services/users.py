"""Units, users and API tokens.

Tokens are 256-bit random strings shown once; only their SHA-256 is stored.
A token of that entropy needs no slow password hash: SHA-256 cannot be
reversed and it keeps authentication to one indexed lookup per request.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.model.geo import Country
from kafo.model.org import Agency, ApiToken, Unit, User
from kafo.model.vocab import Role
from kafo.services import audit
from kafo.services.actor import Actor
from kafo.services.errors import Conflict, FieldError, Invalid, NotFound
from kafo.timeutil import utcnow

TOKEN_PREFIX = "kafo_"  # noqa: S105 - a visible marker, not a secret
_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,39}$")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_unit(session: Session, code: str, name: str, agency_code: str, country: str) -> Unit:
    errors = []
    if not _CODE.match(code):
        errors.append(FieldError(("code",), "2–40 of a-z, 0-9, '.', '_', '-'"))
    agency = session.get(Agency, agency_code)
    if agency is None:
        errors.append(FieldError(("agency",), f"unknown agency '{agency_code}'"))
    if session.get(Country, country.upper()) is None:
        errors.append(FieldError(("country",), f"unknown country '{country}'"))
    elif agency is not None and agency.country and agency.country != country.upper():
        errors.append(FieldError(("country",), f"agency '{agency_code}' is in {agency.country}"))
    if errors:
        raise Invalid("invalid unit", errors=errors)
    if session.get(Unit, code) is not None:
        raise Conflict(f"unit '{code}' already exists")
    unit = Unit(code=code, name=name, agency_code=agency_code, country=country.upper())
    session.add(unit)
    session.add(audit.event(None, "create", "unit", code, unit.country))
    session.flush()
    return unit


def add_user(
    session: Session, username: str, unit_code: str, role: Role, display_name: str | None = None
) -> tuple[User, str]:
    """Create a user and their first token; return both (the token in clear, once)."""
    if not _CODE.match(username):
        raise Invalid("invalid user", errors=[FieldError(("username",), "2–40 of a-z, 0-9, . _ -")])
    unit = session.get(Unit, unit_code)
    if unit is None:
        raise Invalid("invalid user", errors=[FieldError(("unit",), f"unknown unit '{unit_code}'")])
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise Conflict(f"user '{username}' already exists")
    user = User(username=username, display_name=display_name or username, unit=unit, role=role)
    session.add(user)
    session.flush()
    token = issue_token(session, user, "initial")
    session.add(audit.event(None, "create", "user", user.id, unit.country))
    return user, token


def issue_token(session: Session, user: User, label: str) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(user_id=user.id, token_hash=hash_token(token), label=label, created_at=utcnow())
    )
    session.flush()
    return token


def authenticate(session: Session, token: str) -> Actor:
    """The actor behind a bearer token; unknown, revoked or inactive → NotFound."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        raise NotFound("unknown or revoked token")
    return Actor.of(row.user)


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user '{username}'")
    return user


def acting_user(session: Session, username: str | None) -> Actor:
    """The actor a command on this node acts as (the operator names them)."""
    if not username:
        raise NotFound("name the acting user with --user or KAFO_USER")
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        raise NotFound(f"no active user '{username}' (create one with 'kafo users add')")
    return Actor.of(user)


def revoke_tokens(session: Session, username: str, at: datetime | None = None) -> int:
    user = find_user(session, username)
    tokens = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ).all()
    for t in tokens:
        t.revoked_at = at or utcnow()
    session.add(audit.event(None, "revoke_tokens", "user", user.id, user.unit.country))
    return len(tokens)
