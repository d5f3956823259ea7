"""Reporting JSON API under /api/v1: indicators, campaigns, submissions, KPI feeds, Decree 779 compliance."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import File, Query, Response, UploadFile, status

from clusterdesk.auth.permissions import actor_of
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.reporting import (
    access,
    campaign_export,
    campaigns,
    compliance,
    compliance_report,
    feeds,
    reminders,
    submissions,
    template,
)
from clusterdesk.reporting.catalogue import indicators
from clusterdesk.reporting.schemas import (
    CampaignCreate,
    CampaignPage,
    CampaignRead,
    CampaignUpdate,
    ComplianceRead,
    IndicatorRead,
    KpiFeedCreate,
    KpiFeedRead,
    ReturnIn,
    SubmissionPage,
    SubmissionRead,
    SubmissionUpdate,
    TransitionIn,
    parse_period,
)
from clusterdesk.web.deps import ApiUser, SessionDep
from clusterdesk.web.query import DEFAULT_LIMIT, Id, Limit, Page, PageSize, page_of
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1", tags=["reporting"])
MAX_UPLOAD = 5 * 1024 * 1024


@router.get("/reporting/indicators", response_model=list[IndicatorRead])
def list_indicators() -> list[IndicatorRead]:
    return [IndicatorRead(**spec.__dict__) for spec in indicators().values()]


@router.get("/reporting/campaigns", response_model=CampaignPage)
def list_campaigns(
    session: SessionDep, user: ApiUser, cluster_id: Id = None, page: Page = 1, page_size: PageSize = 100
) -> CampaignPage:
    access.may_read_campaigns(user)
    items = campaigns.get_campaigns(session=session, cluster_id=cluster_id)
    shown = page_of(items, page, page_size)
    return CampaignPage(items=[CampaignRead.model_validate(c) for c in shown], total=len(items))


@router.post("/reporting/campaigns", response_model=CampaignRead, status_code=status.HTTP_201_CREATED)
def create_campaign(session: SessionDep, user: ApiUser, data: CampaignCreate) -> CampaignRead:
    user = access.may_manage(user)
    campaign = campaigns.create_campaign(session=session, actor=actor_of(user), data=data)
    return CampaignRead.model_validate(campaign)


@router.get("/reporting/campaigns/{campaign_id}", response_model=CampaignRead)
def get_campaign(session: SessionDep, user: ApiUser, campaign_id: int) -> CampaignRead:
    access.may_read_campaigns(user)
    return CampaignRead.model_validate(campaigns.get_campaign(session=session, campaign_id=campaign_id))


@router.patch("/reporting/campaigns/{campaign_id}", response_model=CampaignRead)
def update_campaign(
    session: SessionDep, user: ApiUser, campaign_id: int, data: CampaignUpdate
) -> CampaignRead:
    user = access.may_manage(user)
    campaign = campaigns.update_campaign(
        session=session, actor=actor_of(user), campaign_id=campaign_id, data=data
    )
    return CampaignRead.model_validate(campaign)


@router.post("/reporting/campaigns/{campaign_id}/forms", response_model=SubmissionPage)
def add_missing_forms(session: SessionDep, user: ApiUser, campaign_id: int) -> SubmissionPage:
    """Forms for participants who joined after the campaign opened."""
    user = access.may_manage(user)
    campaign = campaigns.get_campaign(session=session, campaign_id=campaign_id)
    campaigns.add_missing_forms(session=session, actor=actor_of(user), campaign=campaign)
    items = [submissions.read(s) for s in campaign.submissions]
    return SubmissionPage(items=items, total=len(items))


@router.get("/reporting/campaigns/{campaign_id}/submissions", response_model=SubmissionPage)
def list_submissions(
    session: SessionDep, user: ApiUser, campaign_id: int, page: Page = 1, page_size: PageSize = 100
) -> SubmissionPage:
    """Managers and analysts see every form; a member sees only their organisation's."""
    user = access.may_read_campaigns(user)
    campaign = campaigns.get_campaign(session=session, campaign_id=campaign_id)
    visible = submissions.visible(user, campaign.submissions)
    items = [submissions.read(s) for s in page_of(list(visible), page, page_size)]
    return SubmissionPage(items=items, total=len(visible))


@router.get("/reporting/campaigns/{campaign_id}/export.xlsx")
def export_campaign(session: SessionDep, user: ApiUser, campaign_id: int) -> Response:
    """Every form of the campaign in one XLSX (managers, admins, analysts)."""
    access.may_read_compliance(user)
    campaign = campaigns.get_campaign(session=session, campaign_id=campaign_id)
    headers = {"Content-Disposition": f'attachment; filename="{campaign_export.filename(campaign)}"'}
    return Response(
        campaign_export.export_campaign(campaign), media_type=compliance_report.XLSX_MEDIA, headers=headers
    )


