"""Large uploads analysed in the background, item by item, with their progress kept on the raw document.

The raw document is committed first (``progress_total`` items to do); each item is then analysed and stored in
its own transaction together with the progress counter, so the page can show how far it got, and a server
restarted mid-way resumes where it stopped when the same file is uploaded again (the news store recognises the
items already stored by their (article, item number) key).
"""

from __future__ import annotations

import logging
import threading
import traceback
from dataclasses import replace

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.audit.service import Actor, record_change
from clusterdesk.db import writing
from clusterdesk.intake import documents
from clusterdesk.intake.check import models
from clusterdesk.intake.documents import Analyser
from clusterdesk.intake.manual import Upload
from clusterdesk.intake.models import RawDocument
from clusterdesk.news.pipeline import process_text
from clusterdesk.news.records import ItemSlice
from clusterdesk.news.split import split_items
from clusterdesk.news.store import Outcome, store_item

BACKGROUND_ITEMS = 8  # more news items than this in one file: analyse in the background
BACKGROUND_BYTES = 512 * 1024
log = logging.getLogger("clusterdesk.uploads")


def slices_of(upload: Upload) -> list[ItemSlice]:
    document = upload.document
    if document.is_extracted:
        return [ItemSlice(offset=0, text=document.text, title=document.title)]
    return split_items(document.text) or [ItemSlice(offset=0, text=document.text, title=document.title)]


def is_large(upload: Upload) -> bool:
    return len(upload.data) > BACKGROUND_BYTES or len(slices_of(upload)) > BACKGROUND_ITEMS


def start(*, session: Session, actor: Actor, upload: Upload) -> tuple[int, bool]:
    """The raw document to fill in the background (new, or an unfinished one); (id, work left to do)."""
    digest = documents.content_hash(upload.data)
    raw = session.scalar(
        select(RawDocument).where(RawDocument.url == upload.key, RawDocument.content_hash == digest)
    )
    if raw is not None:
        unfinished = raw.progress_total is not None and raw.progress_done < raw.progress_total
        return raw.id, unfinished
    raw = RawDocument(
        source_id=None,
        url=upload.key,
        status_code=200,
        headers={"content-type": upload.content_type},
        content_hash=digest,
        size=len(upload.data),
        body=documents.compress(upload.data),
        progress_total=len(slices_of(upload)),
        progress_done=0,
        items_new=0,
    )
    session.add(raw)
    session.flush()
    record_change(
        session=session,
        actor=actor,
        action="create",
        entity=raw,
        before=None,
        after={"url": raw.url, "content_hash": digest, "size": raw.size, "items": raw.progress_total},
    )
    return raw.id, True


def run(factory: sessionmaker[Session], actor: Actor, raw_id: int, upload: Upload) -> None:
    """Analyse and store the items not stored yet, one transaction each (the thread's body)."""
    try:
        with factory() as session:
            done = session.scalar(select(RawDocument.progress_done).where(RawDocument.id == raw_id)) or 0
            analyser = Analyser.build(session=session, models=models())
        slices = slices_of(upload)
        for number, piece in enumerate(slices):
            if number < done:
                continue
            items = process_text(
                piece.text,
                source=upload.key,
                models=analyser.models,  # type: ignore[arg-type]
                gazetteer=analyser.gazetteer,
                title=piece.title or (upload.document.title if len(slices) == 1 else None),
                published=upload.document.published,
                single_article=True,
            )
            item = replace(items[0], item=number, offset=piece.offset)
            with writing(), factory.begin() as session:
                stored = store_item(session=session, actor=actor, item=item, duplicates=analyser.duplicates)
                is_new = stored.outcome == Outcome.new
                session.execute(
                    update(RawDocument)
                    .where(RawDocument.id == raw_id)
                    .values(progress_done=number + 1, items_new=RawDocument.items_new + int(is_new))
                )
            if is_new:
                analyser.duplicates.add(str(stored.item_id), item.text)
    except Exception as exc:  # reported on the progress page; the items stored so far stay
        log.error("upload %s failed: %s", raw_id, traceback.format_exc())
        with writing(), factory.begin() as session:
            session.execute(
                update(RawDocument)
                .where(RawDocument.id == raw_id)
                .values(error=f"обработка прервана ({type(exc).__name__}: {exc}) — загрузите файл ещё раз")
            )


def run_in_background(
    factory: sessionmaker[Session], actor: Actor, raw_id: int, upload: Upload
) -> threading.Thread:
    thread = threading.Thread(
        target=run, args=(factory, actor, raw_id, upload), name=f"upload-{raw_id}", daemon=True
    )
    thread.start()
    return thread
