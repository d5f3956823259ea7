"""Who to remind: forms of open campaigns not yet sent, with their representatives' logins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.auth.models import Role, User
from clusterdesk.reporting.models import Campaign, CampaignStatus, Reminder, Submission, SubmissionStatus

WAITING = (SubmissionStatus.not_started, SubmissionStatus.draft, SubmissionStatus.returned)
DAYS_BEFORE = (7, 3, 1)  # reminders a week, three days and one day before the deadline, then daily when late


@dataclass(frozen=True)
class Due:
    submission_id: int
    campaign_id: int
    organization: str
    status: SubmissionStatus
    deadline: date
    users: tuple[str, ...]  # logins of the organisation's representatives

    def reason(self, today: date) -> str:
        left = (self.deadline - today).days
        if left < 0:
            return f"срок сдачи прошёл {self.deadline:%d.%m.%Y}"
        return f"до срока сдачи {left} дн. ({self.deadline:%d.%m.%Y})"


def waiting(*, session: Session, campaign: Campaign) -> list[Due]:
    """Every form of the campaign that still needs sending, with the member users to write to."""
    result = []
    for submission in campaign.submissions:
        if submission.status not in WAITING:
            continue
        users = session.scalars(
            select(User.username)
            .where(
                User.organization_id == submission.organization_id, User.role == Role.member, User.is_active
            )
            .order_by(User.username)
        )
        result.append(
            Due(
                submission_id=submission.id,
                campaign_id=campaign.id,
                organization=submission.organization.short_name,
                status=submission.status,
                deadline=campaign.deadline,
                users=tuple(users),
            )
        )
    return sorted(result, key=lambda d: (d.organization.casefold(), d.submission_id))


def is_reminder_day(deadline: date, today: date) -> bool:
    left = (deadline - today).days
    return left in DAYS_BEFORE or left < 0


def record_due(*, session: Session, today: date) -> int:
    """Write today's reminders once (the unique day key makes a second run a no-op); returns how many."""
    campaigns = session.scalars(
        select(Campaign).where(Campaign.status == CampaignStatus.open).order_by(Campaign.id)
    )
    written = 0
    for campaign in campaigns:
        if not is_reminder_day(campaign.deadline, today):
            continue
        for due in waiting(session=session, campaign=campaign):
            exists = session.scalar(
                select(Reminder.id).where(
                    Reminder.submission_id == due.submission_id, Reminder.due_on == today
                )
            )
            if exists is None:
                session.add(Reminder(submission_id=due.submission_id, due_on=today, reason=due.reason(today)))
                written += 1
    session.flush()
    return written


def recorded(*, session: Session, submission: Submission) -> list[Reminder]:
    query = select(Reminder).where(Reminder.submission_id == submission.id).order_by(Reminder.due_on)
    return list(session.scalars(query))
