"""Reading the CSV tables shipped inside the package.

Reference tables (places, agencies, firearms, the demo's names) are plain
CSV reviewed like code; every reader goes through here, so they are all
decoded and split the same way.
"""

from __future__ import annotations

import csv
import io
from importlib import resources


def read_rows(*path: str) -> list[dict[str, str]]:
    """Rows of the CSV at ``kafo/<path>``, as dictionaries by header."""
    node = resources.files("kafo").joinpath(*path)
    return list(csv.DictReader(io.StringIO(node.read_text(encoding="utf-8"), newline="")))


def split_bars(value: str | None) -> tuple[str, ...]:
    """A ``|``-separated cell as its non-empty, trimmed parts."""
    return tuple(p.strip() for p in (value or "").split("|") if p.strip())
