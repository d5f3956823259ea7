"""`clusterdesk backfill` on a 2-worker Dask LocalCluster: a WARC web archive and a JSONL dump store exactly
what `ingest` stores for the same documents; a rerun stores nothing; a killed backfill resumes to the same
counts; bad records and lines are reported in Russian by name and the batch goes on; models load once per
worker."""

from __future__ import annotations

import gzip
import html
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clusterdesk.audit.service import Actor
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.news.archives import PageUnit, Passed, archive_entries, jsonl_entry, read_jsonl, read_warc
from clusterdesk.news.ingest import expand_inputs, ingest
from clusterdesk.news.models import NewsArticle, NewsFact, NewsItem, NewsMention, NewsOccurrence
from clusterdesk.news.records import SourceError
from clusterdesk.registry.demo import load_demo_registry

DATA = Path(__file__).resolve().parents[1] / "data" / "news"
ACTOR = Actor(id=None, name="test")
TABLES = (NewsArticle, NewsItem, NewsOccurrence, NewsMention, NewsFact)


def _texts() -> list[str]:
    """Real Russian news: the factRuEval texts of tests/data and the seed items."""
    texts = [p.read_text("utf-8").strip() for p in sorted((DATA / "gold").glob("factru_*.txt"))]
    seed = next((DATA / "seeds").glob("000_*.txt")).read_text("utf-8")
    return texts + [p.strip() for p in seed.split("\n") if len(p) > 200]


def _page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body><nav>Главная · Новости · Контакты</nav>"
        f"<article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
        "<footer>© Редакция, 2016</footer></body></html>"
    ).encode()


