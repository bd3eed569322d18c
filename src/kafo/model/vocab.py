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
    FIREARM_PART = "firearm_part"  # parts and components (IAFQ counts them)
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


class TraceRecipientBasis(StrEnum):
    """Why a trace request goes to its recipient (ITI, paragraph 17)."""

    MANUFACTURE = "manufacture"  # the country of manufacture
    LAST_IMPORT = "last_import"  # the country of last legal import
    OTHER = "other"  # another country believed to hold information


class TraceStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED_PARTIAL = "answered_partial"
    ANSWERED_COMPLETE = "answered_complete"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"
    CLOSED = "closed"


class TraceEventKind(StrEnum):
    """One appended step of a trace request: a transition, or a follow-up
    that leaves the status as it is (reminder, escalation, note)."""

    CREATED = "created"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED_PARTIAL = "answered_partial"
    ANSWERED_COMPLETE = "answered_complete"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"
    CLOSED = "closed"
    REMINDED = "reminded"
    ESCALATED = "escalated"
    NOTE = "note"


class LifeEventKind(StrEnum):
    """The stages of a firearm's life that a trace reconstructs."""

    MANUFACTURE = "manufacture"
    EXPORT = "export"
    IMPORT = "import"
    TRANSFER = "transfer"  # to a legal holder (dealer, owner, state)
    LAST_LEGAL_RECORD = "last_legal_record"
    DIVERSION = "diversion"  # the point of diversion


class TraceConclusion(StrEnum):
    """The SDG 16.4.2 disaggregation of a seized firearm's illicit origin.

    ``traced`` and ``established`` count in the indicator's numerator; the
    three others say why a firearm does not."""

    TRACED = "traced"  # illicit origin traced (a trace answered)
    ESTABLISHED = "established"  # established by a competent authority
    PENDING = "pending"  # a trace or an examination is under way
    INSUFFICIENT_INFORMATION = "insufficient_information"
    NOT_ATTEMPTED = "not_attempted"


class CaseStatus(StrEnum):
    """A case file's course through the criminal-justice chain."""

    OPEN = "open"  # preliminary enquiry
    INVESTIGATION = "investigation"  # judicial investigation (instruction)
    PROSECUTION = "prosecution"  # charges brought, before a court
    JUDGED = "judged"  # judgment delivered
    DISMISSED = "dismissed"  # classement sans suite / non-lieu
    CLOSED = "closed"


class SuspectRole(StrEnum):
    ORGANISER = "organiser"
    SUPPLIER = "supplier"
    BUYER = "buyer"
    COURIER = "courier"
    FACILITATOR = "facilitator"  # corrupt official, forger, transporter
    FINANCIER = "financier"
    ACCOMPLICE = "accomplice"
    OTHER = "other"


class ExhibitKind(StrEnum):
    """The seized item an exhibit is (its row in the seizure)."""

    FIREARM = "firearm"
    AMMUNITION = "ammunition"
    EXPLOSIVE = "explosive"
    COMMODITY = "commodity"


class CustodyPurpose(StrEnum):
    """Why an exhibit changed hands or place."""

    SEIZURE = "seizure"
    STORAGE = "storage"
    TRANSFER = "transfer"
    EXAMINATION = "examination"
    COURT = "court"
    RETURNED = "returned"
    DESTROYED = "destroyed"


class StepKind(StrEnum):
    INTERVIEW = "interview"
    SEARCH = "search"
    FORENSIC_EXAMINATION = "forensic_examination"
    MARKING_EXAMINATION = "marking_examination"
    RECORD_CHECK = "record_check"
    TRACE_REQUEST = "trace_request"
    ARREST = "arrest"
    MUTUAL_LEGAL_ASSISTANCE = "mutual_legal_assistance"
    OTHER = "other"


class ChargeOutcome(StrEnum):
    PENDING = "pending"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    DISMISSED = "dismissed"
