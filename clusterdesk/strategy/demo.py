"""Demo strategy of the two Tomsk clusters: public facts (shared/reference/tomsk-clusters.md) plus examples.

Every row is marked ``is_demo`` with its source. Programs, directions, roadmap items and the 2030 targets
come from public sources. No public source gives yearly plans, actual values or the projects' dates, so the
demo adds example figures for them — yearly targets for 2025–2026, quarterly facts, the dates and progress
of four roadmap items — each marked where it is stored: a target's or item's ``source`` and a value's
evidence note say «пример, не из открытых источников» (clusterdesk.examples). Loading is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.examples import EXAMPLE
from clusterdesk.registry.demo import DEMO_ACTOR, INDUSTRIAL, SEED_000, SEED_004, SMART, TASS
from clusterdesk.registry.models import Cluster, Organization
from clusterdesk.strategy import kpis, roadmap, service
from clusterdesk.strategy.models import (
    Direction,
    Kpi,
    KpiTarget,
    KpiValue,
    Program,
    RoadmapItem,
    RoadmapStatus,
)
from clusterdesk.strategy.schemas import (
    DirectionCreate,
    KpiCreate,
    KpiTargetCreate,
    KpiValueCreate,
    NoteEvidence,
    ProgramCreate,
    RoadmapItemCreate,
)

ORDER = 30  # after the registry (10): programs belong to its clusters
TOMSK_RU = "tomsk.ru: «Промышленный кластер беспилотников в Томске готов к запуску»"
CLUSTERMONITOR = "clustermonitor.ru: о приоритетном проекте «Развитие инновационных кластеров»"
DUMA = "duma.tomsk.ru: «Where Smart Technologies lead»"
EXAMPLE_DATES = f"сроки и ход работ — {EXAMPLE}"


@dataclass(frozen=True)
class ExampleDates:
    """Start, due date, status and progress of an item whose source names the project but not its dates."""

    start: str
    due: str
    status: RoadmapStatus
    progress: int


@dataclass(frozen=True)
class DemoItem:
    title: str
    direction: str | None
    source: str
    organizations: tuple[str, ...] = ()
    due: str | None = None  # ISO date, only where a source gives it
    status: RoadmapStatus = RoadmapStatus.planned
    example: ExampleDates | None = None  # where no source gives the dates (marked EXAMPLE_DATES)

    @property
    def marked_source(self) -> str:
        return f"{self.source}; {EXAMPLE_DATES}" if self.example else self.source


@dataclass(frozen=True)
class DemoKpi:
    code: str
    name: str
    unit: str
    source: str
    targets: tuple[tuple[int, float], ...] = ()
    example_targets: tuple[tuple[int, float], ...] = ()  # year, plan (marked EXAMPLE)
    example_values: tuple[tuple[int, int | None, float], ...] = ()  # year, quarter, fact (marked EXAMPLE)
    computed_by: str | None = None
    aggregation: str = "sum"
    description: str | None = None


@dataclass(frozen=True)
class DemoProgram:
    cluster: str
    title: str
    first_year: int
    last_year: int
    approved_by: str | None
    source: str
    description: str
    directions: tuple[tuple[str, str], ...]  # (title, source)
    items: tuple[DemoItem, ...]
    kpis: tuple[DemoKpi, ...]


PROGRAMS = (
    DemoProgram(
        cluster=INDUSTRIAL,
        title="Программа развития промышленного кластера электроники и беспилотных технологий",
        first_year=2025,
        last_year=2030,
        approved_by="Администрация Томской области",
        source=f"{SEED_004}; {TASS}",
        description=(
            "Программа развития, приоритетные направления и ключевые показатели эффективности утверждены на "
            "совещании в администрации Томской области (Сибмедиа). Планы к 2030 году — по данным ТАСС."
        ),
        directions=(
            ("Спутниковая связь для беспилотников", SEED_004),
            ("Лидары", SEED_004),
            ("Беспилотная сельскохозяйственная техника", SEED_004),
            ("Подготовка кадров", f"{TOMSK_RU}; {SEED_004}"),
        ),
        items=(
            DemoItem(
                "Создание кластера приказом Минпромторга России: 13 организаций, 6 проектов",
                None,
                TASS,
                organizations=("Минпромторг России",),
                due="2025-08-29",
                status=RoadmapStatus.done,
            ),
            DemoItem(
                "Проект: спутниковая связь для беспилотных аппаратов",
                "Спутниковая связь для беспилотников",
                SEED_004,
                example=ExampleDates("2026-02-02", "2027-06-30", RoadmapStatus.in_progress, 40),
            ),
            DemoItem(
                "Проект: лидары",
                "Лидары",
                SEED_004,
                example=ExampleDates("2026-03-02", "2026-11-30", RoadmapStatus.in_progress, 70),
            ),
            DemoItem(
                "Проект: производство беспилотного минитрактора",
                "Беспилотная сельскохозяйственная техника",
                SEED_004,
                example=ExampleDates("2026-06-01", "2027-12-30", RoadmapStatus.in_progress, 15),
            ),
            DemoItem(
                "Подготовка кадров и производственные мощности ТУСУРа для кластера",
                "Подготовка кадров",
                f"{TOMSK_RU}; {SEED_004}",
                organizations=("ТУСУР",),
                example=ExampleDates("2025-09-01", "2026-08-31", RoadmapStatus.done, 100),
            ),
        ),
        kpis=(
            DemoKpi(
                "investment_total",
                "Объём привлечённых инвестиций",
                "млн руб.",
                TASS,
                targets=((2030, 1000.0),),
                example_targets=((2025, 100.0), (2026, 200.0)),
                example_values=((2025, None, 120.0), (2026, 1, 30.0), (2026, 2, 40.0), (2026, 3, 25.0)),
                description="План: около 1 млрд руб. инвестиций к 2030 году.",
            ),
            DemoKpi(
                "output",
                "Объём выпуска продукции участниками кластера",
                "млн руб.",
                TASS,
                targets=((2030, 6000.0),),
                example_targets=((2025, 800.0), (2026, 1500.0)),
                example_values=((2025, None, 700.0), (2026, 1, 380.0), (2026, 2, 400.0), (2026, 3, 450.0)),
                description="План: около 6 млрд руб. выпуска к 2030 году.",
            ),
            DemoKpi(
                "participants",
                "Число участников кластера",
                "ед.",
                f"{TASS}; реестр ClusterDesk",
                computed_by="participants_total",
                aggregation="last",
                example_targets=((2025, 6.0), (2026, 8.0)),
                description="Считается по реестру. При создании кластера в нём было 13 организаций (ТАСС).",
            ),
        ),
    ),
    DemoProgram(
        cluster=SMART,
        title=(
            "Приоритетный проект «Развитие инновационных кластеров — лидеров инвестиционной "
            "привлекательности мирового уровня»"
        ),
        first_year=2017,
        last_year=2020,
        approved_by="Минэкономразвития России",
        source=f"{SEED_000}; {CLUSTERMONITOR}",
        description=(
            "Кластер — один из 11 победителей отбора 2016 года. Цели проекта: точки роста, "
            "высокотехнологичный экспорт, коммерциализация технологий, производительность "
            "и высокопроизводительные рабочие места."
        ),
        directions=tuple(
            (title, CLUSTERMONITOR)
            for title in (
                "Технологическое лидерство",
                "Поддержка быстрорастущих компаний",
                "Модернизация якорных компаний",
                "Привлечение инвестиций",
                "Адаптация образования",
                "Управляющая компания кластера",
            )
        ),
        items=(),
        kpis=(
            DemoKpi(
                "high_tech_exports_share",
                "Доля высокотехнологичного экспорта",
                "%",
                DUMA,
                aggregation="last",
                description="Целевой показатель министерства; значений в открытых источниках нет.",
            ),
        ),
    ),
)


def _org_id(session: Session, short_name: str | None) -> int | None:
    if short_name is None:
        return None
    return session.scalar(select(Organization.id).where(Organization.short_name == short_name))


def _program(session: Session, spec: DemoProgram, cluster: Cluster, created: dict[str, int]) -> Program:
    program = session.scalar(
        select(Program).where(Program.cluster_id == cluster.id, Program.title == spec.title)
    )
    if program is None:
        data = ProgramCreate(
            cluster_id=cluster.id,
            title=spec.title,
            first_year=spec.first_year,
            last_year=spec.last_year,
            approved_by_id=_org_id(session, spec.approved_by),
            description=spec.description,
        )
        program = service.create_program(
            session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=spec.source
        )
        created["programs"] += 1
    return program


def _directions(
    session: Session, spec: DemoProgram, program: Program, created: dict[str, int]
) -> dict[str, int]:
    found = {
        d.title: d.id for d in session.scalars(select(Direction).where(Direction.program_id == program.id))
    }
    for position, (title, source) in enumerate(spec.directions):
        if title not in found:
            data = DirectionCreate(program_id=program.id, title=title, position=position)
            direction = service.create_direction(
                session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=source
            )
            found[title] = direction.id
            created["directions"] += 1
    return found


def _items(
    session: Session, spec: DemoProgram, program: Program, directions: dict[str, int], created: dict[str, int]
) -> None:
    present = {
        i.title: i for i in session.scalars(select(RoadmapItem).where(RoadmapItem.program_id == program.id))
    }
    for item in spec.items:
        dates = item.example
        if item.title in present:
            found = present[item.title]
            if dates and found.is_demo and found.start_date is None and found.due_date is None:
                _date_example(found, dates, item.marked_source)  # a demo loaded before the examples
                created["roadmap_dates"] += 1
            continue
        org_ids = [i for i in (_org_id(session, n) for n in item.organizations) if i is not None]
        status = dates.status if dates else item.status
        data = RoadmapItemCreate(
            program_id=program.id,
            title=item.title,
            direction_id=directions.get(item.direction or ""),
            start_date=dates.start if dates else None,
            due_date=dates.due if dates else item.due,
            status=status,
            progress=dates.progress if dates else 100 if status == RoadmapStatus.done else 0,
            organization_ids=org_ids,
        )
        roadmap.create_item(
            session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=item.marked_source
        )
        created["roadmap_items"] += 1


def _date_example(found: RoadmapItem, dates: ExampleDates, source: str) -> None:
    found.start_date = date.fromisoformat(dates.start)
    found.due_date = date.fromisoformat(dates.due)
    found.status, found.progress, found.source = dates.status, dates.progress, source


def _kpis(session: Session, spec: DemoProgram, program: Program, created: dict[str, int]) -> None:
    for item in spec.kpis:
        kpi = session.scalar(select(Kpi).where(Kpi.program_id == program.id, Kpi.code == item.code))
        if kpi is None:
            data = KpiCreate(
                program_id=program.id,
                code=item.code,
                name=item.name,
                unit=item.unit,
                kind="computed" if item.computed_by else "manual",
                computed_by=item.computed_by,
                aggregation=item.aggregation,
                description=item.description,
            )
            kpi = kpis.create_kpi(
                session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=item.source
            )
            created["kpis"] += 1
        years = set(session.scalars(select(KpiTarget.year).where(KpiTarget.kpi_id == kpi.id)))
        targets = [(y, v, item.source) for y, v in item.targets]
        targets += [(y, v, EXAMPLE) for y, v in item.example_targets]
        for year, value, source in targets:
            if year not in years:
                target = KpiTargetCreate(year=year, value=value)
                kpis.set_target(
                    session=session, actor=DEMO_ACTOR, kpi_id=kpi.id, data=target, is_demo=True, source=source
                )
                created["kpi_targets"] += 1
        _example_values(session, item, kpi, created)


def _example_values(session: Session, spec: DemoKpi, kpi: Kpi, created: dict[str, int]) -> None:
    """Example facts, each with a note that says so; a period already filled is left as it is."""
    filled = {(v.year, v.quarter) for v in session.scalars(select(KpiValue).where(KpiValue.kpi_id == kpi.id))}
    for year, quarter, value in spec.example_values:
        if (year, quarter) in filled:
            continue
        data = KpiValueCreate(
            year=year, quarter=quarter, value=value, evidence=NoteEvidence(kind="note", note=EXAMPLE)
        )
        kpis.add_value(session=session, actor=DEMO_ACTOR, kpi_id=kpi.id, data=data)
        created["kpi_values"] += 1


def load_demo(*, session: Session) -> dict[str, int]:
    """Create what is missing; return counts of rows created by this call."""
    created = dict.fromkeys(
        ("programs", "directions", "roadmap_items", "roadmap_dates", "kpis", "kpi_targets", "kpi_values"), 0
    )
    for spec in PROGRAMS:
        cluster = session.scalar(select(Cluster).where(Cluster.name == spec.cluster))
        if cluster is None:  # the registry demo was not loaded
            continue
        program = _program(session, spec, cluster, created)
        directions = _directions(session, spec, program, created)
        _items(session, spec, program, directions, created)
        _kpis(session, spec, program, created)
        session.expire(program)
    return created
