"""Text hygiene shared by every normaliser."""

from __future__ import annotations

import unicodedata


def control_characters(value: str) -> list[int]:
    """Positions (1-based) of control or format characters in ``value``.

    Tabs and newlines count too: no field kafo stores on one line may hold
    them, and a serial or name that does is a copy-paste or encoding accident.
    """
    return [i for i, ch in enumerate(value, 1) if unicodedata.category(ch) in {"Cc", "Cf"}]


def alnum_upper(value: str) -> str:
    """Upper-case letters and digits only: the canonical key of plates,
    document numbers and frame numbers."""
    folded = unicodedata.normalize("NFKC", value).upper()
    return "".join(ch for ch in folded if ch.isalnum())
