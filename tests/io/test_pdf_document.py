"""Bilingual PDF documents: valid, paged, deterministic, and printing any
text the officers typed (accents kept, other scripts transliterated).

Text is read back from uncompressed output (``compress=False``): fpdf2
writes each line as a ``(...) Tj`` string in Windows-1252, the encoding the
PDF declares for the core fonts, so decoding those strings gives what a PDF
reader shows, without adding a PDF parsing dependency.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kafo.io.pdf_document import (
    Document,
    Field,
    Section,
    document_json,
    pdf_bytes,
    printable,
    value_text,
)

SHOWN = re.compile(rb"\(((?:\\.|[^\\)])*)\) Tj")


def shown_text(pdf: bytes) -> str:
    """Every string drawn on the pages, one per line, as a reader shows it."""
    strings = (re.sub(rb"\\(.)", rb"\1", s, flags=re.DOTALL) for s in SHOWN.findall(pdf))
    return "\n".join(s.decode("cp1252") for s in strings)


def drawn_heights(pdf: bytes) -> list[tuple[float, str]]:
    """(height from the page bottom in points, text) of each line drawn."""
    found = re.findall(rb" ([\d.]+) Td[^(]*\(((?:\\.|[^\\)])*)\) Tj", pdf)
    return [(float(y), re.sub(rb"\\(.)", rb"\1", s).decode("cp1252")) for y, s in found]


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def firearm(value: str | None = "Pistolet semi-automatique") -> Section:
    return Section(
        "arme",
        "Arme à feu",
        "Firearm",
        (
            Field("Numéro de série", "Serial number", "AB 12345"),
            Field("Catégorie", "Category", "Pistolet", "Pistol"),
            Field("Description", "Description", value),
            Field("Marquages", "Markings", None),
        ),
        text="Saisie au poste frontière de Kourémalé (Mali), l'arme était dissimulée.",
    )


def document(*sections: Section, issued_on: date = date(2026, 3, 4)) -> Document:
    return Document(
        "demande_tracage",
        "Demande de traçage",
        "Trace request",
        "KAFO-ML-2026-0042",
        issued_on,
        ("République du Mali", "Office central des stupéfiants et des armes"),
        sections or (firearm(),),
        "Document confidentiel — diffusion restreinte",
        "Confidential document — restricted distribution",
    )


def test_a_short_document_is_one_bilingual_page() -> None:
    pdf = pdf_bytes(document(), compress=False)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert page_count(pdf) == 1
    text = shown_text(pdf)
    for expected in (
        "République du Mali",
        "Demande de traçage",
        " / Trace request",
        "Référence / Reference : KAFO-ML-2026-0042",
        "Date : 04/03/2026",
        "Arme à feu",
        " / Firearm",
        "Numéro de série / Serial number",
        "Pistolet / Pistol",
        "Document confidentiel — diffusion restreinte",
        "Confidential document — restricted distribution",
        "page 1 / ",
    ):
        assert expected in text, expected


def test_an_empty_value_shows_a_dash_and_a_translated_value_both_languages() -> None:
    assert value_text(Field("Marquages", "Markings", None)) == "—"
    assert value_text(Field("Marquages", "Markings", "  ")) == "—"
    assert value_text(Field("Catégorie", "Category", "Pistolet", "Pistol")) == "Pistolet / Pistol"
    assert value_text(Field("Calibre", "Calibre", "9 mm", "9 mm")) == "9 mm"
    assert "\n—\n" in shown_text(pdf_bytes(document(), compress=False))


def test_a_long_document_is_paged_with_page_n_of_m_on_every_page() -> None:
    long_text = "Le témoin déclare que le véhicule venait de Niamey. " * 40
    sections = tuple(replace(firearm(), key=f"arme_{i}", text=long_text) for i in range(12))
    pdf = pdf_bytes(document(*sections), compress=False)
    pages = page_count(pdf)
    assert pages > 3
    assert re.search(rb"/Count (\d+)", pdf) is not None
    assert int(re.findall(rb"/Count (\d+)", pdf)[0]) == pages
    text = shown_text(pdf) + "\n"
    for n in range(1, pages + 1):
        assert f"page {n} / \n{pages}\n" in text
    assert text.count("Document confidentiel — diffusion restreinte") == pages
    # Body text stops above the footer (about 20 mm, 57 pt, from the bottom).
    footer = ("Document confidentiel", "Confidential document", "page ")
    for height, line in drawn_heights(pdf):
        assert (height < 57) == line.startswith(footer), (height, line)
    # Twice the content takes more pages: the count follows the content.
    assert page_count(pdf_bytes(document(*sections, *sections), compress=False)) > pages


def test_the_same_document_gives_the_same_bytes() -> None:
    assert pdf_bytes(document()) == pdf_bytes(document())
    assert pdf_bytes(document(), compress=False) == pdf_bytes(document(), compress=False)
    assert pdf_bytes(document()) != pdf_bytes(document(issued_on=date(2026, 3, 5)))
    assert b"/CreationDate (D:20260304000000Z)" in pdf_bytes(document(), compress=False)


def test_french_accents_and_windows_1252_signs_print_as_written() -> None:
    value = "Sévaré, Ségou — l'œuvre « à côté » coûte 100 € ; Côte d'Ivoire"
    pdf = pdf_bytes(document(firearm(value)), compress=False)
    assert value.encode("cp1252") in pdf
    assert value in shown_text(pdf)


def test_other_scripts_emoji_and_control_characters_are_transliterated_not_fatal() -> None:
    value = "Мамаду Траоре محمد 😀 日本 e\u0301\x00\x07\x1b\u200b fin\tok"
    pdf = pdf_bytes(document(firearm(value)), compress=False)
    assert pdf.startswith(b"%PDF-")
    text = shown_text(pdf)
    assert "Mamadu Traore mhmd :grinning: RiBen é fin ok" in text
    assert "\x00" not in text and "\x1b" not in text


def test_a_value_cannot_be_mistaken_for_the_page_count() -> None:
    pdf = pdf_bytes(document(firearm("marque {nb} et \x1fN\x1f")), compress=False)
    assert "marque {nb} et N" in shown_text(pdf)


def test_a_value_longer_than_a_page_is_printed_across_pages() -> None:
    huge = "\n".join(f"Ligne {i} du procès-verbal" for i in range(200))
    pdf = pdf_bytes(document(firearm(huge)), compress=False)
    text = shown_text(pdf)
    assert page_count(pdf) > 1
    assert "Ligne 0 du procès-verbal" in text and "Ligne 199 du procès-verbal" in text


def test_json_carries_both_languages_for_every_label() -> None:
    data = document_json(document())
    assert data["document"] == "demande_tracage"
    assert data["title"] == {"fr": "Demande de traçage", "en": "Trace request"}
    assert (data["reference"], data["issued_on"]) == ("KAFO-ML-2026-0042", "2026-03-04")
    assert data["header"] == ["République du Mali", "Office central des stupéfiants et des armes"]
    assert data["footer"]["en"] == "Confidential document — restricted distribution"
    (section,) = data["sections"]
    assert section["title"] == {"fr": "Arme à feu", "en": "Firearm"}
    assert section["text"].startswith("Saisie au poste")
    serial, category, _, markings = section["fields"]
    assert serial == {
        "fr": "Numéro de série",
        "en": "Serial number",
        "value": "AB 12345",
        "value_en": "AB 12345",
    }
    assert (category["value"], category["value_en"]) == ("Pistolet", "Pistol")
    assert (markings["value"], markings["value_en"]) == (None, None)
    assert all(f["fr"] and f["en"] for f in section["fields"])


@given(st.text())
def test_printable_text_is_windows_1252_without_controls_and_stable(text: str) -> None:
    out = printable(text)
    out.encode("cp1252")
    assert all(ch == "\n" or ord(ch) >= 0x20 for ch in out)
    assert not any(0x7F <= ord(ch) < 0xA0 for ch in out)
    assert printable(out) == out
