"""The compliance table as XLSX and PDF for the application: the same data gives the same bytes.

No clock time goes into either file (openpyxl's created time is fixed, reportlab runs with ``invariant=1``),
rows come in the order ``compliance.check`` gives (participants by name), numbers are rounded the same way.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from functools import cache
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from clusterdesk.reporting.labels import CONTRACT_KIND_LABELS, RULE_STATUS_LABELS
from clusterdesk.reporting.schemas import ComplianceRead, RuleResult
from clusterdesk.strategy.report_pdf import BOLD, FONT, FONT_DIR
from clusterdesk.strategy.xlsx import save, style_sheet

ZIP_TIME = (2000, 1, 1, 0, 0, 0)
MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")
FIXED_MODIFIED = rb"<dcterms:modified\1>2000-01-01T00:00:00Z</dcterms:modified>"
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_COLOURS = {"met": "DCFCE7", "not_met": "FEE2E2", "no_data": "F1F5F9"}
RULE_HEADER = [
    "Код",
    "Основание (пункт Требований)",
    "Требование",
    "Порог",
    "Значение",
    "Статус",
    "Пояснение",
    "Как считается",
]
PARTICIPANT_HEADER = [
    "Участник",
    "Форма",
    "Договоров с участниками",
    "Отгрузка, тыс. руб.",
    "Поставлено участникам, тыс. руб.",
    "Доля кооперации",
    "Косвенных сведений",
    "Статус (договоры)",
]
CONTRACT_HEADER = ["Участник", "Контрагент", "Номер договора", "Дата", "Вид", "Источник"]


def stable_xlsx(data: bytes) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml and every zip entry: fix both to one moment."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = MODIFIED.sub(FIXED_MODIFIED, content)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return buffer.getvalue()


def title(report: ComplianceRead) -> str:
    return f"Соответствие требованиям постановления № 779: {report.cluster}, период {report.period}"


def rule_value(rule: RuleResult) -> str:
    if rule.value is None:
        return "—"
    if rule.code == "functional_dependence" and isinstance(rule.value, float):
        return f"{rule.value * 100:.1f} %".replace(".", ",")
    if isinstance(rule.value, float):
        return f"{rule.value:g}"
    return str(rule.value)


def clause_text(rule: RuleResult) -> str:
    return rule.clause if rule.clause_checked else f"{rule.clause} (не сверено с официальным текстом)"


def rule_rows(report: ComplianceRead) -> list[list[Any]]:
    return [
        [
            r.code,
            clause_text(r),
            r.title,
            r.threshold_text,
            rule_value(r),
            RULE_STATUS_LABELS[r.status],
            r.note,
            r.method,
        ]
        for r in report.rules
    ]


def share_text(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %".replace(".", ",")


def participant_rows(report: ComplianceRead) -> list[list[Any]]:
    return [
        [
            p.organization,
            p.submission_status,
            p.contracts_with_participants,
            p.output,
            p.output_to_participants,
            share_text(p.cooperation_share),
            len(p.indirect),
            RULE_STATUS_LABELS[p.status],
        ]
        for p in report.participants
    ]


def contract_rows(report: ComplianceRead) -> list[list[Any]]:
    rows = []
    for p in report.participants:
        for c in p.contracts:
            rows.append(
                [
                    p.organization,
                    c["with"],
                    c["number"],
                    date.fromisoformat(c["date"]),
                    CONTRACT_KIND_LABELS.get(c["kind"], c["kind"]),
                    f"форма #{c['submission_id']} ({c['reported_by']})",
                ]
            )
        for item in p.indirect:
            rows.append([p.organization, "", "", None, "косвенные сведения", item["text"]])
    return rows


def compliance_xlsx(report: ComplianceRead) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Требования"
    sheet.append([title(report)])
    sheet.append([f"{report.document}. {report.edition}"])
    sheet.append([report.check_note])
    sheet.append(RULE_HEADER)
    for row in rule_rows(report):
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=13)
    style_sheet(sheet, [22, 40, 40, 28, 14, 14, 44, 60], header_row=4)
    for index, rule in enumerate(report.rules, start=5):
        sheet.cell(row=index, column=6).fill = PatternFill("solid", fgColor=STATUS_COLOURS[rule.status])
    people = workbook.create_sheet("Участники")
    people.append(PARTICIPANT_HEADER)
    for row in participant_rows(report):
        people.append(row)
    style_sheet(people, [40, 14, 14, 18, 18, 14, 14, 16], number_columns=(4, 5))
    contracts = workbook.create_sheet("Договоры и сведения")
    contracts.append(CONTRACT_HEADER)
    for row in contract_rows(report):
        contracts.append(row)
    style_sheet(contracts, [36, 36, 18, 12, 30, 60], date_columns=(4,))
    return stable_xlsx(save(workbook))


@cache
def _fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def _esc(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(header: list[str], rows: list[list[Any]], widths: list[float]) -> Table:
    head = ParagraphStyle("head", fontName=BOLD, fontSize=7.5, leading=9.5)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5)
    data = [[Paragraph(h, head) for h in header]] + [[Paragraph(_esc(c), cell) for c in row] for row in rows]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE7F0")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#CBD5E1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def compliance_pdf(report: ComplianceRead) -> bytes:
    _fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=title(report),
        author="ClusterDesk",
        invariant=1,  # no creation time or random id: the same data gives the same file
    )
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=13, leading=16, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
    small = ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10, textColor="#475569")
    rules = _table(RULE_HEADER, rule_rows(report), [22, 42, 40, 30, 16, 17, 48, 62])
    for index, rule in enumerate(report.rules, start=1):
        colour = colors.HexColor(f"#{STATUS_COLOURS[rule.status]}")
        rules.setStyle(TableStyle([("BACKGROUND", (5, index), (5, index), colour)]))
    story: list[Any] = [
        Paragraph(_esc(title(report)), h1),
        Paragraph(_esc(f"{report.document}. {report.edition}"), small),
        Paragraph(_esc(report.check_note), small),
        Spacer(1, 4),
        Paragraph("Требования", h2),
        rules,
        Paragraph("Участники", h2),
        _table(PARTICIPANT_HEADER, participant_rows(report), [70, 24, 26, 30, 30, 24, 24, 26]),
    ]
    contracts = contract_rows(report)
    story.append(Paragraph("Договоры и сведения о кооперации", h2))
    if contracts:
        story.append(_table(CONTRACT_HEADER, contracts, [55, 55, 30, 20, 40, 77]))
    else:
        story.append(Paragraph("Договоров в принятых формах нет.", small))
    document.build(story)
    return buffer.getvalue()
