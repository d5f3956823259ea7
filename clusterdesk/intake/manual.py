"""News added by a person: a URL, a pasted text or an uploaded file, analysed and stored at once.

The raw input is kept like a fetched document (a pasted text under ``text:<hash>``, a file under
``file:<name>:<hash>``), so the same input twice stores nothing the second time.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.intake import documents
from clusterdesk.intake.check import models
from clusterdesk.intake.discover import Entry
from clusterdesk.intake.documents import Analyser, Stored
from clusterdesk.intake.fetch import Fetched, FetchError, FetchOptions, PoliteClient
from clusterdesk.news import records
from clusterdesk.news.models import NewsArticle, NewsItem, NewsOccurrence
from clusterdesk.news.sources import document_from_bytes

MAX_UPLOAD = 20 * 1024 * 1024
UPLOAD_SUFFIXES = {".txt", ".text", ".html", ".htm", ".eml"}
BROWSER_FETCH = FetchOptions(timeout=20.0, host_delay=0.0, retries=1, backoff=1.0)


@dataclass
class Added:
    """What one input gave, with the stored items to show."""

    name: str
    stored: Stored
    items: list[NewsItem] = field(default_factory=list)
    outcome_of: dict[int, str] = field(default_factory=dict)


def _analyser(session: Session) -> Analyser:
    return Analyser.build(session=session, models=models())


def items_of_article(session: Session, source: str) -> list[int]:
    return list(
        session.scalars(
            select(NewsOccurrence.item_id)
            .join(NewsArticle, NewsArticle.id == NewsOccurrence.article_id)
            .where(NewsArticle.source == source)
            .order_by(NewsOccurrence.number)
        )
    )


def _result(session: Session, name: str, key: str, stored: Stored) -> Added:
    outcome_of = dict(stored.outcomes)
    ids = stored.item_ids
    if stored.unchanged:  # the same input came before: show what it gave then
        ids = items_of_article(session, key)
        outcome_of = dict.fromkeys(ids, "already")
    items = [session.get(NewsItem, i) for i in dict.fromkeys(ids)]
    return Added(name, stored, [i for i in items if i is not None], outcome_of)


def add_url(*, session: Session, actor: Actor, url: str, options: FetchOptions = BROWSER_FETCH) -> Added:
    try:
        with PoliteClient(options) as client:
            fetched = client.get(url)
    except FetchError as exc:
        raise ValidationFailed([FieldProblem("url", exc.message)]) from exc
    entry = Entry(url=url)
    stored = documents.store_document(
        session=session,
        actor=actor,
        analyser=_analyser(session),
        fetched=fetched,
        source_id=None,
        entry=entry,
    )
    if stored.error and not stored.item_ids:
        raise ValidationFailed([FieldProblem("url", stored.error)])
    return _result(session, url, url, stored)


def add_text(
    *, session: Session, actor: Actor, text: str, title: str | None = None, published: date | None = None
) -> Added:
    body = text.encode("utf-8")
    key = f"text:{documents.content_hash(body)[:16]}"
    document = documents.text_document(text, source=key, title=title, published=published)
    fetched = Fetched(key, 200, body, {"content-type": "text/plain; charset=utf-8"})
    stored = documents.store_document(
        session=session,
        actor=actor,
        analyser=_analyser(session),
        fetched=fetched,
        source_id=None,
        document=document,
    )
    return _result(session, title or "вставленный текст", key, stored)


def eml_text(data: bytes) -> tuple[bytes, str, str | None]:
    """The body of an e-mail (plain text preferred, else HTML) and its subject."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    subject = str(message.get("subject") or "") or None
    part = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
    if part is None:
        raise ValueError("в письме нет текста")
    content = part.get_content()
    kind = "html" if part.get_content_subtype() == "html" else "text"
    return (content.encode("utf-8") if isinstance(content, str) else content), kind, subject


@dataclass(frozen=True)
class Upload:
    """An uploaded file read into a pipeline input, before anything is stored."""

    name: str
    key: str  # the article key of the news store: file:<name>:<hash>
    data: bytes
    content_type: str
    document: records.SourceDocument


def read_upload(filename: str, data: bytes) -> Upload:
    """Check and decode an uploaded file; every problem is a 422 naming the «file» field."""
    name = PurePath(filename or "файл").name[:200]
    suffix = PurePath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ValidationFailed([FieldProblem("file", f"{name}: принимаются файлы .txt, .html и .eml")])
    if len(data) > MAX_UPLOAD:
        raise ValidationFailed(
            [FieldProblem("file", f"{name}: файл больше {MAX_UPLOAD // (1024 * 1024)} МБ")]
        )
    key = f"file:{name}:{documents.content_hash(data)[:16]}"
    subject = None
    body, kind = data, ("html" if suffix in (".html", ".htm") else "auto")
    if suffix == ".eml":
        try:
            body, kind, subject = eml_text(data)
        except (ValueError, LookupError) as exc:
            raise ValidationFailed([FieldProblem("file", f"{name}: письмо не читается ({exc})")]) from exc
    parsed = document_from_bytes(key, body, kind=kind)
    if isinstance(parsed, records.SourceError):
        raise ValidationFailed([FieldProblem("file", parsed.message)])
    document = replace(parsed, source=key, title=parsed.title or subject, is_extracted=kind == "html")
    content_type = {"html": "text/html", "text": "text/plain"}.get(kind, "text/plain")
    if suffix == ".eml":
        content_type = "message/rfc822"  # kept as received: reprocessing reads the letter again
    return Upload(name, key, data, content_type, document)


def add_file(*, session: Session, actor: Actor, upload: Upload) -> Added:
    fetched = Fetched(upload.key, 200, upload.data, {"content-type": upload.content_type})
    stored = documents.store_document(
        session=session,
        actor=actor,
        analyser=_analyser(session),
        fetched=fetched,
        source_id=None,
        document=upload.document,
    )
    return _result(session, upload.name, upload.key, stored)
