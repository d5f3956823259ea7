"""`clusterdesk backfill` on a Dask LocalCluster: documents/second at 1 vs 2 workers, storing included, and
the share of the wall time spent storing.

The corpus is real Russian news: the factRuEval-2016 *dev* texts (../shared/data, when present), the gold and
fresh texts of tests/data/news and the seed items, written as a JSONL dump (one article per line, a URL each);
``--repeat N`` writes it N times under other URLs (the copies are analysed in full and stored as reprints).
Each run backfills the dump into a fresh database holding the demo registry (so mentions are linked), through
the same function the command uses, on a LocalCluster of N single-threaded worker processes. Rows alternate
(1, 2, 1, 2...) for ``--rounds``; the median round is reported.

Commits do not wait for the disk, as in the command (``relax_commit_flush``). Measured per run: ``setup``
(the workers build the pipeline: models loaded once per worker), then the backfill proper — every document
analysed on the cluster and stored here, one transaction per item. docs/s is documents / backfill seconds;
``store share`` is the time the client spent storing / backfill seconds. On a shared machine wall times
include waiting for a core, so the CPU time per document of storing (client thread) and of analysis (all
workers) is reported too.

Usage: .venv/bin/python bench/backfill.py [--rounds 3] [--repeat 1] [--postgres postgresql+psycopg://...]
The last line printed is the result as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/data/news"
FACTRU_DEV = ROOT.parent / "shared/data/factRuEval-2016-dev"


def corpus_texts() -> list[str]:
    texts = [p.read_text("utf-8").strip() for p in sorted(FACTRU_DEV.glob("book_*.txt"))]
    for folder in ("gold", "fresh"):
        texts += [p.read_text("utf-8").strip() for p in sorted((DATA / folder).glob("factru_*.txt"))]
    for seed in sorted((DATA / "seeds").glob("*.txt")):
        texts += [p.strip() for p in seed.read_text("utf-8").split("\n") if len(p) > 200]
    return [t for t in dict.fromkeys(texts) if t]


def write_dump(path: Path, texts: list[str], repeat: int) -> int:
    lines = [
        json.dumps({"url": f"https://news{r}.example.ru/{n}", "text": text}, ensure_ascii=False)
        for r in range(repeat)
        for n, text in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def fresh_database(folder: Path, postgres: str | None) -> tuple[str, object]:
    """A migrated database with the demo registry; returns its URL and a function that drops it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from clusterdesk.db import make_engine, make_session_factory
    from clusterdesk.migrate import upgrade
    from clusterdesk.registry.demo import load_demo_registry

    name = f"bench_backfill_{uuid.uuid4().hex[:10]}"
    if postgres:
        admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(postgres).set(database=name).render_as_string(hide_password=False)

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        url = f"sqlite:///{folder / (name + '.db')}"

        def drop() -> None:
            return None

    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine).begin() as session:
        load_demo_registry(session=session)
    engine.dispose()
    return url, drop


def run_once(dump: Path, workers: int, url: str) -> dict[str, float]:
    import logging

    from distributed import Client, LocalCluster

    from clusterdesk.audit.service import Actor
    from clusterdesk.db import make_engine, make_session_factory
    from clusterdesk.news.archives import archive_entries
    from clusterdesk.news.backfill import backfill, relax_commit_flush

    engine = make_engine(url)
    relax_commit_flush(engine)  # as the command does
    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        cluster_seconds = time.perf_counter() - started
        cpu: dict[str, float] = {}

        def worker_cpu() -> float:
            return sum(client.run(time.process_time).values())

        report = backfill(
            archive_entries([str(dump)]),
            client=client,
            session_factory=make_session_factory(engine),
            actor=Actor(id=None, name="bench"),
            on_ready=lambda: cpu.setdefault("start", worker_cpu()),
        )
        analysis_cpu = worker_cpu() - cpu["start"]
    engine.dispose()
    assert not report.summary.errors, report.summary.errors[:3]
    work = report.wall_seconds - report.setup_seconds
    return {
        "workers": workers,
        "documents": report.documents,
        "new": report.summary.new,
        "reprints": report.summary.duplicates,
        "cluster_start_s": round(cluster_seconds, 2),
        "setup_s": round(report.setup_seconds, 2),
        "backfill_s": round(work, 2),
        "docs_per_s": round(report.documents / work, 2),
        "store_s": round(report.store_seconds, 2),
        "store_share": round(report.store_seconds / work, 4),
        # CPU seconds, which a shared machine does not inflate: storing (client) vs analysis (all workers)
        "store_cpu_ms_per_doc": round(1000 * report.store_cpu_seconds / report.documents, 2),
        "analysis_cpu_ms_per_doc": round(1000 * analysis_cpu / report.documents, 2),
        "load_average_1min": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--postgres", help="an admin URL: each run gets a throwaway database on that server")
    args = parser.parse_args()
    os.environ.setdefault("CLUSTERDESK_ENVIRONMENT", "test")
    texts = corpus_texts()
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        dump = work / "archive.jsonl"
        documents = write_dump(dump, texts, args.repeat)
        characters = sum(len(t) for t in texts) * args.repeat
        print(f"corpus: {documents} documents, {characters} characters", file=sys.stderr)
        for round_number in range(args.rounds):
            for workers in (1, 2):
                url, drop = fresh_database(work, args.postgres)
                try:
                    row = run_once(dump, workers, url)
                finally:
                    drop()  # type: ignore[operator]
                row["round"] = round_number + 1
                runs.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
    median: dict[int, dict[str, float]] = {}
    for workers in (1, 2):
        rows = sorted((r for r in runs if r["workers"] == workers), key=lambda r: r["docs_per_s"])
        median[workers] = rows[len(rows) // 2]
    speedup = statistics.median(
        two["docs_per_s"] / one["docs_per_s"]
        for one, two in zip(
            [r for r in runs if r["workers"] == 1], [r for r in runs if r["workers"] == 2], strict=True
        )
    )
    result = {
        "documents": documents,
        "characters": characters,
        "database": "postgresql" if args.postgres else "sqlite",
        "median_1_worker": median[1],
        "median_2_workers": median[2],
        "speedup_2_vs_1_median_of_rounds": round(speedup, 3),
        "store_share_2_workers": median[2]["store_share"],
        "load_average": os.getloadavg(),
        "runs": runs,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