class _Site:
    """A real HTTP server on 127.0.0.1 serving the archived pages live, for `ingest` to fetch."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                content_type, body = site.pages.get(self.path, ("text/plain", b""))
                self.send_response(200 if self.path in site.pages else 404)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, path: str, content_type: str, body: bytes) -> str:
        self.pages[path] = (content_type, body)
        return self.base + path


@pytest.fixture(scope="module")
def site() -> Iterator[_Site]:
    server = _Site()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="module")
def cluster_client():  # type: ignore[no-untyped-def]
    """A LocalCluster of 2 single-threaded worker processes, shared by the tests of this module."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _warc(path: Path, site: _Site, texts: list[str]) -> list[str]:
    """A gzipped WARC as a crawler writes it: requests, responses, a redirect, an image, a broken page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    urls = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "test"}))

        def response(url: str, status: str, content_type: str, body: bytes) -> None:
            request = writer.create_warc_record(
                url,
                "request",
                http_headers=StatusAndHeaders(
                    f"GET {url} HTTP/1.1", [("Host", "127.0.0.1")], is_http_request=True
                ),
            )
            writer.write_record(request)
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers)
            )

        for n, text in enumerate(texts):
            title = f"Новость {n + 1}: {text.split('.')[0][:60]}"
            body = _page(title, text)
            url = site.add(f"/warc/{n}.html", "text/html; charset=utf-8", body)
            response(url, "200 OK", "text/html; charset=utf-8", body)
            urls.append(url)
        response(site.base + "/old", "301 Moved Permanently", "text/html", b"<html>moved</html>")
        response(site.base + "/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200))
        broken = site.base + "/broken.html"
        response(broken, "200 OK", "text/html", bytes(range(256)) * 8)  # not text: an error naming the URL
        urls.append(broken)
    return urls


def _dump(path: Path, site: _Site, html_texts: list[str], plain_texts: list[str]) -> list[str]:
    """A JSONL dump: articles as HTML and as plain text, plus bad lines."""
    urls, lines = [], []
    for n, text in enumerate(html_texts):
        body = _page(f"Статья {n + 1}", text)
        url = site.add(f"/dump/{n}.html", "text/html; charset=utf-8", body)
        lines.append(json.dumps({"url": url, "html": body.decode()}, ensure_ascii=False))
        urls.append(url)
    for n, text in enumerate(plain_texts):
        url = site.add(f"/dump/{n}.txt", "text/plain; charset=utf-8", text.encode())
        lines.append(json.dumps({"url": url, "text": text}, ensure_ascii=False))
        urls.append(url)
    lines.insert(1, "{это не JSON")
    lines.insert(3, json.dumps({"url": site.base + "/x", "title": "Без текста"}, ensure_ascii=False))
    lines.insert(4, json.dumps({"url": site.base + "/y", "text": "Текст", "published": "вчера"}))
    lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return urls


def _registry_db(databases, backend: str) -> str:  # type: ignore[no-untyped-def]
    url = databases.migrated_url(backend)
    engine = make_engine(url)
    with make_session_factory(engine).begin() as session:
        load_demo_registry(session=session)
    engine.dispose()
    return url


def _stored(url: str) -> dict[str, tuple[object, ...]]:
    """Everything stored per input, ids aside: article, occurrences, the item, its mentions and facts."""
    engine = make_engine(url)
    out: dict[str, tuple[object, ...]] = {}
    with make_session_factory(engine)() as session:
        for article in session.scalars(select(NewsArticle)):
            occurrences = session.scalars(
                select(NewsOccurrence)
                .where(NewsOccurrence.article_id == article.id)
                .order_by(NewsOccurrence.number)
            )
            items = []
            for occ in occurrences:
                item = occ.item
                mentions = tuple(
                    (
                        m.type,
                        m.start,
                        m.end,
                        m.text,
                        m.normal,
                        m.organization_id,
                        m.person_id,
                        m.confidence,
                        m.status,
                    )
                    for m in item.mentions
                )
                facts = tuple(
                    (
                        f.type,
                        json.dumps(f.fields, sort_keys=True, ensure_ascii=False),
                        f.evidence_start,
                        f.evidence_end,
                        tuple(sorted(o.organization_id for o in f.organizations)),
                    )
                    for f in item.facts
                )
                items.append(
                    (
                        occ.number,
                        occ.offset,
                        round(occ.similarity, 6),
                        item.fingerprint,
                        item.title,
                        item.published,
                        item.text,
                        mentions,
                        facts,
                    )
                )
            out[article.source] = (
                article.title,
                article.published,
                article.url,
                article.author,
                tuple(items),
            )
    engine.dispose()
    return out


def _counts(url: str) -> tuple[int, ...]:
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        counts = tuple(session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES)
    engine.dispose()
    return counts


def test_backfill_stores_what_ingest_stores(  # type: ignore[no-untyped-def]
    databases, backend: str, tmp_path: Path, site: _Site, cluster_client
) -> None:
    from clusterdesk.news.backfill import backfill, model_loads

    texts = _texts()
    warc_urls = _warc(tmp_path / "crawl.warc.gz", site, texts[:6])
    dump_urls = _dump(tmp_path / "dump.jsonl", site, texts[6:9], texts[-2:])

    reference = _registry_db(databases, backend)
    engine = make_engine(reference)
    expected = ingest(
        [*warc_urls, *dump_urls], session_factory=make_session_factory(engine), actor=ACTOR, workers=1
    )
    engine.dispose()
    assert expected.new == 11 and len(expected.errors) == 1  # the broken page

    target = _registry_db(databases, backend)
    engine = make_engine(target)
    factory = make_session_factory(engine)
    entries = archive_entries(expand_inputs([tmp_path / "crawl.warc.gz", tmp_path / "dump.jsonl"]))
    report = backfill(entries, client=cluster_client, session_factory=factory, actor=ACTOR)
    summary = report.summary
    assert (summary.new, summary.duplicates, summary.already) == (expected.new, expected.duplicates, 0)
    assert report.passed_records == 12  # warcinfo, 9 requests, the redirect and the image
    errors = "\n".join(summary.errors)
    assert len(summary.errors) == 4, errors
    assert "/broken.html: двоичные данные" in errors
    assert "dump.jsonl, строка 2: не JSON" in errors
    assert "dump.jsonl, строка 4: нет текста статьи" in errors
    assert "dump.jsonl, строка 5: неверная дата published" in errors

    stored, wanted = _stored(target), _stored(reference)
    html_sources = warc_urls[:-1] + dump_urls[:3]
    for source in html_sources:  # pages: byte for byte what ingest stores from the live page
        assert stored[source] == wanted[source], source
    for source in dump_urls[3:]:  # plain text: the same items; the dump's URL is kept with the article
        assert stored[source][4] == wanted[source][4], source
        assert stored[source][2] == source and wanted[source][2] is None
    assert set(stored) == set(wanted)
    assert _counts(target) == _counts(reference)

    again = backfill(
        archive_entries(expand_inputs([tmp_path / "crawl.warc.gz", tmp_path / "dump.jsonl"])),
        client=cluster_client,
        session_factory=factory,
        actor=ACTOR,
    )
    engine.dispose()
    assert (again.summary.new, again.summary.already) == (0, 11)
    assert again.skipped_stored == 11  # known stored before analysis: nothing went to the cluster
    assert _counts(target) == _counts(reference)
    loads = cluster_client.run(model_loads)
    assert sorted(loads.values()) == [1, 1]  # the models were built once on each worker, not per task


def test_archive_readers_name_every_bad_record(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    assert isinstance(jsonl_entry("d.jsonl", 7, b"[1, 2]"), SourceError)
    bad = jsonl_entry("d.jsonl", 7, b'{"url": 5, "text": "x"}')
    assert (
        isinstance(bad, SourceError)
        and bad.message == "d.jsonl, строка 7: поле url должно быть непустой строкой"
    )
    good = jsonl_entry(
        "d.jsonl", 8, '{"text": "Текст", "title": "З", "published": "2016-04-05T10:00:00Z"}'.encode()
    )
    assert isinstance(good, PageUnit) and good.source == "d.jsonl#8" and str(good.published) == "2016-04-05"

    dump = tmp_path / "d.jsonl.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as out:
        out.write('{"url": "https://example.ru/1", "text": "Первая"}\nnot json\n')
        out.write('{"url": "https://example.ru/2", "html": "<p>x</p>"}\n')
    entries = list(read_jsonl(str(dump)))
    assert [type(e).__name__ for e in entries] == ["PageUnit", "SourceError", "PageUnit"]
    assert sum(e.size for e in entries if isinstance(e, PageUnit)) > 0

    warc = tmp_path / "cut.warc.gz"
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(3):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = _page(f"Новость {n}", "Текст новости. " * 50)
        writer.write_record(
            writer.create_warc_record(
                f"https://example.ru/{n}", "response", payload=BytesIO(body), http_headers=headers
            )
        )
    data = buffer.getvalue()
    warc.write_bytes(data[: len(data) - 40])  # the last record cut off mid-stream
    entries = list(read_warc(str(warc)))
    assert [e.source for e in entries if isinstance(e, PageUnit)][:2] == [
        "https://example.ru/0",
        "https://example.ru/1",
    ]
    assert isinstance(entries[-1], SourceError)
    assert entries[-1].message.startswith("https://example.ru/2: запись WARC обрезана")
    (tmp_path / "junk.warc").write_bytes(b"this is not a web archive\n" * 10)
    junk = list(read_warc(str(tmp_path / "junk.warc")))
    assert isinstance(junk[0], SourceError) and "junk.warc: архив WARC повреждён" in junk[0].message
    assert not any(isinstance(e, Passed) for e in entries)
    missing = list(read_warc(str(tmp_path / "nope.warc")))
    assert isinstance(missing[0], SourceError) and "не удалось прочитать архив WARC" in missing[0].message


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CLUSTERDESK_DATABASE_URL": url,
        "CLUSTERDESK_DATA_DIR": str(tmp_path),
        "CLUSTERDESK_ENVIRONMENT": "test",
        "COLUMNS": "200",
        "NO_COLOR": "1",
    }


def _backfill(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clusterdesk.cli", "backfill", *args],
        capture_output=True,
        text=True,
        env=_env(url, tmp_path),
        cwd=tmp_path,
        timeout=600,
    )


def test_killed_backfill_resumes_to_the_counts_of_a_clean_run(  # type: ignore[no-untyped-def]
    databases, backend: str, tmp_path: Path, cluster_client
) -> None:
    import psutil

    from clusterdesk.news.backfill import backfill

    texts = _texts()[:12]
    sites = ("news", "reprint", "copy", "mirror")  # enough items that the kill lands well before the end
    dump = tmp_path / "archive.jsonl"
    lines = [
        json.dumps({"url": f"https://{site}.example.ru/{n}", "text": text}, ensure_ascii=False)
        for site in sites
        for n, text in enumerate(texts)
    ]
    lines.insert(5, "{broken")
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")

    reference = _registry_db(databases, backend)
    engine = make_engine(reference)
    clean = backfill(
        archive_entries([str(dump)]),
        client=cluster_client,
        session_factory=make_session_factory(engine),
        actor=ACTOR,
    )
    engine.dispose()
    reprints = (len(sites) - 1) * len(texts)
    assert (clean.summary.new, clean.summary.duplicates) == (len(texts), reprints)
    expected = _counts(reference)
    assert expected[2] == len(sites) * len(texts)  # an occurrence per article: reprints join originals

    target = _registry_db(databases, backend)
    process = subprocess.Popen(
        [sys.executable, "-m", "clusterdesk.cli", "backfill", str(dump), "--local-workers", "2"],
        env=_env(target, tmp_path),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None and _counts(target)[2] < 3:
        time.sleep(0.05)
    assert process.poll() is None, "backfill finished before it could be killed"
    workers = psutil.Process(process.pid).children(recursive=True)
    assert workers  # the local cluster's worker processes
    process.send_signal(signal.SIGKILL)
    process.wait()
    _gone, alive = psutil.wait_procs(workers, timeout=60)
    assert not alive, "worker processes outlived the killed backfill"
    partial = _counts(target)
    assert 3 <= partial[2] < expected[2]

    resumed = _backfill(target, tmp_path, str(dump), "--local-workers", "2")
    assert resumed.returncode == 3, resumed.stderr  # the broken line, reported again; everything else stored
    assert "archive.jsonl, строка 6: не JSON" in resumed.stderr
    assert f"уже были: {partial[2]}" in resumed.stdout
    assert _counts(target) == expected
    assert _stored(target) == _stored(reference)


def test_backfill_needs_one_cluster(tmp_path: Path) -> None:
    for args in ([], ["--local-workers", "2", "--scheduler", "tcp://127.0.0.1:1"]):
        result = _backfill("sqlite:///" + str(tmp_path / "x.db"), tmp_path, str(tmp_path), *args)
        assert result.returncode == 2
        assert "укажите ровно одно" in result.stderr
