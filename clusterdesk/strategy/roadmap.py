"""Roadmap items: dates, status, responsibles and dependencies (kept acyclic). Overdue is derived."""

from __future__ import annotations

from datetime import date

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import changes_of, get_or_404, refuse_empty
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.registry import service as registry_service
from clusterdesk.strategy.models import (
    RoadmapDependency,
    RoadmapItem,
    RoadmapResponsible,
    RoadmapStatus,
)
from clusterdesk.strategy.schemas import RoadmapItemCreate, RoadmapItemRead, RoadmapItemUpdate
from clusterdesk.strategy.service import DIRECTION, get_direction, get_program

ITEM = "Пункт дорожной карты"
DEPENDENCY = "Зависимость пунктов дорожной карты"
RESPONSIBLE = "Ответственный за пункт дорожной карты"
LINK_FIELDS = ("depends_on", "organization_ids", "person_ids")


def get_item(*, session: Session, item_id: int) -> RoadmapItem:
    return get_or_404(session, RoadmapItem, item_id)


def get_items(
    *,
    session: Session,
    program_id: int | None = None,
    direction_id: int | None = None,
    status: RoadmapStatus | None = None,
    overdue_on: date | None = None,
) -> list[RoadmapItem]:
    """Items in roadmap order (start, due, id); ``overdue_on`` keeps only those overdue on that day."""
    query = select(RoadmapItem)
    if program_id is not None:
        query = query.where(RoadmapItem.program_id == program_id)
    if direction_id is not None:
        query = query.where(RoadmapItem.direction_id == direction_id)
    if status is not None:
        query = query.where(RoadmapItem.status == status)
    items = list(session.scalars(query.order_by(RoadmapItem.id)))
    items.sort(key=lambda i: (i.start_date or i.due_date or date.max, i.due_date or date.max, i.id))
    if overdue_on is not None:
        items = [i for i in items if i.is_overdue(overdue_on)]
    return items


def read(item: RoadmapItem, today: date) -> RoadmapItemRead:
    result = RoadmapItemRead.model_validate(item)
    result.overdue = item.is_overdue(today)
    return result


# Dependencies --------------------------------------------------------------------------------------------


def dependency_graph(session: Session, program_id: int) -> nx.DiGraph:
    """Edge item -> depends_on for every stored dependency of the program's items."""
    graph = nx.DiGraph()
    query = (
        select(RoadmapDependency.item_id, RoadmapDependency.depends_on_id)
        .join(RoadmapItem, RoadmapItem.id == RoadmapDependency.item_id)
        .where(RoadmapItem.program_id == program_id)
    )
    graph.add_edges_from((row[0], row[1]) for row in session.execute(query))
    return graph


def check_acyclic(graph: nx.DiGraph, titles: dict[int, str], field: str = "depends_on") -> None:
    """Refuse a graph with a cycle, naming the items along it."""
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    path = [titles.get(edge[0], f"#{edge[0]}") for edge in cycle] + [titles.get(cycle[0][0], "")]
    raise ValidationFailed(
        [FieldProblem(field, "зависимости образуют цикл: " + " → ".join(f"«{t}»" for t in path))]
    )


def _check_dependencies(session: Session, item: RoadmapItem, wanted: list[int]) -> None:
    for other_id in wanted:
        if other_id == item.id:
            raise ValidationFailed([FieldProblem("depends_on", "пункт не может зависеть сам от себя")])
        other = session.get(RoadmapItem, other_id)
        if other is None or other.program_id != item.program_id:
            raise ValidationFailed(
                [FieldProblem("depends_on", f"пункт #{other_id} не найден в дорожной карте этой программы")]
            )
    graph = dependency_graph(session, item.program_id)
    if item.id in graph:
        graph.remove_edges_from(list(graph.out_edges(item.id)))
    graph.add_edges_from((item.id, d) for d in wanted)
    query = select(RoadmapItem.id, RoadmapItem.title).where(RoadmapItem.program_id == item.program_id)
    titles = {row[0]: row[1] for row in session.execute(query)}
    titles[item.id] = item.title
    check_acyclic(graph, titles)


def _sync_dependencies(session: Session, actor: Actor, item: RoadmapItem, wanted: list[int]) -> None:
    wanted = list(dict.fromkeys(wanted))
    _check_dependencies(session, item, wanted)
    for link in list(item.dependencies):
        if link.depends_on_id not in wanted:
            writes.delete(session=session, actor=actor, obj=link, expected_version=None, label=DEPENDENCY)
    present = {link.depends_on_id for link in item.dependencies}
    for other_id in wanted:
        if other_id not in present:
            link = RoadmapDependency(item_id=item.id, depends_on_id=other_id)
            writes.create(session=session, actor=actor, obj=link, label=DEPENDENCY)
    session.refresh(item, ["dependencies"])


