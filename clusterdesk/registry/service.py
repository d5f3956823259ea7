"""Registry rules. Functions take ``session`` keyword-only, flush and never commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import MAX_ID, changes_of, get_or_404, refuse_empty
from clusterdesk.db import paginate
from clusterdesk.errors import ConflictError, FieldProblem, ValidationFailed
from clusterdesk.lemmas import query_terms, search_text
from clusterdesk.registry.filters import MembershipFilter, OrganizationFilter, PersonFilter, PostFilter
from clusterdesk.registry.models import Cluster, Membership, Organization, Person, Post
from clusterdesk.registry.schemas import (
    ClusterCreate,
    ClusterUpdate,
    MembershipCreate,
    MembershipUpdate,
    OrganizationCreate,
    OrganizationUpdate,
    PersonCreate,
    PersonUpdate,
    PostCreate,
    PostUpdate,
)

ORG = "Организация"
PERSON = "Человек"
POST = "Должность"
CLUSTER = "Кластер"
MEMBERSHIP = "Членство"


# Organisations -------------------------------------------------------------------------------------------


def get_organization(*, session: Session, organization_id: int) -> Organization:
    return get_or_404(session, Organization, organization_id)


def get_organization_card(*, session: Session, organization_id: int) -> Organization:
    """The organisation with its posts and their people and its memberships and their clusters loaded in
    five selects — not one select per post's person and per membership's cluster as the card reads them."""
    return get_or_404(
        session,
        Organization,
        organization_id,
        options=(
            selectinload(Organization.posts).selectinload(Post.person),
            selectinload(Organization.memberships).selectinload(Membership.cluster),
        ),
    )


def get_organizations(
    *, session: Session, filters: OrganizationFilter, page: int = 1, page_size: int = 50
) -> tuple[list[Organization], int]:
    query = filters.apply(select(Organization))
    return paginate(session, query, page=page, page_size=page_size, order_by=(Organization.short_name,))


def organization_name(*, session: Session, organization_id: int) -> str | None:
    """The organisation's short name, or None when the registry has no such organisation."""
    if not 0 < organization_id <= MAX_ID:
        return None
    return session.scalar(select(Organization.short_name).where(Organization.id == organization_id))


NAMED_LIMIT = 8


def organizations_named(*, session: Session, text: str, limit: int = NAMED_LIMIT) -> list[Any]:
    """The organisations a name typed into a filter stands for, as rows of ``id`` and ``short_name``: those
    whose short name is the text (as typed, in capitals or capitalised) when there are such, else those whose
    names hold every word of it, by name — at most ``limit + 1`` (more than ``limit`` means «уточните»).
    Words that are no words («!!!») stand for none."""
    text = " ".join(text.split())
    if not query_terms(text):
        return []
    names = select(Organization.id, Organization.short_name).order_by(
        Organization.short_name, Organization.id
    )
    spellings = sorted({text, text.upper(), text[:1].upper() + text[1:]})
    exact = session.execute(names.where(Organization.short_name.in_(spellings)).limit(limit + 1)).all()
    if exact:
        return list(exact)
    query = OrganizationFilter(q=text).apply(names).limit(limit + 1)
    return list(session.execute(query).all())


def _organization_search_text(org: Organization) -> str:
    return search_text([org.short_name, org.name, *(org.aliases or [])])


def _check_unique_identifiers(
    session: Session, org_id: int | None, inn: str | None, ogrn: str | None
) -> None:
    problems = []
    for field, value in (("inn", inn), ("ogrn", ogrn)):
        if not value:
            continue
        clash = session.scalar(select(Organization).where(getattr(Organization, field) == value))
        if clash is not None and clash.id != org_id:
            problems.append(
                FieldProblem(field, f"{value} уже принадлежит организации «{clash.short_name}» (#{clash.id})")
            )
    if problems:
        raise ConflictError("; ".join(str(p) for p in problems))


def create_organization(
    *,
    session: Session,
    actor: Actor,
    data: OrganizationCreate,
    is_demo: bool = False,
    source: str | None = None,
) -> Organization:
    _check_unique_identifiers(session, None, data.inn, data.ogrn)
    org = Organization(**data.model_dump(), is_demo=is_demo, source=source)
    org.search_text = _organization_search_text(org)
    return writes.create(session=session, actor=actor, obj=org, label=ORG)


