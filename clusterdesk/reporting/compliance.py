"""Decree No. 779 compliance of a cluster for a period: each rule of rules.json computed from the data.

Inputs and where each number comes from: accepted forms of the period's campaign (values, counterparties and
their contracts), and, as indirect evidence only, agreements (including those accepted from news facts) and
supply links in the registry. Statuses: met / not_met / no_data; a rule is never «met» on partial data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from clusterdesk.events.models import Agreement, AgreementKind
from clusterdesk.projects.models import SupplyKind, SupplyLink
from clusterdesk.registry.models import Organization
from clusterdesk.registry.service import get_cluster
from clusterdesk.reporting.campaigns import find_campaign, participants, period_end
from clusterdesk.reporting.catalogue import Rule, rulebook
from clusterdesk.reporting.labels import CONTRACT_KIND_LABELS, SUBMISSION_STATUS_LABELS
from clusterdesk.reporting.models import Submission, SubmissionStatus
from clusterdesk.reporting.schemas import ComplianceRead, ParticipantResult, RuleResult, parse_period

MET, NOT_MET, NO_DATA = "met", "not_met", "no_data"
OUTPUT = "industrial_output"
SPECIAL = "special_territory"


@dataclass
class Ledger:
    """What is known about one participant, with the source of every item."""

    organization: Organization
    submission: Submission | None = None
    contracts: list[dict[str, Any]] = field(default_factory=list)
    indirect: list[dict[str, Any]] = field(default_factory=list)
    output: float | None = None
    to_participants: float | None = None

    @property
    def accepted(self) -> bool:
        return self.submission is not None and self.submission.status == SubmissionStatus.accepted

    @property
    def share(self) -> float | None:
        if self.output is None or self.to_participants is None or self.output <= 0:
            return None
        return round(self.to_participants / self.output, 4)

    @property
    def contract_status(self) -> str:
        """Judged once the participant's own form is accepted; a contract either party reported counts."""
        if not self.accepted:
            return NO_DATA
        return MET if self.contracts else NOT_MET


def _contract_entry(reporter: Submission, other: Organization, contract: dict[str, str]) -> dict[str, Any]:
    return {
        "source": "submission",
        "submission_id": reporter.id,
        "reported_by": reporter.organization.short_name,
        "with_id": other.id,
        "with": other.short_name,
        "number": contract["number"],
        "date": contract["date"],
        "kind": contract["kind"],
        "text": (
            f"договор № {contract['number']} от {date.fromisoformat(contract['date']):%d.%m.%Y} "
            f"({CONTRACT_KIND_LABELS.get(contract['kind'], contract['kind'])}) с {other.short_name}; "
            f"из формы #{reporter.id} ({reporter.organization.short_name})"
        ),
    }


def _from_submissions(ledgers: dict[int, Ledger]) -> None:
    seen: set[tuple[int, int, str, str]] = set()
    for ledger in ledgers.values():
        submission = ledger.submission
        if not ledger.accepted or submission is None:
            continue
        ledger.output = submission.values.get(OUTPUT)
        ledger.to_participants = 0.0
        for counterparty in submission.counterparties:
            other = ledgers.get(counterparty.organization_id)
            if other is None:
                continue
            ledger.to_participants += counterparty.sales
            for contract in counterparty.contracts:
                a, b = sorted((ledger.organization.id, other.organization.id))
                key = (a, b, contract["number"], contract["date"])
                if key in seen:  # both parties reported the same contract
                    continue
                seen.add(key)
                ledger.contracts.append(_contract_entry(submission, other.organization, contract))
                other.contracts.append(_contract_entry(submission, ledger.organization, contract))


