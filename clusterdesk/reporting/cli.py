"""Reporting command: ``clusterdesk report compliance`` (the Decree 779 table as XLSX or PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clusterdesk.commands import command_group, console, err_console, transaction
from clusterdesk.config import get_settings
from clusterdesk.reporting import compliance, compliance_report
from clusterdesk.reporting.schemas import parse_period


def report_compliance(
    cluster: Annotated[int, typer.Option("--cluster", help="ID кластера")],
    period: Annotated[str, typer.Option("--period", help="Период: 2025 или 2025-Q1")],
    out: Annotated[Path, typer.Option("--out", help="Файл .xlsx или .pdf")],
) -> None:
    """Decree No. 779 compliance of a cluster for a period: each rule with its clause, value and status."""

    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        err_console.print(f"[bold red]Ошибка:[/] {out}: укажите файл .xlsx или .pdf")
        raise typer.Exit(1)
    try:
        parse_period(period)
    except ValueError as exc:
        err_console.print(f"[bold red]Ошибка:[/] период: {exc}")
        raise typer.Exit(1) from exc
    with transaction(get_settings()) as session:
        report = compliance.check(session=session, cluster_id=cluster, period=period.strip())
        if suffix == ".xlsx":
            body = compliance_report.compliance_xlsx(report)
        else:
            body = compliance_report.compliance_pdf(report)
        out.write_bytes(body)
        statuses = ", ".join(f"{r.code}: {r.status}" for r in report.rules)
        console.print(f"[green]Соответствие ПП № 779:[/] {statuses} → {out}")


def register(app: typer.Typer) -> None:
    command_group(app, "report", "Отчёты XLSX/PDF.").command("compliance")(report_compliance)