def _sync_responsibles(
    session: Session, actor: Actor, item: RoadmapItem, field: str, wanted: list[int]
) -> None:
    """Make the item's responsible organisations or people (``field``) exactly ``wanted``."""
    wanted = list(dict.fromkeys(wanted))
    for entity_id in wanted:
        if field == "organization_id":
            registry_service.get_organization(session=session, organization_id=entity_id)
        else:
            registry_service.get_person(session=session, person_id=entity_id)
    present: set[int] = set()
    for link in list(item.responsibles):
        value = getattr(link, field)
        if value is None:
            continue
        if value in wanted:
            present.add(value)
        else:
            writes.delete(session=session, actor=actor, obj=link, expected_version=None, label=RESPONSIBLE)
    for entity_id in wanted:
        if entity_id not in present:
            link = RoadmapResponsible(item_id=item.id, **{field: entity_id})
            writes.create(session=session, actor=actor, obj=link, label=RESPONSIBLE)
    session.refresh(item, ["responsibles"])


def _check_direction(session: Session, program_id: int, direction_id: int | None) -> None:
    if direction_id is None:
        return
    direction = get_direction(session=session, direction_id=direction_id)
    if direction.program_id != program_id:
        raise ValidationFailed(
            [FieldProblem("direction_id", f"{DIRECTION} #{direction_id} из другой программы")]
        )


# Items ---------------------------------------------------------------------------------------------------


def create_item(
    *,
    session: Session,
    actor: Actor,
    data: RoadmapItemCreate,
    is_demo: bool = False,
    source: str | None = None,
) -> RoadmapItem:
    get_program(session=session, program_id=data.program_id)
    _check_direction(session, data.program_id, data.direction_id)
    fields = data.model_dump(exclude=set(LINK_FIELDS))
    item = writes.create(
        session=session, actor=actor, obj=RoadmapItem(**fields, is_demo=is_demo, source=source), label=ITEM
    )
    _sync_dependencies(session, actor, item, data.depends_on)
    _sync_responsibles(session, actor, item, "organization_id", data.organization_ids)
    _sync_responsibles(session, actor, item, "person_id", data.person_ids)
    return item


def update_item(*, session: Session, actor: Actor, item_id: int, data: RoadmapItemUpdate) -> RoadmapItem:
    item = get_item(session=session, item_id=item_id)
    changes = changes_of(data)
    refuse_empty(changes, "title", "status", "progress")
    links = {name: changes.pop(name) for name in LINK_FIELDS if name in changes}
    start = changes.get("start_date", item.start_date)
    due = changes.get("due_date", item.due_date)
    if start and due and due < start:
        raise ValidationFailed([FieldProblem("due_date", "срок раньше даты начала")])
    if "direction_id" in changes:
        _check_direction(session, item.program_id, changes["direction_id"])
    if changes.get("status") == RoadmapStatus.done and "progress" not in changes:
        changes["progress"] = 100
    item = writes.update(
        session=session, actor=actor, obj=item, changes=changes, expected_version=data.version, label=ITEM
    )
    if links.get("depends_on") is not None:
        _sync_dependencies(session, actor, item, links["depends_on"])
    if links.get("organization_ids") is not None:
        _sync_responsibles(session, actor, item, "organization_id", links["organization_ids"])
    if links.get("person_ids") is not None:
        _sync_responsibles(session, actor, item, "person_id", links["person_ids"])
    return item


def delete_item(*, session: Session, actor: Actor, item_id: int, version: int | None) -> None:
    """Delete the item with its links; items that depended on it simply lose that dependency."""
    item = get_item(session=session, item_id=item_id)
    inbound = session.scalars(select(RoadmapDependency).where(RoadmapDependency.depends_on_id == item.id))
    for link in [*item.dependencies, *inbound]:
        writes.delete(session=session, actor=actor, obj=link, expected_version=None, label=DEPENDENCY)
    for responsible in list(item.responsibles):
        writes.delete(session=session, actor=actor, obj=responsible, expected_version=None, label=RESPONSIBLE)
    writes.delete(session=session, actor=actor, obj=item, expected_version=version, label=ITEM)


def overdue_items(*, session: Session, program_ids: list[int], today: date) -> list[RoadmapItem]:
    found: list[RoadmapItem] = []
    for program_id in program_ids:
        found.extend(get_items(session=session, program_id=program_id, overdue_on=today))
    return found
