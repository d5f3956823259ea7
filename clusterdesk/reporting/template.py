"""The XLSX form of one submission: download pre-filled, fill in Excel, upload back (all or nothing).

Sheet «Показатели»: one row per indicator (code, title, unit, value, source document). Sheet «Кооперация»:
one row per contract (ИНН and/or name of the counterparty, amounts, contract number, date, kind); the
amounts of rows with the same counterparty add up. Every problem names the sheet, the row and the column.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.registry.models import Organization
from clusterdesk.reporting import submissions
from clusterdesk.reporting.campaigns import participants
from clusterdesk.reporting.catalogue import indicators
from clusterdesk.reporting.labels import CONTRACT_KIND_LABELS
from clusterdesk.reporting.models import ContractKind, Submission
from clusterdesk.reporting.schemas import MAX_AMOUNT, ContractIn, CounterpartyIn, clean_text
from clusterdesk.reporting.values import derived_values
from clusterdesk.strategy.xlsx import save, style_sheet

VALUES_SHEET, COOPERATION_SHEET, LISTS_SHEET = "Показатели", "Кооперация", "Справочник"
VALUES_HEADER = ["Код", "Показатель", "Ед. изм.", "Значение", "Источник (документ)", "Пояснение"]
VALUES_HEADER_ROW = 4
COOPERATION_HEADER = [
    "ИНН контрагента",
    "Контрагент",
    "Продажи контрагенту, тыс. руб.",
    "Закупки у контрагента, тыс. руб.",
    "Номер договора",
    "Дата договора",
    "Вид договора",
]
GREY = PatternFill("solid", fgColor="F1F5F9")
INPUT = PatternFill("solid", fgColor="FEF9C3")
KIND_BY_LABEL = {label.casefold(): code for code, label in CONTRACT_KIND_LABELS.items()}


def filename(submission: Submission) -> str:
    return f"otchet-{submission.campaign.period}-forma-{submission.id}.xlsx"


def _cooperation_rows(submission: Submission) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for c in submission.counterparties:
        organization = c.organization
        contracts: list[dict[str, str] | None] = [*c.contracts] or [None]
        for index, contract in enumerate(contracts):
            rows.append(
                [
                    organization.inn or "",
                    organization.short_name,
                    c.sales if index == 0 else None,
                    c.purchases if index == 0 else None,
                    contract["number"] if contract else None,
                    date.fromisoformat(contract["date"]) if contract else None,
                    CONTRACT_KIND_LABELS.get(contract["kind"]) if contract else None,
                ]
            )
    return rows


def export_template(*, session: Session, submission: Submission) -> bytes:
    campaign = submission.campaign
    catalogue = indicators()
    derived = derived_values(submission)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = VALUES_SHEET
    sheet.append([f"Форма отчётности: {submission.organization.short_name} — {campaign.title}"])
    sheet.append(
        [f"Срок сдачи: {campaign.deadline:%d.%m.%Y}. Заполните жёлтые ячейки; серые считаются сами."]
    )
    sheet.append(["Суммы — в тысячах рублей; для «да/нет» укажите 1 или 0. Лист «Кооперация» — договоры."])
    sheet.append(VALUES_HEADER)
    for code in campaign.indicators:
        spec = catalogue[code]
        value = derived.get(code) if spec.derived_from else submission.values.get(code)
        sheet.append([code, spec.title, spec.unit, value, submission.sources.get(code), spec.help])
    sheet["A1"].font = Font(bold=True, size=13)
    style_sheet(sheet, [22, 50, 12, 16, 34, 70], header_row=VALUES_HEADER_ROW, number_columns=(4,))
    for row, code in enumerate(campaign.indicators, start=VALUES_HEADER_ROW + 1):
        fill = GREY if catalogue[code].derived_from else INPUT
        sheet.cell(row=row, column=4).fill = fill
        sheet.cell(row=row, column=5).fill = fill

    cooperation = workbook.create_sheet(COOPERATION_SHEET)
    cooperation.append(COOPERATION_HEADER)
    for line in _cooperation_rows(submission):
        cooperation.append(line)
    style_sheet(cooperation, [16, 40, 18, 18, 18, 14, 40], date_columns=(6,), number_columns=(3, 4))
    kinds = DataValidation(type="list", formula1=f"='{LISTS_SHEET}'!$D$2:$D$5", allow_blank=True)
    kinds.error = "Выберите вид договора из списка"
    cooperation.add_data_validation(kinds)
    kinds.add("G2:G500")

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.append(["ИНН", "Участник кластера", "", "Вид договора"])
    members = participants(
        session=session, cluster_id=campaign.cluster_id, year=campaign.year, quarter=campaign.quarter
    )
    others = [o for o in members if o.id != submission.organization_id]
    labels = list(CONTRACT_KIND_LABELS.values())
    for index in range(max(len(others), len(labels))):
        organization = others[index] if index < len(others) else None
        lists.append(
            [
                (organization.inn or "") if organization else None,
                organization.short_name if organization else None,
                None,
                labels[index] if index < len(labels) else None,
            ]
        )
    style_sheet(lists, [16, 50, 4, 44])
    return save(workbook)


# Reading the upload ------------------------------------------------------------------------------------


@dataclass
class Upload:
    values: dict[str, float | None] = field(default_factory=dict)
    sources: dict[str, str | None] = field(default_factory=dict)
    counterparties: list[CounterpartyIn] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)

    def problem(self, sheet: str, column: str, row: int, message: str) -> None:
        self.problems.append(FieldProblem(f"{sheet} / {column}", message, row=row))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(clean_text(str(value)))


NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def parse_number(value: Any) -> float | None:
    """A cell as a number: numeric cells as they are, text like «1 234,5»; empty is None; else ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.casefold() in ("да", "нет"):
        return 1.0 if text.casefold() == "да" else 0.0
    if not NUMBER.match(text):
        raise ValueError("введите число (например 1234,5)")
    return float(text.replace(",", "."))


