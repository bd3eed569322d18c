"""The typed ORM model, one module per aggregate.

Importing this package registers every table on :data:`Base.metadata`, which
is what Alembic and the model/migration agreement test compare.
"""

from kafo.model.audit import AuditEvent
from kafo.model.base import Base
from kafo.model.case import (
    Case,
    CaseEvent,
    CaseSuspect,
    Charge,
    CustodyEntry,
    Exhibit,
    Hearing,
    InvestigationStep,
)
from kafo.model.geo import Country, Place
from kafo.model.identity import IdentityJudgement, IdentityLink, PersonKey
from kafo.model.network import GraphChange
from kafo.model.operation import Operation
from kafo.model.org import Agency, ApiToken, Unit, User
from kafo.model.person import IdentityDocument, Person, PersonAlias, PersonNationality, PhoneNumber
from kafo.model.registry import HitNotification, RegistryRecord, SerialChange, SerialHit
from kafo.model.seizure import (
    Ammunition,
    Commodity,
    Explosive,
    Firearm,
    Seizure,
    SeizurePerson,
    SeizureVehicle,
)
from kafo.model.tracing import FirearmLifeEvent, TraceEvent, TraceFinding, TraceRequest
from kafo.model.vehicle import Vehicle
from kafo.model.watchlist import (
    ScreeningAlert,
    Watchlist,
    WatchlistChange,
    WatchlistEntry,
    WatchlistImport,
)

__all__ = [
    "Agency",
    "Ammunition",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Case",
    "CaseEvent",
    "CaseSuspect",
    "Charge",
    "Commodity",
    "Country",
    "CustodyEntry",
    "Exhibit",
    "Explosive",
    "Firearm",
    "FirearmLifeEvent",
    "GraphChange",
    "Hearing",
    "HitNotification",
    "IdentityDocument",
    "IdentityJudgement",
    "IdentityLink",
    "InvestigationStep",
    "Operation",
    "Person",
    "PersonAlias",
    "PersonKey",
    "PersonNationality",
    "PhoneNumber",
    "Place",
    "RegistryRecord",
    "ScreeningAlert",
    "Seizure",
    "SeizurePerson",
    "SeizureVehicle",
    "SerialChange",
    "SerialHit",
    "TraceEvent",
    "TraceFinding",
    "TraceRequest",
    "Unit",
    "User",
    "Vehicle",
    "Watchlist",
    "WatchlistChange",
    "WatchlistEntry",
    "WatchlistImport",
]
