"""Importing versions of watchlists (the UN list's XML, kafo's CSV format).

An import is one whole version of a list. Its entries are matched to the
stored ones by reference: new ones are listed, changed ones updated, stored
ones missing from the version de-listed, de-listed ones that come back
re-listed. Each of these steps is appended to the entry's history with the
content the version gave; unchanged entries add nothing. The import is one
transaction: a file refused for any reason changes nothing.

Analysts and national administrators import lists; the importing country
owns the list it imported (sharing as chosen at the first import) and is
the only one that may import newer versions of it.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kafo.ids import new_id
from kafo.io.un_list import read_un_list
from kafo.io.watchlist_csv import read_watchlist_csv
from kafo.model.vocab import EntryChange, EntryStatus, Role, Sharing, WatchlistKind
from kafo.model.watchlist import Watchlist, WatchlistChange, WatchlistEntry, WatchlistImport
from kafo.services import audit, operations
from kafo.services.access import can_record, visible
from kafo.services.actor import Actor
from kafo.services.errors import Forbidden, Invalid
from kafo.services.identities.entries import EntryContent, from_row, from_un, listed_person
from kafo.timeutil import utcnow

MAY_IMPORT = frozenset({Role.ANALYST, Role.NATIONAL_ADMIN})
UN_LIST_NAME = "UN Security Council Consolidated List"


@dataclass
class ListImported:
    watchlist_id: uuid.UUID
    name: str
    generated: str | None
    entries: int = 0
    listed: int = 0
    updated: int = 0
    delisted: int = 0
    relisted: int = 0
    unchanged: int = 0
    unscreenable: int = 0  # entries with no readable name (screening skips them)


def _watchlist(
    session: Session,
    actor: Actor,
    name: str,
    kind: WatchlistKind,
    sharing: Sharing | None,
    operation: str | None,
) -> Watchlist:
    if actor.role not in MAY_IMPORT:
        raise Forbidden(
            "only analysts and national administrators import watchlists",
            audit=audit.event(actor, "import", "watchlist", None, actor.country),
        )
    owner = can_record(actor)
    found = session.scalar(
        select(Watchlist).where(Watchlist.owner_country == owner, Watchlist.name == name)
    )
    if found is not None:
        if found.kind != kind:
            raise Invalid(f"kind: '{name}' is a {found.kind.value} list, not {kind.value}")
        return found
    watchlist = Watchlist(
        name=name,
        kind=kind,
        owner_country=owner,
        sharing=sharing or Sharing.NATIONAL,
        operation_id=operations.operation_for(session, operation, sharing or Sharing.NATIONAL),
        created_by=actor.user_id,
        content_hash="",
    )
    session.add(watchlist)
    session.flush()
    return watchlist


def _refuse_duplicates(contents: Sequence[EntryContent]) -> None:
    seen: set[str] = set()
    for content in contents:
        if content.reference in seen:
            raise Invalid(f"reference: '{content.reference}' appears twice in the file")
        seen.add(content.reference)


def _state(session: Session, watchlist: Watchlist) -> str:
    """A digest of every entry's content and status: screens cached in memory
    are keyed by it, so a version nobody committed is never mistaken for one."""
    rows = session.execute(
        select(WatchlistEntry.reference, WatchlistEntry.content_hash, WatchlistEntry.status)
        .where(WatchlistEntry.watchlist_id == watchlist.id)
        .order_by(WatchlistEntry.reference)
    )
    digest = hashlib.sha256()
    for reference, content_hash, status in rows:
        digest.update(f"{reference}\t{content_hash}\t{status}\n".encode())
    return digest.hexdigest()


def apply_version(
    session: Session,
    actor: Actor,
    *,
    name: str,
    kind: WatchlistKind,
    contents: Sequence[EntryContent],
    file_name: str,
    generated: str | None = None,
    sharing: Sharing | None = None,
    operation: str | None = None,
) -> ListImported:
    """Store ``contents`` as the current version of the list ``name``.
    ``sharing`` and ``operation`` (its code) are set at the first import."""
    _refuse_duplicates(contents)
    watchlist = _watchlist(session, actor, name, kind, sharing, operation)
    done = ListImported(watchlist.id, watchlist.name, generated, entries=len(contents))
    done.unscreenable = sum(1 for c in contents if listed_person(c) is None)
    record = WatchlistImport(
        watchlist_id=watchlist.id,
        imported_by=actor.user_id,
        file_name=file_name[:200],
        generated=generated,
    )
    session.add(record)
    session.flush()
    stored = {
        e.reference: e
        for e in session.scalars(
            select(WatchlistEntry).where(WatchlistEntry.watchlist_id == watchlist.id)
        )
    }
    now = utcnow()
    history: list[WatchlistChange] = []  # added once the entries are written

    def log(entry: WatchlistEntry, change: EntryChange, content: EntryContent | None) -> None:
        history.append(
            WatchlistChange(
                entry_id=entry.id,
                import_id=record.id,
                change=change,
                content=content.as_json() if content else None,
                at=now,
            )
        )

    for content in contents:
        entry = stored.pop(content.reference, None)
        digest = content.digest
        if entry is None:
            entry = WatchlistEntry(
                id=new_id(), watchlist_id=watchlist.id, reference=content.reference
            )
            change: EntryChange | None = EntryChange.LISTED
            session.add(entry)
        elif entry.status is EntryStatus.DELISTED:
            change = EntryChange.RELISTED
        elif entry.content_hash != digest:
            change = EntryChange.UPDATED
        else:
            change = None
        if change is None:
            done.unchanged += 1
            continue
        entry.subject = content.subject
        entry.list_type = content.list_type
        entry.name = content.name[:300]
        entry.status = EntryStatus.LISTED
        entry.listed_on = content.listed_on
        entry.delisted_at = None
        entry.content = content.as_json()
        entry.content_hash = digest
        entry.updated_at = now
        log(entry, change, content)
        setattr(done, change.value, getattr(done, change.value) + 1)
    for entry in stored.values():  # in the stored list, not in this version
        if entry.status is EntryStatus.LISTED:
            entry.status = EntryStatus.DELISTED
            entry.delisted_at = now
            entry.updated_at = now
            log(entry, EntryChange.DELISTED, None)
            done.delisted += 1
    for counted in ("listed", "updated", "delisted", "relisted", "unchanged"):
        setattr(record, counted, getattr(done, counted))
    session.flush()
    session.add_all(history)
    session.flush()
    if done.listed + done.updated + done.delisted + done.relisted:
        watchlist.version += 1  # the list's versions that changed something, plus one
    watchlist.generated = generated
    watchlist.content_hash = _state(session, watchlist)
    detail = (
        f"{file_name}: {done.listed} listed, {done.updated} updated, {done.delisted} de-listed, "
        f"{done.relisted} re-listed, {done.unchanged} unchanged"
    )
    session.add(
        audit.event(
            actor, "import", "watchlist", watchlist.id, watchlist.owner_country, detail=detail
        )
    )
    return done


def import_un_list(
    session: Session,
    actor: Actor,
    path: Path,
    *,
    name: str = UN_LIST_NAME,
    sharing: Sharing | None = None,
    operation: str | None = None,
) -> ListImported:
    """Import a version of the UN Security Council Consolidated List (XML)."""
    un_list = read_un_list(path)
    return apply_version(
        session,
        actor,
        name=name,
        kind=WatchlistKind.UN_SECURITY_COUNCIL,
        contents=[from_un(e) for e in un_list.entries],
        file_name=path.name,
        generated=un_list.generated,
        sharing=sharing,
        operation=operation,
    )


def import_list_csv(
    session: Session,
    actor: Actor,
    path: Path,
    *,
    name: str,
    kind: WatchlistKind = WatchlistKind.WANTED,
    sharing: Sharing | None = None,
    operation: str | None = None,
) -> ListImported:
    """Import a version of a list in kafo's CSV format (a wanted-persons list)."""
    if kind is WatchlistKind.UN_SECURITY_COUNCIL:
        raise Invalid("kind: the UN list is imported from the Council's XML, not from CSV")
    rows = read_watchlist_csv(path)
    return apply_version(
        session,
        actor,
        name=name,
        kind=kind,
        contents=[from_row(r) for r in rows],
        file_name=path.name,
        sharing=sharing,
        operation=operation,
    )


