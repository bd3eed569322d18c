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
from datetime import date, datetime

from sqlalchemy import select
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
    Sharing,
    VehicleRole,
)
from kafo.model.watchlist import ScreeningAlert, Watchlist, WatchlistEntry
from kafo.services.network.graph import NO_DAY, Audience, GraphData

EPOCH = date(1970, 1, 1)
Owned = Seizure | Person | Vehicle | Case | Watchlist


def day_of(value: date | datetime | None) -> int:
    if value is None:
        return NO_DAY
    return ((value.date() if isinstance(value, datetime) else value) - EPOCH).days


def _audience(
    owner: str, sharing: Sharing, operation: uuid.UUID | None, handling: object
) -> Audience:
    return Audience(owner, str(sharing), operation, str(handling) if handling else None)


class _Loader:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.g = GraphData()
        self.persons: dict[uuid.UUID, int] = {}
        self.person_audience: dict[uuid.UUID, Audience] = {}
        self.seizures: dict[uuid.UUID, tuple[int, int, Audience]] = {}

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
        rows = self.s.execute(
            select(
                Seizure.id,
                Seizure.reference,
                Seizure.occurred_at,
                Seizure.place_code,
                Seizure.location_text,
                Seizure.owner_country,
                Seizure.sharing,
                Seizure.operation_id,
                Seizure.handling_code,
            )
        )
        for sid, ref, at, code, where, owner, sharing, op, handling in rows:
            audience = _audience(owner, sharing, op, handling)
            place = places.get(code) if code else None
            name = place.name if place else (where or "?")
            node = self.g.node(
                f"seizure:{sid}",
                "seizure",
                f"saisie {ref or str(sid)[:8]}, {name}, {at:%Y-%m-%d}",
                owner,
                audience,
            )
            day = day_of(at)
            self.seizures[sid] = (node, day, audience)
            if place is not None:
                at_place = self.g.node(f"place:{place.code}", "place", place.name, place.country)
                self.g.edge(node, at_place, "at", day, audience, f"seizure:{sid}")

    def _persons(self) -> None:
        rows = self.s.execute(
            select(
                Person.id,
                Person.family_name,
                Person.given_names,
                Person.owner_country,
                Person.sharing,
                Person.operation_id,
                Person.handling_code,
                Person.created_at,
            )
        )
        for pid, family, given, owner, sharing, op, handling, _at in rows:
            audience = _audience(owner, sharing, op, handling)
            name = " ".join(p for p in (family, given) if p) or "?"
            self.persons[pid] = self.g.node(f"person:{pid}", "person", name, owner, audience)
            self.person_audience[pid] = audience
        for pid, e164 in self.s.execute(select(PhoneNumber.person_id, PhoneNumber.e164)):
            phone = self.g.node(f"phone:{e164}", "phone", e164)
            self.g.edge(
                self.persons[pid], phone, "uses", NO_DAY, self.person_audience[pid], f"person:{pid}"
            )
        for pid, kind, number, country in self.s.execute(
            select(
                IdentityDocument.person_id,
                IdentityDocument.doc_type,
                IdentityDocument.number_canonical,
                IdentityDocument.issuing_country,
            )
        ):
            doc = self.g.node(
                f"document:{kind}:{country or ''}:{number}", "document", f"{kind} {number}", country
            )
            self.g.edge(
                self.persons[pid], doc, "holds", NO_DAY, self.person_audience[pid], f"person:{pid}"
            )

    def _involvement(self) -> None:
        rows = self.s.execute(
            select(
                SeizurePerson.seizure_id,
                SeizurePerson.person_id,
                SeizurePerson.role,
                SeizurePerson.arrest_status,
            )
        )
        for sid, pid, role, arrest in rows:
            node, day, audience = self.seizures[sid]
            detail = label(PersonRole, role, "en") + (
                ", arrested" if arrest is ArrestStatus.ARRESTED else ""
            )
            self.g.edge(
                self.persons[pid], node, "involved_in", day, audience, f"seizure:{sid}", detail
            )

    def _firearms(self) -> None:
        rows = self.s.execute(
            select(
                Firearm.id,
                Firearm.seizure_id,
                Firearm.category,
                Firearm.make,
                Firearm.model,
                Firearm.serial_number,
            )
        )
        for fid, sid, category, make, model, serial in rows:
            node, day, audience = self.seizures[sid]
            what = " ".join(p for p in (make, model) if p) or label(FirearmCategory, category, "en")
            text = f"{what} n° {serial}" if serial else what
            gun = self.g.node(f"firearm:{fid}", "firearm", text, audience.owner, audience)
            self.g.edge(gun, node, "seized_in", day, audience, f"seizure:{sid}")

    def _vehicles(self) -> None:
        vehicles = {
            vid: (plate, country, make, _audience(owner, sharing, op, handling))
            for vid, plate, country, make, owner, sharing, op, handling in self.s.execute(
                select(
                    Vehicle.id,
                    Vehicle.plate_canonical,
                    Vehicle.plate_country,
                    Vehicle.make,
                    Vehicle.owner_country,
                    Vehicle.sharing,
                    Vehicle.operation_id,
                    Vehicle.handling_code,
                )
            )
        }
        nodes: dict[uuid.UUID, int] = {}
        for vid, (plate, country, make, audience) in vehicles.items():
            text = " ".join(p for p in (make, plate) if p) or "?"
            nodes[vid] = self.g.node(f"vehicle:{vid}", "vehicle", text, audience.owner, audience)
            if plate:
                value = self.g.node(f"plate:{country or ''}:{plate}", "plate", plate, country)
                self.g.edge(nodes[vid], value, "registered_as", NO_DAY, audience, f"vehicle:{vid}")
        rows = self.s.execute(
            select(SeizureVehicle.seizure_id, SeizureVehicle.vehicle_id, SeizureVehicle.role)
        )
        for sid, vid, role in rows:
            node, day, audience = self.seizures[sid]
            detail = label(VehicleRole, role, "en")
            self.g.edge(nodes[vid], node, "used_in", day, audience, f"seizure:{sid}", detail)

    def _goods(self) -> None:
        for sid, explosive in self.s.execute(select(Explosive.seizure_id, Explosive.kind)):
            self.g.tags.setdefault(self.seizures[sid][0], set()).add(f"explosive:{explosive}")
        for sid, goods in self.s.execute(select(Commodity.seizure_id, Commodity.kind)):
            self.g.tags.setdefault(self.seizures[sid][0], set()).add(f"commodity:{goods}")

    def _identities(self) -> None:
        """Corroborated links and standing 'same' judgements; a standing
        'different' judgement removes the link (the analyst's word wins)."""
        standing: dict[tuple[uuid.UUID, uuid.UUID], tuple[Judgement, str]] = {}
        for a, b, decision, user in self.s.execute(
            select(
                IdentityJudgement.person_a,
                IdentityJudgement.person_b,
                IdentityJudgement.decision,
                IdentityJudgement.username,
            ).order_by(IdentityJudgement.at, IdentityJudgement.id)
        ):
            standing[min(a, b), max(a, b)] = (decision, user)
        pairs: dict[tuple[uuid.UUID, uuid.UUID], str] = {}
        for a, b, score in self.s.execute(
            select(IdentityLink.person_a, IdentityLink.person_b, IdentityLink.score).where(
                IdentityLink.corroborated.is_(True)
            )
        ):
            pairs[min(a, b), max(a, b)] = f"linked, score {score:.2f}"
        for pair, (decision, user) in standing.items():
            if decision is Judgement.SAME:
                pairs[pair] = f"judged the same by {user}"
            elif decision is Judgement.DIFFERENT:
                pairs.pop(pair, None)
        for (a, b), detail in pairs.items():
            audience = self.person_audience[a]
            self.g.edge(
                self.persons[a],
                self.persons[b],
                "same_identity",
                NO_DAY,
                audience,
                f"person:{a}",
                detail,
            )

    def _screening(self) -> None:
        rows = self.s.execute(
            select(
                ScreeningAlert.person_id,
                ScreeningAlert.score,
                ScreeningAlert.created_at,
                WatchlistEntry.id,
                WatchlistEntry.reference,
                WatchlistEntry.name,
                Watchlist.name,
                Watchlist.owner_country,
                Watchlist.sharing,
                Watchlist.operation_id,
                Watchlist.handling_code,
            )
            .join(WatchlistEntry, WatchlistEntry.id == ScreeningAlert.entry_id)
            .join(Watchlist, Watchlist.id == WatchlistEntry.watchlist_id)
        )
        for pid, score, at, eid, ref, name, listname, owner, sharing, op, handling in rows:
            listed = _audience(owner, sharing, op, handling)
            entry = self.g.node(
                f"entry:{eid}", "watchlist_entry", f"{ref} {name} ({listname})", None, listed
            )
            self.g.tags.setdefault(self.persons[pid], set()).add("watchlist_hit")
            self.g.edge(
                self.persons[pid],
                entry,
                "screened_hit",
                day_of(at),
                self.person_audience[pid],
                f"person:{pid}",
                f"score {score:.2f}",
            )

    def _cases(self) -> None:
        cases: dict[uuid.UUID, tuple[int, int, Audience]] = {}
        for cid, ref, title, opened, owner, sharing, op, handling in self.s.execute(
            select(
                Case.id,
                Case.reference,
                Case.title,
                Case.opened_on,
                Case.owner_country,
                Case.sharing,
                Case.operation_id,
                Case.handling_code,
            )
        ):
            audience = _audience(owner, sharing, op, handling)
            node = self.g.node(f"case:{cid}", "case", f"{ref} {title}", owner, audience)
            cases[cid] = (node, day_of(opened), audience)
        for cid, sid in self.s.execute(select(case_seizures.c.case_id, case_seizures.c.seizure_id)):
            node, day, audience = cases[cid]
            self.g.edge(node, self.seizures[sid][0], "built_from", day, audience, f"case:{cid}")
        for cid, pid, role in self.s.execute(
            select(CaseSuspect.case_id, CaseSuspect.person_id, CaseSuspect.role)
        ):
            node, day, audience = cases[cid]
            self.g.edge(node, self.persons[pid], "suspect", day, audience, f"case:{cid}", str(role))


def load_graph(session: Session) -> GraphData:
    """Every record's nodes and edges (access is applied per query, by view)."""
    return _Loader(session).run()