def parse_date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("дата в формате ДД.ММ.ГГГГ")


def _read_values(sheet: Any, submission: Submission, upload: Upload) -> None:
    catalogue = indicators()
    allowed = set(submission.campaign.indicators)
    header = [
        _text(c)
        for c in next(
            sheet.iter_rows(min_row=VALUES_HEADER_ROW, max_row=VALUES_HEADER_ROW, values_only=True), ()
        )
    ]
    if header[: len(VALUES_HEADER)] != VALUES_HEADER:
        upload.problem(VALUES_SHEET, "заголовок", VALUES_HEADER_ROW, "не тот шаблон: скачайте форму заново")
        return
    for row_number, row in enumerate(
        sheet.iter_rows(min_row=VALUES_HEADER_ROW + 1, values_only=True), start=VALUES_HEADER_ROW + 1
    ):
        cells = list(row) + [None] * 6
        code = _text(cells[0])
        if not code:
            continue
        if code not in allowed:
            upload.problem(VALUES_SHEET, "Код", row_number, f"показатель «{code}» не входит в форму")
            continue
        spec = catalogue[code]
        if spec.derived_from:
            continue
        try:
            value = parse_number(cells[3])
            if value is not None:
                value = submissions.check_value(spec, value, "")
        except ValueError as exc:
            upload.problem(VALUES_SHEET, "Значение", row_number, str(exc))
            continue
        except ValidationFailed as exc:
            upload.problem(VALUES_SHEET, "Значение", row_number, exc.problems[0].message)
            continue
        upload.values[code] = value
        source = _text(cells[4])
        if len(source) > 500:
            upload.problem(VALUES_SHEET, "Источник (документ)", row_number, "не длиннее 500 символов")
        upload.sources[code] = source or None


def _find_organization(session: Session, inn: str, name: str) -> Organization | list[Organization] | None:
    if inn:
        return session.scalar(select(Organization).where(Organization.inn == inn))
    folded = name.casefold()
    found = list(
        session.scalars(
            select(Organization).where(
                or_(func.lower(Organization.short_name) == folded, func.lower(Organization.name) == folded)
            )
        )
    )
    if not found:  # SQLite's lower() folds ASCII only: compare in Python over the registry's names
        found = [
            o
            for o in session.scalars(select(Organization).order_by(Organization.id))
            if folded in (o.short_name.casefold(), o.name.casefold())
        ]
    if len(found) == 1:
        return found[0]
    return found or None


