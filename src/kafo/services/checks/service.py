"""Record checks: is this firearm recorded somewhere?

A check reads the serial (:mod:`kafo.matching.serial_search`), finds the
matching serials of registry records and seized firearms in the in-memory
index (:mod:`catalogue`), and ranks the hits by how the serial matched and
whether make, model, calibre and country agree, all without reading the
database. Only the hits returned are read from it, with what the user may
see of each. Every hit is explained in words.

A hit on another country's record notifies that country, as iARMS does,
whether or not its sharing label lets the querying user see the record; the
user sees only what the label allows. Every check is audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from sqlalchemy import BindParameter, Select, bindparam, select
from sqlalchemy.orm import Session

from kafo.matching.serial_search import (
    MAX_EDITS,
    SerialQuery,
    SerialQueryError,
    differences,
    read_query,
)
from kafo.model.registry import HitNotification, RegistryRecord
from kafo.model.seizure import Firearm, Seizure
from kafo.model.vocab import MatchKind, SerialSource
from kafo.reference.reader import identify
from kafo.schemas.checks import CheckIn, CheckOut, HitOut, RecordOut
from kafo.services import audit
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.checks.catalogue import (
    EXACT,
    FUZZY,
    KINDS,
    LOOKALIKE,
    VOCABULARY,
    Found,
    Match,
    find_many,
)
from kafo.services.errors import FieldError, Invalid

SOURCE_NAMES = {SerialSource.REGISTRY: "registry", SerialSource.FIREARM: "seizures"}
_SOURCES = {v: k for k, v in SOURCE_NAMES.items()}

# How much the serial's agreement is worth, before the rest of the evidence.
BASE_SCORE = {MatchKind.EXACT: 1.0, MatchKind.LOOKALIKE: 0.9, MatchKind.PARTIAL: 0.7}
FUZZY_SCORE = {1: 0.8, 2: 0.65}
NOTIFY_MIN_SCORE = 0.85
BATCH_CHUNK = 500  # checks looked up together
# (field, label, bonus when both sides agree, penalty when they differ), in
# the order of Match.evidence.
EVIDENCE = (
    ("std_make", "make", 0.04, 0.08),
    ("std_model", "model", 0.06, 0.10),
    ("std_calibre", "calibre", 0.04, 0.10),
    ("std_country", "country of manufacture", 0.02, 0.04),
)


@dataclass(frozen=True)
class Described:
    """The query's standard description, read like any firearm's."""

    std_make: str | None = None
    std_model: str | None = None
    std_calibre: str | None = None
    std_country: str | None = None

    @classmethod
    def of(cls, item: CheckIn) -> Described:
        if not (item.make or item.model or item.calibre):
            return cls(std_country=item.country)
        found = identify(make=item.make, model=item.model, calibre=item.calibre)
        return cls(
            found.make.value if found.make else None,
            found.model.value if found.model else None,
            found.calibre.value if found.calibre else None,
            item.country or (found.country.value if found.country else None),
        )


@dataclass
class Detail:
    """A matched record's columns shown with the hit."""

    owner: str
    values: dict[str, Any]
    visible: bool = False


Ranked = tuple[float, Match]  # score, match


@dataclass
class Checked:
    query: SerialQuery
    hits: list[HitOut]
    total: int
    overflow: bool
    notified: list[str] = field(default_factory=list)
    ranked: list[Ranked] = field(default_factory=list)  # the hits returned, best first
    described: Described = field(default_factory=lambda: Described())
    told: set[uuid.UUID] = field(default_factory=set)  # records whose owner was notified
    sent: int = 0  # notifications this check created (the others were sent before)

    def explain(self, rank: Ranked) -> list[str]:
        return explain(self.query, rank[1], self.described)


def read(item: CheckIn) -> SerialQuery:
    try:
        return read_query(item.serial, item.max_edits)
    except SerialQueryError as exc:
        raise Invalid("invalid check", errors=[FieldError(("serial",), str(exc))]) from None


_REGISTRY_COLUMNS = (
    RegistryRecord.id,
    RegistryRecord.kind,
    RegistryRecord.serial_number,
    RegistryRecord.serial_canonical,
    RegistryRecord.make,
    RegistryRecord.model,
    RegistryRecord.calibre,
    RegistryRecord.std_category.label("category"),
    RegistryRecord.std_make,
    RegistryRecord.std_model,
    RegistryRecord.std_calibre,
    RegistryRecord.std_country,
    RegistryRecord.status,
    RegistryRecord.source,
    RegistryRecord.source_ref,
    RegistryRecord.agency_code.label("agency"),
    RegistryRecord.contact,
    RegistryRecord.reported_on,
    RegistryRecord.reported_place,
)


