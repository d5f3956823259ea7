"""Demo events and agreements from the seed news only; whatever the text does not say stays empty.

Dates: the strategic session in Voronovo is «с 5 по 9 апреля» with no year in the text (the cluster «в 2016
году вошёл» in the ministry's project, which ran to the end of 2020, so 2017–2020 at best); the U-Novus 2025
plenary is «сегодня» in an item whose publication date is unknown; the Technoprom-2025 round table has no date
in the text. These three stay undated, with what the text says in ``date_text``; only Senezh is dated.

Each event and the agreement cite the news item they come from (loaded by the news demo just before): the item
is linked as a source (shown under «Источники», a link to the news page), and «Источник данных» names it in
words, never by its file name.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.events import agreements, service
from clusterdesk.events.models import AgreementKind, Event, EventKind, ParticipantRole
from clusterdesk.events.schemas import AgreementCreate, EventCreate, ParticipantCreate, SourceCreate
from clusterdesk.news.models import NewsItem
from clusterdesk.news.present import item_source, item_title
from clusterdesk.registry.models import Cluster, Organization, Person

ORDER = 40  # after the registry (10) and the news (35): the events cite the news items
DEMO_ACTOR = Actor(id=None, name="demo-loader")
SEED_000 = "подборка новостей о ТУСУРе (раздел «Новости»)"
# A phrase of the news item each demo row comes from (the seed texts, clusterdesk/news/seeds/000_*).
NEWS_PHRASES = {
    "Развитие инновационных кластеров-лидеров инвестиционной привлекательности мирового уровня": (
        "ТУСУР примет участие в стратегической сессии"
    ),
    "Пленарная сессия форума U-Novus 2025": "в рамках форума U-Novus 2025",
    "Россия-Беларусь: технологическое лидерство и подготовка кадров в области интеллектуальных систем, "
    "электроники и беспилотных технологий": "выступил модератором круглого стола",
    "Команда возможностей": "стратегический форум «Команда возможностей»",
}
AGREEMENT_PHRASE = "подписали соглашение о сотрудничестве в области развития образовательных программ"
SMART = "Инновационный кластер «Smart Technologies Tomsk»"


def _org(session: Session, short_name: str) -> int | None:
    return session.scalar(select(Organization.id).where(Organization.short_name == short_name))


def _person(session: Session, full_name: str) -> int | None:
    return session.scalar(select(Person.id).where(Person.full_name == full_name))


def _participants(session: Session, rows: list[tuple[str, str, ParticipantRole, str | None]]) -> list:
    """(kind, registry name, role, note) -> participants; rows missing from the registry keep their name."""
    out = []
    for kind, name, role, note in rows:
        found = _org(session, name) if kind == "org" else _person(session, name)
        key = "organization_id" if kind == "org" else "person_id"
        out.append(ParticipantCreate(**{key: found}, name=name, role=role, note=note))
    return out


def _events(session: Session) -> list[EventCreate]:
    smart = session.scalar(select(Cluster.id).where(Cluster.name == SMART))
    return [
        EventCreate(
            name="Развитие инновационных кластеров-лидеров инвестиционной привлекательности мирового уровня",
            kind=EventKind.strategic_session,
            date_text="5–9 апреля (год в новости не указан)",
            place="Учебный центр НИУ «ВШЭ» «Вороново», Москва",
            cluster_id=smart,
            topics=[
                "реализация «дорожной карты» кластера Smart Technologies Tomsk",
                "механизмы развития инновационной инфраструктуры",
                "привлечение инвестиций",
                "организация системы подготовки кадров",
            ],
            description="Стратегическая сессия для команд управления кластерами-лидерами: органы власти, "
            "вузы, специализированные организации и предприятия — участники кластеров. Итог — совместные "
            "концептуальные предложения по приоритетному проекту Минэкономразвития России.",
            participants=_participants(
                session,
                [
                    ("org", "Минэкономразвития России", ParticipantRole.organizer, None),
                    ("org", "НИУ «ВШЭ»", ParticipantRole.organizer, None),
                    ("org", "ТУСУР", ParticipantRole.participant, "в составе команды Томской области"),
                ],
            ),
        ),
        EventCreate(
            name="Пленарная сессия форума U-Novus 2025",
            kind=EventKind.forum,
            date_text="«сегодня» по тексту новости; дата публикации неизвестна",
            place="ТГУ",
            topics=[
                "роль региональных экосистем в развитии технологического лидерства России",
                "государственные приоритеты в подготовке кадров для высокотехнологичных отраслей",
                "трансформация высшей школы",
                "перспективные технологии как основа технологического лидерства страны",
            ],
            participants=_participants(session, [("org", "ТГУ", ParticipantRole.host, "на базе ТГУ")]),
        ),
        EventCreate(
            name="Россия-Беларусь: технологическое лидерство и подготовка кадров в области интеллектуальных "
            "систем, электроники и беспилотных технологий",
            kind=EventKind.round_table,
            date_text="в рамках XII Международного форума «Технопром-2025»; дата в новости не указана",
            place="XII Международный форум «Технопром-2025», Новосибирск",
            topics=[
                "технологическое лидерство",
                "подготовка кадров: интеллектуальные системы, электроника, БАС",
            ],
            participants=_participants(
                session, [("person", "Виктор Рулевский", ParticipantRole.moderator, "ректор ТУСУРа")]
            ),
        ),
        EventCreate(
            name="Команда возможностей",
            kind=EventKind.forum,
            start=date(2025, 5, 25),
            end=date(2025, 5, 27),
            place="Мастерская управления «Сенеж»",
            description="Стратегический форум — ключевое событие для молодых лидеров, управленцев и "
            "активистов со всей страны.",
        ),
    ]


MTS_TUSUR_SUBJECT = "Сотрудничество в области развития образовательных программ университета"


def _news(session: Session, phrase: str) -> NewsItem | None:
    """The stored news item with this phrase (None when the news demo is not loaded)."""
    return session.scalars(
        select(NewsItem).where(NewsItem.text.contains(phrase)).order_by(NewsItem.id)
    ).first()


def _cited(item: NewsItem | None, phrase: str) -> tuple[str, SourceCreate | None]:
    """«Источник данных» in words and the source row linking the news item."""
    if item is None:
        return SEED_000, None
    start = item.text.find(phrase)
    dot = item.text.rfind(". ", 0, start)
    left = max(dot + 2 if dot != -1 else 0, item.text.rfind("\n", 0, start) + 1)
    stops = [i for i in (item.text.find(". ", start), item.text.find("\n", start)) if i != -1]
    excerpt = item.text[left : min(stops) + 1 if stops else len(item.text)].strip()
    title = item_title(item)
    described = f"новость «{title}» ({item_source(item)})"
    url = next((o.article.url for o in item.occurrences if o.article.url), None)
    return described, SourceCreate(news_item_id=item.id, title=title, url=url, excerpt=excerpt)


def load_demo(*, session: Session) -> dict[str, int]:
    """Create what is missing; return counts of rows created by this call."""
    created = {"events": 0, "agreements": 0}
    for data in _events(session):
        phrase = NEWS_PHRASES[data.name]
        source_text, source = _cited(_news(session, phrase), phrase)
        event_id = session.scalar(select(Event.id).where(Event.name == data.name))
        if event_id is None:
            event = service.create_event(
                session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=source_text
            )
            event_id = event.id
            created["events"] += 1
        if source is not None:
            service.add_source(session=session, actor=DEMO_ACTOR, event_id=event_id, data=source)
    mts, tusur = _org(session, "ПАО «МТС»"), _org(session, "ТУСУР")
    if mts is not None and tusur is not None:
        present = agreements.agreements_of_organization(session=session, organization_id=tusur)
        source_text, source = _cited(_news(session, AGREEMENT_PHRASE), AGREEMENT_PHRASE)
        found = next((a for a in present if a.subject == MTS_TUSUR_SUBJECT), None)
        if found is None:
            agreement = AgreementCreate(
                party_ids=[mts, tusur],
                kind=AgreementKind.education,
                subject=MTS_TUSUR_SUBJECT,
                description="Направлено на развитие образовательного и научного потенциала университета и "
                "студентов, реализацию совместных мероприятий в области подготовки профильных специалистов, "
                "повышение карьерных возможностей студентов ТУСУР.",
            )
            found = agreements.create_agreement(
                session=session, actor=DEMO_ACTOR, data=agreement, is_demo=True, source=source_text
            )
            created["agreements"] += 1
        if source is not None:
            agreements.add_source(session=session, actor=DEMO_ACTOR, agreement_id=found.id, data=source)
    return created
