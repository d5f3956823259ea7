"""The ``clusterdesk`` command: thin Typer commands over the services, one transaction each."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from clusterdesk.commands import (
    CLI_ACTOR,
    EXIT_SOME_INPUTS_FAILED,
    command_group,
    console,
    err_console,
    transaction,
)
from clusterdesk.config import Settings, get_settings
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.news.cli import load_registry_names, make_extract
from clusterdesk.news.registry_proposals import propose_from_news
from clusterdesk.notify.subscriptions import set_email

app = typer.Typer(
    help="ClusterDesk: реестр, стратегия и новости инновационного кластера.", no_args_is_help=True
)
db_app = typer.Typer(help="База данных: миграции.", no_args_is_help=True)
users_app = typer.Typer(help="Пользователи и роли.", no_args_is_help=True)
import_app = typer.Typer(help="Импорт из CSV/XLSX.", no_args_is_help=True)
export_app = typer.Typer(help="Экспорт в CSV/XLSX.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")


def _upgrade(settings: Settings) -> None:
    # why: lazy — each command loads only the domain it needs; `clusterdesk --help` stays fast
    from clusterdesk.migrate import upgrade

    upgrade(settings.effective_database_url)


def _bootstrap_admin(settings: Settings) -> None:
    # why: lazy — each command loads only the domain it needs; `clusterdesk --help` stays fast
    from clusterdesk.auth import service as auth_service

    with transaction(settings) as session:
        auth_service.ensure_admin(
            session=session, username=settings.admin_username, password=settings.effective_admin_password
        )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations to the configured database."""
    settings = get_settings()
    _upgrade(settings)
    console.print(f"[green]База данных обновлена:[/] {settings.effective_database_url}")


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Option("--username", help="Имя входа")],
    role: Annotated[str, typer.Option("--role", help="admin | manager | member | analyst")],
    org: Annotated[int | None, typer.Option("--org", help="ID организации (для роли member)")] = None,
    full_name: Annotated[str | None, typer.Option("--full-name")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Адрес для сводок и уведомлений")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Прочитать пароль из stdin")
    ] = False,
) -> None:
    """Create a user; the password is asked for, or read from stdin."""
    from pydantic import ValidationError

    # why: lazy — each command loads only the domain it needs; `clusterdesk --help` stays fast
    from clusterdesk.auth import service as auth_service
    from clusterdesk.auth.schemas import UserCreate

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Пароль", hide_input=True, confirmation_prompt=True)
    try:
        data = UserCreate.model_validate(
            {
                "username": username,
                "password": password,
                "role": role,
                "organization_id": org,
                "full_name": full_name,
            }
        )
    except ValidationError as exc:
        for error in exc.errors():
            err_console.print(f"[bold red]Ошибка:[/] {error['loc'][0]}: {error['msg']}")
        raise typer.Exit(1) from exc
    with transaction(get_settings()) as session:
        user = auth_service.create(session=session, actor=CLI_ACTOR, data=data)
        if email:
            set_email(session=session, user=user, email=email)
        console.print(f"[green]Создан пользователь[/] {user.username} (#{user.id}, роль {user.role.value})")


@users_app.command("list")
def users_list() -> None:
    """List users and their roles."""
    # why: lazy — each command loads only the domain it needs; `clusterdesk --help` stays fast
    from clusterdesk.auth import service as auth_service

    with transaction(get_settings()) as session:
        table = Table("id", "username", "role", "organization_id", "active")
        for user in auth_service.get_all(session=session):
            table.add_row(
                str(user.id),
                user.username,
                user.role.value,
                str(user.organization_id or ""),
                "да" if user.is_active else "нет",
            )
        console.print(table)


