"""Computed KPI indicators fed by members' reporting: the sum of accepted annual forms of the cluster.

One indicator per summable catalogue code, registered (``register``) when clusterdesk/startup.py imports this
module, like every domain's ``indicators``.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.indicators import indicator
from clusterdesk.reporting.catalogue import indicators
from clusterdesk.reporting.models import Campaign, Submission, SubmissionStatus
from clusterdesk.reporting.values import value_of

SUMMED = ("money", "integer", "number", "derived")  # «да/нет» answers do not add up


def reported_sum(code: str) -> Callable[..., float | None]:
    """Sum of ``code`` over accepted forms of the cluster's annual campaign for the year; None without any."""

    def compute(*, session: Session, cluster_id: int, year: int) -> float | None:
        accepted = session.scalars(
            select(Submission)
            .join(Campaign, Campaign.id == Submission.campaign_id)
            .where(
                Campaign.cluster_id == cluster_id,
                Campaign.year == year,
                Campaign.quarter.is_(None),
                Submission.status == SubmissionStatus.accepted,
            )
            .order_by(Submission.id)
        )
        values = [v for s in accepted if (v := value_of(s, code)) is not None]
        return float(sum(values)) if values else None

    compute.__qualname__ = f"reported_{code}"
    return compute


def register() -> None:
    for code, spec in indicators().items():
        if spec.type in SUMMED:
            title = f"Отчётность участников: {spec.title.lower()} (сумма принятых форм)"
            indicator(f"reported_{code}", title, spec.unit)(reported_sum(code))


register()
