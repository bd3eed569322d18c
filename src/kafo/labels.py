"""French and English labels of the controlled vocabularies.

Codes are what is stored; labels are what officers read and may type in a
spreadsheet. French comes first: it is the working language at the posts.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from functools import cache

from kafo.model import vocab as v

LABELS: dict[type[StrEnum], dict[str, tuple[str, str]]] = {
    v.SeizureContext: {
        "routine_check": ("contrôle de routine", "routine check"),
        "intelligence_led": ("sur renseignement", "intelligence-led"),
        "patrol": ("patrouille", "patrol"),
        "search": ("perquisition / fouille", "search"),
        "found_abandoned": ("trouvé / abandonné", "found / abandoned"),
        "surrendered": ("remise volontaire", "surrendered"),
    },
    v.TransportMode: {
        "on_foot": ("à pied", "on foot"),
        "motorcycle": ("moto", "motorcycle"),
        "car": ("voiture", "car"),
        "bus": ("car / bus", "bus"),
        "truck": ("camion", "truck"),
        "boat": ("pirogue / bateau", "boat"),
        "air_passenger": ("passager aérien", "air passenger"),
        "air_cargo": ("fret aérien", "air cargo"),
        "courier_post": ("colis / poste", "courier / post"),
    },
    v.FirearmCategory: {
        "pistol": ("pistolet", "pistol"),
        "revolver": ("revolver", "revolver"),
        "rifle_carbine": ("fusil / carabine", "rifle / carbine"),
        "assault_rifle": ("fusil d'assaut", "assault rifle"),
        "submachine_gun": ("pistolet-mitrailleur", "sub-machine gun"),
        "light_machine_gun": ("fusil-mitrailleur", "light machine gun"),
        "heavy_machine_gun": ("mitrailleuse lourde", "heavy machine gun"),
        "shotgun": ("fusil de chasse", "shotgun"),
        "light_weapon": ("arme légère (lance-roquettes, lance-grenades)", "light weapon"),
        "other": ("autre arme à feu", "other firearm"),
        "unknown": ("inconnue", "unknown"),
    },
    v.MarkingState: {
        "intact": ("intact", "intact"),
        "altered": ("modifié", "altered"),
        "obliterated": ("effacé / limé", "obliterated"),
        "unmarked": ("sans marquage", "unmarked"),
    },
    v.Condition: {
        "functional": ("fonctionnelle", "functional"),
        "non_functional": ("non fonctionnelle", "non-functional"),
        "damaged": ("endommagée", "damaged"),
        "unknown": ("inconnu", "unknown"),
    },
    v.ExplosiveKind: {
        "dynamite_stick": ("bâton de dynamite", "dynamite stick"),
        "detonating_cord": ("cordeau détonant", "detonating cord"),
        "detonator": ("détonateur", "detonator"),
        "other": ("autre explosif", "other explosive"),
    },
    v.CommodityKind: {
        "drug": ("drogue", "drug"),
        "medicine": ("médicaments", "medicine"),
        "fuel": ("carburant", "fuel"),
        "cash": ("numéraire", "cash"),
        "firearm_part": ("pièces et éléments d'armes", "firearm parts and components"),
        "other": ("autre", "other"),
    },
    v.QuantityUnit: {
        "pieces": ("pièces", "pieces"),
        "sticks": ("bâtons", "sticks"),
        "m": ("mètres", "metres"),
        "rolls": ("rouleaux", "rolls"),
        "kg": ("kg", "kg"),
        "g": ("g", "g"),
        "t": ("tonnes", "tonnes"),
        "l": ("litres", "litres"),
        "boxes": ("boîtes", "boxes"),
        "packets": ("paquets", "packets"),
        "currency": ("montant", "amount"),
    },
    v.Sex: {"M": ("masculin", "male"), "F": ("féminin", "female"), "U": ("inconnu", "unknown")},
    v.PersonRole: {
        "suspect": ("suspect", "suspect"),
        "driver": ("conducteur", "driver"),
        "passenger": ("passager", "passenger"),
        "owner": ("propriétaire", "owner"),
        "courier": ("convoyeur", "courier"),
        "witness": ("témoin", "witness"),
    },
    v.ArrestStatus: {
        "arrested": ("interpellé", "arrested"),
        "not_arrested": ("non interpellé", "not arrested"),
        "fled": ("en fuite", "fled"),
        "released": ("relâché", "released"),
    },
    v.DocumentType: {
        "national_id": ("carte nationale d'identité", "national identity card"),
        "passport": ("passeport", "passport"),
        "consular_card": ("carte consulaire", "consular card"),
        "driving_licence": ("permis de conduire", "driving licence"),
        "voter_card": ("carte d'électeur", "voter card"),
        "ecowas_id": ("carte d'identité CEDEAO", "ECOWAS identity card"),
        "other": ("autre pièce", "other document"),
    },
    v.VehicleType: {
        "motorcycle": ("moto", "motorcycle"),
        "car": ("voiture", "car"),
        "pickup": ("pick-up", "pickup"),
        "suv": ("4x4", "SUV"),
        "bus": ("car / bus", "bus"),
        "minibus": ("minibus", "minibus"),
        "truck": ("camion", "truck"),
        "tanker_truck": ("camion-citerne", "tanker truck"),
        "boat": ("pirogue / bateau", "boat"),
        "bicycle": ("vélo", "bicycle"),
        "other": ("autre", "other"),
    },
    v.VehicleRole: {
        "conveyance": ("moyen de transport", "conveyance"),
        "escort": ("éclaireur / escorte", "escort"),
        "abandoned": ("abandonné", "abandoned"),
        "other": ("autre", "other"),
    },
    v.Sharing: {
        "national": ("national", "national"),
        "operation": ("opération", "operation"),
        "partners": ("partenaires", "partners"),
    },
    v.TraceRoute: {
        "traceable": ("traçable", "traceable"),
        "incomplete": ("incomplet pour un traçage", "incomplete for a trace"),
        "marking_examination": ("examen des marquages", "marking examination"),
        "competent_authority": ("autorité compétente", "competent authority"),
    },
    v.RegistryKind: {
        "lost": ("perdue", "lost"),
        "stolen": ("volée", "stolen"),
        "trafficked": ("trafic / contrebande", "trafficked / smuggled"),
        "national_registry": ("registre national (détention légale)", "national registry"),
        "stockpile": ("stock de l'État", "state stockpile"),
        "transfer": ("exportation / importation", "export / import record"),
    },
    v.RegistryStatus: {
        "active": ("active", "active"),
        "recovered": ("retrouvée", "recovered"),
        "closed": ("close", "closed"),
        "withdrawn": ("retirée", "withdrawn"),
    },
    v.MatchKind: {
        "exact": ("identique", "exact"),
        "lookalike": ("caractères semblables", "look-alike characters"),
        "fuzzy": ("approchant", "fuzzy"),
        "partial": ("partiel", "partial"),
    },
    v.HandlingCode: {
        "H1": ("H1 pas pour la justice sans accord", "H1 not for court without consent"),
        "H2": ("H2 pas de diffusion ultérieure", "H2 no onward sharing"),
        "H3": ("H3 restriction particulière", "H3 specific restriction"),
    },
    v.WatchlistKind: {
        "un_security_council": (
            "Liste récapitulative du Conseil de sécurité (ONU)",
            "UN Security Council Consolidated List",
        ),
        "wanted": ("personnes recherchées", "wanted persons"),
        "other": ("autre liste", "other list"),
    },
    v.ListedSubject: {
        "individual": ("personne", "individual"),
        "entity": ("entité", "entity"),
    },
    v.EntryStatus: {
        "listed": ("inscrite", "listed"),
        "delisted": ("radiée", "de-listed"),
    },
    v.EntryChange: {
        "listed": ("inscription", "listed"),
        "updated": ("mise à jour", "updated"),
        "delisted": ("radiation", "de-listed"),
        "relisted": ("réinscription", "re-listed"),
    },
    v.Judgement: {
        "same": ("même personne", "same individual"),
        "different": ("personnes différentes", "different individuals"),
        "withdrawn": ("jugement retiré", "judgement withdrawn"),
    },
    v.TraceRecipientBasis: {
        "manufacture": ("pays de fabrication", "country of manufacture"),
        "last_import": ("pays de dernière importation licite", "country of last legal import"),
        "other": ("autre pays", "other country"),
    },
    v.TraceStatus: {
        "draft": ("brouillon", "draft"),
        "sent": ("envoyée", "sent"),
        "acknowledged": ("accusé de réception", "acknowledged"),
        "answered_partial": ("réponse partielle", "answered (partial)"),
        "answered_complete": ("réponse complète", "answered (complete)"),
        "declined": ("refusée", "declined"),
        "no_response": ("sans réponse", "no response"),
        "closed": ("clôturée", "closed"),
    },
    v.TraceEventKind: {
        "created": ("créée", "created"),
        "sent": ("envoyée", "sent"),
        "acknowledged": ("accusé de réception", "acknowledged"),
        "answered_partial": ("réponse partielle", "answered (partial)"),
        "answered_complete": ("réponse complète", "answered (complete)"),
        "declined": ("refusée", "declined"),
        "no_response": ("constat d'absence de réponse", "no response recorded"),
        "closed": ("clôturée", "closed"),
        "reminded": ("relance", "reminder"),
        "escalated": ("escalade", "escalated"),
        "note": ("note", "note"),
    },
    v.LifeEventKind: {
        "manufacture": ("fabrication", "manufacture"),
        "export": ("exportation", "export"),
        "import": ("importation", "import"),
        "transfer": ("cession à un détenteur légal", "transfer to a legal holder"),
        "last_legal_record": ("dernier enregistrement légal", "last legal record"),
        "diversion": ("point de détournement", "point of diversion"),
    },
    v.TraceConclusion: {
        "traced": ("origine illicite tracée", "illicit origin traced"),
        "established": (
            "origine illicite établie par une autorité compétente",
            "illicit origin established by a competent authority",
        ),
        "pending": ("en cours", "pending"),
        "insufficient_information": ("informations insuffisantes", "insufficient information"),
        "not_attempted": ("non tenté", "not attempted"),
    },
    v.CaseStatus: {
        "open": ("enquête préliminaire", "open (preliminary enquiry)"),
        "investigation": ("information judiciaire", "judicial investigation"),
        "prosecution": ("poursuites engagées", "prosecution"),
        "judged": ("jugée", "judged"),
        "dismissed": ("classée sans suite / non-lieu", "dismissed"),
        "closed": ("clôturée", "closed"),
    },
    v.SuspectRole: {
        "organiser": ("organisateur", "organiser"),
        "supplier": ("fournisseur", "supplier"),
        "buyer": ("acheteur", "buyer"),
        "courier": ("convoyeur", "courier"),
        "facilitator": ("facilitateur", "facilitator"),
        "financier": ("financier", "financier"),
        "accomplice": ("complice", "accomplice"),
        "other": ("autre", "other"),
    },
    v.ExhibitKind: {
        "firearm": ("arme à feu", "firearm"),
        "ammunition": ("munitions", "ammunition"),
        "explosive": ("explosif", "explosive"),
        "commodity": ("autre marchandise", "other commodity"),
    },
    v.CustodyPurpose: {
        "seizure": ("saisie", "seizure"),
        "storage": ("mise sous scellé / stockage", "storage"),
        "transfer": ("transfert", "transfer"),
        "examination": ("expertise", "examination"),
        "court": ("présentation au tribunal", "court"),
        "returned": ("restitution", "returned"),
        "destroyed": ("destruction", "destroyed"),
    },
    v.StepKind: {
        "interview": ("audition", "interview"),
        "search": ("perquisition", "search"),
        "forensic_examination": ("expertise balistique / technique", "forensic examination"),
        "marking_examination": ("examen des marquages", "marking examination"),
        "record_check": ("vérification de fichiers", "record check"),
        "trace_request": ("demande de traçage", "trace request"),
        "arrest": ("interpellation", "arrest"),
        "mutual_legal_assistance": ("entraide judiciaire", "mutual legal assistance"),
        "other": ("autre", "other"),
    },
    v.ChargeOutcome: {
        "pending": ("en attente", "pending"),
        "convicted": ("condamnation", "convicted"),
        "acquitted": ("relaxe / acquittement", "acquitted"),
        "dismissed": ("abandon des poursuites", "dismissed"),
    },
}


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Contrôle de routine' → 'controle de routine'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("_", " ").replace("’", "'").split())


def label(enum: type[StrEnum], code: str, lang: str = "fr") -> str:
    fr, en = LABELS[enum][code]
    return fr if lang == "fr" else en


@cache
def _reverse(enum: type[StrEnum]) -> dict[str, str]:
    names: dict[str, str] = {}
    for code, (fr, en) in LABELS[enum].items():
        for text in (code, fr, en):
            names.setdefault(fold(text), code)
    return names


def lookup(enum: type[StrEnum], text: str) -> str | None:
    """The code whose code, French or English label is ``text``, if any."""
    return _reverse(enum).get(fold(text))
