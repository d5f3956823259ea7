"""Stories: the pure grouping rule, and the incremental index grouping items from different outlets."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.media.index import index_pending
from clusterdesk.media.models import MediaArticle, MediaItem, MediaItemKey, MediaStory
from clusterdesk.media.service import StoryFilter, get_stories, get_story
from clusterdesk.media.stories import EntityRef, StoryText, choose_story, entity_keys, within_window
from clusterdesk.registry.demo import load_demo_registry
from tests.media.conftest import publish

# Real publications (tass.ru and kommersant.ru on 1 September 2025, nakanune.ru four weeks later).
TASS = (
    "Промышленный кластер электроники и беспилотных технологий создали в Томской области. Компании планируют "
    "инвестировать 1 млрд рублей в импортозамещающие производства, сообщил в своем Telegram-канале "
    "губернатор Владимир Мазур. По его словам, новый кластер объединил 6 проектов и 13 организаций."
)
KOMMERSANT = (
    "В Томской области создали промышленный кластер электроники и беспилотных технологий. Соответствующий "
    "указ подписал министр промышленности и торговли РФ Антон Алиханов. «В планах компаний инвестировать "
    "1 млрд руб. в импортозамещающие производства», — сообщил в своем Telegram-канале глава Томской области "
    "Владимир Мазур."
)
NAKANUNE = (
    "В ходе рабочей поездки в Республику Беларусь губернатор Томской области Владимир Мазур принял участие в "
    "круглом столе «Межрегиональное сотрудничество в области промышленных инноваций» в рамках выставки "
    "«Иннопром» в Минске."
)


def _text(item_id: int, vector: list[float], keys: set[str], day: int | None = 1) -> StoryText:
    v = np.asarray(vector, dtype=np.float32)
    published = date(2025, 9, day) if day is not None else None
    return StoryText(item_id, published, frozenset(keys), v / np.linalg.norm(v))


def test_rule_joins_close_texts_of_the_window_only() -> None:
    base = _text(1, [1, 0, 0], {"org:1"})
    base = StoryText(1, base.published, base.keys, base.vector, story_id=7)
    close = _text(2, [1, 0.1, 0], {"org:1"})
    chosen, score = choose_story(close, [base])
    assert chosen is not None and chosen.story_id == 7 and score > 0.9
    far_in_time = _text(3, [1, 0.1, 0], {"org:1"}, day=20)
    assert choose_story(far_in_time, [base]) == (None, 0.0)
    unrelated = _text(4, [0, 1, 0], {"org:1"})
    assert choose_story(unrelated, [base])[0] is None


def test_undated_items_are_compared_with_undated_ones_only() -> None:
    assert within_window(None, None)
    assert not within_window(date(2025, 9, 1), None)
    assert within_window(date(2025, 9, 1), date(2025, 9, 4))
    assert not within_window(date(2025, 9, 1), date(2025, 9, 5))


def test_entity_keys_prefer_registry_links() -> None:
    keys = entity_keys(
        [
            EntityRef("ORG", "ТУСУР", organization_id=5),
            EntityRef("PER", "Владимир Мазур"),
            EntityRef("LOC", "Томск"),
        ]
    )
    assert keys == {"org:5", "per:владимир мазур", "loc:томск"}


def test_two_outlets_on_one_happening_make_one_story(session: Session) -> None:
    load_demo_registry(session=session)
    publish(session, TASS, "https://tass.ru/ekonomika/24923447", date(2025, 9, 1))
    publish(session, KOMMERSANT, "https://www.kommersant.ru/doc/8006829", date(2025, 9, 1))
    publish(session, NAKANUNE, "https://www.nakanune.ru/news/2025/9/29/22839801/", date(2025, 9, 29))
    assert index_pending(session=session, limit=1) == 1  # a bounded batch: one item now
    assert index_pending(session=session) == 2
    assert index_pending(session=session) == 0  # nothing left: no rebuild

    outlets = set(session.scalars(select(MediaArticle.outlet)))
    assert outlets == {"tass.ru", "kommersant.ru", "nakanune.ru"}
    stories = {i.item_id: i.story_id for i in session.scalars(select(MediaItem))}
    first, second, third = sorted(stories)
    assert stories[first] == stories[second]
    assert stories[third] != stories[first]
    story = session.get(MediaStory, stories[first])
    assert story is not None and story.item_count == 2 and story.first_published == date(2025, 9, 1)
    assert session.scalar(select(func.count()).select_from(MediaItemKey)) > 0

    entry = get_story(session=session, story_id=story.id)
    assert [i.id for i in entry.items] == [first, second]
    assert entry.all_outlets == ["kommersant.ru", "tass.ru"]
    several, total = get_stories(session=session, filters=StoryFilter(several=True))
    assert total == 1 and several[0].story.id == story.id
    _, everything = get_stories(session=session, filters=StoryFilter())
    assert everything == 2


def test_index_command_indexes_what_is_stored(scratch_url: str, tmp_path: Path) -> None:
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as db:
        load_demo_registry(session=db)
        publish(db, TASS, "https://tass.ru/ekonomika/24923447", date(2025, 9, 1))
        publish(db, KOMMERSANT, "https://www.kommersant.ru/doc/8006829", date(2025, 9, 1))
    env = {**os.environ, "CLUSTERDESK_DATABASE_URL": scratch_url, "CLUSTERDESK_ENVIRONMENT": "test"}
    env.update(NO_COLOR="1", COLUMNS="200")
    command = [sys.executable, "-m", "clusterdesk.cli", "media", "index", "--batch", "1"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Проиндексировано новостей: 2" in done.stdout
    again = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert "Проиндексировано новостей: 0" in again.stdout
    with make_session_factory(engine).begin() as db:
        assert db.scalar(select(func.count(func.distinct(MediaItem.story_id)))) == 1
    engine.dispose()


def test_news_item_page_names_its_story(session: Session, client) -> None:  # type: ignore[no-untyped-def]
    load_demo_registry(session=session)
    [first] = publish(session, TASS, "https://tass.ru/ekonomika/24923447", date(2025, 9, 1))
    [second] = publish(session, KOMMERSANT, "https://www.kommersant.ru/doc/8006829", date(2025, 9, 1))
    nakanune = "https://www.nakanune.ru/news/2025/9/29/22839801/"
    [alone] = publish(session, NAKANUNE, nakanune, date(2025, 9, 29))
    index_pending(session=session)
    session.flush()
    story_id = session.scalar(select(MediaItem.story_id).where(MediaItem.item_id == first))
    for item_id in (first, second):
        page = client.get(f"/news/{item_id}")
        assert page.status_code == 200
        assert 'data-testid="news-story"' in page.text and f'href="/media/stories/{story_id}"' in page.text
        assert "2 публикации" in page.text
    assert 'data-testid="news-story"' not in client.get(f"/news/{alone}").text  # a story of one: no block
