"""The demo's sources are served by ClusterDesk itself: a worker polls them with no network."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.intake.demo import load_demo, point_demo_sources
from clusterdesk.intake.demo_site import FEED_ARTICLES, LISTING_ARTICLES, revealed
from clusterdesk.intake.fetch import FetchOptions
from clusterdesk.intake.models import Source
from clusterdesk.intake.worker import Worker, WorkerOptions
from clusterdesk.news.models import NewsItem


def test_demo_sources_are_polled_from_the_demo_server(
    live_server: str, factory: sessionmaker[Session], nlp_models: object
) -> None:
    with factory.begin() as session:
        assert load_demo(session=session) == {"sources": 0}  # loaded once by the server's demo data
        point_demo_sources(session=session, base=live_server)
    options = WorkerOptions(fetch=FetchOptions(host_delay=0.0, retries=0, timeout=10.0))
    out_before = revealed()  # the demo feed reveals one more entry every two minutes: read it around the run
    report = Worker(factory, options, jobs=[], models_factory=lambda: nlp_models).run_once()
    out_after = revealed()
    assert len(report.sources) == 2 and all(o.ok for o in report.sources), [o.message for o in report.sources]
    new = sum(o.new for o in report.sources)
    assert out_before + len(LISTING_ARTICLES) <= new <= out_after + len(LISTING_ARTICLES)
    with factory() as session:
        assert all(s.url.startswith(live_server) for s in session.scalars(select(Source)))
        titles = set(session.scalars(select(NewsItem.title)))
    assert {a.title for a in LISTING_ARTICLES} <= titles
    assert FEED_ARTICLES[0].title in titles


def test_the_demo_command_runs_the_worker_in_a_thread(
    live_server: str, scratch_url: str, tmp_path: object
) -> None:
    import time
    from pathlib import Path
    from urllib.parse import urlsplit

    from clusterdesk.config import Settings
    from clusterdesk.db import make_engine, make_session_factory
    from clusterdesk.intake.background import start_worker_thread

    engine = make_engine(scratch_url)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        point_demo_sources(session=session, base=live_server)
    settings = Settings(environment="test", data_dir=Path(str(tmp_path)), database_url=scratch_url)
    parts = urlsplit(live_server)
    thread, stop = start_worker_thread(settings, parts.hostname or "127.0.0.1", parts.port or 80, jobs=[])
    try:
        deadline = time.monotonic() + 180
        while True:
            with factory() as session:
                done = [s for s in session.scalars(select(Source)) if s.last_success_at is not None]
            if len(done) == 2:
                break
            assert thread.is_alive() and time.monotonic() < deadline
            time.sleep(0.5)
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()
    engine.dispose()
