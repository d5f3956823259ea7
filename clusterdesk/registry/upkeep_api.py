"""JSON API for keeping the registry clean: import preview, duplicates, merge and undo."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import File, Query, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from clusterdesk.auth.permissions import actor_of, require_manager, require_reader_of_all
from clusterdesk.registry import duplicates, import_preview, merge
from clusterdesk.registry.models import Organization, Person
from clusterdesk.registry.schemas import OrganizationRead, PersonRead
from clusterdesk.registry.upkeep_models import MergeRecord
from clusterdesk.types import DbId
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import DEFAULT_LIMIT, Limit
from clusterdesk.web.routing import api_router

router = api_router(prefix="", tags=["registry upkeep"])  # included under api.py's «/api/v1»
MinScore = Annotated[float, Query(ge=0, le=1, description="Наименьшая оценка пары")]
Side = Literal["keep", "absorb"]


class MergeRequest(BaseModel):
    keep_id: DbId = Field(description="Запись, которая остаётся")
    absorb_id: DbId = Field(description="Запись, которая поглощается")
    fields: dict[str, Side] = Field(default_factory=dict, description="Поле -> чьё значение взять")


def _merge_read(record: MergeRecord) -> dict[str, Any]:
    return {
        "merge_id": record.id,
        "entity_type": record.entity_type,
        "keep_id": record.keep_id,
        "absorb_id": record.absorb_id,
        "absorbed_name": record.absorbed_name,
        "at": record.at.isoformat(),
        "actor": record.actor_name,
        "moved": len(record.moved),
        "removed": len(record.removed),
        "undone_at": record.undone_at.isoformat() if record.undone_at else None,
    }


# Import -------------------------------------------------------------------------------------------------


def _import(session: Session, user: Any, kind: str, file: UploadFile, dry_run: bool) -> dict[str, Any]:
    user = require_manager(user, "импортировать данные реестра")
    content, filename = file.file.read(), file.filename or "upload.csv"
    if dry_run:
        return import_preview.preview_import(
            session=session, kind=kind, content=content, filename=filename
        ).as_dict()
    preview = import_preview.apply_import(
        session=session, actor=actor_of(user), kind=kind, content=content, filename=filename
    )
    return {
        "created": len(preview.create),
        "updated": len(preview.update),
        "unchanged": len(preview.unchanged),
    }


@router.post("/people/import")
def import_people(
    session: SessionDep, user: ApiUser, file: Annotated[UploadFile, File()], dry_run: bool = False
) -> dict[str, Any]:
    """People from CSV/XLSX (ФИО, Фамилия, Имя, Отчество, Описание); ``dry_run=true`` is the preview."""
    return _import(session, user, "people", file, dry_run)


@router.post("/posts/import")
def import_posts(
    session: SessionDep, user: ApiUser, file: Annotated[UploadFile, File()], dry_run: bool = False
) -> dict[str, Any]:
    """Posts from CSV/XLSX (ФИО, Организация or ИНН организации, Должность, С, По)."""
    return _import(session, user, "posts", file, dry_run)


# Duplicates and merge -----------------------------------------------------------------------------------


@router.get("/organizations/duplicates")
def organization_duplicates(
    session: SessionDep, user: ApiUser, min_score: MinScore = 0.5, limit: Limit = DEFAULT_LIMIT
) -> list[dict[str, Any]]:
    """Likely duplicate organisations, best first: ``[{a, b, score, reasons}]``."""
    require_reader_of_all(user, "искать дубликаты")
    found = duplicates.organization_duplicates(session=session, min_score=min_score)
    return [p.as_dict() for p in found[:limit]]


@router.get("/people/duplicates")
def people_duplicates(
    session: SessionDep, user: ApiUser, min_score: MinScore = 0.5, limit: Limit = DEFAULT_LIMIT
) -> list[dict[str, Any]]:
    """Likely duplicate people, best first: ``[{a, b, score, reasons}]``."""
    require_reader_of_all(user, "искать дубликаты")
    return [p.as_dict() for p in duplicates.people_duplicates(session=session, min_score=min_score)[:limit]]


@router.get("/organizations/similar")
def similar_organizations(
    session: SessionDep,
    user: ApiUser,
    short_name: Annotated[str, Query(min_length=1, max_length=300)],
    name: Annotated[str | None, Query(max_length=1000)] = None,
    inn: Annotated[str | None, Query(max_length=12)] = None,
    ogrn: Annotated[str | None, Query(max_length=15)] = None,
    city: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 20,
) -> list[dict[str, Any]]:
    """Stored organisations a new one may duplicate — ask before creating («возможно, это …»)."""
    require_reader_of_all(user, "искать дубликаты")
    card = duplicates.OrgCard(0, short_name, name or short_name, inn, ogrn, (), city)
    return [
        {
            "id": org.id,
            "short_name": org.short_name,
            "score": pair.as_dict()["score"],
            "reasons": pair.reasons,
        }
        for org, pair in duplicates.similar_to_new_organization(session=session, card=card)[:limit]
    ]


@router.post("/organizations/merge")
def merge_organizations(session: SessionDep, user: ApiUser, data: MergeRequest) -> dict[str, Any]:
    """Merge ``absorb_id`` into ``keep_id``; answers the merged organisation and the ``merge_id``."""
    user = require_manager(user, "объединять организации")
    record = merge.merge(
        session=session,
        actor=actor_of(user),
        entity_type="organization",
        keep_id=data.keep_id,
        absorb_id=data.absorb_id,
        fields=dict(data.fields),
    )
    kept = OrganizationRead.model_validate(session.get(Organization, record.keep_id)).model_dump(mode="json")
    return {**kept, "record": kept, "merge_id": record.id}


@router.post("/people/merge")
def merge_people(session: SessionDep, user: ApiUser, data: MergeRequest) -> dict[str, Any]:
    """Merge ``absorb_id`` into ``keep_id``; answers the merged person and the ``merge_id``."""
    user = require_manager(user, "объединять людей")
    record = merge.merge(
        session=session,
        actor=actor_of(user),
        entity_type="person",
        keep_id=data.keep_id,
        absorb_id=data.absorb_id,
        fields=dict(data.fields),
    )
    kept = PersonRead.model_validate(session.get(Person, record.keep_id)).model_dump(mode="json")
    return {**kept, "record": kept, "merge_id": record.id}


@router.get("/merges")
def list_merges(session: SessionDep, user: ApiUser, limit: Limit = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """Merges, newest first."""
    require_reader_of_all(user, "смотреть объединения")
    return [_merge_read(r) for r in merge.get_merges(session=session, limit=limit)]


@router.post("/merges/{merge_id}/undo")
def undo_merge(session: SessionDep, user: ApiUser, merge_id: int) -> dict[str, Any]:
    """Put both records and every moved reference back as they were before the merge."""
    user = require_manager(user, "отменять объединения")
    return _merge_read(merge.undo_merge(session=session, actor=actor_of(user), merge_id=merge_id))
