"""Link analysis over recorded data: what each user may see, and nothing more."""

from __future__ import annotations

import csv
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kafo.model.audit import AuditEvent
from kafo.model.geo import Place
from kafo.model.person import Person
from kafo.model.seizure import Seizure
from kafo.model.vocab import Judgement, Role, Sharing
from kafo.schemas.case import CaseCreate
from kafo.schemas.identity import JudgementIn
from kafo.schemas.seizure import SeizureCreate, SeizureUpdate
from kafo.services import cases, register
from kafo.services.access import visible, visible_audiences
from kafo.services.actor import Actor
from kafo.services.errors import Invalid, NotFound
from kafo.services.identities import resolve
from kafo.services.network import analyses, export
from kafo.services.network import changes as graph_changes
from kafo.services.network.views import Filters, current_graph
from tests.factories import World, seizure_payload
from tests.graphs import kept_as_if_read_whole

PHONE = "+22370112233"


def _seize(
    factory: sessionmaker[Session],
    actor: Actor,
    family: str,
    serial: str | None = None,
    **over: Any,
) -> dict[str, str]:
    body = seizure_payload(**over)
    # Serials far apart, unless a test plants a batch.
    body["firearms"][0]["serial_number"] = serial or f"AK-{sum(map(ord, family)) * 1000}"
    person = body["persons"][0]["person"]
    person.update(family_name=family, given_names="Test", documents=[], phones=[PHONE])
    body["vehicles"][0]["vehicle"]["plate"] = f"AA-{family[:4]}"
    with factory.begin() as s:
        seizure = register.record_seizure(s, actor, SeizureCreate(**body)).seizure
        return {
            "seizure": f"seizure:{seizure.id}",
            "person": f"person:{seizure.person_links[0].person_id}",
            "firearm": f"firearm:{seizure.firearms[0].id}",
        }


@pytest.fixture
def recorded(factory: sessionmaker[Session], world: World) -> dict[str, Any]:
    """Couriers in Mali and Burkina share a phone (records shared with the
    operation); Niger's national record uses the same phone."""
    world.operation()
    ml, bf, ne = (world.user(c, Role.ANALYST).actor for c in ("ML", "BF", "NE"))
    shared = {"operation": "KAFO-III", "sharing": "operation"}
    return {
        "actors": {"ML": ml, "BF": bf, "NE": ne},
        "ML": _seize(factory, ml, "KONATE", occurred_at="2026-11-08T10:00:00", **shared),
        "BF": _seize(
            factory,
            bf,
            "SAWADOGO",
            place="bf-kantchari",
            occurred_at="2026-11-09T10:00:00",
            **shared,
        ),
        "NE": _seize(factory, ne, "MAIGA", place="ne-makalondi", occurred_at="2026-11-10T10:00:00"),
    }


def test_a_cross_border_network_through_a_shared_phone(
    factory: sessionmaker[Session], recorded: dict[str, Any]
) -> None:
    with factory.begin() as s:
        out = analyses.networks(s, recorded["actors"]["BF"])
    (net,) = out.items
    assert net.cross_border and net.countries == ["BF", "ML"]
    assert (net.persons, net.seizures) == (2, 2)
    keys = {m.key for m in net.members}
    assert {recorded["ML"]["person"], recorded["BF"]["person"], f"phone:{PHONE}"} <= keys
    assert recorded["NE"]["person"] not in keys  # Niger's national record stays unseen
    assert {"explosive:dynamite_stick", "commodity:cash"} <= set(net.other_crime)
    assert (net.first, net.last) == (date(2026, 11, 8), date(2026, 11, 9))
    with factory.begin() as s:
        niger = analyses.networks(s, recorded["actors"]["NE"])
    # Niger sees its own record and the shared ones: one network of three countries.
    assert niger.items[0].countries == ["BF", "ML", "NE"]


