"""Stored match documents (terms + embedding, written once per text change) and the cached index over them.

The index is kept per database in this process. Before each query a cheap aggregate (count, latest change,
sum of ids) tells whether any document changed since; only the changed rows are then read and put into the
index, so a new capability costs one embedding at write time and one slot update at the next query.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from clusterdesk.projects import embeddings
from clusterdesk.projects.index import Document, MatchIndex
from clusterdesk.projects.models import MatchDocument
from clusterdesk.projects.terms import Terms, terms_of
from clusterdesk.registry.models import Organization


def text_hash(texts: Sequence[str | None]) -> str:
    return hashlib.sha256("\x1f".join(t or "" for t in texts).encode()).hexdigest()


def write_document(
    *,
    session: Session,
    kind: str,
    entity_id: int,
    organization_ids: Sequence[int],
    title: str,
    texts: Sequence[str | None],
    okved2: str | None,
    is_query: bool = False,
) -> MatchDocument:
    """Store the terms and the embedding of a text; an unchanged text is not embedded again."""
    doc = get_document(session=session, kind=kind, entity_id=entity_id)
    digest = text_hash(texts)
    if doc is None:
        doc = MatchDocument(kind=kind, entity_id=entity_id)
        session.add(doc)
    if doc.text_hash != digest or doc.vector is None:
        joined = ". ".join(t.strip() for t in texts if t and t.strip())
        doc.vector = embeddings.to_bytes(embeddings.embed_one(joined, is_query=is_query))
        doc.terms = terms_of(texts).serialise()
        doc.text_hash = digest
    if doc.organization_ids != list(organization_ids):
        doc.organization_ids = list(organization_ids)
    doc.title = title[:500]
    doc.okved2 = okved2
    session.flush()
    return doc


def delete_document(*, session: Session, kind: str, entity_id: int) -> None:
    session.execute(
        delete(MatchDocument).where(MatchDocument.kind == kind, MatchDocument.entity_id == entity_id)
    )


def get_document(*, session: Session, kind: str, entity_id: int) -> MatchDocument | None:
    return session.scalar(
        select(MatchDocument).where(MatchDocument.kind == kind, MatchDocument.entity_id == entity_id)
    )


def as_documents(row: MatchDocument) -> list[Document]:
    vector = embeddings.from_bytes(row.vector) if row.vector else None
    terms = Terms.parse(row.terms)
    return [
        Document((row.kind, row.entity_id), org_id, row.title, terms, row.okved2, vector)
        for org_id in row.organization_ids
    ]


def organization_document(org: Organization) -> Document:
    texts = [org.short_name, org.name, *(org.aliases or []), org.description]
    main = org.okved2[0] if org.okved2 else None
    return Document(("organization", org.id), org.id, org.short_name, terms_of(texts), main, None)


# the cached index -----------------------------------------------------------------------------------------


@dataclass
class _Cached:
    index: MatchIndex = field(default_factory=MatchIndex)
    documents: dict[int, tuple[Any, tuple[str, int]]] = field(default_factory=dict)  # id -> (stamp, key)
    organizations: dict[int, Any] = field(default_factory=dict)  # id -> version stamp
    doc_signature: tuple[Any, ...] | None = None
    org_signature: tuple[Any, ...] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_CACHE: dict[str, _Cached] = {}
INDEXED = MatchDocument.kind != "need"  # needs are queries, not candidates
_CACHE_LOCK = threading.Lock()


def _database_key(session: Session) -> str:
    bind: Any = session.get_bind()
    engine = getattr(bind, "engine", bind)
    return f"{engine.url!r}#{id(engine)}"


def _signature(session: Session, model: Any, *where: Any) -> tuple[Any, ...]:
    query = select(func.count(model.id), func.max(model.updated_at), func.sum(model.id)).where(*where)
    return tuple(session.execute(query).one())


def _refresh_documents(session: Session, cached: _Cached) -> None:
    signature = _signature(session, MatchDocument, INDEXED)
    if signature == cached.doc_signature:
        return
    if cached.doc_signature is not None and cached.doc_signature[1] is not None:
        # the common case, a few writes since: read only the rows changed after the newest one we hold
        newer = select(MatchDocument).where(INDEXED, MatchDocument.updated_at > cached.doc_signature[1])
        for row in session.scalars(newer):
            if row.id in cached.documents:
                cached.index.remove(cached.documents.pop(row.id)[1])
            for doc in as_documents(row):
                cached.index.put(doc)
            cached.documents[row.id] = (row.updated_at, (row.kind, row.entity_id))
        count, _, id_sum = signature
        if count == len(cached.documents) and (id_sum or 0) == sum(cached.documents):
            cached.doc_signature = signature
            return  # nothing was deleted (or rolled back) meanwhile: no full comparison needed
    stamps = {
        row.id: (row.updated_at, (row.kind, row.entity_id))
        for row in session.execute(
            select(
                MatchDocument.id, MatchDocument.updated_at, MatchDocument.kind, MatchDocument.entity_id
            ).where(INDEXED)
        )
    }
    for doc_id, (_, key) in list(cached.documents.items()):
        if doc_id not in stamps or stamps[doc_id][0] != cached.documents[doc_id][0]:
            cached.index.remove(key)
            del cached.documents[doc_id]
    changed = [doc_id for doc_id in stamps if doc_id not in cached.documents]
    for start in range(0, len(changed), 1000):
        rows = session.scalars(
            select(MatchDocument).where(MatchDocument.id.in_(changed[start : start + 1000]))
        )
        for row in rows:
            for doc in as_documents(row):
                cached.index.put(doc)
            cached.documents[row.id] = stamps[row.id]
    cached.doc_signature = signature


def _refresh_organizations(session: Session, cached: _Cached) -> None:
    signature = _signature(session, Organization)
    if signature == cached.org_signature:
        return
    stamps = {i: u for i, u in session.execute(select(Organization.id, Organization.updated_at))}
    for org_id in [o for o in cached.organizations if stamps.get(o) != cached.organizations[o]]:
        cached.index.remove(("organization", org_id))
        del cached.organizations[org_id]
    changed = [org_id for org_id in stamps if org_id not in cached.organizations]
    for start in range(0, len(changed), 1000):
        for org in session.scalars(
            select(Organization).where(Organization.id.in_(changed[start : start + 1000]))
        ):
            cached.index.put(organization_document(org))
            cached.organizations[org.id] = stamps[org.id]
    cached.org_signature = signature


def current_index(*, session: Session) -> tuple[MatchIndex, threading.Lock]:
    """This database's index, brought up to date with what ``session`` sees; hold the lock while searching."""
    with _CACHE_LOCK:
        cached = _CACHE.setdefault(_database_key(session), _Cached())
    with cached.lock:
        _refresh_documents(session, cached)
        _refresh_organizations(session, cached)
    return cached.index, cached.lock
