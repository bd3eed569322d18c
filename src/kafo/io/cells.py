"""Cell values to payload values, as officers type them in a spreadsheet.

French habits are accepted: decimal commas, ``JJ/MM/AAAA HH:MM`` dates,
``oui``/``non``, and vocabulary labels in French or English as well as codes.
Each converter raises :class:`CellError` with a message in words.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from kafo.io.sheets import Column
from kafo.labels import LABELS, fold, lookup

TRUE = {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}
FALSE = {"non", "n", "no", "false", "faux", "0"}
DATE_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %Hh%M", "%d/%m/%Y")
LIST_SPLIT = re.compile(r"\s*[;|]\s*")


class CellError(ValueError):
    pass


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).strip()


def _vocab(col: Column, value: Any) -> str:
    assert col.vocab is not None
    code = lookup(col.vocab, _text(value))
    if code is None:
        choices = ", ".join(fr for fr, _en in LABELS[col.vocab].values())
        raise CellError(f"'{_text(value)[:60]}' n'est pas une valeur admise ({choices})")
    return code


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = fold(_text(value))
    if key in TRUE:
        return True
    if key in FALSE:
        return False
    raise CellError(f"'{_text(value)[:60]}': répondre oui ou non")


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError("un nombre entier est attendu")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).replace(" ", "").replace("\u202f", "").replace("\xa0", "")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    raise CellError(f"'{_text(value)[:60]}' n'est pas un nombre entier")


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError("un nombre est attendu")
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = _text(value).replace(" ", "").replace("\u202f", "").replace("\xa0", "")
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise CellError(f"'{_text(value)[:60]}' n'est pas un nombre") from None
    if not number.is_finite():
        raise CellError(f"'{text[:60]}' n'est pas un nombre")
    return number


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    text = _text(value)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise CellError(f"'{text[:60]}' n'est pas une date et heure (JJ/MM/AAAA HH:MM)")


def _list(value: Any) -> list[str]:
    return [part for part in LIST_SPLIT.split(_text(value)) if part]


CONVERTERS = {
    "text": _text,
    "vocab": None,
    "bool": _bool,
    "int": _int,
    "decimal": _decimal,
    "datetime": _datetime,
    "list": _list,
}


def convert(col: Column, value: Any) -> Any:
    if col.kind == "vocab":
        return _vocab(col, value)
    converter = CONVERTERS[col.kind]
    assert converter is not None
    return converter(value)
