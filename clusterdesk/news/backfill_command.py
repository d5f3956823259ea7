"""`clusterdesk backfill`: the cluster, the progress bar and the summary around news/backfill.py."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from clusterdesk.commands import CLI_ACTOR, EXIT_REFUSED, EXIT_SOME_INPUTS_FAILED, console, err_console
from clusterdesk.config import get_settings
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.news.archives import ArchiveEntry, Passed, archive_entries, input_size
from clusterdesk.news.backfill import BackfillReport, backfill, relax_commit_flush
from clusterdesk.news.ingest import expand_inputs

if TYPE_CHECKING:
    from distributed import Client


class RateColumn(ProgressColumn):
    """Documents per second since the start."""

    def render(self, task: Task) -> Text:
        documents = int(task.fields.get("documents", 0))
        elapsed = task.elapsed or 0.0
        if not documents or elapsed <= 0:
            return Text("— док/с")
        return Text(f"{documents / elapsed:.1f} док/с")


@contextmanager
def dask_client(*, local_workers: int | None, scheduler: str | None) -> Iterator[Client]:
    """A client of the given scheduler, or of a local cluster of single-threaded worker processes."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler, timeout="30s") as client:
            client.wait_for_workers(1, timeout=120)
            yield client
        return
    assert local_workers is not None
    with (
        LocalCluster(
            n_workers=local_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_backfill_command(
    inputs: list[str], *, local_workers: int | None, scheduler: str | None, fmt: str
) -> int:
    """Run a backfill as the command does; return the exit code (0, 1 refused, 3 some inputs failed)."""
    # why: lazy — the migrations load only when the command runs
    from clusterdesk.migrate import upgrade

    settings = get_settings()
    upgrade(settings.effective_database_url)
    engine = make_engine(settings.effective_database_url)
    relax_commit_flush(engine)
    units = expand_inputs(inputs)
    total = sum(input_size(u) for u in units) or 1
    columns = (
        TextColumn("[bold]Архив"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[documents]} док."),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("осталось"),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
    )
    try:
        with (
            dask_client(local_workers=local_workers, scheduler=scheduler) as client,
            Progress(*columns, console=console, transient=False) as progress,
        ):
            task = progress.add_task("загрузка моделей на узлах…", total=total, documents=0, start=False)

            def advance(entry: ArchiveEntry, report: BackfillReport) -> None:
                size = getattr(entry, "size", 0)
                label = "" if isinstance(entry, Passed) else Path(entry.source).name[:40]
                progress.update(task, advance=size, documents=report.documents, description=label)

            report = backfill(
                archive_entries(units, fmt),  # type: ignore[arg-type]
                client=client,
                session_factory=make_session_factory(engine),
                actor=CLI_ACTOR,
                on_ready=lambda: progress.start_task(task),
                on_done=advance,
            )
            progress.update(task, completed=total)
    except (OSError, TimeoutError) as exc:
        where = scheduler or "локальный кластер"
        err_console.print(f"[bold red]Ошибка:[/] кластер Dask недоступен ({where}): {exc}")
        return EXIT_REFUSED
    finally:
        engine.dispose()
    summary = report.summary
    console.print(
        f"[green]Новых новостей:[/] {summary.new}   [cyan]перепечаток:[/] {summary.duplicates}   "
        f"уже были: {summary.already}   [red]ошибок:[/] {len(summary.errors)}"
    )
    if report.passed_records:
        console.print(f"записей архива без статьи (запросы, переадресации, не HTML): {report.passed_records}")
    for message in summary.errors:
        err_console.print(f"  [red]•[/] {message}")
    return EXIT_SOME_INPUTS_FAILED if summary.errors else 0
