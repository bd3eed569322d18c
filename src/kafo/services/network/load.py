"""Reading the link graph from the records.

Every edge is derived from one record and carries that record's audience,
date and id: a person involved in a seizure (with the role), a firearm or
vehicle seized in it, the seizure's place, a person's phones and identity
documents, a vehicle's plate, two person records judged or linked as one
individual, a screening hit on a watchlist entry, a case built from a
seizure and its suspects. Seizures are tagged with what else was seized
(explosives, drugs, fuel, cash…) and persons with their watchlist hits,
for the "other crime" analysis.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, String, cast, or_, select

from kafo.db import postgres
from kafo.labels import label
from kafo.model.case import Case, CaseSuspect, case_seizures
from kafo.model.geo import Place
from kafo.model.identity import IdentityJudgement, IdentityLink
from kafo.model.person import IdentityDocument, Person, PhoneNumber
from kafo.model.seizure import (
    Commodity,
    Explosive,
    Firearm,
    Seizure,
    SeizurePerson,
    SeizureVehicle,
)
from kafo.model.vehicle import Vehicle
from kafo.model.vocab import (
    ArrestStatus,
    FirearmCategory,
    Judgement,
    PersonRole,
    VehicleRole,
)
from kafo.model.watchlist import ScreeningAlert, Watchlist, WatchlistEntry
from kafo.services.checks.batches import DEFAULT_WINDOW, chains, shape
from kafo.services.network import changes as kinds
from kafo.services.network.graph import NO_DAY, Audience, Changes, Graph, GraphData

EPOCH = date(1970, 1, 1)
_Gun = tuple[str, int, int]  # a firearm's id, node and serial number, for batches
_Lot = tuple[str, str, str, int]  # standard model (or make), prefix, suffix, width
_CHUNK = 500  # ids in one IN (…) list


@dataclass
class Delta:
    """The records changed since the graph was built, by kind (ids as text)."""

    records: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    identity: bool = False  # identity links replaced in bulk: read them all

    @classmethod
    def of(cls, rows: Collection[tuple[Any, ...]]) -> Delta:
        """From change-log rows ``(kind, record id)``."""
        delta = cls()
        for kind, record_id in rows:
            if kind == kinds.IDENTITY and record_id is None:
                delta.identity = True
            elif record_id is not None:
                delta.records[kind].add(_hex(record_id))
        return delta

    def __len__(self) -> int:
        return sum(len(ids) for ids in self.records.values()) + self.identity

    def ids(self, kind: str) -> list[str]:
        return sorted(self.records.get(kind, ()))


def _hex(value: Any) -> str:
    return (value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))).hex


def day_of(value: date | datetime | None) -> int:
    if value is None:
        return NO_DAY
    return ((value.date() if isinstance(value, datetime) else value) - EPOCH).days


def _text(column: Any) -> Any:
    """An id read as text: millions of uuid objects would cost more than
    the rest of the reading."""
    return cast(column, String)


def uid(raw: str) -> str:
    """An id as the API writes it (SQLite keeps 32 hex digits, PostgreSQL
    the hyphenated form)."""
    raw = raw.lower()
    if len(raw) == 32:
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
    return raw


class _Loader:
    """One reading: of every record (``before`` is None), or of the records
    of ``delta`` on top of the graph ``before``."""

    def __init__(
        self,
        conn: Connection,
        data: GraphData,
        before: Graph | None = None,
        delta: Delta | None = None,
    ) -> None:
        self.conn = conn
        self.g = data
        self.before, self.delta = before, delta
        # Keyed by ids as read (text), valued by node index and audience code.
        self.persons: dict[str, int] = {}
        self.person_audience: dict[str, int] = {}
        self.seizures: dict[str, tuple[int, int, int, str]] = {}
        self._audiences: dict[tuple[Any, ...], int] = {}
        self._seized_edge: dict[int, int] = {}  # firearm node → its seized_in edge
        self._dead: list[Any] = []  # edges of the graph before that are replaced
        self._identity_persons: list[str] = []  # whose identity links are read again
        self._gone = self._entries = np.zeros(0, np.int64)
        self._cursors = 0

    def _rows(
        self, query: Any, column: Any = None, kind: str = "", raw: bool = False
    ) -> Iterator[Any]:
        """Rows in batches, through Core (no ORM step for a million rows);
        in a reading of changes, only those whose ``column`` is the id of a
        changed record of ``kind``. ``raw``: a query of text and numbers
        only, whose rows the driver's own are (read whole, the millions of
        rows of phones and documents cost more in row objects than in the
        database)."""
        if self.delta is None and raw:
            for rows in self._driver_rows(query):
                yield from rows
            return
        if self.delta is None or column is None:
            yield from self.conn.execute(query.execution_options(yield_per=50_000))
            return
        yield from self._of_ids(query, self.delta.ids(kind), column.in_)

    def _of_ids(self, query: Any, ids: list[str], where: Callable[[Any], Any]) -> Iterator[Any]:
        """The rows of ``query`` ``where`` a chunk of ``ids`` (hex), chunk by chunk."""
        for start in range(0, len(ids), _CHUNK):
            chunk = [uuid.UUID(hex=i) for i in ids[start : start + _CHUNK]]
            yield from self.conn.execute(query.where(where(chunk)))

    def _chunks(self, query: Any, column: Any, kind: str) -> Iterator[Sequence[Any]]:
        """:meth:`_rows` (``raw``) in batches."""
        if self.delta is None:
            yield from self._driver_rows(query)
        else:
            yield list(self._rows(query, column, kind))

    def _driver_rows(self, query: Any) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of ``query`` as the database driver gives them, in
        batches (a server-side cursor on PostgreSQL)."""
        compiled = query.compile(dialect=self.conn.dialect)
        driver = self.conn.connection.driver_connection
        assert driver is not None
        if postgres(self.conn):
            self._cursors += 1
            cursor = driver.cursor(name=f"kafo_graph_{self._cursors}")
            cursor.execute(str(compiled), compiled.params)
        else:
            params = [compiled.params[k] for k in compiled.positiontup or ()]
            cursor = driver.cursor()
            cursor.execute(str(compiled), params)
        try:
            while rows := cursor.fetchmany(50_000):
                yield rows
        finally:
            cursor.close()

    def _node(self, kind: str, raw: str) -> int:
        """The node of a record read now or in an earlier reading."""
        return self.g.index[f"{kind}:{uid(raw)}"]

    def _person(self, pid: str) -> int:
        found = self.persons.get(pid)
        return found if found is not None else self._node("person", pid)

    def _person_audience(self, pid: str) -> int:
        found = self.person_audience.get(pid)
        if found is not None:
            return found
        assert self.before is not None
        return int(self.before.node_audience[self._node("person", pid)])

    def audience(self, owner: str, sharing: object, operation: str | None, handling: object) -> int:
        """The audience's code (computed once per distinct audience)."""
        key = (owner, sharing, operation, handling)
        found = self._audiences.get(key)
        if found is None:
            found = self._audiences[key] = self.g.audience(
                Audience(
                    owner,
                    str(sharing),
                    uuid.UUID(operation) if operation else None,
                    str(handling) if handling else None,
                )
            )
        return found

    def run(self) -> GraphData:
        if self.delta is not None:
            self._replaced()
        self._seizures()
        self._persons()
        self._involvement()
        self._firearms()
        self._vehicles()
        self._goods()
        if self.delta is None or self.delta.identity:
            self._identities()
        elif self._identity_persons:
            self._identities(self._identity_persons)
        self._screening()
        self._cases()
        return self.g

    def changes(self) -> Changes:
        """What the reading replaced in the graph before it."""
        dead = np.unique(np.concatenate(self._dead)) if self._dead else np.zeros(0, np.int64)
        return Changes(dead_edges=dead, dead_nodes=self._gone, orphans=self._entries)

    # --- A reading of changes: what the changed records contributed before.

    def _replaced(self) -> None:
        """Mark dead what the changed records contributed to the graph before
        (their own links; the nodes of records gone, revived if read again)
        and note the batches their firearms were in, to be reviewed."""
        delta, before = self.delta, self.before
        assert delta is not None and before is not None
        # A changed watchlist is read again through the persons it alerted on.
        for (alerted,) in self._rows(
            select(_text(ScreeningAlert.person_id))
            .join(WatchlistEntry, WatchlistEntry.id == ScreeningAlert.entry_id)
            .distinct(),
            WatchlistEntry.watchlist_id,
            kinds.WATCHLIST,
        ):
            delta.records[kinds.PERSON].add(_hex(alerted))
        nodes = {
            kind: self._known(kind, delta.ids(kind))
            for kind in (kinds.SEIZURE, kinds.PERSON, kinds.VEHICLE, kinds.CASE)
        }
        own = np.concatenate(list(nodes.values()))
        derived = np.isin(before.edge_kind, before.kind_code(("same_identity", "same_batch")))
        self._dead.append(np.flatnonzero(np.isin(before.source, own) & ~derived))
        identity = before.edge_kind == self._code("same_identity")
        if delta.identity:
            self._dead.append(np.flatnonzero(identity))
        else:
            # The links and judgements of the persons named, and of the
            # persons changed (a link has the audience of its first person).
            named = delta.records[kinds.IDENTITY] | delta.records[kinds.PERSON]
            self._identity_persons = sorted(named)
            linked = self._known(kinds.PERSON, self._identity_persons)
            ends = np.isin(before.src, linked) | np.isin(before.dst, linked)
            self._dead.append(np.flatnonzero(identity & ends))
        seized = (before.edge_kind == self._code("seized_in")) & np.isin(
            before.dst, nodes[kinds.SEIZURE]
        )
        self._old_guns = before.src[seized].astype(np.int64)
        self._gone = np.concatenate([own, self._old_guns])
        # The watchlist entries the changed persons' alerts pointed to.
        hits = (before.edge_kind == self._code("screened_hit")) & np.isin(
            before.source, nodes[kinds.PERSON]
        )
        self._entries = np.unique(before.dst[hits]).astype(np.int64)
        for v in nodes[kinds.SEIZURE].tolist():
            self.g.tags.pop(v, None)
        for v in nodes[kinds.PERSON].tolist():
            self.g.tags.get(v, set()).discard("watchlist_hit")

    def _known(self, kind: str, ids: list[str]) -> Any:
        """The nodes of the records of ``kind`` with ``ids`` the graph has."""
        index = self.g.index
        found = [v for i in ids if (v := index.get(f"{kind}:{uid(i)}")) is not None]
        return np.asarray(found, dtype=np.int64)

    def _code(self, kind: str) -> int:
        """The code of an edge kind (-1: none of that kind yet)."""
        assert self.before is not None
        found = self.before.kind_code((kind,))
        return found[0] if found else -1

    def _seized(self, gun: int) -> tuple[int, int, int]:
        """Day, audience and source of a firearm's seized_in link."""
        e = self._seized_edge.get(gun)
        if e is not None:
            i = e - self.g.edge_base
            return self.g.day[i], self.g.edge_audience[i], self.g.source[i]
        before = self.before
        assert before is not None
        edges = before.edges_at(gun)
        found = edges[
            (before.edge_kind[edges] == self._code("seized_in")) & (before.src[edges] == gun)
        ]
        e = int(found[0])
        return int(before.day[e]), int(before.edge_audience[e]), int(before.source[e])

    # --- The records.

    def _seizures(self) -> None:
        places = {
            code: (name, country)
            for code, name, country in self.conn.execute(
                select(Place.code, Place.name, Place.country)
            )
        }
        rows = self._rows(
            select(
                _text(Seizure.id),
                Seizure.reference,
                Seizure.occurred_at,
                Seizure.place_code,
                Seizure.location_text,
                Seizure.owner_country,
                _text(Seizure.sharing),
                _text(Seizure.operation_id),
                _text(Seizure.handling_code),
            ),
            Seizure.id,
            kinds.SEIZURE,
        )
        for sid, ref, at, code, where, owner, sharing, op, handling in rows:
            audience = self.audience(owner, sharing, op, handling)
            place = places.get(code) if code else None
            name = place[0] if place else (where or "?")
            node = self.g.node(
                f"seizure:{uid(sid)}",
                "seizure",
                f"saisie {ref or uid(sid)[:8]}, {name}, {at:%Y-%m-%d}",
                owner,
                audience,
            )
            day = day_of(at)
            self.seizures[sid] = (node, day, audience, owner)
            if place is not None:
                at_place = self.g.node(f"place:{code}", "place", place[0], place[1])
                self.g.edge(node, at_place, "at", day, audience, node)

    def _seizure_node(self, sid: str) -> int:
        found = self.seizures.get(sid)
        return found[0] if found is not None else self._node("seizure", sid)

    def _persons(self) -> None:
        rows = self._rows(
            select(
                _text(Person.id),
                Person.family_name,
                Person.given_names,
                Person.owner_country,
                _text(Person.sharing),
                _text(Person.operation_id),
                _text(Person.handling_code),
            ),
            Person.id,
            kinds.PERSON,
            raw=True,
        )
        for pid, family, given, owner, sharing, op, handling in rows:
            audience = self.audience(owner, sharing, op, handling)
            name = " ".join(p for p in (family, given) if p) or "?"
            self.persons[pid] = self.g.node(f"person:{uid(pid)}", "person", name, owner, audience)
            self.person_audience[pid] = audience
        self._values(
            select(_text(PhoneNumber.person_id), PhoneNumber.e164),
            PhoneNumber.person_id,
            "uses",
            lambda e164: (f"phone:{e164}", "phone", e164, None),
        )
        self._values(
            select(
                _text(IdentityDocument.person_id),
                _text(IdentityDocument.doc_type),
                IdentityDocument.number_canonical,
                IdentityDocument.issuing_country,
            ),
            IdentityDocument.person_id,
            "holds",
            lambda kind, number, country: (
                f"document:{kind}:{country or ''}:{number}",
                "document",
                f"{kind} {number}",
                country,
            ),
        )

    def _values(
        self,
        query: Any,
        person: Any,
        kind: str,
        describe: Callable[..., tuple[str, str, str, str | None]],
    ) -> None:
        """Links from persons to shared values (phones, documents), in bulk:
        the bulk of a national graph, so each distinct value is named once
        and each batch of rows is mapped in comprehensions."""
        nodes: dict[Any, int] = {}  # the value as read → its node
        index, person_node, person_audience = self.g.index, self.persons, self.person_audience
        for rows in self._chunks(query, person, kinds.PERSON):
            if not rows:
                continue
            # A one-column value is its own key (hashing tuples costs more).
            single = len(rows[0]) == 2
            read = [row[1] for row in rows] if single else [row[1:] for row in rows]
            # In the order first read, so that node numbers do not depend
            # on the process's string hashing.
            for value in [v for v in dict.fromkeys(read) if v not in nodes]:
                key, value_kind, text, country = describe(value) if single else describe(*value)
                found = index.get(key)
                if found is None:
                    found = self.g.node(key, value_kind, text, country)
                nodes[value] = found
            persons = [person_node[row[0]] for row in rows]
            audiences = [person_audience[row[0]] for row in rows]
            self.g.edges(persons, [nodes[v] for v in read], kind, audiences, persons)

    def _involvement(self) -> None:
        rows = self._rows(
            select(
                _text(SeizurePerson.seizure_id),
                _text(SeizurePerson.person_id),
                _text(SeizurePerson.role),
                _text(SeizurePerson.arrest_status),
            ),
            SeizurePerson.seizure_id,
            kinds.SEIZURE,
            raw=True,
        )
        for sid, pid, role, arrest in rows:
            node, day, audience, _owner = self.seizures[sid]
            detail = label(PersonRole, role, "en") + (
                ", arrested" if arrest == ArrestStatus.ARRESTED else ""
            )
            self.g.edge(self._person(pid), node, "involved_in", day, audience, node, detail)

    def _firearms(self) -> None:
        rows = self._rows(
            select(
                _text(Firearm.id),
                _text(Firearm.seizure_id),
                _text(Firearm.category),
                Firearm.make,
                Firearm.model,
                Firearm.serial_number,
                Firearm.serial_canonical,
                Firearm.std_model,
                Firearm.std_make,
            ),
            Firearm.seizure_id,
            kinds.SEIZURE,
            raw=True,
        )
        lots: dict[_Lot, list[tuple[int, _Gun]]] = defaultdict(list)
        for fid, sid, category, make, model, serial, canonical, std_model, std_make in rows:
            node, day, audience, owner = self.seizures[sid]
            what = " ".join(p for p in (make, model) if p) or label(FirearmCategory, category, "en")
            text = f"{what} n° {serial}" if serial else what
            gun = self.g.node(f"firearm:{uid(fid)}", "firearm", text, owner, audience)
            self.g.edge(gun, node, "seized_in", day, audience, node)
            self._seized_edge[gun] = self.g.edge_count - 1
            cut = shape(canonical or "")
            if cut is not None and (std_model or std_make):
                key = (std_model or std_make, cut.prefix, cut.suffix, cut.width)
                lots[key].append((cut.number, (uid(fid), gun, cut.number)))
        if self.delta is not None:
            lots = self._whole_lots(set(lots) | self._old_lots())
        self._batches(lots)

    def _old_lots(self) -> set[_Lot]:
        """The lots of the batches the changed seizures' firearms were in."""
        before = self.before
        assert before is not None
        batch = (before.edge_kind == self._code("same_batch")) & np.isin(before.src, self._old_guns)
        return {self.g.lots[v] for v in np.unique(before.dst[batch]).tolist()}

    def _whole_lots(self, keys: set[_Lot]) -> dict[_Lot, list[tuple[int, _Gun]]]:
        """Every seized firearm of the lots ``keys`` (a reading of changes
        reviews the batches its firearms are in, or were in, whole); the
        batch links of all of them are replaced."""
        lots: dict[_Lot, list[tuple[int, _Gun]]] = {}
        for key in sorted(keys):
            model, prefix, suffix, width = key
            query = select(
                _text(Firearm.id), Firearm.serial_canonical, Firearm.std_model, Firearm.std_make
            ).where(or_(Firearm.std_model == model, Firearm.std_make == model))
            if prefix:
                query = query.where(Firearm.serial_canonical.startswith(prefix, autoescape=True))
            numbered = lots[key] = []
            for fid, canonical, std_model, std_make in self.conn.execute(query):
                cut = shape(canonical or "")
                if cut is None or (std_model or std_make) != model:
                    continue
                if (cut.prefix, cut.suffix, cut.width) == (prefix, suffix, width):
                    gun = self._node("firearm", fid)
                    numbered.append((cut.number, (uid(fid), gun, cut.number)))
        before = self.before
        assert before is not None
        guns = [gun for numbered in lots.values() for _n, (_f, gun, _s) in numbered]
        reviewed = np.isin(before.src, np.asarray(guns + self._old_guns.tolist(), dtype=np.int64))
        self._dead.append(np.flatnonzero(reviewed & (before.edge_kind == self._code("same_batch"))))
        return lots

    def _batches(self, lots: dict[_Lot, list[tuple[int, _Gun]]]) -> None:
        """Firearms of one model whose serials run close together (the
        probable batches of :mod:`kafo.services.checks.batches`), seized in
        two seizures or more, meet at a batch node."""
        for lot_key, numbered in lots.items():
            model, prefix, suffix, width = lot_key
            for chain in chains(numbered, DEFAULT_WINDOW, lambda item: item[0]):
                guns = [gun for _fid, gun, _number in chain]
                seized = [self._seized(gun) for gun in guns]
                if len({source for _day, _audience, source in seized}) < 2:
                    continue
                low, high = chain[0][2], chain[-1][2]
                key = f"batch:{model}:{prefix}{low:0{width}d}{suffix}"
                lot = self.g.node(
                    key, "batch", f"{model} {prefix}{low:0{width}d}–{high:0{width}d}{suffix}"
                )
                self.g.lots[lot] = lot_key
                for gun, (day, audience, source) in zip(guns, seized, strict=True):
                    self.g.edge(gun, lot, "same_batch", day, audience, source)

    def _vehicles(self) -> None:
        rows = self._rows(
            select(
                _text(Vehicle.id),
                Vehicle.plate_canonical,
                Vehicle.plate_country,
                Vehicle.make,
                Vehicle.owner_country,
                _text(Vehicle.sharing),
                _text(Vehicle.operation_id),
                _text(Vehicle.handling_code),
            ),
            Vehicle.id,
            kinds.VEHICLE,
            raw=True,
        )
        nodes: dict[str, int] = {}
        for vid, plate, country, make, owner, sharing, op, handling in rows:
            audience = self.audience(owner, sharing, op, handling)
            text = " ".join(p for p in (make, plate) if p) or "?"
            nodes[vid] = self.g.node(f"vehicle:{uid(vid)}", "vehicle", text, owner, audience)
            if plate:
                value = self.g.node(f"plate:{country or ''}:{plate}", "plate", plate, country)
                self.g.edge(nodes[vid], value, "registered_as", NO_DAY, audience, nodes[vid])
        rows = self._rows(
            select(
                _text(SeizureVehicle.seizure_id),
                _text(SeizureVehicle.vehicle_id),
                _text(SeizureVehicle.role),
            ),
            SeizureVehicle.seizure_id,
            kinds.SEIZURE,
            raw=True,
        )
        for sid, vid, role in rows:
            node, day, audience, owner = self.seizures[sid]
            detail = label(VehicleRole, role, "en")
            vehicle = nodes.get(vid)
            vehicle = vehicle if vehicle is not None else self._node("vehicle", vid)
            self.g.edge(vehicle, node, "used_in", day, audience, node, detail)

    def _goods(self) -> None:
        for sid, explosive in self._rows(
            select(_text(Explosive.seizure_id), _text(Explosive.kind)),
            Explosive.seizure_id,
            kinds.SEIZURE,
        ):
            self.g.tags.setdefault(self.seizures[sid][0], set()).add(f"explosive:{explosive}")
        for sid, goods in self._rows(
            select(_text(Commodity.seizure_id), _text(Commodity.kind)),
            Commodity.seizure_id,
            kinds.SEIZURE,
        ):
            self.g.tags.setdefault(self.seizures[sid][0], set()).add(f"commodity:{goods}")

    def _pairs(self, query: Any, a: Any, b: Any, persons: list[str] | None) -> Iterator[Any]:
        """Rows of pairs of persons: all, or those with one of ``persons``."""
        if persons is None:
            yield from self._rows(query, raw=True)
        else:
            yield from self._of_ids(query, persons, lambda ids: or_(a.in_(ids), b.in_(ids)))

    def _identities(self, persons: list[str] | None = None) -> None:
        """Corroborated links and standing 'same' judgements; a standing
        'different' judgement removes the link (the analyst's word wins).
        All of them, or those of ``persons`` (ids as hex)."""
        standing: dict[tuple[str, str], tuple[Judgement, str]] = {}
        for a, b, decision, user in self._pairs(
            select(
                _text(IdentityJudgement.person_a),
                _text(IdentityJudgement.person_b),
                _text(IdentityJudgement.decision),
                IdentityJudgement.username,
            ).order_by(IdentityJudgement.at, IdentityJudgement.id),
            IdentityJudgement.person_a,
            IdentityJudgement.person_b,
            persons,
        ):
            standing[min(a, b), max(a, b)] = (decision, user)
        pairs: dict[tuple[str, str], str] = {}
        for a, b, score in self._pairs(
            select(
                _text(IdentityLink.person_a), _text(IdentityLink.person_b), IdentityLink.score
            ).where(IdentityLink.corroborated.is_(True)),
            IdentityLink.person_a,
            IdentityLink.person_b,
            persons,
        ):
            pairs[min(a, b), max(a, b)] = f"linked, score {score:.2f}"
        for pair, (decision, user) in standing.items():
            if decision == Judgement.SAME:
                pairs[pair] = f"judged the same by {user}"
            elif decision == Judgement.DIFFERENT:
                pairs.pop(pair, None)
        for (a, b), detail in pairs.items():
            first = self._person(a)
            self.g.edge(
                first,
                self._person(b),
                "same_identity",
                NO_DAY,
                self._person_audience(a),
                first,
                detail,
            )

    def _screening(self) -> None:
        rows = self._rows(
            select(
                _text(ScreeningAlert.person_id),
                ScreeningAlert.score,
                ScreeningAlert.created_at,
                _text(WatchlistEntry.id),
                WatchlistEntry.reference,
                WatchlistEntry.name,
                Watchlist.name,
                Watchlist.owner_country,
                _text(Watchlist.sharing),
                _text(Watchlist.operation_id),
                _text(Watchlist.handling_code),
            )
            .join(WatchlistEntry, WatchlistEntry.id == ScreeningAlert.entry_id)
            .join(Watchlist, Watchlist.id == WatchlistEntry.watchlist_id),
            ScreeningAlert.person_id,
            kinds.PERSON,
        )
        for pid, score, at, eid, ref, name, listname, owner, sharing, op, handling in rows:
            listed = self.audience(owner, sharing, op, handling)
            entry = self.g.node(
                f"entry:{uid(eid)}", "watchlist_entry", f"{ref} {name} ({listname})", None, listed
            )
            person = self.persons[pid]
            self.g.tags.setdefault(person, set()).add("watchlist_hit")
            self.g.edge(
                person,
                entry,
                "screened_hit",
                day_of(at),
                self.person_audience[pid],
                person,
                f"score {score:.2f}",
            )

    def _cases(self) -> None:
        cases: dict[str, tuple[int, int, int]] = {}
        for cid, ref, title, opened, owner, sharing, op, handling in self._rows(
            select(
                _text(Case.id),
                Case.reference,
                Case.title,
                Case.opened_on,
                Case.owner_country,
                _text(Case.sharing),
                _text(Case.operation_id),
                _text(Case.handling_code),
            ),
            Case.id,
            kinds.CASE,
        ):
            audience = self.audience(owner, sharing, op, handling)
            node = self.g.node(f"case:{uid(cid)}", "case", f"{ref} {title}", owner, audience)
            cases[cid] = (node, day_of(opened), audience)
        for cid, sid in self._rows(
            select(_text(case_seizures.c.case_id), _text(case_seizures.c.seizure_id)),
            case_seizures.c.case_id,
            kinds.CASE,
        ):
            node, day, audience = cases[cid]
            self.g.edge(node, self._seizure_node(sid), "built_from", day, audience, node)
        for cid, pid, role in self._rows(
            select(
                _text(CaseSuspect.case_id), _text(CaseSuspect.person_id), _text(CaseSuspect.role)
            ),
            CaseSuspect.case_id,
            kinds.CASE,
        ):
            node, day, audience = cases[cid]
            self.g.edge(node, self._person(pid), "suspect", day, audience, node, str(role))


def load_graph(conn: Connection) -> Graph:
    """Every record's nodes and edges (access is applied per query, by view)."""
    return Graph(_Loader(conn, GraphData()).run())


def apply_changes(conn: Connection, before: Graph, delta: Delta) -> Graph:
    """The graph ``before`` with the records of ``delta`` read again: what
    they contributed before is replaced by what they contribute now."""
    loader = _Loader(conn, before.data, before, delta)
    data = loader.run()
    return Graph(data, before, loader.changes())
