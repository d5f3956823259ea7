"""Reading a form's numbers: typed values, values derived from the cooperation part, the provenance line."""

from __future__ import annotations

from sqlalchemy.orm import object_session

from clusterdesk.reporting.campaigns import participants
from clusterdesk.reporting.catalogue import indicators
from clusterdesk.reporting.models import Submission


def derived_values(submission: Submission) -> dict[str, float]:
    """Derived indicators summed from the cooperation part (sales to / purchases from participants)."""
    campaign = submission.campaign
    session = object_session(submission)
    assert session is not None
    members = {
        o.id
        for o in participants(
            session=session,
            cluster_id=campaign.cluster_id,
            year=campaign.year,
            quarter=campaign.quarter,
        )
    }
    result = {}
    for code in campaign.indicators:
        spec = indicators()[code]
        if spec.derived_from:
            result[code] = float(
                sum(
                    getattr(c, spec.derived_from)
                    for c in submission.counterparties
                    if c.organization_id in members
                )
            )
    return result


def value_of(submission: Submission, code: str) -> float | None:
    """A typed value, or a derived one computed from the counterparties."""
    spec = indicators().get(code)
    if spec is None:
        return None
    if spec.derived_from:
        return derived_values(submission).get(code)
    return submission.values.get(code)


def evidence_line(submission: Submission) -> str:
    """«представлено: организация, пользователь, дата» — the provenance line every fed value carries."""
    when = submission.submitted_at
    day = when.strftime("%d.%m.%Y") if when else "—"
    return f"представлено: {submission.organization.short_name}, {submission.submitted_by or '—'}, {day}"
