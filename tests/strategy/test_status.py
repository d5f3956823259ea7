"""KPI status rules (pure) and computed indicators over the registry (both databases)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from clusterdesk import indicators as core_indicators
from clusterdesk.audit.service import SYSTEM
from clusterdesk.registry import service as registry_service
from clusterdesk.registry.models import OrganizationKind
from clusterdesk.registry.schemas import MembershipCreate, OrganizationCreate
from clusterdesk.strategy import indicators, kpis
from clusterdesk.strategy.models import KpiAggregation, KpiDirection, KpiKind
from clusterdesk.strategy.schemas import KpiCreate, KpiTargetCreate, KpiValueCreate
from clusterdesk.strategy.status import YearFact, cluster_status, judge, percent_of_plan
from tests.strategy.conftest import Setup

HIGHER, LOWER = KpiDirection.higher_better, KpiDirection.lower_better
SUM, LAST = KpiAggregation.sum, KpiAggregation.last


def test_percent_is_direction_aware() -> None:
    assert percent_of_plan(100, 80, HIGHER) == 80.0
    assert percent_of_plan(40, 50, LOWER) == 80.0  # plan / fact
    assert percent_of_plan(40, 0, LOWER) is None
    assert percent_of_plan(None, 5, HIGHER) is None and percent_of_plan(5, None, HIGHER) is None


@pytest.mark.parametrize(
    ("plan", "fact", "direction", "aggregation", "baseline", "expected"),
    [
        (100, YearFact(80), HIGHER, SUM, None, "lagging"),
        (100, YearFact(100), HIGHER, SUM, None, "met"),
        (100, YearFact(50, quarter=2), HIGHER, SUM, None, "on_track"),  # pace after Q2 is 50
        (100, YearFact(49, quarter=2), HIGHER, SUM, None, "lagging"),
        (100, YearFact(110, quarter=3), HIGHER, SUM, None, "met"),
        (20, YearFact(16, quarter=2), HIGHER, LAST, 10, "on_track"),  # pace from 10 toward 20: 15
        (20, YearFact(14, quarter=2), HIGHER, LAST, 10, "lagging"),
        (40, YearFact(45, quarter=2), LOWER, LAST, 50, "on_track"),  # pace from 50 down to 40: 45
        (40, YearFact(46, quarter=2), LOWER, LAST, 50, "lagging"),
        (40, YearFact(39), LOWER, LAST, None, "met"),
        (None, YearFact(10), HIGHER, SUM, None, "no_data"),
        (10, YearFact(None), HIGHER, SUM, None, "no_data"),
    ],
)
def test_judge(
    plan: float | None,
    fact: YearFact,
    direction: KpiDirection,
    aggregation: KpiAggregation,
    baseline: float | None,
    expected: str,
) -> None:
    assert (
        judge(plan=plan, fact=fact, direction=direction, aggregation=aggregation, baseline=baseline)
        == expected
    )


def test_quarterly_values_make_the_year_by_aggregation(session: Session, setup: Setup) -> None:
    today = date(2026, 8, 1)
    flow = kpis.create_kpi(
        session=session,
        actor=SYSTEM,
        data=KpiCreate(program_id=setup.program.id, code="flow", name="Выпуск", unit="млн руб."),
    )
    stock = kpis.create_kpi(
        session=session,
        actor=SYSTEM,
        data=KpiCreate(
            program_id=setup.program.id, code="stock", name="Рабочие места", unit="ед.", aggregation="last"
        ),
    )
    for kpi in (flow, stock):
        kpis.set_target(
            session=session, actor=SYSTEM, kpi_id=kpi.id, data=KpiTargetCreate(year=2026, value=100)
        )
        for quarter, value in ((1, 30), (2, 30)):
            kpis.add_value(
                session=session,
                actor=SYSTEM,
                kpi_id=kpi.id,
                data=KpiValueCreate(year=2026, quarter=quarter, value=value),
            )
    session.expire_all()
    rows = {
        r.code: r
        for r in cluster_status(session=session, cluster_id=setup.cluster.id, year=2026, today=today)
    }
    assert (rows["flow"].fact, rows["flow"].quarter, rows["flow"].status) == (60, 2, "on_track")
    assert (rows["stock"].fact, rows["stock"].quarter, rows["stock"].status) == (30, 2, "lagging")
    assert rows["flow"].unsupported_values == 2


def _org(session: Session, name: str, kind: OrganizationKind) -> int:
    data = OrganizationCreate(short_name=name, name=f"ООО «{name}»", kind=kind)
    return registry_service.create_organization(session=session, actor=SYSTEM, data=data).id


def test_registry_indicators_count_members_by_kind_and_joins(session: Session, setup: Setup) -> None:
    cluster_id = setup.cluster.id
    joined = [
        (_org(session, "Лидар", OrganizationKind.enterprise), date(2024, 5, 1)),
        (_org(session, "Вуз", OrganizationKind.university), date(2025, 2, 1)),
        (_org(session, "Завод", OrganizationKind.enterprise), None),
    ]
    for org_id, since in joined:
        registry_service.create_membership(
            session=session,
            actor=SYSTEM,
            data=MembershipCreate(cluster_id=cluster_id, organization_id=org_id, role="member", since=since),
        )

    def count(name: str, year: int) -> float | None:
        return indicators.compute(name, session=session, cluster_id=cluster_id, year=year)

    assert count("participants_total", 2023) == 1  # no start date: a member all along
    assert count("participants_total", 2024) == 2 and count("participants_total", 2025) == 3
    assert count("participants_enterprise", 2025) == 2 and count("participants_university", 2025) == 1
    assert count("organizations_joined", 2024) == 1 and count("organizations_joined", 2025) == 1
    assert count("organizations_joined", 2026) == 0


def test_registry_contract_and_extension() -> None:
    found = indicators.all_indicators()
    total = found["participants_total"]
    assert isinstance(total, indicators.ComputedIndicator)
    assert total.title == "Число участников кластера" and total.unit == "ед."

    @indicators.indicator("test_constant", "Проверочный индикатор", "ед.")
    def constant(*, session: Session, cluster_id: int, year: int) -> float | None:
        return 42.0

    try:
        assert (
            indicators.all_indicators()["test_constant"].compute(session=None, cluster_id=1, year=2025) == 42
        )
        with pytest.raises(ValueError, match="already registered"):

            @indicators.indicator("test_constant", "Другой", "ед.")
            def other(*, session: Session, cluster_id: int, year: int) -> float | None:
                return 0.0

    finally:
        core_indicators._REGISTRY.pop("test_constant", None)


def test_computed_kpi_needs_a_known_indicator() -> None:
    with pytest.raises(ValueError, match="нет вычисляемого индикатора"):
        KpiCreate(program_id=1, code="x", name="X", unit="ед.", kind=KpiKind.computed, computed_by="nope")
    with pytest.raises(ValueError, match="вручную"):
        KpiCreate(
            program_id=1,
            code="x",
            name="X",
            unit="ед.",
            kind=KpiKind.manual,
            computed_by="participants_total",
        )
