"""Backfill inputs: news archives cut into work units for analysis on a cluster.

Three kinds of input, read lazily in the order given:

- files and directories, exactly as ``clusterdesk ingest`` reads them (a `FileUnit` per file: the worker runs
  the same reader and pipeline, so the same items come out);
- WARC / WARC.GZ web archives (the format of web crawls, read with ``warcio``): every ``response`` record of
  an HTML page with status 200 becomes a `PageUnit` with the page's bytes, named by its URL — what
  ``ingest`` stores for that URL fetched live. Requests, redirects, images, scripts and other records are not
  articles and are passed over (counted, not errors);
- JSONL dumps (``.jsonl``, ``.ndjson``, optionally gzipped): one article per line, an object with ``url``,
  ``title``, ``published`` (ISO date) and ``html`` or ``text``. A line becomes a `PageUnit` named by its URL
  (or ``dump#line`` without one); the line's title and date win over what the page itself says.

Page units carry their content, so a remote Dask worker needs nothing but the package; file units carry a
path, so on a remote cluster the workers must see the files at the same path (shared storage). A bad line or
record is a `SourceError` naming it, and reading goes on; a corrupt archive ends that archive only.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Literal

from clusterdesk.news.records import SourceError
from clusterdesk.news.sources import HTML_SUFFIXES

InputFormat = Literal["auto", "files", "warc", "jsonl"]
INPUT_FORMATS: tuple[InputFormat, ...] = ("auto", "files", "warc", "jsonl")
WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class FileUnit:
    """A file (or URL) read on the worker exactly as ``ingest`` reads it."""

    source: str
    size: int = 0  # bytes of input it stands for (progress)

    @property
    def single_article(self) -> bool:
        """An HTML page is one article (item 0), so «stored» is known before analysis; a text may split."""
        return Path(self.source).suffix.lower() in HTML_SUFFIXES


@dataclass(frozen=True, slots=True)
class PageUnit:
    """One article from an archive: a page's HTML bytes or a plain text, and what the archive says of it."""

    source: str
    html: bytes | None = None
    text: str | None = None
    title: str | None = None
    published: date | None = None
    url: str | None = None
    size: int = 0

    @property
    def single_article(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class Passed:
    """An archive record that is not an article (a request, a redirect, an image...): no error, no item."""

    source: str
    size: int = 0


Unit = FileUnit | PageUnit
ArchiveEntry = FileUnit | PageUnit | Passed | SourceError


def kind_of(path: str, fmt: InputFormat = "auto") -> Literal["files", "warc", "jsonl"]:
    """How an input file is read: by ``--format``, else by its name."""
    if fmt != "auto":
        return fmt
    name = path.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "files"


def input_size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except (OSError, ValueError):
        return 0


def archive_entries(units: Iterable[str], fmt: InputFormat = "auto") -> Iterator[ArchiveEntry]:
    """Every work unit of the expanded inputs (``ingest.expand_inputs``), lazily, in order."""
    for path in units:
        kind = "files" if "://" in path else kind_of(path, fmt)
        if kind == "warc":
            yield from read_warc(path)
        elif kind == "jsonl":
            yield from read_jsonl(path)
        else:
            yield FileUnit(path, input_size(path))


class _Position:
    """Bytes of a raw file consumed so far, handed out as the size of each unit read."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.last = 0

    def take(self) -> int:
        try:
            now = self.raw.tell()
        except (OSError, ValueError):
            return 0
        step, self.last = max(0, now - self.last), now
        return step


def read_warc(path: str) -> Iterator[ArchiveEntry]:
    """HTML responses of a WARC / WARC.GZ file as page units; a corrupt archive is an error and ends it."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    try:
        with open(path, "rb") as raw:
            position = _Position(raw)
            for record in ArchiveIterator(raw):
                number += 1
                if record.format != "warc":  # warcio reads anything as old ARC records: refuse it
                    yield SourceError(
                        path, f"{path}: архив WARC повреждён или это не WARC (запись №{number})"
                    )
                    return
                name = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{number}"
                entry = _warc_page(record, name) if record.rec_type in ("response", "resource") else None
                size = position.take()  # warcio skips what a record left unread on the next step
                if entry is None:
                    yield Passed(name, size)
                elif isinstance(entry, PageUnit):
                    yield replace(entry, size=size)
                else:
                    yield entry
    except OSError as exc:
        yield SourceError(path, f"{path}: не удалось прочитать архив WARC ({exc.strerror or exc})")
    except (ArchiveLoadFailed, EOFError, ValueError, gzip.BadGzipFile) as exc:
        yield SourceError(
            path,
            f"{path}: архив WARC повреждён после записи №{number}, остальные записи пропущены "
            f"({type(exc).__name__}: {exc})",
        )


def _warc_page(record: object, name: str) -> PageUnit | SourceError | None:
    """The page of a response record, or None when the record is not an HTML page with status 200."""
    http = getattr(record, "http_headers", None)
    content_type = ""
    if http is not None:
        if http.get_statuscode() != "200":
            return None
        content_type = (http.get_header("Content-Type") or "").lower()
    else:  # a resource record: the WARC header names the type
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()  # type: ignore[attr-defined]
    if not content_type.startswith(HTML_TYPES):
        return None
    try:
        body = record.content_stream().read()  # type: ignore[attr-defined]
    except Exception as exc:  # a broken transfer or content encoding: this record's error
        return SourceError(name, f"{name}: запись WARC не читается ({type(exc).__name__}: {exc})")
    missing = getattr(getattr(record, "raw_stream", None), "limit", 0)
    if isinstance(missing, int) and missing > 0:  # the archive ends inside this record
        return SourceError(name, f"{name}: запись WARC обрезана (не хватает {missing} байт)")
    url = name if "://" in name else None
    return PageUnit(name, html=body, url=url)


def read_jsonl(path: str) -> Iterator[ArchiveEntry]:
    """One page unit per line of a JSONL dump; a bad line is its own error and the next line is read."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below; the gzip reader wraps it
    except OSError as exc:
        yield SourceError(path, f"{path}: не удалось прочитать ({exc.strerror or exc})")
        return
    with raw:
        position = _Position(raw)
        stream: IO[bytes] = (
            gzip.GzipFile(fileobj=raw) if path.lower().endswith(".gz") else raw  # type: ignore[assignment]
        )
        number = 0
        try:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    position.take()
                    continue
                yield jsonl_entry(path, number, line, position.take())
        except (OSError, EOFError) as exc:
            yield SourceError(
                path,
                f"{path}: дамп прочитан до строки {number}, дальше повреждён ({type(exc).__name__}: {exc})",
            )


def jsonl_entry(path: str, number: int, line: bytes, size: int = 0) -> PageUnit | SourceError:
    """One line of a dump as a page unit, or an error naming the line and the reason."""
    where = f"{path}, строка {number}"
    key = f"{path}#{number}"
    try:
        data = json.loads(line)
    except (UnicodeDecodeError, ValueError) as exc:
        return SourceError(key, f"{where}: не JSON ({exc})")
    if not isinstance(data, dict):
        return SourceError(key, f"{where}: ожидался объект JSON со статьёй, а не {type(data).__name__}")
    url = data.get("url")
    if url is not None and (not isinstance(url, str) or not url.strip()):
        return SourceError(key, f"{where}: поле url должно быть непустой строкой")
    html, text, title = data.get("html"), data.get("text"), data.get("title")
    for field_name, value in (("html", html), ("text", text), ("title", title)):
        if value is not None and not isinstance(value, str):
            return SourceError(key, f"{where}: поле {field_name} должно быть строкой")
    if not (html and html.strip()) and not (text and text.strip()):
        return SourceError(key, f"{where}: нет текста статьи (ни html, ни text)")
    try:
        published = parse_published(data.get("published"))
    except ValueError as exc:
        return SourceError(key, f"{where}: неверная дата published ({exc})")
    source = url.strip() if url else key
    return PageUnit(
        source,
        html=html.encode("utf-8") if html and html.strip() else None,
        text=None if html and html.strip() else text,
        title=title.strip() if title and title.strip() else None,
        published=published,
        url=url.strip() if url else None,
        size=size,
    )


def parse_published(value: object) -> date | None:
    """An ISO date or date-time (``2021-03-04``, ``2021-03-04T10:00:00+07:00``), or nothing."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{value!r} — не строка с датой")
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"«{text}» — не дата ISO 8601 (ГГГГ-ММ-ДД)") from None