def _detail_rows(
    session: Session, stmt: Any, ids: list[uuid.UUID]
) -> Iterator[tuple[str, bool, dict[str, Any]]]:
    """(owner country, visible to the actor, other columns) of each row of
    ``ids`` (read through Core: no ORM objects are needed)."""
    if not ids:
        return
    result = session.connection().execute(stmt, {"ids": ids})
    names = list(result.keys())
    for row in result:
        values = dict(zip(names, row, strict=True))
        yield values.pop("owner_country"), bool(values.pop("visible")), values


_IDS: BindParameter[Any] = bindparam("ids", expanding=True)


@lru_cache(maxsize=256)
def _registry_statement(actor: Actor) -> Select[*tuple[Any, ...]]:
    """The matched records' columns and whether ``actor`` may see each
    (built once per user: a check runs it with new ids)."""
    return select(
        *_REGISTRY_COLUMNS,
        RegistryRecord.owner_country,
        visible(actor, RegistryRecord).label("visible"),
    ).where(RegistryRecord.id.in_(_IDS))


@lru_cache(maxsize=256)
def _firearm_statement(actor: Actor) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Firearm.id,
            Firearm.serial_number,
            Firearm.serial_canonical,
            Firearm.make,
            Firearm.model,
            Firearm.calibre,
            Firearm.category,
            Firearm.std_category,
            Firearm.std_make,
            Firearm.std_model,
            Firearm.std_calibre,
            Firearm.std_country,
            Firearm.country_of_manufacture,
            Firearm.seizure_id,
            Seizure.reference.label("seizure_reference"),
            Seizure.occurred_at,
            Seizure.owner_country,
            visible(actor, Seizure).label("visible"),
        )
        .join(Seizure, Seizure.id == Firearm.seizure_id)
        .where(Firearm.id.in_(_IDS))
    )


def _registry_details(
    session: Session, actor: Actor, ids: list[uuid.UUID]
) -> dict[uuid.UUID, Detail]:
    """The matched records' columns, and whether ``actor`` may see each."""
    rows = _detail_rows(session, _registry_statement(actor), ids)
    return {values["id"]: Detail(owner, values, seen) for owner, seen, values in rows}


def _firearm_details(
    session: Session, actor: Actor, ids: list[uuid.UUID]
) -> dict[uuid.UUID, Detail]:
    out = {}
    for owner, seen, values in _detail_rows(session, _firearm_statement(actor), ids):
        values["kind"] = "seizure"
        values["category"] = values.pop("std_category") or values["category"]
        values["std_country"] = values.pop("country_of_manufacture") or values["std_country"]
        out[values["id"]] = Detail(owner, values, seen)
    return out


def _serial_words(query: SerialQuery, match: Match) -> list[str]:
    if match.kind is MatchKind.EXACT:
        return ["serial identical"]
    if match.kind is MatchKind.PARTIAL:
        return [f"readable characters of {query.canonical} agree with {match.canonical}"]
    diffs = differences(query.canonical, match.canonical)
    return [f"serial differs at {d}" for d in diffs] or ["serial identical once folded"]


def _evidence(described: Described, match: Match) -> Iterator[tuple[str, float, float, Any, Any]]:
    """(label, bonus, penalty, ours, theirs) for each field of evidence."""
    for (name, label, bonus, penalty), theirs in zip(EVIDENCE, match.evidence, strict=True):
        yield label, bonus, penalty, getattr(described, name), theirs


def _scores(found: Found, described: Described) -> Any:
    """How strongly each hit points to the same weapon (0 to 1), for all
    the hits at once."""
    base = np.array([BASE_SCORE.get(k, 0.0) for k in KINDS])[found.kinds]
    fuzzy = np.array([FUZZY_SCORE.get(e, 0.5) for e in range(MAX_EDITS + 1)])
    score = np.where(found.kinds == FUZZY, fuzzy[np.minimum(found.edits, MAX_EDITS)], base)
    for n, (name, _label, bonus, penalty) in enumerate(EVIDENCE):
        ours = getattr(described, name)
        if ours:
            theirs = found.attrs[:, 1 + n]
            agree = np.where(theirs == VOCABULARY.code(ours), bonus, -penalty)
            score = score + np.where(theirs != 0, agree, 0.0)
    return np.round(np.clip(score, 0.0, 1.0), 3)


