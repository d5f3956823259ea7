"""Demo campaign marked «пример», the reminder job (idempotent), and the computed «reported_*» indicators."""

from __future__ import annotations

from datetime import date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.registry.demo import load_demo_registry
from clusterdesk.reporting import demo
from clusterdesk.reporting.jobs import JOBS
from clusterdesk.reporting.models import Campaign, Reminder, SubmissionStatus
from clusterdesk.strategy.indicators import compute
from tests.reporting.conftest import World, forms_by_org, open_campaign


def test_demo_campaign_is_marked_and_judges_nothing(session: Session) -> None:
    load_demo_registry(session=session)
    assert demo.load_demo(session=session) == {"campaigns": 1}
    assert demo.load_demo(session=session) == {"campaigns": 0}  # idempotent
    campaign = session.scalar(select(Campaign).where(Campaign.period == demo.PERIOD))
    assert campaign is not None and campaign.is_demo and campaign.title.startswith("Пример")
    statuses = {s.organization.short_name: s.status for s in campaign.submissions}
    assert "Администрация Томской области" not in statuses  # an authority is not an industrial participant
    assert statuses["АО «НПФ «Микран»"] == SubmissionStatus.submitted
    assert SubmissionStatus.accepted not in statuses.values()
    for submission in campaign.submissions:
        assert submission.is_demo
        assert all(source.startswith("пример") for source in submission.sources.values())


def test_reminder_job_writes_once_per_day_on_reminder_days(
    client: TestClient, world: World, session: Session
) -> None:
    open_campaign(client, world, deadline="2026-03-31")
    job = next(j for j in JOBS if j.name == "reporting.reminders")
    assert job.run(session, datetime(2026, 3, 20, 9, 0)) == 0  # 11 days before: not a reminder day
    assert job.run(session, datetime(2026, 3, 24, 9, 0)) == 4  # a week before: every form not sent
    assert job.run(session, datetime(2026, 3, 24, 15, 0)) == 0  # the same day again: nothing new
    assert job.run(session, datetime(2026, 4, 2, 9, 0)) == 4  # late: daily
    reasons = session.scalars(select(Reminder.reason).where(Reminder.due_on == date(2026, 4, 2))).all()
    assert reasons and all(r == "срок сдачи прошёл 31.03.2026" for r in reasons)


def test_reported_indicator_sums_accepted_forms_only(
    client: TestClient, world: World, session: Session
) -> None:
    campaign = open_campaign(client, world)
    forms = forms_by_org(client, world, campaign["id"])
    assert compute("reported_revenue", session=session, cluster_id=world.cluster.id, year=2025) is None
    for org, who, revenue in ((world.orgs[0], "member", 100.0), (world.orgs[1], "member-b", 50.5)):
        path = f"/api/v1/reporting/submissions/{forms[org.id]['id']}"
        values = {"revenue": revenue, "industrial_output": 1, "headcount": 1, "special_territory": 0}
        client.patch(path, json={"values": values, "version": 1}, headers=world.headers(who))
        client.post(f"{path}/submit", headers=world.headers(who))
    first = forms[world.orgs[0].id]["id"]
    client.post(f"/api/v1/reporting/submissions/{first}/accept", headers=world.headers("manager"))
    assert compute("reported_revenue", session=session, cluster_id=world.cluster.id, year=2025) == 100.0
