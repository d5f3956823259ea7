"""Strategy commands: ``clusterdesk report kpi`` and ``clusterdesk roadmap import|export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clusterdesk.commands import CLI_ACTOR, command_group, console, err_console, transaction
from clusterdesk.config import get_settings


def report_kpi(
    cluster: Annotated[int, typer.Option("--cluster", help="ID кластера")],
    year: Annotated[int, typer.Option("--year", help="Отчётный год")],
    out: Annotated[Path, typer.Option("--out", help="Файл .xlsx или .pdf")],
) -> None:
    """KPI report of a cluster for a year: plan, fact, percent, status, evidence, and the roadmap."""
    from clusterdesk.strategy import report_pdf, reports

    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        err_console.print(f"[bold red]Ошибка:[/] {out}: укажите файл .xlsx или .pdf")
        raise typer.Exit(1)
    with transaction(get_settings()) as session:
        report = reports.build_report(session=session, cluster_id=cluster, year=year)
        body = reports.report_xlsx(report) if suffix == ".xlsx" else report_pdf.report_pdf(report)
        out.write_bytes(body)
        console.print(
            f"[green]Отчёт:[/] показателей {len(report.kpis)}, пунктов дорожной карты "
            f"{len(report.roadmap)} → {out}"
        )


def roadmap_import(
    program: Annotated[int, typer.Option("--program", help="ID программы развития")],
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
) -> None:
    """Import a roadmap from XLSX: any bad row stores nothing and every problem is listed with its row."""
    from clusterdesk.strategy.roadmap_transfer import import_roadmap

    with transaction(get_settings()) as session:
        report = import_roadmap(
            session=session,
            actor=CLI_ACTOR,
            program_id=program,
            content=path.read_bytes(),
            filename=path.name,
        )
        console.print(
            f"[green]Импорт завершён:[/] создано {report.created}, обновлено {report.updated}, "
            f"без изменений {report.unchanged}"
        )


def roadmap_export(
    program: Annotated[int, typer.Option("--program", help="ID программы развития")],
    out: Annotated[Path, typer.Option("--out", help="Файл .xlsx")],
) -> None:
    """Export a program's roadmap to XLSX (the same columns the import reads)."""
    from clusterdesk.strategy.roadmap_transfer import export_roadmap

    with transaction(get_settings()) as session:
        out.write_bytes(export_roadmap(session=session, program_id=program))
        console.print(f"[green]Дорожная карта выгружена:[/] {out}")


def register(app: typer.Typer) -> None:
    command_group(app, "report", "Отчёты XLSX/PDF.").command("kpi")(report_kpi)
    roadmap_app = command_group(app, "roadmap", "Дорожная карта программы развития: импорт и экспорт XLSX.")
    roadmap_app.command("import")(roadmap_import)
    roadmap_app.command("export")(roadmap_export)
