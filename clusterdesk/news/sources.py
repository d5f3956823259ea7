"""Input edge of the pipeline: files, directories, URLs and RSS/Atom feeds become `SourceDocument`s.

Every problem with one item (binary, empty, undecodable, too large, unreachable, an invalid URL, any other
exception) becomes a `SourceError` naming the item, so one bad input never stops a batch. A plain-text file
larger than ``stream_from_bytes`` is not read here: it becomes a `TextStream` that the pipeline reads, splits
and analyses block by block (news/stream.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from clusterdesk.news.extract import extract_html
from clusterdesk.news.records import SourceDocument, SourceError
from clusterdesk.news.stream import STREAM_FROM_BYTES, TextStream, open_stream

MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)
_FEED_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
_LOWER_CYRILLIC = re.compile(r"[а-яё]")

SourceResult = SourceDocument | SourceError | TextStream


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """Limits for reading inputs."""

    max_bytes: int = MAX_BYTES  # a page, a feed, or a text file read whole
    timeout: float = 20.0
    follow_feed_links: bool = True
    stream_from_bytes: int = STREAM_FROM_BYTES  # larger plain-text files are streamed (no size limit)


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode news text: UTF-8 first, then the Cyrillic single-byte encodings by letter statistics."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for encoding in ("cp1251", "koi8-r", "cp866"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _russian_score(text)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None or best[0] < 0.5:
        raise UndecodableError("not UTF-8, CP1251, KOI8-R or CP866 Russian text")
    return best[1], best[2]


def _russian_score(text: str) -> float:
    """Cyrillic share of the visible characters times the lower-case share of the Cyrillic letters.

    A wrong single-byte decoding inverts case (CP1251 <-> KOI8-R) or yields box-drawing symbols (CP866).
    """
    letters = len(_CYRILLIC.findall(text))
    visible = sum(1 for ch in text if not ch.isspace() and not ch.isdigit() and ch not in ".,;:!?-—–«»\"'()")
    if letters == 0 or visible == 0:
        return 0.0
    return (letters / visible) * (len(_LOWER_CYRILLIC.findall(text)) / letters)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(4, len(sample) // 100)


def document_from_bytes(source: str, data: bytes, *, kind: str = "auto") -> SourceDocument | SourceError:
    """Turn raw bytes of one item into a document or an error naming the item."""
    if not data.strip():
        return SourceError(source, f"{source}: пустой файл (empty input)")
    if looks_binary(data):
        return SourceError(source, f"{source}: двоичные данные, а не текст (binary content)")
    if kind == "auto":
        kind = "html" if _HTML_SNIFF.match(data[:2048]) else "text"
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        return SourceError(source, f"{source}: не удалось декодировать ({exc})")
    if kind == "html":
        extracted = extract_html(text, url=source if "://" in source else None)
        if extracted is None or not extracted.text.strip():
            return SourceError(source, f"{source}: в HTML не найден текст статьи (no article text in HTML)")
        return SourceDocument(
            source=source,
            text=extracted.text,
            title=extracted.title,
            published=extracted.published,
            author=extracted.author,
            url=extracted.url,
            encoding=encoding,
            is_extracted=True,
        )
    if not text.strip():
        return SourceError(source, f"{source}: пустой текст (empty text)")
    return SourceDocument(source=source, text=text, encoding=encoding)


def read_file(path: Path, options: SourceOptions | None = None) -> list[SourceResult]:
    """Read one file: plain text, HTML or a saved feed."""
    options = options or SourceOptions()
    source = str(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > options.stream_from_bytes and suffix in TEXT_SUFFIXES:
            return [open_stream(path, source)]
        if size > options.max_bytes:
            return [
                SourceError(source, f"{source}: файл слишком большой ({size} байт > {options.max_bytes})")
            ]
        data = path.read_bytes()
    except OSError as exc:
        return [SourceError(source, f"{source}: не удалось прочитать ({exc.strerror or exc})")]
    if suffix in FEED_SUFFIXES or _FEED_SNIFF.match(data[:2048]):
        return read_feed_bytes(source, data, options)
    kind = "html" if suffix in HTML_SUFFIXES else "auto"
    return [document_from_bytes(source, data, kind=kind)]


def read_directory(path: Path, options: SourceOptions | None = None) -> list[SourceResult]:
    """Read every regular file under a directory, in a stable order; hidden files are skipped."""
    results: list[SourceResult] = []
    for child in sorted(path.rglob("*")):
        if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
            results.extend(read_file(child, options))
    return results


def fetch_url(url: str, options: SourceOptions | None = None) -> list[SourceResult]:
    """Fetch a page or a feed over HTTP(S); a feed yields one document per entry."""
    import httpx

    options = options or SourceOptions()
    try:
        with httpx.Client(timeout=options.timeout, follow_redirects=True) as client:
            data = _get_limited(client, url, options.max_bytes)
            if data is None:
                return [SourceError(url, f"{url}: ответ больше {options.max_bytes} байт")]
            if _FEED_SNIFF.match(data[:2048]):
                return read_feed_bytes(url, data, options, client=client)
    except httpx.InvalidURL as exc:
        return [SourceError(url, f"{url}: неверный адрес ({exc})")]
    except (httpx.HTTPError, httpx.StreamError, ValueError, UnicodeError) as exc:
        return [SourceError(url, f"{url}: ошибка загрузки ({type(exc).__name__}: {exc})")]
    return [document_from_bytes(url, data, kind="auto")]


def _get_limited(client: object, url: str, max_bytes: int) -> bytes | None:
    import httpx

    assert isinstance(client, httpx.Client)
    chunks: list[bytes] = []
    size = 0
    with client.stream("GET", url) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def read_feed_bytes(
    source: str, data: bytes, options: SourceOptions, *, client: object | None = None
) -> list[SourceResult]:
    """Parse RSS/Atom; each entry becomes a document (its page if reachable, else its summary)."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        problem = getattr(feed, "bozo_exception", None) or "no entries"
        return [SourceError(source, f"{source}: лента без записей ({problem})")]
    results: list[SourceResult] = []
    for index, entry in enumerate(feed.entries):
        results.append(_entry_document(source, index, entry, options, client))
    return results


