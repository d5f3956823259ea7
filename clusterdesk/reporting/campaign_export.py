"""A campaign's forms as one XLSX for the management team: a row per participant, a column per indicator."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from clusterdesk.reporting.catalogue import indicators
from clusterdesk.reporting.compliance_report import stable_xlsx
from clusterdesk.reporting.labels import CONTRACT_KIND_LABELS, SUBMISSION_STATUS_LABELS
from clusterdesk.reporting.models import Campaign
from clusterdesk.reporting.values import evidence_line, value_of
from clusterdesk.strategy.xlsx import save, style_sheet


def filename(campaign: Campaign) -> str:
    return f"otchetnost-{campaign.cluster_id}-{campaign.period}.xlsx"


def export_campaign(campaign: Campaign) -> bytes:
    """Values of every form (accepted or not: the status column says which) and the cooperation rows."""
    catalogue = indicators()
    forms = sorted(campaign.submissions, key=lambda s: (s.organization.short_name.casefold(), s.id))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Формы"
    sheet.append([f"{campaign.title} — {campaign.cluster.name}"])
    sheet.append([f"Срок сдачи {campaign.deadline:%d.%m.%Y}. Суммы в тыс. руб."])
    sheet.append([])
    codes = list(campaign.indicators)
    sheet.append(
        [
            "Участник",
            "ИНН",
            "Статус",
            "Представлено",
            *(f"{catalogue[c].title}, {catalogue[c].unit}" for c in codes),
        ]
    )
    for form in forms:
        provenance = evidence_line(form) if form.submitted_at else ""
        sheet.append(
            [
                form.organization.short_name,
                form.organization.inn or "",
                SUBMISSION_STATUS_LABELS[form.status],
                provenance,
                *(value_of(form, c) for c in codes),
            ]
        )
    sheet["A1"].font = Font(bold=True, size=13)
    widths = [36, 14, 14, 44, *([18] * len(codes))]
    style_sheet(sheet, widths, header_row=4, number_columns=range(5, 5 + len(codes)))

    sources = workbook.create_sheet("Источники")
    sources.append(["Участник", "Показатель", "Источник (документ)"])
    for form in forms:
        for code in codes:
            if form.sources.get(code):
                sources.append([form.organization.short_name, catalogue[code].title, form.sources[code]])
    style_sheet(sources, [36, 50, 60])

    cooperation = workbook.create_sheet("Кооперация")
    cooperation.append(
        ["Участник", "Контрагент", "Продажи, тыс. руб.", "Закупки, тыс. руб.", "№ договора", "Дата", "Вид"]
    )
    for form in forms:
        for c in form.counterparties:
            contracts: list[dict[str, str] | None] = [*c.contracts] or [None]
            for index, contract in enumerate(contracts):
                cooperation.append(
                    [
                        form.organization.short_name,
                        c.organization.short_name,
                        c.sales if index == 0 else None,
                        c.purchases if index == 0 else None,
                        contract["number"] if contract else None,
                        date.fromisoformat(contract["date"]) if contract else None,
                        CONTRACT_KIND_LABELS.get(contract["kind"]) if contract else None,
                    ]
                )
    style_sheet(cooperation, [36, 36, 16, 16, 16, 12, 40], date_columns=(6,), number_columns=(3, 4))
    return stable_xlsx(save(workbook))