@import_app.command("organizations")
def import_organizations(path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Import organisations from CSV or XLSX: any bad row stores nothing and every problem is listed."""
    # why: lazy — each command loads only the domain it needs; `clusterdesk --help` stays fast
    from clusterdesk.registry.import_preview import import_organizations as run_import

    with transaction(get_settings()) as session:
        report = run_import(
            session=session,
            actor=CLI_ACTOR,
            content=path.read_bytes(),
            filename=path.name,
            progress=lambda done, total: console.print(f"обработано {done} из {total}", highlight=False),
        )
        console.print(
            f"[green]Импорт завершён:[/] создано {report.created}, обновлено {report.updated}, "
            f"без изменений {report.unchanged}"
        )


@export_app.command("organizations")
def export_organizations(
    out: Annotated[Path, typer.Option("--out", help="Файл .csv или .xlsx")],
    q: Annotated[str | None, typer.Option("--q")] = None,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    cluster_id: Annotated[int | None, typer.Option("--cluster-id")] = None,
) -> None:
    """Export organisations (optionally filtered as in the list) to CSV or XLSX."""
    # why: lazy — each command loads only the domain it needs; `clusterdesk --help` stays fast
    from clusterdesk.registry import service, transfer
    from clusterdesk.registry.filters import OrganizationFilter
    from clusterdesk.registry.labels import parse_kind

    if out.suffix.lower() not in (".csv", ".xlsx"):
        err_console.print(f"[bold red]Ошибка:[/] {out}: укажите файл .csv или .xlsx")
        raise typer.Exit(1)
    try:
        filters = OrganizationFilter(q=q, kind=parse_kind(kind) if kind else None, cluster_id=cluster_id)
    except ValueError as exc:
        err_console.print(f"[bold red]Ошибка:[/] --kind: {exc}")
        raise typer.Exit(1) from exc
    with transaction(get_settings()) as session:
        items, total = service.get_organizations(
            session=session, filters=filters, page=1, page_size=1_000_000
        )
        body = transfer.export_csv(items) if out.suffix.lower() == ".csv" else transfer.export_xlsx(items)
        out.write_bytes(body)
        console.print(f"[green]Выгружено организаций:[/] {total} → {out}")


def _serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    # why: lazy — each command loads only the domain it needs; `clusterdesk --help` stays fast
    from clusterdesk.web.app import create_app

    console.print(
        f"[bold green]ClusterDesk работает:[/] http://{host}:{port}/  (API: http://{host}:{port}/docs)"
    )
    if workers > 1:
        # several processes: each builds its own app from the same environment settings; nothing cached in
        # a process goes stale (caches check the database's signature of what they hold, issue 15)
        uvicorn.run(
            "clusterdesk.web.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
        return
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host")] = None,
    port: Annotated[int | None, typer.Option("--port")] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Число процессов веб-сервера (для PostgreSQL)")
    ] = 1,
) -> None:
    """Migrate the database, make sure the admin exists, and start the web server."""
    settings = get_settings()
    _upgrade(settings)
    _bootstrap_admin(settings)
    _serve(settings, host or settings.host, port or settings.port, workers)


@app.command()
def demo(
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Только загрузить данные и выйти")] = False,
    host: Annotated[str | None, typer.Option("--host")] = None,
    port: Annotated[int | None, typer.Option("--port")] = None,
) -> None:
    """The main job: create the database, load every domain's demo data, then serve it."""
    from clusterdesk.domains import domain_modules

    settings = get_settings()
    _upgrade(settings)
    _bootstrap_admin(settings)
    for module in sorted(domain_modules("demo"), key=lambda m: getattr(m, "ORDER", 100)):
        with transaction(settings) as session:
            created = module.load_demo(session=session)
        summary = ", ".join(f"{k}: +{v}" for k, v in created.items())
        console.print(f"[green]Демо-данные «{module.__name__.split('.')[1]}»[/] ({summary})")
    console.print(f"База данных: {settings.effective_database_url}")
    if settings.environment == "local" and settings.admin_password is None:
        console.print(
            f"Вход: [bold]{settings.admin_username}[/] / [bold]admin[/] (только для локального запуска)"
        )
    if not no_serve:
        _serve_with_worker(settings, host or settings.host, port or settings.port)


def _serve_with_worker(settings: Settings, host: str, port: int) -> None:
    """The demo server plus the news worker in a thread of the same process (it polls the demo sources)."""
    # why: lazy — each command loads only the domain it needs; `clusterdesk --help` stays fast
    from clusterdesk.intake.background import start_worker_thread
    from clusterdesk.intake.demo import point_demo_sources
    from clusterdesk.startup import all_jobs

    with transaction(settings) as session:
        point_demo_sources(session=session, base=f"http://{host}:{port}")
    thread, stop = start_worker_thread(settings, host, port, all_jobs())
    console.print("[green]Обработчик новостей запущен[/] (источники: /sources, состояние: /sources/worker)")
    try:
        _serve(settings, host, port)
    finally:
        stop.set()
        thread.join(10)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Файлы, каталоги, URL страниц или RSS/Atom")],
    workers: Annotated[int, typer.Option("--workers", min=1, max=32, help="Процессов анализа")] = 1,
) -> None:
    """Read news, find entities and facts, link them to the registry and store them (idempotent)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # why: lazy — each command loads only the domain it needs; `clusterdesk --help` stays fast
    from clusterdesk.news.ingest import expand_inputs
    from clusterdesk.news.ingest import ingest as run_ingest

    settings = get_settings()
    _upgrade(settings)
    engine = make_engine(settings.effective_database_url)
    units = expand_inputs(paths)
    columns = (
        TextColumn("[bold]Новости"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("", total=len(units))

        def advance(unit: str, summary: object) -> None:
            progress.update(task, advance=1, description=Path(unit).name[:40])

        summary = run_ingest(
            units,
            session_factory=make_session_factory(engine),
            actor=CLI_ACTOR,
            workers=workers,
            on_unit=advance,
        )
    engine.dispose()
    console.print(
        f"[green]Новых новостей:[/] {summary.new}   [cyan]перепечаток:[/] {summary.duplicates}   "
        f"уже были: {summary.already}   [red]ошибок:[/] {len(summary.errors)}"
    )
    for message in summary.errors:
        err_console.print(f"  [red]•[/] {message}")
    if summary.errors:
        raise typer.Exit(EXIT_SOME_INPUTS_FAILED)  # the others are stored; the failed ones are listed above


def _register_domain_commands() -> None:
    from clusterdesk.domains import domain_modules

    for module in domain_modules("cli"):
        if hasattr(module, "register"):
            module.register(app)
        elif hasattr(module, "app"):
            taken = {c.name for c in app.registered_commands}
            app.registered_commands.extend(c for c in module.app.registered_commands if c.name not in taken)


def _register_extract() -> None:
    """`extract` links into the registry when a database is configured (or the default one exists)."""
    app.command("extract")(make_extract(load_registry_names))


def propose() -> None:
    """Look through the stored news for registry updates to propose (posts, organisations, other names)."""
    with transaction(get_settings()) as session:
        console.print(f"новых предложений: {propose_from_news(session=session)}")


_register_extract()
_register_domain_commands()
# news reads, the registry is written: the command joins the registry's group from here, above both domains
REGISTRY_HELP = "Сверка реестра: дубликаты и предложения из новостей."
command_group(app, "registry", REGISTRY_HELP).command("propose")(propose)


@app.callback()
def _start() -> None:
    """ClusterDesk: реестр, стратегия и новости инновационного кластера."""
    # why: lazy — the start-up registries import every domain; `clusterdesk --help` should not wait for that
    from clusterdesk.startup import install

    install()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
