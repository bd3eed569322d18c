"""Partial and approximate dates of birth, as officers write them.

Accepted shapes: ``1985``, ``1985-03``, ``1985-03-12``, ``12/03/1985``,
``03/1985`` (day first, the French order), each optionally preceded by an
approximation marker: ``vers``, ``env.``, ``environ``, ``ca``, ``c.``,
``circa``, ``~``, ``about``, ``approx.``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_APPROX = re.compile(
    r"^(?:vers|env\.?|environ|ca\.?|c\.|circa|about|approx\.?|~)\s*", re.IGNORECASE
)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_FR = re.compile(r"^(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})$")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return ("~" if self.approximate else "") + text


class DateParseError(ValueError):
    pass


def parse_partial_date(text: str, *, today: date | None = None) -> PartialDate:
    """Parse ``text``; raise :class:`DateParseError` with a reason in words."""
    raw = text.strip()
    approximate = False
    stripped = _APPROX.sub("", raw)
    if stripped != raw:
        approximate = True
    year: int
    month: int | None
    day: int | None
    if m := _ISO.match(stripped):
        year = int(m[1])
        month = int(m[2]) if m[2] else None
        day = int(m[3]) if m[3] else None
    elif m := _FR.match(stripped):
        day = int(m[1]) if m[1] else None
        month = int(m[2])
        year = int(m[3])
    else:
        raise DateParseError(
            f"'{text}' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY or MM/YYYY"
        )
    today = today or date.today()
    if not 1900 <= year <= today.year:
        raise DateParseError(f"year {year} is outside 1900–{today.year}")
    if month is not None and not 1 <= month <= 12:
        raise DateParseError(f"month {month} does not exist")
    if day is not None and month is not None:
        try:
            full = date(year, month, day)
        except ValueError as exc:
            raise DateParseError(f"{year:04d}-{month:02d}-{day:02d} does not exist") from exc
        if full > today:
            raise DateParseError(f"{full.isoformat()} is in the future")
    return PartialDate(year, month, day, approximate)


# --- Comparing two dates of birth --------------------------------------------

APPROXIMATE_YEARS = 2  # "vers 1985" agrees with any year from 1983 to 1987


@dataclass(frozen=True)
class DateAgreement:
    """How two dates of birth bear on two records being one person:
    ``weight`` from -1 (certainly different people) to 1 (the same date)."""

    weight: float
    reason: str


def compare_dates(a: PartialDate, b: PartialDate) -> DateAgreement:
    """Evidence from two dates of birth, partial or approximate.

    The same full date is strong evidence; day and month swapped (12/03
    against 03/12, a common slip between French and English order) is
    nearly as strong; agreement only as far as the less precise date goes
    is weaker; years further apart than an approximation allows are
    evidence against."""
    slack = APPROXIMATE_YEARS if (a.approximate or b.approximate) else 0
    gap = abs(a.year - b.year)
    if gap > slack:
        if gap <= 1 and not slack:
            return DateAgreement(-0.3, f"years differ by one ({a} / {b})")
        return DateAgreement(-1.0, f"years {a.year} and {b.year} too far apart")
    if slack:
        if gap == 0:
            return DateAgreement(0.35, f"same year, approximate on one ({a} / {b})")
        return DateAgreement(0.3, f"years agree within the approximation ({a} / {b})")
    if a.month is None or b.month is None:
        return DateAgreement(0.4, f"same year {a.year}; month unknown on one")
    if a.day is not None and b.day is not None:
        if (a.month, a.day) == (b.month, b.day):
            return DateAgreement(1.0, f"same date of birth {a}")
        if (a.month, a.day) == (b.day, b.month):
            return DateAgreement(0.8, f"day and month swapped ({a} / {b})")
        if a.month == b.month:
            return DateAgreement(-0.2, f"same month, days differ ({a} / {b})")
        return DateAgreement(-0.6, f"dates differ ({a} / {b})")
    if a.month == b.month:
        return DateAgreement(0.6, f"same year and month {a.year}-{a.month:02d}")
    if (a.day is not None and a.day == b.month) or (b.day is not None and b.day == a.month):
        return DateAgreement(0.3, f"month of one may be the day of the other ({a} / {b})")
    return DateAgreement(-0.6, f"months differ ({a} / {b})")
