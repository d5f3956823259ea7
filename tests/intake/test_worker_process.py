"""Real `clusterdesk worker` processes: kill -9 mid-fetch and restart equals a clean run; two workers at once
(PostgreSQL, and SQLite too) never fetch the same source twice."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.audit.service import SYSTEM
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.intake import service
from clusterdesk.intake.models import RawDocument, SourceKind
from clusterdesk.intake.schemas import SourceCreate
from clusterdesk.news.models import NewsArticle, NewsFact, NewsItem, NewsMention, NewsOccurrence
from tests.conftest import DatabaseFactory
from tests.intake.site import ARTICLES, Site, article, rss

CLI = Path(sys.executable).with_name("clusterdesk")
FEED = [("/news/1", "Первая"), ("/news/2", "Вторая"), ("/news/3", "Третья"), ("/news/4", "Четвёртая")]
WORDS = [
    "кластер",
    "университет",
    "завод",
    "лаборатория",
    "инженер",
    "проект",
    "грант",
    "датчик",
    "радиолокатор",
    "спутник",
    "связь",
    "студент",
    "форум",
    "соглашение",
    "инвестиции",
    "производство",
    "экспорт",
    "технология",
    "патент",
    "стартап",
    "выставка",
    "конкурс",
    "программа",
    "регион",
    "область",
    "город",
    "кадры",
    "специалист",
    "разработка",
    "испытание",
    "полигон",
    "беспилотник",
    "электроника",
    "микросхема",
    "антенна",
    "модуль",
    "станция",
    "сеть",
    "платформа",
    "сервис",
    "данные",
    "анализ",
    "модель",
    "прибор",
    "измерение",
    "качество",
    "стандарт",
]


def worker_env(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CLUSTERDESK_DATABASE_URL": url,
        "CLUSTERDESK_DATA_DIR": str(tmp_path),
        "CLUSTERDESK_ENVIRONMENT": "test",
        "CLUSTERDESK_SECRET_KEY": "test-secret-key-that-is-long-enough-1234567890",
    }


def _worker(url: str, tmp_path: Path, args: list[str], **popen: Any) -> subprocess.Popen[str]:
    """`clusterdesk worker ARGS`, its output (stdout and stderr) in a pipe."""
    return subprocess.Popen(
        [str(CLI), "worker", *args],
        env=worker_env(url, tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **popen,
    )


def start_worker(url: str, tmp_path: Path, *extra: str) -> subprocess.Popen[str]:
    once = ["--once", "--host-delay", "0", "--retries", "0", "--timeout", "60"]
    return _worker(url, tmp_path, [*once, *extra])


def counts(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (NewsItem, NewsArticle, NewsOccurrence, NewsMention, NewsFact, RawDocument)
        }


def serve_feed(site: Site) -> None:
    for path, _ in FEED:
        site.set(path, ARTICLES[path])
    site.set("/rss", rss(FEED, site.base), content_type="application/rss+xml")


def add_feed(url: str, site: Site) -> sessionmaker[Session]:
    factory = make_session_factory(make_engine(url))
    with factory.begin() as session:
        service.create(
            session=session, actor=SYSTEM, data=SourceCreate(url=site.url("/rss"), kind=SourceKind.feed)
        )
    return factory


def test_kill_9_mid_fetch_then_restart_stores_what_a_clean_run_stores(
    site: Site, backend: str, databases: DatabaseFactory, tmp_path: Path
) -> None:
    serve_feed(site)
    clean_url = databases.migrated_url(backend)
    clean = add_feed(clean_url, site)
    run = start_worker(clean_url, tmp_path)
    output, _ = run.communicate(timeout=300)
    assert run.returncode == 0, output
    expected = counts(clean)
    assert expected["news_item"] == 4 and expected["intake_document"] == 4

    # the same feed on a fresh database; the worker is killed while the third article is being fetched
    crash_url = databases.migrated_url(backend)
    crashed = add_feed(crash_url, site)
    gate, reached = threading.Event(), threading.Event()
    site.set("/news/3", ARTICLES["/news/3"], gate=gate)
    site.on_request = lambda path: reached.set() if path == "/news/3" else None
    before = site.hits("/news/1")
    victim = start_worker(crash_url, tmp_path, "--lease", "2")
    assert reached.wait(120), "the worker never asked for the third article"
    victim.send_signal(signal.SIGKILL)
    victim.wait(30)
    gate.set()
    partial = counts(crashed)
    assert partial["news_item"] == 2 and partial["intake_document"] == 2  # the first two were committed

    time.sleep(2.5)  # let the dead worker's lease on the source expire
    restart = start_worker(crash_url, tmp_path, "--lease", "2")
    output, _ = restart.communicate(timeout=300)
    assert restart.returncode == 0, output
    assert counts(crashed) == expected
    assert site.hits("/news/1") - before == 1  # a stored article is not fetched again after the restart
    for factory in (clean, crashed):
        assert factory.kw["bind"] is not None
        factory.kw["bind"].dispose()


def varied_article(number: int) -> str:
    rng = random.Random(number)
    sentences = [" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(4)]
    return article(f"Новость номер {number}: {rng.choice(WORDS)}", *sentences)


def test_two_workers_fetch_every_due_source_exactly_once(
    site: Site, backend: str, scratch_url: str, tmp_path: Path
) -> None:
    factory = make_session_factory(make_engine(scratch_url))
    paths = [f"/page/{n}" for n in range(20)]
    with factory.begin() as session:
        for n, path in enumerate(paths):
            site.set(path, varied_article(n), delay=0.2)
            service.create(
                session=session, actor=SYSTEM, data=SourceCreate(url=site.url(path), kind=SourceKind.page)
            )
    workers = [start_worker(scratch_url, tmp_path), start_worker(scratch_url, tmp_path)]
    outputs = [w.communicate(timeout=300)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    assert {path: site.hits(path) for path in paths} == dict.fromkeys(paths, 1)
    polled = [out.count("источник #") for out in outputs]
    assert sum(polled) == 20, "\n----\n".join(outputs)
    assert counts(factory)["news_item"] == 20 and counts(factory)["intake_document"] == 20
    # a second round at once finds nothing due: each source was fetched once for its due time
    again = start_worker(scratch_url, tmp_path)
    again.communicate(timeout=300)
    assert all(site.hits(path) == 1 for path in paths)
    factory.kw["bind"].dispose()


def running_worker(url: str, tmp_path: Path, **popen: Any) -> subprocess.Popen[str]:
    """A worker polling until it is stopped."""
    return _worker(url, tmp_path, ["--idle", "0.5", "--host-delay", "0", "--retries", "0"], **popen)


def wait_for_the_feed(worker: subprocess.Popen[str], factory: sessionmaker[Session]) -> None:
    """Until the worker has stored every item of the feed (it must keep running meanwhile)."""
    deadline = time.monotonic() + 180
    while counts(factory)["news_item"] < len(FEED):
        assert worker.poll() is None, worker.stdout.read() if worker.stdout else ""
        assert time.monotonic() < deadline, "the worker did not poll the feed's source"
        time.sleep(0.5)


def test_a_running_worker_picks_up_a_source_added_later_and_stops_on_ctrl_c(
    site: Site, scratch_url: str, tmp_path: Path
) -> None:
    serve_feed(site)
    worker = running_worker(scratch_url, tmp_path)
    try:
        factory = add_feed(scratch_url, site)  # added while the worker already runs
        wait_for_the_feed(worker, factory)
    finally:
        worker.send_signal(signal.SIGINT)
        output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0, output
    assert site.hits("/rss") == 1  # polled once: the next run is an hour away
    assert "Обработчик остановлен" in output
    factory.kw["bind"].dispose()


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # what a shell does to a command started with «&»


def test_a_worker_started_in_the_background_stops_on_sigterm_and_on_ctrl_c(
    site: Site, scratch_url: str, tmp_path: Path
) -> None:
    """Started with SIGINT ignored (as by «clusterdesk worker &»), the worker still stops on Ctrl+C, and on
    SIGTERM (a service manager's stop) — after its current source, with exit code 0."""
    serve_feed(site)
    factory = add_feed(scratch_url, site)
    for number in (signal.SIGTERM, signal.SIGINT):
        worker = running_worker(scratch_url, tmp_path, preexec_fn=_ignore_sigint)
        try:
            assert worker.stdout is not None
            started = ""  # «Обработчик запущен» is printed once the worker listens for the signals
            while "Обработчик запущен" not in started:
                line = worker.stdout.readline()
                assert line, started + "(the worker ended before it started)"
                started += line
            wait_for_the_feed(worker, factory)
        finally:
            worker.send_signal(number)
            output, _ = worker.communicate(timeout=60)
        assert worker.returncode == 0 and "Обработчик остановлен" in output, (number, started + output)
    assert counts(factory)["news_item"] == len(FEED)  # the second worker found nothing new to store
    factory.kw["bind"].dispose()
