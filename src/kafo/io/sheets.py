"""The seizure workbook: its sheets and columns, in French and English.

One definition serves the template writer, the importer and the docs. Rows
are linked by stable keys: ``ref_saisie`` (the seizure reference, unique per
country) on every sheet, and ``ref_personne`` / ``ref_vehicule`` within a
seizure. ``path`` says where a cell goes in the API payload of its row, so an
error on a payload field can be traced back to its sheet, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kafo.labels import fold
from kafo.model import vocab as v

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Column:
    fr: str
    en: str
    path: Path
    kind: str = "text"  # text | vocab | bool | int | decimal | datetime | list
    vocab: type[StrEnum] | None = None
    required: bool = False
    note: str = ""


@dataclass(frozen=True)
class Sheet:
    key: str
    fr: str
    en: str
    columns: tuple[Column, ...]
    # Where each row goes in the seizure payload (None: the seizure itself).
    collection: str | None = None
    note: str = ""
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = {}
        for col in self.columns:
            names[fold(col.fr)] = col
            names[fold(col.en)] = col
        object.__setattr__(self, "by_name", names)

    def column(self, header: str) -> Column | None:
        return self.by_name.get(fold(header))


REF = Column(
    "ref_saisie",
    "seizure_ref",
    ("reference",),
    required=True,
    note="Référence de la saisie (n° de PV), unique pour votre pays",
)


def _ref_child() -> Column:
    return Column(
        "ref_saisie",
        "seizure_ref",
        (),
        required=True,
        note="Référence de la saisie à laquelle la ligne appartient",
    )


SEIZURES = Sheet(
    "seizures",
    "saisies",
    "seizures",
    (
        REF,
        Column(
            "date_heure",
            "occurred_at",
            ("occurred_at",),
            "datetime",
            required=True,
            note="JJ/MM/AAAA HH:MM, heure locale du lieu",
        ),
        Column("lieu", "place", ("place",), note="Code du lieu (voir la feuille 'lieux')"),
        Column("latitude", "latitude", ("latitude",), "decimal"),
        Column("longitude", "longitude", ("longitude",), "decimal"),
        Column("localite", "location_text", ("location_text",)),
        Column("operation", "operation", ("operation",), note="Code de l'opération"),
        Column("contexte", "context", ("context",), "vocab", v.SeizureContext, required=True),
        Column("mode_transport", "transport_mode", ("transport_mode",), "vocab", v.TransportMode),
        Column("dissimulation", "concealment", ("concealment",)),
        Column("origine_declaree", "declared_origin", ("declared_origin",)),
        Column("pays_origine", "declared_origin_country", ("declared_origin_country",)),
        Column("destination_declaree", "declared_destination", ("declared_destination",)),
        Column(
            "pays_destination", "declared_destination_country", ("declared_destination_country",)
        ),
        Column("recit", "narrative", ("narrative",)),
        Column("partage", "sharing", ("sharing",), "vocab", v.Sharing),
        Column("code_traitement", "handling_code", ("handling_code",), "vocab", v.HandlingCode),
        Column("note_traitement", "handling_note", ("handling_note",)),
    ),
    note="Une ligne par saisie",
)

FIREARMS = Sheet(
    "firearms",
    "armes",
    "firearms",
    (
        _ref_child(),
        Column("categorie", "category", ("category",), "vocab", v.FirearmCategory, required=True),
        Column("marque", "make", ("make",)),
        Column("modele", "model", ("model",)),
        Column("calibre", "calibre", ("calibre",)),
        Column(
            "numero_serie",
            "serial_number",
            ("serial_number",),
            note="Tel qu'il est frappé; ? pour un caractère effacé",
        ),
        Column("autres_marquages", "other_markings", ("other_markings",)),
        Column("pays_fabrication", "country_of_manufacture", ("country_of_manufacture",)),
        Column("marquage_importation", "import_marking", ("import_marking",)),
        Column("annee_fabrication", "year_of_manufacture", ("year_of_manufacture",), "int"),
        Column("etat_marquage", "marking_state", ("marking_state",), "vocab", v.MarkingState),
        Column("artisanale", "craft_produced", ("craft_produced",), "bool", note="oui / non"),
        Column("etat", "condition", ("condition",), "vocab", v.Condition),
        Column("observations", "notes", ("notes",)),
    ),
    collection="firearms",
    note="Une ligne par arme",
)

AMMUNITION = Sheet(
    "ammunition",
    "munitions",
    "ammunition",
    (
        _ref_child(),
        Column("calibre", "calibre", ("calibre",), required=True),
        Column("nombre_cartouches", "rounds", ("rounds",), "int", required=True),
        Column("marquage_culot", "headstamp", ("headstamp",)),
        Column("lot", "lot", ("lot",)),
        Column("observations", "notes", ("notes",)),
    ),
    collection="ammunition",
    note="Une ligne par lot de munitions",
)

EXPLOSIVES = Sheet(
    "explosives",
    "explosifs",
    "explosives",
    (
        _ref_child(),
        Column("type", "kind", ("kind",), "vocab", v.ExplosiveKind, required=True),
        Column("quantite", "quantity", ("quantity",), "decimal", required=True),
        Column("unite", "unit", ("unit",), "vocab", v.QuantityUnit, required=True),
        Column("description", "description", ("description",)),
    ),
    collection="explosives",
)

OTHER_ITEMS = Sheet(
    "other_items",
    "autres_biens",
    "other_items",
    (
        _ref_child(),
        Column("type", "kind", ("kind",), "vocab", v.CommodityKind, required=True),
        Column(
            "description", "description", ("description",), note="Ex.: cannabis, tramadol, essence"
        ),
        Column("quantite", "quantity", ("quantity",), "decimal", required=True),
        Column(
            "unite",
            "unit",
            ("unit",),
            "vocab",
            v.QuantityUnit,
            required=True,
            note="Pour le numéraire: 'montant'",
        ),
        Column("devise", "currency", ("currency",), note="XOF, EUR, USD… pour le numéraire"),
    ),
    collection="commodities",
    note="Drogues, médicaments, carburant, numéraire, autres",
)

PERSONS = Sheet(
    "persons",
    "personnes",
    "persons",
    (
        _ref_child(),
        Column(
            "ref_personne",
            "person_ref",
            (),
            required=True,
            note="Numéro de la personne dans la saisie (1, 2, …)",
        ),
        Column("role", "role", ("role",), "vocab", v.PersonRole, required=True),
        Column("statut_arrestation", "arrest_status", ("arrest_status",), "vocab", v.ArrestStatus),
        Column("nom", "family_name", ("person", "family_name")),
        Column("prenoms", "given_names", ("person", "given_names")),
        Column("alias", "aliases", ("person", "aliases"), "list", note="séparés par ;"),
        Column("sexe", "sex", ("person", "sex"), "vocab", v.Sex),
        Column(
            "date_naissance",
            "date_of_birth",
            ("person", "date_of_birth"),
            note="AAAA, MM/AAAA, JJ/MM/AAAA; 'vers 1985' si approximative",
        ),
        Column("lieu_naissance", "place_of_birth", ("person", "place_of_birth")),
        Column(
            "nationalites",
            "nationalities",
            ("person", "nationalities"),
            "list",
            note="codes pays séparés par ; (ML; BF)",
        ),
        Column(
            "type_piece",
            "document_type",
            ("person", "documents", 0, "doc_type"),
            "vocab",
            v.DocumentType,
        ),
        Column("numero_piece", "document_number", ("person", "documents", 0, "number")),
        Column("pays_piece", "document_country", ("person", "documents", 0, "issuing_country")),
        Column("telephones", "phones", ("person", "phones"), "list", note="séparés par ;"),
        Column("adresse", "address", ("person", "address")),
        Column("observations", "notes", ("person", "notes")),
    ),
    collection="persons",
    note="Une ligne par personne impliquée",
)

VEHICLES = Sheet(
    "vehicles",
    "vehicules",
    "vehicles",
    (
        _ref_child(),
        Column("ref_vehicule", "vehicle_ref", (), required=True),
        Column("role", "role", ("role",), "vocab", v.VehicleRole),
        Column(
            "type",
            "vehicle_type",
            ("vehicle", "vehicle_type"),
            "vocab",
            v.VehicleType,
            required=True,
        ),
        Column("immatriculation", "plate", ("vehicle", "plate")),
        Column("pays_immatriculation", "plate_country", ("vehicle", "plate_country")),
        Column("marque", "make", ("vehicle", "make")),
        Column("modele", "model", ("vehicle", "model")),
        Column("numero_chassis", "vin", ("vehicle", "vin")),
        Column("couleur", "colour", ("vehicle", "colour")),
    ),
    collection="vehicles",
    note="Une ligne par véhicule",
)

SHEETS: tuple[Sheet, ...] = (
    SEIZURES,
    FIREARMS,
    AMMUNITION,
    EXPLOSIVES,
    OTHER_ITEMS,
    PERSONS,
    VEHICLES,
)


def sheet_named(name: str) -> Sheet | None:
    key = fold(name)
    for sheet in SHEETS:
        if key in (fold(sheet.fr), fold(sheet.en)):
            return sheet
    return None
