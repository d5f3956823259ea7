"""Demo registry: the two Tomsk clusters and the organisations and people the seed news names.

Every row is marked ``is_demo`` with the public source it came from. Unknown facts (INN, OGRN, sites) stay
empty: nothing here is invented. Loading is idempotent: rows found by name are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.registry import service
from clusterdesk.registry.models import (
    Cluster,
    ClusterKind,
    MembershipRole,
    Organization,
    OrganizationKind,
    Person,
)
from clusterdesk.registry.schemas import (
    ClusterCreate,
    MembershipCreate,
    OrganizationCreate,
    PersonCreate,
    PostCreate,
)

# The two seed texts (clusterdesk/news/seeds) as a reader names them: the outlet and the title, no file name.
SEED_000 = "подборка новостей о ТУСУРе (раздел «Новости»)"
SEED_004 = "Сибмедиа: «Участники промышленного кластера Томской области презентовали свои проекты»"
TASS = "ТАСС, раздел «Экономика», материал 24923447"
I_REGIONS = "i-regions.org: 11 победителей из 22 заявок, 19.10.2016"
TPU_SITE = "tpu.ru: официальное название университета"
DEMO_ACTOR = Actor(id=None, name="demo-loader")
ORDER = 10  # first: every other domain's demo data refers to these organisations

INDUSTRIAL = "Промышленный кластер электроники и беспилотных технологий Томской области"
SMART = "Инновационный кластер «Smart Technologies Tomsk»"


@dataclass(frozen=True)
class DemoOrganization:
    short_name: str
    name: str
    kind: OrganizationKind
    aliases: tuple[str, ...]
    city: str | None
    region: str | None
    source: str


ORGANIZATIONS = (
    DemoOrganization(
        "ТУСУР",
        "Томский государственный университет систем управления и радиоэлектроники",
        OrganizationKind.university,
        ("Томский государственный университет систем управления и радиоэлектроники",),
        "Томск",
        "Томская область",
        f"{SEED_000}; {SEED_004}",
    ),
    DemoOrganization(
        "ТГУ",
        "Томский государственный университет",
        OrganizationKind.university,
        ("Томский государственный университет",),
        "Томск",
        "Томская область",
        SEED_000,
    ),
    DemoOrganization(
        "АО «Когнитив»",
        "Акционерное общество «Когнитив»",
        OrganizationKind.enterprise,
        ("Когнитив",),
        "Томск",
        "Томская область",
        SEED_004,
    ),
    DemoOrganization(
        "АО «НПФ «Микран»",
        "Акционерное общество «Научно-производственная фирма «Микран»",
        OrganizationKind.enterprise,
        ("Микран", "НПФ «Микран»"),
        "Томск",
        "Томская область",
        SEED_004,
    ),
    DemoOrganization(
        "ООО «ЛЭМЗ–Т»",
        "Общество с ограниченной ответственностью «ЛЭМЗ–Т»",
        OrganizationKind.enterprise,
        ("ЛЭМЗ-Т", "ЛЭМЗ–Т"),
        "Томск",
        "Томская область",
        SEED_004,
    ),
    DemoOrganization(
        "АО «НПП Радар ММС»",
        "Акционерное общество «НПП Радар ММС»",
        OrganizationKind.enterprise,
        ("Радар ММС", "НПП Радар ММС"),
        None,
        None,
        SEED_004,
    ),
    DemoOrganization(
        "Администрация Томской области",
        "Администрация Томской области",
        OrganizationKind.authority,
        (),
        "Томск",
        "Томская область",
        SEED_004,
    ),
    DemoOrganization(
        "Минэкономразвития России",
        "Министерство экономического развития Российской Федерации",
        OrganizationKind.authority,
        ("Минэкономразвития", "Минэкономразвития РФ"),
        "Москва",
        None,
        SEED_000,
    ),
    DemoOrganization(
        "Минпромторг России",
        "Министерство промышленности и торговли Российской Федерации",
        OrganizationKind.authority,
        ("Минпромторг",),
        "Москва",
        None,
        f"{SEED_004}; {TASS}",
    ),
    DemoOrganization(
        "Совет Федерации",
        "Совет Федерации Федерального Собрания Российской Федерации",
        OrganizationKind.authority,
        ("СФ",),
        "Москва",
        None,
        SEED_004,
    ),
    DemoOrganization(
        "НИУ «ВШЭ»",
        "Национальный исследовательский университет «Высшая школа экономики»",
        OrganizationKind.university,
        ("Высшая школа экономики", "ВШЭ"),
        "Москва",
        None,
        SEED_000,
    ),
    DemoOrganization(
        "ПАО «МТС»",
        "Публичное акционерное общество «Мобильные ТелеСистемы»",
        OrganizationKind.enterprise,
        ("МТС",),
        "Москва",
        None,
        SEED_000,
    ),
    DemoOrganization(
        "ТПУ",
        "Национальный исследовательский Томский политехнический университет",
        OrganizationKind.university,
        ("Томский политехнический университет", "Томский политех", "НИ ТПУ"),
        "Томск",
        "Томская область",
        TPU_SITE,
    ),
)

# (full name, organisation short name, title, source)
PEOPLE = (
    ("Юрий Борисович Гриценко", "ТУСУР", "начальник инновационного управления", SEED_000),
    ("Виктор Рулевский", "ТУСУР", "ректор", SEED_000),
    (
        "Василий Потёмкин",
        "Администрация Томской области",
        "заместитель губернатора по промышленности и инвестициям",
        SEED_004,
    ),
    ("Андрей Яцкин", "Совет Федерации", "первый заместитель председателя", SEED_004),
    ("Антон Алиханов", "Минпромторг России", "глава", SEED_004),
)

CLUSTERS = (
    (
        ClusterCreate(
            name=INDUSTRIAL,
            kind=ClusterKind.industrial,
            region="Томская область",
            created_date=date(2025, 8, 29),
            description="Создан приказом Минпромторга от 29.08.2025: 13 организаций и 6 проектов; "
            "планы — около 1 млрд руб. инвестиций и около 6 млрд руб. выпуска к 2030 году.",
        ),
        f"{TASS}; {SEED_004}",
        (
            ("АО «Когнитив»", MembershipRole.member),
            ("АО «НПФ «Микран»", MembershipRole.member),
            ("ООО «ЛЭМЗ–Т»", MembershipRole.member),
            ("АО «НПП Радар ММС»", MembershipRole.member),
            ("ТУСУР", MembershipRole.university),
            ("Администрация Томской области", MembershipRole.authority),
        ),
    ),
    (
        ClusterCreate(
            name=SMART,
            kind=ClusterKind.innovation,
            region="Томская область",
            description="Один из 11 территориальных инновационных кластеров — победителей приоритетного "
            "проекта Минэкономразвития «Развитие инновационных кластеров — лидеров "
            "инвестиционной привлекательности мирового уровня» (2016).",
        ),
        f"{SEED_000}; {I_REGIONS}",
        (("ТУСУР", MembershipRole.university),),
    ),
)


def _organization(session: Session, item: DemoOrganization) -> Organization:
    found = session.scalar(select(Organization).where(Organization.short_name == item.short_name))
    if found is not None:
        return found
    data = OrganizationCreate(
        short_name=item.short_name,
        name=item.name,
        kind=item.kind,
        aliases=list(item.aliases),
        city=item.city,
        region=item.region,
    )
    return service.create_organization(
        session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=item.source
    )


def _person(session: Session, full_name: str, source: str) -> Person:
    found = session.scalar(select(Person).where(Person.full_name == full_name))
    if found is not None:
        return found
    return service.create_person(
        session=session, actor=DEMO_ACTOR, data=PersonCreate(full_name=full_name), is_demo=True, source=source
    )


def load_demo_registry(*, session: Session) -> dict[str, int]:
    """Create what is missing; return counts of rows created by this call."""
    created = {"organizations": 0, "people": 0, "posts": 0, "clusters": 0, "memberships": 0}
    orgs: dict[str, Organization] = {}
    for item in ORGANIZATIONS:
        before = session.scalar(select(Organization.id).where(Organization.short_name == item.short_name))
        orgs[item.short_name] = _organization(session, item)
        created["organizations"] += before is None
    for full_name, org_name, title, source in PEOPLE:
        before = session.scalar(select(Person.id).where(Person.full_name == full_name))
        person = _person(session, full_name, source)
        created["people"] += before is None
        if not any(p.organization_id == orgs[org_name].id and p.title == title for p in person.posts):
            service.create_post(
                session=session,
                actor=DEMO_ACTOR,
                is_demo=True,
                source=source,
                data=PostCreate(person_id=person.id, organization_id=orgs[org_name].id, title=title),
            )
            created["posts"] += 1
    for data, source, members in CLUSTERS:
        cluster = session.scalar(select(Cluster).where(Cluster.name == data.name))
        if cluster is None:
            cluster = service.create_cluster(
                session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=source
            )
            created["clusters"] += 1
        present = {m.organization_id for m in cluster.memberships}
        for short_name, role in members:
            if orgs[short_name].id in present:
                continue
            service.create_membership(
                session=session,
                actor=DEMO_ACTOR,
                is_demo=True,
                source=source,
                data=MembershipCreate(cluster_id=cluster.id, organization_id=orgs[short_name].id, role=role),
            )
            created["memberships"] += 1
        session.refresh(cluster)
    return created


load_demo = load_demo_registry
