"""Edit a person's card (name and description); posts are added from the organisation's card."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from clusterdesk.auth.permissions import actor_of, can_edit_organization
from clusterdesk.errors import DomainError, StaleVersionError
from clusterdesk.registry import access, service
from clusterdesk.registry.models import Person
from clusterdesk.registry.schemas import PersonUpdate
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.forms import check_same_origin, parse
from clusterdesk.web.templating import render

router = APIRouter(dependencies=[Depends(check_same_origin)], default_response_class=HTMLResponse)
FIELDS = ("full_name", "surname", "first_name", "patronymic", "description")


def can_edit_person(session: Any, user: Any, person: Person) -> bool:
    orgs = service.person_organization_ids(session=session, person_id=person.id)
    return user is not None and (
        user.role.value in ("admin", "manager") or any(can_edit_organization(user, org_id) for org_id in orgs)
    )


def _form(
    request: Request,
    user: Any,
    person: Person,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    context = {"user": user, "section": "people", "person": person, "values": values, "errors": errors}
    return render(request, "registry/person_form.html", context, status_code=status_code)


@router.get("/people/{person_id}/edit")
def edit_person_page(request: Request, session: SessionDep, user: WebUser, person_id: int) -> Response:
    person = service.get_person(session=session, person_id=person_id)
    access.may_write_person(session, user, person.id)
    values = {f: getattr(person, f) for f in FIELDS} | {"version": person.version}
    return _form(request, user, person, values, {})


@router.post("/people/{person_id}/edit")
async def update_person_from_form(
    request: Request, session: SessionDep, user: WebUser, person_id: int
) -> Response:
    person = service.get_person(session=session, person_id=person_id)
    user = access.may_write_person(session, user, person.id)
    form = await request.form()
    values: dict[str, Any] = {f: str(form.get(f, "")).strip() or None for f in FIELDS}
    values["version"] = form.get("version", "")
    data, errors = parse(PersonUpdate, values)
    if data is None:
        return _form(request, user, person, values, errors, status_code=422)
    if not data.full_name:
        return _form(request, user, person, values, {"full_name": "ФИО обязательно"}, status_code=422)
    try:
        service.update_person(session=session, actor=actor_of(user), person_id=person.id, data=data)
    except StaleVersionError as exc:
        session.rollback()
        return _form(request, user, person, values, {"__all__": exc.message}, status_code=409)
    except DomainError as exc:
        session.rollback()
        return _form(request, user, person, values, {"__all__": exc.message}, status_code=exc.status_code)
    return RedirectResponse(f"/people/{person.id}", status_code=303)
