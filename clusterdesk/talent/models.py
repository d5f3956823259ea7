"""Talent tables: educational programs, members' demand for specialists, targeted training and internships."""

from __future__ import annotations

import enum

from sqlalchemy import JSON, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clusterdesk.db import Base, VersionedMixin
from clusterdesk.events.models import Agreement
from clusterdesk.registry.models import DemoMarkMixin, Organization


class EducationLevel(enum.StrEnum):
    bachelor = "bachelor"
    specialist = "specialist"
    master = "master"
    postgraduate = "postgraduate"
    secondary_vocational = "secondary_vocational"
    further_training = "further_training"


class TrainingKind(enum.StrEnum):
    targeted = "targeted"
    internship = "internship"


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=40, validate_strings=True)


class EducationalProgram(DemoMarkMixin, VersionedMixin, Base):
    """A program of a university or college in one ОКСО specialty.

    ``graduates_by_year`` ({"2027": 18}) overrides ``graduates_per_year`` for the years it names.
    """

    __tablename__ = "educational_program"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    specialty_code: Mapped[str] = mapped_column(String(20), index=True)
    specialty: Mapped[str] = mapped_column(String(500))
    name: Mapped[str | None] = mapped_column(String(500))
    level: Mapped[EducationLevel] = mapped_column(_enum(EducationLevel))
    intake: Mapped[int | None] = mapped_column(Integer)
    graduates_per_year: Mapped[int | None] = mapped_column(Integer)
    graduates_by_year: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)

    organization: Mapped[Organization] = relationship()

    def graduates_in(self, year: int) -> int:
        by_year = self.graduates_by_year or {}
        if str(year) in by_year:
            return int(by_year[str(year)])
        return self.graduates_per_year or 0


class SpecialistDemand(DemoMarkMixin, VersionedMixin, Base):
    """How many specialists of one specialty a member organisation needs in a year, and for what."""

    __tablename__ = "specialist_demand"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    specialty_code: Mapped[str] = mapped_column(String(20), index=True)
    specialty: Mapped[str | None] = mapped_column(String(500))
    year: Mapped[int] = mapped_column(Integer, index=True)
    count: Mapped[int] = mapped_column(Integer)
    priority_direction: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship()


class TargetedTraining(DemoMarkMixin, VersionedMixin, Base):
    """A company takes students of a program for targeted training or an internship, under an agreement."""

    __tablename__ = "targeted_training"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    program_id: Mapped[int] = mapped_column(
        ForeignKey("educational_program.id", ondelete="CASCADE"), index=True
    )
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[TrainingKind] = mapped_column(_enum(TrainingKind))
    year: Mapped[int] = mapped_column(Integer)
    students: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship()
    program: Mapped[EducationalProgram] = relationship()
    agreement: Mapped[Agreement | None] = relationship()
