"""One listed entry as kafo stores and screens it, whatever list it came from.

The UN list (official XML) and lists in kafo's CSV format are read into the
same :class:`EntryContent`, stored as JSON on the entry (and in each step of
its history), hashed to tell an update from an unchanged entry, and turned
into the :class:`~kafo.matching.screening.ListedPerson` screening compares
with.

Dates of birth keep their kind: a UN ``BETWEEN 1975 and 1980`` is kept as
such and screened as an approximate year in the middle of the range.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from kafo.io.un_list import ListedEntry
from kafo.io.watchlist_csv import ListedRow
from kafo.matching.countries import country_code
from kafo.matching.dates import PartialDate
from kafo.matching.names import Name, NameRefused, read_name
from kafo.matching.persons import PersonFacts
from kafo.matching.screening import ListedPerson
from kafo.model.vocab import ListedSubject

SEX = {"male": "M", "female": "F"}


@dataclass(frozen=True)
class Born:
    """A date of birth as listed: a full or partial date, or a range of years."""

    text: str
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @property
    def partial(self) -> PartialDate:
        return PartialDate(self.year, self.month, self.day, self.approximate)


@dataclass(frozen=True)
class EntryContent:
    reference: str
    subject: ListedSubject
    name: str
    names: tuple[tuple[str, str], ...]  # (name, quality: "main", "Good" or "Low")
    list_type: str | None = None
    listed_on: date | None = None
    original_script: str | None = None
    born: tuple[Born, ...] = ()
    nationalities: tuple[str, ...] = ()  # as listed
    documents: tuple[tuple[str, str, str | None], ...] = ()  # kind, number, country
    sex: str | None = None
    source_id: str | None = None  # the list's own id (UN DATAID)
    source_version: int | None = None
    notes: str | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["subject"] = self.subject.value
        data["listed_on"] = self.listed_on.isoformat() if self.listed_on else None
        return data

    @property
    def digest(self) -> str:
        text = json.dumps(self.as_json(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def content_of(data: dict[str, Any]) -> EntryContent:
    """The content stored as JSON, read back."""
    return EntryContent(
        reference=data["reference"],
        subject=ListedSubject(data["subject"]),
        name=data["name"],
        names=tuple((n, q) for n, q in data["names"]),
        list_type=data.get("list_type"),
        listed_on=date.fromisoformat(data["listed_on"]) if data.get("listed_on") else None,
        original_script=data.get("original_script"),
        born=tuple(Born(**b) for b in data.get("born", ())),
        nationalities=tuple(data.get("nationalities", ())),
        documents=tuple((k, n, c) for k, n, c in data.get("documents", ())),
        sex=data.get("sex"),
        source_id=data.get("source_id"),
        source_version=data.get("source_version"),
        notes=data.get("notes"),
    )


def _un_born(entry: ListedEntry) -> tuple[Born, ...]:
    out = []
    for b in entry.birth_dates:
        approximate = b.kind != "EXACT"
        if b.day is not None:
            out.append(Born(b.day.isoformat(), b.day.year, b.day.month, b.day.day, approximate))
        elif b.year is not None:
            out.append(Born(str(b.year), b.year, approximate=approximate))
        elif b.from_year and b.to_year:
            middle = (b.from_year + b.to_year) // 2
            out.append(Born(f"{b.from_year}–{b.to_year}", middle, approximate=True))
    return tuple(out)


def from_un(entry: ListedEntry) -> EntryContent:
    names = ((entry.name, "main"), *((a.name, a.quality) for a in entry.aliases))
    return EntryContent(
        reference=entry.reference_number,
        subject=ListedSubject(entry.kind),
        name=entry.name,
        names=tuple(names),
        list_type=entry.list_type or None,
        listed_on=entry.listed_on,
        original_script=entry.original_script,
        born=_un_born(entry),
        nationalities=entry.nationalities,
        documents=tuple((d.kind, d.number, d.country) for d in entry.documents),
        sex=SEX.get((entry.gender or "").lower()),
        source_id=entry.data_id,
        source_version=entry.version,
    )


def from_row(row: ListedRow) -> EntryContent:
    """An entry of a list in kafo's CSV format."""
    names = ((row.name, "main"), *((alias, "Good") for alias in row.aliases))
    return EntryContent(
        reference=row.reference,
        subject=ListedSubject(row.subject),
        name=row.name,
        names=tuple(names),
        list_type=row.list_type,
        listed_on=row.listed_on,
        born=tuple(Born(text, d.year, d.month, d.day, d.approximate) for text, d in row.born),
        nationalities=row.nationalities,
        documents=tuple(("document", number, None) for number in row.documents),
        sex=row.sex,
        notes=row.notes,
    )


def _first_name(content: EntryContent, organisation: bool) -> Name | None:
    for written, _ in content.names:
        try:
            return read_name(written, organisation)
        except NameRefused:
            continue  # an alias that is not a name ("N/A", a number)
    return None


def listed_person(content: EntryContent) -> ListedPerson | None:
    """What screening compares with (for an entity, its names alone); None
    when no name of the entry can be read."""
    organisation = content.subject is ListedSubject.ENTITY
    name = _first_name(content, organisation)
    if name is None:
        return None
    if organisation:
        return ListedPerson(content.reference, content.names, PersonFacts(name), organisation=True)
    born = tuple(b.partial for b in content.born)
    codes = frozenset(c for n in content.nationalities if (c := country_code(n)))
    facts = PersonFacts(
        name,
        born[0] if born else None,
        frozenset(number for _, number, _ in content.documents),
        nationalities=codes,
        sex=content.sex,
    )
    return ListedPerson(content.reference, content.names, facts, born[1:])