@router.get("/reporting/campaigns/{campaign_id}/reminders")
def list_reminders(
    session: SessionDep, user: ApiUser, campaign_id: int, limit: Limit = DEFAULT_LIMIT
) -> list[dict[str, Any]]:
    access.may_manage(user)
    campaign = campaigns.get_campaign(session=session, campaign_id=campaign_id)
    return [
        {
            "submission_id": d.submission_id,
            "organization": d.organization,
            "status": d.status.value,
            "deadline": d.deadline.isoformat(),
            "users": list(d.users),
        }
        for d in reminders.waiting(session=session, campaign=campaign)[:limit]
    ]


@router.get("/reporting/submissions/{submission_id}", response_model=SubmissionRead)
def get_submission(session: SessionDep, user: ApiUser, submission_id: int) -> SubmissionRead:
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    submissions.may_read(user, submission)
    return submissions.read(submission)


@router.patch("/reporting/submissions/{submission_id}", response_model=SubmissionRead)
def update_submission(
    session: SessionDep, user: ApiUser, submission_id: int, data: SubmissionUpdate
) -> SubmissionRead:
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    user = submissions.may_edit(user, submission)
    submissions.save(
        session=session,
        actor=actor_of(user),
        submission=submission,
        version=data.version,
        values=data.values,
        sources=data.sources,
        counterparties=data.counterparties,
    )
    return submissions.read(submission)


@router.post("/reporting/submissions/{submission_id}/submit", response_model=SubmissionRead)
def submit(
    session: SessionDep, user: ApiUser, submission_id: int, data: TransitionIn | None = None
) -> SubmissionRead:
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    user = submissions.may_edit(user, submission)
    version = data.version if data else None
    submissions.submit(session=session, actor=actor_of(user), submission=submission, version=version)
    return submissions.read(submission)


@router.post("/reporting/submissions/{submission_id}/accept", response_model=SubmissionRead)
def accept(
    session: SessionDep, user: ApiUser, submission_id: int, data: TransitionIn | None = None
) -> SubmissionRead:
    user = submissions.may_review(user)
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    version = data.version if data else None
    submissions.accept(session=session, actor=actor_of(user), submission=submission, version=version)
    return submissions.read(submission)


@router.post("/reporting/submissions/{submission_id}/return", response_model=SubmissionRead)
def return_submission(
    session: SessionDep, user: ApiUser, submission_id: int, data: ReturnIn
) -> SubmissionRead:
    user = submissions.may_review(user)
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    submissions.return_for_rework(
        session=session,
        actor=actor_of(user),
        submission=submission,
        comment=data.comment,
        version=data.version,
    )
    return submissions.read(submission)


@router.get("/reporting/submissions/{submission_id}/template.xlsx")
def download_template(session: SessionDep, user: ApiUser, submission_id: int) -> Response:
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    submissions.may_read(user, submission)
    body = template.export_template(session=session, submission=submission)
    headers = {"Content-Disposition": f'attachment; filename="{template.filename(submission)}"'}
    return Response(body, media_type=compliance_report.XLSX_MEDIA, headers=headers)


@router.post("/reporting/submissions/{submission_id}/template", response_model=SubmissionRead)
async def upload_template(
    session: SessionDep, user: ApiUser, submission_id: int, file: Annotated[UploadFile, File()]
) -> SubmissionRead:
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    user = submissions.may_edit(user, submission)
    content = await file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise ValidationFailed([FieldProblem("file", "файл больше 5 МБ")])
    template.import_template(session=session, actor=actor_of(user), submission=submission, content=content)
    return submissions.read(submission)


@router.get("/reporting/kpi-feeds", response_model=list[KpiFeedRead])
def list_feeds(session: SessionDep, user: ApiUser) -> list[KpiFeedRead]:
    access.may_read_campaigns(user)
    return [KpiFeedRead.model_validate(f) for f in feeds.get_feeds(session=session)]


@router.post("/reporting/kpi-feeds", response_model=KpiFeedRead, status_code=status.HTTP_201_CREATED)
def create_feed(session: SessionDep, user: ApiUser, data: KpiFeedCreate) -> KpiFeedRead:
    user = access.may_manage(user)
    return KpiFeedRead.model_validate(feeds.create_feed(session=session, actor=actor_of(user), data=data))


def _period(period: str) -> str:
    try:
        parse_period(period)
    except ValueError as exc:
        raise ValidationFailed([FieldProblem("period", str(exc))]) from exc
    return period.strip()


@router.get("/clusters/{cluster_id}/compliance", response_model=ComplianceRead)
def cluster_compliance(
    session: SessionDep,
    user: ApiUser,
    cluster_id: int,
    period: Annotated[str, Query(max_length=10, description="«2025» или «2025-Q1»")],
    format: Literal["json", "xlsx", "pdf"] = "json",
) -> Any:
    access.may_read_compliance(user)
    report = compliance.check(session=session, cluster_id=cluster_id, period=_period(period))
    if format == "json":
        return report
    if format == "pdf":
        body, media = compliance_report.compliance_pdf(report), "application/pdf"
    else:
        body, media = compliance_report.compliance_xlsx(report), compliance_report.XLSX_MEDIA
    name = f"compliance-779-{cluster_id}-{report.period}.{format}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
