"""Visibility figures, the media KPI indicators in the catalogue, and the JSON / XLSX API."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.indicators import all_indicators
from clusterdesk.media.index import index_pending
from clusterdesk.media.indicators import media_mentions, media_visibility
from clusterdesk.media.visibility import Period, cluster_visibility, organization_visibility
from clusterdesk.registry.demo import INDUSTRIAL, load_demo_registry
from clusterdesk.registry.models import Cluster, Organization
from clusterdesk.strategy.catalogue import catalogue
from tests.conftest import PASSWORD
from tests.media.conftest import publish
from tests.news.test_read_paths import statements

HEADLINE = "ТУСУР и «Микран» открыли лабораторию СВЧ-электроники"
LEAD = (
    "Томский государственный университет систем управления и радиоэлектроники и АО «НПФ «Микран» открыли "
    "совместную лабораторию. Исследования и разработки лаборатории поддержит грант."
)
PASSING = (
    "Губернатор Томской области Владимир Мазур провёл совещание о промышленном кластере. Обсуждали "
    "инвестиции предприятий и производство оборудования.\nСреди вузов-участников назван и ТУСУР."
)


def _load(session: Session) -> tuple[Organization, Cluster]:
    load_demo_registry(session=session)
    publish(session, LEAD, "https://tomsk.ru/news/1", date(2025, 3, 3), title=HEADLINE)
    publish(session, LEAD, "https://www.vtomske.ru/news/2", date(2025, 3, 4), title=HEADLINE)  # a reprint
    publish(session, PASSING, "https://tass.ru/ekonomika/3", date(2025, 5, 20))
    while index_pending(session=session):
        pass
    tusur = session.scalars(select(Organization).where(Organization.short_name == "ТУСУР")).one()
    cluster = session.scalars(select(Cluster).where(Cluster.name == INDUSTRIAL)).one()
    return tusur, cluster


def test_organization_figures(session: Session) -> None:
    tusur, _ = _load(session)
    with statements(session) as seen:
        figures = organization_visibility(session=session, organization_id=tusur.id)
    assert len(seen) == 1  # every figure is a branch of one statement
    assert figures.items == 2
    assert figures.publications == 3  # the reprint counts as a publication
    assert figures.outlets == 3
    assert dict(figures.top_outlets) == {"tomsk.ru": 1, "vtomske.ru": 1, "tass.ru": 1}
    assert figures.series == [("мар 2025", 1), ("апр 2025", 0), ("май 2025", 1)]
    assert dict(figures.prominence) == {"в заголовке": 1, "в первом абзаце": 0, "упоминание вскользь": 1}
    assert "АО «НПФ «Микран»" in [name for _, name, _ in figures.organizations]
    assert ("Владимир Мазур", 1) in figures.people
    assert dict(figures.topics)["Наука и исследования"] == 1
    weekly = organization_visibility(
        session=session, organization_id=tusur.id, period=Period(since=date(2025, 5, 1), step="week")
    )
    assert weekly.items == 1 and weekly.series == [("19.05.2025", 1)]


def test_cluster_share_of_voice_and_indicators(session: Session) -> None:
    _, cluster = _load(session)
    figures = cluster_visibility(session=session, cluster_id=cluster.id)
    shares = {name: (n, share) for _, name, n, share in figures.share}
    assert shares["ТУСУР"] == (2, 0.6667)
    assert shares["АО «НПФ «Микран»"] == (1, 0.3333)
    assert media_mentions(session=session, cluster_id=cluster.id, year=2025) == 3
    assert media_visibility(session=session, cluster_id=cluster.id, year=2025) == 3
    assert media_mentions(session=session, cluster_id=cluster.id, year=2024) == 0


def test_media_indicators_are_in_the_kpi_catalogue(client: TestClient, accounts, session: Session) -> None:  # type: ignore[no-untyped-def]
    assert {"media_mentions", "media_visibility"} <= set(all_indicators())
    computed = {e.code: e.computed_by for e in catalogue()}
    assert computed["media_mentions"] == "media_mentions"
    assert computed["media_visibility"] == "media_visibility"
    api = {e["code"]: e for e in client.get("/api/v1/kpi-catalogue").json()}
    assert api["media_mentions"]["kind"] == "computed"
    assert api["media_visibility"]["computed_by"] == "media_visibility"
    from clusterdesk.strategy.demo import load_demo as load_strategy_demo

    load_demo_registry(session=session)
    load_strategy_demo(session=session)
    from clusterdesk.strategy.models import Program

    program = session.scalars(select(Program)).first()
    assert program is not None
    login = client.post(
        "/login", data={"username": "manager-user", "password": PASSWORD}, follow_redirects=False
    )
    assert login.status_code == 303
    page = client.get(f"/strategy/programs/{program.id}/kpis/new")
    assert page.status_code == 200, page.text
    assert "Медийная заметность: число СМИ, писавших об участниках кластера" in page.text
    assert "Упоминания в СМИ: публикации об участниках кластера" in page.text


def test_api_json_and_xlsx(client: TestClient, session: Session) -> None:
    tusur, cluster = _load(session)
    answer = client.get(f"/api/v1/media/clusters/{cluster.id}/visibility", params={"step": "week"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["items"] == 2 and body["share"][0]["name"] == "ТУСУР"
    assert client.get("/api/v1/media/clusters/999999/visibility").status_code == 404
    org = client.get(f"/api/v1/media/organizations/{tusur.id}/visibility").json()
    assert org["outlets"] == 3

    xlsx = client.get(f"/api/v1/media/clusters/{cluster.id}/visibility.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(BytesIO(xlsx.content))
    assert book.sheetnames[:3] == ["Сводка", "Динамика", "Доля голоса"]
    share = book["Доля голоса"]
    assert [c.value for c in share[1]] == ["Участник", "Новостей", "Доля, %"]
    assert share["A2"].value == "ТУСУР" and share["C2"].value == 66.7

    stories = client.get("/api/v1/media/stories", params={"several": True}).json()
    assert stories["total"] == 0  # the reprint is one item, not a story of two
    every = client.get("/api/v1/media/stories").json()
    assert every["total"] == 2
    story_id = every["items"][0]["id"]
    assert client.get(f"/api/v1/media/stories/{story_id}").json()["id"] == story_id
    assert client.get("/api/v1/media/stories/2147483647").status_code == 404


def test_xlsx_cells_are_sanitised(client: TestClient, session: Session) -> None:
    tusur, _ = _load(session)
    tusur.short_name = '=HYPERLINK("http://x")'
    session.flush()
    xlsx = client.get(f"/api/v1/media/organizations/{tusur.id}/visibility.xlsx")
    summary = load_workbook(BytesIO(xlsx.content))["Сводка"]
    assert summary["B2"].value == '\'=HYPERLINK("http://x")'


def test_pages_render(client: TestClient, session: Session) -> None:
    tusur, cluster = _load(session)
    page = client.get("/media", params={"cluster_id": cluster.id})
    assert page.status_code == 200
    assert "Доля голоса" in page.text and 'data-testid="media-chart"' in page.text
    card = client.get(f"/organizations/{tusur.id}")
    assert "Заметность в СМИ" in card.text
    stories = client.get("/media/stories")
    assert stories.status_code == 200 and HEADLINE in stories.text
    assert client.get("/media?cluster_id=abc&step=zzz&since=bad").status_code == 200


def test_period_is_read_as_a_russian_reader_types_it(client: TestClient, session: Session) -> None:
    _, cluster = _load(session)
    page = client.get(
        "/media", params={"cluster_id": cluster.id, "since": "05.04.2025", "until": "2025-12-31"}
    )
    assert page.status_code == 200
    assert 'value="05.04.2025"' in page.text and 'value="31.12.2025"' in page.text
    assert 'type="date"' not in page.text  # Chromium would show mm/dd/yyyy
    bad = client.get("/media", params={"cluster_id": cluster.id, "since": "31.02.2025"})
    message = "«С даты»: «31.02.2025» — нет такой даты. Фильтр по этой дате не применён."
    assert bad.status_code == 200 and message in bad.text
    assert 'value="31.02.2025"' in bad.text  # what was typed stays in the field to be corrected


def test_more_outlets_than_the_top_and_undated_items(session: Session) -> None:
    """The outlets' number counts every outlet, not the top ten shown; undated items count in the totals."""
    tusur, _ = _load(session)
    for n in range(12):
        publish(session, LEAD, f"https://outlet{n:02d}.example/news/{n}", date(2025, 3, 5), title=HEADLINE)
    undated = "Студенты ТУСУР победили на олимпиаде по программированию. Команда вуза заняла первое место."
    publish(session, undated, "https://undated.example/1", None)
    while index_pending(session=session):
        pass
    figures = organization_visibility(session=session, organization_id=tusur.id)
    assert figures.items == 3 and figures.undated == 1
    assert figures.publications == 3 + 12 + 1  # the first publications, twelve reprints, the undated one
    assert figures.outlets == 3 + 12 + 1 and len(figures.top_outlets) == 10
    assert figures.top_outlets[0] == ("outlet00.example", 1)  # ties by name


def test_an_organisation_no_item_names_has_empty_figures_in_one_statement(session: Session) -> None:
    tusur, _ = _load(session)
    quiet = Organization(short_name="Тишина", name="ООО «Тишина»", kind=tusur.kind)
    session.add(quiet)
    session.flush()
    with statements(session) as seen:
        figures = organization_visibility(session=session, organization_id=quiet.id)
    assert len(seen) == 1  # the same one statement, every branch empty
    assert (figures.items, figures.publications, figures.outlets, figures.undated) == (0, 0, 0, 0)
    assert figures.series == figures.organizations == figures.people == figures.topics == []
    assert dict(figures.prominence) == {"в заголовке": 0, "в первом абзаце": 0, "упоминание вскользь": 0}
    assert organization_visibility(session=session, organization_id=tusur.id).items == 2
