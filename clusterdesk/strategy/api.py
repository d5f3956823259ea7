"""Strategy JSON API under /api/v1: programs, directions, roadmap, KPIs with targets and values, status."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import File, Form, Response, UploadFile, status

from clusterdesk.auth.permissions import actor_of
from clusterdesk.errors import NotFoundError
from clusterdesk.strategy import access, kpis, report_pdf, reports, roadmap, roadmap_transfer, service
from clusterdesk.strategy.catalogue import CatalogueEntry, catalogue
from clusterdesk.strategy.indicators import all_indicators
from clusterdesk.strategy.models import KpiValue, RoadmapStatus
from clusterdesk.strategy.schemas import (
    DirectionCreate,
    DirectionPage,
    DirectionRead,
    DirectionUpdate,
    KpiCreate,
    KpiPage,
    KpiRead,
    KpiStatusRow,
    KpiTargetCreate,
    KpiTargetRead,
    KpiTargetUpdate,
    KpiUpdate,
    KpiValueCreate,
    KpiValueRead,
    KpiValueUpdate,
    ProgramCreate,
    ProgramPage,
    ProgramRead,
    ProgramUpdate,
    RoadmapItemCreate,
    RoadmapItemRead,
    RoadmapItemUpdate,
    RoadmapPage,
)
from clusterdesk.strategy.status import cluster_status
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import Id, OptionalYear, Page, PageSize, Version, Year, page_of
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1", tags=["strategy"])


# Programs ------------------------------------------------------------------------------------------------


@router.get("/programs", response_model=ProgramPage)
def list_programs(session: SessionDep, cluster_id: Id = None) -> ProgramPage:
    items = service.get_programs(session=session, cluster_id=cluster_id)
    return ProgramPage(items=[ProgramRead.model_validate(p) for p in items], total=len(items))


@router.post("/programs", response_model=ProgramRead, status_code=status.HTTP_201_CREATED)
def create_program(session: SessionDep, user: ApiUser, data: ProgramCreate) -> ProgramRead:
    user = access.may_manage(user)
    return ProgramRead.model_validate(
        service.create_program(session=session, actor=actor_of(user), data=data)
    )


@router.get("/programs/{program_id}", response_model=ProgramRead)
def get_program(session: SessionDep, program_id: int) -> ProgramRead:
    return ProgramRead.model_validate(service.get_program(session=session, program_id=program_id))


@router.patch("/programs/{program_id}", response_model=ProgramRead)
def update_program(session: SessionDep, user: ApiUser, program_id: int, data: ProgramUpdate) -> ProgramRead:
    user = access.may_manage(user)
    program = service.update_program(session=session, actor=actor_of(user), program_id=program_id, data=data)
    return ProgramRead.model_validate(program)


@router.delete("/programs/{program_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_program(session: SessionDep, user: ApiUser, program_id: int, version: Version = None) -> None:
    user = access.may_manage(user)
    service.delete_program(session=session, actor=actor_of(user), program_id=program_id, version=version)


# Directions ----------------------------------------------------------------------------------------------


@router.get("/directions", response_model=DirectionPage)
def list_directions(session: SessionDep, program_id: Id = None) -> DirectionPage:
    items = service.get_directions(session=session, program_id=program_id)
    return DirectionPage(items=[DirectionRead.model_validate(d) for d in items], total=len(items))


@router.post("/directions", response_model=DirectionRead, status_code=status.HTTP_201_CREATED)
def create_direction(session: SessionDep, user: ApiUser, data: DirectionCreate) -> DirectionRead:
    user = access.may_manage(user)
    direction = service.create_direction(session=session, actor=actor_of(user), data=data)
    return DirectionRead.model_validate(direction)


@router.get("/directions/{direction_id}", response_model=DirectionRead)
def get_direction(session: SessionDep, direction_id: int) -> DirectionRead:
    return DirectionRead.model_validate(service.get_direction(session=session, direction_id=direction_id))


@router.patch("/directions/{direction_id}", response_model=DirectionRead)
def update_direction(
    session: SessionDep, user: ApiUser, direction_id: int, data: DirectionUpdate
) -> DirectionRead:
    user = access.may_manage(user)
    direction = service.update_direction(
        session=session, actor=actor_of(user), direction_id=direction_id, data=data
    )
    return DirectionRead.model_validate(direction)


@router.delete("/directions/{direction_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_direction(session: SessionDep, user: ApiUser, direction_id: int, version: Version = None) -> None:
    user = access.may_manage(user)
    service.delete_direction(
        session=session, actor=actor_of(user), direction_id=direction_id, version=version
    )


# Roadmap -------------------------------------------------------------------------------------------------


@router.get("/roadmap", response_model=RoadmapPage)
def list_roadmap(
    session: SessionDep,
    program_id: Id = None,
    direction_id: Id = None,
    status: RoadmapStatus | None = None,
    overdue: bool = False,
    page: Page = 1,
    page_size: PageSize = 100,
) -> RoadmapPage:
    today = date.today()
    items = roadmap.get_items(
        session=session,
        program_id=program_id,
        direction_id=direction_id,
        status=status,
        overdue_on=today if overdue else None,
    )
    shown = page_of(items, page, page_size)
    return RoadmapPage(items=[roadmap.read(i, today) for i in shown], total=len(items))


@router.post("/roadmap", response_model=RoadmapItemRead, status_code=201)
def create_roadmap_item(session: SessionDep, user: ApiUser, data: RoadmapItemCreate) -> RoadmapItemRead:
    user = access.may_manage(user)
    item = roadmap.create_item(session=session, actor=actor_of(user), data=data)
    return roadmap.read(item, date.today())


@router.get("/roadmap/export", response_class=Response)
def export_roadmap(session: SessionDep, program_id: int) -> Response:
    body = roadmap_transfer.export_roadmap(session=session, program_id=program_id)
    headers = {"Content-Disposition": f'attachment; filename="roadmap-{program_id}.xlsx"'}
    return Response(body, media_type=reports.XLSX_MEDIA, headers=headers)


@router.post("/roadmap/import")
def import_roadmap(
    session: SessionDep,
    user: ApiUser,
    program_id: Annotated[int, Form()],
    file: Annotated[UploadFile, File()],
) -> dict[str, int]:
    """All rows or nothing: any bad row answers 422 naming every row and column at fault."""
    user = access.may_manage(user)
    report = roadmap_transfer.import_roadmap(
        session=session,
        actor=actor_of(user),
        program_id=program_id,
        content=file.file.read(),
        filename=file.filename or "roadmap.xlsx",
    )
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}


@router.get("/roadmap/{item_id}", response_model=RoadmapItemRead)
def get_roadmap_item(session: SessionDep, item_id: int) -> RoadmapItemRead:
    return roadmap.read(roadmap.get_item(session=session, item_id=item_id), date.today())


@router.patch("/roadmap/{item_id}", response_model=RoadmapItemRead)
def update_roadmap_item(
    session: SessionDep, user: ApiUser, item_id: int, data: RoadmapItemUpdate
) -> RoadmapItemRead:
    user = access.may_manage(user)
    item = roadmap.update_item(session=session, actor=actor_of(user), item_id=item_id, data=data)
    return roadmap.read(item, date.today())


@router.delete("/roadmap/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_roadmap_item(session: SessionDep, user: ApiUser, item_id: int, version: Version = None) -> None:
    user = access.may_manage(user)
    roadmap.delete_item(session=session, actor=actor_of(user), item_id=item_id, version=version)


# KPIs ----------------------------------------------------------------------------------------------------


@router.get("/kpi-catalogue", response_model=list[CatalogueEntry])
def kpi_catalogue() -> list[CatalogueEntry]:
    """Standard indicators to pick from when setting up a program."""
    return catalogue()


@router.get("/computed-indicators")
def computed_indicators() -> list[dict[str, str]]:
    """Names a computed KPI may give in ``computed_by``."""
    return [{"name": i.name, "title": i.title, "unit": i.unit} for i in all_indicators().values()]


@router.get("/kpis", response_model=KpiPage)
def list_kpis(
    session: SessionDep, program_id: Id = None, page: Page = 1, page_size: PageSize = 100
) -> KpiPage:
    items = kpis.get_kpis(session=session, program_id=program_id)
    shown = page_of(items, page, page_size)
    return KpiPage(items=[KpiRead.model_validate(k) for k in shown], total=len(items))


@router.post("/kpis", response_model=KpiRead, status_code=status.HTTP_201_CREATED)
def create_kpi(session: SessionDep, user: ApiUser, data: KpiCreate) -> KpiRead:
    user = access.may_manage(user)
    return KpiRead.model_validate(kpis.create_kpi(session=session, actor=actor_of(user), data=data))


@router.get("/kpis/{kpi_id}", response_model=KpiRead)
def get_kpi(session: SessionDep, kpi_id: int) -> KpiRead:
    return KpiRead.model_validate(kpis.get_kpi(session=session, kpi_id=kpi_id))


@router.patch("/kpis/{kpi_id}", response_model=KpiRead)
def update_kpi(session: SessionDep, user: ApiUser, kpi_id: int, data: KpiUpdate) -> KpiRead:
    user = access.may_manage(user)
    return KpiRead.model_validate(
        kpis.update_kpi(session=session, actor=actor_of(user), kpi_id=kpi_id, data=data)
    )


@router.delete("/kpis/{kpi_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_kpi(session: SessionDep, user: ApiUser, kpi_id: int, version: Version = None) -> None:
    user = access.may_manage(user)
    kpis.delete_kpi(session=session, actor=actor_of(user), kpi_id=kpi_id, version=version)


@router.get("/kpis/{kpi_id}/targets", response_model=list[KpiTargetRead])
def list_targets(session: SessionDep, kpi_id: int) -> list[KpiTargetRead]:
    return [KpiTargetRead.model_validate(t) for t in kpis.get_kpi(session=session, kpi_id=kpi_id).targets]


@router.post("/kpis/{kpi_id}/targets", response_model=KpiTargetRead, status_code=status.HTTP_201_CREATED)
def create_target(session: SessionDep, user: ApiUser, kpi_id: int, data: KpiTargetCreate) -> KpiTargetRead:
    user = access.may_manage(user)
    target = kpis.set_target(session=session, actor=actor_of(user), kpi_id=kpi_id, data=data)
    return KpiTargetRead.model_validate(target)


@router.patch("/kpis/{kpi_id}/targets/{target_id}", response_model=KpiTargetRead)
def update_target(
    session: SessionDep, user: ApiUser, kpi_id: int, target_id: int, data: KpiTargetUpdate
) -> KpiTargetRead:
    user = access.may_manage(user)
    _target_of(session, kpi_id, target_id)
    target = kpis.update_target(session=session, actor=actor_of(user), target_id=target_id, data=data)
    return KpiTargetRead.model_validate(target)


@router.delete("/kpis/{kpi_id}/targets/{target_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_target(
    session: SessionDep, user: ApiUser, kpi_id: int, target_id: int, version: Version = None
) -> None:
    user = access.may_manage(user)
    _target_of(session, kpi_id, target_id)
    kpis.delete_target(session=session, actor=actor_of(user), target_id=target_id, version=version)


def _target_of(session: SessionDep, kpi_id: int, target_id: int) -> None:
    if kpis.get_target(session=session, target_id=target_id).kpi_id != kpi_id:
        raise NotFoundError(f"У показателя #{kpi_id} нет планового значения #{target_id}")


@router.get("/kpis/{kpi_id}/values", response_model=list[KpiValueRead])
def list_values(session: SessionDep, kpi_id: int, year: OptionalYear = None) -> list[KpiValueRead]:
    kpis.get_kpi(session=session, kpi_id=kpi_id)
    return [kpis.read_value(v) for v in kpis.get_values(session=session, kpi_id=kpi_id, year=year)]


@router.post("/kpis/{kpi_id}/values", response_model=KpiValueRead, status_code=status.HTTP_201_CREATED)
def create_value(session: SessionDep, user: ApiUser, kpi_id: int, data: KpiValueCreate) -> KpiValueRead:
    """A fact for a year or quarter; with no evidence it is stored and flagged (``has_evidence`` false)."""
    user, data = access.value_for_user(user, data)
    value = kpis.add_value(session=session, actor=actor_of(user), kpi_id=kpi_id, data=data)
    return kpis.read_value(value)


def _value_of(session: SessionDep, kpi_id: int, value_id: int) -> KpiValue:
    value = kpis.get_value(session=session, value_id=value_id)
    if value.kpi_id != kpi_id:
        raise NotFoundError(f"У показателя #{kpi_id} нет значения #{value_id}")
    return value


@router.patch("/kpis/{kpi_id}/values/{value_id}", response_model=KpiValueRead)
def update_value(
    session: SessionDep, user: ApiUser, kpi_id: int, value_id: int, data: KpiValueUpdate
) -> KpiValueRead:
    user = access.may_change_value(user, _value_of(session, kpi_id, value_id).organization_id)
    value = kpis.update_value(session=session, actor=actor_of(user), value_id=value_id, data=data)
    return kpis.read_value(value)


@router.delete("/kpis/{kpi_id}/values/{value_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_value(
    session: SessionDep, user: ApiUser, kpi_id: int, value_id: int, version: Version = None
) -> None:
    user = access.may_change_value(user, _value_of(session, kpi_id, value_id).organization_id)
    kpis.delete_value(session=session, actor=actor_of(user), value_id=value_id, version=version)


# Status and reports --------------------------------------------------------------------------------------


@router.get("/clusters/{cluster_id}/kpi-status", response_model=list[KpiStatusRow])
def kpi_status(session: SessionDep, cluster_id: int, year: Year) -> list[KpiStatusRow]:
    service.registry_service.get_cluster(session=session, cluster_id=cluster_id)
    return cluster_status(session=session, cluster_id=cluster_id, year=year)


@router.get("/clusters/{cluster_id}/kpi-report", response_class=Response)
def kpi_report(
    session: SessionDep, cluster_id: int, year: Year, format: Literal["xlsx", "pdf"] = "xlsx"
) -> Response:
    report = reports.build_report(session=session, cluster_id=cluster_id, year=year)
    if format == "pdf":
        body, media = report_pdf.report_pdf(report), "application/pdf"
    else:
        body, media = reports.report_xlsx(report), reports.XLSX_MEDIA
    headers = {"Content-Disposition": f'attachment; filename="kpi-{cluster_id}-{year}.{format}"'}
    return Response(body, media_type=media, headers=headers)
