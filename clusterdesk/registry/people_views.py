"""Edit a person's card (name and description); posts are added from the organisation's card."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from clusterdesk.auth.permissions import actor_of, can_edit_organization
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.registry import access, service
from clusterdesk.registry.models import Person
from clusterdesk.registry.schemas import PersonUpdate
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.forms import submit_form
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
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
    person_id = person.id

    def save(data: PersonUpdate) -> str:
        if not data.full_name:
            raise ValidationFailed([FieldProblem("full_name", "ФИО обязательно")])
        service.update_person(session=session, actor=actor_of(user), person_id=person_id, data=data)
        return f"/people/{person_id}"

    return submit_form(
        session=session,
        model=PersonUpdate,
        values=values,
        save=save,
        show=lambda errors, code: _form(request, user, person, values, errors, code),
    )
