"""What a trace request says, under the International Tracing Instrument.

The ITI (paragraph 17) asks a requesting State for the markings, type,
calibre and other relevant information on the weapon, the circumstances of
its seizure, the legal basis for considering it illicit, the intended use
of the information, and the requesting authority. This module reads them
from the firearm and its seizure into ``content`` (frozen in the request
when it is sent), and lays a request out as a bilingual document.
"""

from __future__ import annotations

from typing import Any

from kafo.io.pdf_document import Document, Field, Section
from kafo.labels import LABELS, label
from kafo.model.seizure import Firearm, Seizure
from kafo.model.tracing import TraceRequest
from kafo.model.vocab import (
    Condition,
    FirearmCategory,
    MarkingState,
    SeizureContext,
    TraceRecipientBasis,
    TraceRoute,
    TraceStatus,
    TransportMode,
)
from kafo.timeutil import to_local

_FIREARM = (
    "category",
    "make",
    "model",
    "calibre",
    "serial_number",
    "other_markings",
    "import_marking",
    "country_of_manufacture",
    "year_of_manufacture",
    "marking_state",
    "craft_produced",
    "condition",
)
_SEIZURE = (
    "reference",
    "location_text",
    "context",
    "transport_mode",
    "concealment",
    "declared_origin",
    "declared_origin_country",
    "declared_destination",
    "declared_destination_country",
    "narrative",
)


def firearm_content(firearm: Firearm, seizure: Seizure) -> dict[str, Any]:
    """The ITI content of a request about ``firearm``, as it stands now."""
    described = {k: _plain(getattr(firearm, k)) for k in _FIREARM}
    # What kafo's reference read is offered where the officer left a blank.
    for key, std in (
        ("make", firearm.std_make),
        ("model", firearm.std_model),
        ("calibre", firearm.std_calibre),
        ("country_of_manufacture", firearm.std_country),
    ):
        if not described[key] and std:
            described[key] = std
    place = seizure.place
    tz = place.time_zone if place else None
    return {
        "firearm": described,
        "seizure": {
            "id": str(seizure.id),
            "occurred_at": seizure.occurred_at.isoformat(),
            "occurred_local": to_local(seizure.occurred_at, tz).strftime("%Y-%m-%d %H:%M"),
            "country": seizure.owner_country,
            "place": place.name if place else None,
            "place_code": seizure.place_code,
            **{k: _plain(getattr(seizure, k)) for k in _SEIZURE},
        },
        "traceability": {
            "route": _plain(firearm.trace_route),
            "missing": firearm.trace_missing.split(",") if firearm.trace_missing else [],
        },
    }


def _plain(value: object) -> Any:
    return value.value if hasattr(value, "value") else value


def is_complete(firearm: Firearm) -> tuple[bool, list[str]]:
    """Complete enough to send, per the firearm's traceability assessment."""
    missing = firearm.trace_missing.split(",") if firearm.trace_missing else []
    if firearm.trace_route is TraceRoute.MARKING_EXAMINATION:
        missing = ["marking_examination", *missing]
    elif firearm.trace_route is TraceRoute.COMPETENT_AUTHORITY:
        missing = ["manufacturer_markings", *missing]
    return firearm.trace_route is TraceRoute.TRACEABLE, missing


def _vocab(enum: type[Any], code: Any) -> tuple[str | None, str | None]:
    if code is None:
        return None, None
    return label(enum, str(code), "fr"), label(enum, str(code), "en")


def _field(fr: str, en: str, value: Any, enum: type[Any] | None = None) -> Field:
    if enum is not None and value is not None and str(value) in LABELS[enum]:
        value_fr, value_en = _vocab(enum, value)
        return Field(fr, en, value_fr, value_en)
    if isinstance(value, bool):
        return Field(fr, en, "oui" if value else "non", "yes" if value else "no")
    return Field(fr, en, None if value in (None, "") else str(value))


