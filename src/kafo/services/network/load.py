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
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

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
from kafo.services.network.graph import NO_DAY, Audience, GraphData

EPOCH = date(1970, 1, 1)
_Gun = tuple[str, int, int]  # a firearm's id, node and serial number, for batches
Owned = Seizure | Person | Vehicle | Case | Watchlist


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
    def __init__(self, session: Session) -> None:
        self.s = session
        self.g = GraphData()
        # Keyed by ids as read (text), valued by node index and audience code.
        self.persons: dict[str, int] = {}
        self.person_audience: dict[str, int] = {}
        self.seizures: dict[str, tuple[int, int, int, str]] = {}
        self._audiences: dict[tuple[Any, ...], int] = {}
        self._seized_edge: dict[int, int] = {}  # firearm node → its seized_in edge

    def _rows(self, query: Any) -> Any:
        """Rows in batches, through Core (no ORM step for a million rows)."""
        return self.s.connection().execute(query.execution_options(yield_per=50_000))

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
        self._seizures()
        self._persons()
        self._involvement()
        self._firearms()
        self._vehicles()
        self._goods()
        self._identities()
        self._screening()
        self._cases()
        return self.g

    def _seizures(self) -> None:
        places = {p.code: p for p in self.s.scalars(select(Place))}
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
            )
        )
        for sid, ref, at, code, where, owner, sharing, op, handling in rows:
            audience = self.audience(owner, sharing, op, handling)
            place = places.get(code) if code else None
            name = place.name if place else (where or "?")
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
                at_place = self.g.node(f"place:{place.code}", "place", place.name, place.country)
                self.g.edge(node, at_place, "at", day, audience, node)

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
                Person.created_at,
            )
        )
        for pid, family, given, owner, sharing, op, handling, _at in rows:
            audience = self.audience(owner, sharing, op, handling)
            name = " ".join(p for p in (family, given) if p) or "?"
            self.persons[pid] = self.g.node(f"person:{uid(pid)}", "person", name, owner, audience)
            self.person_audience[pid] = audience
        self._values(
            select(_text(PhoneNumber.person_id), PhoneNumber.e164),
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
            "holds",
            lambda kind, number, country: (
                f"document:{kind}:{country or ''}:{number}",
                "document",
                f"{kind} {number}",
                country,
            ),
        )

    def _values(
        self, query: Any, kind: str, describe: Callable[..., tuple[str, str, str, str | None]]
    ) -> None:
        """Links from persons to shared values (phones, documents), in bulk."""
        persons, values = [], []
        for pid, *value in self._rows(query):
            key, value_kind, text, country = describe(*value)
            found = self.g.index.get(key)
            values.append(
                found if found is not None else self.g.node(key, value_kind, text, country)
            )
            persons.append(self.persons[pid])
        audiences = [self.g.node_audience[p] for p in persons]
        self.g.edges(persons, values, kind, audiences, persons)

    def _involvement(self) -> None:
        rows = self._rows(
            select(
                _text(SeizurePerson.seizure_id),
                _text(SeizurePerson.person_id),
                _text(SeizurePerson.role),
                _text(SeizurePerson.arrest_status),
            )
        )
        for sid, pid, role, arrest in rows:
            node, day, audience, _owner = self.seizures[sid]
            detail = label(PersonRole, role, "en") + (
                ", arrested" if arrest == ArrestStatus.ARRESTED else ""
            )
            self.g.edge(self.persons[pid], node, "involved_in", day, audience, node, detail)

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
            )
        )
        lots: dict[tuple[str, str, str, int], list[tuple[int, _Gun]]] = defaultdict(list)
        for fid, sid, category, make, model, serial, canonical, std_model, std_make in rows:
            node, day, audience, owner = self.seizures[sid]
            what = " ".join(p for p in (make, model) if p) or label(FirearmCategory, category, "en")
            text = f"{what} n° {serial}" if serial else what
            gun = self.g.node(f"firearm:{uid(fid)}", "firearm", text, owner, audience)
            self.g.edge(gun, node, "seized_in", day, audience, node)
            self._seized_edge[gun] = len(self.g.src) - 1
            cut = shape(canonical or "")
            if cut is not None and (std_model or std_make):
                key = (std_model or std_make, cut.prefix, cut.suffix, cut.width)
                lots[key].append((cut.number, (uid(fid), gun, cut.number)))
        self._batches(lots)

    def _batches(self, lots: dict[tuple[str, str, str, int], list[tuple[int, _Gun]]]) -> None:
        """Firearms of one model whose serials run close together (the
        probable batches of :mod:`kafo.services.checks.batches`), seized in
        two seizures or more, meet at a batch node."""
        for (model, prefix, suffix, width), numbered in lots.items():
            for chain in chains(numbered, DEFAULT_WINDOW, lambda item: item[0]):
                guns = [gun for _fid, gun, _number in chain]
                seizures = {self.g.source[self._seized_edge[gun]] for gun in guns}
                if len(seizures) < 2:
                    continue
                low, high = chain[0][2], chain[-1][2]
                key = f"batch:{model}:{prefix}{low:0{width}d}{suffix}"
                lot = self.g.node(
                    key, "batch", f"{model} {prefix}{low:0{width}d}–{high:0{width}d}{suffix}"
                )
                for gun in guns:
                    e = self._seized_edge[gun]
                    self.g.edge(
                        gun,
                        lot,
                        "same_batch",
                        self.g.day[e],
                        self.g.edge_audience[e],
                        self.g.source[e],
                    )

    def _vehicles(self) -> None:
        vehicles = {
            vid: (plate, country, make, owner, self.audience(owner, sharing, op, handling))
            for vid, plate, country, make, owner, sharing, op, handling in self._rows(
                select(
                    _text(Vehicle.id),
                    Vehicle.plate_canonical,
                    Vehicle.plate_country,
                    Vehicle.make,
                    Vehicle.owner_country,
                    _text(Vehicle.sharing),
                    _text(Vehicle.operation_id),
                    _text(Vehicle.handling_code),
                )
            )
        }
        nodes: dict[str, int] = {}
        for vid, (plate, country, make, owner, audience) in vehicles.items():
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
            )
        )
        for sid, vid, role in rows:
            node, day, audience, owner = self.seizures[sid]
            detail = label(VehicleRole, role, "en")
            self.g.edge(nodes[vid], node, "used_in", day, audience, node, detail)

    def _goods(self) -> None:
        for sid, explosive in self._rows(
            select(_text(Explosive.seizure_id), _text(Explosive.kind))
        ):
            self.g.tags.setdefault(self.seizures[sid][0], set()).add(f"explosive:{explosive}")
        for sid, goods in self._rows(select(_text(Commodity.seizure_id), _text(Commodity.kind))):
            self.g.tags.setdefault(self.seizures[sid][0], set()).add(f"commodity:{goods}")

    def _identities(self) -> None:
        """Corroborated links and standing 'same' judgements; a standing
        'different' judgement removes the link (the analyst's word wins)."""
        standing: dict[tuple[str, str], tuple[Judgement, str]] = {}
        for a, b, decision, user in self._rows(
            select(
                _text(IdentityJudgement.person_a),
                _text(IdentityJudgement.person_b),
                _text(IdentityJudgement.decision),
                IdentityJudgement.username,
            ).order_by(IdentityJudgement.at, IdentityJudgement.id)
        ):
            standing[min(a, b), max(a, b)] = (decision, user)
        pairs: dict[tuple[str, str], str] = {}
        for a, b, score in self._rows(
            select(
                _text(IdentityLink.person_a), _text(IdentityLink.person_b), IdentityLink.score
            ).where(IdentityLink.corroborated.is_(True))
        ):
            pairs[min(a, b), max(a, b)] = f"linked, score {score:.2f}"
        for pair, (decision, user) in standing.items():
            if decision == Judgement.SAME:
                pairs[pair] = f"judged the same by {user}"
            elif decision == Judgement.DIFFERENT:
                pairs.pop(pair, None)
        for (a, b), detail in pairs.items():
            audience = self.person_audience[a]
            self.g.edge(
                self.persons[a],
                self.persons[b],
                "same_identity",
                NO_DAY,
                audience,
                self.persons[a],
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
            .join(Watchlist, Watchlist.id == WatchlistEntry.watchlist_id)
        )
        for pid, score, at, eid, ref, name, listname, owner, sharing, op, handling in rows:
            listed = self.audience(owner, sharing, op, handling)
            entry = self.g.node(
                f"entry:{uid(eid)}", "watchlist_entry", f"{ref} {name} ({listname})", None, listed
            )
            self.g.tags.setdefault(self.persons[pid], set()).add("watchlist_hit")
            self.g.edge(
                self.persons[pid],
                entry,
                "screened_hit",
                day_of(at),
                self.person_audience[pid],
                self.persons[pid],
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
            )
        ):
            audience = self.audience(owner, sharing, op, handling)
            node = self.g.node(f"case:{uid(cid)}", "case", f"{ref} {title}", owner, audience)
            cases[cid] = (node, day_of(opened), audience)
        for cid, sid in self._rows(
            select(_text(case_seizures.c.case_id), _text(case_seizures.c.seizure_id))
        ):
            node, day, audience = cases[cid]
            self.g.edge(node, self.seizures[sid][0], "built_from", day, audience, node)
        for cid, pid, role in self._rows(
            select(
                _text(CaseSuspect.case_id), _text(CaseSuspect.person_id), _text(CaseSuspect.role)
            )
        ):
            node, day, audience = cases[cid]
            self.g.edge(node, self.persons[pid], "suspect", day, audience, node, str(role))


def load_graph(session: Session) -> GraphData:
    """Every record's nodes and edges (access is applied per query, by view)."""
    return _Loader(session).run()
