"""Events and agreements JSON API under /api/v1, with the iCalendar export."""

from __future__ import annotations

from datetime import date

from fastapi import Request, Response, status

from clusterdesk.auth.permissions import actor_of
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.events import access, ics, service
from clusterdesk.events import agreements as agreement_service
from clusterdesk.events.filters import AgreementFilter, EventFilter
from clusterdesk.events.models import AgreementKind, EventKind
from clusterdesk.events.schemas import (
    AgreementCreate,
    AgreementPage,
    AgreementRead,
    AgreementUpdate,
    DocumentCreate,
    DocumentRead,
    EventCreate,
    EventPage,
    EventRead,
    EventUpdate,
    ObligationCreate,
    ObligationRead,
    ObligationUpdate,
    ParticipantCreate,
    ParticipantRead,
    PartyRead,
    PartyUpdate,
    SourceCreate,
    SourceRead,
)
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import Id, Page, PageSize, Version
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1", tags=["events"])

ICS = "text/calendar; charset=utf-8"


def _event_filter(
    kind: EventKind | None = None,
    cluster_id: Id = None,
    organization_id: Id = None,
    date_from: date | None = None,
    date_to: date | None = None,
    dated: bool | None = None,
) -> EventFilter:
    return EventFilter(
        kind=kind,
        cluster_id=cluster_id,
        organization_id=organization_id,
        date_from=date_from,
        date_to=date_to,
        dated=dated,
    )


# Events --------------------------------------------------------------------------------------------------


