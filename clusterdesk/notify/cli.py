"""`clusterdesk digests send`, `clusterdesk notify ...`: run the notify jobs by hand or from cron."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

import typer
from sqlalchemy import select

from clusterdesk.auth.models import User
from clusterdesk.commands import command_group, console, err_console, transaction
from clusterdesk.config import get_settings
from clusterdesk.notify import digests, webhooks
from clusterdesk.notify.subscriptions import set_email as store_email


class PeriodChoice(StrEnum):
    daily = "daily"
    weekly = "weekly"


NowOption = Annotated[
    str | None,
    typer.Option("--now", help="Момент отправки, ISO 8601 (по умолчанию — сейчас, UTC)"),
]


def _now(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        typer.echo(
            f"Ошибка: --now {value!r}: нужна дата и время ISO 8601, например 2026-12-07T08:00", err=True
        )
        raise typer.Exit(2) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def send_digests(
    period: Annotated[PeriodChoice, typer.Option("--period", help="daily | weekly")] = PeriodChoice.daily,
    now: NowOption = None,
) -> None:
    """Send the daily or weekly digest to everyone due; a second run for the same period sends nothing."""

    settings = get_settings()
    moment = _now(now)
    if not settings.email_enabled:
        console.print("Электронная почта отключена (не задан CLUSTERDESK_SMTP_HOST): отправлено 0")
        return
    with transaction(settings) as session:
        report = digests.send_digests(session=session, settings=settings, period=period.value, now=moment)
    console.print(
        f"Отправлено писем: {report.sent}; не удалось: {report.failed}; пропущено: {report.skipped} "
        f"({digests.period_key(period.value, moment)})"
    )
    if report.failed:
        raise typer.Exit(1)


def send_alerts(now: NowOption = None) -> None:
    """Send «at once» alerts for what appeared since the last run."""

    settings = get_settings()
    if not settings.email_enabled:
        console.print("Электронная почта отключена (не задан CLUSTERDESK_SMTP_HOST): отправлено 0")
        return
    with transaction(settings) as session:
        report = digests.send_alerts(session=session, settings=settings, now=_now(now))
    console.print(f"Отправлено уведомлений: {report.sent}; не удалось: {report.failed}")
    if report.failed:
        raise typer.Exit(1)


def deliver_webhooks(now: NowOption = None) -> None:
    """Enqueue new events for webhooks and POST every delivery that is due (with retries)."""

    settings = get_settings()
    with transaction(settings) as session:
        made = webhooks.enqueue_events(session=session, base_url=settings.base_url)
        delivered = webhooks.deliver_due(session=session, now=_now(now))
    console.print(f"Новых событий: {made}; доставлено: {delivered}")


def set_email(
    username: Annotated[str, typer.Option("--username", help="Имя входа")],
    email: Annotated[str, typer.Option("--email", help="Адрес; пустая строка — убрать")],
) -> None:
    """Set the e-mail address digests and alerts go to."""

    with transaction(get_settings()) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            err_console.print(f"[bold red]Ошибка:[/] пользователь {username!r} не найден")
            raise typer.Exit(1)
        store_email(session=session, user=user, email=email)
        console.print(f"Адрес для писем пользователя {username}: {email or '—'}")


def register(app: typer.Typer) -> None:
    command_group(app, "digests", "Сводки на электронную почту.").command("send")(send_digests)
    notify_app = command_group(app, "notify", "Уведомления: сводки, письма «сразу», вебхуки.")
    notify_app.command("send-digests")(send_digests)
    notify_app.command("send-alerts")(send_alerts)
    notify_app.command("deliver-webhooks")(deliver_webhooks)
    notify_app.command("set-email")(set_email)
