"""Strategy pages over HTTP: open reads, role checks, form errors, computed KPIs take no typed fact."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.auth.security import issue_token
from clusterdesk.strategy import kpis
from clusterdesk.strategy.schemas import KpiCreate
from clusterdesk.web.deps import SESSION_COOKIE
from tests.conftest import TEST_SECRET, Accounts
from tests.strategy.conftest import Setup


def _login(client: TestClient, accounts: Accounts, role: str) -> None:
    token = issue_token(user_id=accounts.users[role].id, secret_key=TEST_SECRET, ttl_minutes=10)
    client.cookies.set(SESSION_COOKIE, token)


def test_anonymous_reads_dashboard_and_program(client: TestClient, setup: Setup, session: Session) -> None:
    kpi = kpis.create_kpi(
        session=session,
        actor=SYSTEM,
        data=KpiCreate(
            program_id=setup.program.id,
            code="participants",
            name="Число участников",
            unit="ед.",
            kind="computed",
            computed_by="participants_total",
        ),
    )
    session.commit()
    page = client.get("/strategy", params={"cluster_id": setup.cluster.id, "year": 2025})
    assert (
        page.status_code == 200 and "Число участников" in page.text and "+ Новая программа" not in page.text
    )
    program = client.get(f"/strategy/programs/{setup.program.id}")
    assert program.status_code == 200 and "вычисляется: Число участников кластера" in program.text
    kpi_page = client.get(f"/strategy/kpis/{kpi.id}")
    assert "не вводится вручную" in kpi_page.text and "Внести фактическое значение" not in kpi_page.text
    assert "вычисляется по данным платформы: Число участников кластера" in kpi_page.text
    for shown in (page, program, kpi_page):  # people read the KPI's name, never its code
        text = _visible_text(shown.text)
        assert "participants" not in text and "Код" not in text, shown.url


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_program_form_checks_role_and_fields(client: TestClient, accounts: Accounts, setup: Setup) -> None:
    form = {"cluster_id": str(setup.cluster.id), "title": "П", "first_year": "2026", "last_year": "2020"}
    _login(client, accounts, "analyst")
    assert client.post("/strategy/programs/new", data=form).status_code == 403
    _login(client, accounts, "manager")
    bad = client.post("/strategy/programs/new", data=form)
    assert bad.status_code == 422 and "последний год раньше первого" in bad.text
    ok = client.post("/strategy/programs/new", data={**form, "last_year": "2030"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].startswith("/strategy/programs/")
