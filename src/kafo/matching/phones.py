"""Phone numbers to E.164 with ``phonenumbers``.

A number written without its country code is read in the region of the
recording country (a Malian officer writing ``76 12 34 56`` means +223).
"""

from __future__ import annotations

import phonenumbers


class PhoneParseError(ValueError):
    pass


def to_e164(text: str, default_region: str | None) -> str:
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneParseError(f"'{text}' is not a phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise PhoneParseError(f"'{text}' has the wrong length for its country")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
