"""Demo news: ingest the two seed texts shipped with the package, linked to the demo registry.

Each seed keeps its machine name as the article's ``source`` (the API and the JSONL show it); what a person
reads is the article's title and address, filled from ``SEED_ARTICLES`` (news/present.py describes a source
by its outlet, title and date, never by its file name).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor, record_change, snapshot
from clusterdesk.news.ingest import submit
from clusterdesk.news.models import NewsArticle

# after the registry (10), whose names the links find, and before events (40), which cite these news items
ORDER = 35
DEMO_ACTOR = Actor(id=None, name="demo-loader")


@dataclass(frozen=True)
class SeedArticle:
    title: str
    url: str | None = None


# What each seed is, in words: seed 000 gathers six short news items about TUSUR from several sites (the first
# is tusur.ru's «ТУСУР примет участие в стратегической сессии кластеров-лидеров»), seed 004 is one Sibmedia
# article (the page the text was copied from, found by its title).
SEED_ARTICLES = {
    "000_f616627dc7c17607.txt": SeedArticle("Подборка новостей о ТУСУРе"),
    "004_0536215247163e9f.txt": SeedArticle(
        "Участники промышленного кластера Томской области презентовали свои проекты",
        "https://www.sibmedia.ru/tomsk/uchastniki-promyshlennogo-klastera-tomskoj-oblasti-prezentovali-svoi-proekty/amp",
    ),
}


def seed_texts() -> list[tuple[str, str]]:
    folder = resources.files("clusterdesk.news").joinpath("seeds")
    entries = sorted(folder.iterdir(), key=lambda e: e.name)
    return [(f"seeds/{e.name}", e.read_text("utf-8")) for e in entries if e.name.endswith(".txt")]


def describe_seed(*, session: Session, source: str) -> None:
    """Give a seed's article its title and address (a second load changes nothing)."""
    known = SEED_ARTICLES.get(source.removeprefix("seeds/"))
    article = session.scalar(select(NewsArticle).where(NewsArticle.source == source))
    if known is None or article is None or (article.title, article.url) == (known.title, known.url):
        return
    before = snapshot(article)
    article.title, article.url = known.title, known.url
    session.flush()
    record_change(
        session=session,
        actor=DEMO_ACTOR,
        action="update",
        entity=article,
        before=before,
        after=snapshot(article),
    )


def load_demo(*, session: Session) -> dict[str, int]:
    new = 0
    for source, text in seed_texts():
        new += submit(session=session, actor=DEMO_ACTOR, text=text, source=source).new
        describe_seed(session=session, source=source)
    return {"news_items": new}
