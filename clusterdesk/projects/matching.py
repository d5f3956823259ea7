"""Partner matching for a need and the cluster's chain gaps, over the cached match index."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.projects import documents, embeddings, service
from clusterdesk.projects.access import project_organizations
from clusterdesk.projects.filters import NeedFilter
from clusterdesk.projects.index import DEFAULT_WEIGHTS, Hit, Query, Weights
from clusterdesk.projects.labels import NEED_KIND_LABELS
from clusterdesk.projects.models import Need, NeedStatus
from clusterdesk.projects.terms import Terms
from clusterdesk.registry.models import Cluster, Membership, Organization

MIN_SCORE = 0.2  # below this a candidate is noise (gold set: no true partner scored under 0.3)
GAP_THRESHOLD = 0.4  # a need no member capability meets at this level is a chain gap
DOC_LABELS = {
    "capability": "совпадает с возможностью",
    "project": "совпадает с проектом",
    "organization": "совпадает с описанием организации",
}


@dataclass(frozen=True)
class Match:
    organization_id: int
    name: str
    score: float
    member: bool
    reasons: list[str]


@dataclass(frozen=True)
class Gap:
    need: Need
    owner: str
    best_member_score: float
    best_member: str | None
    outside: list[Match]


def _current_members(session: Session, cluster_ids: set[int]) -> dict[int, str]:
    """Organisation id -> cluster name, for the current members of the given clusters."""
    if not cluster_ids:
        return {}
    rows = session.execute(
        select(Membership.organization_id, Cluster.name)
        .join(Cluster, Cluster.id == Membership.cluster_id)
        .where(Membership.cluster_id.in_(cluster_ids), Membership.until.is_(None))
    )
    return {org_id: name for org_id, name in rows}


def need_owners(need: Need) -> set[int]:
    owners = {need.organization_id} if need.organization_id else set()
    if need.project is not None:
        owners |= project_organizations(need.project)
    return owners


def need_clusters(session: Session, need: Need) -> set[int]:
    clusters = {need.cluster_id} if need.cluster_id else set()
    if need.project is not None and need.project.cluster_id:
        clusters.add(need.project.cluster_id)
    owners = need_owners(need)
    if owners:
        clusters |= set(
            session.scalars(
                select(Membership.cluster_id).where(
                    Membership.organization_id.in_(owners), Membership.until.is_(None)
                )
            )
        )
    return clusters


def need_query(session: Session, need: Need) -> Query:
    doc = documents.get_document(session=session, kind="need", entity_id=need.id)
    if doc is None or doc.vector is None:
        service.index_need(session, need)  # a need stored before its document existed
        doc = documents.get_document(session=session, kind="need", entity_id=need.id)
    assert doc is not None and doc.vector is not None
    return Query(Terms.parse(doc.terms), embeddings.from_bytes(doc.vector), doc.okved2)


def explain(hit: Hit, query: Query, weights: Weights, cluster: str | None, sharing: int = 1) -> list[str]:
    """Why this organisation: the document that matched (with how many listed organisations it speaks for:
    a joint project gives all its participants the same score), shared terms, closeness, membership."""
    doc = hit.document
    reasons = [f"{DOC_LABELS[doc.key[0]]} «{doc.title}»"]
    if sharing > 1:
        reasons[0] += f" (общий для {sharing} организаций списка)"
    if hit.shared:
        reasons.append("общие понятия: " + ", ".join(hit.shared))
    if hit.embedding > 0:
        reasons.append(f"близость текстов по смыслу {hit.embedding:.0%}")
    if weights.okved and hit.okved > 0 and doc.okved2:
        reasons.append(f"ОКВЭД2 {doc.okved2} рядом с {query.okved2} (близость {hit.okved:.0%})")
    if cluster:
        reasons.append(f"участник кластера «{cluster}»")
    return reasons


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Organization.id, Organization.short_name).where(Organization.id.in_(ids)))
    return {org_id: name for org_id, name in rows}


def matches_for_need(
    *, session: Session, need_id: int, limit: int = 10, weights: Weights = DEFAULT_WEIGHTS
) -> list[Match]:
    """Members of the need's clusters first, then the rest of the registry; each match says why."""
    need = service.get_need(session=session, need_id=need_id)
    query = need_query(session, need)
    members = _current_members(session, need_clusters(session, need))
    owners = frozenset(need_owners(need))
    index, lock = documents.current_index(session=session)
    with lock:
        inside = index.search(query, weights=weights, exclude=owners, only=frozenset(members), limit=limit)
        outside = index.search(query, weights=weights, exclude=owners | frozenset(members), limit=limit)
    hits = [h for h in inside + outside if h.score >= MIN_SCORE][:limit]
    names = _names(session, {h.organization_id for h in hits})
    sharing = Counter(h.document.key for h in hits)
    return [
        Match(
            organization_id=h.organization_id,
            name=names.get(h.organization_id, f"#{h.organization_id}"),
            score=round(h.score, 4),
            member=h.organization_id in members,
            reasons=explain(h, query, weights, members.get(h.organization_id), sharing[h.document.key]),
        )
        for h in hits
        if h.organization_id in names
    ]


def _owner_label(need: Need) -> str:
    if need.organization is not None:
        return need.organization.short_name
    if need.project is not None:
        return f"проект «{need.project.title}»"
    return "кластер в целом"


def gaps(*, session: Session, cluster_id: int, threshold: float = GAP_THRESHOLD) -> list[Gap]:
    """Open needs of the cluster that no member capability meets: what must come from outside."""
    members = _current_members(session, {cluster_id})
    needs, _ = service.get_needs(
        session=session, filters=NeedFilter(cluster_id=cluster_id, status=NeedStatus.open), page_size=10_000
    )
    found: list[Gap] = []
    for need in needs:
        query = need_query(session, need)
        owners = frozenset(need_owners(need))
        index, lock = documents.current_index(session=session)
        with lock:
            best = index.search(
                query,
                exclude=owners,
                only=frozenset(members),
                limit=1,
                kinds=frozenset({"capability"}),
            )
            outside = index.search(
                query, exclude=owners | frozenset(members), limit=3, kinds=frozenset({"capability"})
            )
        if best and best[0].score >= threshold:
            continue
        names = _names(session, {h.organization_id for h in best + outside})
        found.append(
            Gap(
                need=need,
                owner=_owner_label(need),
                best_member_score=round(best[0].score, 4) if best else 0.0,
                best_member=names.get(best[0].organization_id) if best else None,
                outside=[
                    Match(
                        h.organization_id,
                        names.get(h.organization_id, ""),
                        round(h.score, 4),
                        False,
                        explain(h, query, DEFAULT_WEIGHTS, None),
                    )
                    for h in outside
                    if h.score >= MIN_SCORE
                ],
            )
        )
    return found


def need_kind_label(need: Need) -> str:
    return NEED_KIND_LABELS[need.kind]
