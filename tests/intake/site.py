"""A real news site for the intake tests: http.server on 127.0.0.1, pages that tests change between polls.

Each route answers with a status, headers and a body; an ETag is derived from the body, and a request
carrying it gets 304. Special routes: a slow one (sleeps), a huge one (streams without a length), a loop
of redirects. Every request is logged (path, method, status) for the tests to count.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before answering
    etag: bool = True
    stream_bytes: int = 0  # answer this many bytes with no Content-Length, in 64 KB chunks
    location: str | None = None  # a redirect target
    gate: threading.Event | None = None  # the answer waits for this event


@dataclass
class Site:
    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    on_request: Callable[[str], None] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def set(self, path: str, body: str | bytes = b"", **kwargs: object) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kwargs)  # type: ignore[arg-type]

    def hits(self, path: str, status: int | None = None) -> int:
        with self.lock:
            return sum(1 for p, s in self.log if p == path and (status is None or s == status))


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _record(self, status: int) -> None:
            with site.lock:
                site.log.append((self.path, status))
            if site.on_request is not None:
                site.on_request(self.path)

        def do_GET(self) -> None:
            route = site.routes.get(self.path)
            if route is None:
                self._answer(404, b"not found", "text/plain")
                return
            if route.gate is not None:
                route.gate.wait(30)
            if route.delay:
                time.sleep(route.delay)
            if route.location is not None:
                self._record(route.status)
                self.send_response(route.status)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.stream_bytes:
                self._stream(route)
                return
            etag = f'"{hashlib.sha1(route.body).hexdigest()[:16]}"' if route.etag else None
            if etag and self.headers.get("If-None-Match") == etag and route.status == 200:
                self._record(304)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self._answer(route.status, route.body, route.content_type, etag)

        def _answer(self, status: int, body: bytes, content_type: str, etag: str | None = None) -> None:
            self._record(status)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, route: Route) -> None:
            self._record(200)
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
            sent = 0
            try:
                while sent < route.stream_bytes:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its size cap, as it should

    return Handler


def start_site() -> tuple[Site, ThreadingHTTPServer]:
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site, server


def rss(entries: list[tuple[str, str]], base: str) -> str:
    """An RSS feed whose entries link to ``base + path``: [(path, title)]."""
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate></item>"
        for path, title in entries
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Лента</title>'
    return f"{head}{items}</channel></rss>"


def article(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><nav><a href="/">Главная</a></nav><article><h1>{title}</h1>{body}</article></body></html>'
    )


ARTICLES = {
    "/news/1": article(
        "ТУСУР открыл лабораторию радиофотоники",
        "Томский государственный университет систем управления и радиоэлектроники открыл новую лабораторию "
        "радиофотоники вместе с компанией «Микран».",
        "В лаборатории будут работать студенты и инженеры предприятий Томской области.",
    ),
    "/news/2": article(
        "Администрация Томской области подписала соглашение с ТГУ",
        "Администрация Томской области и Томский государственный университет подписали соглашение о "
        "подготовке кадров для электронной промышленности региона.",
        "Соглашение рассчитано на пять лет.",
    ),
    "/news/3": article(
        "В Томске пройдёт форум беспилотных технологий",
        "В ноябре в Томске пройдёт форум беспилотных технологий, организаторы ждут участников кластера.",
        "На форуме покажут новые разработки томских компаний в области беспилотных авиационных систем.",
    ),
    "/news/4": article(
        "Компания «Когнитив» начала выпуск новых датчиков",
        "Томская компания «Когнитив» начала серийный выпуск датчиков для промышленной автоматизации.",
        "Производство разместили в особой экономической зоне.",
    ),
}