def explain(query: SerialQuery, match: Match, described: Described) -> list[str]:
    """The hit in words: where the serials differ, what agrees and what does not.

    Written only for the hits that are returned or kept, not for every one
    found."""
    why = _serial_words(query, match)
    for label, _bonus, _penalty, ours, theirs in _evidence(described, match):
        if ours and theirs:
            if ours == theirs:
                why.append(f"{label} agrees ({ours})")
            else:
                why.append(f"{label} differs: {ours} here, {theirs} recorded")
        elif theirs:
            why.append(f"{label} unknown on the checked weapon")
        elif ours:
            why.append(f"{label} not recorded on the matched record")
    return why


def run_check(
    session: Session,
    actor: Actor,
    item: CheckIn,
    *,
    context: str = "check",
    exclude: frozenset[uuid.UUID] = frozenset(),
    query: SerialQuery | None = None,
) -> Checked:
    """Check one serial; notify owners of hits; no audit event (see ``check``)."""
    return run_many(session, actor, [Job(item, query or read(item), context, exclude)])[0]


@dataclass(frozen=True)
class Job:
    """One serial to check, and where the check comes from."""

    item: CheckIn
    query: SerialQuery
    context: str = "check"
    exclude: frozenset[uuid.UUID] = frozenset()


def _details(session: Session, actor: Actor, matches: list[Match]) -> dict[uuid.UUID, Detail]:
    out: dict[uuid.UUID, Detail] = {}
    for source, load in (
        (SerialSource.REGISTRY, _registry_details),
        (SerialSource.FIREARM, _firearm_details),
    ):
        ids = list({m.item_id for m in matches if m.source is source})
        for start in range(0, len(ids), 500):
            out |= load(session, actor, ids[start : start + 500])
    return out


def run_many(session: Session, actor: Actor, jobs: list[Job]) -> list[Checked]:
    """Check many serials with a few statements for all of them (batches,
    imports); each result is what ``run_check`` would give."""
    founds: list[Found] = [Found() for _ in jobs]
    groups: dict[tuple[SerialSource, ...], list[int]] = {}
    for n, job in enumerate(jobs):
        sources = tuple(_SOURCES[x] for x in dict.fromkeys(job.item.sources))
        groups.setdefault(sources, []).append(n)
    for sources, members in groups.items():
        for n, found in zip(
            members, find_many(session, [jobs[n].query for n in members], sources), strict=True
        ):
            founds[n] = found
    checked = [_rank(session, actor, job, f) for job, f in zip(jobs, founds, strict=True)]
    shown = [m for c in checked for _, m in c.ranked]
    details = _details(session, actor, shown)
    for c in checked:
        _show(session, actor, c, details)
    return checked


def _rank(session: Session, actor: Actor, job: Job, found: Found) -> Checked:
    """The hits of one check, best first, with the owners notified. Hits
    are scored and ordered as arrays; only those returned and those that
    notify are turned into objects."""
    described = Described.of(job.item)
    score = _scores(found, described)
    # Best first; ties by fewer edits, then by serial, then by id (a stable
    # order that the same data gives again, whatever ids were drawn).
    order = np.lexsort((found.low, found.high, found.serial_ranks(), found.edits, -score))
    order = order[~found.among(job.exclude)[order]]
    made: dict[int, Ranked] = {}

    def ranked(picked: list[int]) -> list[Ranked]:
        fresh = [i for i in picked if i not in made]
        for i, m in zip(fresh, found.matches_at(fresh), strict=True):
            made[i] = (float(score[i]), m)
        return [made[i] for i in picked]

    shown = ranked(order[: job.item.limit].tolist())
    # Notify: every exact or look-alike hit on another country's record, and
    # each other country's best other hit if strong enough.
    owner = found.attrs[order, 0]
    foreign = owner != VOCABULARY.code(actor.country)
    same = np.isin(found.kinds[order], [EXACT, LOOKALIKE])
    strong = foreign & ~same & (score[order] >= NOTIFY_MIN_SCORE)
    _owners, best = np.unique(owner[strong], return_index=True)
    picked = np.sort(np.concatenate([np.flatnonzero(foreign & same), np.flatnonzero(strong)[best]]))
    foreign = ranked(order[picked].tolist())
    sent = _notify(session, actor, job.query, foreign, job.context)
    told = {m.item_id for _, m in foreign}
    notified = sorted({m.owner for _, m in foreign})
    return Checked(
        job.query, [], len(order), found.overflow, notified, shown, described, told, sent
    )


def _show(
    session: Session, actor: Actor, checked: Checked, details: dict[uuid.UUID, Detail]
) -> None:
    """The returned hits, with what ``actor`` may see of each record."""
    shown = [
        (r, details[r[1].item_id])
        for r in checked.ranked
        if r[1].item_id in details  # unless removed since the index was read
    ]
    checked.hits = [_hit(checked, rank, detail) for rank, detail in shown]
    foreign: list[tuple[object, str]] = [(r[1].item_id, d.owner) for r, d in shown if d.visible]
    audit.log_foreign_reads(session, actor, "read", "check_hit", foreign)


