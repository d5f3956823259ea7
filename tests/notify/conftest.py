"""A real SMTP server and a real HTTP receiver on 127.0.0.1, and a small world for the feed to report on."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session

from clusterdesk.auth.models import Role, User
from clusterdesk.config import Settings
from clusterdesk.events.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    Event,
    EventKind,
    EventParticipant,
    Obligation,
    ObligationStatus,
    ParticipantRole,
)
from clusterdesk.lemmas import search_text
from clusterdesk.news.models import (
    FactStatus,
    MentionStatus,
    NewsArticle,
    NewsFact,
    NewsItem,
    NewsMention,
    NewsOccurrence,
)
from clusterdesk.registry.models import (
    Cluster,
    ClusterKind,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
)
from clusterdesk.strategy.models import (
    Kpi,
    KpiTarget,
    KpiValue,
    Program,
    RoadmapItem,
    RoadmapStatus,
)
from tests.conftest import TEST_SECRET, _free_port

BASE_URL = "http://clusterdesk.example.ru"


# SMTP -------------------------------------------------------------------------------------------------------


class Inbox:
    """Collects every message the SMTP server accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "451 Временная ошибка сервера"
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@dataclass
class Smtp:
    inbox: Inbox
    port: int


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Smtp(inbox, port)
    finally:
        controller.stop()


@pytest.fixture
def mail_settings(smtp: Smtp, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path,
        secret_key=TEST_SECRET,
        database_url="sqlite://",
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_from="ClusterDesk <noreply@clusterdesk.example.ru>",
        base_url=BASE_URL,
    )


# HTTP receiver ----------------------------------------------------------------------------------------------


@dataclass
class Receiver:
    url: str
    answers: list[int] = field(default_factory=list)  # status codes to answer, in order; then 200
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.requests.append(({k: v for k, v in self.headers.items()}, body))
            code = state.answers.pop(0) if state.answers else 200
            payload = json.dumps({"ok": code == 200}).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


# A small world ----------------------------------------------------------------------------------------------


def today() -> date:
    """Today in UTC, read when a test builds its world (a module constant went stale past midnight)."""
    return datetime.now(UTC).date()


@dataclass
class World:
    cluster: Cluster
    mikran: Organization
    tusur: Organization
    outsider: Organization
    manager: User
    member: User
    news_mikran: NewsItem
    news_outsider: NewsItem
    event: Event
    obligation_due: Obligation
    obligation_overdue: Obligation
    roadmap_overdue: RoadmapItem
    kpi: Kpi


def _org(session: Session, short: str, name: str) -> Organization:
    org = Organization(
        short_name=short,
        name=name,
        kind=OrganizationKind.enterprise,
        okved2=[],
        aliases=[],
        search_text=search_text([short, name]),
    )
    session.add(org)
    session.flush()
    return org


def add_news(
    session: Session, title: str, text: str, orgs: list[Organization], fact_type: str | None = None
) -> NewsItem:
    published = today()
    article = NewsArticle(source=f"test:{title}", title=title, published=published)
    item = NewsItem(
        fingerprint=title[:64],
        title=title,
        published=published,
        text=text,
        search_text=search_text([title, text]),
    )
    session.add_all([article, item])
    session.flush()
    session.add(NewsOccurrence(item_id=item.id, article_id=article.id, number=0, offset=0))
    for org in orgs:
        session.add(
            NewsMention(
                item_id=item.id,
                type="ORG",
                start=0,
                end=5,
                text=org.short_name,
                normal=org.short_name,
                organization_id=org.id,
                status=MentionStatus.linked,
            )
        )
    if fact_type:
        session.add(
            NewsFact(
                item_id=item.id,
                type=fact_type,
                fields={"name": title},
                evidence_start=0,
                evidence_end=5,
                status=FactStatus.new,
            )
        )
    session.flush()
    return item


