"""Backfill: analyse a news archive on a Dask cluster and store the results here, item by item.

The client (this process) reads the inputs into work units (news/archives.py) and keeps a bounded window of
them in flight on the cluster; each worker process builds the language models once (`PipelinePlugin`) and
analyses one unit per task with the same pipeline as ``ingest``. Results come back as they complete and are
stored in input order through the store's one-item function (``store_item``, one transaction per item), so
a backfill stores exactly what ``ingest`` stores for the same documents, a rerun stores nothing new, and a
killed backfill resumes: an article already stored is passed over before analysis, any other item when
stored.
Memory stays flat: at most ``window`` units and results exist at once, whatever the size of the archive.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from distributed import Client, Future, WorkerPlugin, as_completed
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.audit.service import Actor
from clusterdesk.lemmas import search_text
from clusterdesk.news import records
from clusterdesk.news.archives import ArchiveEntry, FileUnit, PageUnit, Passed, Unit
from clusterdesk.news.dedup import DuplicateIndex, prepared_bands, text_fingerprint
from clusterdesk.news.ingest import IngestSummary
from clusterdesk.news.link import Gazetteer, RegistryName
from clusterdesk.news.models import NewsArticle, NewsOccurrence
from clusterdesk.news.store import duplicate_index, registry_names, store_item

Result = records.NewsItem | records.SourceError

# ---------------------------------------------------------------------------------------------------------
# Worker side: models once per worker process, one unit per task.

_PIPELINE: dict[str, Any] = {"models": None, "loads": 0, "gazetteers": {}}


def names_key(names: list[RegistryName]) -> str:
    """A short digest of the registry names: tasks of one backfill use the gazetteer built from its names."""
    return hashlib.sha1(pickle.dumps(names, protocol=4)).hexdigest()[:16]


def _worker_models() -> Any:
    if _PIPELINE["models"] is None:
        from clusterdesk.news.pipeline import build_models

        _PIPELINE["models"] = build_models()
        _PIPELINE["loads"] += 1
    return _PIPELINE["models"]


def load_pipeline(names: list[RegistryName]) -> str:
    """Build the models (once per process) and the gazetteer of these names; return the gazetteer's key."""
    key = names_key(names)
    models = _worker_models()
    gazetteers: dict[str, Gazetteer] = _PIPELINE["gazetteers"]
    if key not in gazetteers:
        gazetteers.clear()  # one registry at a time: a new backfill's names replace the last one's
        gazetteers[key] = Gazetteer(names, models.morph_vocab)
    return key


def model_loads() -> int:
    """How many times this process built the language models (1 on a worker that analysed anything)."""
    return int(_PIPELINE["loads"])


class PipelinePlugin(WorkerPlugin):
    """On every worker, now and joining later, build the pipeline before any task (off the event loop, so
    the worker keeps answering the scheduler while the models load)."""

    name = "clusterdesk-news-pipeline"

    def __init__(self, names: list[RegistryName]) -> None:
        self.names = names

    async def setup(self, worker: Any) -> None:
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, load_pipeline, self.names)


def analyse_unit(unit: Unit, key: str) -> list[Result]:
    """One unit analysed on a worker; whatever goes wrong is this unit's error, never an exception."""
    try:
        return _analyse(unit, key)
    except Exception as exc:
        return [
            records.SourceError(unit.source, f"{unit.source}: ошибка обработки ({type(exc).__name__}: {exc})")
        ]


def _analyse(unit: Unit, key: str) -> list[Result]:
    from clusterdesk.news.pipeline import process_document, process_sources

    gazetteer = _PIPELINE["gazetteers"].get(key)
    if gazetteer is None:
        raise RuntimeError("узел Dask не подготовлен: нет справочника имён этого запуска")
    models = _worker_models()
    if isinstance(unit, FileUnit):
        return with_search_keys(process_sources([unit.source], models=models, gazetteer=gazetteer))
    document = page_document(unit)
    if isinstance(document, records.SourceError):
        return [document]
    return with_search_keys(process_document(document, models=models, gazetteer=gazetteer))


def with_search_keys(results: Iterable[Result]) -> list[Result]:
    """Items with what the store would otherwise compute from the text alone, computed here on the worker:
    the search key (every word form of title and text) and the near-duplicate band keys (MinHash). The
    client stores for every worker, so whatever a worker can do leaves the client only the writing."""
    return [with_store_keys(r) if isinstance(r, records.NewsItem) else r for r in results]


