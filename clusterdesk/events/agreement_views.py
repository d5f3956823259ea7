"""Agreement HTML pages: the list, an agreement page with its checklist, the new- and edit-agreement forms."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from clusterdesk.audit import service as audit_service
from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import MANAGING_ROLES, READ_ALL_ROLES, actor_of
from clusterdesk.events import access
from clusterdesk.events import agreements as service
from clusterdesk.events.filters import AgreementFilter
from clusterdesk.events.labels import AGREEMENT_KIND_LABELS, OBLIGATION_STATUS_LABELS
from clusterdesk.events.models import Agreement
from clusterdesk.events.schemas import (
    AgreementCreate,
    AgreementUpdate,
    DocumentCreate,
    ObligationCreate,
    ObligationUpdate,
)
from clusterdesk.registry.models import Organization
from clusterdesk.talent import service as talent
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.filters import filter_from_query
from clusterdesk.web.forms import parse_or_raise, submit_form
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()


def _context(user: User | None, **values: Any) -> dict[str, Any]:
    return {
        "user": user,
        "section": "agreements",
        "AGREEMENT_KINDS": AGREEMENT_KIND_LABELS,
        "OBLIGATION_STATUSES": OBLIGATION_STATUS_LABELS,
        **values,
    }


def _own_side(user: User | None, agreement: Agreement) -> set[int | None]:
    """Organisations whose side this user may edit (None stands for lines that name no side: managers)."""
    if user is None:
        return set()
    if user.role in MANAGING_ROLES:
        return {None, *agreement.party_ids}
    if user.organization_id in agreement.party_ids:
        return {user.organization_id}
    return set()


@router.get("/agreements")
def agreements_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    kind: str | None = None,
    organization_id: str | None = None,
) -> Response:
    filters = filter_from_query(AgreementFilter, request.query_params)
    items, total = service.get_agreements(session=session, filters=filters, page_size=500)
    context = _context(
        user,
        items=items,
        total=total,
        filters=filters,
        organizations=list(session.scalars(select(Organization).order_by(Organization.short_name))),
        can_create=user is not None and user.role in MANAGING_ROLES,
    )
    return render(request, "events/agreements.html", context)


# The whole-agreement fields the edit form offers; parties and cluster stay with the API.
EDIT_FIELDS = ("date", "kind", "subject", "term_text", "valid_until", "description")


def _agreement_form(
    request: Request,
    session: Any,
    user: User,
    values: dict[str, Any],
    errors: dict[str, str],
    agreement: Agreement | None = None,
    status_code: int | None = None,
) -> Response:
    organizations = list(session.scalars(select(Organization).order_by(Organization.short_name)))
    context = _context(user, values=values, errors=errors, organizations=organizations, agreement=agreement)
    code = status_code or (422 if errors else 200)
    return render(request, "events/agreement_form.html", context, status_code=code)


@router.get("/agreements/new")
def new_agreement_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_write_agreement(user)
    return _agreement_form(request, session, user, {"party_ids": []}, {})


@router.post("/agreements/new")
async def create_agreement_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_write_agreement(user)
    form = await request.form()
    values: dict[str, Any] = {
        k: str(form.get(k, "")).strip()
        for k in ("kind", "date", "subject", "valid_until", "term_text", "description")
    }
    values["party_ids"] = [int(str(v)) for v in form.getlist("party_ids") if str(v).isdigit()]

    def save(data: AgreementCreate) -> str:
        agreement = service.create_agreement(session=session, actor=actor_of(user), data=data)
        return f"/agreements/{agreement.id}?saved=1"

    return submit_form(
        session=session,
        model=AgreementCreate,
        values={k: (v if v != "" else None) for k, v in values.items()},
        save=save,
        show=lambda errors, code: _agreement_form(request, session, user, values, errors, None, code),
    )


@router.get("/agreements/{agreement_id}/edit")
def edit_agreement_page(request: Request, session: SessionDep, user: WebUser, agreement_id: int) -> Response:
    user = access.may_write_agreement(user)
    agreement = service.get_agreement(session=session, agreement_id=agreement_id)
    values = {f: getattr(agreement, f) for f in EDIT_FIELDS if f != "date"} | {
        "date": agreement.signed_on,
        "kind": agreement.kind.value,
        "version": agreement.version,
    }
    return _agreement_form(request, session, user, values, {}, agreement)


@router.post("/agreements/{agreement_id}/edit")
async def update_agreement_from_form(
    request: Request, session: SessionDep, user: WebUser, agreement_id: int
) -> Response:
    user = access.may_write_agreement(user)
    agreement = service.get_agreement(session=session, agreement_id=agreement_id)
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in (*EDIT_FIELDS, "version")}

    def save(data: AgreementUpdate) -> str:
        service.update_agreement(session=session, actor=actor_of(user), agreement_id=agreement_id, data=data)
        return f"/agreements/{agreement_id}?saved=1"

    return submit_form(
        session=session,
        model=AgreementUpdate,
        values={k: (v if v != "" else None) for k, v in values.items()},
        save=save,
        show=lambda errors, code: _agreement_form(request, session, user, values, errors, agreement, code),
    )


@router.get("/agreements/{agreement_id}")
def agreement_page(
    request: Request, session: SessionDep, user: WebUser, agreement_id: int, saved: int = 0
) -> Response:
    agreement = service.get_agreement(session=session, agreement_id=agreement_id)
    history = None
    if user is not None and user.role in READ_ALL_ROLES:
        history, _ = audit_service.get_all(
            session=session, entity_type="agreement", entity_id=agreement.id, page_size=10
        )
    editable = _own_side(user, agreement)
    context = _context(
        user,
        agreement=agreement,
        editable=editable,
        can_edit=user is not None and user.role in MANAGING_ROLES,
        can_add_document=bool(editable),
        trainings=talent.get_trainings(session=session, agreement_id=agreement.id),
        history=history,
        flash="Изменения сохранены" if saved else None,
    )
    return render(request, "events/agreement.html", context)


@router.post("/agreements/{agreement_id}/obligations")
async def add_obligation_from_form(
    request: Request, session: SessionDep, user: WebUser, agreement_id: int
) -> Response:
    form = await request.form()
    data = parse_or_raise(
        ObligationCreate,
        {
            "text": str(form.get("text", "")).strip(),
            "organization_id": form.get("organization_id") or None,
            "due": form.get("due") or None,
        },
    )
    service.get_agreement(session=session, agreement_id=agreement_id)
    user = access.may_write_side(user, data.organization_id, "добавлять обязательства другой стороны")
    service.add_obligation(session=session, actor=actor_of(user), agreement_id=agreement_id, data=data)
    return RedirectResponse(f"/agreements/{agreement_id}?saved=1", status_code=303)


@router.post("/agreements/{agreement_id}/obligations/{obligation_id}/status")
async def set_obligation_status(
    request: Request, session: SessionDep, user: WebUser, agreement_id: int, obligation_id: int
) -> Response:
    obligation = service.get_obligation(
        session=session, agreement_id=agreement_id, obligation_id=obligation_id
    )
    user = access.may_write_side(user, obligation.organization_id, "отмечать обязательства другой стороны")
    form = await request.form()
    data = parse_or_raise(ObligationUpdate, {"status": form.get("status"), "version": form.get("version")})
    service.update_obligation(
        session=session,
        actor=actor_of(user),
        agreement_id=agreement_id,
        obligation_id=obligation_id,
        data=data,
    )
    return RedirectResponse(f"/agreements/{agreement_id}?saved=1", status_code=303)


@router.post("/agreements/{agreement_id}/documents")
async def add_document_from_form(
    request: Request, session: SessionDep, user: WebUser, agreement_id: int
) -> Response:
    agreement = service.get_agreement(session=session, agreement_id=agreement_id)
    user = access.may_add_to_agreement(user, agreement, "добавлять документы к чужому соглашению")
    form = await request.form()
    data = parse_or_raise(
        DocumentCreate,
        {
            "title": str(form.get("title", "")).strip(),
            "url": str(form.get("url", "")).strip() or None,
            "document_date": form.get("document_date") or None,
        },
    )
    service.add_document(session=session, actor=actor_of(user), agreement_id=agreement_id, data=data)
    return RedirectResponse(f"/agreements/{agreement_id}?saved=1", status_code=303)


@router.post("/agreements/{agreement_id}/delete")
def delete_agreement_from_form(session: SessionDep, user: WebUser, agreement_id: int) -> Response:
    user = access.may_write_agreement(user)
    service.delete_agreement(session=session, actor=actor_of(user), agreement_id=agreement_id, version=None)
    return RedirectResponse("/agreements", status_code=303)