def test_path_is_explained_and_respects_access(
    factory: sessionmaker[Session], recorded: dict[str, Any]
) -> None:
    bf = recorded["actors"]["BF"]
    with factory.begin() as s:
        found = analyses.path(s, bf, recorded["ML"]["firearm"], recorded["BF"]["person"])
    assert found.found and found.hops == 4
    assert [step.node.kind for step in found.steps] == [
        "firearm",
        "seizure",
        "person",
        "phone",
        "person",
    ]
    assert "– uses – phone +22370112233 –" in found.explanation
    assert "involved in (courier, arrested) 2026-11-08" in found.explanation
    with pytest.raises(NotFound), factory.begin() as s:
        analyses.path(s, bf, recorded["NE"]["person"], recorded["BF"]["person"])
    with factory.begin() as s:
        other = analyses.path(
            s, recorded["actors"]["NE"], recorded["NE"]["person"], recorded["ML"]["person"]
        )
    assert other.found and other.hops == 2


def test_around_with_filters(factory: sessionmaker[Session], recorded: dict[str, Any]) -> None:
    ml = recorded["actors"]["ML"]
    with factory.begin() as s:
        one = analyses.around(s, ml, recorded["ML"]["person"], hops=1)
        two = analyses.around(s, ml, recorded["ML"]["person"], hops=2)
        later = analyses.around(
            s, ml, recorded["ML"]["person"], hops=2, filters=Filters(since=date(2026, 11, 9))
        )
        phones_only = analyses.around(
            s, ml, recorded["ML"]["person"], hops=2, filters=Filters(kinds=("uses",))
        )
    assert {n.kind for n in one.nodes} == {"person", "phone", "seizure"}
    assert recorded["BF"]["person"] in {n.key for n in two.nodes}
    assert recorded["ML"]["seizure"] not in {n.key for n in later.nodes}
    assert {e.kind for e in phones_only.edges} == {"uses"}
    every = {e.kind for e in two.edges}
    assert {"involved_in", "uses"} <= every
    assert all(e.sharing == "operation" and e.owner in ("ML", "BF") for e in two.edges)
    with pytest.raises(Invalid), factory.begin() as s:
        analyses.around(s, ml, recorded["ML"]["person"], hops=9)
    with pytest.raises(NotFound), factory.begin() as s:
        analyses.around(s, ml, "person:not-there")


def test_key_actors_and_timeline(factory: sessionmaker[Session], recorded: dict[str, Any]) -> None:
    ne = recorded["actors"]["NE"]
    with factory.begin() as s:
        ranked = analyses.actors(s, ne)
        events = analyses.timeline(s, ne, f"phone:{PHONE}")
    top = ranked.items[0]
    assert top.node.key == f"phone:{PHONE}" and top.countries == ["BF", "ML", "NE"]
    assert ranked.sampled_sources > 0 and 0 < ranked.error_bound < 1
    days = [e.date for e in events]
    assert days == sorted(days) and len(events) >= 6


def test_the_graph_follows_new_records_without_being_told(
    factory: sessionmaker[Session], recorded: dict[str, Any]
) -> None:
    bf = recorded["actors"]["BF"]
    with factory.begin() as s:
        before = analyses.networks(s, bf).items[0].persons
    _seize(
        factory, bf, "OUEDRAOGO", place="bf-kantchari", operation="KAFO-III", sharing="operation"
    )
    with factory.begin() as s:
        after = analyses.networks(s, bf).items[0].persons
    assert (before, after) == (2, 3)


def test_audiences_agree_with_the_access_filter(
    factory: sessionmaker[Session], recorded: dict[str, Any], world: World
) -> None:
    partner = world.user("ML", agency="interpol").actor
    with factory() as s:
        for actor in [*recorded["actors"].values(), partner]:
            for model in (Seizure, Person):
                rows = s.execute(
                    select(model.id, model.owner_country, model.sharing, model.operation_id)
                ).all()
                by_filter = set(s.scalars(select(model.id).where(visible(actor, model))))
                flags = visible_audiences(s, actor, [(o, sh, op) for _i, o, sh, op in rows])
                assert {r[0] for r, ok in zip(rows, flags, strict=True) if ok} == by_filter


