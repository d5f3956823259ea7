"""Organisation import at scale: time of preview + apply for 2,000 / 20,000 / 100,000 rows on SQLite.

Each run imports into a fresh migrated SQLite file: first all rows new, then the same file again (all rows
unchanged), then a file where every tenth row changes its city. Rows carry valid INNs and a cluster column.
Usage: .venv/bin/python bench/registry_import.py [rows ...]   (default: 2000 20000 100000)
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
from pathlib import Path

from clusterdesk.audit.service import Actor
from clusterdesk.db import Base, make_engine, make_session_factory
from clusterdesk.registry.identifiers import _INN10, _weighted
from clusterdesk.registry.import_preview import apply_import
from clusterdesk.registry.models import Cluster, ClusterKind

ACTOR = Actor(id=None, name="bench")
HEADER = ["Краткое наименование", "Полное наименование", "Тип", "ИНН", "Город", "Кластер", "Роль в кластере"]
WORDS = ["Сибирь", "Томь", "Радио", "Микро", "Техно", "Гео", "Био", "Нано", "Энерго", "Инфо"]


def inn(number: int) -> str:
    body = f"70{number:07d}"
    return body + str(_weighted(body, _INN10))


def table(rows: int, changed_every: int = 0) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for n in range(rows):
        name = f"{WORDS[n % 10]}{WORDS[(n // 10) % 10].lower()} {n}"
        city = "Северск" if changed_every and n % changed_every == 0 else "Томск"
        cluster = "Бенчмарк-кластер" if n % 3 == 0 else ""
        writer.writerow(
            [name, f"ООО «{name}»", "Предприятие", inn(n), city, cluster, "Участник" if cluster else ""]
        )
    return buffer.getvalue().encode("utf-8-sig")


def run(rows: int) -> list[tuple[str, float, str]]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        Base.metadata.create_all(engine)
        factory = make_session_factory(engine)
        with factory.begin() as session:
            session.add(Cluster(name="Бенчмарк-кластер", kind=ClusterKind.innovation))
        for label, content in (
            ("все новые", table(rows)),
            ("повтор, без изменений", table(rows)),
            ("каждая 10-я изменена", table(rows, changed_every=10)),
        ):
            started = time.perf_counter()
            with factory.begin() as session:
                preview = apply_import(
                    session=session, actor=ACTOR, kind="organizations", content=content, filename="bench.csv"
                )
            elapsed = time.perf_counter() - started
            counts = f"{len(preview.create)}/{len(preview.update)}/{len(preview.unchanged)}"
            results.append((label, elapsed, counts))
        engine.dispose()
    return results


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [2000, 20000, 100000]
    print("| строк | прогон | создано/изменено/без изменений | время, с | строк/с |")
    print("|---|---|---|---|---|")
    for rows in sizes:
        for label, elapsed, counts in run(rows):
            print(f"| {rows:,} | {label} | {counts} | {elapsed:.1f} | {rows / elapsed:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
