"""The docs describe the code as it is: settings and import columns."""

from __future__ import annotations

from pathlib import Path

from kafo.io.registry_file import REGISTRY
from kafo.io.sheets import SHEETS
from kafo.labels import LABELS
from kafo.settings import Settings

DOCS = Path(__file__).parents[2] / "docs"


def test_every_setting_is_in_the_settings_table() -> None:
    table = (DOCS / "settings.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`KAFO_{name.upper()}`" in table, name


def test_every_sheet_column_and_code_is_documented() -> None:
    page = (DOCS / "data-formats.md").read_text(encoding="utf-8")
    for sheet in SHEETS:
        assert f"`{sheet.fr}` / `{sheet.en}`" in page
        for col in sheet.columns:
            assert f"| `{col.fr}` | `{col.en}` |" in page, (sheet.fr, col.fr)
    assert f"`{REGISTRY.fr}` / `{REGISTRY.en}`" in page
    for col in REGISTRY.columns:
        assert f"| `{col.fr}` | `{col.en}` |" in page, (REGISTRY.fr, col.fr)
    for labels in LABELS.values():
        for code, (fr, en) in labels.items():
            assert f"| `{code}` | {fr} | {en} |" in page, code
