"""Strategy tables: development program, priority directions, roadmap items and KPIs with plan and fact."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, Enum, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clusterdesk.db import Base, VersionedMixin
from clusterdesk.registry.models import Cluster, DemoMarkMixin, Organization, Person


class RoadmapStatus(enum.StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class KpiDirection(enum.StrEnum):
    """Stored and sent as «higher»/«lower»; the Python names differ so that ``.lower`` stays ``str.lower``."""

    higher_better = "higher"
    lower_better = "lower"


class KpiKind(enum.StrEnum):
    manual = "manual"
    computed = "computed"


class KpiAggregation(enum.StrEnum):
    """How quarterly values make a year: a flow adds up (output), a stock takes the latest (participants)."""

    sum = "sum"
    last = "last"


class EvidenceKind(enum.StrEnum):
    note = "note"
    news_fact = "news_fact"
    file = "file"


def _enum(cls: type[enum.Enum]) -> Enum:
    """Stored by value (the same strings as the names, except KpiDirection's)."""
    return Enum(
        cls,
        native_enum=False,
        length=40,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class Program(DemoMarkMixin, VersionedMixin, Base):
    __tablename__ = "program"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    approval_date: Mapped[date | None] = mapped_column(Date)
    document_url: Mapped[str | None] = mapped_column(String(1000))
    description: Mapped[str | None] = mapped_column(Text)

    cluster: Mapped[Cluster] = relationship()
    approved_by: Mapped[Organization | None] = relationship()
    directions: Mapped[list[Direction]] = relationship(
        back_populates="program", passive_deletes=True, order_by="Direction.position, Direction.id"
    )
    roadmap_items: Mapped[list[RoadmapItem]] = relationship(
        back_populates="program", passive_deletes=True, order_by="RoadmapItem.id"
    )
    kpis: Mapped[list[Kpi]] = relationship(back_populates="program", passive_deletes=True, order_by="Kpi.id")


class Direction(DemoMarkMixin, VersionedMixin, Base):
    """A priority direction of a program (unmanned aerial systems, lidars, personnel training...)."""

    __tablename__ = "priority_direction"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    program: Mapped[Program] = relationship(back_populates="directions")


class RoadmapItem(DemoMarkMixin, VersionedMixin, Base):
    __tablename__ = "roadmap_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    direction_id: Mapped[int | None] = mapped_column(
        ForeignKey("priority_direction.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RoadmapStatus] = mapped_column(_enum(RoadmapStatus), default=RoadmapStatus.planned)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    expected_result: Mapped[str | None] = mapped_column(Text)
    actual_result: Mapped[str | None] = mapped_column(Text)

    program: Mapped[Program] = relationship(back_populates="roadmap_items")
    direction: Mapped[Direction | None] = relationship()
    dependencies: Mapped[list[RoadmapDependency]] = relationship(
        foreign_keys="RoadmapDependency.item_id", passive_deletes=True, order_by="RoadmapDependency.id"
    )
    responsibles: Mapped[list[RoadmapResponsible]] = relationship(
        passive_deletes=True, order_by="RoadmapResponsible.id"
    )

    def is_overdue(self, today: date) -> bool:
        """Derived, never stored: the due date has passed and the item is neither done nor cancelled."""
        return (
            self.due_date is not None
            and self.due_date < today
            and self.status not in (RoadmapStatus.done, RoadmapStatus.cancelled)
        )

    @property
    def depends_on_ids(self) -> list[int]:
        return [d.depends_on_id for d in self.dependencies]

    @property
    def organization_ids(self) -> list[int]:
        return [r.organization_id for r in self.responsibles if r.organization_id is not None]

    @property
    def person_ids(self) -> list[int]:
        return [r.person_id for r in self.responsibles if r.person_id is not None]


class RoadmapDependency(VersionedMixin, Base):
    """``item`` cannot finish before ``depends_on`` (the graph must stay acyclic)."""

    __tablename__ = "roadmap_dependency"
    __table_args__ = (UniqueConstraint("item_id", "depends_on_id", name="uq_roadmap_dependency_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id", ondelete="CASCADE"), index=True)
    depends_on_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id", ondelete="CASCADE"), index=True)

    depends_on: Mapped[RoadmapItem] = relationship(foreign_keys=[depends_on_id])


class RoadmapResponsible(VersionedMixin, Base):
    """A responsible organisation or person of a roadmap item (exactly one of the two is set)."""

    __tablename__ = "roadmap_responsible"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)

    organization: Mapped[Organization | None] = relationship()
    person: Mapped[Person | None] = relationship()


class Kpi(DemoMarkMixin, VersionedMixin, Base):
    """A key performance indicator of a program: manual (typed with evidence) or computed from the data."""

    __tablename__ = "kpi"
    __table_args__ = (UniqueConstraint("program_id", "code", name="uq_kpi_program_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(500))
    unit: Mapped[str] = mapped_column(String(100))
    direction: Mapped[KpiDirection] = mapped_column(_enum(KpiDirection), default=KpiDirection.higher_better)
    kind: Mapped[KpiKind] = mapped_column(_enum(KpiKind), default=KpiKind.manual)
    computed_by: Mapped[str | None] = mapped_column(String(100))
    aggregation: Mapped[KpiAggregation] = mapped_column(_enum(KpiAggregation), default=KpiAggregation.sum)
    description: Mapped[str | None] = mapped_column(Text)

    program: Mapped[Program] = relationship(back_populates="kpis")
    targets: Mapped[list[KpiTarget]] = relationship(passive_deletes=True, order_by="KpiTarget.year")
    values: Mapped[list[KpiValue]] = relationship(
        passive_deletes=True, order_by="KpiValue.year, KpiValue.quarter, KpiValue.id"
    )


class KpiTarget(DemoMarkMixin, VersionedMixin, Base):
    __tablename__ = "kpi_target"
    __table_args__ = (UniqueConstraint("kpi_id", "year", name="uq_kpi_target_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)


class KpiValue(VersionedMixin, Base):
    """An actual value for a year (``quarter`` empty) or a quarter, optionally one organisation's share.

    Evidence says where the number came from: a news fact, a file and row, or a note with a document
    reference. A value without evidence is stored but flagged.
    """

    __tablename__ = "kpi_value"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    quarter: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    evidence_kind: Mapped[EvidenceKind | None] = mapped_column(_enum(EvidenceKind))
    # no foreign key: the news store is another domain's migration branch; the service checks it exists
    evidence_news_fact_id: Mapped[int | None] = mapped_column(Integer)
    evidence_file: Mapped[str | None] = mapped_column(String(500))
    evidence_sheet: Mapped[str | None] = mapped_column(String(200))
    evidence_row: Mapped[int | None] = mapped_column(Integer)
    evidence_note: Mapped[str | None] = mapped_column(Text)
    evidence_document: Mapped[str | None] = mapped_column(String(1000))
    entered_by: Mapped[str | None] = mapped_column(String(150))

    organization: Mapped[Organization | None] = relationship()

    @property
    def has_evidence(self) -> bool:
        return self.evidence_kind is not None
