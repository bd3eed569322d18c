"""Scoring the link analysis against the demo's planted networks.

Each planted cross-border network (ground truth: its seizures and the
identities of its members) is matched with the found network that shares
most of its seizures, among the networks the analyst may see. A planted
network is *recovered* when that network spans all the planted countries
the analyst can see and most of what it holds belongs to the planted one
(seizure precision of at least 0.5). Precision and recall are over the
planted seizures and person records the analyst may see.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.model.person import Person
from kafo.model.seizure import Seizure
from kafo.services.access import visible
from kafo.services.actor import Actor
from kafo.services.network import analyses


def _ids(members: list[Any], kind: str) -> set[str]:
    return {m.key.split(":", 1)[1] for m in members if m.kind == kind}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def score_networks(session: Session, actor: Actor, truth: dict[str, Any]) -> dict[str, Any]:
    seen_seizures = {
        str(i) for i in session.scalars(select(Seizure.id).where(visible(actor, Seizure)))
    }
    seen_persons = {
        str(i) for i in session.scalars(select(Person.id).where(visible(actor, Person)))
    }
    seizure_country = {
        str(i): c for i, c in session.execute(select(Seizure.id, Seizure.owner_country))
    }
    found = analyses.networks(session, actor, min_size=2, limit=100_000).items
    people = {i["id"]: i["person_ids"] for i in truth["identities"]}
    per_network = []
    for planted in truth["networks"]:
        seizures = set(planted["seizure_ids"]) & seen_seizures
        persons = {p for i in planted["identities"] for p in people[i]} & seen_persons
        best = max(found, key=lambda n: len(_ids(n.members, "seizure") & seizures), default=None)
        got_s = _ids(best.members, "seizure") if best else set()
        got_p = _ids(best.members, "person") if best else set()
        countries = {seizure_country[s] for s in seizures}
        precision = _share(len(got_s & seizures), len(got_s))
        per_network.append(
            {
                "id": planted["id"],
                "countries": sorted(countries),
                "visible_seizures": len(seizures),
                "found_rank": best.rank if best else None,
                "seizure_precision": precision,
                "seizure_recall": _share(len(got_s & seizures), len(seizures)),
                "person_precision": _share(len(got_p & persons), len(got_p)),
                "person_recall": _share(len(got_p & persons), len(persons)),
                "recovered": bool(
                    best and countries <= set(best.countries) and (precision or 0) >= 0.5
                ),
            }
        )
    cross = [n for n in per_network if len(n["countries"]) > 1]
    return {
        "analyst": actor.username,
        "planted_cross_border": len(cross),
        "recovered": sum(n["recovered"] for n in cross),
        "networks_found": len(found),
        "cross_border_found": sum(n.cross_border for n in found),
        "per_network": per_network,
    }