def with_store_keys(item: records.NewsItem) -> records.NewsItem:
    """One item with its search key and band keys (``store_item`` uses them as computed here)."""
    fingerprint = item.fingerprint or text_fingerprint(item.text)
    return replace(
        item,
        fingerprint=fingerprint,
        extra={
            **item.extra,
            "search_text": search_text([item.title, item.text]),
            "bands": prepared_bands(item.text, fingerprint),
        },
    )


def page_document(unit: PageUnit) -> records.SourceDocument | records.SourceError:
    """The document of an archived page: its HTML extracted as ``ingest`` extracts a fetched page (the
    archive's title and date win), or its plain text as one article."""
    from clusterdesk.news.sources import document_from_bytes

    if unit.html is not None:
        document = document_from_bytes(unit.source, unit.html, kind="html")
        if isinstance(document, records.SourceError):
            return document
        return replace(
            document,
            title=unit.title or document.title,
            published=unit.published or document.published,
            url=unit.url or document.url,
        )
    text = (unit.text or "").strip()
    if not text:
        return records.SourceError(unit.source, f"{unit.source}: пустой текст (empty text)")
    return records.SourceDocument(
        source=unit.source,
        text=text,
        title=unit.title,
        published=unit.published,
        url=unit.url,
        is_extracted=True,
    )


# ---------------------------------------------------------------------------------------------------------
# Client side: bounded window of futures, results stored in input order.


@dataclass
class BackfillReport:
    """What a backfill did: the ingest summary plus what the archive held and where the time went."""

    summary: IngestSummary = field(default_factory=IngestSummary)
    documents: int = 0  # units done: analysed, passed over as stored, or failed
    skipped_stored: int = 0  # single-article units found stored before analysis (a resumed run)
    passed_records: int = 0  # archive records that are not articles
    setup_seconds: float = 0.0  # the pipeline built on every worker (models loaded once per worker)
    store_seconds: float = 0.0
    store_cpu_seconds: float = 0.0  # CPU time of storing (wall time above also counts waiting for a core)
    wall_seconds: float = 0.0


def relax_commit_flush(engine: Engine) -> None:
    """Commits that do not wait for the disk (SQLite ``synchronous=NORMAL`` in WAL mode, PostgreSQL
    ``synchronous_commit=off``) on this engine's connections.

    A commit still survives the backfill being killed; only a crash of the machine (or of the database server)
    can lose the last few commits, never half an item — and a rerun stores exactly those again. Waiting for
    the disk at every item bought nothing a backfill needs and cost more than the rest of storing.
    """

    @event.listens_for(engine, "connect")
    def _relaxed(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA synchronous=NORMAL")
        elif engine.dialect.name == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
        cursor.close()
        if engine.dialect.name == "postgresql":
            dbapi_connection.commit()


def stored_sources(session: Session, sources: Iterable[str]) -> set[str]:
    """Which of these article names already have their item 0 stored (the store's identity of an input)."""
    wanted = list(dict.fromkeys(sources))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            session.scalars(
                select(NewsArticle.source)
                .join(NewsOccurrence, NewsOccurrence.article_id == NewsArticle.id)
                .where(NewsArticle.source.in_(chunk), NewsOccurrence.number == 0)
            )
        )
    return found


def _with_stored_marks(
    entries: Iterable[ArchiveEntry], session_factory: sessionmaker[Session], batch: int
) -> Iterator[tuple[ArchiveEntry, bool]]:
    """Entries paired with «already stored» for single-article units, looked up a batch at a time."""
    pending: list[ArchiveEntry] = []

    def flush() -> Iterator[tuple[ArchiveEntry, bool]]:
        singles = [e.source for e in pending if isinstance(e, FileUnit | PageUnit) and e.single_article]
        done: set[str] = set()
        if singles:
            with session_factory() as session:
                done = stored_sources(session, singles)
        for entry in pending:
            yield (
                entry,
                isinstance(entry, FileUnit | PageUnit) and entry.single_article and entry.source in done,
            )
        pending.clear()

    for entry in entries:
        pending.append(entry)
        if len(pending) >= batch:
            yield from flush()
    yield from flush()


OnDone = Callable[[ArchiveEntry, BackfillReport], None]


@dataclass
class _Slot:
    """One entry waiting for its turn to be stored: its task on the cluster, or none."""

    entry: ArchiveEntry
    future: Future | None = None
    stored_before: bool = False  # a single-article unit found stored: passed over without analysis


