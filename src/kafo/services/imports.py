"""Importing seizure workbooks: validate every row, then write all or nothing.

Rows are grouped into seizures by ``ref_saisie``. Each seizure is validated
exactly as the API validates it, and every problem is reported with its
sheet, row and column. A file with any rejected row imports nothing unless
``partial`` is set; then only the seizures without problems are written.
Importing the same file again changes nothing: a seizure whose reference is
already recorded with the same content is counted as unchanged.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.io.cells import CellError, convert
from kafo.io.sheets import SEIZURES, SHEETS, Column, Path, Sheet
from kafo.io.template import write_template
from kafo.io.workbook import RawBook, RawRow, RowError
from kafo.model.geo import Place
from kafo.model.seizure import Seizure
from kafo.schemas.seizure import SeizureCreate
from kafo.services import audit
from kafo.services.access import can_record
from kafo.services.actor import Actor
from kafo.services.errors import DomainError, Invalid
from kafo.services.register import saved
from kafo.services.register.normalise import content_hash
from kafo.services.register.record import build_seizure

FLUSH_EVERY = 500


@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "created": self.created,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [
                {"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message}
                for e in self.errors
            ],
        }


class ImportRefused(DomainError):
    """Rows were rejected and ``partial`` was not given: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{report.rejected} seizure(s) rejected; nothing imported")
        self.report = report


@dataclass
class _Draft:
    """One seizure being assembled, with where each part came from."""

    ref: str
    row: RawRow
    payload: dict[str, Any]
    sources: dict[tuple[str, int], RawRow] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def _put(target: dict[str, Any], path: Path, value: Any) -> None:
    node: Any = target
    for key, nxt in itertools.pairwise(path):
        if isinstance(node, list):
            while len(node) <= int(key):
                node.append({})
            node = node[int(key)]
        else:
            node = node.setdefault(str(key), [] if isinstance(nxt, int) else {})
    last = path[-1]
    if isinstance(node, list):
        while len(node) <= int(last):
            node.append({})
        node[int(last)] = value
    else:
        node[str(last)] = value


def _row_payload(row: RawRow, errors: list[RowError]) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for col, raw in row.cells.items():
        if not col.path:
            continue
        try:
            _put(payload, col.path, convert(col, raw))
        except CellError as exc:
            errors.append(RowError(row.sheet.fr, row.row, col.fr, str(exc)))
    return payload


def _key(row: RawRow, fr_name: str) -> str | None:
    col = next(c for c in row.sheet.columns if c.fr == fr_name)
    value = row.cells.get(col)
    return None if value is None else str(value).strip().removesuffix(".0")


def _column_for(sheet: Sheet, loc: tuple[Any, ...]) -> Column | None:
    """The column whose payload path is the longest prefix of ``loc``."""
    best: Column | None = None
    for col in sheet.columns:
        n = len(col.path)
        if n and tuple(loc[:n]) == col.path and (best is None or n > len(best.path)):
            best = col
    return best


def _locate(draft: _Draft, loc: tuple[Any, ...], message: str) -> RowError:
    row, rest = draft.row, loc
    if len(loc) >= 2 and isinstance(loc[1], int) and (str(loc[0]), loc[1]) in draft.sources:
        row, rest = draft.sources[str(loc[0]), loc[1]], loc[2:]
    col = _column_for(row.sheet, rest)
    return RowError(row.sheet.fr, row.row, col.fr if col else None, message)