def test_exports_keep_labels_and_stable_ids(
    factory: sessionmaker[Session], recorded: dict[str, Any], tmp_path: Path
) -> None:
    ml = recorded["actors"]["ML"]
    with factory.begin() as s:
        first = export.export(s, ml, "i2", tmp_path / "a")
        export.export(s, ml, "i2", tmp_path / "b")
        for fmt in ("graphml", "gexf", "json"):
            export.export(s, ml, fmt, tmp_path / fmt)
    entities = list(csv.DictReader((tmp_path / "a" / "entities.csv").open(encoding="utf-8-sig")))
    links = list(csv.DictReader((tmp_path / "a" / "links.csv").open(encoding="utf-8-sig")))
    assert len(entities) == first.nodes and len(links) == first.edges
    assert all(e["sharing"] in ("operation", "national", "") for e in entities)
    assert recorded["NE"]["person"] not in {e["entity_id"] for e in entities}
    again = (tmp_path / "b" / "links.csv").read_text(encoding="utf-8-sig")
    assert (tmp_path / "a" / "links.csv").read_text(encoding="utf-8-sig") == again
    graphml = nx.read_graphml(tmp_path / "graphml" / "graph.graphml")
    assert graphml.number_of_nodes() == first.nodes
    assert graphml.nodes[recorded["ML"]["person"]]["sharing"] == "operation"
    gexf = nx.read_gexf(tmp_path / "gexf" / "graph.gexf")
    assert gexf.number_of_edges() == first.edges
    with pytest.raises(Invalid), factory.begin() as s:
        export.export(s, ml, "pdf", tmp_path / "x")


def test_reading_other_countries_records_is_audited(
    factory: sessionmaker[Session], recorded: dict[str, Any]
) -> None:
    with factory.begin() as s:
        analyses.networks(s, recorded["actors"]["BF"])
    with factory() as s:
        owners = set(
            s.scalars(
                select(AuditEvent.owner_country).where(
                    AuditEvent.object_type == "network", AuditEvent.user_country == "BF"
                )
            )
        )
        count = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.object_type == "network")
        )
    assert owners == {"ML"} and count == 1


def test_routes_and_a_networks_route(
    factory: sessionmaker[Session], recorded: dict[str, Any]
) -> None:
    from kafo.services.network import routes

    ne = recorded["actors"]["NE"]
    with factory.begin() as s:
        found = routes.routes(s, ne)
        only_bf = routes.routes(s, ne, Filters(countries=("BF",)))
        net = analyses.networks(s, ne).items[0]
    # seizure_payload declares Bobo-Dioulasso → Bamako; the places differ.
    stops = {tuple(r.stops) for r in found}
    assert ("Bobo-Dioulasso", "Zégoua (ML)", "Bamako") in stops
    assert ("Bobo-Dioulasso", "Kantchari (BF)", "Bamako") in stops
    assert all(r.seizures == 1 and r.firearms == 1 for r in found)
    assert [r.stops[1] for r in only_bf] == ["Kantchari (BF)"]
    assert net.route == ["Zégoua", "Kantchari", "Makalondi"]
    with factory.begin() as s:
        burkina = routes.routes(s, recorded["actors"]["BF"])
    assert "Makalondi (NE)" not in {r.stops[1] for r in burkina}  # Niger's national record


def test_firearms_of_one_batch_meet_across_seizures(
    factory: sessionmaker[Session], recorded: dict[str, Any]
) -> None:
    ml, bf = recorded["actors"]["ML"], recorded["actors"]["BF"]
    shared = {"operation": "KAFO-III", "sharing": "operation"}
    a = _seize(factory, ml, "DIARRA", serial="56-500010", place="ml-heremakono", **shared)
    b = _seize(factory, bf, "OUEDRAOGO", serial="56-500040", place="bf-kantchari", **shared)
    _seize(factory, bf, "ZONGO", serial="56-509000", place="bf-kantchari", **shared)  # far off
    with factory.begin() as s:
        found = analyses.path(s, bf, a["firearm"], b["firearm"], Filters(kinds=("same_batch",)))
    assert found.found and found.hops == 2
    batch = found.steps[1].node
    assert batch.kind == "batch" and batch.label == "type-56 56500010–56500040"