def _from_registry(session: Session, ledgers: dict[int, Ledger], end: date) -> None:
    agreements = session.scalars(
        select(Agreement)
        .options(selectinload(Agreement.parties), selectinload(Agreement.sources))
        .where(Agreement.kind == AgreementKind.supply)
        .order_by(Agreement.id)
    )
    for agreement in agreements:
        if agreement.signed_on is not None and agreement.signed_on > end:
            continue
        members = [i for i in sorted(set(agreement.party_ids)) if i in ledgers]
        if len(members) < 2:
            continue
        from_news = any(s.news_item_id is not None for s in agreement.sources)
        for member in members:
            others = ", ".join(ledgers[i].organization.short_name for i in members if i != member)
            ledgers[member].indirect.append(
                {
                    "source": "news" if from_news else "agreement",
                    "agreement_id": agreement.id,
                    "text": f"соглашение #{agreement.id} «{agreement.subject[:120]}» с {others}"
                    + (" (из новостей, подтверждено в проверке)" if from_news else " (реестр)"),
                }
            )
    links = session.scalars(
        select(SupplyLink)
        .where(SupplyLink.kind.in_([SupplyKind.supplies, SupplyKind.develops_for]))
        .order_by(SupplyLink.id)
    )
    for link in links:
        if (
            link.supplier_id not in ledgers
            or link.consumer_id not in ledgers
            or link.supplier_id == link.consumer_id
        ):
            continue
        supplier, consumer = ledgers[link.supplier_id], ledgers[link.consumer_id]
        names = f"{supplier.organization.short_name} → {consumer.organization.short_name}"
        text = f"связь поставки #{link.id}: {names} (реестр)"
        for ledger in (supplier, consumer):
            ledger.indirect.append({"source": "supply_link", "supply_link_id": link.id, "text": text})


def _result(
    rule: Rule, value: float | str | None, status: str, note: str, evidence: list[dict[str, Any]]
) -> RuleResult:
    return RuleResult(
        code=rule.code,
        clause=rule.clause,
        clause_checked=rule.clause_checked,
        title=rule.title,
        threshold=rule.threshold,
        threshold_text=rule.threshold_text,
        value=value,
        status=status,  # type: ignore[arg-type]
        method=rule.method,
        note=note,
        evidence=evidence,
    )


def _contracts_rule(rule: Rule, ledgers: list[Ledger]) -> RuleResult:
    statuses = [x.contract_status for x in ledgers]
    met = statuses.count(MET)
    if not ledgers:
        status, note = NO_DATA, "в кластере нет участников на конец периода"
    elif NOT_MET in statuses:
        status, note = NOT_MET, f"без договоров с участниками: {statuses.count(NOT_MET)}"
    elif met == len(ledgers):
        status, note = MET, "у каждого участника есть договор с другим участником"
    else:
        status, note = (
            NO_DATA,
            f"нет данных по {statuses.count(NO_DATA)} участникам (форма не принята, договоров не указано)",
        )
    evidence = [
        {"organization_id": x.organization.id, "organization": x.organization.short_name, **c}
        for x in ledgers
        for c in x.contracts
    ]
    return _result(rule, f"{met} из {len(ledgers)}", status, note, evidence)


def _dependence_rule(rule: Rule, ledgers: list[Ledger]) -> RuleResult:
    threshold = rule.threshold or {}
    reported = [x for x in ledgers if x.accepted and x.output is not None]
    special = sum(1 for x in ledgers if x.accepted and x.submission and x.submission.values.get(SPECIAL) == 1)
    special_share = special / len(ledgers) if ledgers else 0.0
    reduced = bool(ledgers) and special_share >= threshold["special_territory_participants_share"]
    goal = threshold["reduced_share"] if reduced else threshold["share"]
    total = sum(x.output or 0.0 for x in reported)
    used = sum(x.to_participants or 0.0 for x in reported)
    value = round(used / total, 4) if total > 0 else None
    territory = (
        f"участников на особых территориях: {special} из {len(ledgers)} ({special_share:.0%}); "
        f"применён порог {goal:.0%}"
    )
    if not ledgers or not reported:
        status, note = NO_DATA, f"нет принятых форм с отгрузкой продукции; {territory}"
    elif len(reported) < len(ledgers):
        status = NO_DATA
        note = (
            f"рассчитано по {len(reported)} из {len(ledgers)} участников — нужна отчётность всех; {territory}"
        )
    elif value is None:
        status, note = NO_DATA, f"отгрузка участников равна 0; {territory}"
    else:
        status = MET if value >= goal else NOT_MET
        note = f"поставлено участникам {used:,.0f} из {total:,.0f} тыс. руб.; {territory}".replace(",", " ")
    evidence = [
        {
            "organization_id": x.organization.id,
            "organization": x.organization.short_name,
            "submission_id": x.submission.id if x.submission else None,
            "output": x.output,
            "output_to_participants": x.to_participants,
            "share": x.share,
            "source": (x.submission.sources.get(OUTPUT) if x.submission else None) or "форма отчётности",
        }
        for x in reported
    ]
    return _result(rule, value, status, note, evidence)


