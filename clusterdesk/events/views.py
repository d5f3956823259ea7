"""Events HTML pages: the calendar (month and list views), an event page, the new- and edit-event forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from clusterdesk.audit import service as audit_service
from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import MANAGING_ROLES, READ_ALL_ROLES, actor_of
from clusterdesk.events import access, agreement_views, service
from clusterdesk.events.calendar import WEEKDAYS, Month, month_grid
from clusterdesk.events.filters import EventFilter
from clusterdesk.events.labels import (
    AGREEMENT_KIND_LABELS,
    EVENT_KIND_LABELS,
    OBLIGATION_STATUS_LABELS,
    PARTICIPANT_ROLE_LABELS,
)
from clusterdesk.events.models import Event
from clusterdesk.events.schemas import EventCreate, EventUpdate, ParticipantCreate
from clusterdesk.registry import service as registry
from clusterdesk.registry.models import Organization, Person
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.filters import filter_from_query
from clusterdesk.web.forms import parse_or_raise, split_lines, submit_form
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
router.include_router(agreement_views.router)
NAV_ORDER = 40
NAV = [("Календарь", "/events", "events"), ("Соглашения", "/agreements", "agreements")]

LABELS = {
    "EVENT_KINDS": EVENT_KIND_LABELS,
    "PARTICIPANT_ROLES": PARTICIPANT_ROLE_LABELS,
    "AGREEMENT_KINDS": AGREEMENT_KIND_LABELS,
    "OBLIGATION_STATUSES": OBLIGATION_STATUS_LABELS,
}


def is_manager(user: User | None) -> bool:
    return user is not None and user.role in MANAGING_ROLES


def page_context(user: User | None, section: str, **values: Any) -> dict[str, Any]:
    return {"user": user, "section": section, **LABELS, **values}


@router.get("/events")
def calendar_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    view: str = "month",
    month: str | None = None,
    kind: str | None = None,
    cluster_id: str | None = None,
) -> Response:
    base = filter_from_query(EventFilter, request.query_params)
    today = date.today()
    # no month asked for: open where the events are, not on an empty current month
    opening = today if month else service.calendar_start(session=session, filters=base, today=today)
    shown = Month.parse(month, opening)
    undated, undated_total = service.get_events(
        session=session,
        filters=EventFilter(kind=base.kind, cluster_id=base.cluster_id, dated=False),
        page_size=500,
    )
    context = page_context(
        user,
        "events",
        view="list" if view == "list" else "month",
        month=shown,
        filters=base,
        clusters=registry.get_clusters(session=session, page_size=500)[0],
        undated=undated,
        undated_total=undated_total,
        can_create=is_manager(user),
        today=today,
        weekdays=WEEKDAYS,
    )
    if context["view"] == "month":
        weeks = month_grid(shown, [])
        window = EventFilter(
            kind=base.kind, cluster_id=base.cluster_id, date_from=weeks[0][0].day, date_to=weeks[-1][-1].day
        )
        events, _ = service.get_events(session=session, filters=window, page_size=1000)
        context["weeks"] = month_grid(shown, events)
        context["month_events"] = sorted(
            (e for e in events if e.start and e.start <= shown.last and (e.end or e.start) >= shown.first),
            key=lambda e: (e.start, e.id),
        )
    else:
        dated_filter = EventFilter(kind=base.kind, cluster_id=base.cluster_id, dated=True)
        dated, _ = service.get_events(session=session, filters=dated_filter, page_size=1000)
        context["dated"] = sorted(dated, key=lambda e: (e.start, e.id))
    return render(request, "events/calendar.html", context)


def _event_form_values(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        k: str(form.get(k, "")).strip() for k in ("name", "kind", "start", "end", "date_text", "place")
    }
    values["description"] = str(form.get("description", "")).strip()
    values["topics"] = split_lines(form.get("topics"))
    values["cluster_id"] = form.get("cluster_id") or None
    return values


EVENT_FIELDS = ("name", "kind", "start", "end", "date_text", "place", "topics", "description", "cluster_id")


def _event_form(
    request: Request,
    session: Any,
    user: User,
    values: dict[str, Any],
    errors: dict[str, str],
    event: Event | None = None,
    status_code: int | None = None,
) -> Any:
    clusters, _ = registry.get_clusters(session=session, page_size=500)
    context = page_context(user, "events", values=values, errors=errors, clusters=clusters, event=event)
    code = status_code or (422 if errors else 200)
    return render(request, "events/event_form.html", context, status_code=code)


@router.get("/events/new")
def new_event_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_write_event(user)
    return _event_form(request, session, user, {"topics": []}, {})


@router.post("/events/new")
async def create_event_from_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_write_event(user)
    values = _event_form_values(await request.form())

    def save(data: EventCreate) -> str:
        event = service.create_event(session=session, actor=actor_of(user), data=data)
        return f"/events/{event.id}?saved=1"

    return submit_form(
        session=session,
        model=EventCreate,
        values={k: (v if v != "" else None) for k, v in values.items()},
        save=save,
        show=lambda errors, code: _event_form(request, session, user, values, errors, None, code),
    )


@router.get("/events/{event_id}/edit")
def edit_event_page(request: Request, session: SessionDep, user: WebUser, event_id: int) -> Response:
    user = access.may_write_event(user)
    event = service.get_event(session=session, event_id=event_id)
    values = {f: getattr(event, f) for f in EVENT_FIELDS} | {
        "kind": event.kind.value,
        "version": event.version,
    }
    return _event_form(request, session, user, values, {}, event)


@router.post("/events/{event_id}/edit")
async def update_event_from_form(
    request: Request, session: SessionDep, user: WebUser, event_id: int
) -> Response:
    user = access.may_write_event(user)
    event = service.get_event(session=session, event_id=event_id)
    form = await request.form()
    values = _event_form_values(form) | {"version": str(form.get("version", "")).strip()}

    def save(data: EventUpdate) -> str:
        service.update_event(session=session, actor=actor_of(user), event_id=event_id, data=data)
        return f"/events/{event_id}?saved=1"

    return submit_form(
        session=session,
        model=EventUpdate,
        values={k: (v if v != "" else None) for k, v in values.items()},
        save=save,
        show=lambda errors, code: _event_form(request, session, user, values, errors, event, code),
    )


@router.get("/events/{event_id}")
def event_page(
    request: Request, session: SessionDep, user: WebUser, event_id: int, saved: int = 0
) -> Response:
    event = service.get_event(session=session, event_id=event_id)
    history = None
    if user is not None and user.role in READ_ALL_ROLES:
        history, _ = audit_service.get_all(
            session=session, entity_type="event", entity_id=event.id, page_size=10
        )
    can_edit = is_manager(user)
    context = page_context(
        user,
        "events",
        event=event,
        by_role={
            role: [p for p in event.participants if p.role == role]
            for role in PARTICIPANT_ROLE_LABELS
            if any(p.role == role for p in event.participants)
        },
        history=history,
        can_edit=can_edit,
        organizations=list(session.scalars(select(Organization).order_by(Organization.short_name)))
        if can_edit
        else [],
        people=list(session.scalars(select(Person).order_by(Person.full_name))) if can_edit else [],
        flash="Изменения сохранены" if saved else None,
    )
    return render(request, "events/event.html", context)


@router.post("/events/{event_id}/participants")
async def add_participant_from_form(
    request: Request, session: SessionDep, user: WebUser, event_id: int
) -> Response:
    user = access.may_write_event(user)
    form = await request.form()
    data = parse_or_raise(
        ParticipantCreate,
        {
            "organization_id": form.get("organization_id") or None,
            "person_id": form.get("person_id") or None,
            "name": str(form.get("name", "")).strip() or None,
            "role": form.get("role") or "participant",
            "note": str(form.get("note", "")).strip() or None,
        },
    )
    service.add_participant(session=session, actor=actor_of(user), event_id=event_id, data=data)
    return RedirectResponse(f"/events/{event_id}?saved=1", status_code=303)


@router.post("/events/{event_id}/participants/{participant_id}/delete")
def remove_participant_from_form(
    session: SessionDep, user: WebUser, event_id: int, participant_id: int
) -> Response:
    user = access.may_write_event(user)
    service.remove_participant(
        session=session, actor=actor_of(user), event_id=event_id, participant_id=participant_id
    )
    return RedirectResponse(f"/events/{event_id}?saved=1", status_code=303)


@router.post("/events/{event_id}/delete")
def delete_event_from_form(session: SessionDep, user: WebUser, event_id: int) -> Response:
    user = access.may_write_event(user)
    service.delete_event(session=session, actor=actor_of(user), event_id=event_id, version=None)
    return RedirectResponse("/events?view=list", status_code=303)
