"""Registry commands: `clusterdesk import people|posts FILE`, `clusterdesk registry duplicates`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clusterdesk.commands import CLI_ACTOR, command_group, console, transaction
from clusterdesk.config import get_settings
from clusterdesk.registry import duplicates as scan
from clusterdesk.registry.import_preview import apply_import

FileArgument = Annotated[Path, typer.Argument(exists=True, dir_okay=False)]


def _import(kind: str, path: Path) -> None:

    with transaction(get_settings()) as session:
        result = apply_import(
            session=session,
            actor=CLI_ACTOR,
            kind=kind,
            content=path.read_bytes(),
            filename=path.name,
            progress=lambda done, total: console.print(f"обработано {done} из {total}", highlight=False),
        )
        console.print(
            f"[green]Импорт завершён:[/] создано {len(result.create)}, обновлено {len(result.update)}, "
            f"без изменений {len(result.unchanged)}"
        )


def import_people(path: FileArgument) -> None:
    """Import people (ФИО, Фамилия, Имя, Отчество, Описание) from CSV or XLSX: all rows or none."""
    _import("people", path)


def import_posts(path: FileArgument) -> None:
    """Import posts (ФИО, Организация or ИНН организации, Должность, С, По) from CSV or XLSX."""
    _import("posts", path)


def duplicates(
    people: Annotated[bool, typer.Option("--people", help="Люди вместо организаций")] = False,
    min_score: Annotated[float, typer.Option(min=0, max=1, help="Наименьшая оценка пары")] = 0.5,
) -> None:
    """List likely duplicate organisations (or people) with their reasons, best first."""

    with transaction(get_settings()) as session:
        pairs = (
            scan.people_duplicates(session=session, min_score=min_score)
            if people
            else scan.organization_duplicates(session=session, min_score=min_score)
        )
        for pair in pairs:
            row = pair.as_dict()
            console.print(
                f"{row['score']:.2f}  #{pair.a} «{pair.a_name}» ~ #{pair.b} «{pair.b_name}»: "
                + "; ".join(pair.reasons),
                highlight=False,
            )
        console.print(f"пар: {len(pairs)}")


def register(app: typer.Typer) -> None:
    import_app = command_group(app, "import", "Импорт из CSV/XLSX.")
    import_app.command("people")(import_people)
    import_app.command("posts")(import_posts)
    registry_app = command_group(app, "registry", "Сверка реестра: дубликаты и предложения из новостей.")
    registry_app.command("duplicates")(duplicates)
