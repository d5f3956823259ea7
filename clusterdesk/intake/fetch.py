"""A polite, robust HTTP client for news sites.

Conditional GET (ETag / Last-Modified), timeouts, a size cap, one request at a time per host with a delay,
robots.txt honoured, retries with exponential backoff on transient failures. Every failure becomes a
`FetchError` with a Russian message a manager can act on; nothing here raises anything else.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

USER_AGENT = "ClusterDeskBot/0.1 (+https://github.com/clusterdesk; news intake of an innovation cluster)"
TRANSIENT_STATUS = {429, 500, 502, 503, 504}
ROBOTS_TTL = 3600.0
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits of the client; tests shrink them."""

    timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    host_delay: float = 1.0  # seconds between two requests to the same host
    retries: int = 2  # extra attempts after a transient failure
    backoff: float = 2.0  # first retry after this many seconds, then doubled
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response worth reading (200) or a ``not_modified`` answer (304)."""

    url: str  # the final URL after redirects
    status_code: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class FetchError(Exception):
    """A document could not be fetched; ``message`` is Russian and says what to do."""

    def __init__(self, url: str, message: str, *, transient: bool = False) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = f"{url}: {message}"
        self.transient = transient


KEPT_HEADERS = ("content-type", "etag", "last-modified", "date", "content-length")


class PoliteClient:
    """One client per worker: sequential requests, a delay per host, robots.txt read once per host."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.options.timeout, connect=min(self.options.timeout, 10.0)),
            follow_redirects=True,
            max_redirects=self.options.max_redirects,
            headers={"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # politeness ------------------------------------------------------------------------------------------

    def _wait_for_host(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            pause = self.options.host_delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last_request[host] = time.monotonic()

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is not None and time.monotonic() - cached[0] < ROBOTS_TTL:
            return cached[1]
        parser: urllib.robotparser.RobotFileParser | None = None
        try:
            self._wait_for_host(parts.netloc)
            with self._client.stream(
                "GET", f"{origin}/robots.txt", timeout=min(self.options.timeout, 10.0)
            ) as response:
                if response.status_code == 200:
                    body = b""
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > ROBOTS_MAX_BYTES:
                            break  # the rules that matter come first; a huge file is read no further
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
        except httpx.HTTPError:
            parser = None  # no readable robots.txt: everything is allowed, as the convention says
        self._robots[origin] = (time.monotonic(), parser)
        return parser

    def allowed(self, url: str) -> bool:
        parser = self._robots_for(url)
        return parser is None or parser.can_fetch(self.options.user_agent, url)

    # fetching --------------------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET with retries; raises `FetchError` (Russian) on anything but a 200 or a 304."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(url, "адрес должен начинаться с http:// или https://")
        if not self.allowed(url):
            raise FetchError(
                url, "сайт запрещает загрузку этой страницы в robots.txt — уберите источник или смените адрес"
            )
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._get_once(url, headers)
            except FetchError as exc:
                if not exc.transient or attempt >= self.options.retries:
                    raise
                time.sleep(self.options.backoff * (2**attempt))
                attempt += 1

    def _get_once(self, url: str, headers: dict[str, str]) -> Fetched:
        self._wait_for_host(urlsplit(url).netloc)
        cap = self.options.max_bytes
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Fetched(str(response.url), 304, b"", _kept(response.headers))
                if response.status_code in TRANSIENT_STATUS:
                    raise FetchError(
                        url,
                        f"сайт ответил ошибкой {response.status_code} — повторим позже; "
                        "если не проходит долго, проверьте адрес в браузере",
                        transient=True,
                    )
                if response.status_code != 200:
                    raise FetchError(url, _status_message(response.status_code))
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    raise FetchError(url, _too_large(int(declared), cap))
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(url, _too_large(size, cap))
                    chunks.append(chunk)
                return Fetched(str(response.url), 200, b"".join(chunks), _kept(response.headers))
        except httpx.TooManyRedirects as exc:
            raise FetchError(
                url, "слишком много перенаправлений (сайт перенаправляет по кругу) — проверьте адрес"
            ) from exc
        except httpx.TimeoutException as exc:
            raise FetchError(
                url, f"сайт не ответил за {self.options.timeout:g} с — повторим позже", transient=True
            ) from exc
        except httpx.ConnectError as exc:
            raise FetchError(
                url, "не удалось подключиться к сайту — проверьте адрес или доступность сайта", transient=True
            ) from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                url, f"ошибка загрузки ({type(exc).__name__}) — повторим позже", transient=True
            ) from exc


def _kept(headers: httpx.Headers) -> dict[str, str]:
    return {name: headers[name] for name in KEPT_HEADERS if name in headers}


def _too_large(size: int, cap: int) -> str:
    return f"документ больше допустимого ({size // 1024} КБ > {cap // 1024} КБ) — пропущен"


def _status_message(code: int) -> str:
    if code == 404:
        return "страница не найдена (404) — проверьте адрес источника"
    if code in (401, 403):
        return f"сайт закрыл доступ ({code}) — возможно, нужен другой адрес или разрешение владельца"
    return f"сайт ответил кодом {code} — проверьте адрес источника"
