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
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, func, or_, select

from kafo.db import as_text, driver_rows, postgres
from kafo.labels import label
from kafo.model.case import Case, CaseSuspect, case_seizures
from kafo.model.geo import Place
from kafo.model.identity import IdentityJudgement, IdentityLink
from kafo.model.person import Person
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
from kafo.services.checks.batches import DEFAULT_WINDOW, Lot, chains, lot_of
from kafo.services.network import changes as kinds
from kafo.services.network import values
from kafo.services.network.graph import NO_AUDIENCE, NO_DAY, Audience, Changes, Graph, GraphData

EPOCH = date(1970, 1, 1)
_Gun = tuple[str, int, int]  # a firearm's key, node and serial number, for batches
_CHUNK = 500  # ids in one IN (…) list


@dataclass
class Delta:
    """The records changed since the graph was built, by kind (ids as text)."""

    records: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    identity: bool = False  # identity links replaced in bulk: read them all
    whole: bool = False  # a place changed: read every record again

    @classmethod
    def of(cls, rows: Collection[tuple[Any, ...]]) -> Delta:
        """From change-log rows ``(kind, record id)``."""
        delta = cls()
        for kind, record_id in rows:
            if kind == kinds.IDENTITY and record_id is None:
                delta.identity = True
            elif kind == kinds.PLACE:
                delta.whole = True
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


