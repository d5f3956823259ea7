"""Periodic notify work for ``clusterdesk worker`` (see clusterdesk/jobs.py); each is safe to run twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from clusterdesk.config import get_settings
from clusterdesk.jobs import Job
from clusterdesk.notify import digests, webhooks


def send_alerts(session: Session, now: datetime) -> int:
    return digests.send_alerts(session=session, settings=get_settings(), now=now).sent


def send_daily(session: Session, now: datetime) -> int:
    return digests.send_digests(session=session, settings=get_settings(), period="daily", now=now).sent


def send_weekly(session: Session, now: datetime) -> int:
    return digests.send_digests(session=session, settings=get_settings(), period="weekly", now=now).sent


def deliver_webhooks(session: Session, now: datetime) -> int:
    return webhooks.run(session=session, now=now, base_url=get_settings().base_url)


JOBS: list[Job] = [
    Job("notify.alerts", timedelta(minutes=5), send_alerts, "Письма «сразу» по подпискам"),
    # the digests run hourly: the sent-log makes every run after the first in a day/week send nothing
    Job("notify.daily_digest", timedelta(hours=1), send_daily, "Ежедневная сводка на почту"),
    Job("notify.weekly_digest", timedelta(hours=1), send_weekly, "Еженедельная сводка на почту"),
    Job("notify.webhooks", timedelta(minutes=1), deliver_webhooks, "Доставка вебхуков"),
]