def _hit(checked: Checked, rank: Ranked, detail: Detail) -> HitOut:
    score, m = rank
    why = checked.explain(rank)
    ask = (
        f"{m.owner} has been notified of this hit"
        if m.item_id in checked.told
        else f"ask {m.owner} about this record (a weak hit does not notify it)"
    )
    return HitOut(
        source=SOURCE_NAMES[m.source],
        match_kind=m.kind,
        edits=m.edits,
        score=score,
        owner_country=m.owner,
        restricted=not detail.visible,
        explanation=why
        if detail.visible
        else [
            *why[:1],
            f"the record belongs to {m.owner}; its sharing label withholds the details",
            ask,
        ],
        record=RecordOut(**detail.values) if detail.visible else None,
    )


def _notify(
    session: Session,
    actor: Actor,
    query: SerialQuery,
    foreign: list[Ranked],
    context: str,
) -> int:
    """Notifications to the owners of other countries' records that the
    check hit (once per record and context): every exact or look-alike
    match, and for each owner its best other hit if that scores at least
    :data:`NOTIFY_MIN_SCORE` (one edit, with agreeing make or model), as
    picked by ``_rank``. The neighbours of a serial in a numbered lot are
    not each news to the owner; the serial itself is. Returns how many were
    created (the others had been sent before)."""
    if not foreign:
        return 0
    already = set(
        session.scalars(
            select(HitNotification.record_id).where(
                HitNotification.record_id.in_([m.item_id for _, m in foreign]),
                HitNotification.context == context,
                HitNotification.querying_user == actor.username,
            )
        )
    )
    fresh = [(score, m) for score, m in foreign if m.item_id not in already]
    for score, m in fresh:
        session.add(
            HitNotification(
                recipient_country=m.owner,
                record_source=m.source,
                record_id=m.item_id,
                querying_country=actor.country,
                querying_agency=actor.agency_code,
                querying_user=actor.username,
                query_serial=query.written[:80],
                context=context[:120],
                match_kind=m.kind,
                score=score,
            )
        )
        session.add(
            audit.event(actor, "notify", "hit_notification", m.item_id, m.owner, detail=context)
        )
    return len(fresh)


def output(item: CheckIn, checked: Checked) -> CheckOut:
    q = checked.query
    return CheckOut(
        id=item.id,
        serial=item.serial,
        canonical=q.canonical,
        skeleton=q.skeleton,
        edit_budget=q.edits,
        partial=q.partial,
        hits=checked.hits,
        total=checked.total,
        truncated=checked.total > len(checked.hits),
        overflow=checked.overflow,
        notified=checked.notified,
    )


def refused(ref: str | None, serial: str, message: str) -> CheckOut:
    """The result of a batch row that could not be checked, with the reason."""
    return CheckOut(
        id=ref,
        serial=serial[:80],
        canonical=None,
        skeleton=None,
        edit_budget=None,
        partial=False,
        hits=[],
        total=0,
        truncated=False,
        overflow=False,
        notified=[],
        error=message,
    )


def check(session: Session, actor: Actor, item: CheckIn) -> CheckOut:
    """One check, audited."""
    checked = run_check(session, actor, item)
    session.add(
        audit.event(
            actor,
            "check",
            "serial",
            None,
            actor.country,
            detail=f"{item.serial[:80]}: {checked.total} hit(s)",
        )
    )
    return output(item, checked)


def check_many(session: Session, actor: Actor, items: list[CheckIn]) -> list[CheckOut]:
    """A batch: one result per item, in order; an unreadable serial is
    reported on its own row and does not stop the others."""
    out: list[CheckOut | None] = [None] * len(items)
    jobs: list[Job] = []
    placed: list[int] = []
    for n, item in enumerate(items):
        try:
            jobs.append(Job(item, read_query(item.serial, item.max_edits)))
            placed.append(n)
        except SerialQueryError as exc:
            out[n] = refused(item.id, item.serial, f"serial: {exc}")
    hits = 0
    for start in range(0, len(jobs), BATCH_CHUNK):
        chunk = jobs[start : start + BATCH_CHUNK]
        for n, job, checked in zip(
            placed[start : start + BATCH_CHUNK], chunk, run_many(session, actor, chunk), strict=True
        ):
            hits += checked.total
            out[n] = output(job.item, checked)
    session.add(
        audit.event(
            actor,
            "check_batch",
            "serial",
            None,
            actor.country,
            detail=f"{len(items)} serial(s), {hits} hit(s)",
        )
    )
    return [o for o in out if o is not None]
