"""Counts of the shipped reference, for ``kafo reference stats``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from kafo.reference.tables import load


def reference_stats() -> dict[str, Any]:
    t = load()
    return {
        "calibres": len(t.calibres),
        "calibre_aliases": sum(len(c.aliases) for c in t.calibres.values()),
        "calibres_by_type": dict(sorted(Counter(c.type for c in t.calibres.values()).items())),
        "manufacturers": len(t.manufacturers),
        "manufacturer_countries": len({m.country for m in t.manufacturers.values() if m.country}),
        "models": len(t.models),
        "model_names": sum(len(m.names) for m in t.models.values()),
        "models_by_category": dict(
            sorted(Counter(m.category.value for m in t.models.values()).items())
        ),
        "craft_models": sum(m.craft for m in t.models.values()),
    }