def backfill(
    entries: Iterable[ArchiveEntry],
    *,
    client: Client,
    session_factory: sessionmaker[Session],
    actor: Actor,
    window: int | None = None,
    on_ready: Callable[[], None] | None = None,
    on_done: OnDone | None = None,
) -> BackfillReport:
    """Analyse every unit on the cluster behind ``client`` and store the results; bad units are reported by
    name and the batch goes on. ``on_done`` is called once per entry, in input order, after it is stored.

    At most ``window`` units are on the cluster or waiting to be stored at any time (default: four per
    worker thread), so memory does not grow with the archive."""
    started = time.perf_counter()
    report = BackfillReport()
    with session_factory() as session:
        names = registry_names(session=session)
        duplicates = duplicate_index(session=session)
    key = names_key(names)
    client.register_plugin(PipelinePlugin(names), name=PipelinePlugin.name)
    report.setup_seconds = time.perf_counter() - started
    if on_ready is not None:
        on_ready()
    threads = sum(client.nthreads().values()) or 1
    window = window or max(4, 4 * threads)

    slots: dict[int, _Slot] = {}  # input order -> slot, until stored
    results: dict[int, list[Result] | BaseException] = {}
    seq_of: dict[object, int] = {}  # task key -> input order, while the task runs
    futures = as_completed(with_results=False)
    state = {"next": 0, "waiting": 0}  # next entry to store; tasks submitted and not yet stored

    def store_ready() -> None:
        while (slot := slots.get(state["next"])) is not None:
            seq = state["next"]
            if slot.future is not None:
                if seq not in results:
                    return
                _store(slot.entry, results.pop(seq), report, session_factory, actor, duplicates)
                slot.future.release()
                state["waiting"] -= 1
            else:
                _account(slot, report)
            del slots[seq]
            if not isinstance(slot.entry, Passed):
                report.documents += 1
            if on_done is not None:
                on_done(slot.entry, report)
            state["next"] += 1

    def collect_one() -> None:
        future = next(futures)
        seq = seq_of.pop(future.key)
        try:
            results[seq] = future.result()
        except BaseException as exc:  # a worker lost or killed: this unit's error
            results[seq] = exc
        store_ready()

    for seq, (entry, stored) in enumerate(_with_stored_marks(entries, session_factory, batch=window)):
        slot = _Slot(entry, stored_before=stored)
        if isinstance(entry, FileUnit | PageUnit) and not stored:
            slot.future = client.submit(analyse_unit, entry, key, pure=False)
            seq_of[slot.future.key] = seq
            futures.add(slot.future)
            state["waiting"] += 1
        slots[seq] = slot
        store_ready()
        while state["waiting"] >= window:
            collect_one()
    while seq_of:
        collect_one()
    store_ready()
    report.wall_seconds = time.perf_counter() - started
    return report


def _account(slot: _Slot, report: BackfillReport) -> None:
    """An entry that needed no analysis: stored before, not an article, or unreadable."""
    if slot.stored_before:
        report.skipped_stored += 1
        report.summary.already += 1
    elif isinstance(slot.entry, Passed):
        report.passed_records += 1
    elif isinstance(slot.entry, records.SourceError):
        report.summary.errors.append(slot.entry.message)


def _store(
    entry: ArchiveEntry,
    outcome: list[Result] | BaseException,
    report: BackfillReport,
    session_factory: sessionmaker[Session],
    actor: Actor,
    duplicates: DuplicateIndex,
) -> None:
    """Store one unit's items as ``ingest`` does: one transaction per item, errors by name."""
    summary = report.summary
    if isinstance(outcome, BaseException):
        summary.errors.append(
            f"{entry.source}: ошибка обработки на узле Dask ({type(outcome).__name__}: {outcome})"
        )
        return
    started, cpu = time.perf_counter(), time.thread_time()
    for result in outcome:
        if isinstance(result, records.SourceError):
            summary.errors.append(result.message)
            continue
        try:
            with session_factory.begin() as session:
                stored = store_item(session=session, actor=actor, item=result, duplicates=duplicates)
        except Exception as exc:  # one bad item must not stop the batch; nothing of it was stored
            summary.errors.append(
                f"{result.source}#{result.item}: не сохранено ({type(exc).__name__}: {exc})"
            )
            continue
        summary.count(stored, result.text, duplicates)
    report.store_seconds += time.perf_counter() - started
    report.store_cpu_seconds += time.thread_time() - cpu
