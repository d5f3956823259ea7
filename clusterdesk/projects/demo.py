"""Demo projects, needs and capabilities from the public facts in the seeds (marked demo, with the source).

Seed 004 says that АО «Когнитив», АО «НПФ «Микран», ООО «ЛЭМЗ–Т» and АО «НПП Радар ММС» presented projects
«from satellite communication for drones and lidars to the production of an unmanned mini-tractor», but not
which company presented which project. So each project lists the four as presenters (role «presenter»)
and has no lead; nothing says who makes lidars, so no company gets a lidar capability here.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.projects import service
from clusterdesk.projects.models import Capability, CapabilityKind, Need, NeedKind, ParticipantRole, Project
from clusterdesk.projects.schemas import CapabilityCreate, NeedCreate, ParticipantIn, ProjectCreate
from clusterdesk.registry.demo import DEMO_ACTOR, INDUSTRIAL, SEED_004
from clusterdesk.registry.models import Cluster, Organization

ORDER = 30
TOMSK_RU = "tomsk.ru: «Промышленный кластер беспилотников в Томске готов к запуску»"
PRESENTERS = ("АО «Когнитив»", "АО «НПФ «Микран»", "ООО «ЛЭМЗ–Т»", "АО «НПП Радар ММС»")
UNASSIGNED = (
    "Представлен на совещании в администрации Томской области о создании промышленного кластера электроники "
    "и беспилотных технологий. Источник называет четыре компании, представившие проекты (АО «Когнитив», "
    "АО «НПФ «Микран», ООО «ЛЭМЗ–Т», АО «НПП Радар ММС»), но не говорит, кто из них представил этот проект."
)
PROJECTS = (
    ("Спутниковая связь для беспилотников", UNASSIGNED),
    ("Лидары", UNASSIGNED),
    ("Производство беспилотного минитрактора", UNASSIGNED),
)
NEED = (
    "Научная инфраструктура для разработок участников кластера. На совещании «особое внимание уделили "
    "потребностям научной инфраструктуры»; их состав в источнике не раскрыт."
)
TUSUR_CAPABILITIES = (
    (
        "Подготовка кадров для предприятий кластера",
        "ТУСУР обеспечивает подготовку кадров для промышленного кластера электроники и беспилотных "
        "технологий.",
        CapabilityKind.service,
        f"{TOMSK_RU}; {SEED_004}",
    ),
    (
        "Производственные мощности университета",
        "По словам заместителя губернатора В. Потёмкина, вовлечение ТУСУРа «с его производственными "
        "ОКВЭДами» укрепит технологические цепочки и расширит возможности кооперации.",
        CapabilityKind.service,
        f"{TOMSK_RU}; {SEED_004}",
    ),
)


def _org(session: Session, short_name: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.short_name == short_name))


def load_demo(*, session: Session) -> dict[str, int]:
    """Create what is missing (idempotent); return counts of rows created by this call."""
    created = {"projects": 0, "needs": 0, "capabilities": 0}
    cluster = session.scalar(select(Cluster).where(Cluster.name == INDUSTRIAL))
    presenters = [org for name in PRESENTERS if (org := _org(session, name)) is not None]
    for title, description in PROJECTS:
        if session.scalar(select(Project.id).where(Project.title == title, Project.is_demo)) is not None:
            continue
        data = ProjectCreate(
            title=title,
            description=description,
            cluster_id=cluster.id if cluster else None,
            participants=[
                ParticipantIn(organization_id=o.id, role=ParticipantRole.presenter) for o in presenters
            ],
            source=SEED_004,
        )
        service.create_project(session=session, actor=DEMO_ACTOR, data=data, is_demo=True)
        created["projects"] += 1
    if cluster is not None and session.scalar(select(Need.id).where(Need.description == NEED)) is None:
        need = NeedCreate(cluster_id=cluster.id, kind=NeedKind.equipment, description=NEED, source=SEED_004)
        service.create_need(session=session, actor=DEMO_ACTOR, data=need, is_demo=True)
        created["needs"] += 1
    tusur = _org(session, "ТУСУР")
    for name, description, kind, source in TUSUR_CAPABILITIES if tusur else ():
        assert tusur is not None
        exists = session.scalar(
            select(Capability.id).where(Capability.organization_id == tusur.id, Capability.name == name)
        )
        if exists is None:
            capability = CapabilityCreate(
                organization_id=tusur.id, name=name, description=description, kind=kind, source=source
            )
            service.create_capability(session=session, actor=DEMO_ACTOR, data=capability, is_demo=True)
            created["capabilities"] += 1
    return created
