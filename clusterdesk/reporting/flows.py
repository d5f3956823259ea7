"""Reported supply flows between participants: who really sells to whom and for how much (тыс. руб.).

From the accepted forms of the cluster's latest campaign that has any: a seller's «sales» to a counterparty
and a buyer's «purchases» from one describe the same flow, so when both sides report it the larger figure
is kept rather than the two added up.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.reporting.models import Campaign, Submission, SubmissionStatus


def reported_flows(*, session: Session, cluster_id: int) -> list[tuple[int, int, float]]:
    """(seller, buyer, amount) for the latest campaign of the cluster with accepted forms, largest first."""
    latest = session.scalar(
        select(Campaign)
        .join(Submission, Submission.campaign_id == Campaign.id)
        .where(Campaign.cluster_id == cluster_id, Submission.status == SubmissionStatus.accepted)
        .order_by(Campaign.year.desc(), Campaign.quarter.desc().nulls_first(), Campaign.id.desc())
        .limit(1)
    )
    if latest is None:
        return []
    flows: dict[tuple[int, int], float] = {}
    for submission in latest.submissions:
        if submission.status != SubmissionStatus.accepted:
            continue
        for c in submission.counterparties:
            pairs = (
                (submission.organization_id, c.organization_id, c.sales),
                (c.organization_id, submission.organization_id, c.purchases),
            )
            for seller, buyer, amount in pairs:
                if amount > 0:
                    flows[seller, buyer] = max(flows.get((seller, buyer), 0.0), float(amount))
    return sorted(((a, b, v) for (a, b), v in flows.items()), key=lambda f: (-f[2], f[0], f[1]))
