"""News-based computed indicators count only the year's items about the cluster's members."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.news.indicators import news_agreements, news_mentions
from clusterdesk.news.models import NewsItem
from clusterdesk.registry.demo import INDUSTRIAL, load_demo_registry
from clusterdesk.registry.models import Cluster
from tests.news.test_store import _store_text

TEXT = (
    "АО «НПФ «Микран» и ТУСУР подписали соглашение о сотрудничестве в области подготовки кадров. "
    "Соглашение подписали в Томске."
)


def test_news_mentions_and_agreements_follow_year_and_membership(session: Session, models) -> None:  # type: ignore[no-untyped-def]
    load_demo_registry(session=session)
    cluster = session.scalar(select(Cluster).where(Cluster.name == INDUSTRIAL))
    _store_text(session, models, TEXT, "agreement-news")
    item = session.scalar(select(NewsItem))
    assert news_mentions(session=session, cluster_id=cluster.id, year=2025) == 0  # no date: not counted
    item.published = date(2025, 10, 1)
    session.flush()
    assert news_mentions(session=session, cluster_id=cluster.id, year=2025) == 1
    assert news_mentions(session=session, cluster_id=cluster.id, year=2024) == 0
    assert news_agreements(session=session, cluster_id=cluster.id, year=2025) == 1
    other = session.scalar(select(Cluster).where(Cluster.name != INDUSTRIAL))
    assert (
        news_agreements(session=session, cluster_id=other.id, year=2025) == 1
    )  # ТУСУР is a member there too
