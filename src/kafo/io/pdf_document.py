"""Bilingual (French / English) formal documents as PDF and as JSON.

Trace requests, seizure reports and exhibit receipts leave the system as
documents that a prosecutor, a customs office abroad or a partner agency
must read in French or in English. Every label is therefore printed as
"Libellé / Label", French first; a value is printed once, or as
"valeur / value" when the value itself was translated (a vocabulary label).

Why fpdf2 with the core Helvetica font: the system must work offline and
ship nothing it does not need, and the core fonts need no font file. They
only cover Windows-1252, so :func:`printable` keeps every Windows-1252
character (French accents, "œ", "€", "—") and transliterates everything else
with ``anyascii`` (Arabic or Cyrillic names, emoji) instead of failing: a
name printed as "Privet" is better than no document. Control characters are
dropped. The JSON keeps the text exactly as given.

The same document always gives the same bytes (creation date taken from
``issued_on``), so a document can be checked against its hash.

Limitations: a label cell has one style (no italic English half), because
the table's markdown mode would also interpret markers in officers' values;
the headings do show the English in italics. A field whose value is taller
than half a page is printed under its label, full width, because a table row
cannot span pages.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from anyascii import anyascii
from fpdf import FPDF
from fpdf.enums import MethodReturnValue
from fpdf.fonts import FontFace

DASH = "—"  # in Windows-1252, so the core font prints it
FONT = "Helvetica"
LINE = 5.0  # mm, body line height
FOOTER_LINE = 3.5  # mm
LABEL_SHARE = 0.35  # of the text width, for the label column
PADDING = 1.2  # mm, inside table cells
GREY = 90
LABEL_STYLE = FontFace(color=60, fill_color=238)
# The total page count is written in place of this alias when the PDF is
# closed. It contains control characters, which printable() removes from all
# supplied text, so no value can ever be mistaken for it (fpdf2's default
# "{nb}" could appear in a narrative).
PAGES_ALIAS = "\x1f\x1e"  # reserves room for two digits


@dataclass(frozen=True)
class Field:
    """A labelled value; ``value_en`` only when the value itself is translated."""

    fr: str
    en: str
    value: str | None
    value_en: str | None = None


@dataclass(frozen=True)
class Section:
    """A titled part: labelled fields, then an optional free paragraph."""

    key: str
    fr: str
    en: str
    fields: tuple[Field, ...] = ()
    text: str | None = None


@dataclass(frozen=True)
class Document:
    key: str
    fr: str
    en: str
    reference: str
    issued_on: date
    header_lines: tuple[str, ...]
    sections: tuple[Section, ...]
    footer_fr: str
    footer_en: str


# --- JSON -----------------------------------------------------------------


def document_json(doc: Document) -> dict[str, Any]:
    """A JSON-ready dict with every label in both languages.

    ``value_en`` is filled with ``value`` when the value was not translated,
    so an English reader needs only the ``*_en`` and ``en`` keys."""
    return {
        "document": doc.key,
        "title": {"fr": doc.fr, "en": doc.en},
        "reference": doc.reference,
        "issued_on": doc.issued_on.isoformat(),
        "header": list(doc.header_lines),
        "sections": [_section_json(s) for s in doc.sections],
        "footer": {"fr": doc.footer_fr, "en": doc.footer_en},
    }


def _section_json(section: Section) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": {"fr": section.fr, "en": section.en},
        "fields": [
            {
                "fr": f.fr,
                "en": f.en,
                "value": f.value,
                "value_en": f.value if f.value_en is None else f.value_en,
            }
            for f in section.fields
        ],
        "text": section.text,
    }


# --- text -----------------------------------------------------------------


def printable(text: str) -> str:
    """Text the core fonts can print: Windows-1252 kept, the rest transliterated.

    Line breaks are kept (as "\\n"), tabs become spaces, other control and
    format characters are dropped."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(_printable_char(ch) for ch in text)


def _printable_char(ch: str) -> str:
    if ch == "\n":
        return ch
    if ch == "\t":
        return " "
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return ""
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        # anyascii gives ASCII; keep only its printable part.
        return "".join(c for c in anyascii(ch) if c.isprintable())
    return ch


def _both(fr: str, en: str) -> str:
    fr, en = printable(fr).strip(), printable(en).strip()
    return fr if fr == en or not en else f"{fr} / {en}"


def value_text(f: Field) -> str:
    """The value cell: "value", "value / value_en" when translated, or a dash."""
    parts: list[str] = []
    for raw in (f.value, f.value_en):
        text = printable(raw).strip() if raw else ""
        if text and text not in parts:
            parts.append(text)
    return " / ".join(parts) or DASH


# --- PDF ------------------------------------------------------------------