def update_organization(
    *, session: Session, actor: Actor, organization_id: int, data: OrganizationUpdate
) -> Organization:
    org = get_organization(session=session, organization_id=organization_id)
    changes = changes_of(data)
    refuse_empty(changes, "short_name", "name", "kind")
    for listed in ("okved2", "aliases"):
        if listed in changes and changes[listed] is None:
            changes[listed] = []
    _check_unique_identifiers(session, org.id, changes.get("inn", org.inn), changes.get("ogrn", org.ogrn))
    if {"short_name", "name", "aliases"} & changes.keys():
        probe = {k: changes.get(k, getattr(org, k)) for k in ("short_name", "name", "aliases")}
        changes["search_text"] = search_text([probe["short_name"], probe["name"], *(probe["aliases"] or [])])
    return writes.update(
        session=session, actor=actor, obj=org, changes=changes, expected_version=data.version, label=ORG
    )


def delete_organization(*, session: Session, actor: Actor, organization_id: int, version: int | None) -> None:
    org = get_organization(session=session, organization_id=organization_id)
    for post in list(org.posts):
        writes.delete(session=session, actor=actor, obj=post, expected_version=None, label=POST)
    for membership in list(org.memberships):
        writes.delete(session=session, actor=actor, obj=membership, expected_version=None, label=MEMBERSHIP)
    writes.delete(session=session, actor=actor, obj=org, expected_version=version, label=ORG)


def find_organization_by_identity(
    *, session: Session, inn: str | None, ogrn: str | None, name: str
) -> Organization | None:
    """The stored organisation a record describes: same INN, else same OGRN, else the same full name."""
    for column, value in ((Organization.inn, inn), (Organization.ogrn, ogrn), (Organization.name, name)):
        if value:
            found = session.scalar(select(Organization).where(column == value))
            if found is not None:
                return found
    return None


# People and posts ----------------------------------------------------------------------------------------


def get_person(*, session: Session, person_id: int) -> Person:
    return get_or_404(session, Person, person_id)


def get_people(
    *, session: Session, filters: PersonFilter, page: int = 1, page_size: int = 50
) -> tuple[list[Person], int]:
    query = filters.apply(select(Person))
    return paginate(
        session, query, page=page, page_size=page_size, order_by=(Person.surname, Person.full_name)
    )


def person_organization_ids(*, session: Session, person_id: int) -> set[int]:
    return set(session.scalars(select(Post.organization_id).where(Post.person_id == person_id)))


def create_person(
    *, session: Session, actor: Actor, data: PersonCreate, is_demo: bool = False, source: str | None = None
) -> Person:
    person = Person(**data.model_dump(), is_demo=is_demo, source=source)
    person.search_text = search_text([person.full_name])
    return writes.create(session=session, actor=actor, obj=person, label=PERSON)


def update_person(*, session: Session, actor: Actor, person_id: int, data: PersonUpdate) -> Person:
    person = get_person(session=session, person_id=person_id)
    changes = changes_of(data)
    if "full_name" in changes:
        if not changes["full_name"]:
            raise ValidationFailed([FieldProblem("full_name", "обязательное поле не может быть пустым")])
        changes["search_text"] = search_text([changes["full_name"]])
    return writes.update(
        session=session, actor=actor, obj=person, changes=changes, expected_version=data.version, label=PERSON
    )


def delete_person(*, session: Session, actor: Actor, person_id: int, version: int | None) -> None:
    person = get_person(session=session, person_id=person_id)
    for post in list(person.posts):
        writes.delete(session=session, actor=actor, obj=post, expected_version=None, label=POST)
    writes.delete(session=session, actor=actor, obj=person, expected_version=version, label=PERSON)


def get_post(*, session: Session, post_id: int) -> Post:
    return get_or_404(session, Post, post_id)


def get_posts(
    *, session: Session, filters: PostFilter, page: int = 1, page_size: int = 50
) -> tuple[list[Post], int]:
    query = filters.apply(select(Post))
    return paginate(session, query, page=page, page_size=page_size, order_by=(Post.since.desc(), Post.id))


def create_post(
    *, session: Session, actor: Actor, data: PostCreate, is_demo: bool = False, source: str | None = None
) -> Post:
    get_person(session=session, person_id=data.person_id)
    get_organization(session=session, organization_id=data.organization_id)
    post = Post(**data.model_dump(), is_demo=is_demo, source=source)
    return writes.create(session=session, actor=actor, obj=post, label=POST)