def _entry_document(
    source: str, index: int, entry: object, options: SourceOptions, client: object | None
) -> SourceResult:
    from datetime import date

    get = entry.get  # type: ignore[attr-defined]
    link = get("link")
    name = link or f"{source}#{index}"
    published = None
    parsed = get("published_parsed") or get("updated_parsed")
    if parsed:
        published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    title = get("title")
    if link and options.follow_feed_links and client is not None:
        import httpx

        try:
            data = _get_limited(client, link, options.max_bytes)
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, ValueError, UnicodeError):
            data = None  # the entry's own summary stands in for an unreachable page
        if data:
            doc = document_from_bytes(link, data, kind="auto")
            if isinstance(doc, SourceDocument):
                return SourceDocument(
                    source=link,
                    text=doc.text,
                    title=doc.title or title,
                    published=doc.published or published,
                    author=doc.author or get("author"),
                    url=link,
                    encoding=doc.encoding,
                    is_extracted=True,
                )
    body = ""
    contents = get("content") or []
    if contents:
        body = contents[0].get("value", "")
    body = body or get("summary", "")
    if not body.strip():
        return SourceError(name, f"{name}: запись ленты без текста (feed entry has no text)")
    extracted = extract_html(f"<html><body><article>{body}</article></body></html>", url=link)
    text = extracted.text if extracted and extracted.text.strip() else _strip_tags(body)
    return SourceDocument(
        source=name,
        text=text,
        title=title,
        published=published,
        author=get("author"),
        url=link,
        is_extracted=True,
    )


def _strip_tags(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).strip()


def read_sources(
    inputs: Iterable[str | Path], options: SourceOptions | None = None
) -> Iterator[SourceResult]:
    """Read paths and URLs in order; each input yields documents and/or its errors, never an exception."""
    options = options or SourceOptions()
    for raw in inputs:
        name = str(raw)
        try:
            yield from _read_one(name, options)
        except Exception as exc:  # whatever goes wrong with one input is that input's error
            yield SourceError(name, f"{name}: не удалось прочитать ({type(exc).__name__}: {exc})")


def _read_one(name: str, options: SourceOptions) -> list[SourceResult]:
    if re.match(r"^https?://", name, re.IGNORECASE):
        return fetch_url(name, options)
    path = Path(name)
    if path.is_dir():
        return read_directory(path, options)
    if path.exists():
        return read_file(path, options)
    return [SourceError(name, f"{name}: файл не найден (no such file)")]
