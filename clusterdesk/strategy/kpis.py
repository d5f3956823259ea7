"""KPI definitions, yearly targets and actual values with evidence. Computed KPIs take no typed values."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import MAX_ID, changes_of, get_or_404, refuse_empty
from clusterdesk.errors import ConflictError, FieldProblem, ValidationFailed
from clusterdesk.news.models import NewsFact
from clusterdesk.registry import service as registry_service
from clusterdesk.strategy.indicators import all_indicators
from clusterdesk.strategy.labels import EVIDENCE_KIND_LABELS
from clusterdesk.strategy.models import EvidenceKind, Kpi, KpiKind, KpiTarget, KpiValue
from clusterdesk.strategy.schemas import (
    FileEvidence,
    KpiCreate,
    KpiTargetCreate,
    KpiTargetUpdate,
    KpiUpdate,
    KpiValueCreate,
    KpiValueRead,
    KpiValueUpdate,
    NewsFactEvidence,
    NoteEvidence,
)
from clusterdesk.strategy.service import get_program

KPI = "Показатель"
TARGET = "Плановое значение показателя"
VALUE = "Фактическое значение показателя"
EVIDENCE_COLUMNS = (
    "evidence_kind",
    "evidence_news_fact_id",
    "evidence_file",
    "evidence_sheet",
    "evidence_row",
    "evidence_note",
    "evidence_document",
)


def get_kpi(*, session: Session, kpi_id: int) -> Kpi:
    return get_or_404(session, Kpi, kpi_id)


def get_kpis(*, session: Session, program_id: int | None = None) -> list[Kpi]:
    query = select(Kpi).order_by(Kpi.program_id, Kpi.id)
    if program_id is not None:
        query = query.where(Kpi.program_id == program_id)
    return list(session.scalars(query))


def _check_code_free(session: Session, program_id: int, code: str, kpi_id: int | None) -> None:
    clash = session.scalar(select(Kpi).where(Kpi.program_id == program_id, Kpi.code == code))
    if clash is not None and clash.id != kpi_id:
        raise ConflictError(f"В программе уже есть показатель с кодом «{code}» (#{clash.id})")


def create_kpi(
    *, session: Session, actor: Actor, data: KpiCreate, is_demo: bool = False, source: str | None = None
) -> Kpi:
    get_program(session=session, program_id=data.program_id)
    _check_code_free(session, data.program_id, data.code, None)
    kpi = Kpi(**data.model_dump(), is_demo=is_demo, source=source)
    return writes.create(session=session, actor=actor, obj=kpi, label=KPI)


def update_kpi(*, session: Session, actor: Actor, kpi_id: int, data: KpiUpdate) -> Kpi:
    kpi = get_kpi(session=session, kpi_id=kpi_id)
    changes = changes_of(data)
    refuse_empty(changes, "code", "name", "unit", "direction", "aggregation")
    if "code" in changes:
        _check_code_free(session, kpi.program_id, changes["code"], kpi.id)
    return writes.update(
        session=session, actor=actor, obj=kpi, changes=changes, expected_version=data.version, label=KPI
    )


def delete_kpi(*, session: Session, actor: Actor, kpi_id: int, version: int | None) -> None:
    kpi = get_kpi(session=session, kpi_id=kpi_id)
    for row in [*kpi.targets, *kpi.values]:
        label = TARGET if isinstance(row, KpiTarget) else VALUE
        writes.delete(session=session, actor=actor, obj=row, expected_version=None, label=label)
    writes.delete(session=session, actor=actor, obj=kpi, expected_version=version, label=KPI)


def computed_title(kpi: Kpi) -> str | None:
    found = all_indicators().get(kpi.computed_by or "")
    return found.title if found else None


# Targets -------------------------------------------------------------------------------------------------


def get_target(*, session: Session, target_id: int) -> KpiTarget:
    return get_or_404(session, KpiTarget, target_id)


def set_target(
    *,
    session: Session,
    actor: Actor,
    kpi_id: int,
    data: KpiTargetCreate,
    is_demo: bool = False,
    source: str | None = None,
) -> KpiTarget:
    kpi = get_kpi(session=session, kpi_id=kpi_id)
    clash = session.scalar(select(KpiTarget).where(KpiTarget.kpi_id == kpi.id, KpiTarget.year == data.year))
    if clash is not None:
        raise ConflictError(
            f"План показателя «{kpi.name}» на {data.year} год уже задан ({clash.value:g}); измените его"
        )
    target = KpiTarget(kpi_id=kpi.id, year=data.year, value=data.value, is_demo=is_demo, source=source)
    return writes.create(session=session, actor=actor, obj=target, label=TARGET)


def update_target(*, session: Session, actor: Actor, target_id: int, data: KpiTargetUpdate) -> KpiTarget:
    target = get_target(session=session, target_id=target_id)
    changes = changes_of(data)
    refuse_empty(changes, "value")
    return writes.update(
        session=session, actor=actor, obj=target, changes=changes, expected_version=data.version, label=TARGET
    )


def delete_target(*, session: Session, actor: Actor, target_id: int, version: int | None) -> None:
    target = get_target(session=session, target_id=target_id)
    writes.delete(session=session, actor=actor, obj=target, expected_version=version, label=TARGET)


# Values and their evidence -------------------------------------------------------------------------------

Evidence = NoteEvidence | NewsFactEvidence | FileEvidence


def _news_fact_exists(session: Session, fact_id: int) -> bool:
    return 0 < fact_id <= MAX_ID and session.get(NewsFact, fact_id) is not None


def evidence_columns(session: Session, evidence: Evidence | None) -> dict[str, Any]:
    """The value's evidence columns (all empty for «no evidence»)."""
    columns: dict[str, Any] = dict.fromkeys(EVIDENCE_COLUMNS)
    if evidence is None:
        return columns
    columns["evidence_kind"] = EvidenceKind(evidence.kind)
    if isinstance(evidence, NoteEvidence):
        columns.update(evidence_note=evidence.note, evidence_document=evidence.document)
    elif isinstance(evidence, NewsFactEvidence):
        if not _news_fact_exists(session, evidence.news_fact_id):
            raise ValidationFailed(
                [FieldProblem("evidence", f"факт из новостей #{evidence.news_fact_id} не найден")]
            )
        columns["evidence_news_fact_id"] = evidence.news_fact_id
    else:
        columns.update(evidence_file=evidence.file, evidence_sheet=evidence.sheet, evidence_row=evidence.row)
    return columns


