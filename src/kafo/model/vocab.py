"""Controlled vocabularies.

Codes are stable English identifiers stored in the database and used by the
API; labels in French and English are in :mod:`kafo.labels`. Firearm categories
follow the UNODC Illicit Arms Flows Questionnaire (IAFQ) typology so that
statistics add up without re-coding.
"""

from __future__ import annotations

from enum import StrEnum


class AgencyKind(StrEnum):
    POLICE = "police"
    GENDARMERIE = "gendarmerie"
    CUSTOMS = "customs"
    SALW_COMMISSION = "salw_commission"
    ARMED_FORCES = "armed_forces"
    JUDICIARY = "judiciary"
    INTERPOL_NCB = "interpol_ncb"
    PARTNER_ORGANISATION = "partner_organisation"


class PlaceKind(StrEnum):
    LAND_BORDER_POST = "land_border_post"
    AIRPORT = "airport"
    SEAPORT = "seaport"
    ROAD_CHECKPOINT = "road_checkpoint"
    PATROL_AREA = "patrol_area"
    TOWN = "town"


class Role(StrEnum):
    FIELD_OFFICER = "field_officer"
    ANALYST = "analyst"
    NATIONAL_ADMIN = "national_admin"
    REGIONAL_COORDINATOR = "regional_coordinator"


class Sharing(StrEnum):
    NATIONAL = "national"
    OPERATION = "operation"
    PARTNERS = "partners"


class HandlingCode(StrEnum):
    H1 = "H1"  # not for court without the owner's consent
    H2 = "H2"  # no onward sharing
    H3 = "H3"  # free-text restriction in handling_note


class SeizureContext(StrEnum):
    ROUTINE_CHECK = "routine_check"
    INTELLIGENCE_LED = "intelligence_led"
    PATROL = "patrol"
    SEARCH = "search"
    FOUND_ABANDONED = "found_abandoned"
    SURRENDERED = "surrendered"


class TransportMode(StrEnum):
    ON_FOOT = "on_foot"
    MOTORCYCLE = "motorcycle"
    CAR = "car"
    BUS = "bus"
    TRUCK = "truck"
    BOAT = "boat"
    AIR_PASSENGER = "air_passenger"
    AIR_CARGO = "air_cargo"
    COURIER_POST = "courier_post"


class FirearmCategory(StrEnum):
    """Firearm types of the UNODC typology used by the IAFQ (revolver, pistol,
    rifle, shotgun, sub-machine gun, machine gun, other), with rifles and
    machine guns split the way SALW reporting splits them (assault rifles;
    light and heavy machine guns) and light weapons kept apart. Each code
    rolls up to exactly one IAFQ type, so the statistics add up; the roll-up
    table belongs to the statistics capability."""

    PISTOL = "pistol"
    REVOLVER = "revolver"
    RIFLE_CARBINE = "rifle_carbine"
    ASSAULT_RIFLE = "assault_rifle"
    SUBMACHINE_GUN = "submachine_gun"
    LIGHT_MACHINE_GUN = "light_machine_gun"
    HEAVY_MACHINE_GUN = "heavy_machine_gun"
    SHOTGUN = "shotgun"
    LIGHT_WEAPON = "light_weapon"  # grenade launchers, RPG, recoilless, mortars < 100 mm
    OTHER = "other"
    UNKNOWN = "unknown"


class MarkingState(StrEnum):
    INTACT = "intact"
    ALTERED = "altered"
    OBLITERATED = "obliterated"
    UNMARKED = "unmarked"


class Condition(StrEnum):
    FUNCTIONAL = "functional"
    NON_FUNCTIONAL = "non_functional"
    DAMAGED = "damaged"
    UNKNOWN = "unknown"


class ExplosiveKind(StrEnum):
    DYNAMITE_STICK = "dynamite_stick"
    DETONATING_CORD = "detonating_cord"
    DETONATOR = "detonator"
    OTHER = "other"


class CommodityKind(StrEnum):
    DRUG = "drug"
    MEDICINE = "medicine"
    FUEL = "fuel"
    CASH = "cash"
    OTHER = "other"


