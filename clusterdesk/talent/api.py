"""Talent JSON API under /api/v1: programs, specialist demand, targeted training and the gap table."""

from __future__ import annotations

from fastapi import Response, status

from clusterdesk.auth.permissions import actor_of
from clusterdesk.errors import FieldProblem, NotFoundError, ValidationFailed
from clusterdesk.talent import access, service
from clusterdesk.talent.gaps import gaps_xlsx, specialist_gaps
from clusterdesk.talent.schemas import (
    DemandCreate,
    DemandPage,
    DemandRead,
    DemandUpdate,
    GapRow,
    ProgramCreate,
    ProgramPage,
    ProgramRead,
    ProgramUpdate,
    TrainingCreate,
    TrainingRead,
)
from clusterdesk.talent.service import TalentFilter
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import DEFAULT_LIMIT, Id, Limit, OptionalYear, Page, PageSize, Version
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1", tags=["talent"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Programs ------------------------------------------------------------------------------------------------


@router.get("/programs-edu", response_model=ProgramPage)
def list_programs(
    session: SessionDep,
    organization_id: Id = None,
    specialty_code: str | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> ProgramPage:
    filters = TalentFilter(organization_id=organization_id, specialty_code=specialty_code)
    items, total = service.get_programs(session=session, filters=filters, page=page, page_size=page_size)
    return ProgramPage(items=[ProgramRead.model_validate(i) for i in items], total=total)


@router.post("/programs-edu", response_model=ProgramRead, status_code=status.HTTP_201_CREATED)
def create_program(session: SessionDep, user: ApiUser, data: ProgramCreate) -> ProgramRead:
    user = access.may_write_program(user, data.organization_id)
    return ProgramRead.model_validate(
        service.create_program(session=session, actor=actor_of(user), data=data)
    )


@router.get("/programs-edu/{program_id}", response_model=ProgramRead)
def get_program(session: SessionDep, program_id: int) -> ProgramRead:
    return ProgramRead.model_validate(service.get_program(session=session, program_id=program_id))


@router.patch("/programs-edu/{program_id}", response_model=ProgramRead)
def update_program(session: SessionDep, user: ApiUser, program_id: int, data: ProgramUpdate) -> ProgramRead:
    program = service.get_program(session=session, program_id=program_id)
    user = access.may_write_program(user, program.organization_id)
    program = service.update_program(session=session, actor=actor_of(user), program_id=program_id, data=data)
    return ProgramRead.model_validate(program)


@router.delete("/programs-edu/{program_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_program(session: SessionDep, user: ApiUser, program_id: int, version: Version = None) -> None:
    program = service.get_program(session=session, program_id=program_id)
    user = access.may_write_program(user, program.organization_id)
    service.delete_program(session=session, actor=actor_of(user), program_id=program_id, version=version)


# Specialist demand ---------------------------------------------------------------------------------------


@router.get("/specialist-demand", response_model=DemandPage)
def list_demand(
    session: SessionDep,
    organization_id: Id = None,
    specialty_code: str | None = None,
    cluster_id: Id = None,
    year: OptionalYear = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> DemandPage:
    filters = TalentFilter(
        organization_id=organization_id, specialty_code=specialty_code, cluster_id=cluster_id, year=year
    )
    items, total = service.get_demands(session=session, filters=filters, page=page, page_size=page_size)
    return DemandPage(items=[DemandRead.model_validate(i) for i in items], total=total)


@router.post("/specialist-demand", response_model=DemandRead, status_code=status.HTTP_201_CREATED)
def create_demand(session: SessionDep, user: ApiUser, data: DemandCreate) -> DemandRead:
    user = access.may_write_demand(user, data.organization_id)
    return DemandRead.model_validate(service.create_demand(session=session, actor=actor_of(user), data=data))


@router.get("/specialist-demand/{demand_id}", response_model=DemandRead)
def get_demand(session: SessionDep, demand_id: int) -> DemandRead:
    return DemandRead.model_validate(service.get_demand(session=session, demand_id=demand_id))


@router.patch("/specialist-demand/{demand_id}", response_model=DemandRead)
def update_demand(session: SessionDep, user: ApiUser, demand_id: int, data: DemandUpdate) -> DemandRead:
    demand = service.get_demand(session=session, demand_id=demand_id)
    user = access.may_write_demand(user, demand.organization_id)
    demand = service.update_demand(session=session, actor=actor_of(user), demand_id=demand_id, data=data)
    return DemandRead.model_validate(demand)


@router.delete("/specialist-demand/{demand_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_demand(session: SessionDep, user: ApiUser, demand_id: int, version: Version = None) -> None:
    demand = service.get_demand(session=session, demand_id=demand_id)
    user = access.may_write_demand(user, demand.organization_id)
    service.delete_demand(session=session, actor=actor_of(user), demand_id=demand_id, version=version)


# Targeted training ---------------------------------------------------------------------------------------


@router.get("/targeted-training", response_model=list[TrainingRead])
def list_training(
    session: SessionDep, organization_id: Id = None, agreement_id: Id = None, limit: Limit = DEFAULT_LIMIT
) -> list[TrainingRead]:
    items = service.get_trainings(session=session, organization_id=organization_id, agreement_id=agreement_id)
    return [TrainingRead.model_validate(i) for i in items[:limit]]


@router.post("/targeted-training", response_model=TrainingRead, status_code=status.HTTP_201_CREATED)
def create_training(session: SessionDep, user: ApiUser, data: TrainingCreate) -> TrainingRead:
    try:
        university = service.get_program(session=session, program_id=data.program_id).organization_id
    except NotFoundError as exc:
        raise ValidationFailed([FieldProblem("program_id", exc.message)]) from exc
    user = access.may_write_training(user, data.organization_id, university)
    return TrainingRead.model_validate(
        service.create_training(session=session, actor=actor_of(user), data=data)
    )


@router.delete("/targeted-training/{training_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_training(session: SessionDep, user: ApiUser, training_id: int, version: Version = None) -> None:
    training = service.get_training(session=session, training_id=training_id)
    user = access.may_write_training(user, training.organization_id, training.program.organization_id)
    service.delete_training(session=session, actor=actor_of(user), training_id=training_id, version=version)


# Gaps ----------------------------------------------------------------------------------------------------


@router.get("/talent/gaps", response_model=list[GapRow])
def talent_gaps(
    session: SessionDep, cluster_id: Id = None, year: OptionalYear = None, limit: Limit = DEFAULT_LIMIT
) -> list[GapRow]:
    """Demand vs expected graduates per specialty and year, with the supplying programs; worst first."""
    return specialist_gaps(session=session, cluster_id=cluster_id, year=year)[:limit]


@router.get("/talent/gaps.xlsx", response_class=Response)
def talent_gaps_xlsx(session: SessionDep, cluster_id: Id = None, year: OptionalYear = None) -> Response:
    body = gaps_xlsx(specialist_gaps(session=session, cluster_id=cluster_id, year=year))
    headers = {"Content-Disposition": 'attachment; filename="talent-gaps.xlsx"'}
    return Response(body, media_type=XLSX, headers=headers)