def _read_cooperation(session: Session, sheet: Any, submission: Submission, upload: Upload) -> None:
    header = [_text(c) for c in next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())]
    if header[: len(COOPERATION_HEADER)] != COOPERATION_HEADER:
        upload.problem(COOPERATION_SHEET, "заголовок", 1, "не тот шаблон: скачайте форму заново")
        return
    grouped: dict[int, dict[str, Any]] = {}
    for row_number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        cells = list(row) + [None] * 7
        inn, name = _text(cells[0]), _text(cells[1])
        if not any(_text(c) for c in cells[:7]):
            continue
        if not inn and not name:
            upload.problem(
                COOPERATION_SHEET, "Контрагент", row_number, "укажите ИНН или наименование контрагента"
            )
            continue
        found = _find_organization(session, inn, name)
        if isinstance(found, list):
            upload.problem(
                COOPERATION_SHEET, "Контрагент", row_number, f"«{name}»: несколько организаций, укажите ИНН"
            )
            continue
        if found is None:
            column = "ИНН контрагента" if inn else "Контрагент"
            upload.problem(COOPERATION_SHEET, column, row_number, f"«{inn or name}» не найден в реестре")
            continue
        if found.id == submission.organization_id:
            upload.problem(
                COOPERATION_SHEET, "Контрагент", row_number, "своя организация не может быть контрагентом"
            )
            continue
        entry = grouped.setdefault(found.id, {"sales": 0.0, "purchases": 0.0, "contracts": []})
        ok = True
        for index, key, column in (
            (2, "sales", COOPERATION_HEADER[2]),
            (3, "purchases", COOPERATION_HEADER[3]),
        ):
            try:
                amount = parse_number(cells[index])
            except ValueError as exc:
                upload.problem(COOPERATION_SHEET, column, row_number, str(exc))
                ok = False
                continue
            if amount is not None and not 0 <= amount <= MAX_AMOUNT:
                upload.problem(COOPERATION_SHEET, column, row_number, "сумма от 0 до 10 трлн")
                ok = False
            elif amount is not None:
                entry[key] += amount
        number = _text(cells[4])
        try:
            signed = parse_date(cells[5])
        except ValueError as exc:
            upload.problem(COOPERATION_SHEET, "Дата договора", row_number, str(exc))
            continue
        kind_text = _text(cells[6])
        kind = KIND_BY_LABEL.get(kind_text.casefold(), kind_text or ContractKind.supply.value)
        if kind not in CONTRACT_KIND_LABELS:
            upload.problem(COOPERATION_SHEET, "Вид договора", row_number, "выберите вид договора из списка")
            continue
        if number and signed is None:
            upload.problem(COOPERATION_SHEET, "Дата договора", row_number, "у договора нужна дата")
        elif signed is not None and not number:
            upload.problem(COOPERATION_SHEET, "Номер договора", row_number, "у договора нужен номер")
        elif len(number) > 300:
            upload.problem(COOPERATION_SHEET, "Номер договора", row_number, "не длиннее 300 символов")
        elif number and signed is not None and ok:
            entry["contracts"].append(ContractIn(number=number, date=signed, kind=ContractKind(kind)))
    upload.counterparties = [CounterpartyIn(organization_id=i, **e) for i, e in grouped.items()]


def read_upload(*, session: Session, submission: Submission, content: bytes) -> Upload:
    upload = Upload()
    try:
        workbook = load_workbook(io.BytesIO(content), data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not XLSX
        upload.problem("файл", "—", 1, "это не файл XLSX: скачайте шаблон формы и заполните его")
        return upload
    for name in (VALUES_SHEET, COOPERATION_SHEET):
        if name not in workbook.sheetnames:
            upload.problem(name, "—", 1, f"в файле нет листа «{name}»: скачайте шаблон формы заново")
    if upload.problems:
        return upload
    _read_values(workbook[VALUES_SHEET], submission, upload)
    _read_cooperation(session, workbook[COOPERATION_SHEET], submission, upload)
    return upload


def import_template(*, session: Session, actor: Actor, submission: Submission, content: bytes) -> Submission:
    """Check every row first; store nothing unless the whole file is right (the form becomes a draft)."""
    submissions.refuse_locked(submission)
    upload = read_upload(session=session, submission=submission, content=content)
    if upload.problems:
        raise ValidationFailed(upload.problems)
    return submissions.save(
        session=session,
        actor=actor,
        submission=submission,
        version=None,
        values=upload.values,
        sources=upload.sources,
        counterparties=upload.counterparties,
    )
