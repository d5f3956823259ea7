"""The cluster's cooperation graph (networkx): joint projects, supply links and agreements between members."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from clusterdesk.events.agreements import agreement_edges
from clusterdesk.projects.models import ParticipantRole, Project, ProjectParticipant, SupplyLink
from clusterdesk.registry.models import Membership, Organization
from clusterdesk.registry.service import get_cluster

EDGE_LABELS = {
    "project": "совместный проект",
    "presented_together": "представили проекты вместе",
    "supplies": "поставляет",
    "develops_for": "разрабатывает для",
    "trains_for": "готовит кадры для",
    "agreement": "соглашение",
    "reported_supply": "поставки по отчётности, тыс. руб.",
}


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    kind: str
    member: bool
    degree: int
    betweenness: float
    community: int


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    kind: str
    weight: float


@dataclass(frozen=True)
class CooperationGraph:
    nodes: list[Node]
    edges: list[Edge]
    isolated: list[int]  # members with no joint project, supply link or agreement
    communities: list[list[int]]


def _project_edges(projects: list[Project], members: set[int]) -> Counter[tuple[int, int, str]]:
    edges: Counter[tuple[int, int, str]] = Counter()
    for project in projects:
        roles: dict[int, set[ParticipantRole]] = {}
        if project.lead_organization_id:
            roles.setdefault(project.lead_organization_id, set()).add(ParticipantRole.lead)
        for p in project.participants:
            roles.setdefault(p.organization_id, set()).add(p.role)
        for a, b in combinations(sorted(roles), 2):
            if a not in members and b not in members:
                continue
            presenters_only = roles[a] == {ParticipantRole.presenter} and roles[b] == {
                ParticipantRole.presenter
            }
            edges[a, b, "presented_together" if presenters_only else "project"] += 1
    return edges


def _agreement_pairs(session: Session) -> list[tuple[int, int]]:
    """Pairs of parties of every agreement (the events domain's agreements)."""
    return [(a, b) for a, b, _agreement_id in agreement_edges(session=session)]


def _reported_flows(session: Session, cluster_id: int) -> list[tuple[int, int, float]]:
    """Supply flows from members' accepted reporting forms, when the reporting domain is installed."""
    try:
        # why: reporting is an optional domain that projects must not require at import time
        from clusterdesk.reporting.flows import reported_flows
    except ImportError:
        return []
    return reported_flows(session=session, cluster_id=cluster_id)


def cooperation_graph(*, session: Session, cluster_id: int) -> CooperationGraph:
    get_cluster(session=session, cluster_id=cluster_id)
    members = set(
        session.scalars(
            select(Membership.organization_id).where(
                Membership.cluster_id == cluster_id, Membership.until.is_(None)
            )
        )
    )
    involved = select(ProjectParticipant.project_id).where(ProjectParticipant.organization_id.in_(members))
    projects = list(
        session.scalars(
            select(Project)
            .where(or_(Project.id.in_(involved), Project.lead_organization_id.in_(members)))
            .options(selectinload(Project.participants))
        )
    )
    counts = _project_edges(projects, members)
    links = session.scalars(
        select(SupplyLink).where(
            or_(SupplyLink.supplier_id.in_(members), SupplyLink.consumer_id.in_(members))
        )
    )
    for link in links:
        counts[link.supplier_id, link.consumer_id, link.kind.value] += 1
    for a, b in _agreement_pairs(session):
        if a in members or b in members:
            counts[a, b, "agreement"] += 1

    flows = [f for f in _reported_flows(session, cluster_id) if f[0] in members and f[1] in members]
    for seller, buyer, _amount in flows:
        counts[seller, buyer, "reported_supply"] += 1  # one tie for centrality; the amount is the edge weight

    graph = nx.Graph()
    graph.add_nodes_from(members)
    for (a, b, _kind), count in counts.items():
        weight = graph.edges[a, b]["weight"] + count if graph.has_edge(a, b) else count
        graph.add_edge(a, b, weight=weight)
    betweenness = nx.betweenness_centrality(graph) if len(graph) > 2 else dict.fromkeys(graph, 0.0)
    connected = graph.subgraph([n for n in graph if graph.degree(n) > 0])
    communities = (
        [sorted(c) for c in nx.community.greedy_modularity_communities(connected, weight="weight")]
        if connected.number_of_edges()
        else []
    )
    community_of = {n: i for i, c in enumerate(communities) for n in c}
    orgs = {o.id: o for o in session.scalars(select(Organization).where(Organization.id.in_(list(graph))))}
    nodes = [
        Node(
            id=n,
            name=orgs[n].short_name,
            kind=orgs[n].kind.value,
            member=n in members,
            degree=graph.degree(n),
            betweenness=round(betweenness[n], 4),
            community=community_of.get(n, -1),
        )
        for n in sorted(graph, key=lambda n: (-graph.degree(n), orgs[n].short_name))
    ]
    edges = [
        Edge(a, b, kind, float(count))
        for (a, b, kind), count in sorted(counts.items())
        if kind != "reported_supply"
    ]
    edges += [Edge(seller, buyer, "reported_supply", amount) for seller, buyer, amount in flows]
    isolated = sorted((n for n in members if graph.degree(n) == 0), key=lambda n: orgs[n].short_name)
    return CooperationGraph(nodes=nodes, edges=edges, isolated=isolated, communities=communities)
