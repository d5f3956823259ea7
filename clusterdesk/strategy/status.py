"""KPI status for a cluster and year: plan, fact, direction-aware percent, met/on_track/lagging/no_data.

A year's fact is the annual values (each organisation's share added up); failing those, the quarterly
values: a flow (``sum``) adds its quarters, a stock (``last``) takes the latest quarter. A part-year fact is
«on track» when it keeps a linear pace toward the year's target: the pace after quarter q is
``baseline + (target - baseline) * q / 4``; the baseline is 0 for a flow and last year's fact for a stock.
Computed KPIs are counted from the database on request; for the current year they count as «so far»
(the current quarter), and a future year has no fact yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from clusterdesk.strategy import indicators
from clusterdesk.strategy.kpis import describe_evidence
from clusterdesk.strategy.models import Kpi, KpiAggregation, KpiDirection, KpiKind, KpiValue
from clusterdesk.strategy.schemas import KpiStatusRow
from clusterdesk.strategy.service import programs_for_year

MET, ON_TRACK, LAGGING, NO_DATA = "met", "on_track", "lagging", "no_data"


@dataclass(frozen=True)
class YearFact:
    value: float | None
    quarter: int | None = None  # None: the whole year; 1-3: only so far
    unsupported: int = 0  # values without evidence
    evidence: tuple[str, ...] = field(default_factory=tuple)


def percent_of_plan(plan: float | None, fact: float | None, direction: KpiDirection) -> float | None:
    """fact / plan for «higher is better», plan / fact for «lower is better», as a percentage."""
    if plan is None or fact is None:
        return None
    numerator, denominator = (fact, plan) if direction == KpiDirection.higher_better else (plan, fact)
    if denominator == 0:
        return None
    return round(numerator / denominator * 100, 1)


def _meets(value: float, goal: float, direction: KpiDirection) -> bool:
    return value >= goal if direction == KpiDirection.higher_better else value <= goal


def judge(
    *,
    plan: float | None,
    fact: YearFact,
    direction: KpiDirection,
    aggregation: KpiAggregation,
    baseline: float | None = None,
) -> str:
    if plan is None or fact.value is None:
        return NO_DATA
    if fact.quarter is None or fact.quarter >= 4:
        return MET if _meets(fact.value, plan, direction) else LAGGING
    if direction == KpiDirection.higher_better and aggregation == KpiAggregation.sum and fact.value >= plan:
        return MET  # a flow only grows: the year's target is already reached
    start = 0.0 if aggregation == KpiAggregation.sum else (baseline if baseline is not None else plan)
    pace = start + (plan - start) * fact.quarter / 4
    return ON_TRACK if _meets(fact.value, pace, direction) else LAGGING


def _from_values(values: Iterable[KpiValue], aggregation: KpiAggregation) -> YearFact:
    values = list(values)
    annual = [v for v in values if v.quarter is None]
    quarterly = [v for v in values if v.quarter is not None]
    if annual:
        used, quarter = annual, None
    elif quarterly:
        quarter = max(v.quarter for v in quarterly if v.quarter is not None)
        used = (
            quarterly if aggregation == KpiAggregation.sum else [v for v in quarterly if v.quarter == quarter]
        )
    else:
        return YearFact(None)
    evidence = tuple(dict.fromkeys(describe_evidence(v) for v in used if v.has_evidence))
    return YearFact(
        value=sum(v.value for v in used),
        quarter=quarter,
        unsupported=sum(1 for v in used if not v.has_evidence),
        evidence=evidence,
    )


def year_fact(*, session: Session, kpi: Kpi, cluster_id: int, year: int, today: date) -> YearFact:
    if kpi.kind == KpiKind.computed:
        if year > today.year or not kpi.computed_by:
            return YearFact(None)
        value = indicators.compute(kpi.computed_by, session=session, cluster_id=cluster_id, year=year)
        quarter = (today.month - 1) // 3 + 1 if year == today.year else None
        source = indicators.all_indicators().get(kpi.computed_by)
        evidence = (f"вычислено по данным платформы: {source.title}",) if source else ()
        return YearFact(value, quarter=quarter, evidence=evidence)
    return _from_values((v for v in kpi.values if v.year == year), kpi.aggregation)


def plan_for(kpi: Kpi, year: int) -> float | None:
    return next((t.value for t in kpi.targets if t.year == year), None)


def plan_source(kpi: Kpi, year: int) -> str | None:
    return next((t.source for t in kpi.targets if t.year == year), None)


def series_sources(kpi: Kpi) -> list[str]:
    """Every distinct source of the KPI's plans and typed facts, for the note under its chart."""
    found = [t.source for t in kpi.targets if t.source]
    found += [describe_evidence(v) for v in kpi.values if v.has_evidence]
    return list(dict.fromkeys(found))


def kpi_status(*, session: Session, kpi: Kpi, cluster_id: int, year: int, today: date) -> KpiStatusRow:
    plan = plan_for(kpi, year)
    fact = year_fact(session=session, kpi=kpi, cluster_id=cluster_id, year=year, today=today)
    baseline = None
    if kpi.aggregation == KpiAggregation.last and fact.quarter is not None and fact.quarter < 4:
        baseline = year_fact(
            session=session, kpi=kpi, cluster_id=cluster_id, year=year - 1, today=today
        ).value
    status = judge(
        plan=plan, fact=fact, direction=kpi.direction, aggregation=kpi.aggregation, baseline=baseline
    )
    evidence = "; ".join(fact.evidence)
    if fact.unsupported:
        flag = f"без подтверждения: {fact.unsupported}"
        evidence = f"{evidence}; {flag}" if evidence else flag
    return KpiStatusRow(
        kpi_id=kpi.id,
        code=kpi.code,
        name=kpi.name,
        unit=kpi.unit,
        plan=plan,
        fact=fact.value,
        percent=percent_of_plan(plan, fact.value, kpi.direction),
        status=status,
        direction=kpi.direction,
        kind=kpi.kind,
        quarter=fact.quarter if fact.quarter and fact.quarter < 4 else None,
        unsupported_values=fact.unsupported,
        evidence=evidence,
        plan_source=plan_source(kpi, year),
    )


def cluster_status(
    *, session: Session, cluster_id: int, year: int, today: date | None = None
) -> list[KpiStatusRow]:
    """Every KPI of the cluster's programs that cover ``year``, in program and KPI order."""
    today = today or date.today()
    return [
        kpi_status(session=session, kpi=kpi, cluster_id=cluster_id, year=year, today=today)
        for program in programs_for_year(session=session, cluster_id=cluster_id, year=year)
        for kpi in program.kpis
    ]


@dataclass(frozen=True)
class SeriesPoint:
    year: int
    plan: float | None
    fact: float | None


def kpi_series(*, session: Session, kpi: Kpi, today: date | None = None) -> list[SeriesPoint]:
    """Plan and fact for each year of the KPI's program, for the chart across years."""
    today = today or date.today()
    program = kpi.program
    return [
        SeriesPoint(
            year=year,
            plan=plan_for(kpi, year),
            fact=year_fact(
                session=session, kpi=kpi, cluster_id=program.cluster_id, year=year, today=today
            ).value,
        )
        for year in range(program.first_year, program.last_year + 1)
    ]
