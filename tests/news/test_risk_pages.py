"""Risks on pages in real Chromium: the organisation card's section, the /risks page, and the project and the
agreement the member takes part in, after a bankruptcy filing of the member was stored from a news text."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from clusterdesk.audit.service import SYSTEM
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.events.models import Agreement, AgreementKind, AgreementParty
from clusterdesk.news.ingest import submit
from clusterdesk.projects.models import ProjectParticipant
from clusterdesk.registry.models import Organization
from tests.conftest import login_in_browser, screenshot

pytestmark = pytest.mark.browser

FILING = (
    "Томская компания АО «НПФ «Микран» подала в Арбитражный суд Томской области заявление о признании себя "
    "банкротом, следует из картотеки арбитражных дел."
)


def test_a_members_risk_on_its_card_the_risks_page_its_project_and_agreement(
    live_server: str, scratch_url: str, page: Page, tmp_path: Path, backend: str
) -> None:
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as db:
        submit(session=db, actor=SYSTEM, text=FILING, title="Микран подал заявление о банкротстве")
        mikran = db.scalar(select(Organization).where(Organization.short_name == "АО «НПФ «Микран»"))
        assert mikran is not None
        mikran_id = mikran.id
        project_id = db.scalar(
            select(ProjectParticipant.project_id).where(ProjectParticipant.organization_id == mikran_id)
        )
        agreement = Agreement(subject="Поставка СВЧ-модулей (пример)", kind=AgreementKind.cooperation)
        db.add(agreement)
        db.flush()
        db.add(AgreementParty(agreement_id=agreement.id, organization_id=mikran_id))
        agreement_id = agreement.id
    engine.dispose()
    assert project_id is not None

    login_in_browser(page, live_server)
    page.goto(f"{live_server}/organizations/{mikran_id}")
    risk = page.get_by_test_id("risk").filter(has_text="банкротство")
    expect(risk).to_have_count(1)
    expect(risk).to_contain_text("заявление о признании себя банкротом")
    screenshot(page, tmp_path, "risk-card", backend)

    page.goto(f"{live_server}/risks")
    expect(page.get_by_test_id("risk").filter(has_text="Микран")).to_contain_text("банкротство")
    screenshot(page, tmp_path, "risks-page", backend)

    for path in (f"/projects/{project_id}", f"/agreements/{agreement_id}"):
        page.goto(f"{live_server}{path}")
        expect(page.get_by_role("heading", name="Риски участников")).to_be_visible()
        expect(page.get_by_test_id("risk").filter(has_text="банкротство")).to_have_count(1)
    screenshot(page, tmp_path, "risk-agreement", backend)
