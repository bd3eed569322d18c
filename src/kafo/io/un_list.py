"""Reading the UN Security Council Consolidated List (official XML schema).

The list is published as XML (``sc-sanctions.xsd``): ``INDIVIDUALS`` and
``ENTITIES``, each entry with its ``DATAID``, ``VERSIONNUM``,
``REFERENCE_NUMBER`` (``QDi.xxx``, ``MLi.xxx``…), ``UN_LIST_TYPE``,
``LISTED_ON``, its names (``FIRST_NAME`` to ``FOURTH_NAME`` for people,
``FIRST_NAME`` for entities, ``NAME_ORIGINAL_SCRIPT``), aliases with their
``QUALITY`` (``Good`` or ``Low``), and for people dates of birth
(``TYPE_OF_DATE`` ``EXACT``, ``APPROXIMATELY`` or ``BETWEEN``),
nationalities and identity documents.

The parser is hardened (``defusedxml``): a document type declaration, an
entity definition or an external reference is refused, never expanded. A
file that is not this schema is refused with the reason, and an entry that
lacks what an entry must have (a reference number, a name) is refused with
its ``DATAID``: nothing is half read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from kafo.io.workbook import FileRejected

ROOT = "CONSOLIDATED_LIST"
ALIAS_QUALITIES = frozenset({"Good", "Low"})
DATE_TYPES = frozenset({"EXACT", "APPROXIMATELY", "BETWEEN"})


class ListRejected(FileRejected):
    """The file is not a readable UN list; the message says why."""


@dataclass(frozen=True)
class Alias:
    name: str
    quality: str  # "Good" or "Low" (the list's own judgement)


@dataclass(frozen=True)
class BirthDate:
    kind: str  # EXACT, APPROXIMATELY or BETWEEN
    day: date | None = None  # a full date, when given
    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None


@dataclass(frozen=True)
class Document:
    kind: str
    number: str
    country: str | None = None


@dataclass(frozen=True)
class ListedEntry:
    kind: Literal["individual", "entity"]
    data_id: str
    version: int
    reference_number: str
    list_type: str  # UN_LIST_TYPE: Al-Qaida, Mali, DPRK, …
    listed_on: date | None
    name: str
    name_parts: tuple[str, ...]
    original_script: str | None
    aliases: tuple[Alias, ...]
    birth_dates: tuple[BirthDate, ...] = ()
    nationalities: tuple[str, ...] = ()
    documents: tuple[Document, ...] = ()
    gender: str | None = None


@dataclass(frozen=True)
class UnList:
    generated: str | None  # the list's dateGenerated
    entries: tuple[ListedEntry, ...]


def _text(node: Element | None, tag: str) -> str | None:
    child = node.find(tag) if node is not None else None
    if child is None or child.text is None:
        return None
    value = " ".join(child.text.split())
    return value or None


def _values(node: Element, tag: str) -> tuple[str, ...]:
    out = []
    for child in node.findall(tag):
        for value in child.findall("VALUE"):
            if value.text and value.text.strip():
                out.append(" ".join(value.text.split()))
    return tuple(out)


def _day(text: str | None, where: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ListRejected(f"{where}: '{text}' is not a date") from None


def _int(text: str | None, where: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ListRejected(f"{where}: '{text}' is not a number") from None


def _aliases(node: Element, tag: str) -> tuple[Alias, ...]:
    out = []
    for alias in node.findall(tag):
        name, quality = _text(alias, "ALIAS_NAME"), _text(alias, "QUALITY")
        if name and quality in ALIAS_QUALITIES:
            out.append(Alias(name, quality))
    return tuple(out)


def _birth_dates(node: Element, where: str) -> tuple[BirthDate, ...]:
    out = []
    for born in node.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = _text(born, "TYPE_OF_DATE")
        if kind is None:
            continue
        if kind not in DATE_TYPES:
            raise ListRejected(f"{where}: TYPE_OF_DATE '{kind}' is not one of the schema's")
        out.append(
            BirthDate(
                kind,
                _day(_text(born, "DATE"), where),
                _int(_text(born, "YEAR"), where),
                _int(_text(born, "FROM_YEAR"), where),
                _int(_text(born, "TO_YEAR"), where),
            )
        )
    return tuple(out)


def _documents(node: Element) -> tuple[Document, ...]:
    out = []
    for doc in node.findall("INDIVIDUAL_DOCUMENT"):
        number = _text(doc, "NUMBER")
        if number:
            kind = _text(doc, "TYPE_OF_DOCUMENT") or "document"
            country = _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")
            out.append(Document(kind, number, country))
    return tuple(out)


def _entry(node: Element, kind: Literal["individual", "entity"]) -> ListedEntry:
    data_id = _text(node, "DATAID")
    where = f"{kind} DATAID {data_id or '(none)'}"
    if data_id is None:
        raise ListRejected(f"an {kind} has no DATAID")
    reference = _text(node, "REFERENCE_NUMBER")
    if reference is None:
        raise ListRejected(f"{where}: no REFERENCE_NUMBER")
    tags = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    parts = tuple(p for p in (_text(node, t) for t in tags) if p)
    if not parts:
        raise ListRejected(f"{where} ({reference}): no name")
    alias_tag = "INDIVIDUAL_ALIAS" if kind == "individual" else "ENTITY_ALIAS"
    return ListedEntry(
        kind=kind,
        data_id=data_id,
        version=_int(_text(node, "VERSIONNUM"), where) or 1,
        reference_number=reference,
        list_type=_text(node, "UN_LIST_TYPE") or "",
        listed_on=_day(_text(node, "LISTED_ON"), where),
        name=" ".join(parts),
        name_parts=parts,
        original_script=_text(node, "NAME_ORIGINAL_SCRIPT"),
        aliases=_aliases(node, alias_tag),
        birth_dates=_birth_dates(node, where) if kind == "individual" else (),
        nationalities=_values(node, "NATIONALITY"),
        documents=_documents(node) if kind == "individual" else (),
        gender=_text(node, "GENDER"),
    )


def read_un_list(path: Path) -> UnList:
    """Every individual and entity of the list at ``path``, or a refusal."""
    try:
        root = SafeTree.parse(path, forbid_dtd=True).getroot()
    except DefusedXmlException as exc:
        raise ListRejected(
            f"the file declares entities or a document type ({type(exc).__name__}); "
            "the UN list has none, and they are refused"
        ) from None
    except SafeTree.ParseError as exc:
        raise ListRejected(f"not well-formed XML: {exc}") from None
    if root is None:
        raise ListRejected("the file holds no XML element")
    if root.tag != ROOT:
        raise ListRejected(
            f"not the UN Security Council Consolidated List: the root element is "
            f"<{root.tag}>, not <{ROOT}>"
        )
    individuals = root.find("INDIVIDUALS")
    entities = root.find("ENTITIES")
    if individuals is None and entities is None:
        raise ListRejected("the list has neither INDIVIDUALS nor ENTITIES")
    entries = [_entry(n, "individual") for n in (individuals if individuals is not None else [])]
    entries += [_entry(n, "entity") for n in (entities if entities is not None else [])]
    return UnList(root.get("dateGenerated"), tuple(entries))
