"""Link analyses over the graph a user may see.

- **networks**: the connected networks (places are context, not links, so
  two seizures at one post are not a network), with their members,
  countries, dates and what points to other crime; cross-border ones first;
- **around**: the neighbourhood of an entity, k hops, filtered;
- **path**: the shortest explained path between two entities;
- **actors**: key actors by degree, approximate betweenness and the
  countries their links reach;
- **timeline**: a network's dated links in time order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session

from kafo.schemas.network import (
    ActorOut,
    ActorsOut,
    GraphOut,
    NetworkOut,
    NetworksOut,
    PathOut,
    PathStep,
    TimelineEvent,
)
from kafo.services.actor import Actor
from kafo.services.errors import Invalid
from kafo.services.network import centrality
from kafo.services.network import graph as algo
from kafo.services.network.graph import NO_DAY, Graph, IntArray, View
from kafo.services.network.views import (
    EVERYTHING,
    Filters,
    day,
    edge_out,
    entity,
    give_back_memory,
    log_foreign,
    node_out,
    user_view,
)

LINK_KINDS = (
    "involved_in",
    "seized_in",
    "used_in",
    "uses",
    "holds",
    "registered_as",
    "same_identity",
    "screened_hit",
    "built_from",
    "suspect",
    "same_batch",
)
# The links dated by a seizure: a network's first and last days are its seizures'.
SEIZURE_LINKS = ("involved_in", "seized_in", "used_in")
MAX_NODES = 2_000
ACTOR_KINDS = frozenset({"person", "phone", "vehicle", "document", "plate"})


def _links_only(filters: Filters) -> Filters:
    kinds = tuple(k for k in (filters.kinds or LINK_KINDS) if k in LINK_KINDS)
    return Filters(kinds, filters.since, filters.until, filters.countries)


def _network(view: View, members: Sequence[int]) -> NetworkOut:
    """A network's summary (rank and members are set when it is listed)."""
    g = view.graph
    kinds = Counter(g.kind(v) for v in members)
    countries = sorted(
        {c for v in members if g.kind(v) in ("seizure", "person") and (c := g.country(v))}
    )
    # Work in the network's own size: a national graph has many small networks.
    seized = set(g.kind_code(SEIZURE_LINKS))
    days = [
        int(g.day[e])
        for v in members
        if g.kind(v) == "seizure"
        for _u, e in view.adjacent(v)
        if int(g.edge_kind[e]) in seized
    ]
    tags = sorted({t for v in members for t in g.data.tags.get(v, ())})
    return NetworkOut(
        rank=0,
        size=len(members),
        kinds=dict(sorted(kinds.items())),
        countries=countries,
        cross_border=len(countries) > 1,
        seizures=kinds.get("seizure", 0),
        persons=kinds.get("person", 0),
        first=day(min(days)) if days else None,
        last=day(max(days)) if days else None,
        other_crime=tags,
        route=_route(view, members),
        members=[],
    )


def _route(view: View, members: Sequence[int]) -> list[str]:
    """The places of the network's seizures in time order (repeats merged)."""
    g = view.graph
    at = g.kind_code(("at",))
    visits = []
    for v in members:
        if g.kind(v) != "seizure":
            continue
        # The seizure's place whatever the query's filters (the seizure is
        # seen, and its place link has the seizure's audience).
        edges = g.edges_at(v)
        for u, e in zip(g.other_end(v, edges).tolist(), edges.tolist(), strict=True):
            if int(g.edge_kind[e]) in at:
                visits.append((int(g.day[e]), g.data.labels[u]))
    route: list[str] = []
    for _day, place in sorted(visits):
        if not route or route[-1] != place:
            route.append(place)
    return route


def networks(
    session: Session,
    actor: Actor,
    filters: Filters = EVERYTHING,
    *,
    cross_border_only: bool = False,
    other_crime_only: bool = False,
    min_size: int = 3,
    limit: int = 50,
    with_members: bool = True,
) -> NetworksOut:
    """Connected networks, cross-border first, then by countries, seizures, size."""
    view = user_view(session, actor, _links_only(filters))
    found = [sorted(grp.tolist()) for grp in algo.components(view) if len(grp) >= min_size]
    outs = [_network(view, grp) for grp in found]
    order = sorted(
        range(len(found)),
        key=lambda i: (-len(outs[i].countries), -outs[i].seizures, -outs[i].size, i),
    )
    chosen = [
        i
        for i in order
        if (outs[i].cross_border or not cross_border_only)
        and (outs[i].other_crime or not other_crime_only)
    ][:limit]
    items = [
        outs[i].model_copy(
            update={
                "rank": rank,
                "members": [node_out(view, v) for v in found[i]] if with_members else [],
            }
        )
        for rank, i in enumerate(chosen, 1)
    ]
    if with_members:
        log_foreign(session, actor, view, [v for i in chosen for v in found[i]], "networks")
    return NetworksOut(
        networks=len(found), cross_border=sum(o.cross_border for o in outs), items=items
    )


