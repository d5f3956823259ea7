"""What every command shares: the consoles, the CLI's actor and one transaction per command.

Core, so that a domain's ``cli.py`` can use it without importing the ``clusterdesk`` command that imports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.config import Settings
from clusterdesk.db import make_engine, make_session_factory, write_intent
from clusterdesk.errors import DomainError, ValidationFailed
from clusterdesk.exitcodes import EXIT_REFUSED, EXIT_SOME_INPUTS_FAILED

console = Console()
err_console = Console(stderr=True)
CLI_ACTOR = Actor(id=None, name="cli")

__all__ = ["CLI_ACTOR", "EXIT_REFUSED", "EXIT_SOME_INPUTS_FAILED", "console", "err_console", "transaction"]


@contextmanager
def transaction(settings: Settings) -> Iterator[Session]:
    """One transaction for the whole command; a domain error prints its message and exits 1.

    On SQLite it takes the write lock up front (``write_intent``), so a command queues behind the web server's
    writers instead of failing with «database is locked» when it upgrades a read lock."""
    engine = make_engine(settings.effective_database_url)
    session = make_session_factory(engine)()
    intent = write_intent.set(True)
    try:
        yield session
        session.commit()
    except DomainError as exc:
        session.rollback()
        err_console.print(f"[bold red]Ошибка:[/] {exc.message}")
        if isinstance(exc, ValidationFailed):
            for problem in exc.problems:
                err_console.print(f"  • {problem}")
        raise typer.Exit(EXIT_REFUSED) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
        engine.dispose()
        write_intent.reset(intent)


def command_group(app: typer.Typer, name: str, help_text: str) -> typer.Typer:
    """The top-level group ``name``, shared by the domains that add commands to it (created by the first)."""
    for group in app.registered_groups:
        if group.name == name and group.typer_instance is not None:
            return group.typer_instance
    group_app = typer.Typer(help=help_text, no_args_is_help=True)
    app.add_typer(group_app, name=name)
    return group_app