class _Pdf(FPDF):
    """A4 pages with the document's footer and "page N / M" on each page."""

    def __init__(self, doc: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        # Core fonts are declared WinAnsiEncoding in the PDF: encode to match.
        self.core_fonts_encoding = "cp1252"
        self.alias_nb_pages(PAGES_ALIAS, align="R")
        self.set_margins(18, 15, 18)
        self._footer_fr = printable(doc.footer_fr).strip()
        self._footer_en = printable(doc.footer_en).strip()
        self._footer_height = FOOTER_LINE

    def reserve_footer(self) -> None:
        """Size the bottom margin to the footer; call once a page is open."""
        self.set_font(FONT, "", 7)
        lines = sum(
            _line_count(self, self.epw, FOOTER_LINE, text)
            for text in (self._footer_fr, self._footer_en)
            if text
        )
        self._footer_height = (lines + 1) * FOOTER_LINE
        self.set_auto_page_break(True, margin=self._footer_height + 12)

    def footer(self) -> None:
        self.set_y(-(self._footer_height + 8))
        self.set_draw_color(GREY)
        self.line(self.l_margin, self.y - 1, self.w - self.r_margin, self.y - 1)
        self.set_text_color(GREY)
        for text, style in ((self._footer_fr, ""), (self._footer_en, "I")):
            if text:
                self.set_font(FONT, style, 7)
                self.multi_cell(0, FOOTER_LINE, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 7)
        self.cell(0, FOOTER_LINE, f"page {self.page_no()} / {PAGES_ALIAS}", align="R")
        self.set_text_color(0)


def pdf_bytes(doc: Document, *, compress: bool = True) -> bytes:
    """The document as PDF bytes; ``compress=False`` leaves the page text
    readable in the file (for tests and for inspection)."""
    pdf = _Pdf(doc)
    pdf.set_compression(compress)
    pdf.set_creation_date(datetime(*doc.issued_on.timetuple()[:3], tzinfo=UTC))
    pdf.set_title(printable(f"{doc.fr} / {doc.en}"))
    pdf.set_subject(printable(doc.reference))
    pdf.set_creator("kafo")
    pdf.set_lang("fr")
    pdf.add_page()
    pdf.reserve_footer()
    _masthead(pdf, doc)
    for section in doc.sections:
        _section(pdf, section)
    return bytes(pdf.output())


def _masthead(pdf: FPDF, doc: Document) -> None:
    pdf.set_font(FONT, "", 9)
    for line in doc.header_lines:
        pdf.multi_cell(0, 4.5, printable(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _heading(pdf, doc.fr, doc.en, 15)
    pdf.set_font(FONT, "", 10)
    for label, value in (
        ("Référence / Reference", doc.reference),
        ("Date", doc.issued_on.strftime("%d/%m/%Y")),
    ):
        pdf.multi_cell(0, LINE, f"{label} : {printable(value)}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _heading(pdf: FPDF, fr: str, en: str, size: float) -> None:
    """French in bold, then " / English" in grey italics, wrapping as needed."""
    height = size * 0.5
    fr, en = printable(fr).strip(), printable(en).strip()
    pdf.set_font(FONT, "B", size)
    pdf.write(height, fr)
    if en and en != fr:
        pdf.set_font(FONT, "I", size)
        pdf.set_text_color(GREY)
        pdf.write(height, f" / {en}")
        pdf.set_text_color(0)
    pdf.ln(height + 1.5)


def _section(pdf: FPDF, section: Section) -> None:
    # Keep a heading with at least the first lines of its content.
    if pdf.will_page_break(8 + 3 * LINE):
        pdf.add_page()
    pdf.ln(2)
    _heading(pdf, section.fr, section.en, 12)
    pdf.set_font(FONT, "", 9)
    short: list[Field] = []
    for f in section.fields:
        if _too_tall(pdf, f):
            _table(pdf, short)
            short = []
            _block(pdf, f)
        else:
            short.append(f)
    _table(pdf, short)
    if section.text:
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, LINE, printable(section.text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)


def _too_tall(pdf: FPDF, f: Field) -> bool:
    width = pdf.epw * (1 - LABEL_SHARE) - 2 * PADDING
    return _line_count(pdf, width, LINE, value_text(f)) * LINE > pdf.eph / 2


def _line_count(pdf: FPDF, width: float, height: float, text: str) -> int:
    """How many lines ``text`` takes at ``width`` in the current font."""
    lines = pdf.multi_cell(width, height, text, dry_run=True, output=MethodReturnValue.LINES)
    assert isinstance(lines, list)
    return len(lines)


def _table(pdf: FPDF, fields: list[Field]) -> None:
    if not fields:
        return
    with pdf.table(
        col_widths=(LABEL_SHARE, 1 - LABEL_SHARE),
        width=pdf.epw,
        first_row_as_headings=False,
        text_align="LEFT",
        v_align="TOP",
        line_height=LINE,
        padding=PADDING,
    ) as table:
        for f in fields:
            row = table.row()
            row.cell(_both(f.fr, f.en), style=LABEL_STYLE)
            row.cell(value_text(f))
    pdf.ln(2)


def _block(pdf: FPDF, f: Field) -> None:
    """A field too tall for a table row: its label, then its value full width."""
    pdf.set_fill_color(238)
    pdf.set_text_color(60)
    pdf.multi_cell(0, LINE, _both(f.fr, f.en), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.multi_cell(0, LINE, value_text(f), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
