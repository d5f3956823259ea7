"""Reporting pages: campaigns, one campaign's progress, a member's form, the Decree 779 compliance page."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from clusterdesk.auth.models import Role, User
from clusterdesk.auth.permissions import MANAGING_ROLES, READ_ALL_ROLES, actor_of, require_user
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.registry import service as registry_service
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
from clusterdesk.reporting.catalogue import indicators, rulebook
from clusterdesk.reporting.form_input import read_form, row_indices
from clusterdesk.reporting.labels import (
    CAMPAIGN_STATUS_LABELS,
    CONTRACT_KIND_LABELS,
    RULE_STATUS_LABELS,
    SUBMISSION_STATUS_LABELS,
)
from clusterdesk.reporting.models import Campaign, Submission
from clusterdesk.reporting.schemas import CampaignCreate, KpiFeedCreate, parse_period
from clusterdesk.reporting.values import derived_values
from clusterdesk.strategy import service as strategy_service
from clusterdesk.strategy.models import KpiKind
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.forms import submit_form
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render
from clusterdesk.web.templating import templates as jinja

router = page_router()
NAV_ORDER = 25
NAV = [("Отчётность", "/reporting", "reporting", frozenset(Role))]  # any signed-in user
BLANK_ROWS = 3

jinja.env.globals.update(
    SUBMISSION_STATUSES=SUBMISSION_STATUS_LABELS,
    CAMPAIGN_STATUSES=CAMPAIGN_STATUS_LABELS,
    CONTRACT_KINDS=CONTRACT_KIND_LABELS,
    RULE_STATUSES=RULE_STATUS_LABELS,
)


def _amount(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", ",")


jinja.env.filters["amount"] = _amount


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() and len(value.strip()) < 10 else None


def _base(user: User | None) -> dict[str, Any]:
    return {
        "user": user,
        "section": "reporting",
        "can_manage": user is not None and user.role in MANAGING_ROLES,
        "reads_all": user is not None and user.role in READ_ALL_ROLES,
    }


def _progress(campaign: Campaign) -> Counter[str]:
    return Counter(s.status.value for s in campaign.submissions)


# Campaigns ---------------------------------------------------------------------------------------------


def _campaigns_context(session: SessionDep, user: User) -> dict[str, Any]:
    clusters, _ = registry_service.get_clusters(session=session, page_size=500)
    clusters = sorted(clusters, key=lambda c: c.kind.value != "industrial")  # Decree 779 is about these
    items = campaigns.get_campaigns(session=session)
    own = (
        submissions.submissions_of(session=session, organization_id=user.organization_id)
        if user.role == Role.member and user.organization_id
        else []
    )
    return {
        **_base(user),
        "campaigns": items,
        "progress": {c.id: _progress(c) for c in items},
        "own": own,
        "clusters": clusters,
        "catalogue": indicators(),
        "today": date.today(),
        "form": {"period": str(date.today().year - 1), "indicators": list(indicators())},
        "errors": {},
    }


@router.get("/reporting")
def campaigns_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = require_user(user)
    return render(request, "reporting/campaigns.html", _campaigns_context(session, user))


@router.post("/reporting/campaigns")
async def create_campaign(request: Request, session: SessionDep, user: WebUser) -> Response:
    user = access.may_manage(user)
    form = await request.form()
    data = {
        "cluster_id": form.get("cluster_id"),
        "period": form.get("period") or "",
        "deadline": form.get("deadline") or None,
        "title": form.get("title") or None,
        "indicators": form.getlist("indicators"),
    }

    def save(parsed: CampaignCreate) -> str:
        campaign = campaigns.create_campaign(session=session, actor=actor_of(user), data=parsed)
        return f"/reporting/campaigns/{campaign.id}"

    def show(errors: dict[str, str], status_code: int) -> Response:
        context = _campaigns_context(session, user)
        context.update(form=data, errors=errors)
        return render(request, "reporting/campaigns.html", context, status_code=status_code)

    return submit_form(session=session, model=CampaignCreate, values=data, save=save, show=show)


def _campaign_context(session: SessionDep, user: User, campaign: Campaign) -> dict[str, Any]:
    shown = submissions.visible(user, campaign.submissions)
    context = {
        **_base(user),
        "campaign": campaign,
        "forms": sorted(shown, key=lambda s: s.organization.short_name.casefold()),
        "progress": _progress(campaign),
        "catalogue": indicators(),
        "today": date.today(),
        "overdue": campaign.deadline < date.today(),
        "waiting": [],
        "kpis": [],
        "feeds": {},
        "errors": {},
    }
    if context["can_manage"]:
        context["waiting"] = reminders.waiting(session=session, campaign=campaign)
        programs = strategy_service.get_programs(session=session, cluster_id=campaign.cluster_id)
        context["kpis"] = [k for p in programs for k in p.kpis if k.kind == KpiKind.manual]
        context["feeds"] = {f.kpi_id: f.indicator for f in feeds.get_feeds(session=session)}
    return context


@router.get("/reporting/campaigns/{campaign_id}")
def campaign_page(request: Request, session: SessionDep, user: WebUser, campaign_id: int) -> Response:
    user = access.may_read_campaigns(user)
    campaign = campaigns.get_campaign(session=session, campaign_id=campaign_id)
    return render(request, "reporting/campaign.html", _campaign_context(session, user, campaign))


@router.get("/reporting/campaigns/{campaign_id}/export.xlsx")
def export_campaign(session: SessionDep, user: WebUser, campaign_id: int) -> Response:
    access.may_read_compliance(user)
    campaign = campaigns.get_campaign(session=session, campaign_id=campaign_id)
    headers = {"Content-Disposition": f'attachment; filename="{campaign_export.filename(campaign)}"'}
    body = campaign_export.export_campaign(campaign)
    return Response(body, media_type=compliance_report.XLSX_MEDIA, headers=headers)


@router.post("/reporting/campaigns/{campaign_id}/forms")
def add_forms(session: SessionDep, user: WebUser, campaign_id: int) -> Response:
    user = access.may_manage(user)
    campaign = campaigns.get_campaign(session=session, campaign_id=campaign_id)
    campaigns.add_missing_forms(session=session, actor=actor_of(user), campaign=campaign)
    return RedirectResponse(f"/reporting/campaigns/{campaign_id}", status_code=303)


@router.post("/reporting/campaigns/{campaign_id}/feeds")
async def add_feed(request: Request, session: SessionDep, user: WebUser, campaign_id: int) -> Response:
    user = access.may_manage(user)
    campaign = campaigns.get_campaign(session=session, campaign_id=campaign_id)
    form = await request.form()
    values = {"kpi_id": form.get("kpi_id") or None, "indicator": form.get("indicator") or ""}

    def save(data: KpiFeedCreate) -> str:
        feeds.create_feed(session=session, actor=actor_of(user), data=data)
        return f"/reporting/campaigns/{campaign_id}#feeds"

    def show(errors: dict[str, str], status_code: int) -> Response:
        context = _campaign_context(
            session, user, campaigns.get_campaign(session=session, campaign_id=campaign.id)
        )
        message = errors.get("__all__") or "выберите показатель и индикатор"
        context["errors"] = {"feed": message}
        return render(request, "reporting/campaign.html", context, status_code=status_code)

    return submit_form(session=session, model=KpiFeedCreate, values=values, save=save, show=show)


# A member's form ---------------------------------------------------------------------------------------


def _organizations(session: SessionDep, submission: Submission) -> list[Any]:
    campaign = submission.campaign
    members = campaigns.participants(
        session=session, cluster_id=campaign.cluster_id, year=campaign.year, quarter=campaign.quarter
    )
    listed = {o.id for o in members}
    extra = [c.organization for c in submission.counterparties if c.organization_id not in listed]
    return [o for o in members if o.id != submission.organization_id] + extra


def _rows(submission: Submission) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for c in submission.counterparties:
        for index, contract in enumerate(c.contracts or [None]):
            rows.append(
                {
                    "org": c.organization_id,
                    "sales": c.sales if index == 0 else None,
                    "purchases": c.purchases if index == 0 else None,
                    "number": contract["number"] if contract else "",
                    "date": contract["date"] if contract else "",
                    "kind": contract["kind"] if contract else "supply",
                }
            )
    return rows


def _form_context(session: SessionDep, user: User, submission: Submission) -> dict[str, Any]:
    editable = submission.status in submissions.EDITABLE and submission.campaign.status.value == "open"
    may_edit = user.role in MANAGING_ROLES or submissions.is_own(user, submission)
    rows = _rows(submission)
    if editable and may_edit:
        blank = {"org": None, "sales": None, "purchases": None, "number": "", "date": "", "kind": "supply"}
        rows += [dict(blank) for _ in range(BLANK_ROWS)]
    return {
        **_base(user),
        "submission": submission,
        "campaign": submission.campaign,
        "catalogue": indicators(),
        "derived": derived_values(submission),
        "editable": editable,
        "may_edit": may_edit,
        "organizations": _organizations(session, submission),
        "rows": rows,
        "values": {k: _amount(v) for k, v in submission.values.items()},
        "sources": dict(submission.sources),
        "errors": {},
        "problems": [],
        "history": reminders.recorded(session=session, submission=submission),
    }


@router.get("/reporting/forms/{submission_id}")
def form_page(
    request: Request, session: SessionDep, user: WebUser, submission_id: int, saved: str = ""
) -> Response:
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    user = submissions.may_read(user, submission)
    context = _form_context(session, user, submission)
    context["flash"] = {
        "draft": "Черновик сохранён",
        "submitted": "Форма отправлена менеджеру кластера",
        "uploaded": "Файл принят: проверьте значения и отправьте форму",
        "accepted": "Форма принята",
        "returned": "Форма возвращена на доработку",
    }.get(saved)
    return render(request, "reporting/form.html", context)


def _form_failed(
    request: Request,
    session: SessionDep,
    user: User,
    submission_id: int,
    form: Any,
    problems: list[Any],
    errors: dict[str, str],
) -> Response:
    session.rollback()
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    context = _form_context(session, user, submission)
    if form is not None:
        context["rows"] = [
            {
                "org": _int(str(form.get(f"cp_org_{i}") or "")),
                "sales": form.get(f"cp_sales_{i}"),
                "purchases": form.get(f"cp_purchases_{i}"),
                "number": form.get(f"cp_number_{i}") or "",
                "date": form.get(f"cp_date_{i}") or "",
                "kind": form.get(f"cp_kind_{i}") or "supply",
            }
            for i in row_indices(form)
        ]
        context["values"] = {k.removeprefix("value__"): v for k, v in form.items() if k.startswith("value__")}
        context["sources"] = {
            k.removeprefix("source__"): v for k, v in form.items() if k.startswith("source__")
        }
    context["errors"] = errors
    context["problems"] = problems
    return render(request, "reporting/form.html", context, status_code=422)


@router.post("/reporting/forms/{submission_id}")
async def save_form(request: Request, session: SessionDep, user: WebUser, submission_id: int) -> Response:
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    user = submissions.may_edit(user, submission)
    form = await request.form()
    parsed = read_form(form, submission)
    if parsed.problems:
        return _form_failed(request, session, user, submission_id, form, parsed.problems, parsed.errors)
    actor = actor_of(user)
    try:
        submissions.save(
            session=session,
            actor=actor,
            submission=submission,
            version=_int(str(form.get("version") or "")),
            values=parsed.values,
            sources=parsed.sources,
            counterparties=parsed.counterparties,
        )
        if form.get("action") == "submit":
            submissions.submit(session=session, actor=actor, submission=submission, version=None)
    except ValidationFailed as exc:
        errors = {f"value__{p.field.removeprefix('values.')}": p.message for p in exc.problems}
        return _form_failed(request, session, user, submission_id, form, exc.problems, errors)
    outcome = "submitted" if form.get("action") == "submit" else "draft"
    return RedirectResponse(f"/reporting/forms/{submission_id}?saved={outcome}", status_code=303)


@router.get("/reporting/forms/{submission_id}/template.xlsx")
def download_template(session: SessionDep, user: WebUser, submission_id: int) -> Response:
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    submissions.may_read(user, submission)
    body = template.export_template(session=session, submission=submission)
    headers = {"Content-Disposition": f'attachment; filename="{template.filename(submission)}"'}
    return Response(body, media_type=compliance_report.XLSX_MEDIA, headers=headers)


@router.post("/reporting/forms/{submission_id}/upload")
async def upload_template(
    request: Request, session: SessionDep, user: WebUser, submission_id: int
) -> Response:
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    user = submissions.may_edit(user, submission)
    form = await request.form()
    upload = form.get("file")
    content = await upload.read(5 * 1024 * 1024 + 1) if isinstance(upload, UploadFile) else b""
    try:
        if len(content) > 5 * 1024 * 1024:
            raise ValidationFailed([FieldProblem("file", "файл больше 5 МБ")])
        template.import_template(
            session=session, actor=actor_of(user), submission=submission, content=content
        )
    except ValidationFailed as exc:
        return _form_failed(request, session, user, submission_id, None, exc.problems, {})
    return RedirectResponse(f"/reporting/forms/{submission_id}?saved=uploaded", status_code=303)


@router.post("/reporting/forms/{submission_id}/review")
async def review_form(request: Request, session: SessionDep, user: WebUser, submission_id: int) -> Response:
    user = submissions.may_review(user)
    submission = submissions.get_submission(session=session, submission_id=submission_id)
    form = await request.form()
    actor = actor_of(user)
    try:
        if form.get("action") == "accept":
            submissions.accept(session=session, actor=actor, submission=submission, version=None)
            outcome = "accepted"
        else:
            comment = str(form.get("comment") or "")
            submissions.return_for_rework(
                session=session, actor=actor, submission=submission, comment=comment, version=None
            )
            outcome = "returned"
    except ValidationFailed as exc:
        return _form_failed(
            request, session, user, submission_id, None, exc.problems, {"comment": exc.message}
        )
    return RedirectResponse(f"/reporting/forms/{submission_id}?saved={outcome}", status_code=303)


# Compliance --------------------------------------------------------------------------------------------


@router.get("/reporting/compliance")
def compliance_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    cluster_id: str | None = None,
    period: str | None = None,
) -> Response:
    user = access.may_read_compliance(user)
    clusters, _ = registry_service.get_clusters(session=session, page_size=500)
    industrial = [c for c in clusters if c.kind.value == "industrial"] or clusters
    chosen = _int(cluster_id) or (industrial[0].id if industrial else None)
    latest = campaigns.get_campaigns(session=session, cluster_id=chosen) if chosen else []
    chosen_period = (period or (latest[0].period if latest else str(date.today().year - 1))).strip()
    context: dict[str, Any] = {
        **_base(user),
        "clusters": clusters,
        "cluster_id": chosen,
        "period": chosen_period,
        "report": None,
        "book": rulebook(),
        "error": None,
    }
    try:
        parse_period(chosen_period)
    except ValueError as exc:
        context["error"] = f"Период: {exc}"
        return render(request, "reporting/compliance.html", context, status_code=422)
    if chosen is not None:
        context["report"] = compliance.check(session=session, cluster_id=chosen, period=chosen_period)
    return render(request, "reporting/compliance.html", context)


@router.get("/reporting/compliance/download")
def compliance_download(
    session: SessionDep,
    user: WebUser,
    cluster_id: Annotated[int, Query(ge=1, le=2**31 - 1)],
    period: Annotated[str, Query(max_length=10)],
    format: str = "xlsx",
) -> Response:
    access.may_read_compliance(user)
    try:
        parse_period(period)
    except ValueError as exc:
        raise ValidationFailed([FieldProblem("period", str(exc))]) from exc
    report = compliance.check(session=session, cluster_id=cluster_id, period=period.strip())
    if format == "pdf":
        body, media, suffix = compliance_report.compliance_pdf(report), "application/pdf", "pdf"
    else:
        body, media, suffix = compliance_report.compliance_xlsx(report), compliance_report.XLSX_MEDIA, "xlsx"
    name = f"compliance-779-{cluster_id}-{report.period}.{suffix}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
