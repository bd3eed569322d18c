"""Small factories: users in units of the four countries, and payloads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from kafo.ids import new_id
from kafo.model.vocab import Role
from kafo.schemas.reference import OperationCreate
from kafo.services import operations, users
from kafo.services.actor import Actor
from kafo.services.users import authenticate

AGENCY = {"ML": "ml-douanes", "BF": "bf-gendarmerie", "CI": "ci-police", "NE": "ne-police"}


@dataclass
class Login:
    actor: Actor
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class World:
    """Creates units, users and operations in the test database."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory
        self._n = 0

    def user(
        self, country: str = "ML", role: Role = Role.FIELD_OFFICER, agency: str | None = None
    ) -> Login:
        self._n += 1
        agency = agency or AGENCY[country]
        unit_code = f"{agency}-u{self._n}"
        with self.factory.begin() as s:
            users.add_unit(s, unit_code, f"Unit {self._n}", agency, country)
            _user, token = users.add_user(s, f"user{self._n}", unit_code, role)
            actor = authenticate(s, token)
        return Login(actor, token)

    def operation(
        self,
        code: str = "KAFO-III",
        countries: tuple[str, ...] = ("BF", "CI", "ML", "NE"),
        partners: tuple[str, ...] = ("interpol", "unodc"),
    ) -> str:
        with self.factory.begin() as s:
            operations.create_operation(
                s,
                None,
                OperationCreate(
                    code=code,
                    name=f"Operation {code}",
                    starts_on="2026-11-01",
                    ends_on="2026-11-30",
                    countries=list(countries),
                    partners=list(partners),
                ),
            )
        return code


def seizure_payload(**overrides: Any) -> dict[str, Any]:
    """A realistic seizure at Zégoua: an AK with rounds, a courier, a car."""
    body: dict[str, Any] = {
        "id": str(new_id()),
        "reference": f"PV-{uuid.uuid4().hex[:8]}",
        "occurred_at": "2026-11-10T14:30:00",
        "place": "ml-zegoua",
        "context": "routine_check",
        "transport_mode": "car",
        "concealment": "sous la banquette arrière",
        "declared_origin": "Bobo-Dioulasso",
        "declared_destination": "Bamako",
        "narrative": "Contrôle de routine; arme découverte sous la banquette.",
        "firearms": [
            {
                "category": "assault_rifle",
                "make": "Norinco",
                "model": "Type 56",
                "calibre": "7,62x39",
                "serial_number": "56-1234 567",
                "country_of_manufacture": "CN",
                "marking_state": "intact",
            }
        ],
        "ammunition": [{"calibre": "7.62x39", "rounds": 120}],
        "explosives": [{"kind": "dynamite_stick", "quantity": "40", "unit": "sticks"}],
        "commodities": [
            {"kind": "cash", "quantity": "250000", "unit": "currency", "currency": "XOF"}
        ],
        "persons": [
            {
                "role": "courier",
                "arrest_status": "arrested",
                "person": {
                    "family_name": "TRAORE",
                    "given_names": "Mamadou",
                    "sex": "M",
                    "date_of_birth": "vers 1985",
                    "nationalities": ["ML"],
                    "documents": [
                        {"doc_type": "national_id", "number": "ml-123 456", "issuing_country": "ML"}
                    ],
                    "phones": ["76 12 34 56"],
                },
            }
        ],
        "vehicles": [
            {
                "role": "conveyance",
                "vehicle": {
                    "vehicle_type": "car",
                    "plate": "AB 1234 MD",
                    "plate_country": "ML",
                    "make": "Toyota",
                    "model": "Corolla",
                    "colour": "gris",
                },
            }
        ],
    }
    body.update(overrides)
    return body