def update_post(*, session: Session, actor: Actor, post_id: int, data: PostUpdate) -> Post:
    post = get_post(session=session, post_id=post_id)
    changes = changes_of(data)
    since, until = changes.get("since", post.since), changes.get("until", post.until)
    if since and until and until < since:
        raise ValidationFailed([FieldProblem("until", "дата окончания раньше даты начала")])
    return writes.update(
        session=session, actor=actor, obj=post, changes=changes, expected_version=data.version, label=POST
    )


def delete_post(*, session: Session, actor: Actor, post_id: int, version: int | None) -> None:
    post = get_post(session=session, post_id=post_id)
    writes.delete(session=session, actor=actor, obj=post, expected_version=version, label=POST)


# Clusters and memberships --------------------------------------------------------------------------------


def get_cluster(*, session: Session, cluster_id: int) -> Cluster:
    return get_or_404(session, Cluster, cluster_id)


def get_clusters(*, session: Session, page: int = 1, page_size: int = 50) -> tuple[list[Cluster], int]:
    return paginate(session, select(Cluster), page=page, page_size=page_size, order_by=(Cluster.name,))


def create_cluster(
    *, session: Session, actor: Actor, data: ClusterCreate, is_demo: bool = False, source: str | None = None
) -> Cluster:
    if data.organization_id is not None:
        get_organization(session=session, organization_id=data.organization_id)
    cluster = Cluster(**data.model_dump(), is_demo=is_demo, source=source)
    return writes.create(session=session, actor=actor, obj=cluster, label=CLUSTER)


def update_cluster(*, session: Session, actor: Actor, cluster_id: int, data: ClusterUpdate) -> Cluster:
    cluster = get_cluster(session=session, cluster_id=cluster_id)
    changes = changes_of(data)
    refuse_empty(changes, "name", "kind")
    if changes.get("organization_id") is not None:
        get_organization(session=session, organization_id=changes["organization_id"])
    return writes.update(
        session=session,
        actor=actor,
        obj=cluster,
        changes=changes,
        expected_version=data.version,
        label=CLUSTER,
    )


def delete_cluster(*, session: Session, actor: Actor, cluster_id: int, version: int | None) -> None:
    cluster = get_cluster(session=session, cluster_id=cluster_id)
    for membership in list(cluster.memberships):
        writes.delete(session=session, actor=actor, obj=membership, expected_version=None, label=MEMBERSHIP)
    writes.delete(session=session, actor=actor, obj=cluster, expected_version=version, label=CLUSTER)


def get_membership(*, session: Session, membership_id: int) -> Membership:
    return get_or_404(session, Membership, membership_id)


def get_memberships(
    *, session: Session, filters: MembershipFilter, page: int = 1, page_size: int = 50
) -> tuple[list[Membership], int]:
    query = filters.apply(select(Membership))
    return paginate(session, query, page=page, page_size=page_size, order_by=(Membership.id,))


def create_membership(
    *,
    session: Session,
    actor: Actor,
    data: MembershipCreate,
    is_demo: bool = False,
    source: str | None = None,
) -> Membership:
    cluster = get_cluster(session=session, cluster_id=data.cluster_id)
    org = get_organization(session=session, organization_id=data.organization_id)
    open_membership = session.scalar(
        select(Membership).where(
            Membership.cluster_id == data.cluster_id,
            Membership.organization_id == data.organization_id,
            Membership.until.is_(None),
        )
    )
    if open_membership is not None and data.until is None:
        raise ConflictError(
            f"«{org.short_name}» уже состоит в кластере «{cluster.name}» (членство #{open_membership.id})"
        )
    membership = Membership(**data.model_dump(), is_demo=is_demo, source=source)
    return writes.create(session=session, actor=actor, obj=membership, label=MEMBERSHIP)


def update_membership(
    *, session: Session, actor: Actor, membership_id: int, data: MembershipUpdate
) -> Membership:
    membership = get_membership(session=session, membership_id=membership_id)
    changes = changes_of(data)
    refuse_empty(changes, "role")
    return writes.update(
        session=session,
        actor=actor,
        obj=membership,
        changes=changes,
        expected_version=data.version,
        label=MEMBERSHIP,
    )


def delete_membership(*, session: Session, actor: Actor, membership_id: int, version: int | None) -> None:
    membership = get_membership(session=session, membership_id=membership_id)
    writes.delete(session=session, actor=actor, obj=membership, expected_version=version, label=MEMBERSHIP)


def current_members(*, session: Session, cluster_id: int) -> list[Membership]:
    query = (
        select(Membership)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(Membership.cluster_id == cluster_id, Membership.until.is_(None))
        .order_by(Organization.kind, Organization.short_name)
    )
    return list(session.scalars(query))
