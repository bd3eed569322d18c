"""Constrained field types reused by every schema."""

from __future__ import annotations

from typing import Annotated

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from kafo.matching.text import control_characters


def no_control(value: str) -> str:
    bad = control_characters(value)
    if bad:
        raise ValueError(f"control character at position {bad[0]}")
    return value


def _country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code")
    return code


def _currency(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"'{value}' is not an ISO 4217 currency code")
    return code


ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(no_control),
]
Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
    AfterValidator(no_control),
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(no_control),
]
# Narratives may span lines, so only the other control characters are refused.
Narrative = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000),
    AfterValidator(lambda v: no_control(v.replace("\n", " ").replace("\r", " "))),
]
CountryCode = Annotated[str, AfterValidator(_country)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]


class InputModel(BaseModel):
    """Base of every input schema: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OutputModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
