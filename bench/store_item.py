"""CPU time of storing one analysed news item (``news/store.py:store_item``), without Dask or analysis.

The corpus of bench/backfill.py (real Russian news: the factRuEval-2016 *dev* texts when present, the test
texts and seeds) is analysed once in this process; then the items, with the keys a backfill worker adds
(``news/backfill.py:with_search_keys``), are stored into a fresh database holding the demo registry, one
transaction per item, commits not waiting for the disk as in ``clusterdesk backfill``. Reported: this
thread's CPU time per stored item (what a backfill client spends per item; the database server's own CPU is
not in it), for ``--rounds`` stores into fresh databases.

Usage: .venv/bin/python bench/store_item.py [--rounds 2] [--postgres postgresql+psycopg://...]
The last line printed is the result as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backfill import corpus_texts, fresh_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--postgres", help="an admin URL: each round gets a throwaway database on that server"
    )
    args = parser.parse_args()
    os.environ.setdefault("CLUSTERDESK_ENVIRONMENT", "test")
    from clusterdesk.audit.service import Actor
    from clusterdesk.db import make_engine, make_session_factory
    from clusterdesk.news.backfill import relax_commit_flush, with_search_keys
    from clusterdesk.news.link import Gazetteer
    from clusterdesk.news.pipeline import build_models, process_text
    from clusterdesk.news.records import NewsItem
    from clusterdesk.news.store import registry_names, store_item

    results: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        url, drop = fresh_database(Path(folder), None)
        engine = make_engine(url)
        with make_session_factory(engine)() as session:
            names = registry_names(session=session)
        engine.dispose()
        models = build_models()
        gazetteer = Gazetteer(names, models.morph_vocab)
        analysed = [
            item
            for n, text in enumerate(corpus_texts())
            for item in process_text(
                text, source=f"https://news0.example.ru/{n}", models=models, gazetteer=gazetteer
            )
        ]
        items = [r for r in with_search_keys(analysed) if isinstance(r, NewsItem)]
        for round_number in range(args.rounds):
            url, drop = fresh_database(Path(folder), args.postgres)
            engine = make_engine(url)
            relax_commit_flush(engine)
            factory = make_session_factory(engine)
            actor = Actor(id=None, name="bench")
            started, cpu = time.perf_counter(), time.thread_time()
            for item in items:
                with factory.begin() as session:
                    store_item(session=session, actor=actor, item=item)
            cpu, wall = time.thread_time() - cpu, time.perf_counter() - started
            engine.dispose()
            drop()  # type: ignore[operator]
            row = {
                "round": round_number + 1,
                "items": len(items),
                "store_cpu_ms_per_item": round(1000 * cpu / len(items), 2),
                "store_wall_ms_per_item": round(1000 * wall / len(items), 2),
                "load_average_1min": os.getloadavg()[0],
            }
            print(json.dumps(row), file=sys.stderr, flush=True)
            results.append(row)
    print(json.dumps({"database": "postgresql" if args.postgres else "sqlite", "runs": results}))


if __name__ == "__main__":
    main()