def document(request: TraceRequest, country_names: dict[str, tuple[str, str]]) -> Document:
    """The request as a bilingual document (PDF and JSON)."""
    c = request.content
    gun, seized = c["firearm"], c["seizure"]

    def country(code: str | None, fr: str = "Pays", en: str = "Country") -> Field:
        name_fr, name_en = country_names.get(code or "", (code, code))
        return Field(fr, en, name_fr, name_en)

    def place(text: str | None, code: str | None) -> str | None:
        name = country_names.get(code or "", (code, code))[0]
        return ", ".join(p for p in (text, name) if p) or None

    return Document(
        key="trace_request",
        fr="Demande de traçage d'une arme à feu",
        en="Firearm trace request",
        reference=request.reference,
        issued_on=(request.sent_at or request.created_at).date(),
        header_lines=(
            "Instrument international de traçage (A/60/88), paragraphes 16 à 21",
            "International Tracing Instrument (A/60/88), paragraphs 16 to 21",
        ),
        sections=(
            Section(
                "requesting",
                "Autorité requérante",
                "Requesting authority",
                (
                    country(request.owner_country),
                    Field("Autorité", "Authority", request.requesting_authority),
                    Field("Contact", "Contact", request.contact),
                ),
            ),
            Section(
                "recipient",
                "Destinataire",
                "Addressed to",
                (
                    country(request.recipient_country),
                    _field("Motif", "Basis", request.recipient_basis, TraceRecipientBasis),
                    Field("Autorité", "Authority", request.recipient_authority),
                ),
            ),
            Section(
                "firearm",
                "Arme à feu : marquages et description",
                "Firearm: markings and description",
                (
                    _field("Type", "Type", gun["category"], FirearmCategory),
                    _field("Marque", "Make", gun["make"]),
                    _field("Modèle", "Model", gun["model"]),
                    _field("Calibre", "Calibre", gun["calibre"]),
                    _field("Numéro de série", "Serial number", gun["serial_number"]),
                    _field("Autres marquages", "Other markings", gun["other_markings"]),
                    _field("Marquage d'importation", "Import marking", gun["import_marking"]),
                    country(
                        gun["country_of_manufacture"],
                        "Pays de fabrication",
                        "Country of manufacture",
                    ),
                    _field(
                        "Année de fabrication", "Year of manufacture", gun["year_of_manufacture"]
                    ),
                    _field(
                        "État des marquages", "Marking state", gun["marking_state"], MarkingState
                    ),
                    _field("Fabrication artisanale", "Craft-produced", gun["craft_produced"]),
                    _field("État de l'arme", "Condition", gun["condition"], Condition),
                ),
            ),
            Section(
                "seizure",
                "Circonstances de la saisie",
                "Circumstances of the seizure",
                (
                    _field(
                        "Date et heure (locale)", "Date and time (local)", seized["occurred_local"]
                    ),
                    country(seized["country"]),
                    _field("Lieu", "Place", seized["place"] or seized["location_text"]),
                    _field("Procès-verbal", "Report reference", seized["reference"]),
                    _field("Contexte", "Context", seized["context"], SeizureContext),
                    _field(
                        "Moyen de transport", "Transport", seized["transport_mode"], TransportMode
                    ),
                    _field("Dissimulation", "Concealment", seized["concealment"]),
                    _field(
                        "Provenance déclarée",
                        "Declared origin",
                        place(seized["declared_origin"], seized["declared_origin_country"]),
                    ),
                    _field(
                        "Destination déclarée",
                        "Declared destination",
                        place(
                            seized["declared_destination"], seized["declared_destination_country"]
                        ),
                    ),
                ),
                seized["narrative"],
            ),
            Section(
                "legal_basis",
                "Fondement juridique du caractère illicite",
                "Legal basis for considering the firearm illicit",
                text=request.legal_basis,
            ),
            Section(
                "intended_use",
                "Utilisation prévue des informations",
                "Intended use of the information",
                text=request.intended_use,
            ),
            Section(
                "status",
                "Suivi",
                "Follow-up",
                (
                    _field("Statut", "Status", request.status, TraceStatus),
                    _field("Réponse attendue le", "Answer due on", request.due_on),
                    _field("Demande complète", "Request complete", request.complete),
                    _field("Éléments manquants", "Missing", request.missing),
                ),
            ),
        ),
        footer_fr="Informations transmises aux seules fins indiquées ; ne pas les diffuser.",
        footer_en="Information provided for the stated purpose only; not for onward transmission.",
    )
