"""Demo: a reporting campaign of the Tomsk industrial cluster to show the flow — every number is «пример».

No member's real figures are public, so nothing here pretends to be one: the campaign, its forms and their
numbers are marked demo, the forms' sources say «пример», and no form is accepted, so no KPI and no
compliance status is computed from invented numbers.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.registry.demo import DEMO_ACTOR, INDUSTRIAL
from clusterdesk.registry.models import Cluster, Organization
from clusterdesk.reporting import campaigns, submissions
from clusterdesk.reporting.schemas import CampaignCreate, ContractIn, CounterpartyIn

ORDER = 50  # after the registry (10) and strategy (30)
PERIOD = "2025"
SOURCE = "Пример для демонстрации: числа выдуманы и не являются данными организаций"
EXAMPLE = "пример (выдуманное число)"
INDICATORS = [
    "revenue",
    "industrial_output",
    "output_to_participants",
    "purchases_from_participants",
    "headcount",
    "payroll",
    "investment",
    "rnd_spending",
    "export",
    "new_products",
    "patents",
    "hpw_jobs",
    "special_territory",
]


def _org(session: Session, short_name: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.short_name == short_name))


def load_demo(*, session: Session) -> dict[str, int]:
    created = {"campaigns": 0}
    cluster = session.scalar(select(Cluster).where(Cluster.name == INDUSTRIAL))
    if cluster is None or campaigns.find_campaign(session=session, cluster_id=cluster.id, period=PERIOD):
        return created
    data = CampaignCreate(
        cluster_id=cluster.id,
        period=PERIOD,
        indicators=INDICATORS,
        deadline=date(2026, 4, 1),
        title="Пример: отчётность участников за 2025 год",
    )
    campaign = campaigns.create_campaign(
        session=session, actor=DEMO_ACTOR, data=data, is_demo=True, source=SOURCE
    )
    created["campaigns"] = 1
    forms = {s.organization.short_name: s for s in campaign.submissions}
    draft, sent, partner = (
        forms.get("АО «Когнитив»"),
        forms.get("АО «НПФ «Микран»"),
        _org(session, "ООО «ЛЭМЗ–Т»"),
    )
    if draft is not None:
        values: dict[str, float | None] = {"revenue": 1000.0, "industrial_output": 800.0, "headcount": 10.0}
        submissions.save(
            session=session,
            actor=DEMO_ACTOR,
            submission=draft,
            version=None,
            values=values,
            sources=dict.fromkeys(values, EXAMPLE),
        )
    if sent is not None and partner is not None:
        values = {
            code: 1.0
            for code in INDICATORS
            if code not in ("output_to_participants", "purchases_from_participants")
        }
        values["special_territory"] = 0.0
        contract = ContractIn(number="ПРИМЕР-1", date=date(2025, 1, 1))
        submissions.save(
            session=session,
            actor=DEMO_ACTOR,
            submission=sent,
            version=None,
            values=values,
            sources=dict.fromkeys(values, EXAMPLE),
            counterparties=[CounterpartyIn(organization_id=partner.id, sales=1.0, contracts=[contract])],
        )
        submissions.submit(session=session, actor=DEMO_ACTOR, submission=sent, version=None)
    return created