@router.get("/events", response_model=EventPage)
def list_events(
    session: SessionDep,
    kind: EventKind | None = None,
    cluster_id: Id = None,
    organization_id: Id = None,
    date_from: date | None = None,
    date_to: date | None = None,
    dated: bool | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> EventPage:
    filters = _event_filter(kind, cluster_id, organization_id, date_from, date_to, dated)
    items, total = service.get_events(session=session, filters=filters, page=page, page_size=page_size)
    return EventPage(items=[EventRead.model_validate(i) for i in items], total=total)


@router.get("/events.ics", response_class=Response)
def events_calendar(
    request: Request,
    session: SessionDep,
    kind: EventKind | None = None,
    cluster_id: Id = None,
    organization_id: Id = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Response:
    """Every dated event matching the filters as one iCalendar file."""
    filters = _event_filter(kind, cluster_id, organization_id, date_from, date_to, True)
    items, _ = service.get_events(session=session, filters=filters, page=1, page_size=1_000_000)
    body = ics.calendar_of(items, base_url=str(request.base_url), name="Мероприятия кластера")
    headers = {"Content-Disposition": 'attachment; filename="events.ics"'}
    return Response(body, media_type=ICS, headers=headers)


@router.post("/events", response_model=EventRead, status_code=status.HTTP_201_CREATED)
def create_event(session: SessionDep, user: ApiUser, data: EventCreate) -> EventRead:
    user = access.may_write_event(user)
    return EventRead.model_validate(service.create_event(session=session, actor=actor_of(user), data=data))


@router.get("/events/{event_id}.ics", response_class=Response)
def event_calendar(request: Request, session: SessionDep, event_id: int) -> Response:
    event = service.get_event(session=session, event_id=event_id)
    if event.start is None:
        raise ValidationFailed(
            [FieldProblem("start", "дата мероприятия неизвестна, добавить его в календарь нельзя")]
        )
    body = ics.calendar_of([event], base_url=str(request.base_url), name=event.name)
    headers = {"Content-Disposition": f'attachment; filename="event-{event.id}.ics"'}
    return Response(body, media_type=ICS, headers=headers)


@router.get("/events/{event_id}", response_model=EventRead)
def get_event(session: SessionDep, event_id: int) -> EventRead:
    return EventRead.model_validate(service.get_event(session=session, event_id=event_id))


@router.patch("/events/{event_id}", response_model=EventRead)
def update_event(session: SessionDep, user: ApiUser, event_id: int, data: EventUpdate) -> EventRead:
    service.get_event(session=session, event_id=event_id)
    user = access.may_write_event(user)
    event = service.update_event(session=session, actor=actor_of(user), event_id=event_id, data=data)
    return EventRead.model_validate(event)


@router.delete("/events/{event_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_event(session: SessionDep, user: ApiUser, event_id: int, version: Version = None) -> None:
    user = access.may_write_event(user)
    service.delete_event(session=session, actor=actor_of(user), event_id=event_id, version=version)


@router.post(
    "/events/{event_id}/participants", response_model=ParticipantRead, status_code=status.HTTP_201_CREATED
)
def add_participant(
    session: SessionDep, user: ApiUser, event_id: int, data: ParticipantCreate
) -> ParticipantRead:
    user = access.may_write_event(user)
    participant = service.add_participant(session=session, actor=actor_of(user), event_id=event_id, data=data)
    return ParticipantRead.model_validate(participant)


@router.delete("/events/{event_id}/participants/{participant_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_participant(session: SessionDep, user: ApiUser, event_id: int, participant_id: int) -> None:
    user = access.may_write_event(user)
    service.remove_participant(
        session=session, actor=actor_of(user), event_id=event_id, participant_id=participant_id
    )


@router.post("/events/{event_id}/sources", response_model=SourceRead, status_code=status.HTTP_201_CREATED)
def add_event_source(session: SessionDep, user: ApiUser, event_id: int, data: SourceCreate) -> SourceRead:
    user = access.may_write_event(user)
    source = service.add_source(session=session, actor=actor_of(user), event_id=event_id, data=data)
    return SourceRead.model_validate(source)


# Agreements ----------------------------------------------------------------------------------------------


@router.get("/agreements", response_model=AgreementPage)
def list_agreements(
    session: SessionDep,
    kind: AgreementKind | None = None,
    organization_id: Id = None,
    cluster_id: Id = None,
    page: Page = 1,
    page_size: PageSize = 50,
) -> AgreementPage:
    filters = AgreementFilter(kind=kind, organization_id=organization_id, cluster_id=cluster_id)
    items, total = agreement_service.get_agreements(
        session=session, filters=filters, page=page, page_size=page_size
    )
    return AgreementPage(items=[AgreementRead.model_validate(i) for i in items], total=total)


@router.post("/agreements", response_model=AgreementRead, status_code=status.HTTP_201_CREATED)
def create_agreement(session: SessionDep, user: ApiUser, data: AgreementCreate) -> AgreementRead:
    user = access.may_write_agreement(user)
    agreement = agreement_service.create_agreement(session=session, actor=actor_of(user), data=data)
    return AgreementRead.model_validate(agreement)


@router.get("/agreements/{agreement_id}", response_model=AgreementRead)
def get_agreement(session: SessionDep, agreement_id: int) -> AgreementRead:
    return AgreementRead.model_validate(
        agreement_service.get_agreement(session=session, agreement_id=agreement_id)
    )


@router.patch("/agreements/{agreement_id}", response_model=AgreementRead)
def update_agreement(
    session: SessionDep, user: ApiUser, agreement_id: int, data: AgreementUpdate
) -> AgreementRead:
    agreement_service.get_agreement(session=session, agreement_id=agreement_id)
    user = access.may_write_agreement(user)
    agreement = agreement_service.update_agreement(
        session=session, actor=actor_of(user), agreement_id=agreement_id, data=data
    )
    return AgreementRead.model_validate(agreement)


@router.delete("/agreements/{agreement_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_agreement(session: SessionDep, user: ApiUser, agreement_id: int, version: Version = None) -> None:
    user = access.may_write_agreement(user)
    agreement_service.delete_agreement(
        session=session, actor=actor_of(user), agreement_id=agreement_id, version=version
    )


@router.patch("/agreements/{agreement_id}/parties/{party_id}", response_model=PartyRead)
def update_party(
    session: SessionDep, user: ApiUser, agreement_id: int, party_id: int, data: PartyUpdate
) -> PartyRead:
    party = agreement_service.get_party(session=session, agreement_id=agreement_id, party_id=party_id)
    user = access.may_write_side(user, party.organization_id, "изменять сторону другой организации")
    party = agreement_service.update_party(
        session=session, actor=actor_of(user), agreement_id=agreement_id, party_id=party_id, data=data
    )
    return PartyRead.model_validate(party)


@router.post(
    "/agreements/{agreement_id}/obligations",
    response_model=ObligationRead,
    status_code=status.HTTP_201_CREATED,
)
def add_obligation(
    session: SessionDep, user: ApiUser, agreement_id: int, data: ObligationCreate
) -> ObligationRead:
    agreement_service.get_agreement(session=session, agreement_id=agreement_id)
    user = access.may_write_side(user, data.organization_id, "добавлять обязательства другой стороны")
    obligation = agreement_service.add_obligation(
        session=session, actor=actor_of(user), agreement_id=agreement_id, data=data
    )
    return ObligationRead.model_validate(obligation)


@router.patch("/agreements/{agreement_id}/obligations/{obligation_id}", response_model=ObligationRead)
def update_obligation(
    session: SessionDep, user: ApiUser, agreement_id: int, obligation_id: int, data: ObligationUpdate
) -> ObligationRead:
    obligation = agreement_service.get_obligation(
        session=session, agreement_id=agreement_id, obligation_id=obligation_id
    )
    user = access.may_write_side(user, obligation.organization_id, "изменять обязательства другой стороны")
    if "organization_id" in data.model_fields_set:
        access.may_write_side(user, data.organization_id, "передавать обязательство другой стороне")
    obligation = agreement_service.update_obligation(
        session=session,
        actor=actor_of(user),
        agreement_id=agreement_id,
        obligation_id=obligation_id,
        data=data,
    )
    return ObligationRead.model_validate(obligation)


@router.delete(
    "/agreements/{agreement_id}/obligations/{obligation_id}", status_code=status.HTTP_204_NO_CONTENT
)
def delete_obligation(session: SessionDep, user: ApiUser, agreement_id: int, obligation_id: int) -> None:
    obligation = agreement_service.get_obligation(
        session=session, agreement_id=agreement_id, obligation_id=obligation_id
    )
    user = access.may_write_side(user, obligation.organization_id, "удалять обязательства другой стороны")
    agreement_service.delete_obligation(
        session=session, actor=actor_of(user), agreement_id=agreement_id, obligation_id=obligation_id
    )


@router.post(
    "/agreements/{agreement_id}/documents", response_model=DocumentRead, status_code=status.HTTP_201_CREATED
)
def add_document(session: SessionDep, user: ApiUser, agreement_id: int, data: DocumentCreate) -> DocumentRead:
    agreement = agreement_service.get_agreement(session=session, agreement_id=agreement_id)
    user = access.may_add_to_agreement(user, agreement, "добавлять документы к чужому соглашению")
    document = agreement_service.add_document(
        session=session, actor=actor_of(user), agreement_id=agreement_id, data=data
    )
    return DocumentRead.model_validate(document)


@router.post(
    "/agreements/{agreement_id}/sources", response_model=SourceRead, status_code=status.HTTP_201_CREATED
)
def add_agreement_source(
    session: SessionDep, user: ApiUser, agreement_id: int, data: SourceCreate
) -> SourceRead:
    user = access.may_write_agreement(user)
    source = agreement_service.add_source(
        session=session, actor=actor_of(user), agreement_id=agreement_id, data=data
    )
    return SourceRead.model_validate(source)