def import_watchlist(
    session: Session,
    actor: Actor,
    path: Path,
    *,
    name: str | None = None,
    kind: WatchlistKind | None = None,
    sharing: Sharing | None = None,
    operation: str | None = None,
) -> ListImported:
    """The UN list from its XML, any other list from kafo's CSV format."""
    if path.suffix.lower() == ".xml":
        if kind not in (None, WatchlistKind.UN_SECURITY_COUNCIL):
            raise Invalid("kind: an XML file is read as the UN Security Council list")
        return import_un_list(
            session, actor, path, name=name or UN_LIST_NAME, sharing=sharing, operation=operation
        )
    if path.suffix.lower() != ".csv":
        raise Invalid(f"file: '{path.name}' is neither the UN list (.xml) nor a CSV list (.csv)")
    if not name:
        raise Invalid("name: a CSV list needs its name (e.g. 'ML personnes recherchées')")
    return import_list_csv(
        session,
        actor,
        path,
        name=name,
        kind=kind or WatchlistKind.WANTED,
        sharing=sharing,
        operation=operation,
    )


def visible_watchlists(session: Session, actor: Actor) -> list[Watchlist]:
    return list(
        session.scalars(
            select(Watchlist)
            .where(visible(actor, Watchlist))
            .order_by(Watchlist.name, Watchlist.owner_country)
        )
    )


def entry_counts(
    session: Session, watchlist_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, int]]:
    rows = session.execute(
        select(WatchlistEntry.watchlist_id, WatchlistEntry.status, func.count())
        .where(WatchlistEntry.watchlist_id.in_(watchlist_ids))
        .group_by(WatchlistEntry.watchlist_id, WatchlistEntry.status)
    )
    out: dict[uuid.UUID, dict[str, int]] = {}
    for wid, status, count in rows:
        out.setdefault(wid, {})[status.value] = count
    return out
