"""Filling the real template, as an officer would, for import tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from kafo.io.template import write_template

PLACES = [("ml-zegoua", "Zégoua", "ML", "land_border_post")]


def filled_template(path: Path, rows: dict[str, list[dict[str, Any]]]) -> Path:
    """Write the template, then put ``rows`` (by French sheet and header) in it."""
    write_template(path, PLACES)
    wb = load_workbook(path)
    for sheet, records in rows.items():
        ws = wb[sheet]
        headers = {c.value: c.column for c in ws[1]}
        for r, record in enumerate(records, 2):
            for header, value in record.items():
                ws.cell(r, headers[header], value)
    wb.save(path)
    return path


def one_seizure(ref: str = "PV-001", **seizure: Any) -> dict[str, list[dict[str, Any]]]:
    return {
        "saisies": [
            {
                "ref_saisie": ref,
                "date_heure": "10/11/2026 14:30",
                "lieu": "ml-zegoua",
                "contexte": "Contrôle de routine",
                "mode_transport": "moto",
                "recit": "Arme dissimulée dans un sac de mil",
                **seizure,
            }
        ],
        "armes": [
            {
                "ref_saisie": ref,
                "categorie": "fusil d'assaut",
                "marque": "kalach",
                "calibre": "7,62x39",
                "numero_serie": "56-1234567",
                "artisanale": "non",
            }
        ],
        "munitions": [{"ref_saisie": ref, "calibre": "7.62x39", "nombre_cartouches": 120}],
        "explosifs": [
            {"ref_saisie": ref, "type": "bâton de dynamite", "quantite": "40", "unite": "bâtons"}
        ],
        "autres_biens": [
            {
                "ref_saisie": ref,
                "type": "numéraire",
                "quantite": "250 000",
                "unite": "montant",
                "devise": "XOF",
            },
            {
                "ref_saisie": ref,
                "type": "drogue",
                "description": "cannabis",
                "quantite": "12,5",
                "unite": "kg",
            },
        ],
        "personnes": [
            {
                "ref_saisie": ref,
                "ref_personne": 1,
                "role": "convoyeur",
                "statut_arrestation": "interpellé",
                "nom": "TRAORE",
                "prenoms": "Mamadou",
                "date_naissance": "vers 1985",
                "nationalites": "ML",
                "telephones": "76 12 34 56; +226 70 12 34 56",
            }
        ],
        "vehicules": [
            {
                "ref_saisie": ref,
                "ref_vehicule": 1,
                "type": "moto",
                "immatriculation": "AB 1234 MD",
                "pays_immatriculation": "ML",
            }
        ],
    }
