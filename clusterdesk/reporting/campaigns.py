"""Campaigns: open one for a cluster and period, give every participant a form, change or close it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import changes_of, check_exists, get_or_404
from clusterdesk.errors import ConflictError, FieldProblem, ValidationFailed
from clusterdesk.registry.models import Cluster, Membership, MembershipRole, Organization
from clusterdesk.reporting.catalogue import indicators
from clusterdesk.reporting.models import Campaign, Submission
from clusterdesk.reporting.schemas import CampaignCreate, CampaignUpdate, parse_period

CAMPAIGN = "Отчётная кампания"
SUBMISSION = "Форма отчётности"
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def period_end(year: int, quarter: int | None) -> date:
    month, day = QUARTER_END[quarter or 4]
    return date(year, month, day)


def period_label(period: str) -> str:
    year, quarter = parse_period(period)
    return f"{quarter} квартал {year} года" if quarter else f"{year} год"


def participants(*, session: Session, cluster_id: int, year: int, quarter: int | None) -> list[Organization]:
    """Members on the last day of the period, by name; public authorities are not industrial participants."""
    end = period_end(year, quarter)
    member_ids = select(Membership.organization_id).where(
        Membership.cluster_id == cluster_id,
        Membership.role != MembershipRole.authority,
        or_(Membership.since.is_(None), Membership.since <= end),
        or_(Membership.until.is_(None), Membership.until > end),
    )
    query = select(Organization).where(Organization.id.in_(member_ids))
    return sorted(session.scalars(query), key=lambda o: (o.short_name.casefold(), o.id))


def get_campaign(*, session: Session, campaign_id: int) -> Campaign:
    return get_or_404(session, Campaign, campaign_id)


def get_campaigns(*, session: Session, cluster_id: int | None = None) -> list[Campaign]:
    query = select(Campaign).order_by(Campaign.year.desc(), Campaign.quarter.desc(), Campaign.id.desc())
    if cluster_id is not None:
        query = query.where(Campaign.cluster_id == cluster_id)
    return list(session.scalars(query))


def find_campaign(*, session: Session, cluster_id: int, period: str) -> Campaign | None:
    return session.scalar(
        select(Campaign).where(Campaign.cluster_id == cluster_id, Campaign.period == period)
    )


def _check_indicators(codes: list[str]) -> list[str]:
    catalogue = indicators()
    unknown = [c for c in codes if c not in catalogue]
    if unknown:
        raise ValidationFailed(
            [FieldProblem("indicators", f"нет в каталоге показателей: {', '.join(unknown)}")]
        )
    chosen = set(codes)
    return [code for code in catalogue if code in chosen]  # catalogue order, no repeats


def create_campaign(
    *, session: Session, actor: Actor, data: CampaignCreate, is_demo: bool = False, source: str | None = None
) -> Campaign:
    check_exists(session, Cluster, data.cluster_id, "cluster_id")
    year, quarter = parse_period(data.period)
    codes = _check_indicators(data.indicators)
    clash = find_campaign(session=session, cluster_id=data.cluster_id, period=data.period)
    if clash is not None:
        raise ConflictError(
            f"Кампания за {period_label(data.period)} у этого кластера уже есть (#{clash.id})"
        )
    cluster = session.get(Cluster, data.cluster_id)
    assert cluster is not None
    title = data.title.strip() if data.title and data.title.strip() else None
    campaign = Campaign(
        cluster_id=data.cluster_id,
        period=data.period,
        year=year,
        quarter=quarter,
        title=title or f"Отчётность участников за {period_label(data.period)}",
        indicators=codes,
        deadline=data.deadline,
        is_demo=is_demo,
        source=source,
    )
    writes.create(session=session, actor=actor, obj=campaign, label=CAMPAIGN)
    add_missing_forms(session=session, actor=actor, campaign=campaign, is_demo=is_demo, source=source)
    return campaign


def add_missing_forms(
    *, session: Session, actor: Actor, campaign: Campaign, is_demo: bool = False, source: str | None = None
) -> int:
    """A form for every participant that has none yet (a member who joined after the campaign opened)."""
    have = {s.organization_id for s in campaign.submissions}
    added = 0
    members = participants(
        session=session, cluster_id=campaign.cluster_id, year=campaign.year, quarter=campaign.quarter
    )
    for organization in members:
        if organization.id in have:
            continue
        submission = Submission(
            campaign_id=campaign.id,
            organization_id=organization.id,
            values={},
            sources={},
            is_demo=is_demo,
            source=source,
        )
        writes.create(session=session, actor=actor, obj=submission, label=SUBMISSION)
        added += 1
    session.refresh(campaign, ["submissions"])
    return added


def update_campaign(*, session: Session, actor: Actor, campaign_id: int, data: CampaignUpdate) -> Campaign:
    campaign = get_campaign(session=session, campaign_id=campaign_id)
    changes = changes_of(data)
    for name in ("deadline", "status"):
        if name in changes and changes[name] is None:
            changes.pop(name)
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip() or campaign.title
    return writes.update(
        session=session,
        actor=actor,
        obj=campaign,
        changes=changes,
        expected_version=data.version,
        label=CAMPAIGN,
    )
