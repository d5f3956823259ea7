"""Talent rules: programs, demand and targeted training. Flush, never commit; every write audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import changes_of, check_exists, get_or_404, refuse_empty
from clusterdesk.db import paginate
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.events.models import Agreement
from clusterdesk.registry.models import Membership, Organization
from clusterdesk.talent.models import EducationalProgram, SpecialistDemand, TargetedTraining
from clusterdesk.talent.schemas import (
    DemandCreate,
    DemandUpdate,
    ProgramCreate,
    ProgramUpdate,
    TrainingCreate,
)

PROGRAM = "Образовательная программа"
DEMAND = "Потребность в специалистах"
TRAINING = "Целевое обучение / стажировка"


def _stored_years(by_year: dict[int, int] | None) -> dict[str, int]:
    return {str(year): count for year, count in sorted((by_year or {}).items())}


def cluster_members(cluster_id: int) -> Select:
    return select(Membership.organization_id).where(Membership.cluster_id == cluster_id)


@dataclass(frozen=True)
class TalentFilter:
    organization_id: int | None = None
    specialty_code: str | None = None
    cluster_id: int | None = None
    year: int | None = None

    def apply(self, query: Select, model: Any) -> Select:
        if self.organization_id is not None:
            query = query.where(model.organization_id == self.organization_id)
        if self.specialty_code:
            query = query.where(model.specialty_code == self.specialty_code)
        if self.cluster_id is not None:
            query = query.where(model.organization_id.in_(cluster_members(self.cluster_id)))
        if self.year is not None and hasattr(model, "year"):
            query = query.where(model.year == self.year)
        return query


# Programs ------------------------------------------------------------------------------------------------


def get_program(*, session: Session, program_id: int) -> EducationalProgram:
    return get_or_404(session, EducationalProgram, program_id)


def get_programs(
    *, session: Session, filters: TalentFilter, page: int = 1, page_size: int = 50
) -> tuple[list[EducationalProgram], int]:
    query = filters.apply(select(EducationalProgram), EducationalProgram)
    order = (EducationalProgram.specialty_code, EducationalProgram.level, EducationalProgram.id)
    return paginate(session, query, page=page, page_size=page_size, order_by=order)


def create_program(
    *, session: Session, actor: Actor, data: ProgramCreate, is_demo: bool = False, source: str | None = None
) -> EducationalProgram:
    check_exists(session, Organization, data.organization_id, "organization_id")
    fields = data.model_dump(exclude={"graduates_by_year"})
    program = EducationalProgram(
        **fields, graduates_by_year=_stored_years(data.graduates_by_year), is_demo=is_demo, source=source
    )
    return writes.create(session=session, actor=actor, obj=program, label=PROGRAM)


def update_program(
    *, session: Session, actor: Actor, program_id: int, data: ProgramUpdate
) -> EducationalProgram:
    program = get_program(session=session, program_id=program_id)
    changes = changes_of(data)
    refuse_empty(changes, "specialty_code", "specialty", "level")
    if "graduates_by_year" in changes:
        changes["graduates_by_year"] = _stored_years(changes["graduates_by_year"])
    return writes.update(
        session=session,
        actor=actor,
        obj=program,
        changes=changes,
        expected_version=data.version,
        label=PROGRAM,
    )


def delete_program(*, session: Session, actor: Actor, program_id: int, version: int | None) -> None:
    program = get_program(session=session, program_id=program_id)
    for training in session.scalars(
        select(TargetedTraining).where(TargetedTraining.program_id == program.id)
    ):
        writes.delete(session=session, actor=actor, obj=training, expected_version=None, label=TRAINING)
    writes.delete(session=session, actor=actor, obj=program, expected_version=version, label=PROGRAM)


# Demand --------------------------------------------------------------------------------------------------


def get_demand(*, session: Session, demand_id: int) -> SpecialistDemand:
    return get_or_404(session, SpecialistDemand, demand_id)


def get_demands(
    *, session: Session, filters: TalentFilter, page: int = 1, page_size: int = 50
) -> tuple[list[SpecialistDemand], int]:
    query = filters.apply(select(SpecialistDemand), SpecialistDemand)
    order = (SpecialistDemand.year, SpecialistDemand.specialty_code, SpecialistDemand.id)
    return paginate(session, query, page=page, page_size=page_size, order_by=order)


def create_demand(
    *, session: Session, actor: Actor, data: DemandCreate, is_demo: bool = False, source: str | None = None
) -> SpecialistDemand:
    check_exists(session, Organization, data.organization_id, "organization_id")
    demand = SpecialistDemand(**data.model_dump(), is_demo=is_demo, source=source)
    return writes.create(session=session, actor=actor, obj=demand, label=DEMAND)


def update_demand(*, session: Session, actor: Actor, demand_id: int, data: DemandUpdate) -> SpecialistDemand:
    demand = get_demand(session=session, demand_id=demand_id)
    changes = changes_of(data)
    refuse_empty(changes, "specialty_code", "year", "count")
    return writes.update(
        session=session, actor=actor, obj=demand, changes=changes, expected_version=data.version, label=DEMAND
    )


def delete_demand(*, session: Session, actor: Actor, demand_id: int, version: int | None) -> None:
    demand = get_demand(session=session, demand_id=demand_id)
    writes.delete(session=session, actor=actor, obj=demand, expected_version=version, label=DEMAND)


# Targeted training and internships -----------------------------------------------------------------------


def get_training(*, session: Session, training_id: int) -> TargetedTraining:
    return get_or_404(session, TargetedTraining, training_id)


def get_trainings(
    *, session: Session, organization_id: int | None = None, agreement_id: int | None = None
) -> list[TargetedTraining]:
    query = select(TargetedTraining)
    if organization_id is not None:
        programs = select(EducationalProgram.id).where(EducationalProgram.organization_id == organization_id)
        query = query.where(
            (TargetedTraining.organization_id == organization_id) | TargetedTraining.program_id.in_(programs)
        )
    if agreement_id is not None:
        query = query.where(TargetedTraining.agreement_id == agreement_id)
    return list(session.scalars(query.order_by(TargetedTraining.year, TargetedTraining.id)))


def create_training(
    *, session: Session, actor: Actor, data: TrainingCreate, is_demo: bool = False, source: str | None = None
) -> TargetedTraining:
    check_exists(session, Organization, data.organization_id, "organization_id")
    program = session.get(EducationalProgram, data.program_id)
    if program is None:
        raise ValidationFailed([FieldProblem("program_id", f"{PROGRAM} #{data.program_id} не найдена")])
    if data.agreement_id is not None:
        agreement = session.get(Agreement, data.agreement_id)
        if agreement is None:
            raise ValidationFailed(
                [FieldProblem("agreement_id", f"Соглашение #{data.agreement_id} не найдено")]
            )
        if data.organization_id not in agreement.party_ids:
            raise ValidationFailed(
                [FieldProblem("agreement_id", "компания не является стороной этого соглашения")]
            )
    training = TargetedTraining(**data.model_dump(), is_demo=is_demo, source=source)
    return writes.create(session=session, actor=actor, obj=training, label=TRAINING)


def delete_training(*, session: Session, actor: Actor, training_id: int, version: int | None) -> None:
    training = get_training(session=session, training_id=training_id)
    writes.delete(session=session, actor=actor, obj=training, expected_version=version, label=TRAINING)
