"""Projects domain rules: functions take ``session`` keyword-only, write through the audit, never commit.

Every write of a capability, project or need also stores its match document (terms + one embedding).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import changes_of, check_exists, get_or_404, refuse_empty
from clusterdesk.db import paginate
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.projects import documents
from clusterdesk.projects.filters import CapabilityFilter, NeedFilter, ProjectFilter, SupplyLinkFilter
from clusterdesk.projects.index import DEFAULT_WEIGHTS
from clusterdesk.projects.models import (
    Capability,
    Need,
    ParticipantRole,
    Project,
    ProjectParticipant,
    SupplyLink,
)
from clusterdesk.projects.okved import guess
from clusterdesk.projects.schemas import (
    CapabilityCreate,
    CapabilityUpdate,
    NeedCreate,
    NeedUpdate,
    ParticipantIn,
    ProjectCreate,
    ProjectUpdate,
    SupplyLinkCreate,
    SupplyLinkUpdate,
)
from clusterdesk.registry.models import Cluster, Organization

PROJECT = "Проект"
PARTICIPANT = "Участник проекта"
NEED = "Потребность"
CAPABILITY = "Возможность"
SUPPLY_LINK = "Связь поставки"


# Projects ------------------------------------------------------------------------------------------------


def get_project(*, session: Session, project_id: int) -> Project:
    return get_or_404(session, Project, project_id)


def get_projects(
    *, session: Session, filters: ProjectFilter, page: int = 1, page_size: int = 50
) -> tuple[list[Project], int]:
    query = filters.apply(select(Project))
    return paginate(session, query, page=page, page_size=page_size, order_by=(Project.title, Project.id))


def _participant_ids(project: Project) -> list[int]:
    ids = [project.lead_organization_id] if project.lead_organization_id else []
    ids += [p.organization_id for p in project.participants if p.organization_id not in ids]
    return ids


def _index_project(session: Session, project: Project) -> None:
    session.refresh(project, ["participants"])
    documents.write_document(
        session=session,
        kind="project",
        entity_id=project.id,
        organization_ids=_participant_ids(project),
        title=project.title,
        texts=[project.title, project.description],
        okved2=None,
    )


def _check_project_refs(session: Session, data: ProjectCreate | ProjectUpdate) -> None:
    check_exists(session, Organization, data.lead_organization_id, "lead_organization_id")
    check_exists(session, Cluster, data.cluster_id, "cluster_id")
    for index, item in enumerate(data.participants or []):
        check_exists(session, Organization, item.organization_id, f"participants.{index}")


def _set_participants(session: Session, actor: Actor, project: Project, wanted: list[ParticipantIn]) -> None:
    """Make the participant rows equal to ``wanted`` (each add and removal audited)."""
    keys = {(p.organization_id, ParticipantRole(p.role)) for p in wanted}
    if project.lead_organization_id is not None:
        keys.add((project.lead_organization_id, ParticipantRole.lead))
    for row in list(project.participants):
        if (row.organization_id, row.role) not in keys:
            writes.delete(session=session, actor=actor, obj=row, expected_version=None, label=PARTICIPANT)
    present = {(row.organization_id, row.role) for row in project.participants} & keys
    for org_id, role in sorted(keys - present, key=lambda k: (k[1] != ParticipantRole.lead, k[0], k[1])):
        row = ProjectParticipant(project_id=project.id, organization_id=org_id, role=role)
        writes.create(session=session, actor=actor, obj=row, label=PARTICIPANT)
    session.refresh(project, ["participants"])


def create_project(
    *,
    session: Session,
    actor: Actor,
    data: ProjectCreate,
    is_demo: bool = False,
    news_item_id: int | None = None,
) -> Project:
    _check_project_refs(session, data)
    fields = data.model_dump(exclude={"participants"})
    project = Project(**fields, is_demo=is_demo, news_item_id=news_item_id)
    writes.create(session=session, actor=actor, obj=project, label=PROJECT)
    _set_participants(session, actor, project, data.participants)
    _index_project(session, project)
    return project


def update_project(*, session: Session, actor: Actor, project_id: int, data: ProjectUpdate) -> Project:
    project = get_project(session=session, project_id=project_id)
    _check_project_refs(session, data)
    changes = changes_of(data)
    participants = changes.pop("participants", None)
    refuse_empty(changes, "title", "status")
    start, end = changes.get("start_date", project.start_date), changes.get("end_date", project.end_date)
    if start and end and end < start:
        raise ValidationFailed([FieldProblem("end_date", "дата окончания раньше даты начала")])
    writes.update(
        session=session,
        actor=actor,
        obj=project,
        changes=changes,
        expected_version=data.version,
        label=PROJECT,
    )
    if participants is not None or "lead_organization_id" in changes:
        wanted = (
            data.participants
            if data.participants is not None
            else [
                ParticipantIn(organization_id=p.organization_id, role=p.role)
                for p in project.participants
                if p.role != ParticipantRole.lead
            ]
        )
        _set_participants(session, actor, project, wanted)
    _index_project(session, project)
    return project


def delete_project(*, session: Session, actor: Actor, project_id: int, version: int | None) -> None:
    project = get_project(session=session, project_id=project_id)
    for row in list(project.participants):
        writes.delete(session=session, actor=actor, obj=row, expected_version=None, label=PARTICIPANT)
    for need in session.scalars(select(Need).where(Need.project_id == project.id)):
        delete_need(session=session, actor=actor, need_id=need.id, version=None)
    documents.delete_document(session=session, kind="project", entity_id=project.id)
    writes.delete(session=session, actor=actor, obj=project, expected_version=version, label=PROJECT)


# Needs ---------------------------------------------------------------------------------------------------


def get_need(*, session: Session, need_id: int) -> Need:
    return get_or_404(session, Need, need_id)


def get_needs(
    *, session: Session, filters: NeedFilter, page: int = 1, page_size: int = 50
) -> tuple[list[Need], int]:
    return paginate(session, filters.apply(select(Need)), page=page, page_size=page_size, order_by=(Need.id,))


def need_okved2(need: Need) -> str | None:
    """The need's own code; guessed from OKVED names only when OKVED2 proximity is weighed at all
    (off by default: it brought nothing on the gold set, and building the name index costs seconds)."""
    if need.okved2 or not DEFAULT_WEIGHTS.okved:
        return need.okved2
    return guess(need.description)


def index_need(session: Session, need: Need) -> None:
    documents.write_document(
        session=session,
        kind="need",
        entity_id=need.id,
        organization_ids=[need.organization_id] if need.organization_id else [],
        title=need.description[:500],
        texts=[need.description],
        okved2=need_okved2(need),
        is_query=True,
    )


def create_need(
    *,
    session: Session,
    actor: Actor,
    data: NeedCreate,
    is_demo: bool = False,
    news_item_id: int | None = None,
) -> Need:
    check_exists(session, Organization, data.organization_id, "organization_id")
    check_exists(session, Project, data.project_id, "project_id")
    check_exists(session, Cluster, data.cluster_id, "cluster_id")
    need = Need(**data.model_dump(), is_demo=is_demo, news_item_id=news_item_id)
    writes.create(session=session, actor=actor, obj=need, label=NEED)
    index_need(session, need)
    return need


def update_need(*, session: Session, actor: Actor, need_id: int, data: NeedUpdate) -> Need:
    need = get_need(session=session, need_id=need_id)
    changes = changes_of(data)
    refuse_empty(changes, "kind", "description", "status")
    writes.update(
        session=session, actor=actor, obj=need, changes=changes, expected_version=data.version, label=NEED
    )
    index_need(session, need)
    return need


def delete_need(*, session: Session, actor: Actor, need_id: int, version: int | None) -> None:
    need = get_need(session=session, need_id=need_id)
    documents.delete_document(session=session, kind="need", entity_id=need.id)
    writes.delete(session=session, actor=actor, obj=need, expected_version=version, label=NEED)


# Capabilities --------------------------------------------------------------------------------------------


def get_capability(*, session: Session, capability_id: int) -> Capability:
    return get_or_404(session, Capability, capability_id)


def get_capabilities(
    *, session: Session, filters: CapabilityFilter, page: int = 1, page_size: int = 50
) -> tuple[list[Capability], int]:
    query = filters.apply(select(Capability))
    return paginate(session, query, page=page, page_size=page_size, order_by=(Capability.name, Capability.id))


def _index_capability(session: Session, capability: Capability) -> None:
    documents.write_document(
        session=session,
        kind="capability",
        entity_id=capability.id,
        organization_ids=[capability.organization_id],
        title=capability.name,
        texts=[capability.name, capability.description],
        okved2=capability.okved2,
    )


def create_capability(
    *, session: Session, actor: Actor, data: CapabilityCreate, is_demo: bool = False
) -> Capability:
    check_exists(session, Organization, data.organization_id, "organization_id")
    capability = Capability(**data.model_dump(), is_demo=is_demo)
    writes.create(session=session, actor=actor, obj=capability, label=CAPABILITY)
    _index_capability(session, capability)
    return capability


def update_capability(
    *, session: Session, actor: Actor, capability_id: int, data: CapabilityUpdate
) -> Capability:
    capability = get_capability(session=session, capability_id=capability_id)
    changes = changes_of(data)
    refuse_empty(changes, "name", "kind")
    writes.update(
        session=session,
        actor=actor,
        obj=capability,
        changes=changes,
        expected_version=data.version,
        label=CAPABILITY,
    )
    _index_capability(session, capability)
    return capability


def delete_capability(*, session: Session, actor: Actor, capability_id: int, version: int | None) -> None:
    capability = get_capability(session=session, capability_id=capability_id)
    documents.delete_document(session=session, kind="capability", entity_id=capability.id)
    writes.delete(session=session, actor=actor, obj=capability, expected_version=version, label=CAPABILITY)


# Supply links --------------------------------------------------------------------------------------------


def get_supply_link(*, session: Session, link_id: int) -> SupplyLink:
    return get_or_404(session, SupplyLink, link_id)


def get_supply_links(
    *, session: Session, filters: SupplyLinkFilter, page: int = 1, page_size: int = 50
) -> tuple[list[SupplyLink], int]:
    query = filters.apply(select(SupplyLink))
    return paginate(session, query, page=page, page_size=page_size, order_by=(SupplyLink.id,))


def create_supply_link(
    *, session: Session, actor: Actor, data: SupplyLinkCreate, is_demo: bool = False
) -> SupplyLink:
    check_exists(session, Organization, data.supplier_id, "supplier_id")
    check_exists(session, Organization, data.consumer_id, "consumer_id")
    check_exists(session, Project, data.project_id, "project_id")
    if data.capability_id is not None:
        capability = session.get(Capability, data.capability_id)
        if capability is None or capability.organization_id != data.supplier_id:
            raise ValidationFailed(
                [FieldProblem("capability_id", "возможность не найдена или принадлежит не поставщику")]
            )
    link = SupplyLink(**data.model_dump(), is_demo=is_demo)
    return writes.create(session=session, actor=actor, obj=link, label=SUPPLY_LINK)


def update_supply_link(*, session: Session, actor: Actor, link_id: int, data: SupplyLinkUpdate) -> SupplyLink:
    link = get_supply_link(session=session, link_id=link_id)
    changes = changes_of(data)
    refuse_empty(changes, "kind")
    check_exists(session, Project, changes.get("project_id"), "project_id")
    return writes.update(
        session=session,
        actor=actor,
        obj=link,
        changes=changes,
        expected_version=data.version,
        label=SUPPLY_LINK,
    )


def delete_supply_link(*, session: Session, actor: Actor, link_id: int, version: int | None) -> None:
    link = get_supply_link(session=session, link_id=link_id)
    writes.delete(session=session, actor=actor, obj=link, expected_version=version, label=SUPPLY_LINK)
