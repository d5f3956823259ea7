"""The store's write path (Core inserts, band keys computed on a backfill worker) keeps the store's
guarantees on SQLite and PostgreSQL: every row checked as an ORM flush checks it, prepared keys used only for
the text they were computed for, and a reprint found exactly as with keys computed by the store."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.service import Actor
from clusterdesk.errors import ValidationFailed
from clusterdesk.news.backfill import with_store_keys
from clusterdesk.news.dedup import LSH_BANDS, prepared_band_keys, prepared_bands, text_fingerprint
from clusterdesk.news.models import NewsArticle, NewsBand, NewsFact, NewsItem, NewsMention, NewsOccurrence
from clusterdesk.news.pipeline import process_text
from clusterdesk.news.store import Outcome, store_item
from tests.news.test_stored_index import _article, _reprint

ACTOR = Actor(id=None, name="test-write-path")
TABLES = (NewsArticle, NewsItem, NewsOccurrence, NewsMention, NewsFact, NewsBand, ChangeRecord)


def _counts(session: Session) -> list[int]:
    return [session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES]


def test_prepared_band_keys_belong_to_their_text() -> None:
    text = _article()
    fingerprint = text_fingerprint(text)
    keys = prepared_band_keys(prepared_bands(text, fingerprint), fingerprint)
    assert keys is not None and len(keys) == LSH_BANDS[0] and [k[0] for k in keys] == list(range(37))
    assert prepared_band_keys(prepared_bands(text, fingerprint), text_fingerprint("другой текст")) is None
    assert prepared_band_keys(prepared_bands("", text_fingerprint("")), text_fingerprint("")) == []
    assert prepared_band_keys(None, fingerprint) is None


def test_a_reprint_is_found_with_worker_keys_and_with_keys_of_another_text(session: Session, models) -> None:  # type: ignore[no-untyped-def]
    article = _article()
    [first] = process_text(article, source="first-site", models=models)
    stored = store_item(session=session, actor=ACTOR, item=with_store_keys(first))
    assert stored.outcome == Outcome.new
    [reprint] = process_text(_reprint(article), source="other-site", models=models)
    # keys computed on a worker for a different text are ignored: the store computes this text's own
    stale = replace(
        reprint, extra={"bands": prepared_bands("совсем другой текст", reprint.fingerprint + "x")}
    )
    savepoint = session.begin_nested()
    assert store_item(session=session, actor=ACTOR, item=stale) == replace(stored, outcome=Outcome.duplicate)
    savepoint.rollback()
    again = store_item(session=session, actor=ACTOR, item=with_store_keys(reprint))
    assert again == replace(stored, outcome=Outcome.duplicate)
    occurrences = session.scalars(
        select(NewsOccurrence).where(NewsOccurrence.item_id == stored.item_id).order_by(NewsOccurrence.id)
    ).all()
    assert [o.similarity == 1.0 for o in occurrences] == [True, False] and occurrences[1].similarity >= 0.6
    assert session.scalar(select(func.count()).select_from(NewsBand)) == LSH_BANDS[0]
    audit = session.scalars(
        select(ChangeRecord).where(ChangeRecord.entity_id == stored.item_id).order_by(ChangeRecord.id)
    ).all()
    assert [(a.entity_type, a.action) for a in audit] == [("news_item", "create"), ("news_item", "update")]
    assert audit[0].after["mentions"] == len(first.entities) > 0


@pytest.mark.parametrize(
    "spoil",
    [
        lambda e: replace(e, text=e.text + "\x00"),  # NUL in a mention (a Core insert)
        lambda e: replace(e, normal="я" * 1001),  # longer than the column (SQLite would store it)
    ],
    ids=["nul", "too-long"],
)
def test_a_mention_the_column_cannot_hold_stores_nothing_of_the_item(session: Session, models, spoil) -> None:  # type: ignore[no-untyped-def]
    [item] = process_text(_article(), source="spoilt", models=models)
    bad = replace(item, entities=(*item.entities[:-1], spoil(item.entities[-1])))
    before = _counts(session)
    savepoint = session.begin_nested()
    with pytest.raises(ValidationFailed) as failed:
        store_item(session=session, actor=ACTOR, item=bad)
    savepoint.rollback()
    assert [p.field for p in failed.value.problems] == [
        "text" if "\x00" in bad.entities[-1].text else "normal"
    ]
    assert _counts(session) == before
    assert store_item(session=session, actor=ACTOR, item=item).outcome == Outcome.new


def test_an_item_number_out_of_range_is_refused_before_the_database(session: Session, models) -> None:  # type: ignore[no-untyped-def]
    [item] = process_text(_article(), source="far", models=models)
    savepoint = session.begin_nested()
    with pytest.raises(ValidationFailed) as failed:
        store_item(session=session, actor=ACTOR, item=replace(item, offset=2**31))
    savepoint.rollback()
    assert [p.field for p in failed.value.problems] == ["offset"]
