"""Media index and visibility at growing store sizes: the work per new item must not grow with the store.

A fresh SQLite file gets N background news items that are already indexed (rows written in bulk: item, one
occurrence, three mentions, entity keys drawn from a pool of 300 names, a random unit vector, a story), a
third of them naming one registry organisation with a confirmed link. Then 30 new items (same shape, real
e5 embedding) are indexed one by one and timed, and the organisation's visibility figures are computed.
Usage: .venv/bin/python bench/media_index.py [N ...]   (default 1000 10000 50000)
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.media.index import index_pending
from clusterdesk.media.models import MediaArticle, MediaItem, MediaItemKey, MediaStory
from clusterdesk.media.visibility import organization_visibility
from clusterdesk.migrate import upgrade
from clusterdesk.news.models import MentionStatus, NewsArticle, NewsItem, NewsMention, NewsOccurrence
from clusterdesk.registry.models import Organization, OrganizationKind

NAMES = [f"Компания {i}" for i in range(300)]
START = date(2024, 1, 1)
NEW = 30


def _fill(session, n: int, org_id: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    step = 2000
    for base in range(0, n, step):
        ids = range(base + 1, min(n, base + step) + 1)
        days = {i: START + timedelta(days=rng.randrange(700)) for i in ids}
        session.execute(
            insert(NewsItem),
            [
                {
                    "id": i,
                    "fingerprint": f"bg{i}",
                    "title": f"Новость {i}",
                    "published": days[i],
                    "text": f"Текст новости {i}.",
                    "search_text": "",
                    "version": 1,
                }
                for i in ids
            ],
        )
        session.execute(
            insert(NewsArticle),
            [{"id": i, "source": f"https://site{i % 40}.ru/{i}", "url": None} for i in ids],
        )
        session.execute(
            insert(NewsOccurrence), [{"item_id": i, "article_id": i, "number": 0, "offset": 0} for i in ids]
        )
        session.execute(insert(MediaArticle), [{"article_id": i, "outlet": f"site{i % 40}.ru"} for i in ids])
        mentions, keys = [], []
        for i in ids:
            chosen = rng.sample(NAMES, 3)
            for j, name in enumerate(chosen):
                linked = j == 0 and i % 3 == 0
                mentions.append(
                    {
                        "item_id": i,
                        "type": "ORG",
                        "start": 0,
                        "end": 1,
                        "text": name,
                        "normal": name,
                        "organization_id": org_id if linked else None,
                        "status": MentionStatus.linked if linked else MentionStatus.unlinked,
                        "version": 1,
                    }
                )
                keys.append({"item_id": i, "key": f"org:{org_id}" if linked else f"org:{name.lower()}"})
        session.execute(insert(NewsMention), mentions)
        session.execute(insert(MediaItemKey), [dict(t) for t in {tuple(k.items()) for k in keys}])
        session.execute(
            insert(MediaStory),
            [
                {
                    "id": i,
                    "title": f"Новость {i}",
                    "first_published": days[i],
                    "last_published": days[i],
                    "item_count": 1,
                }
                for i in ids
            ],
        )
        rows = []
        for i in ids:
            v = np.random.default_rng(i).standard_normal(384).astype(np.float32)
            rows.append(
                {
                    "item_id": i,
                    "story_id": i,
                    "published": days[i],
                    "similarity": 1.0,
                    "vector": (v / np.linalg.norm(v)).tobytes(),
                }
            )
        session.execute(insert(MediaItem), rows)


def run(n: int) -> tuple[float, float]:
    rng = random.Random(n)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        with make_session_factory(engine).begin() as session:
            org = Organization(
                short_name="Бенч",
                name="Бенч",
                kind=OrganizationKind.enterprise,
                okved2=[],
                aliases=[],
                search_text="",
            )
            session.add(org)
            session.flush()
            org_id = org.id
            _fill(session, n, org_id, rng)
            for k in range(NEW):
                i = n + k + 1
                day = START + timedelta(days=rng.randrange(700))
                session.add(
                    NewsItem(
                        id=i,
                        fingerprint=f"new{i}",
                        title=f"Событие {k} у компании",
                        published=day,
                        text=f"Компания {k} и Бенч провели встречу номер {k}.",
                        search_text="",
                    )
                )
                session.flush()
                for name in rng.sample(NAMES, 3):
                    session.add(
                        NewsMention(
                            item_id=i,
                            type="ORG",
                            start=0,
                            end=1,
                            text=name,
                            normal=name,
                            status=MentionStatus.unlinked,
                        )
                    )
        with make_session_factory(engine).begin() as session:
            index_pending(session=session, limit=1)  # load the e5 model outside the timing
        with make_session_factory(engine).begin() as session:
            started = time.perf_counter()
            done = index_pending(session=session, limit=NEW)
            per_item = (time.perf_counter() - started) / max(done, 1)
        with make_session_factory(engine).begin() as session:
            started = time.perf_counter()
            figures = organization_visibility(session=session, organization_id=org_id)
            visibility = time.perf_counter() - started
            assert figures.items >= n // 3
        engine.dispose()
    return per_item, visibility


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000, 50000]
    run(200)  # warm up: the e5 model, the morphology, SQLite's code paths
    base = None
    print("| background items | index, ms per new item | ratio | visibility figures, ms | ratio |")
    print("|---|---|---|---|---|")
    for n in sizes:
        per_item, visibility = run(n)
        base = base or (per_item, visibility)
        print(
            f"| {n:,} | {per_item * 1000:.1f} | {per_item / base[0]:.2f} | {visibility * 1000:.0f} | "
            f"{visibility / base[1]:.2f} |"
        )


if __name__ == "__main__":
    main()