@pytest.fixture
def world(session: Session, password_hash: str) -> World:
    day = today()
    mikran = _org(session, "АО «НПФ «Микран»", "Акционерное общество «Научно-производственная фирма «Микран»")
    tusur = _org(session, "ТУСУР", "Томский государственный университет систем управления и радиоэлектроники")
    outsider = _org(session, "ООО «Сторонняя»", "Общество с ограниченной ответственностью «Сторонняя»")
    cluster = Cluster(
        name="Тестовый кластер электроники", kind=ClusterKind.industrial, region="Томская область"
    )
    session.add(cluster)
    session.flush()
    session.add_all(
        [
            Membership(cluster_id=cluster.id, organization_id=mikran.id, role=MembershipRole.member),
            Membership(cluster_id=cluster.id, organization_id=tusur.id, role=MembershipRole.member),
        ]
    )
    manager = User(username="mgr", password_hash=password_hash, role=Role.manager, is_active=True)
    member = User(
        username="tusur-rep",
        password_hash=password_hash,
        role=Role.member,
        is_active=True,
        organization_id=tusur.id,
    )
    session.add_all([manager, member])
    session.flush()
    news_mikran = add_news(
        session,
        "Микран открыл новый цех",
        "Томская компания «Микран» открыла цех. Директор Микрана рассказал о планах.",
        [mikran],
        fact_type="project",
    )
    news_outsider = add_news(session, "Сторонняя фирма выросла", "ООО «Сторонняя» выросло вдвое.", [outsider])
    event = Event(
        name="Форум «Электроника Сибири»", kind=EventKind.forum, start=day + timedelta(days=5), topics=[]
    )
    session.add(event)
    session.flush()
    session.add(
        EventParticipant(
            event_id=event.id, organization_id=mikran.id, name="Микран", role=ParticipantRole.participant
        )
    )
    agreement = Agreement(
        subject="Сотрудничество в подготовке инженеров", kind=AgreementKind.education, cluster_id=cluster.id
    )
    session.add(agreement)
    session.flush()
    session.add(AgreementParty(agreement_id=agreement.id, organization_id=tusur.id))
    obligation_due = Obligation(
        agreement_id=agreement.id,
        organization_id=tusur.id,
        text="Подготовить программу стажировок",
        due=day + timedelta(days=10),
        status=ObligationStatus.planned,
    )
    obligation_overdue = Obligation(
        agreement_id=agreement.id,
        organization_id=mikran.id,
        text="Передать оборудование в лабораторию",
        due=day - timedelta(days=3),
        status=ObligationStatus.in_progress,
    )
    session.add_all([obligation_due, obligation_overdue])
    program = Program(
        cluster_id=cluster.id, title="Программа развития", first_year=day.year - 1, last_year=day.year + 3
    )
    session.add(program)
    session.flush()
    roadmap_overdue = RoadmapItem(
        program_id=program.id,
        title="Открыть центр коллективного пользования",
        due_date=day - timedelta(days=20),
        status=RoadmapStatus.in_progress,
        progress=40,
    )
    kpi = Kpi(program_id=program.id, code="K1", name="Выручка участников", unit="млн руб.")
    session.add_all([roadmap_overdue, kpi])
    session.flush()
    session.add_all(
        [
            KpiTarget(kpi_id=kpi.id, year=day.year, value=100.0),
            KpiValue(kpi_id=kpi.id, year=day.year, quarter=None, value=40.0),
        ]
    )
    session.flush()
    return World(
        cluster=cluster,
        mikran=mikran,
        tusur=tusur,
        outsider=outsider,
        manager=manager,
        member=member,
        news_mikran=news_mikran,
        news_outsider=news_outsider,
        event=event,
        obligation_due=obligation_due,
        obligation_overdue=obligation_overdue,
        roadmap_overdue=roadmap_overdue,
        kpi=kpi,
    )


def day_before() -> date:
    return today() - timedelta(days=1)