def around(
    session: Session, actor: Actor, name: str, hops: int = 2, filters: Filters = EVERYTHING
) -> GraphOut:
    """The neighbourhood of an entity (places included), ``hops`` deep."""
    if not 1 <= hops <= 4:
        raise Invalid("hops: give 1 to 4")
    view = user_view(session, actor, filters)
    start = entity(view, name)
    nodes, edges = algo.neighbourhood(view, start, hops, MAX_NODES)
    log_foreign(session, actor, view, nodes, f"around {name}")
    return GraphOut(
        nodes=[node_out(view, v) for v in nodes], edges=[edge_out(view, e) for e in edges]
    )


def path(session: Session, actor: Actor, a: str, b: str, filters: Filters = EVERYTHING) -> PathOut:
    """The shortest path from ``a`` to ``b`` through links (not places), explained."""
    view = user_view(session, actor, _links_only(filters))
    start, end = entity(view, a), entity(view, b)
    found = algo.shortest_path(view, start, end)
    if found is None:
        return PathOut(found=False, hops=None, explanation="no path", steps=[])
    steps = [
        PathStep(node=node_out(view, v), via=edge_out(view, e) if e >= 0 else None)
        for v, e in found
    ]
    log_foreign(session, actor, view, [v for v, _e in found], f"path {a} {b}")
    return PathOut(found=True, hops=len(steps) - 1, explanation=_explain(steps), steps=steps)


def _explain(steps: list[PathStep]) -> str:
    words = [steps[0].node.label]
    for step in steps[1:]:
        assert step.via is not None
        via = step.via.kind.replace("_", " ")
        if step.via.detail:
            via += f" ({step.via.detail})"
        if step.via.date:
            via += f" {step.via.date.isoformat()}"
        words.append(f"– {via} – {step.node.kind} {step.node.label}")
    return " ".join(words)


def _top(
    g: Graph, nodes: IntArray, between: centrality.FloatArray, deg: IntArray, limit: int
) -> list[int]:
    """The positions in ``nodes`` of the ``limit`` first: highest betweenness
    first, then highest degree, then by key (so that ties do not depend on
    the order the records were read in, which numbers the nodes)."""
    score = np.round(between, 9)  # sums taken in another order are the same
    order = np.lexsort((nodes, -deg[nodes], -score))
    if len(order) > limit:  # with those tied with the last kept
        last = order[limit - 1]
        tied = (score == score[last]) & (deg[nodes] == deg[nodes[last]])
        order = np.union1d(order[:limit], np.flatnonzero(tied))
    keys = g.data.keys
    return sorted(order.tolist(), key=lambda i: (-score[i], -deg[nodes[i]], keys[nodes[i]]))[:limit]


def actors(
    session: Session,
    actor: Actor,
    filters: Filters = EVERYTHING,
    limit: int = 25,
    samples: int = 200,
) -> ActorsOut:
    """People, phones, vehicles, documents and plates ranked by betweenness,
    then degree; with the countries their links reach."""
    view = user_view(session, actor, _links_only(filters))
    g = view.graph
    deg = algo.degree(view)
    linked = np.flatnonzero(view.node_ok & (deg > 0))
    between = centrality.betweenness(view, linked, samples)
    give_back_memory()  # the searches' many small arrays
    ranked_at = np.flatnonzero(np.isin(g.node_kind[linked], g.data.kinds.of(ACTOR_KINDS)))
    chosen = ranked_at[_top(g, linked[ranked_at], between[ranked_at], deg, limit)]
    ranked = linked[chosen].tolist()
    items = [
        ActorOut(
            node=node_out(view, v),
            degree=int(deg[v]),
            betweenness=round(float(b), 2),
            countries=_reach(view, v),
        )
        for v, b in zip(ranked, between[chosen].tolist(), strict=True)
    ]
    log_foreign(session, actor, view, ranked, "actors")
    used = min(samples, len(linked))
    return ActorsOut(
        sampled_sources=used,
        error_bound=round(centrality.sampling_error(len(linked), used), 4) if used else 0.0,
        items=items,
    )


def _reach(view: View, v: int) -> list[str]:
    """The countries of the records within two links of ``v``."""
    nodes, _edges = algo.neighbourhood(view, v, 2, MAX_NODES)
    g = view.graph
    return sorted({c for u in nodes if g.kind(u) in ("seizure", "person") and (c := g.country(u))})


def timeline(
    session: Session, actor: Actor, name: str, filters: Filters = EVERYTHING
) -> list[TimelineEvent]:
    """The dated links of the network that holds ``name``, oldest first."""
    view = user_view(session, actor, _links_only(filters))
    start = entity(view, name)
    g = view.graph
    members = next((grp for grp in algo.components(view) if start in grp), np.asarray([start]))
    inside = np.zeros(g.n, dtype=np.bool_)
    inside[members] = True
    chosen = np.flatnonzero(view.edge_ok & inside[g.src] & (g.day != NO_DAY))
    chosen = chosen[np.argsort(g.day[chosen], kind="stable")]
    log_foreign(session, actor, view, members.tolist(), f"timeline {name}")
    out = []
    for e in chosen.tolist():
        when = day(int(g.day[e]))
        assert when is not None
        out.append(
            TimelineEvent(
                date=when,
                kind=g.edge_kind_name(e),
                source=node_out(view, int(g.src[e])),
                target=node_out(view, int(g.dst[e])),
                record=g.source_key(e),
                detail=g.detail_text(e),
            )
        )
    return out
