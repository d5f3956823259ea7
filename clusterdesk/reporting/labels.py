"""Russian labels of reporting's codes."""

from __future__ import annotations

from clusterdesk.reporting.models import CampaignStatus, ContractKind, SubmissionStatus

SUBMISSION_STATUS_LABELS = {
    SubmissionStatus.not_started: "не начата",
    SubmissionStatus.draft: "черновик",
    SubmissionStatus.submitted: "отправлена",
    SubmissionStatus.returned: "возвращена",
    SubmissionStatus.accepted: "принята",
}
CONTRACT_KIND_LABELS = {
    ContractKind.supply.value: "поставка промышленной продукции",
    ContractKind.works.value: "работы и услуги производственного характера",
    ContractKind.import_substitution.value: "проект импортозамещающей продукции",
    ContractKind.special_investment.value: "специальный инвестиционный контракт",
}
CAMPAIGN_STATUS_LABELS = {CampaignStatus.open: "открыта", CampaignStatus.closed: "закрыта"}
RULE_STATUS_LABELS = {"met": "выполнено", "not_met": "не выполнено", "no_data": "нет данных"}
