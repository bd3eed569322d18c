"""Tokens are stored hashed, checked on every use, and can be revoked."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kafo.model import ApiToken
from kafo.model.vocab import Role
from kafo.services import users
from kafo.services.errors import Conflict, Invalid, NotFound


def test_token_is_stored_only_as_its_hash(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        users.add_unit(s, "ne-police-makalondi", "Police Makalondi", "ne-police", "NE")
        _user, token = users.add_user(s, "issa", "ne-police-makalondi", Role.FIELD_OFFICER)
    with factory() as s:
        stored = s.scalars(select(ApiToken.token_hash)).all()
        actor = users.authenticate(s, token)
    assert token not in stored
    assert stored == [users.hash_token(token)]
    assert (actor.username, actor.country, actor.role) == ("issa", "NE", Role.FIELD_OFFICER)


def test_revoked_tokens_stop_working(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        users.add_unit(s, "ci-police-pogo", "Police Pogo", "ci-police", "CI")
        _user, token = users.add_user(s, "kone", "ci-police-pogo", Role.ANALYST)
    with factory.begin() as s:
        assert users.revoke_tokens(s, "kone") == 1
    with factory() as s, pytest.raises(NotFound):
        users.authenticate(s, token)


def test_units_and_users_are_checked(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s, pytest.raises(Invalid) as bad:
        users.add_unit(s, "bf-x", "X", "ml-douanes", "BF")
    assert [e.where for e in bad.value.errors] == ["country"]
    with factory.begin() as s:
        users.add_unit(s, "bf-gn-dakola", "Gendarmerie Dakola", "bf-gendarmerie", "BF")
        users.add_user(s, "sawadogo", "bf-gn-dakola", Role.FIELD_OFFICER)
    with factory.begin() as s, pytest.raises(Conflict):
        users.add_user(s, "sawadogo", "bf-gn-dakola", Role.FIELD_OFFICER)
