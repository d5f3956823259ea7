"""One filter definition per list, shared by the UI list, the API and the exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute

from clusterdesk.lemmas import query_terms
from clusterdesk.registry.models import Membership, Organization, OrganizationKind, Person, Post


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches_words(column: InstrumentedAttribute[str] | ColumnElement[Any], query: str) -> list:
    """Each query word must start a word of the search text, in any of its case forms."""
    return [
        or_(*(column.like(f"% {_escape_like(form)}%", escape="\\") for form in sorted(forms)))
        for forms in query_terms(query)
    ]


def all_words(column: InstrumentedAttribute[str], query: str) -> ColumnElement[bool]:
    """Each word of ``query`` starts a word of the search text; no words («!!!») filter nothing."""
    return and_(true(), *matches_words(column, query))


@dataclass(frozen=True)
class OrganizationFilter:
    q: str | None = None
    kind: OrganizationKind | None = None
    cluster_id: int | None = None

    def apply(self, query: Select) -> Select:
        if self.q:
            query = query.where(all_words(Organization.search_text, self.q))
        if self.kind:
            query = query.where(Organization.kind == self.kind)
        if self.cluster_id is not None:
            members = select(Membership.organization_id).where(Membership.cluster_id == self.cluster_id)
            query = query.where(Organization.id.in_(members))
        return query


@dataclass(frozen=True)
class PersonFilter:
    q: str | None = None
    organization_id: int | None = None

    def apply(self, query: Select) -> Select:
        if self.q:
            query = query.where(all_words(Person.search_text, self.q))
        if self.organization_id is not None:
            holders = select(Post.person_id).where(Post.organization_id == self.organization_id)
            query = query.where(Person.id.in_(holders))
        return query


@dataclass(frozen=True)
class PostFilter:
    person_id: int | None = None
    organization_id: int | None = None

    def apply(self, query: Select) -> Select:
        if self.person_id is not None:
            query = query.where(Post.person_id == self.person_id)
        if self.organization_id is not None:
            query = query.where(Post.organization_id == self.organization_id)
        return query


@dataclass(frozen=True)
class MembershipFilter:
    cluster_id: int | None = None
    organization_id: int | None = None

    def apply(self, query: Select) -> Select:
        if self.cluster_id is not None:
            query = query.where(Membership.cluster_id == self.cluster_id)
        if self.organization_id is not None:
            query = query.where(Membership.organization_id == self.organization_id)
        return query
