"""Programs and priority directions. Functions take ``session`` keyword-only, flush and never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import changes_of, get_or_404, refuse_empty
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.registry import service as registry_service
from clusterdesk.strategy.models import Direction, Kpi, Program, RoadmapItem
from clusterdesk.strategy.schemas import DirectionCreate, DirectionUpdate, ProgramCreate, ProgramUpdate

PROGRAM = "Программа развития"
DIRECTION = "Приоритетное направление"


# Programs ------------------------------------------------------------------------------------------------


def get_program(*, session: Session, program_id: int) -> Program:
    return get_or_404(session, Program, program_id)


def get_programs(*, session: Session, cluster_id: int | None = None) -> list[Program]:
    query = select(Program).order_by(Program.first_year.desc(), Program.id)
    if cluster_id is not None:
        query = query.where(Program.cluster_id == cluster_id)
    return list(session.scalars(query))


def programs_for_year(*, session: Session, cluster_id: int, year: int) -> list[Program]:
    """The cluster's programs whose period covers ``year``."""
    query = (
        select(Program)
        .where(Program.cluster_id == cluster_id, Program.first_year <= year, Program.last_year >= year)
        .order_by(Program.id)
    )
    return list(session.scalars(query))


def _check_approver(session: Session, organization_id: int | None) -> None:
    if organization_id is not None:
        registry_service.get_organization(session=session, organization_id=organization_id)


def create_program(
    *,
    session: Session,
    actor: Actor,
    data: ProgramCreate,
    is_demo: bool = False,
    source: str | None = None,
) -> Program:
    registry_service.get_cluster(session=session, cluster_id=data.cluster_id)
    _check_approver(session, data.approved_by_id)
    program = Program(**data.model_dump(), is_demo=is_demo, source=source)
    return writes.create(session=session, actor=actor, obj=program, label=PROGRAM)


def update_program(*, session: Session, actor: Actor, program_id: int, data: ProgramUpdate) -> Program:
    program = get_program(session=session, program_id=program_id)
    changes = changes_of(data)
    refuse_empty(changes, "title", "first_year", "last_year")
    first = changes.get("first_year", program.first_year)
    last = changes.get("last_year", program.last_year)
    if last < first:
        raise ValidationFailed([FieldProblem("last_year", "последний год раньше первого")])
    if "approved_by_id" in changes:
        _check_approver(session, changes["approved_by_id"])
    return writes.update(
        session=session,
        actor=actor,
        obj=program,
        changes=changes,
        expected_version=data.version,
        label=PROGRAM,
    )


def delete_program(*, session: Session, actor: Actor, program_id: int, version: int | None) -> None:
    """Delete the program with its directions, roadmap and KPIs, each deletion audited."""
    from clusterdesk.strategy import kpis, roadmap

    program = get_program(session=session, program_id=program_id)
    for kpi in list(session.scalars(select(Kpi).where(Kpi.program_id == program.id))):
        kpis.delete_kpi(session=session, actor=actor, kpi_id=kpi.id, version=None)
    for item in list(session.scalars(select(RoadmapItem).where(RoadmapItem.program_id == program.id))):
        roadmap.delete_item(session=session, actor=actor, item_id=item.id, version=None)
    for direction in list(program.directions):
        writes.delete(session=session, actor=actor, obj=direction, expected_version=None, label=DIRECTION)
    writes.delete(session=session, actor=actor, obj=program, expected_version=version, label=PROGRAM)


# Priority directions -------------------------------------------------------------------------------------


def get_direction(*, session: Session, direction_id: int) -> Direction:
    return get_or_404(session, Direction, direction_id)


def get_directions(*, session: Session, program_id: int | None = None) -> list[Direction]:
    query = select(Direction).order_by(Direction.program_id, Direction.position, Direction.id)
    if program_id is not None:
        query = query.where(Direction.program_id == program_id)
    return list(session.scalars(query))


def create_direction(
    *,
    session: Session,
    actor: Actor,
    data: DirectionCreate,
    is_demo: bool = False,
    source: str | None = None,
) -> Direction:
    get_program(session=session, program_id=data.program_id)
    direction = Direction(**data.model_dump(), is_demo=is_demo, source=source)
    return writes.create(session=session, actor=actor, obj=direction, label=DIRECTION)


def update_direction(
    *, session: Session, actor: Actor, direction_id: int, data: DirectionUpdate
) -> Direction:
    direction = get_direction(session=session, direction_id=direction_id)
    changes = changes_of(data)
    refuse_empty(changes, "title", "position")
    return writes.update(
        session=session,
        actor=actor,
        obj=direction,
        changes=changes,
        expected_version=data.version,
        label=DIRECTION,
    )


def delete_direction(*, session: Session, actor: Actor, direction_id: int, version: int | None) -> None:
    """Items of the direction stay in the roadmap without a direction (each change audited)."""
    direction = get_direction(session=session, direction_id=direction_id)
    items = session.scalars(select(RoadmapItem).where(RoadmapItem.direction_id == direction.id))
    for item in list(items):
        writes.update(
            session=session,
            actor=actor,
            obj=item,
            changes={"direction_id": None},
            expected_version=None,
            label="Пункт дорожной карты",
        )
    writes.delete(session=session, actor=actor, obj=direction, expected_version=version, label=DIRECTION)