def evidence_of(value: KpiValue) -> dict[str, Any] | None:
    if value.evidence_kind == EvidenceKind.note:
        return {"kind": "note", "note": value.evidence_note, "document": value.evidence_document}
    if value.evidence_kind == EvidenceKind.news_fact:
        return {"kind": "news_fact", "news_fact_id": value.evidence_news_fact_id}
    if value.evidence_kind == EvidenceKind.file:
        return {
            "kind": "file",
            "file": value.evidence_file,
            "sheet": value.evidence_sheet,
            "row": value.evidence_row,
        }
    return None


def describe_evidence(value: KpiValue) -> str:
    """One line a reader of a report understands: where the number came from."""
    if value.evidence_kind == EvidenceKind.note:
        document = f" (документ: {value.evidence_document})" if value.evidence_document else ""
        return f"{value.evidence_note}{document}"
    if value.evidence_kind == EvidenceKind.news_fact:
        return f"{EVIDENCE_KIND_LABELS[EvidenceKind.news_fact]} #{value.evidence_news_fact_id}"
    if value.evidence_kind == EvidenceKind.file:
        parts = [value.evidence_file or ""]
        if value.evidence_sheet:
            parts.append(f"лист «{value.evidence_sheet}»")
        if value.evidence_row:
            parts.append(f"строка {value.evidence_row}")
        return ", ".join(parts)
    return "без подтверждения"


def read_value(value: KpiValue) -> KpiValueRead:
    return KpiValueRead(
        id=value.id,
        version=value.version,
        kpi_id=value.kpi_id,
        year=value.year,
        quarter=value.quarter,
        value=value.value,
        organization_id=value.organization_id,
        evidence=evidence_of(value),
        has_evidence=value.has_evidence,
        entered_by=value.entered_by,
    )


def get_value(*, session: Session, value_id: int) -> KpiValue:
    return get_or_404(session, KpiValue, value_id)


def get_values(*, session: Session, kpi_id: int, year: int | None = None) -> list[KpiValue]:
    query = select(KpiValue).where(KpiValue.kpi_id == kpi_id)
    if year is not None:
        query = query.where(KpiValue.year == year)
    return list(session.scalars(query.order_by(KpiValue.year, KpiValue.quarter, KpiValue.id)))


def refuse_typed_fact(kpi: Kpi) -> None:
    if kpi.kind == KpiKind.computed:
        title = computed_title(kpi) or "индикатор платформы не найден"
        raise ValidationFailed(
            [
                FieldProblem(
                    "value",
                    f"показатель «{kpi.name}» вычисляется по данным платформы ({title}); "
                    "его факт не вводится вручную",
                )
            ]
        )


def add_value(*, session: Session, actor: Actor, kpi_id: int, data: KpiValueCreate) -> KpiValue:
    kpi = get_kpi(session=session, kpi_id=kpi_id)
    refuse_typed_fact(kpi)
    if data.organization_id is not None:
        registry_service.get_organization(session=session, organization_id=data.organization_id)
    clash = session.scalar(
        select(KpiValue).where(
            KpiValue.kpi_id == kpi.id,
            KpiValue.year == data.year,
            KpiValue.quarter.is_(None) if data.quarter is None else KpiValue.quarter == data.quarter,
            KpiValue.organization_id.is_(None)
            if data.organization_id is None
            else KpiValue.organization_id == data.organization_id,
        )
    )
    if clash is not None:
        period = f"{data.quarter} квартал {data.year} года" if data.quarter else f"{data.year} год"
        raise ConflictError(
            f"Факт показателя «{kpi.name}» за {period} уже внесён (#{clash.id}); измените его"
        )
    value = KpiValue(
        kpi_id=kpi.id,
        year=data.year,
        quarter=data.quarter,
        value=data.value,
        organization_id=data.organization_id,
        entered_by=actor.name,
        **evidence_columns(session, data.evidence),
    )
    return writes.create(session=session, actor=actor, obj=value, label=VALUE)


def update_value(*, session: Session, actor: Actor, value_id: int, data: KpiValueUpdate) -> KpiValue:
    value = get_value(session=session, value_id=value_id)
    changes = changes_of(data)
    refuse_empty(changes, "value")
    if "evidence" in changes:
        changes.pop("evidence")
        changes.update(evidence_columns(session, data.evidence))
    return writes.update(
        session=session, actor=actor, obj=value, changes=changes, expected_version=data.version, label=VALUE
    )


def delete_value(*, session: Session, actor: Actor, value_id: int, version: int | None) -> None:
    value = get_value(session=session, value_id=value_id)
    writes.delete(session=session, actor=actor, obj=value, expected_version=version, label=VALUE)
