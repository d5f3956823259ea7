"""Demo sources: the small news site ClusterDesk serves itself (demo_site), polled by the demo worker."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.config import get_settings
from clusterdesk.intake import service
from clusterdesk.intake.demo_site import PREFIX
from clusterdesk.intake.models import Source, SourceKind
from clusterdesk.intake.schemas import SourceCreate, SourceUpdate

ORDER = 95  # after the news demo: the demo worker then adds news next to the seed texts
DEMO_ACTOR = Actor(id=None, name="demo-loader")

DEMO_SOURCES = (
    ("Демо: лента новостей кластера (RSS)", f"{PREFIX}/feed.xml", SourceKind.feed, 2),
    ("Демо: страница «Новости кластера»", f"{PREFIX}/", SourceKind.listing, 10),
)


def demo_base() -> str:
    settings = get_settings()
    return f"http://{settings.host}:{settings.port}"


def load_demo(*, session: Session) -> dict[str, int]:
    """Register the demo sources (once: a source found by its path is left as it is)."""
    base = demo_base()
    created = 0
    existing = {urlsplit(url).path for url in session.scalars(select(Source.url))}
    for name, path, kind, minutes in DEMO_SOURCES:
        if path in existing:
            continue
        data = SourceCreate(url=f"{base}{path}", kind=kind, name=name, interval_minutes=minutes)
        service.create(session=session, actor=DEMO_ACTOR, data=data)
        created += 1
    return {"sources": created}


def point_demo_sources(*, session: Session, base: str) -> None:
    """The demo served on another host or port: move the demo sources there."""
    target = urlsplit(base)
    for source in session.scalars(select(Source).where(Source.url.like(f"%{PREFIX}/%"))):
        parts = urlsplit(source.url)
        if parts.netloc != target.netloc:
            moved = urlunsplit((target.scheme, target.netloc, parts.path, parts.query, ""))
            service.update(
                session=session, actor=DEMO_ACTOR, source_id=source.id, data=SourceUpdate(url=moved)
            )
