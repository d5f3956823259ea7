"""The HTML form of a submission as values and counterparties; problems named by row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.reporting.catalogue import indicators
from clusterdesk.reporting.models import ContractKind, Submission
from clusterdesk.reporting.schemas import MAX_AMOUNT, ContractIn, CounterpartyIn, clean_text
from clusterdesk.reporting.submissions import check_value
from clusterdesk.reporting.template import parse_date, parse_number

ROWS = "Кооперация"
MAX_ROWS = 500


@dataclass
class FormInput:
    values: dict[str, float | None] = field(default_factory=dict)
    sources: dict[str, str | None] = field(default_factory=dict)
    counterparties: list[CounterpartyIn] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # form field name -> message
    problems: list[FieldProblem] = field(default_factory=list)

    def fail(self, name: str, label: str, message: str, row: int | None = None) -> None:
        self.errors[name] = message
        self.problems.append(FieldProblem(label, message, row=row))


def row_indices(form: Any) -> list[int]:
    """The counterparty rows the form posted (``cp_org_<n>``), in order, at most MAX_ROWS of them."""
    found = {int(k[7:]) for k in form if k.startswith("cp_org_") and k[7:].isdigit() and len(k) < 14}
    return sorted(found)[:MAX_ROWS]


def _values(form: Any, submission: Submission, result: FormInput) -> None:
    catalogue = indicators()
    for code in submission.campaign.indicators:
        spec = catalogue[code]
        if not spec.typed:
            continue
        raw = form.get(f"value__{code}")
        try:
            number = parse_number(raw)
            result.values[code] = None if number is None else check_value(spec, number, code)
        except ValueError as exc:
            result.fail(f"value__{code}", spec.title, str(exc))
        except ValidationFailed as exc:
            result.fail(f"value__{code}", spec.title, exc.problems[0].message)
        source = str(clean_text(str(form.get(f"source__{code}") or "")))
        if len(source) > 500:
            result.fail(f"source__{code}", f"{spec.title}: источник", "не длиннее 500 символов")
        result.sources[code] = source or None


def _amount(form: Any, name: str, label: str, line: int, result: FormInput) -> float:
    try:
        value = parse_number(form.get(name))
    except ValueError as exc:
        result.fail(name, f"{ROWS} / {label}", str(exc), line)
        return 0.0
    if value is not None and not 0 <= value <= MAX_AMOUNT:
        result.fail(name, f"{ROWS} / {label}", "сумма от 0 до 10 трлн", line)
        return 0.0
    return value or 0.0


def _rows(form: Any, submission: Submission, result: FormInput) -> None:
    grouped: dict[int, dict[str, Any]] = {}
    for line, index in enumerate(row_indices(form), start=1):
        raw_org = str(form.get(f"cp_org_{index}") or "").strip()
        number = str(clean_text(str(form.get(f"cp_number_{index}") or "")))
        raw_date = form.get(f"cp_date_{index}")
        if not raw_org:
            if number or (raw_date and str(raw_date).strip()):
                result.fail(f"cp_org_{index}", f"{ROWS} / Контрагент", "выберите контрагента", line)
            continue
        if not raw_org.isdigit() or int(raw_org) > 2**31 - 1:
            result.fail(f"cp_org_{index}", f"{ROWS} / Контрагент", "выберите контрагента из списка", line)
            continue
        organization_id = int(raw_org)
        if organization_id == submission.organization_id:
            result.fail(
                f"cp_org_{index}", f"{ROWS} / Контрагент", "своя организация не может быть контрагентом", line
            )
            continue
        entry = grouped.setdefault(organization_id, {"sales": 0.0, "purchases": 0.0, "contracts": []})
        entry["sales"] += _amount(form, f"cp_sales_{index}", "Продажи", line, result)
        entry["purchases"] += _amount(form, f"cp_purchases_{index}", "Закупки", line, result)
        try:
            signed = parse_date(raw_date)
        except ValueError as exc:
            result.fail(f"cp_date_{index}", f"{ROWS} / Дата договора", str(exc), line)
            continue
        kind = str(form.get(f"cp_kind_{index}") or ContractKind.supply.value)
        if kind not in ContractKind.__members__:
            result.fail(f"cp_kind_{index}", f"{ROWS} / Вид договора", "выберите вид договора из списка", line)
        elif number and signed is None:
            result.fail(f"cp_date_{index}", f"{ROWS} / Дата договора", "у договора нужна дата", line)
        elif signed is not None and not number:
            result.fail(f"cp_number_{index}", f"{ROWS} / Номер договора", "у договора нужен номер", line)
        elif len(number) > 300:
            result.fail(f"cp_number_{index}", f"{ROWS} / Номер договора", "не длиннее 300 символов", line)
        elif number and signed is not None:
            entry["contracts"].append(ContractIn(number=number, date=signed, kind=ContractKind(kind)))
    result.counterparties = [CounterpartyIn(organization_id=i, **e) for i, e in grouped.items()]


def read_form(form: Any, submission: Submission) -> FormInput:
    result = FormInput()
    _values(form, submission, result)
    _rows(form, submission, result)
    return result
