"""Demo news: ingest the two seed texts shipped with the package, linked to the demo registry."""

from __future__ import annotations

from importlib import resources

from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.news import records
from clusterdesk.news.ingest import shared_models
from clusterdesk.news.link import Gazetteer
from clusterdesk.news.pipeline import process_text
from clusterdesk.news.store import Outcome, duplicate_index, registry_names, store_item

ORDER = 90  # after every registry-like domain, so that links find their targets
DEMO_ACTOR = Actor(id=None, name="demo-loader")


def seed_texts() -> list[tuple[str, str]]:
    folder = resources.files("clusterdesk.news").joinpath("seeds")
    return [
        (f"seeds/{entry.name}", entry.read_text("utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".txt")
    ]


def load_demo(*, session: Session) -> dict[str, int]:
    models = shared_models()
    gazetteer = Gazetteer(registry_names(session=session), models.morph_vocab)  # type: ignore[attr-defined]
    duplicates = duplicate_index(session=session)
    created = {"news_items": 0}
    for source, text in seed_texts():
        for item in process_text(text, source=source, models=models, gazetteer=gazetteer):  # type: ignore[arg-type]
            assert isinstance(item, records.NewsItem)
            stored = store_item(session=session, actor=DEMO_ACTOR, item=item, duplicates=duplicates)
            if stored.outcome == Outcome.new:
                duplicates.add(str(stored.item_id), item.text)
                created["news_items"] += 1
    return created
