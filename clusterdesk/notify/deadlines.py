"""Lines about what needs attention: events, obligations and roadmap items due or overdue, lagging KPIs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from clusterdesk.events.models import (
    Agreement,
    AgreementParty,
    Event,
    EventParticipant,
    Obligation,
    ObligationStatus,
)
from clusterdesk.notify.kpi_watch import lagging_kpis
from clusterdesk.notify.lines import FeedLine, Window, days_text, due_state, midday, quote
from clusterdesk.notify.subscriptions import Interest
from clusterdesk.strategy.models import Program, RoadmapItem, RoadmapResponsible, RoadmapStatus
from clusterdesk.wording import ru_date

EVENT_DAYS = 14
OBLIGATION_DAYS = 30
ROADMAP_DAYS = 14
LIMIT = 50
OPEN_OBLIGATION = (ObligationStatus.planned, ObligationStatus.in_progress)
OPEN_ROADMAP = (RoadmapStatus.planned, RoadmapStatus.in_progress)


def event_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """Events starting within the next 14 days that involve what the user follows."""
    involved: list[ColumnElement[bool]] = []
    if interest.cluster_ids:
        involved.append(Event.cluster_id.in_(interest.cluster_ids))
    if interest.organization_ids:
        involved.append(
            exists().where(
                EventParticipant.event_id == Event.id,
                EventParticipant.organization_id.in_(interest.organization_ids),
            )
        )
    if interest.person_ids:
        involved.append(
            exists().where(
                EventParticipant.event_id == Event.id, EventParticipant.person_id.in_(interest.person_ids)
            )
        )
    if not involved:
        return []
    last = window.today + timedelta(days=EVENT_DAYS)
    query = (
        select(Event)
        .where(Event.start >= window.today, Event.start <= last, or_(*involved))
        .order_by(Event.start, Event.id)
        .limit(LIMIT)
    )
    lines = []
    for event in session.scalars(query).all():
        assert event.start is not None
        days = (event.start - window.today).days
        when = "сегодня" if days == 0 else "завтра" if days == 1 else f"через {days_text(days)}"
        place = f", {event.place}" if event.place else ""
        text = f"Мероприятие «{quote(event.name)}» — {ru_date(event.start)} ({when}){place}"
        lines.append(
            FeedLine(f"event:{event.id}", "event", midday(event.start), text, f"/events/{event.id}", True)
        )
    return lines


def obligation_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """Open obligations due within 30 days or overdue: the followed organisations' side, or the cluster's."""
    involved: list[ColumnElement[bool]] = []
    if interest.organization_ids:
        involved.append(Obligation.organization_id.in_(interest.organization_ids))
        # an obligation of no particular side concerns every party of the agreement
        involved.append(
            and_(
                Obligation.organization_id.is_(None),
                exists().where(
                    AgreementParty.agreement_id == Obligation.agreement_id,
                    AgreementParty.organization_id.in_(interest.organization_ids),
                ),
            )
        )
    if interest.cluster_ids:
        involved.append(Agreement.cluster_id.in_(interest.cluster_ids))
    if not involved:
        return []
    last = window.today + timedelta(days=OBLIGATION_DAYS)
    query = (
        select(Obligation, Agreement)
        .join(Agreement, Agreement.id == Obligation.agreement_id)
        .where(Obligation.due.is_not(None), Obligation.due <= last, Obligation.status.in_(OPEN_OBLIGATION))
        .where(or_(*involved))
        .order_by(Obligation.due, Obligation.id)
        .limit(LIMIT)
    )
    lines = []
    for obligation, agreement in session.execute(query).all():
        due = obligation.due
        assert due is not None  # the query keeps obligations with a due date only
        days = (due - window.today).days
        overdue = days < 0
        state = due_state(days)
        text = (
            f"Обязательство по соглашению «{quote(agreement.subject, 80)}»: "
            f"«{quote(obligation.text, 100)}» — срок {ru_date(due)} ({state})"
        )
        key = f"obligation:{obligation.id}:{'overdue' if overdue else 'due'}"
        lines.append(FeedLine(key, "obligation", midday(due), text, f"/agreements/{agreement.id}", True))
    return lines


def roadmap_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """Open roadmap items overdue or due within 14 days, of followed clusters or responsible organisations."""
    involved: list[ColumnElement[bool]] = []
    if interest.cluster_ids:
        involved.append(Program.cluster_id.in_(interest.cluster_ids))
    if interest.organization_ids:
        involved.append(
            exists().where(
                RoadmapResponsible.item_id == RoadmapItem.id,
                RoadmapResponsible.organization_id.in_(interest.organization_ids),
            )
        )
    if not involved:
        return []
    last = window.today + timedelta(days=ROADMAP_DAYS)
    query = (
        select(RoadmapItem)
        .join(Program, Program.id == RoadmapItem.program_id)
        .where(
            RoadmapItem.due_date.is_not(None),
            RoadmapItem.due_date <= last,
            RoadmapItem.status.in_(OPEN_ROADMAP),
            or_(*involved),
        )
        .order_by(RoadmapItem.due_date, RoadmapItem.id)
        .limit(LIMIT)
    )
    lines = []
    for item in session.scalars(query).all():
        due = item.due_date
        assert due is not None
        days = (due - window.today).days
        overdue = days < 0
        state = due_state(days)
        text = f"Дорожная карта: «{quote(item.title, 120)}» — срок {ru_date(due)} ({state})"
        key = f"roadmap:{item.id}:{'overdue' if overdue else 'due'}"
        url = f"/strategy/programs/{item.program_id}"
        lines.append(FeedLine(key, "roadmap", midday(due), text, url, True))
    return lines


def kpi_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """KPIs of followed clusters that turned lagging within the window."""
    lines = []
    for turned in lagging_kpis(session=session, cluster_ids=interest.cluster_ids, now=window.until):
        if not (window.since <= turned.since < window.until + timedelta(seconds=1)):
            continue
        row = turned.row
        percent = f": {row.percent:g} % плана" if row.percent is not None else ""
        text = f"Показатель «{quote(row.name, 100)}» отстаёт от плана на {turned.year} год{percent}"
        key = f"kpi:{row.kpi_id}:{turned.year}:{turned.since.date().isoformat()}"
        lines.append(FeedLine(key, "kpi", turned.since, text, f"/strategy/kpis/{row.kpi_id}", True))
    return lines