def _owned(model: Any) -> list[Any]:
    """A record's audience columns: owner country, sharing, operation, handling."""
    return [
        model.owner_country,
        as_text(model.sharing),
        as_text(model.operation_id),
        as_text(model.handling_code),
    ]


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
        # Keyed by ids as read (text): the node and audience code of the
        # persons read, and the node, day, audience code and owner of the
        # seizures read.
        self.persons: dict[str, tuple[int, int]] = {}
        self.seizures: dict[str, tuple[int, int, int, str]] = {}
        self._audiences: dict[tuple[Any, ...], int] = {}
        self._day_numbers: dict[str, int] = {}
        self._seized_edge: dict[int, int] = {}  # firearm node → its seized_in edge
        self._dead: list[Any] = []  # edges of the graph before that are replaced
        self._identity_persons: list[str] = []  # whose identity links are read again
        self._gone = self._entries = np.zeros(0, np.int64)

    def _read(
        self, query: Any, column: Any = None, kind: str = "", raw: bool = False
    ) -> Iterator[Sequence[Any]]:
        """Rows in batches; in a reading of changes, only those whose
        ``column`` is the id of a changed record of ``kind``. ``raw``: a
        query of text and numbers only, read through the database driver
        (the millions of rows of phones and documents cost more in
        SQLAlchemy's row objects than in the database); other rows come
        through Core (no ORM step for a million rows)."""
        if self.delta is not None and column is not None:
            rows = list(self._of_ids(query, self.delta.ids(kind), column.in_))
            if rows:
                yield rows
        elif raw:
            yield from driver_rows(self.conn, query)
        else:
            yield from self.conn.execute(query.execution_options(yield_per=50_000)).partitions()

    def _rows(self, query: Any, column: Any = None, kind: str = "") -> Iterator[Any]:
        """:meth:`_read`, row by row."""
        for rows in self._read(query, column, kind):
            yield from rows

    def _of_ids(self, query: Any, ids: list[str], where: Callable[[Any], Any]) -> Iterator[Any]:
        """The rows of ``query`` ``where`` a chunk of ``ids`` (hex), chunk by chunk."""
        for start in range(0, len(ids), _CHUNK):
            chunk = [uuid.UUID(hex=i) for i in ids[start : start + _CHUNK]]
            yield from self.conn.execute(query.where(where(chunk)))

    def _keys(self, kind: str, ids: Sequence[str]) -> list[str]:
        """The node keys of records of ``kind`` from their ids as read."""
        if postgres(self.conn):  # already as the API writes them
            return [f"{kind}:{i}" for i in ids]
        return [f"{kind}:{i[:8]}-{i[8:12]}-{i[12:16]}-{i[16:20]}-{i[20:]}" for i in ids]

    def _utc_date(self, column: Any) -> Any:
        """A date and time column's UTC date as ``YYYY-MM-DD`` text, from
        the database (no date object per row)."""
        if postgres(self.conn):
            return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
        return func.substr(column, 1, 10)  # stored as UTC text

    def _days(self, dates: Sequence[str]) -> list[int]:
        """Days since 1970-01-01 of ``YYYY-MM-DD`` dates (each distinct one
        computed once)."""
        known = self._day_numbers
        for text in set(dates) - known.keys():
            known[text] = day_of(date.fromisoformat(text))
        return [known[text] for text in dates]

    def _audience_codes(self, rows: Sequence[Any], at: int) -> list[int]:
        """The audience code of each row, from its :func:`_owned` columns
        starting at ``at`` (each distinct audience computed once)."""
        known = self._audiences
        keys = [tuple(row[at : at + 4]) for row in rows]
        return [known[k] if k in known else self.audience(*k) for k in keys]

    def _node(self, kind: str, raw: str) -> int:
        """The node of a record read now or in an earlier reading."""
        return self.g.index[f"{kind}:{uid(raw)}"]

    def _person(self, pid: str) -> int:
        found = self.persons.get(pid)
        return found[0] if found is not None else self._node("person", pid)

    def _person_nodes(self, pids: Iterable[str]) -> list[int]:
        """:meth:`_person` of each of ``pids``."""
        persons = self.persons
        return [
            found[0] if (found := persons.get(pid)) is not None else self._node("person", pid)
            for pid in pids
        ]

    def _person_audience(self, pid: str) -> int:
        found = self.persons.get(pid)
        if found is not None:
            return found[1]
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
        # Many values of a whole reading: read by another process meanwhile.
        apart = values.start_apart(self.conn) if self.delta is None else None
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
        self._values(values.finish_apart(apart))
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
            select(as_text(ScreeningAlert.person_id))
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

    # --- The records (each batch of rows added in bulk: a national graph
    # has millions).

    def _seizures(self) -> None:
        places = {
            code: (name, country)
            for code, name, country in self.conn.execute(
                select(Place.code, Place.name, Place.country)
            )
        }
        place_nodes: dict[str, int] = {}
        for rows in self._read(
            select(
                as_text(Seizure.id),
                Seizure.reference,
                self._utc_date(Seizure.occurred_at),
                Seizure.place_code,
                Seizure.location_text,
                *_owned(Seizure),
            ),
            Seizure.id,
            kinds.SEIZURE,
            raw=True,
        ):
            ids = [row[0] for row in rows]
            keys = self._keys("seizure", ids)
            owners = [row[5] for row in rows]
            audiences = self._audience_codes(rows, 5)
            labels = [
                f"saisie {ref or sid[:8]}, "
                f"{places[code][0] if code in places else where or '?'}, {on}"
                for sid, ref, on, code, where, *_owned_by in rows
            ]
            nodes = self.g.nodes(keys, "seizure", labels, owners, audiences)
            days = self._days([row[2] for row in rows])
            read = zip(nodes, days, audiences, owners, strict=True)
            self.seizures.update(zip(ids, read, strict=True))
            # Each seizure at its place (read again with it, to keep it current).
            for code in dict.fromkeys(row[3] for row in rows):
                if code not in places or code in place_nodes:
                    continue
                name, country = places[code]
                place_nodes[code] = self.g.node(f"place:{code}", "place", name, country)
            at = [i for i, row in enumerate(rows) if row[3] in places]
            self.g.edges(
                [nodes[i] for i in at],
                [place_nodes[rows[i][3]] for i in at],
                "at",
                [audiences[i] for i in at],
                [nodes[i] for i in at],
                day=[days[i] for i in at],
            )

    def _seizure_node(self, sid: str) -> int:
        found = self.seizures.get(sid)
        return found[0] if found is not None else self._node("seizure", sid)

    def _persons(self) -> None:
        for rows in self._read(
            select(
                as_text(Person.id),
                Person.family_name,
                Person.given_names,
                *_owned(Person),
            ),
            Person.id,
            kinds.PERSON,
            raw=True,
        ):
            ids = [row[0] for row in rows]
            audiences = self._audience_codes(rows, 3)
            names = [" ".join(filter(None, row[1:3])) or "?" for row in rows]
            nodes = self.g.nodes(
                self._keys("person", ids), "person", names, [row[3] for row in rows], audiences
            )
            self.persons.update(zip(ids, zip(nodes, audiences, strict=True), strict=True))

    def _values(self, apart: values.Apart | None) -> None:
        """Links from persons to the values they share (phones, documents),
        as arrays: read apart, or read now."""
        if apart is not None:
            self.g.stats["values_apart_peak_mb"] = apart.peak_mb
        for kind in values.KINDS:
            if apart is not None:
                reading = apart.readings[kind.edge]
            else:
                reading = values.factorized(
                    self._read(kind.query, kind.person, kinds.PERSON, raw=True)
                )
            self._add_values(kind, reading)

    def _add_values(self, kind: values.ValueKind, reading: values.Reading) -> None:
        """The links of ``reading``; rows of persons not read (a reading
        apart sees the database a moment later: the change log has them)
        are left out."""
        unknown = (-1, NO_AUDIENCE)
        found = [self.persons.get(pid, unknown) for pid in reading.persons]
        person_node, person_audience = np.asarray(found, dtype=np.int32).reshape(-1, 2).T
        person_at = np.frombuffer(reading.person_at, dtype=np.int32)
        value_at = np.frombuffer(reading.value_at, dtype=np.int32)
        src = person_node[person_at]
        read = src >= 0
        src, value_at = src[read], value_at[read]
        # A node for each value linked (in the order first read).
        linked = np.zeros(len(reading.values), dtype=np.bool_)
        linked[value_at] = True
        at = np.flatnonzero(linked)
        described = [kind.describe(reading.values[i]) for i in at.tolist()]
        value_node = np.full(len(reading.values), -1, dtype=np.int32)
        value_node[at] = self.g.nodes(
            [key for key, _text, _country in described],
            kind.value,
            [text for _key, text, _country in described],
            [country for _key, _text, country in described],
            [NO_AUDIENCE] * len(described),
        )
        self.g.edges(src, value_node[value_at], kind.edge, person_audience[person_at[read]], src)

    def _involvement(self) -> None:
        details: dict[tuple[str, str | None], str] = {}
        for rows in self._read(
            select(
                as_text(SeizurePerson.seizure_id),
                as_text(SeizurePerson.person_id),
                as_text(SeizurePerson.role),
                as_text(SeizurePerson.arrest_status),
            ),
            SeizurePerson.seizure_id,
            kinds.SEIZURE,
            raw=True,
        ):
            roles = [(row[2], row[3]) for row in rows]
            for role, arrest in set(roles) - details.keys():
                details[role, arrest] = label(PersonRole, role, "en") + (
                    ", arrested" if arrest == ArrestStatus.ARRESTED else ""
                )
            seized = [self.seizures[row[0]] for row in rows]
            nodes = [s[0] for s in seized]
            self.g.edges(
                self._person_nodes(row[1] for row in rows),
                nodes,
                "involved_in",
                [s[2] for s in seized],
                nodes,
                day=[s[1] for s in seized],
                detail=[details[r] for r in roles],
            )

    def _firearms(self) -> None:
        lots: dict[Lot, list[tuple[int, _Gun]]] = defaultdict(list)
        for rows in self._read(
            select(
                as_text(Firearm.id),
                as_text(Firearm.seizure_id),
                as_text(Firearm.category),
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
        ):
            keys = self._keys("firearm", [row[0] for row in rows])
            seized = [self.seizures[row[1]] for row in rows]
            labels = []
            for _key, _sid, category, make, model, serial, *_ in rows:
                what = " ".join(filter(None, (make, model))) or label(
                    FirearmCategory, category, "en"
                )
                labels.append(f"{what} n° {serial}" if serial else what)
            audiences = [s[2] for s in seized]
            guns = self.g.nodes(keys, "firearm", labels, [s[3] for s in seized], audiences)
            first = self.g.edge_count
            nodes = [s[0] for s in seized]
            self.g.edges(guns, nodes, "seized_in", audiences, nodes, day=[s[1] for s in seized])
            self._seized_edge.update(zip(guns, range(first, self.g.edge_count), strict=True))
            for gun, key, row in zip(guns, keys, rows, strict=True):
                found = lot_of(*row[6:9])
                if found is not None:
                    lot, cut = found
                    lots[lot].append((cut.number, (key, gun, cut.number)))
        if self.delta is not None:
            lots = self._whole_lots(set(lots) | self._old_lots())
        self._batches(lots)

    def _old_lots(self) -> set[Lot]:
        """The lots of the batches the changed seizures' firearms were in."""
        before = self.before
        assert before is not None
        batch = (before.edge_kind == self._code("same_batch")) & np.isin(before.src, self._old_guns)
        return {self.g.lots[v] for v in np.unique(before.dst[batch]).tolist()}

    def _whole_lots(self, keys: set[Lot]) -> dict[Lot, list[tuple[int, _Gun]]]:
        """Every seized firearm of the lots ``keys`` (a reading of changes
        reviews the batches its firearms are in, or were in, whole); the
        batch links of all of them are replaced."""
        lots: dict[Lot, list[tuple[int, _Gun]]] = {}
        for lot in sorted(keys):
            model, prefix, _suffix, _width = lot
            query = select(
                as_text(Firearm.id),
                Firearm.serial_canonical,
                Firearm.std_model,
                Firearm.std_make,
            ).where(or_(Firearm.std_model == model, Firearm.std_make == model))
            if prefix:
                query = query.where(Firearm.serial_canonical.startswith(prefix, autoescape=True))
            numbered = lots[lot] = []
            for fid, *serial in self.conn.execute(query):
                found = lot_of(*serial)
                if found is not None and found[0] == lot:
                    key, number = f"firearm:{uid(fid)}", found[1].number
                    numbered.append((number, (key, self.g.index[key], number)))
        before = self.before
        assert before is not None
        guns = [gun for numbered in lots.values() for _n, (_f, gun, _s) in numbered]
        reviewed = np.isin(before.src, np.asarray(guns + self._old_guns.tolist(), dtype=np.int64))
        self._dead.append(np.flatnonzero(reviewed & (before.edge_kind == self._code("same_batch"))))
        return lots

    def _batches(self, lots: dict[Lot, list[tuple[int, _Gun]]]) -> None:
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
        plates: dict[tuple[str, str | None], int] = {}  # plate and country → node
        vehicles: dict[str, int] = {}  # id as read → node
        index = self.g.index
        for rows in self._read(
            select(
                as_text(Vehicle.id),
                Vehicle.plate_canonical,
                Vehicle.plate_country,
                Vehicle.make,
                *_owned(Vehicle),
            ),
            Vehicle.id,
            kinds.VEHICLE,
            raw=True,
        ):
            audiences = self._audience_codes(rows, 4)
            ids = [row[0] for row in rows]
            nodes = self.g.nodes(
                self._keys("vehicle", ids),
                "vehicle",
                [" ".join(filter(None, (row[3], row[1]))) or "?" for row in rows],
                [row[4] for row in rows],
                audiences,
            )
            # Each distinct plate named once, in the order first read.
            registered = [(row[1], row[2]) for row in rows]
            for plate, country in dict.fromkeys(registered):
                if plate and (plate, country) not in plates:
                    key = f"plate:{country or ''}:{plate}"
                    found = index.get(key)
                    plates[plate, country] = (
                        found if found is not None else self.g.node(key, "plate", plate, country)
                    )
            vehicles.update(zip(ids, nodes, strict=True))
            at = [i for i, (plate, _country) in enumerate(registered) if plate]
            self.g.edges(
                [nodes[i] for i in at],
                [plates[registered[i]] for i in at],
                "registered_as",
                [audiences[i] for i in at],
                [nodes[i] for i in at],
            )
        details: dict[str, str] = {}
        for rows in self._read(
            select(
                as_text(SeizureVehicle.seizure_id),
                as_text(SeizureVehicle.vehicle_id),
                as_text(SeizureVehicle.role),
            ),
            SeizureVehicle.seizure_id,
            kinds.SEIZURE,
            raw=True,
        ):
            for role in {row[2] for row in rows} - details.keys():
                details[role] = label(VehicleRole, role, "en")
            seized = [self.seizures[row[0]] for row in rows]
            nodes = [s[0] for s in seized]
            self.g.edges(
                [
                    vehicles[vid] if vid in vehicles else self._node("vehicle", vid)
                    for _sid, vid, _role in rows
                ],
                nodes,
                "used_in",
                [s[2] for s in seized],
                nodes,
                day=[s[1] for s in seized],
                detail=[details[row[2]] for row in rows],
            )

    def _goods(self) -> None:
        for sid, explosive in self._rows(
            select(as_text(Explosive.seizure_id), as_text(Explosive.kind)),
            Explosive.seizure_id,
            kinds.SEIZURE,
        ):
            self.g.tags.setdefault(self.seizures[sid][0], set()).add(f"explosive:{explosive}")
        for sid, goods in self._rows(
            select(as_text(Commodity.seizure_id), as_text(Commodity.kind)),
            Commodity.seizure_id,
            kinds.SEIZURE,
        ):
            self.g.tags.setdefault(self.seizures[sid][0], set()).add(f"commodity:{goods}")

    def _pairs(self, query: Any, a: Any, b: Any, persons: list[str] | None) -> Iterator[Any]:
        """Rows of pairs of persons: all, or those with one of ``persons``."""
        if persons is None:
            for rows in self._read(query, raw=True):
                yield from rows
        else:
            yield from self._of_ids(query, persons, lambda ids: or_(a.in_(ids), b.in_(ids)))

    def _identities(self, persons: list[str] | None = None) -> None:
        """Corroborated links and standing 'same' judgements; a standing
        'different' judgement removes the link (the analyst's word wins).
        All of them, or those of ``persons`` (ids as hex)."""
        standing: dict[tuple[str, str], tuple[Judgement, str]] = {}
        for a, b, decision, user in self._pairs(
            select(
                as_text(IdentityJudgement.person_a),
                as_text(IdentityJudgement.person_b),
                as_text(IdentityJudgement.decision),
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
                as_text(IdentityLink.person_a),
                as_text(IdentityLink.person_b),
                IdentityLink.score,
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
        first = self._person_nodes(a for a, _b in pairs)
        self.g.edges(
            first,
            self._person_nodes(b for _a, b in pairs),
            "same_identity",
            [self._person_audience(a) for a, _b in pairs],
            first,
            detail=list(pairs.values()),
        )

    def _screening(self) -> None:
        for pid, score, at, eid, ref, name, listname, *owned in self._rows(
            select(
                as_text(ScreeningAlert.person_id),
                ScreeningAlert.score,
                ScreeningAlert.created_at,
                as_text(WatchlistEntry.id),
                WatchlistEntry.reference,
                WatchlistEntry.name,
                Watchlist.name,
                *_owned(Watchlist),
            )
            .join(WatchlistEntry, WatchlistEntry.id == ScreeningAlert.entry_id)
            .join(Watchlist, Watchlist.id == WatchlistEntry.watchlist_id),
            ScreeningAlert.person_id,
            kinds.PERSON,
        ):
            listed = self.audience(*owned)
            entry = self.g.node(
                f"entry:{uid(eid)}", "watchlist_entry", f"{ref} {name} ({listname})", None, listed
            )
            person, audience = self.persons[pid]
            self.g.tags.setdefault(person, set()).add("watchlist_hit")
            self.g.edge(
                person,
                entry,
                "screened_hit",
                day_of(at),
                audience,
                person,
                f"score {score:.2f}",
            )

    def _cases(self) -> None:
        cases: dict[str, tuple[int, int, int]] = {}
        for cid, ref, title, opened, *owned in self._rows(
            select(
                as_text(Case.id),
                Case.reference,
                Case.title,
                Case.opened_on,
                *_owned(Case),
            ),
            Case.id,
            kinds.CASE,
        ):
            audience = self.audience(*owned)
            node = self.g.node(f"case:{uid(cid)}", "case", f"{ref} {title}", owned[0], audience)
            cases[cid] = (node, day_of(opened), audience)
        for cid, sid in self._rows(
            select(
                as_text(case_seizures.c.case_id),
                as_text(case_seizures.c.seizure_id),
            ),
            case_seizures.c.case_id,
            kinds.CASE,
        ):
            node, day, audience = cases[cid]
            self.g.edge(node, self._seizure_node(sid), "built_from", day, audience, node)
        for cid, pid, role in self._rows(
            select(
                as_text(CaseSuspect.case_id),
                as_text(CaseSuspect.person_id),
                as_text(CaseSuspect.role),
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