def _no_production_rule(rule: Rule, ledgers: list[Ledger]) -> RuleResult:
    limit = (rule.threshold or {})["max_participants"]
    idle = [x for x in ledgers if x.accepted and x.output == 0]
    reported = [x for x in ledgers if x.accepted and x.output is not None]
    if len(idle) > limit:
        status, note = NOT_MET, f"без производства: {len(idle)} (допускается не более {limit})"
    elif ledgers and len(reported) == len(ledgers):
        status, note = MET, f"без производства: {len(idle)} (допускается не более {limit})"
    else:
        status = NO_DATA
        missing = len(ledgers) - len(reported)
        note = f"без производства по принятым формам: {len(idle)}; данных нет по {missing} участникам"
    evidence = [
        {
            "organization_id": x.organization.id,
            "organization": x.organization.short_name,
            "submission_id": x.submission.id if x.submission else None,
            "output": 0,
        }
        for x in idle
    ]
    return _result(rule, float(len(idle)) if reported else None, status, note, evidence)


def _specialised_rule(rule: Rule, organization: Organization | None) -> RuleResult:
    if organization is None:
        note = "специализированная организация кластера в реестре не указана"
        return _result(rule, None, NO_DATA, note, [])
    note = "назначена в реестре; соответствие требованиям к ней проверяется по документам"
    evidence = [{"organization_id": organization.id, "organization": organization.short_name}]
    return _result(rule, organization.short_name, NO_DATA, note, evidence)


def check(*, session: Session, cluster_id: int, period: str) -> ComplianceRead:
    """The compliance table of one cluster for one period (deterministic: ordered by name and id)."""
    year, quarter = parse_period(period)
    cluster = get_cluster(session=session, cluster_id=cluster_id)
    campaign = find_campaign(session=session, cluster_id=cluster_id, period=period)
    members = participants(session=session, cluster_id=cluster_id, year=year, quarter=quarter)
    ledgers = {o.id: Ledger(organization=o) for o in members}
    if campaign is not None:
        for submission in campaign.submissions:
            if submission.organization_id in ledgers:
                ledgers[submission.organization_id].submission = submission
    _from_submissions(ledgers)
    _from_registry(session, ledgers, period_end(year, quarter))
    ordered = list(ledgers.values())
    book = rulebook()
    rules = [
        _contracts_rule(book.rule("contracts"), ordered),
        _dependence_rule(book.rule("functional_dependence"), ordered),
        _no_production_rule(book.rule("no_production"), ordered),
        _specialised_rule(book.rule("specialised_organisation"), cluster.specialised_organization),
    ]
    people = [
        ParticipantResult(
            organization_id=x.organization.id,
            organization=x.organization.short_name,
            submission_id=x.submission.id if x.submission else None,
            submission_status=SUBMISSION_STATUS_LABELS[x.submission.status] if x.submission else "формы нет",
            contracts_with_participants=len(x.contracts),
            cooperation_share=x.share,
            output=x.output,
            output_to_participants=x.to_participants,
            contracts=x.contracts,
            indirect=x.indirect,
            status=x.contract_status,  # type: ignore[arg-type]
        )
        for x in ordered
    ]
    return ComplianceRead(
        cluster_id=cluster.id,
        cluster=cluster.name,
        period=period,
        campaign_id=campaign.id if campaign else None,
        document=book.document,
        edition=book.edition,
        check_note=book.check_note,
        rules=rules,
        participants=people,
    )
