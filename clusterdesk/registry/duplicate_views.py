"""Pages for likely duplicates, merging two records side by side, and the list of merges with undo."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk import labels
from clusterdesk.audit.writes import get_or_404
from clusterdesk.auth.permissions import actor_of, require_manager, require_reader_of_all
from clusterdesk.errors import NotFoundError
from clusterdesk.registry import duplicates, merge
from clusterdesk.registry.labels import ORGANIZATION_KIND_LABELS
from clusterdesk.registry.models import Organization, Person
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.query import Id
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
KINDS: dict[str, merge.EntityType] = {"organizations": "organization", "people": "person"}
FIELD_LABELS = {
    "short_name": "Краткое наименование",
    "name": "Полное наименование",
    "kind": "Тип",
    "inn": "ИНН",
    "ogrn": "ОГРН",
    "okved2": "ОКВЭД2",
    "region": "Регион",
    "city": "Город",
    "website": "Сайт",
    "description": "Описание",
    "full_name": "ФИО",
    "surname": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
}
# what points at the record, named by the one label registry (clusterdesk/labels.py); a cluster points at
# its specialised organisation
REFERENCE_LABELS = {"cluster": "кластеры (специализированная организация)"}


def _table_label(table: str) -> str:
    plural = labels.plural_label(table)
    return REFERENCE_LABELS.get(table, plural[:1].lower() + plural[1:])


def _entity(kind: str) -> merge.EntityType:
    if kind not in KINDS:
        raise NotFoundError("Выберите организации или людей")
    return KINDS[kind]


def _context(user: Any, tab: str, **extra: Any) -> dict[str, Any]:
    return {"user": user, "section": "registry-upkeep", "tab": tab, **extra}


@router.get("/registry/duplicates")
def duplicates_page(
    request: Request, session: SessionDep, user: WebUser, kind: str = "organizations"
) -> Response:
    require_reader_of_all(user, "искать дубликаты")
    entity = _entity(kind)
    pairs = (
        duplicates.organization_duplicates(session=session)
        if entity == "organization"
        else duplicates.people_duplicates(session=session)
    )
    context = _context(user, "duplicates", kind=kind, pairs=[p.as_dict() for p in pairs])
    return render(request, "registry/upkeep/duplicates.html", context)


def reference_counts(session: Session, entity_type: str, entity_id: int) -> list[tuple[str, int]]:
    """How many rows of each table point at the record: what a merge will move."""
    counts = []
    for ref in merge.references_to(entity_type):
        count = (
            session.scalar(select(func.count()).select_from(ref.table).where(ref.column == entity_id)) or 0
        )
        if count:
            counts.append((_table_label(ref.table.name), count))
    return counts


def _shown(name: str, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if name == "kind":
        return ORGANIZATION_KIND_LABELS.get(value, str(value))
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


@router.get("/registry/merge")
def merge_page(
    request: Request, session: SessionDep, user: WebUser, kind: str, keep: Id = None, absorb: Id = None
) -> Response:
    require_manager(user, "объединять записи")
    entity = _entity(kind)
    if keep is None or absorb is None:
        raise NotFoundError("Не выбраны записи для объединения")
    model = merge.MODELS[entity]
    records = {"keep": get_or_404(session, model, keep), "absorb": get_or_404(session, model, absorb)}
    rows = [
        (
            name,
            FIELD_LABELS[name],
            _shown(name, getattr(records["keep"], name)),
            _shown(name, getattr(records["absorb"], name)),
        )
        for name in merge.CHOOSABLE[entity]
    ]
    context = _context(
        user,
        "duplicates",
        kind=kind,
        keep=records["keep"],
        absorb=records["absorb"],
        title=lambda r: r.short_name if entity == "organization" else r.full_name,
        rows=rows,
        counts={side: reference_counts(session, entity, r.id) for side, r in records.items()},
    )
    return render(request, "registry/upkeep/merge.html", context)


@router.post("/registry/merge")
async def merge_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = require_manager(user, "объединять записи")
    form = await request.form()
    kind = str(form.get("kind", ""))
    entity = _entity(kind)
    fields = {
        name: str(form.get(f"field_{name}"))
        for name in merge.CHOOSABLE[entity]
        if form.get(f"field_{name}") in ("keep", "absorb")
    }
    keep, absorb = str(form.get("keep_id", "")), str(form.get("absorb_id", ""))
    if not keep.isdigit() or not absorb.isdigit():
        raise NotFoundError("Не выбраны записи для объединения")
    record = merge.merge(
        session=session,
        actor=actor_of(user),
        entity_type=entity,
        keep_id=int(keep),
        absorb_id=int(absorb),
        fields=fields,
    )
    message = quote(f"«{record.absorbed_name}» объединена с записью #{record.keep_id}")
    return RedirectResponse(f"/registry/merges?done={message}", status_code=303)


@router.get("/registry/merges")
def merges_page(request: Request, session: SessionDep, user: WebUser, done: str = "") -> Response:
    require_reader_of_all(user, "смотреть объединения")
    context = _context(
        user,
        "merges",
        merges=merge.get_merges(session=session),
        flash=done or None,
        can_undo=user is not None and user.role.value in ("admin", "manager"),
        names={
            "organization": {o.id: o.short_name for o in session.scalars(select(Organization))},
            "person": {p.id: p.full_name for p in session.scalars(select(Person))},
        },
    )
    return render(request, "registry/upkeep/merges.html", context)


@router.post("/registry/merges/{merge_id}/undo")
def undo_from_form(session: SessionDep, user: WebUser, merge_id: int) -> Response:
    user = require_manager(user, "отменять объединения")
    record = merge.undo_merge(session=session, actor=actor_of(user), merge_id=merge_id)
    message = quote(f"Объединение #{record.id} отменено: «{record.absorbed_name}» восстановлена")
    return RedirectResponse(f"/registry/merges?done={message}", status_code=303)
