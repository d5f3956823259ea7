"""Raw documents: keep what was fetched (compressed, hashed) and turn it into news (pipeline + store).

One document is one transaction: its raw copy, its news items, mentions and facts are committed together,
so a worker killed at any moment either stored the whole document or nothing of it, and a rerun finds the
stored ones by (URL, content hash) and the stored items by the news store's own (article, item) key.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor, record_change
from clusterdesk.intake.discover import Entry
from clusterdesk.intake.fetch import Fetched
from clusterdesk.intake.models import RawDocument
from clusterdesk.news import records
from clusterdesk.news.dedup import DuplicateIndex
from clusterdesk.news.known_names import registry_gazetteer
from clusterdesk.news.link import Gazetteer
from clusterdesk.news.pipeline import process_document
from clusterdesk.news.sources import document_from_bytes, looks_binary
from clusterdesk.news.store import Outcome, duplicate_index, store_item

TEXT_TYPES = {"", "text/html", "application/xhtml+xml", "text/plain"}


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def compress(body: bytes) -> bytes:
    return zlib.compress(body, 6)


def decompress(body: bytes) -> bytes:
    return zlib.decompress(body)


@dataclass
class Analyser:
    """The heavy models plus what the store needs to recognise reprints; built once per worker cycle."""

    models: object
    gazetteer: Gazetteer
    duplicates: DuplicateIndex

    @classmethod
    def build(cls, *, session: Session, models: object) -> Analyser:
        # the registry gazetteer is cached per process and rebuilt only after a registry change; the
        # near-duplicate index is the store's persistent one (nothing loaded here)
        gazetteer = registry_gazetteer(session=session, vocab=models.morph_vocab)  # type: ignore[attr-defined]
        return cls(models, gazetteer, duplicate_index(session=session))


@dataclass
class Stored:
    """What one document gave: new news items, reprints of known ones, items stored before."""

    document_id: int | None = None
    new: int = 0
    duplicates: int = 0
    already: int = 0
    unchanged: bool = False  # the same bytes were stored before: nothing to do
    error: str | None = None
    item_ids: list[int] = field(default_factory=list)
    outcomes: list[tuple[int, str]] = field(default_factory=list)  # (item id, new | duplicate | already)
    new_texts: list[tuple[int, str]] = field(default_factory=list)


def article_document(
    url: str, body: bytes, content_type: str, entry: Entry | None
) -> records.SourceDocument | str:
    """The article text of a fetched page, or a Russian reason why there is none."""
    if content_type not in TEXT_TYPES:
        return f"{url}: ответ не HTML-страница (тип «{content_type}») — такие документы не разбираются"
    if looks_binary(body):
        return f"{url}: двоичные данные вместо страницы — такие документы не разбираются"
    kind = "text" if content_type == "text/plain" else "auto"
    result = document_from_bytes(url, body, kind=kind)
    if isinstance(result, records.SourceError):
        if entry is not None and entry.summary:
            return summary_document(entry)
        return result.message
    if entry is not None:
        result = replace(
            result, title=result.title or entry.title, published=result.published or entry.published
        )
    return replace(result, source=url, url=url)


def summary_document(entry: Entry) -> records.SourceDocument | str:
    """A feed entry whose page cannot be read: its own summary is the article."""
    result = document_from_bytes(
        entry.url, f"<html><body><article>{entry.summary}</article></body></html>".encode()
    )
    if isinstance(result, records.SourceError):
        return result.message
    return replace(result, source=entry.url, url=entry.url, title=entry.title, published=entry.published)


def text_document(
    text: str, *, source: str, title: str | None, published: date | None
) -> records.SourceDocument:
    return records.SourceDocument(source=source, text=text, title=title, published=published)


def known(session: Session, url: str, digest: str | None = None) -> bool:
    """A document from this URL (with these very bytes, if a hash is given) was stored before."""
    query = select(RawDocument.id).where(RawDocument.url == url)
    if digest is not None:
        query = query.where(RawDocument.content_hash == digest)
    return session.scalar(query.limit(1)) is not None


def store_document(
    *,
    session: Session,
    actor: Actor,
    analyser: Analyser,
    fetched: Fetched,
    source_id: int | None,
    entry: Entry | None = None,
    document: records.SourceDocument | None = None,
) -> Stored:
    """Keep the raw bytes and store the news found in them (flush only; the caller commits)."""
    url = entry.url if entry is not None else fetched.url  # the address the source gave, before redirects
    digest = content_hash(fetched.body)
    if known(session, url, digest):
        return Stored(unchanged=True)
    parsed: records.SourceDocument | str = document or article_document(
        url, fetched.body, fetched.content_type, entry
    )
    raw = RawDocument(
        source_id=source_id,
        url=url,
        status_code=fetched.status_code,
        headers=dict(fetched.headers),
        content_hash=digest,
        size=len(fetched.body),
        body=compress(fetched.body),
    )
    session.add(raw)
    session.flush()
    stored = Stored(document_id=raw.id)
    if isinstance(parsed, str):
        raw.error = stored.error = parsed
    else:
        store_items(session=session, actor=actor, analyser=analyser, document=parsed, stored=stored)
    raw.items_new = stored.new
    session.flush()
    record_change(
        session=session,
        actor=actor,
        action="create",
        entity=raw,
        before=None,
        after={
            "url": raw.url,
            "source_id": source_id,
            "content_hash": digest,
            "size": raw.size,
            "items_new": stored.new,
            "error": raw.error,
        },
    )
    return stored


def store_items(
    *, session: Session, actor: Actor, analyser: Analyser, document: records.SourceDocument, stored: Stored
) -> None:
    """Run the pipeline over one document and store each item through the news store."""
    try:
        items = process_document(document, models=analyser.models, gazetteer=analyser.gazetteer)  # type: ignore[arg-type]
    except Exception as exc:  # a pipeline bug on one page must not stop the source: it is reported
        stored.error = f"{document.source}: ошибка обработки ({type(exc).__name__}: {exc})"
        return
    for item in items:
        result = store_item(session=session, actor=actor, item=item, duplicates=analyser.duplicates)
        stored.item_ids.append(result.item_id)
        stored.outcomes.append((result.item_id, result.outcome.value))
        if result.outcome == Outcome.new:
            stored.new += 1
            stored.new_texts.append((result.item_id, item.text))
        elif result.outcome == Outcome.duplicate:
            stored.duplicates += 1
        else:
            stored.already += 1


def committed(analyser: Analyser, stored: Stored) -> None:
    """After the commit, new items join the near-duplicate index (a rolled-back one must leave no trace)."""
    for item_id, text in stored.new_texts:
        analyser.duplicates.add(str(item_id), text)
