"""Accepted values flow into strategy KPIs: one per-member fact with the evidence line «представлено: …».

A KPI fed by a campaign indicator gets, for each accepted form of a campaign of the KPI's cluster, a value
for the campaign's year (or quarter) holding that member's share; strategy's status adds the shares up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.errors import ConflictError, FieldProblem, ValidationFailed
from clusterdesk.reporting.catalogue import indicators
from clusterdesk.reporting.models import Campaign, KpiFeed, Submission, SubmissionStatus
from clusterdesk.reporting.values import evidence_line, value_of
from clusterdesk.strategy import kpis as strategy_kpis
from clusterdesk.strategy.models import Kpi, KpiKind, KpiValue
from clusterdesk.strategy.schemas import KpiValueCreate, KpiValueUpdate, NoteEvidence

if TYPE_CHECKING:
    from clusterdesk.reporting.schemas import KpiFeedCreate

FEED = "Связь показателя с отчётностью"


def document_of(submission: Submission) -> str:
    campaign = submission.campaign
    return f"Отчётная кампания #{campaign.id} «{campaign.title}», форма #{submission.id}"


def _feeds_for(session: Session, campaign: Campaign) -> list[tuple[KpiFeed, Kpi]]:
    query = select(KpiFeed, Kpi).join(Kpi, Kpi.id == KpiFeed.kpi_id).order_by(KpiFeed.id)
    return [
        (feed, kpi)
        for feed, kpi in session.execute(query).all()
        if kpi.program.cluster_id == campaign.cluster_id and (feed.indicator in campaign.indicators)
    ]


def _stored(session: Session, kpi: Kpi, submission: Submission) -> KpiValue | None:
    campaign = submission.campaign
    return session.scalar(
        select(KpiValue).where(
            KpiValue.kpi_id == kpi.id,
            KpiValue.year == campaign.year,
            KpiValue.quarter.is_(None) if campaign.quarter is None else KpiValue.quarter == campaign.quarter,
            KpiValue.organization_id == submission.organization_id,
        )
    )


def _push(session: Session, actor: Actor, feed: KpiFeed, kpi: Kpi, submission: Submission) -> None:
    value = value_of(submission, feed.indicator)
    if value is None:
        return
    evidence = NoteEvidence(kind="note", note=evidence_line(submission), document=document_of(submission))
    stored = _stored(session, kpi, submission)
    if stored is None:
        campaign = submission.campaign
        data = KpiValueCreate(
            year=campaign.year,
            quarter=campaign.quarter,
            value=value,
            organization_id=submission.organization_id,
            evidence=evidence,
        )
        strategy_kpis.add_value(session=session, actor=actor, kpi_id=kpi.id, data=data)
    else:
        update = KpiValueUpdate(value=value, evidence=evidence, version=stored.version)
        strategy_kpis.update_value(session=session, actor=actor, value_id=stored.id, data=update)


def push_submission(*, session: Session, actor: Actor, submission: Submission) -> int:
    feeds = _feeds_for(session, submission.campaign)
    for feed, kpi in feeds:
        _push(session, actor, feed, kpi, submission)
    return len(feeds)


def retract_submission(*, session: Session, actor: Actor, submission: Submission) -> None:
    """A form returned after acceptance no longer backs the KPI: its fed values are deleted (audited)."""
    for _feed, kpi in _feeds_for(session, submission.campaign):
        stored = _stored(session, kpi, submission)
        if stored is not None and stored.evidence_document == document_of(submission):
            strategy_kpis.delete_value(session=session, actor=actor, value_id=stored.id, version=None)


def get_feeds(*, session: Session) -> list[KpiFeed]:
    return list(session.scalars(select(KpiFeed).order_by(KpiFeed.id)))


def create_feed(*, session: Session, actor: Actor, data: KpiFeedCreate) -> KpiFeed:
    """Link a manual KPI to an indicator, and feed it every form already accepted."""
    kpi = session.get(Kpi, data.kpi_id)
    if kpi is None:
        raise ValidationFailed([FieldProblem("kpi_id", f"показатель #{data.kpi_id} не найден")])
    if data.indicator not in indicators():
        raise ValidationFailed([FieldProblem("indicator", f"нет в каталоге показателей: {data.indicator}")])
    if kpi.kind == KpiKind.computed:
        raise ValidationFailed(
            [
                FieldProblem(
                    "kpi_id", "показатель вычисляется по данным платформы; связать можно только вводимый"
                )
            ]
        )
    if session.scalar(select(KpiFeed).where(KpiFeed.kpi_id == kpi.id)) is not None:
        raise ConflictError(f"Показатель «{kpi.name}» уже связан с отчётностью")
    feed = writes.create(
        session=session, actor=actor, obj=KpiFeed(kpi_id=kpi.id, indicator=data.indicator), label=FEED
    )
    accepted = session.scalars(
        select(Submission)
        .join(Campaign, Campaign.id == Submission.campaign_id)
        .where(Campaign.cluster_id == kpi.program.cluster_id, Submission.status == SubmissionStatus.accepted)
        .order_by(Submission.id)
    )
    for submission in accepted:
        if data.indicator in submission.campaign.indicators:
            _push(session, actor, feed, kpi, submission)
    return feed