def _drafts(book: RawBook) -> tuple[list[_Draft], list[RowError]]:
    errors: list[RowError] = []
    drafts: dict[str, _Draft] = {}
    for row in book.rows[SEIZURES.key]:
        ref = _key(row, "ref_saisie")
        if ref is None:
            continue  # the missing required cell is reported by validation
        if ref in drafts:
            errors.append(
                RowError(
                    SEIZURES.fr,
                    row.row,
                    "ref_saisie",
                    f"'{ref}' apparaît deux fois / appears twice",
                )
            )
            continue
        draft = _Draft(ref, row, {})
        draft.payload = _row_payload(row, draft.errors)
        drafts[ref] = draft
    for sheet in SHEETS[1:]:
        assert sheet.collection is not None
        seen: set[tuple[str, str]] = set()
        for row in book.rows[sheet.key]:
            ref = _key(row, "ref_saisie")
            child_of = drafts.get(ref) if ref else None
            if child_of is None or ref is None:
                errors.append(
                    RowError(
                        sheet.fr,
                        row.row,
                        "ref_saisie",
                        f"aucune saisie '{ref}' dans la feuille saisies",
                    )
                )
                continue
            draft = child_of
            if sheet.collection in ("persons", "vehicles"):
                key_col = sheet.columns[1].fr
                sub = _key(row, key_col)
                if sub is not None and (ref, sub) in seen:
                    draft.errors.append(
                        RowError(
                            sheet.fr, row.row, key_col, f"'{sub}' apparaît deux fois dans '{ref}'"
                        )
                    )
                    continue
                seen.add((ref, sub or ""))
            items = draft.payload.setdefault(sheet.collection, [])
            draft.sources[sheet.collection, len(items)] = row
            items.append(_row_payload(row, draft.errors))
    for draft in drafts.values():
        for col in SEIZURES.columns:
            if col.required and col not in draft.row.cells:
                draft.errors.append(
                    RowError(SEIZURES.fr, draft.row.row, col.fr, "valeur obligatoire / required")
                )
    return list(drafts.values()), errors


def _validate(draft: _Draft) -> SeizureCreate | None:
    try:
        return SeizureCreate.model_validate(draft.payload)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
            draft.errors.append(_locate(draft, loc, err["msg"]))
        return None


def import_seizures(
    session: Session,
    actor: Actor,
    book: RawBook,
    *,
    partial: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import ``book`` as ``actor``; raise :class:`ImportRefused` if all-or-nothing fails."""
    owner = can_record(actor)
    report = ImportReport(errors=list(book.errors))
    drafts, orphan_errors = _drafts(book)
    report.errors.extend(orphan_errors)
    existing = _existing_hashes(session, owner, (d.ref for d in drafts))
    created: list[Seizure] = []
    with session.no_autoflush:
        for n, draft in enumerate(drafts, 1):
            _import_one(session, actor, owner, draft, existing, report, created)
            report.errors.extend(draft.errors)
            if n % FLUSH_EVERY == 0:
                session.flush()
            if progress:
                progress(1)
    if report.errors and not partial:
        report.created = 0
        raise ImportRefused(report)
    session.flush()
    for start in range(0, len(created), FLUSH_EVERY):
        saved.after_save(session, actor, created[start : start + FLUSH_EVERY])
    session.add(
        audit.event(
            actor,
            "import",
            "seizure",
            None,
            owner,
            detail=f"created {report.created}, unchanged {report.unchanged}, "
            f"rejected {report.rejected}",
        )
    )
    session.flush()
    report.committed = True
    return report


def _import_one(
    session: Session,
    actor: Actor,
    owner: str,
    draft: _Draft,
    existing: dict[str, str],
    report: ImportReport,
    created: list[Seizure],
) -> None:
    data = _validate(draft) if not draft.errors else None
    if data is None:
        report.rejected += 1
        return
    digest = content_hash(data)
    if draft.ref in existing:
        if existing[draft.ref] == digest:
            report.unchanged += 1
        else:
            report.rejected += 1
            draft.errors.append(
                RowError(
                    SEIZURES.fr,
                    draft.row.row,
                    "ref_saisie",
                    f"'{draft.ref}' est déjà enregistrée avec un autre "
                    "contenu / already recorded with other content",
                )
            )
        return
    try:
        seizure = build_seizure(session, actor, owner, data, digest)
    except Invalid as exc:
        draft.errors.extend(_locate(draft, e.loc, e.message) for e in exc.errors)
        report.rejected += 1
        return
    session.add(seizure)
    session.add(audit.event(actor, "create", "seizure", seizure.id, owner, detail="import"))
    created.append(seizure)
    report.created += 1


def write_import_template(session: Session, path: FsPath) -> FsPath:
    """The XLSX template, with this node's places in its ``lieux`` sheet."""
    places = [
        (p.code, p.name, p.country, p.kind.value)
        for p in session.scalars(select(Place).order_by(Place.country, Place.name))
    ]
    return write_template(path, places)


def _existing_hashes(session: Session, owner: str, refs: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    wanted = list(refs)
    for i in range(0, len(wanted), 1000):
        chunk = wanted[i : i + 1000]
        rows = session.execute(
            select(Seizure.reference, Seizure.content_hash).where(
                Seizure.owner_country == owner, Seizure.reference.in_(chunk)
            )
        )
        found.update({ref: digest for ref, digest in rows if ref is not None})
    return found
