"""`clusterdesk extract`: run the pipeline over files, directories and URLs and print JSON lines."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clusterdesk.exitcodes import EXIT_SOME_INPUTS_FAILED
from clusterdesk.news.dedup import DuplicateIndex
from clusterdesk.news.jsonl import error_to_line, item_to_line
from clusterdesk.news.link import Gazetteer, RegistryName
from clusterdesk.news.records import SourceError

GazetteerLoader = Callable[[], list[RegistryName]]


def run_extract(
    paths: list[str], *, no_split: bool = False, load_gazetteer: GazetteerLoader | None = None
) -> int:
    """Print one JSON object per news item on stdout, one per bad input on stderr; return the exit code:
    0 when every input was read, ``EXIT_SOME_INPUTS_FAILED`` (3) when any input or item failed."""
    from clusterdesk.news.pipeline import PipelineOptions, build_models, process_sources

    models = build_models()
    gazetteer = Gazetteer(load_gazetteer(), models.morph_vocab) if load_gazetteer is not None else None
    options = PipelineOptions(no_split=no_split)
    items = errors = 0
    for result in process_sources(
        paths, models=models, options=options, gazetteer=gazetteer, duplicates=DuplicateIndex()
    ):
        if isinstance(result, SourceError):
            errors += 1
            print(error_to_line(result), file=sys.stderr, flush=True)
        else:
            items += 1
            print(item_to_line(result), flush=True)
    return EXIT_SOME_INPUTS_FAILED if errors else 0


def load_registry_names() -> list[RegistryName]:
    """Registry names to link to, from the configured database (or the default one if it exists), else none.

    Settings, SQLAlchemy and the tables are loaded here, when the command runs: `clusterdesk extract` starts
    without the database layer when there is no database to read.
    """
    if _plainly_no_database():
        return []
    # why: lazy — `clusterdesk extract` without a database never loads the settings' or the database's modules
    from clusterdesk.config import get_settings

    settings = get_settings()
    url = settings.database_url
    if not url:
        if not (settings.data_dir / "clusterdesk.db").exists():
            return []
        url = settings.effective_database_url
    from sqlalchemy import inspect

    # why: lazy — the database layer only when a database is there to read
    from clusterdesk.db import make_engine, make_session_factory
    from clusterdesk.news.store import registry_names

    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("organization"):
            return []
        with make_session_factory(engine)() as session:
            return registry_names(session=session)
    finally:
        engine.dispose()


def _plainly_no_database() -> bool:
    """No database URL and no default database, decided without the settings' modules (pydantic: ~0.2 s of
    start-up): only when no `.env` file is there and every `CLUSTERDESK_` variable is spelt in capitals, so
    that the environment alone says what `Settings` would read; otherwise the settings decide."""
    if Path(".env").exists():
        return False
    names = [name for name in os.environ if name.upper().startswith("CLUSTERDESK_")]
    if any(name != name.upper() for name in names) or os.environ.get("CLUSTERDESK_DATABASE_URL"):
        return False
    data_dir = Path(os.environ.get("CLUSTERDESK_DATA_DIR", "./var"))
    return not (data_dir / "clusterdesk.db").exists()


def make_extract(load_gazetteer: GazetteerLoader | None = None) -> Callable[..., None]:
    """The `extract` command; the main CLI passes a loader of registry names when a database is configured."""

    def extract(
        paths: Annotated[list[str], typer.Argument(help="Файлы, каталоги или URL (страницы и RSS/Atom)")],
        no_split: Annotated[bool, typer.Option("--no-split", help="Каждый файл — одна новость")] = False,
        format: Annotated[str, typer.Option("--format", help="Формат вывода: jsonl")] = "jsonl",
    ) -> None:
        """Извлечь новости, сущности и факты; печатает по одному JSON-объекту на новость."""
        if format != "jsonl":
            raise typer.BadParameter("поддерживается только jsonl", param_hint="--format")
        code = run_extract(paths, no_split=no_split, load_gazetteer=load_gazetteer)
        raise typer.Exit(code)

    return extract


def backfill(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Каталоги и файлы, веб-архивы WARC/WARC.GZ, дампы JSONL (статья на строку)"),
    ],
    local_workers: Annotated[
        int | None,
        typer.Option(
            "--local-workers", min=1, max=64, help="Запустить локальный кластер Dask из N процессов"
        ),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Адрес планировщика Dask, например tcp://10.0.0.5:8786")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="Формат входа: auto (по имени файла), files, warc или jsonl")
    ] = "auto",
) -> None:
    """Загрузить архив новостей: анализ на кластере Dask, сохранение здесь (идемпотентно, с продолжением)."""
    from clusterdesk.news.archives import INPUT_FORMATS

    if (local_workers is None) == (scheduler is None):
        raise typer.BadParameter("укажите ровно одно: --local-workers N или --scheduler tcp://HOST:PORT")
    if format not in INPUT_FORMATS:
        raise typer.BadParameter(f"допустимо: {', '.join(INPUT_FORMATS)}", param_hint="--format")
    # why: lazy — Dask, the database layer and the pipeline load only when a backfill runs
    from clusterdesk.news.backfill_command import run_backfill_command

    raise typer.Exit(
        run_backfill_command(inputs, local_workers=local_workers, scheduler=scheduler, fmt=format)
    )


def build_app(load_gazetteer: GazetteerLoader | None = None) -> typer.Typer:
    """A Typer app with the `extract` and `backfill` commands, ready to mount in the main CLI."""
    app = typer.Typer(help="Новостной конвейер ClusterDesk")
    app.command("extract")(make_extract(load_gazetteer))
    app.command("backfill")(backfill)

    @app.callback()
    def main() -> None:
        """Новостной конвейер ClusterDesk."""

    return app


app = build_app()
