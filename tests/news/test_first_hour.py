"""Issue #17, what a newcomer reads on the news, review and event pages: Russian words for entity tags, fact
types and system actors; sources by outlet, title and date (never a file name); one title rule; accept actions
that link facts to the rows the demo already holds; a date filter read as дд.мм.гггг."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk import labels
from clusterdesk.audit.service import SYSTEM
from clusterdesk.errors import ValidationFailed
from clusterdesk.events.models import Agreement, Event
from clusterdesk.news import present
from clusterdesk.news.accept import accepted_fact, offers
from clusterdesk.news.models import FactStatus, NewsArticle, NewsFact, NewsItem
from clusterdesk.news.records import AcceptedFact
from clusterdesk.news.registry_proposals import find_posts_for_fact, record_post_from_fact
from clusterdesk.projects.models import Project
from clusterdesk.registry.models import Organization, Person, Post
from clusterdesk.russian import parse_day
from tests.conftest import Accounts, load_all_demo_data, login_in_browser, screenshot

# What a reader must never see on these pages: entity tags, seed file names, the demo loader's code, offsets.
INTERNAL = re.compile(r"\b(ORG|PER|LOC|seeds?|demo-loader)\b|\.txt\b|смещение|Новость без заголовка", re.I)


# Words ------------------------------------------------------------------------------------------------------


def test_entity_tags_fact_pills_and_actors_read_in_russian() -> None:
    assert [labels.entity_tag(t) for t in ("ORG", "PER", "LOC", "XYZ")] == [
        "организация",
        "человек",
        "место",
        "упоминание",
    ]
    assert labels.fact_type("event") == "Событие" and labels.fact_status("event", "accepted") == "принято"
    assert labels.fact_status("post", "accepted") == "принята"
    assert labels.fact_status("project", "rejected") == "отклонён"
    assert labels.fact_status("agreement", "rejected") == "отклонено"
    assert labels.actor("demo-loader") == "демо-загрузка" and labels.actor("worker") == "обработчик новостей"
    assert labels.actor("ivanov") == "ivanov"  # a person's login stays as it is


def test_dates_typed_as_a_russian_reader_types_them() -> None:
    assert parse_day("25.05.2025") == date(2025, 5, 25) == parse_day(" 5.5.2025 ".replace("5.5", "25.5"))
    assert parse_day("2025-05-25") == date(2025, 5, 25)  # ISO too (a bookmarked link)
    with pytest.raises(ValueError, match="нет такой даты"):
        parse_day("31.02.2025")
    with pytest.raises(ValueError, match=r"дд\.мм\.гггг"):
        parse_day("05/25/2025x")


def test_one_title_rule_and_sources_in_words() -> None:
    item = NewsItem(text="С 25 по 27 мая 2025 года в Мастерской управления «Сенеж» проходит форум. Второе.")
    assert (
        present.item_title(item) == "С 25 по 27 мая 2025 года в Мастерской управления «Сенеж» проходит форум"
    )
    long = NewsItem(
        text="ТУСУР примет участие в стратегической сессии «Развитие инновационных кластеров-лидеров "
        "инвестиционной привлекательности мирового уровня», которая состоится в Москве."
    )
    assert present.item_title(long) == "ТУСУР примет участие в стратегической сессии…"
    assert present.item_title(NewsItem(title="Заголовок", text="Текст.")) == "Заголовок"
    article = NewsArticle(
        source="seeds/004_x.txt", title="Участники кластера", url="https://www.sibmedia.ru/tomsk/x/"
    )
    assert present.describe_article(article) == "Сибмедиа: «Участники кластера»"
    assert present.describe_article(NewsArticle(source="api:ab12", published=date(2025, 5, 1))) == (
        "текст, добавленный вручную, 1 мая 2025"
    )
    assert present.describe_article(NewsArticle(source="/tmp/news/000_abc.txt", title="Подборка"), 2) == (
        "«Подборка», новость №3"
    )
    assert "000_abc" not in present.describe_article(NewsArticle(source="/tmp/news/000_abc.txt"))


# The demo's facts and the rows it holds --------------------------------------------------------------------


@pytest.fixture
def demo(session: Session) -> Session:
    load_all_demo_data(session)
    session.commit()
    return session


def _fact(session: Session, type_: str, contains: str) -> NewsFact:
    facts = session.scalars(select(NewsFact).where(NewsFact.type == type_).order_by(NewsFact.id)).all()
    return next(f for f in facts if contains in str(f.fields))


def test_demo_sources_are_described_and_the_api_keeps_machine_names(
    demo: Session, client: TestClient
) -> None:
    sibmedia = demo.scalar(select(NewsArticle).where(NewsArticle.source.like("seeds/004_%")))
    assert sibmedia is not None and sibmedia.url and "sibmedia.ru" in sibmedia.url
    item = demo.scalar(select(NewsItem).where(NewsItem.text.contains("минитрактор")))
    assert item is not None and present.item_source(item) == "Сибмедиа"
    body = client.get(f"/api/v1/news/{item.id}").json()
    assert body["sources"][0]["source"].startswith("seeds/004_")  # the machine field is unchanged
    for event in demo.scalars(select(Event)):
        assert event.source and not INTERNAL.search(event.source), event.source
        assert [s.news_item_id for s in event.sources if s.news_item_id], event.name  # the news is linked
    agreement = demo.scalars(select(Agreement)).one()
    assert agreement.sources and agreement.sources[0].news_item_id is not None
    for text in demo.scalars(select(Project.source)):
        assert not INTERNAL.search(text or ""), text


def test_review_offers_link_for_what_exists_and_create_for_what_does_not(demo: Session) -> None:
    def labels_of(fact: NewsFact) -> list[str]:
        return [offer.label for offer in offers(session=demo, fact=fact)]

    senezh = _fact(demo, "event", "Команда возможностей")
    [offer] = offers(session=demo, fact=senezh)
    assert offer.label == "Связать с существующим"
    assert [getattr(row, "name", None) for row in offer.existing] == ["Команда возможностей"]
    assert labels_of(_fact(demo, "event", "Вороново")) == ["Связать с существующим"]  # undated, same place
    assert labels_of(_fact(demo, "event", "U-Novus")) == ["Связать с существующим"]
    technoprom = next(
        f
        for f in demo.scalars(select(NewsFact).where(NewsFact.type == "event"))
        if f.fields.get("name") == "Технопром-2025"
    )
    assert labels_of(technoprom) == ["Создать событие"]  # the forum itself is not in the demo
    assert labels_of(_fact(demo, "agreement", "МТС")) == ["Связать с существующим"]
    [projects] = offers(session=demo, fact=_fact(demo, "project", "минитрактор"))
    assert sorted(p.title for p in projects.existing) == [  # type: ignore[attr-defined]
        "Лидары",
        "Производство беспилотного минитрактора",
        "Спутниковая связь для беспилотников",
    ]
    assert labels_of(_fact(demo, "post", "Рулевский")) == ["Связать с записью реестра"]
    assert labels_of(_fact(demo, "decision", "программа развития")) == ["Принять к сведению"]


def test_accepting_links_instead_of_copying(demo: Session, client: TestClient, accounts: Accounts) -> None:
    manager = accounts.headers("manager")
    events_before = demo.scalar(select(func.count()).select_from(Event))
    senezh = _fact(demo, "event", "Команда возможностей")
    body = client.post(f"/api/v1/facts/{senezh.id}/accept", params={"as": "event"}, headers=manager).json()
    demo_event = demo.scalar(select(Event).where(Event.name == "Команда возможностей"))
    assert demo_event is not None and body["accepted_as"] == f"event:{demo_event.id}"
    assert demo.scalar(select(func.count()).select_from(Event)) == events_before
    agreement = _fact(demo, "agreement", "МТС")
    body = client.post(
        f"/api/v1/facts/{agreement.id}/accept", params={"as": "agreement"}, headers=manager
    ).json()
    assert body["accepted_as"] == f"agreement:{demo.scalars(select(Agreement)).one().id}"
    project = _fact(demo, "project", "минитрактор")
    projects_before = demo.scalar(select(func.count()).select_from(Project))
    body = client.post(f"/api/v1/facts/{project.id}/accept", params={"as": "project"}, headers=manager).json()
    assert body["status"] == "accepted" and body["accepted_as"].startswith("project:")
    demo.expire_all()
    assert demo.scalar(select(func.count()).select_from(Project)) == projects_before
    assert {p.news_item_id for p in demo.scalars(select(Project))} == {project.item_id}
    decision = _fact(demo, "decision", "программа развития")
    body = client.post(
        f"/api/v1/facts/{decision.id}/accept", params={"as": "decision"}, headers=manager
    ).json()
    assert body["status"] == "accepted" and body["accepted_as"] is None
    posts_before = demo.scalar(select(func.count()).select_from(Post))
    rector = _fact(demo, "post", "Рулевский")
    body = client.post(f"/api/v1/facts/{rector.id}/accept", params={"as": "post"}, headers=manager).json()
    assert body["accepted_as"].startswith("post:")
    assert demo.scalar(select(func.count()).select_from(Post)) == posts_before  # the registry had it


def test_a_post_fact_is_recorded_in_the_registry(demo: Session) -> None:
    tusur = demo.scalar(select(Organization).where(Organization.short_name == "ТУСУР"))
    assert tusur is not None
    fact = AcceptedFact(
        type="post",
        fields={"person": "Пётр Иванович Сидоров", "title": "проректор по науке", "organization": "ТУСУР"},
        news_item_id=None,
        published=date(2025, 3, 1),
    )
    assert find_posts_for_fact(session=demo, fact=fact) == []
    post = record_post_from_fact(session=demo, actor=SYSTEM, fact=fact)
    person = demo.get(Person, post.person_id)
    assert person is not None and person.full_name == "Пётр Иванович Сидоров"
    assert (post.organization_id, post.title, post.since) == (
        tusur.id,
        "проректор по науке",
        date(2025, 3, 1),
    )
    assert find_posts_for_fact(session=demo, fact=fact) == [post]
    assert record_post_from_fact(session=demo, actor=SYSTEM, fact=fact).id == post.id  # no second copy
    nowhere = AcceptedFact(
        type="post",
        fields={"person": "Анна Лебедева", "title": "директор", "organization": "ООО «Нет такой»"},
    )
    with pytest.raises(ValidationFailed) as problem:
        record_post_from_fact(session=demo, actor=SYSTEM, fact=nowhere)
    assert "«ООО «Нет такой»» нет в реестре" in str(problem.value.problems[0].message)


def test_an_accepted_fact_carries_the_news_title(demo: Session) -> None:
    decision = _fact(demo, "decision", "программа развития")
    record = accepted_fact(decision)
    assert record.title == "Участники промышленного кластера Томской области презентовали свои проекты"
    assert decision.status == FactStatus.new


# Pages in Chromium ------------------------------------------------------------------------------------------

browser = pytest.mark.browser


def _visible_text(page: Page) -> str:
    return page.locator("body").inner_text()


@browser
def test_no_internal_words_on_news_review_and_event_pages(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    page.goto(f"{live_server}/news")
    titles = [t.strip() for t in page.get_by_test_id("news-item").locator("header strong").all_inner_texts()]
    hrefs = page.get_by_test_id("news-item").locator("header a").evaluate_all("els => els.map(e => e.href)")
    assert len(titles) == len(hrefs) == 7
    assert not INTERNAL.search(_visible_text(page)), INTERNAL.findall(_visible_text(page))
    expect(page.get_by_test_id("news-source").first).to_be_visible()
    for title, href in zip(titles, hrefs, strict=True):
        page.goto(href)
        expect(page.locator("h1")).to_have_text(title)  # the same title as in the feed
        text = _visible_text(page)
        assert not INTERNAL.search(text), (href, INTERNAL.findall(text))
    expect(page.get_by_test_id("news-sources")).not_to_contain_text("seeds")
    page.goto(f"{live_server}/news?q=минитрактора")
    page.get_by_test_id("news-item").get_by_role("link").first.click()
    expect(page.get_by_test_id("news-sources").get_by_role("link", name="Сибмедиа")).to_have_attribute(
        "href", re.compile(r"^https://www\.sibmedia\.ru/")
    )
    screenshot(page, tmp_path, "first-hour-news-item", backend)

    login_in_browser(page, live_server)
    page.goto(f"{live_server}/review")
    text = _visible_text(page)
    assert not INTERNAL.search(text), INTERNAL.findall(text)
    expect(
        page.get_by_role("button", name="Записать должность в реестр")
        .or_(page.get_by_role("button", name="Связать с записью реестра"))
        .first
    ).to_be_visible()
    expect(page.get_by_role("button", name="Принять к сведению")).to_have_count(1)
    screenshot(page, tmp_path, "first-hour-review", backend)
    decision = page.locator("article.fact-card").filter(has_text="Решение")
    decision.get_by_role("button", name="Принять к сведению").click()
    expect(page.locator(".fact").filter(has_text="Решение").get_by_test_id("fact-status")).to_have_text(
        "принято"
    )

    page.goto(f"{live_server}/events?view=list")
    event_links = page.locator("main a[href^='/events/']").evaluate_all(
        "els => [...new Set(els.map(e => e.getAttribute('href')).filter(h => /^\\/events\\/\\d+$/.test(h)))]"
    )
    assert len(event_links) == 4
    page.goto(f"{live_server}/agreements")
    agreement = page.locator("main a[href^='/agreements/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href')).filter(h => /^\\/agreements\\/\\d+$/.test(h))"
    )[0]
    for href in [*event_links, agreement, "/audit"]:
        page.goto(f"{live_server}{href}")
        text = _visible_text(page)
        assert not INTERNAL.search(text), (href, INTERNAL.findall(text))
    expect(page.get_by_test_id("audit-row").filter(has_text="демо-загрузка").first).to_be_visible()


@browser
def test_event_page_links_its_news_and_keeps_its_actions_in_one_row(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    login_in_browser(page, live_server)
    page.goto(f"{live_server}/events?view=list")
    page.locator("main").get_by_role("link", name="Команда возможностей").first.click()
    sources = page.get_by_test_id("sources")
    news = sources.get_by_role("link").first
    expect(news).to_have_attribute("href", re.compile(r"^/news/\d+$"))
    expect(sources).not_to_contain_text("Нет связанных новостей")
    expect(page.locator("dl.details")).to_contain_text("Источник данных")
    edit = page.get_by_test_id("page-actions").get_by_role("button", name="Изменить")
    delete = page.get_by_test_id("page-actions").get_by_role("button", name="Удалить")
    one, other = edit.bounding_box(), delete.bounding_box()
    assert one is not None and other is not None
    assert abs(one["y"] - other["y"]) < 2 and abs(one["height"] - other["height"]) < 2  # one row, same size
    assert abs(one["width"] - other["width"]) < 2 and other["width"] < 300  # equal, not full width
    screenshot(page, tmp_path, "first-hour-event", backend)
    title = news.inner_text()
    news.click()
    expect(page.locator("h1")).to_have_text(title)

    page.goto(f"{live_server}/agreements")
    page.locator("main").get_by_role(
        "link", name="Сотрудничество в области развития образовательных программ"
    ).click()
    edit = page.get_by_test_id("page-actions").get_by_role("button", name="Изменить")
    delete = page.get_by_test_id("page-actions").get_by_role("button", name="Удалить")
    one, other = edit.bounding_box(), delete.bounding_box()
    assert one is not None and other is not None
    assert abs(one["y"] - other["y"]) < 2 and abs(one["width"] - other["width"]) < 2
    expect(page.get_by_test_id("sources").get_by_role("link").first).to_have_attribute(
        "href", re.compile(r"^/news/\d+$")
    )


@browser
def test_news_date_filter_reads_as_dd_mm_yyyy(
    live_server: str, page: Page, tmp_path: Path, backend: str
) -> None:
    page.goto(f"{live_server}/news")
    since = page.get_by_label("С даты")
    expect(since).to_have_attribute("placeholder", "дд.мм.гггг")
    expect(since).to_have_attribute("type", "text")
    since.fill("31.02.2025")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_test_id("date-problem")).to_have_text(
        "«С даты»: «31.02.2025» — нет такой даты. Фильтр по этой дате не применён."
    )
    expect(page.get_by_test_id("news-total")).to_have_text("7")  # the list still shows, unfiltered
    screenshot(page, tmp_path, "first-hour-news-date", backend)
    response = page.goto(f"{live_server}/news?since=2025-13-45&until=abc")
    assert response is not None and response.status == 200
    expect(page.get_by_test_id("date-problem")).to_have_count(2)
    page.goto(f"{live_server}/news?since=2025-05-25")  # ISO from a bookmarked link
    expect(page.get_by_label("С даты")).to_have_value("25.05.2025")
    expect(page.get_by_test_id("date-problem")).to_have_count(0)
    expect(page.get_by_test_id("news-total")).to_have_text("0")  # the demo's items are undated
