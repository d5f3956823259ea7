"""The registry gazetteer of this process, rebuilt only when the registry changed (in any process).

Building the gazetteer reads every organisation and person name and parses them; doing that for each
``POST /api/v1/news`` made a request cost more as the registry grew. Here it is built once per process and
database and reused while a cheap signature of the registry — row count, newest ``updated_at`` and the sum
of ids of organisations and of people, one indexed aggregate query — is unchanged. A change made by another
process (another web worker, the CLI) changes the signature, so the next use sees it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.news.link import Gazetteer
from clusterdesk.news.store import registry_names
from clusterdesk.registry.models import Organization, Person


@dataclass
class _Cached:
    signature: tuple[Any, ...] | None = None
    gazetteer: Gazetteer | None = None
    vocab_id: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_CACHE: dict[str, _Cached] = {}
_CACHE_LOCK = threading.Lock()


def _database_key(session: Session) -> str:
    bind: Any = session.get_bind()
    engine = getattr(bind, "engine", bind)
    return f"{engine.url!r}#{id(engine)}"


def registry_signature(*, session: Session) -> tuple[Any, ...]:
    """What changes whenever an organisation or person is added, edited, merged away or deleted."""
    orgs = select(func.count(Organization.id), func.max(Organization.updated_at), func.sum(Organization.id))
    people = select(func.count(Person.id), func.max(Person.updated_at), func.sum(Person.id))
    return (*session.execute(orgs).one(), *session.execute(people).one())


def registry_gazetteer(*, session: Session, vocab: Any | None = None) -> Gazetteer:
    """The gazetteer over the registry as ``session`` sees it; rebuilt only after a registry change."""
    with _CACHE_LOCK:
        cached = _CACHE.setdefault(_database_key(session), _Cached())
    signature = registry_signature(session=session)
    with cached.lock:
        if cached.gazetteer is None or cached.signature != signature or cached.vocab_id != id(vocab):
            cached.gazetteer = Gazetteer(registry_names(session=session), vocab)
            cached.signature = signature
            cached.vocab_id = id(vocab)
        return cached.gazetteer
