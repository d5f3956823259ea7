"""Ingest: read inputs, run the pipeline (in one or several worker processes), store item by item.

Each stored item is its own transaction, so a killed ingest keeps every item it finished and a rerun stores
exactly the rest: items already stored are recognised by (article, item number) and skipped. With one worker
the items of an input are stored as the pipeline yields them (a large text file is read as a stream, so its
first items are stored before the rest is read); several workers analyse whole inputs in parallel. Whatever
goes wrong with one input or item is reported by name and the batch goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.audit.service import Actor
from clusterdesk.news import records
from clusterdesk.news.dedup import DuplicateIndex
from clusterdesk.news.known_names import registry_gazetteer
from clusterdesk.news.link import Gazetteer, RegistryName
from clusterdesk.news.nlp import Models
from clusterdesk.news.store import Outcome, Stored, registry_names, store_item

_URL = re.compile(r"^https?://")


@dataclass
class IngestSummary:
    new: int = 0
    duplicates: int = 0
    already: int = 0
    errors: list[str] = field(default_factory=list)
    item_ids: list[int] = field(default_factory=list)

    def count(self, stored: Stored, text: str = "", duplicates: DuplicateIndex | None = None) -> None:
        """Tally a stored item (the store itself indexed a new one for near duplicates, in its transaction;
        ``text`` and ``duplicates`` are kept for older callers)."""
        self.item_ids.append(stored.item_id)
        if stored.outcome == Outcome.new:
            if duplicates is not None:
                duplicates.add(str(stored.item_id), text)
            self.new += 1
        elif stored.outcome == Outcome.duplicate:
            self.duplicates += 1
        else:
            self.already += 1


def expand_inputs(inputs: Iterable[str | Path]) -> list[str]:
    """Work units: URLs as given, files as absolute paths, directories as their files (hidden ones skipped).

    Absolute paths make a rerun from another working directory recognise what it stored before.
    """
    units: list[str] = []
    for raw in inputs:
        name = str(raw)
        if _URL.match(name):
            units.append(name)
            continue
        try:
            path = Path(name).resolve()
            is_dir = path.is_dir()
        except (OSError, ValueError):  # a name no file can have: reading it reports the problem by name
            units.append(name)
            continue
        if is_dir:
            units.extend(
                str(child)
                for child in sorted(path.rglob("*"))
                if child.is_file() and not any(p.startswith(".") for p in child.relative_to(path).parts)
            )
        else:
            units.append(str(path))
    return units


# Worker processes build the heavy models once (initializer) and then analyse one unit per call.
_WORKER: dict[str, object] = {}


def _init_worker(names: list[RegistryName]) -> None:
    from clusterdesk.news.pipeline import build_models

    models = build_models()
    _WORKER["models"] = models
    _WORKER["gazetteer"] = Gazetteer(names, models.morph_vocab)


def analyse_unit(unit: str) -> list[records.NewsItem | records.SourceError]:
    from clusterdesk.news.pipeline import process_sources

    if "models" not in _WORKER:
        raise RuntimeError("worker not initialised")
    return list(
        process_sources([unit], models=_WORKER["models"], gazetteer=_WORKER["gazetteer"])  # type: ignore[arg-type]
    )


Result = records.NewsItem | records.SourceError


def _streamed(unit: str) -> Iterator[Result]:
    """One input analysed in this process, item by item; an exception is this input's error."""
    # why: the pipeline loads the language models; importing it lazily keeps `ingest --help` fast
    from clusterdesk.news.pipeline import process_sources

    try:
        yield from process_sources(
            [unit],
            models=_WORKER["models"],  # type: ignore[arg-type]
            gazetteer=_WORKER["gazetteer"],  # type: ignore[arg-type]
        )
    except Exception as exc:
        yield records.SourceError(unit, f"{unit}: ошибка обработки ({type(exc).__name__}: {exc})")


def _guarded_unit(unit: str) -> list[Result]:
    """``analyse_unit`` for the worker pool: an exception in a worker is this input's error."""
    try:
        return analyse_unit(unit)
    except Exception as exc:
        return [records.SourceError(unit, f"{unit}: ошибка обработки ({type(exc).__name__}: {exc})")]


def _analysed(units: list[str], names: list[RegistryName], workers: int) -> Iterator[Iterable[Result]]:
    if workers <= 1:
        _init_worker(names)
        for unit in units:
            yield _streamed(unit)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(names,)) as pool:
        yield from pool.map(_guarded_unit, units)


def ingest(
    inputs: Iterable[str | Path],
    *,
    session_factory: sessionmaker[Session],
    actor: Actor,
    workers: int = 1,
    on_unit: Callable[[str, IngestSummary], None] | None = None,
    on_item: Callable[[Stored, IngestSummary], None] | None = None,
) -> IngestSummary:
    """Analyse and store every input; bad inputs and items are reported by name and the batch goes on."""
    units = expand_inputs(inputs)
    with session_factory() as session:
        names = registry_names(session=session)
    summary = IngestSummary()
    for unit, results in zip(units, _analysed(units, names, workers), strict=True):
        for result in results:
            if isinstance(result, records.SourceError):
                summary.errors.append(result.message)
                continue
            try:
                with session_factory.begin() as session:
                    stored = store_item(session=session, actor=actor, item=result)
            except Exception as exc:  # one bad item must not stop the batch; nothing of it was stored
                summary.errors.append(
                    f"{result.source}#{result.item}: не сохранено ({type(exc).__name__}: {exc})"
                )
                continue
            summary.count(stored)
            if on_item is not None:
                on_item(stored, summary)
        if on_unit is not None:
            on_unit(unit, summary)
    return summary


_MODELS: dict[str, Models] = {}


def shared_models() -> Models:
    """The heavy language models for in-process use (web requests), built on first use."""
    if "models" not in _MODELS:
        from clusterdesk.news.pipeline import build_models

        _MODELS["models"] = build_models()
    return _MODELS["models"]


def submit(
    *,
    session: Session,
    actor: Actor,
    text: str | None = None,
    url: str | None = None,
    source: str | None = None,
    title: str | None = None,
    published: date | None = None,
) -> IngestSummary:
    """Analyse one text or URL in this process and store it in the caller's transaction."""
    import hashlib

    from clusterdesk.news.pipeline import process_sources, process_text

    models = shared_models()
    gazetteer = registry_gazetteer(session=session, vocab=models.morph_vocab)
    results: list[records.NewsItem | records.SourceError]
    if url:
        results = list(process_sources([url], models=models, gazetteer=gazetteer))
    else:
        assert text is not None
        name = source or f"api:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}"
        results = list(
            process_text(
                text,
                source=name,
                models=models,
                gazetteer=gazetteer,
                title=title,
                published=published,
            )
        )
    summary = IngestSummary()
    for result in results:
        if isinstance(result, records.SourceError):
            summary.errors.append(result.message)
            continue
        stored = store_item(session=session, actor=actor, item=result)
        summary.count(stored)
    return summary
