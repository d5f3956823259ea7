"""Demo news: ingest the two seed texts shipped with the package, linked to the demo registry."""

from __future__ import annotations

from importlib import resources

from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.news.ingest import submit

ORDER = 90  # after every registry-like domain, so that links find their targets
DEMO_ACTOR = Actor(id=None, name="demo-loader")


def seed_texts() -> list[tuple[str, str]]:
    folder = resources.files("clusterdesk.news").joinpath("seeds")
    entries = sorted(folder.iterdir(), key=lambda e: e.name)
    return [(f"seeds/{e.name}", e.read_text("utf-8")) for e in entries if e.name.endswith(".txt")]


def load_demo(*, session: Session) -> dict[str, int]:
    new = 0
    for source, text in seed_texts():
        new += submit(session=session, actor=DEMO_ACTOR, text=text, source=source).new
    return {"news_items": new}