class QuantityUnit(StrEnum):
    PIECES = "pieces"
    STICKS = "sticks"
    METRES = "m"
    ROLLS = "rolls"
    KG = "kg"
    G = "g"
    TONNES = "t"
    LITRES = "l"
    BOXES = "boxes"
    PACKETS = "packets"
    CURRENCY = "currency"  # cash: the amount is in ``currency``


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"
    UNKNOWN = "U"


class PersonRole(StrEnum):
    SUSPECT = "suspect"
    DRIVER = "driver"
    PASSENGER = "passenger"
    OWNER = "owner"
    COURIER = "courier"
    WITNESS = "witness"


class ArrestStatus(StrEnum):
    ARRESTED = "arrested"
    NOT_ARRESTED = "not_arrested"
    FLED = "fled"
    RELEASED = "released"


class DocumentType(StrEnum):
    NATIONAL_ID = "national_id"
    PASSPORT = "passport"
    CONSULAR_CARD = "consular_card"
    DRIVING_LICENCE = "driving_licence"
    VOTER_CARD = "voter_card"
    ECOWAS_ID = "ecowas_id"
    OTHER = "other"


class VehicleType(StrEnum):
    MOTORCYCLE = "motorcycle"
    CAR = "car"
    PICKUP = "pickup"
    SUV = "suv"
    BUS = "bus"
    MINIBUS = "minibus"
    TRUCK = "truck"
    TANKER_TRUCK = "tanker_truck"
    BOAT = "boat"
    BICYCLE = "bicycle"
    OTHER = "other"


class VehicleRole(StrEnum):
    CONVEYANCE = "conveyance"
    ESCORT = "escort"
    ABANDONED = "abandoned"
    OTHER = "other"


class AuditOutcome(StrEnum):
    OK = "ok"
    DENIED = "denied"
    CONFLICT = "conflict"
    INVALID = "invalid"


class TraceRoute(StrEnum):
    """The route a trace of a seized firearm takes (see kafo.reference.traceability)."""

    TRACEABLE = "traceable"
    INCOMPLETE = "incomplete"
    MARKING_EXAMINATION = "marking_examination"
    COMPETENT_AUTHORITY = "competent_authority"


class RegistryKind(StrEnum):
    """Where a registry record comes from (iARMS and national sources)."""

    LOST = "lost"
    STOLEN = "stolen"
    TRAFFICKED = "trafficked"  # trafficked or smuggled, seized elsewhere
    NATIONAL_REGISTRY = "national_registry"  # legal civilian holdings
    STOCKPILE = "stockpile"  # state stockpile inventory
    TRANSFER = "transfer"  # export or import record


class RegistryStatus(StrEnum):
    ACTIVE = "active"
    RECOVERED = "recovered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class SerialSource(StrEnum):
    """The two kinds of serial-bearing records a check searches."""

    REGISTRY = "r"
    FIREARM = "f"  # a seized firearm


class MatchKind(StrEnum):
    EXACT = "exact"
    LOOKALIKE = "lookalike"
    FUZZY = "fuzzy"
    PARTIAL = "partial"


class WatchlistKind(StrEnum):
    """What a watchlist is; the UN list has its own reader (official XML)."""

    UN_SECURITY_COUNCIL = "un_security_council"
    WANTED = "wanted"  # a national wanted-persons list
    OTHER = "other"


class ListedSubject(StrEnum):
    INDIVIDUAL = "individual"
    ENTITY = "entity"


class EntryStatus(StrEnum):
    LISTED = "listed"
    DELISTED = "delisted"


class EntryChange(StrEnum):
    """One step of an entry's history, as seen by successive imports."""

    LISTED = "listed"  # first seen
    UPDATED = "updated"  # content changed
    DELISTED = "delisted"  # absent from a newer version of the list
    RELISTED = "relisted"  # back after a de-listing


class Judgement(StrEnum):
    """An analyst's decision on a proposed link between two person records."""

    SAME = "same"  # one individual
    DIFFERENT = "different"  # two individuals
    WITHDRAWN = "withdrawn"  # the pair's earlier judgement no longer stands
