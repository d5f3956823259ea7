"""Intake commands: ``clusterdesk sources add|list|check`` and ``clusterdesk worker [--once]``."""

from __future__ import annotations

import json
import logging
import threading
from datetime import timedelta
from typing import Annotated

import typer

from clusterdesk.commands import command_group
from clusterdesk.intake.models import SourceKind


def sources_add(
    url: Annotated[str, typer.Argument(help="Адрес ленты, страницы-списка, карты сайта или страницы")],
    kind: Annotated[
        SourceKind, typer.Option("--kind", help="feed | listing | sitemap | page")
    ] = SourceKind.feed,
    name: Annotated[str | None, typer.Option("--name", help="Название (по умолчанию — имя сайта)")] = None,
    interval: Annotated[int, typer.Option("--interval", help="Период опроса, минут")] = 60,
) -> None:
    """Add a news source; prints its id."""
    # why: lazy — clusterdesk.cli imports every domain's commands at start-up; `--help` stays fast
    from pydantic import ValidationError

    from clusterdesk.cli import CLI_ACTOR, _upgrade, console, err_console, transaction
    from clusterdesk.config import get_settings
    from clusterdesk.intake import service
    from clusterdesk.intake.schemas import SourceCreate
    from clusterdesk.web.forms import field_messages

    try:
        data = SourceCreate(url=url, kind=kind, name=name, interval_minutes=interval)
    except ValidationError as exc:
        for field, message in field_messages(exc).items():
            err_console.print(f"[bold red]Ошибка:[/] поле «{field}»: {message}")
        raise typer.Exit(1) from exc
    settings = get_settings()
    _upgrade(settings)
    with transaction(settings) as session:
        source = service.create(session=session, actor=CLI_ACTOR, data=data)
        source_id = source.id
    console.print(source_id)


def sources_list(
    format_: Annotated[str, typer.Option("--format", help="table | json")] = "table",
) -> None:
    """List sources with their health."""
    # why: lazy — clusterdesk.cli imports every domain's commands at start-up; `--help` stays fast
    from rich.table import Table

    from clusterdesk.cli import _upgrade, console, transaction
    from clusterdesk.config import get_settings
    from clusterdesk.intake import service

    settings = get_settings()
    _upgrade(settings)
    with transaction(settings) as session:
        sources = [service.read(s) for s in service.get_all(session=session, page_size=100_000)[0]]
    if format_ == "json":
        keys = (
            "id",
            "name",
            "url",
            "kind",
            "active",
            "health",
            "last_success",
            "last_error",
            "next_run",
            "items_seen",
            "items_new",
        )
        rows = []
        for s in sources:
            row = s.model_dump(mode="json")
            row.update(active=s.is_active, last_success=row["last_success_at"], next_run=row["next_run_at"])
            rows.append({k: row[k] for k in keys})
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(
        "id", "название", "вид", "вкл.", "состояние", "последний успех", "новых", "следующий опрос", "ошибка"
    )
    for s in sources:
        table.add_row(
            str(s.id),
            s.name,
            s.kind.value,
            "да" if s.is_active else "нет",
            s.health,
            f"{s.last_success_at:%Y-%m-%d %H:%M}" if s.last_success_at else "—",
            str(s.items_new),
            f"{s.next_run_at:%Y-%m-%d %H:%M}",
            (s.last_error or "")[:80],
        )
    console.print(table)


def sources_check(source_id: Annotated[int, typer.Argument(help="ID источника")]) -> None:
    """Fetch a source now and print what came of it."""
    # why: lazy — clusterdesk.cli imports every domain's commands at start-up; `--help` stays fast
    from clusterdesk.cli import CLI_ACTOR, _upgrade, console, transaction
    from clusterdesk.config import get_settings
    from clusterdesk.intake.check import check_source

    settings = get_settings()
    _upgrade(settings)
    with console.status(f"Проверяю источник #{source_id}…"), transaction(settings) as session:
        outcome = check_source(session=session, actor=CLI_ACTOR, source_id=source_id)
    style = "green" if outcome.ok else "red"
    console.print(f"[{style}]Источник #{source_id}:[/] {outcome.message}")
    for message in outcome.article_errors:
        console.print(f"  [red]•[/] {message}")


