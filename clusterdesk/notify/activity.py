"""«Что нового»: the lines of a user's feed, each in plain Russian with a link to its object.

Two sorts of line: what *happened* in the window (news, registry changes, a KPI turning lagging) and what
*needs attention* on the window's last day (review queue, events within 14 days, obligations due within 30
days or overdue, roadmap items overdue or due within 14 days). Each line has a stable key, so read marks,
the e-mail sent-log and Atom entries can name it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.readable import describe
from clusterdesk.events.models import (
    Agreement,
    AgreementParty,
    Event,
    EventParticipant,
    Obligation,
    ObligationStatus,
)
from clusterdesk.news.models import (
    FactStatus,
    MentionStatus,
    NewsFact,
    NewsFactOrganization,
    NewsItem,
    NewsMention,
    NewsOccurrence,
)
from clusterdesk.notify.kpi_watch import lagging_kpis
from clusterdesk.notify.subscriptions import Interest
from clusterdesk.registry.filters import matches_words
from clusterdesk.registry.models import Organization
from clusterdesk.strategy.models import Program, RoadmapItem, RoadmapResponsible, RoadmapStatus
from clusterdesk.web.templating import FIELD_LABELS, plural, ru_date

EVENT_DAYS = 14
OBLIGATION_DAYS = 30
ROADMAP_DAYS = 14
LIMIT = 50
REGISTRY_TYPES = ("organization", "person", "post", "cluster", "membership")
OPEN_OBLIGATION = (ObligationStatus.planned, ObligationStatus.in_progress)
OPEN_ROADMAP = (RoadmapStatus.planned, RoadmapStatus.in_progress)


@dataclass(frozen=True)
class Window:
    since: datetime
    until: datetime

    @property
    def today(self) -> date:
        return self.until.date()


@dataclass(frozen=True)
class FeedLine:
    key: str
    kind: str  # news | review | registry | event | obligation | roadmap | kpi
    at: datetime
    text: str
    url: str  # relative to the site root
    attention: bool = False


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _midday(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _days(n: int) -> str:
    return plural(n, "день", "дня", "дней")


def _due_state(days: int) -> str:
    if days < 0:
        return f"просрочено на {_days(-days)}"
    return "срок сегодня" if days == 0 else f"через {_days(days)}"


def _quote(text: str | None, limit: int = 140) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _org_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Organization.id, Organization.short_name).where(Organization.id.in_(ids)))
    return {row.id: row.short_name for row in rows}


def news_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """News items first stored in the window that mention what the user follows."""
    conditions = []
    if interest.organization_ids:
        conditions.append(
            exists().where(
                NewsMention.item_id == NewsItem.id,
                NewsMention.organization_id.in_(interest.organization_ids),
                NewsMention.status != MentionStatus.rejected,
            )
        )
    if interest.person_ids:
        conditions.append(
            exists().where(
                NewsMention.item_id == NewsItem.id,
                NewsMention.person_id.in_(interest.person_ids),
                NewsMention.status != MentionStatus.rejected,
            )
        )
    for keyword in interest.keywords:
        conditions.append(and_(*matches_words(NewsItem.search_text, keyword)))
    if interest.fact_kinds:
        conditions.append(
            exists().where(NewsFact.item_id == NewsItem.id, NewsFact.type.in_(interest.fact_kinds))
        )
    if not conditions:
        return []
    first_seen = (
        select(NewsOccurrence.item_id, func.min(NewsOccurrence.created_at).label("at"))
        .group_by(NewsOccurrence.item_id)
        .subquery()
    )
    query = (
        select(NewsItem, first_seen.c.at)
        .join(first_seen, first_seen.c.item_id == NewsItem.id)
        .where(first_seen.c.at >= window.since, first_seen.c.at < window.until, or_(*conditions))
        .order_by(first_seen.c.at.desc(), NewsItem.id.desc())
        .limit(LIMIT)
    )
    rows = session.execute(query).all()
    mentioned: dict[int, set[int]] = {}
    if rows and interest.organization_ids:
        pairs = session.execute(
            select(NewsMention.item_id, NewsMention.organization_id).where(
                NewsMention.item_id.in_([r[0].id for r in rows]),
                NewsMention.organization_id.in_(interest.organization_ids),
                NewsMention.status != MentionStatus.rejected,
            )
        ).all()
        for item_id, org_id in pairs:
            mentioned.setdefault(item_id, set()).add(org_id)
    names = _org_names(session, {o for ids in mentioned.values() for o in ids})
    lines = []
    for item, at in rows:
        orgs = sorted(names[o] for o in mentioned.get(item.id, set()) if o in names)
        about = f"Новость — {', '.join(orgs)}" if orgs else "Новость по вашей подписке"
        title = _quote(item.title or item.text)
        lines.append(
            FeedLine(f"news:{item.id}", "news", _aware(at), f"{about}: «{title}»", f"/news/{item.id}")
        )
    return lines


def review_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """How many facts and mentions wait for a person (the whole queue for managers, else the user's own)."""
    facts = select(func.count()).select_from(NewsFact).where(NewsFact.status == FactStatus.new)
    mentions = select(func.count()).select_from(NewsMention).where(NewsMention.status == MentionStatus.review)
    if not interest.whole_review_queue:
        if not interest.organization_ids and not interest.fact_kinds:
            return []
        mine = []
        if interest.organization_ids:
            mine.append(
                exists().where(
                    NewsFactOrganization.fact_id == NewsFact.id,
                    NewsFactOrganization.organization_id.in_(interest.organization_ids),
                )
            )
        if interest.fact_kinds:
            mine.append(NewsFact.type.in_(interest.fact_kinds))
        facts = facts.where(or_(*mine))
        mention_count = 0
    else:
        mention_count = session.scalar(mentions) or 0
    fact_count = session.scalar(facts) or 0
    if not fact_count and not mention_count:
        return []
    parts = []
    if fact_count:
        parts.append(plural(fact_count, "факт", "факта", "фактов"))
    if mention_count:
        parts.append(plural(mention_count, "упоминание", "упоминания", "упоминаний"))
    text = f"Ждут проверки: {' и '.join(parts)} из новостей"
    return [FeedLine(f"review:{window.today.isoformat()}", "review", window.until, text, "/review", True)]


def registry_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """Changes of the registry in the window about followed organisations, people and clusters."""
    about = []
    for ids, table, field in (
        (interest.organization_ids, "organization", "organization_id"),
        (interest.person_ids, "person", "person_id"),
        (interest.cluster_ids, "cluster", "cluster_id"),
    ):
        if not ids:
            continue
        about.append(and_(ChangeRecord.entity_type == table, ChangeRecord.entity_id.in_(ids)))
        about.append(ChangeRecord.after[field].as_integer().in_(ids))
        about.append(ChangeRecord.before[field].as_integer().in_(ids))
    if not about:
        return []
    query = (
        select(ChangeRecord)
        .where(
            ChangeRecord.entity_type.in_(REGISTRY_TYPES),
            ChangeRecord.at >= window.since,
            ChangeRecord.at < window.until,
            or_(*about),
        )
        .order_by(ChangeRecord.id.desc())
        .limit(LIMIT)
    )
    records = list(session.scalars(query).all())
    lines = []
    for change in describe(session=session, records=records):
        verb = {"create": "Новая запись", "update": "Изменено", "delete": "Удалено"}[change.record.action]
        text = f"{verb}: {change.type_label} «{change.name}»"
        if change.changes:
            text += ": " + ", ".join(FIELD_LABELS.get(c.field, c.field) for c in change.changes[:5])
        url = (
            change.url
            or f"/audit?entity_type={change.record.entity_type}&entity_id={change.record.entity_id}"
        )
        lines.append(FeedLine(f"audit:{change.record.id}", "registry", _aware(change.record.at), text, url))
    return lines


def event_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """Events starting within the next 14 days that involve what the user follows."""
    involved = []
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
        when = "сегодня" if days == 0 else "завтра" if days == 1 else f"через {_days(days)}"
        place = f", {event.place}" if event.place else ""
        text = f"Мероприятие «{_quote(event.name)}» — {ru_date(event.start)} ({when}){place}"
        lines.append(
            FeedLine(f"event:{event.id}", "event", _midday(event.start), text, f"/events/{event.id}", True)
        )
    return lines


def obligation_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """Open obligations due within 30 days or overdue: the followed organisations' side, or the cluster's."""
    involved = []
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
        days = (due - window.today).days
        overdue = days < 0
        state = _due_state(days)
        text = (
            f"Обязательство по соглашению «{_quote(agreement.subject, 80)}»: "
            f"«{_quote(obligation.text, 100)}» — срок {ru_date(due)} ({state})"
        )
        key = f"obligation:{obligation.id}:{'overdue' if overdue else 'due'}"
        lines.append(FeedLine(key, "obligation", _midday(due), text, f"/agreements/{agreement.id}", True))
    return lines


def roadmap_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """Open roadmap items overdue or due within 14 days, of followed clusters or responsible organisations."""
    involved = []
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
        state = _due_state(days)
        text = f"Дорожная карта: «{_quote(item.title, 120)}» — срок {ru_date(due)} ({state})"
        key = f"roadmap:{item.id}:{'overdue' if overdue else 'due'}"
        url = f"/strategy/programs/{item.program_id}"
        lines.append(FeedLine(key, "roadmap", _midday(due), text, url, True))
    return lines


def kpi_lines(session: Session, interest: Interest, window: Window) -> list[FeedLine]:
    """KPIs of followed clusters that turned lagging within the window."""
    lines = []
    for turned in lagging_kpis(session=session, cluster_ids=interest.cluster_ids, now=window.until):
        if not (window.since <= turned.since < window.until + timedelta(seconds=1)):
            continue
        row = turned.row
        percent = f": {row.percent:g} % плана" if row.percent is not None else ""
        text = f"Показатель «{_quote(row.name, 100)}» отстаёт от плана на {turned.year} год{percent}"
        key = f"kpi:{row.kpi_id}:{turned.year}:{turned.since.date().isoformat()}"
        lines.append(FeedLine(key, "kpi", turned.since, text, f"/strategy/kpis/{row.kpi_id}", True))
    return lines


Collector = Callable[[Session, Interest, Window], list[FeedLine]]
COLLECTORS: dict[str, Collector] = {
    "news": news_lines,
    "review": review_lines,
    "registry": registry_lines,
    "event": event_lines,
    "obligation": obligation_lines,
    "roadmap": roadmap_lines,
    "kpi": kpi_lines,
}
HAPPENED = ("news", "registry", "kpi")


def collect(
    *, session: Session, interest: Interest, window: Window, kinds: tuple[str, ...] | None = None
) -> list[FeedLine]:
    """The feed: things needing attention first (soonest first), then what happened (newest first)."""
    lines: list[FeedLine] = []
    for kind, collector in COLLECTORS.items():
        if kinds is None or kind in kinds:
            lines.extend(collector(session, interest, window))
    attention = sorted((line for line in lines if line.attention), key=lambda line: (line.at, line.key))
    happened = sorted((line for line in lines if not line.attention), key=lambda line: line.at, reverse=True)
    return attention + happened
