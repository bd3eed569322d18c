"""The XLSX template officers fill in, French first.

One sheet per part of a seizure (see :mod:`kafo.io.sheets`), headers with a
comment explaining each column, drop-down lists for coded columns, a sheet of
place codes and a short guide. The importer accepts exactly what this writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kafo.io.sheets import SHEETS, Column
from kafo.labels import LABELS

REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
MAX_ROWS = 5000

GUIDE = [
    ("kafo — modèle d'import des saisies", ""),
    ("", ""),
    ("Feuille", "Contenu"),
    *[(s.fr, s.note or "") for s in SHEETS],
    ("lieux", "Codes des postes frontières et lieux connus, à utiliser dans la colonne 'lieu'"),
    ("", ""),
    ("Règles", ""),
    ("1", "Chaque saisie a une référence 'ref_saisie' unique pour votre pays (n° de PV)."),
    ("2", "Les autres feuilles rattachent chaque ligne à sa saisie par 'ref_saisie'."),
    ("3", "Les colonnes en orange sont obligatoires."),
    ("4", "Heures: heure locale du lieu, JJ/MM/AAAA HH:MM."),
    ("5", "Un fichier avec une seule ligne rejetée n'importe rien (sauf option --partial)."),
    ("6", "Réimporter le même fichier ne change rien."),
    ("", ""),
    ("English", "Headers may also be given in English (seizures, firearms, …); see docs."),
]


def _lists_sheet(wb: Workbook) -> dict[str, str]:
    """A hidden sheet with one column per vocabulary; returns range formulas."""
    ws = wb.create_sheet("listes")
    ws.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    for i, (enum, labels) in enumerate(LABELS.items(), 1):
        letter = get_column_letter(i)
        ws.cell(1, i, enum.__name__)
        for j, (fr, _en) in enumerate(labels.values(), 2):
            ws.cell(j, i, fr)
        ranges[enum.__name__] = f"listes!${letter}$2:${letter}${len(labels) + 1}"
    return ranges


def _header(ws: Worksheet, index: int, col: Column) -> None:
    cell = ws.cell(1, index, col.fr)
    cell.font = Font(bold=True)
    cell.fill = REQUIRED_FILL if col.required else HEADER_FILL
    note = f"{col.note}\n" if col.note else ""
    cell.comment = Comment(f"{note}English: {col.en}", "kafo", width=260, height=90)
    ws.column_dimensions[get_column_letter(index)].width = max(12, len(col.fr) + 4)


def write_template(path: Path, places: Sequence[tuple[str, str, str, str]]) -> Path:
    """Write the template to ``path``; ``places`` are (code, name, country, kind)."""
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = "lisez-moi"
    for r, (a, b) in enumerate(GUIDE, 1):
        guide.cell(r, 1, a).font = Font(bold=r in (1, 3, 3 + len(SHEETS) + 3))
        guide.cell(r, 2, b)
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 100
    ranges = _lists_sheet(wb)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.fr)
        ws.freeze_panes = "A2"
        for i, col in enumerate(sheet.columns, 1):
            _header(ws, i, col)
            if col.vocab is not None:
                dv = DataValidation(
                    type="list",
                    formula1=f"={ranges[col.vocab.__name__]}",
                    allow_blank=True,
                    showErrorMessage=False,
                )
                letter = get_column_letter(i)
                dv.add(f"{letter}2:{letter}{MAX_ROWS}")
                ws.add_data_validation(dv)
    lieux = wb.create_sheet("lieux")
    for i, title in enumerate(("code", "nom", "pays", "type"), 1):
        lieux.cell(1, i, title).font = Font(bold=True)
    for r, row in enumerate(places, 2):
        for i, value in enumerate(row, 1):
            lieux.cell(r, i, value)
    lieux.column_dimensions["A"].width = 28
    lieux.column_dimensions["B"].width = 36
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