def test_the_kept_graph_applies_changes_as_a_whole_reading_would(
    factory: sessionmaker[Session], recorded: dict[str, Any], world: World
) -> None:
    ml, bf = recorded["actors"]["ML"], recorded["actors"]["BF"]
    shared = {"operation": "KAFO-III", "sharing": "operation"}
    first = kept_as_if_read_whole(factory)
    # New seizures whose firearms join one batch with each other.
    a = _seize(factory, ml, "DIARRA", serial="56-500010", place="ml-heremakono", **shared)
    b = _seize(factory, bf, "OUEDRAOGO", serial="56-500040", place="bf-kantchari", **shared)
    second = kept_as_if_read_whole(factory)
    assert second is not first and second.data is first.data  # applied, not read whole
    assert second.n > first.n and second.m > first.m
    batch = [k for k in second.data.keys if k.startswith("batch:")]
    assert batch == ["batch:type-56:56500010"]
    # A third firearm extends the batch downwards: the batch is drawn again.
    _seize(factory, bf, "ZONGO", serial="56-499990", place="bf-kantchari", **shared)
    third = kept_as_if_read_whole(factory)
    assert third.data is first.data
    with factory() as s:
        found = analyses.path(s, bf, a["firearm"], b["firearm"], Filters(kinds=("same_batch",)))
    assert found.steps[1].node.label == "type-56 56499990–56500040"
    # The seizure is corrected: another serial, another person, no vehicle,
    # no explosives.
    body = seizure_payload(place="bf-kantchari", occurred_at="2026-11-12T10:00:00", **shared)
    body["firearms"][0]["serial_number"] = "56-777777"
    body["explosives"] = []
    body["persons"][0]["person"].update(family_name="KABORE", documents=[], phones=[])
    body["vehicles"] = []
    del body["id"]
    with factory.begin() as s:
        seizure_id = uuid.UUID(b["seizure"].removeprefix("seizure:"))
        register.update_seizure(s, bf, seizure_id, SeizureUpdate(**body, version=1))
    fourth = kept_as_if_read_whole(factory)
    assert fourth.data is first.data and fourth.dead_share > 0
    # Two person records judged the same; a case opened from a seizure.
    ids = [uuid.UUID(r["person"].removeprefix("person:")) for r in (recorded["ML"], recorded["BF"])]
    with factory.begin() as s:
        resolve.judge(
            s, bf, JudgementIn(person_id=ids[0], other_person_id=ids[1], decision=Judgement.SAME)
        )
    kept_as_if_read_whole(factory)
    with factory.begin() as s:  # identity links replaced in bulk, as resolution does
        graph_changes.changed(s, [(graph_changes.IDENTITY, None)])
    kept_as_if_read_whole(factory)
    with factory.begin() as s:  # the records' sharing changes under their links
        for person in s.scalars(select(Person).where(Person.id.in_(ids))):
            person.sharing, person.operation_id = Sharing.NATIONAL, None
    with factory.begin() as s:
        case = CaseCreate.model_validate(
            {"seizures": [b["seizure"].removeprefix("seizure:")], "title": "Filière"}
        )
        cases.open_case(s, bf, case)
    fifth = kept_as_if_read_whole(factory)
    kinds = {fifth.edge_kind_name(e) for e in np.flatnonzero(fifth.live).tolist()}
    assert {"same_identity", "built_from"} <= kinds and fifth.data is first.data


def test_a_sessions_uncommitted_records_stay_out_of_the_shared_graph(
    factory: sessionmaker[Session], recorded: dict[str, Any]
) -> None:
    bf = recorded["actors"]["BF"]
    with factory() as s:
        before = current_graph(s).n
        body = seizure_payload(place="bf-kantchari")
        body["persons"][0]["person"].update(family_name="ILBOUDO", documents=[], phones=[])
        seizure = register.record_seizure(s, bf, SeizureCreate(**body)).seizure
        assert f"seizure:{seizure.id}" not in current_graph(s).index
        s.rollback()
    with factory() as s:
        assert current_graph(s).n == before  # rolled back: nothing to apply


def test_a_renamed_place_is_read_again_in_every_label(
    factory: sessionmaker[Session], recorded: dict[str, Any]
) -> None:
    first = kept_as_if_read_whole(factory)
    with factory.begin() as s:  # as a reference data update renames it
        place = s.get_one(Place, "bf-kantchari")
        name, place.name = place.name, "Kantchari-Frontière"
    try:
        graph = kept_as_if_read_whole(factory)
        assert graph.data is not first.data  # read whole: the place is in many labels
        seizure = graph.index[recorded["BF"]["seizure"]]
        assert "Kantchari-Frontière" in graph.data.labels[seizure]
        assert graph.data.labels[graph.index["place:bf-kantchari"]] == "Kantchari-Frontière"
    finally:  # reference data outlives the test
        with factory.begin() as s:
            s.get_one(Place, "bf-kantchari").name = name
