"""Polling a real local site on both databases: new items once, 304 stores nothing, failures isolated."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.service import SYSTEM
from clusterdesk.db import utcnow
from clusterdesk.intake import service
from clusterdesk.intake.documents import decompress
from clusterdesk.intake.fetch import FetchOptions
from clusterdesk.intake.models import RawDocument, Source, SourceKind
from clusterdesk.intake.schemas import SourceCreate
from clusterdesk.intake.timeutil import aware
from clusterdesk.intake.worker import Worker, WorkerOptions
from clusterdesk.news.models import NewsArticle, NewsItem
from tests.intake.site import ARTICLES, Site, rss

FAST = FetchOptions(timeout=1.0, host_delay=0.0, retries=1, backoff=0.01, max_bytes=1024 * 1024)


def make_worker(factory: sessionmaker[Session], models: object) -> Worker:
    return Worker(factory, WorkerOptions(fetch=FAST), jobs=[], models_factory=lambda: models)


def add_source(factory: sessionmaker[Session], url: str, kind: SourceKind, interval: int = 60) -> int:
    with factory.begin() as session:
        return service.create(
            session=session, actor=SYSTEM, data=SourceCreate(url=url, kind=kind, interval_minutes=interval)
        ).id


def make_due(factory: sessionmaker[Session]) -> None:
    with factory.begin() as session:
        session.execute(update(Source).values(next_run_at=utcnow() - timedelta(seconds=1)))


def count(factory: sessionmaker[Session], model: type) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def source_row(factory: sessionmaker[Session], source_id: int) -> Source:
    with factory() as session:
        source = session.get(Source, source_id)
        assert source is not None
        session.expunge(source)
        return source


def test_feed_items_are_stored_once_and_a_304_stores_nothing(
    site: Site, factory: sessionmaker[Session], nlp_models: object
) -> None:
    for path in ("/news/1", "/news/2"):
        site.set(path, ARTICLES[path])
    site.set(
        "/rss", rss([("/news/1", "ТУСУР"), ("/news/2", "ТГУ")], site.base), content_type="application/rss+xml"
    )
    source_id = add_source(factory, site.url("/rss"), SourceKind.feed)
    worker = make_worker(factory, nlp_models)

    first = worker.run_once()
    assert [(o.ok, o.seen, o.new) for o in first.sources] == [(True, 2, 2)]
    assert count(factory, NewsItem) == 2 and count(factory, RawDocument) == 2

    assert worker.run_once().sources == []  # not due yet: nothing fetched
    make_due(factory)
    second = worker.run_once()
    assert second.sources[0].not_modified
    assert site.hits("/rss", 304) == 1
    assert count(factory, NewsItem) == 2 and count(factory, RawDocument) == 2
    assert site.hits("/news/1") == 1  # an article is read once

    # the feed changes: one new entry appears, once
    site.set("/news/3", ARTICLES["/news/3"])
    site.set(
        "/rss",
        rss([("/news/3", "Форум"), ("/news/1", "ТУСУР"), ("/news/2", "ТГУ")], site.base),
        content_type="application/rss+xml",
    )
    make_due(factory)
    third = worker.run_once()
    assert [(o.ok, o.seen, o.new) for o in third.sources] == [(True, 3, 1)]
    make_due(factory)
    worker.run_once()
    assert count(factory, NewsItem) == 3
    source = source_row(factory, source_id)
    assert source.last_error is None and source.failures == 0 and source.etag
    assert aware(source.next_run_at) > utcnow() + timedelta(minutes=59)


def test_raw_documents_are_kept_compressed_with_headers(
    site: Site, factory: sessionmaker[Session], nlp_models: object
) -> None:
    site.set("/news/1", ARTICLES["/news/1"])
    add_source(factory, site.url("/news/1"), SourceKind.page)
    make_worker(factory, nlp_models).run_once()
    with factory() as session:
        raw = session.scalars(select(RawDocument)).one()
        assert decompress(raw.body) == ARTICLES["/news/1"].encode("utf-8")
        assert raw.headers["content-type"].startswith("text/html") and raw.headers["etag"]
        assert len(raw.content_hash) == 64 and raw.items_new == 1
        audited = session.scalar(
            select(func.count())
            .select_from(ChangeRecord)
            .where(ChangeRecord.entity_type == "intake_document")
        )
        assert audited == 1


def test_an_unchanged_page_without_etag_stores_nothing_the_second_time(
    site: Site, factory: sessionmaker[Session], nlp_models: object
) -> None:
    site.set("/news/2", ARTICLES["/news/2"], etag=False)
    add_source(factory, site.url("/news/2"), SourceKind.page)
    worker = make_worker(factory, nlp_models)
    worker.run_once()
    make_due(factory)
    again = worker.run_once()
    assert again.sources[0].ok and again.sources[0].new == 0 and again.sources[0].documents == 0
    assert site.hits("/news/2", 200) == 2
    assert count(factory, RawDocument) == 1 and count(factory, NewsItem) == 1


def test_listing_follows_same_site_article_links_one_level(
    site: Site, factory: sessionmaker[Session], nlp_models: object
) -> None:
    for path in ("/news/1", "/news/2"):
        site.set(path, ARTICLES[path])
    site.set(
        "/news/",
        '<html><body><a href="/">Главная</a><a href="/about">О нас</a><a href="/news/1">Первая</a>'
        '<a href="/news/2#comments">Вторая</a><a href="https://other.example/news/9">Чужая</a>'
        '<a href="/news/photo.jpg">Фото</a></body></html>',
    )
    add_source(factory, site.url("/news/"), SourceKind.listing)
    outcome = make_worker(factory, nlp_models).run_once().sources[0]
    assert (outcome.ok, outcome.seen, outcome.new) == (True, 2, 2)
    assert site.hits("/about") == 0 and site.hits("/news/photo.jpg") == 0


def test_sitemap_locations_are_articles(
    site: Site, factory: sessionmaker[Session], nlp_models: object
) -> None:
    site.set("/news/4", ARTICLES["/news/4"])
    site.set(
        "/sitemap.xml",
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{site.url('/news/4')}</loc><news:news><news:publication_date>2026-11-20</news:publication_date>"
        "<news:title>Когнитив</news:title></news:news></url></urlset>",
        content_type="application/xml",
    )
    add_source(factory, site.url("/sitemap.xml"), SourceKind.sitemap)
    outcome = make_worker(factory, nlp_models).run_once().sources[0]
    assert (outcome.ok, outcome.new) == (True, 1)
    with factory() as session:
        assert str(session.scalars(select(NewsItem.published)).one()) == "2026-11-20"


def test_each_bad_source_gets_its_error_and_is_slowed_while_the_others_go_on(
    site: Site, factory: sessionmaker[Session], nlp_models: object
) -> None:
    site.set("/robots.txt", "User-agent: *\nDisallow: /closed/\n", content_type="text/plain")
    site.set("/news/1", ARTICLES["/news/1"])
    site.set("/broken", "oops", status=500)
    site.set("/slow", ARTICLES["/news/2"], delay=2.0)
    site.set("/huge", stream_bytes=50 * 1024 * 1024)
    site.set("/image", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, content_type="image/png")
    site.set("/loop-a", status=302, location="/loop-b")
    site.set("/loop-b", status=302, location="/loop-a")
    site.set("/closed/news", ARTICLES["/news/3"])
    site.set("/not-a-feed", ARTICLES["/news/4"])
    expected = {
        "/broken": "ошибкой 500",
        "/slow": "не ответил за 1 с",
        "/huge": "больше допустимого",
        "/image": "не HTML-страница (тип «image/png»)",
        "/loop-a": "перенаправлений",
        "/closed/news": "robots.txt",
    }
    ids = {path: add_source(factory, site.url(path), SourceKind.page) for path in expected}
    ids["/not-a-feed"] = add_source(factory, site.url("/not-a-feed"), SourceKind.feed)
    good = add_source(factory, site.url("/news/1"), SourceKind.page)

    outcomes = {o.source_id: o for o in make_worker(factory, nlp_models).run_once().sources}
    assert len(outcomes) == len(ids) + 1
    assert outcomes[good].ok and outcomes[good].new == 1
    healthy = source_row(factory, good)
    for path, phrase in {**expected, "/not-a-feed": "не похож на RSS/Atom"}.items():
        row = source_row(factory, ids[path])
        assert row.last_error is not None and phrase in row.last_error, (path, row.last_error)
        assert row.failures == 1 and row.last_success_at is None
        assert aware(row.next_run_at) > aware(healthy.next_run_at) + timedelta(minutes=50), (
            path
        )  # pushed back
    assert site.hits("/closed/news") == 0
    assert count(factory, NewsItem) == 1
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(NewsArticle)) == 1


def test_a_source_that_keeps_failing_is_marked_failing_and_slowed_more(
    site: Site, factory: sessionmaker[Session], nlp_models: object
) -> None:
    site.set("/broken", "oops", status=503)
    source_id = add_source(factory, site.url("/broken"), SourceKind.page, interval=10)
    worker = make_worker(factory, nlp_models)
    delays = []
    for _ in range(3):
        make_due(factory)
        worker.run_once()
        row = source_row(factory, source_id)
        delays.append(aware(row.next_run_at) - aware(row.last_attempt_at))  # type: ignore[arg-type]
    assert [round(d.total_seconds() / 60) for d in delays] == [20, 40, 80]
    with factory() as session:
        source = session.get(Source, source_id)
        assert source is not None and service.health_of(source) == "failing"
    site.set("/broken", ARTICLES["/news/1"])
    make_due(factory)
    worker.run_once()
    row = source_row(factory, source_id)
    assert row.failures == 0 and row.last_error is None


def test_a_long_run_keeps_renewing_its_lease(
    site: Site, factory: sessionmaker[Session], nlp_models: object
) -> None:
    for path in ("/news/1", "/news/2", "/news/3"):
        site.set(path, ARTICLES[path])
    site.set("/rss", rss([("/news/1", "1"), ("/news/2", "2"), ("/news/3", "3")], site.base))
    source_id = add_source(factory, site.url("/rss"), SourceKind.feed)
    seen: list[object] = []

    def lease_now(path: str) -> None:
        if path.startswith("/news/"):
            with factory() as session:
                seen.append(session.scalar(select(Source.lease_until).where(Source.id == source_id)))

    site.on_request = lease_now
    make_worker(factory, nlp_models).run_once()
    assert len(seen) == 3 and all(value is not None for value in seen)
    assert seen == sorted(seen) and len(set(seen)) == 3  # moved forward before each article
    assert source_row(factory, source_id).lease_until is None  # released at the end
