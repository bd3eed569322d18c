"""The acting user, as the services see them.

Built once per request from the authenticated user. Partner-organisation
staff (INTERPOL, WCO, UNODC) have no owner country: they read what is shared
with them and own nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kafo.model.org import User
from kafo.model.vocab import AgencyKind, Role


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID
    username: str
    role: Role
    unit_code: str
    agency_code: str
    country: str | None

    @classmethod
    def of(cls, user: User) -> Actor:
        partner = user.unit.agency.kind is AgencyKind.PARTNER_ORGANISATION
        return cls(
            user_id=user.id,
            username=user.username,
            role=user.role,
            unit_code=user.unit_code,
            agency_code=user.unit.agency_code,
            country=None if partner else user.unit.country,
        )
