"""`clusterdesk digests send` as a user runs it: demo data, a real process, a real SMTP server."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.events.models import Agreement, Obligation, ObligationStatus
from clusterdesk.registry.models import Organization
from tests.notify.conftest import Smtp
from tests.notify.test_digests import _parts

BASE = "https://cluster.example.ru"


def run(
    url: str, tmp_path: Path, smtp: Smtp, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLUSTERDESK_DATABASE_URL": url,
        "CLUSTERDESK_DATA_DIR": str(tmp_path),
        "CLUSTERDESK_ENVIRONMENT": "test",
        "CLUSTERDESK_SMTP_HOST": "127.0.0.1",
        "CLUSTERDESK_SMTP_PORT": str(smtp.port),
        "CLUSTERDESK_SMTP_FROM": "ClusterDesk <noreply@cluster.example.ru>",
        "CLUSTERDESK_BASE_URL": BASE,
        "COLUMNS": "200",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "clusterdesk.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )


def test_weekly_digest_with_demo_data_sent_once(scratch_url: str, tmp_path: Path, smtp: Smtp) -> None:
    assert run(scratch_url, tmp_path, smtp, "demo", "--no-serve").returncode == 0
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as session:
        orgs = {o.short_name: o.id for o in session.scalars(select(Organization))}
        agreement = session.scalars(select(Agreement).order_by(Agreement.id)).first()
        assert agreement is not None
        session.add(
            Obligation(
                agreement_id=agreement.id,
                organization_id=orgs["ТУСУР"],
                text="Согласовать план совместных мероприятий",
                due=date.today() + timedelta(days=12),
                status=ObligationStatus.planned,
            )
        )
    engine.dispose()
    for args in (
        ("--username", "boss", "--role", "manager", "--email", "boss@cluster.example.ru"),
        (
            "--username",
            "micran",
            "--role",
            "member",
            "--org",
            str(orgs["АО «НПФ «Микран»"]),
            "--email",
            "rep@micran.example.ru",
        ),
    ):
        made = run(
            scratch_url,
            tmp_path,
            smtp,
            "users",
            "create",
            *args,
            "--password-stdin",
            stdin="long-password-1\n",
        )
        assert made.returncode == 0, made.stderr

    now = (datetime.now(UTC) + timedelta(minutes=1)).isoformat(timespec="seconds")
    first = run(scratch_url, tmp_path, smtp, "digests", "send", "--period", "weekly", "--now", now)
    assert first.returncode == 0, first.stderr
    assert "Отправлено писем: 2" in first.stdout
    second = run(scratch_url, tmp_path, smtp, "notify", "send-digests", "--period", "weekly", "--now", now)
    assert second.returncode == 0 and "Отправлено писем: 0" in second.stdout
    assert len(smtp.inbox.messages) == 2

    (boss,) = smtp.inbox.to("boss@cluster.example.ru")
    assert boss["Subject"].startswith("ClusterDesk: что нового за неделю")
    text, html = _parts(boss)
    assert "Новость — " in text and f'href="{BASE}/news/' in html  # the week's news about members
    assert "Ждут проверки:" in text and f'href="{BASE}/review"' in html  # the review queue count
    assert "Согласовать план совместных мероприятий" in text  # an obligation due, with its agreement
    assert f'href="{BASE}/agreements/{agreement.id}"' in html

    (member,) = smtp.inbox.to("rep@micran.example.ru")
    member_text, _ = _parts(member)
    news_lines = [line for line in member_text.splitlines() if line.startswith("* Новость")]
    assert news_lines and all("Микран" in line for line in news_lines)  # only news naming their organisation
    # the review queue: the whole of it for the manager, only facts about Микран for its representative
    boss_queue = next(line for line in text.splitlines() if "Ждут проверки" in line)
    member_queue = [line for line in member_text.splitlines() if "Ждут проверки" in line]
    assert member_queue != [boss_queue] and "упоминани" not in "".join(member_queue)
    assert "Согласовать план совместных мероприятий" not in member_text  # ТУСУР's obligation, not theirs


def test_without_smtp_the_command_says_email_is_off(scratch_url: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERDESK_SMTP")}
    env.update(
        CLUSTERDESK_DATABASE_URL=scratch_url, CLUSTERDESK_ENVIRONMENT="test", NO_COLOR="1", COLUMNS="200"
    )
    done = subprocess.run(
        [sys.executable, "-m", "clusterdesk.cli", "digests", "send", "--period", "daily"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0 and "Электронная почта отключена" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "clusterdesk.cli", "notify", "deliver-webhooks", "--now", "вчера"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert bad.returncode == 2 and "ISO 8601" in bad.stderr
