"""`clusterdesk media index`: index the news stored since the last run now, without waiting for the worker."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterdesk.commands import command_group, console, transaction
from clusterdesk.config import get_settings
from clusterdesk.media.index import BATCH, index_pending


def index_command(
    batch: Annotated[
        int, typer.Option("--batch", min=1, max=5000, help="Новостей в одной транзакции")
    ] = BATCH,
) -> None:
    """Outlets, prominence, topics and stories of every news item not indexed yet (batch by batch)."""
    settings = get_settings()
    total = 0
    while True:
        with transaction(settings) as session:
            done = index_pending(session=session, limit=batch)
        total += done
        if done < batch:
            break
    console.print(f"Проиндексировано новостей: {total}")


def register(app: typer.Typer) -> None:
    media = command_group(app, "media", "Медиаанализ: заметность участников в СМИ и сюжеты.")
    media.command("index")(index_command)