def worker(
    once: Annotated[bool, typer.Option("--once", help="Обработать всё, что пора, и выйти")] = False,
    lease: Annotated[float, typer.Option("--lease", help="Аренда источника, секунд")] = 600.0,
    idle: Annotated[float, typer.Option("--idle", help="Наибольшая пауза между кругами, секунд")] = 30.0,
    timeout: Annotated[float, typer.Option("--timeout", help="Ожидание ответа сайта, секунд")] = 20.0,
    host_delay: Annotated[
        float, typer.Option("--host-delay", help="Пауза между запросами к сайту, секунд")
    ] = 1.0,
    retries: Annotated[int, typer.Option("--retries", help="Повторов при временной ошибке")] = 2,
    backoff: Annotated[float, typer.Option("--backoff", help="Первая пауза перед повтором, секунд")] = 2.0,
    max_kb: Annotated[int, typer.Option("--max-kb", help="Наибольший размер документа, КБ")] = 10 * 1024,
) -> None:
    """Poll due news sources and run every section's periodic jobs (until Ctrl+C, or once)."""
    # why: lazy — clusterdesk.cli imports every domain's commands at start-up; `--help` stays fast
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from clusterdesk.cli import _upgrade, console, err_console
    from clusterdesk.config import get_settings
    from clusterdesk.db import make_engine, make_session_factory
    from clusterdesk.intake.fetch import FetchOptions
    from clusterdesk.intake.poll import PollOutcome
    from clusterdesk.intake.worker import Worker, WorkerOptions, due_sources, stop_on_signals
    from clusterdesk.startup import all_jobs

    settings = get_settings()
    try:
        _upgrade(settings)
        engine = make_engine(settings.effective_database_url)
    except Exception as exc:  # the worker itself cannot run: that, and only that, is a non-zero exit
        err_console.print(f"[bold red]Обработчик не может начать работу:[/] {exc}")
        raise typer.Exit(2) from exc
    options = WorkerOptions(
        lease=timedelta(seconds=lease),
        idle=idle,
        fetch=FetchOptions(
            timeout=timeout, host_delay=host_delay, retries=retries, backoff=backoff, max_bytes=max_kb * 1024
        ),
    )

    def report(outcome: PollOutcome) -> None:
        console.print(_outcome_line(outcome))

    factory = make_session_factory(engine)
    runner = Worker(factory, options, jobs=all_jobs(), on_source=report)
    try:
        if once:
            columns = (TextColumn("[bold]Источники"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=console) as progress:
                task = progress.add_task("", total=due_sources(factory))

                def advance(outcome: PollOutcome) -> None:
                    progress.advance(task)
                    progress.console.print(_outcome_line(outcome))

                runner.on_source = advance
                result = runner.run_once()
            for job in result.jobs:
                style = "green" if job.ok else "red"
                console.print(f"[{style}]задание {job.name}:[/] {job.count if job.ok else job.error}")
            failed = sum(1 for s in result.sources if not s.ok)
            console.print(
                f"[bold]Готово:[/] источников {len(result.sources)} (с ошибкой {failed}), "
                f"новых новостей {sum(s.new for s in result.sources)}, заданий {len(result.jobs)}"
            )
            return
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        stop = threading.Event()
        stop_on_signals(stop)
        console.print(f"[bold green]Обработчик запущен[/] ({runner.owner}); остановка — Ctrl+C")
        try:
            runner.run_forever(stop)
        except KeyboardInterrupt:  # a second Ctrl+C: at once
            stop.set()
        console.print("[bold]Обработчик остановлен[/]")
    except Exception as exc:
        err_console.print(f"[bold red]Обработчик остановлен ошибкой:[/] {type(exc).__name__}: {exc}")
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()


def reprocess(
    since: Annotated[
        str | None, typer.Option("--since", help="Документы, загруженные с даты ГГГГ-ММ-ДД")
    ] = None,
    source: Annotated[
        int | None, typer.Option("--source", help="Только документы источника с этим ID")
    ] = None,
) -> None:
    """Re-run the pipeline over kept raw documents; every human decision survives, nothing is doubled."""
    # why: lazy — clusterdesk.cli imports every domain's commands at start-up; `--help` stays fast
    from datetime import date

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from clusterdesk.cli import CLI_ACTOR, _upgrade, console, err_console
    from clusterdesk.config import get_settings
    from clusterdesk.db import make_engine, make_session_factory
    from clusterdesk.intake.check import models
    from clusterdesk.intake.documents import Analyser
    from clusterdesk.intake.reprocess import document_ids
    from clusterdesk.intake.reprocess import reprocess as run_reprocess
    from clusterdesk.intake.schedule import write_transaction

    try:
        day = date.fromisoformat(since) if since else None
    except ValueError as exc:
        err_console.print(f"[bold red]Ошибка:[/] --since: дата в формате ГГГГ-ММ-ДД, получено «{since}»")
        raise typer.Exit(1) from exc
    settings = get_settings()
    _upgrade(settings)
    engine = make_engine(settings.effective_database_url)
    factory = make_session_factory(engine)
    try:
        with factory() as session:
            ids = document_ids(session=session, since=day, source_id=source)
            analyser = Analyser.build(session=session, models=models())
        columns = (TextColumn("[bold]Документы"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("", total=len(ids))
            report = run_reprocess(
                transaction=write_transaction(factory),
                actor=CLI_ACTOR,
                analyser=analyser,
                ids=ids,
                on_document=lambda _id: progress.advance(task),
            )
    finally:
        engine.dispose()
    console.print(
        f"[green]Переобработано документов:[/] {report.documents}, "
        f"новостей обновлено: {report.items_updated}, "
        f"новых: {report.items_new}, решений людей сохранено: {report.kept_decisions}"
    )
    for message in report.skipped:
        err_console.print(f"  [yellow]•[/] {message}")


def _outcome_line(outcome: object) -> str:
    style = "green" if outcome.ok else "red"  # type: ignore[attr-defined]
    return f"[{style}]источник #{outcome.source_id}:[/] {outcome.message}"  # type: ignore[attr-defined]


def register(app: typer.Typer) -> None:
    sources = command_group(app, "sources", "Источники новостей: добавить, список, проверить.")
    sources.command("add")(sources_add)
    sources.command("list")(sources_list)
    sources.command("check")(sources_check)
    app.command("worker")(worker)
    app.command("reprocess")(reprocess)
