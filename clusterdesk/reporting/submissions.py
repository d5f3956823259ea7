"""A member's form: who may see it, saving values and counterparties, submit / accept / return."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import get_or_404
from clusterdesk.auth.models import Role, User
from clusterdesk.auth.permissions import MANAGING_ROLES, READ_ALL_ROLES, require_manager, require_user
from clusterdesk.db import utcnow
from clusterdesk.errors import ConflictError, FieldProblem, PermissionDeniedError, ValidationFailed
from clusterdesk.registry.models import Organization
from clusterdesk.reporting import feeds
from clusterdesk.reporting.campaigns import SUBMISSION
from clusterdesk.reporting.catalogue import IndicatorSpec, indicators
from clusterdesk.reporting.labels import SUBMISSION_STATUS_LABELS
from clusterdesk.reporting.models import CampaignStatus, Counterparty, Submission, SubmissionStatus
from clusterdesk.reporting.schemas import (
    MAX_AMOUNT,
    CounterpartyIn,
    CounterpartyRead,
    SubmissionRead,
    clean_text,
)
from clusterdesk.reporting.values import derived_values

COUNTERPARTY = "Контрагент в форме отчётности"
EDITABLE = frozenset({SubmissionStatus.not_started, SubmissionStatus.draft, SubmissionStatus.returned})
STATUS_LABELS = SUBMISSION_STATUS_LABELS


# Access --------------------------------------------------------------------------------------------------


def is_own(user: User | None, submission: Submission) -> bool:
    return (
        user is not None
        and user.role == Role.member
        and user.organization_id is not None
        and user.organization_id == submission.organization_id
    )


def may_read(user: User | None, submission: Submission) -> User:
    """Managers, admins and analysts read every form; a member only their organisation's."""
    user = require_user(user)
    if user.role in READ_ALL_ROLES or is_own(user, submission):
        return user
    raise PermissionDeniedError("Нет доступа к форме отчётности другой организации")


def may_edit(user: User | None, submission: Submission) -> User:
    user = require_user(user)
    if user.role in MANAGING_ROLES or is_own(user, submission):
        return user
    raise PermissionDeniedError("Заполнять форму может только представитель этой организации или менеджер")


def may_review(user: User | None) -> User:
    return require_manager(user, "принимать и возвращать формы отчётности")


def visible(user: User | None, submissions: list[Submission]) -> list[Submission]:
    if user is not None and user.role in READ_ALL_ROLES:
        return submissions
    return [s for s in submissions if is_own(user, s)]


def get_submission(*, session: Session, submission_id: int) -> Submission:
    return get_or_404(session, Submission, submission_id)


def submissions_of(*, session: Session, organization_id: int) -> list[Submission]:
    query = select(Submission).where(Submission.organization_id == organization_id)
    return list(session.scalars(query.order_by(Submission.id.desc())))


# Values ------------------------------------------------------------------------------------------------


def check_value(spec: IndicatorSpec, value: float, field: str) -> float:
    """The value as stored, or a FieldProblem naming the field and what is wrong."""
    if spec.type == "derived":
        raise ValidationFailed([FieldProblem(field, "считается из раздела «Кооперация», не вводится")])
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationFailed([FieldProblem(field, "введите число")])
    if value < 0:
        raise ValidationFailed([FieldProblem(field, "значение не может быть отрицательным")])
    if value > MAX_AMOUNT:
        raise ValidationFailed([FieldProblem(field, "значение слишком велико")])
    if spec.type == "boolean" and value not in (0, 1):
        raise ValidationFailed([FieldProblem(field, "укажите 1 (да) или 0 (нет)")])
    if spec.type in ("integer", "boolean") and not float(value).is_integer():
        raise ValidationFailed([FieldProblem(field, "введите целое число")])
    return float(value)


def clean_values(
    submission: Submission, values: dict[str, float | None], sources: dict[str, str | None] | None
) -> tuple[dict[str, float], dict[str, str]]:
    allowed = submission.campaign.indicators
    catalogue = indicators()
    problems: list[FieldProblem] = []
    cleaned: dict[str, float] = {}
    for code, value in values.items():
        field = f"values.{code}"
        if code not in allowed:
            problems.append(FieldProblem(field, "показатель не входит в форму этой кампании"))
            continue
        if value is None:
            continue
        try:
            cleaned[code] = check_value(catalogue[code], value, field)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
    kept_sources: dict[str, str] = {}
    for code, text in (sources or {}).items():
        if code not in allowed:
            problems.append(FieldProblem(f"sources.{code}", "показатель не входит в форму этой кампании"))
        elif text and text.strip():
            if len(text) > 500:
                problems.append(FieldProblem(f"sources.{code}", "не длиннее 500 символов"))
            kept_sources[code] = str(clean_text(text))
    if problems:
        raise ValidationFailed(problems)
    return cleaned, kept_sources


def _check_counterparties(session: Session, submission: Submission, rows: list[CounterpartyIn]) -> None:
    problems = []
    seen: set[int] = set()
    for index, row in enumerate(rows):
        field = f"counterparties[{index}].organization_id"
        if row.organization_id == submission.organization_id:
            problems.append(FieldProblem(field, "организация не может быть контрагентом самой себе"))
        elif session.get(Organization, row.organization_id) is None:
            problems.append(FieldProblem(field, f"организация #{row.organization_id} не найдена в реестре"))
        elif row.organization_id in seen:
            problems.append(FieldProblem(field, "контрагент указан дважды: объедините строки"))
        seen.add(row.organization_id)
    if problems:
        raise ValidationFailed(problems)


def _contracts_json(row: CounterpartyIn) -> list[dict[str, str]]:
    return [
        {"number": c.number.strip(), "date": c.date.isoformat(), "kind": c.kind.value} for c in row.contracts
    ]


def _save_counterparties(
    session: Session, actor: Actor, submission: Submission, rows: list[CounterpartyIn]
) -> None:
    _check_counterparties(session, submission, rows)
    existing = {c.organization_id: c for c in submission.counterparties}
    wanted = {row.organization_id: row for row in rows}
    for organization_id, current in existing.items():
        if organization_id not in wanted:
            writes.delete(
                session=session, actor=actor, obj=current, expected_version=None, label=COUNTERPARTY
            )
    for organization_id, row in wanted.items():
        fields = {"sales": row.sales, "purchases": row.purchases, "contracts": _contracts_json(row)}
        if organization_id in existing:
            writes.update(
                session=session,
                actor=actor,
                obj=existing[organization_id],
                changes=fields,
                expected_version=None,
                label=COUNTERPARTY,
            )
        else:
            counterparty = Counterparty(
                submission_id=submission.id, organization_id=organization_id, **fields
            )
            writes.create(session=session, actor=actor, obj=counterparty, label=COUNTERPARTY)
    session.refresh(submission, ["counterparties"])


def refuse_locked(submission: Submission) -> None:
    if submission.campaign.status == CampaignStatus.closed:
        raise ConflictError("Кампания закрыта: формы больше не изменяются")
    if submission.status not in EDITABLE:
        raise ConflictError(
            f"Форма {STATUS_LABELS[submission.status]}: изменить её можно, "
            "только если менеджер вернёт её на доработку"
        )


def save(
    *,
    session: Session,
    actor: Actor,
    submission: Submission,
    version: int | None,
    values: dict[str, float | None] | None = None,
    sources: dict[str, str | None] | None = None,
    counterparties: list[CounterpartyIn] | None = None,
) -> Submission:
    """Store a draft: the values and sources given replace the stored ones; counterparties likewise."""
    refuse_locked(submission)
    if version is not None and version != submission.version:
        writes.update(
            session=session,
            actor=actor,
            obj=submission,
            changes={},
            expected_version=version,
            label=SUBMISSION,
        )
    changes: dict[str, Any] = {"status": SubmissionStatus.draft}
    if values is not None or sources is not None:
        cleaned, kept = clean_values(
            submission,
            values if values is not None else dict(submission.values),
            sources if sources is not None else dict(submission.sources),
        )
        changes.update(values=cleaned, sources=kept)
    if counterparties is not None:
        _save_counterparties(session, actor, submission, counterparties)
    return writes.update(
        session=session, actor=actor, obj=submission, changes=changes, expected_version=None, label=SUBMISSION
    )


def missing_values(submission: Submission) -> list[str]:
    catalogue = indicators()
    return [c for c in submission.campaign.indicators if catalogue[c].typed and c not in submission.values]


def submit(*, session: Session, actor: Actor, submission: Submission, version: int | None) -> Submission:
    refuse_locked(submission)
    missing = missing_values(submission)
    if missing:
        catalogue = indicators()
        raise ValidationFailed(
            [FieldProblem(f"values.{code}", f"не заполнено: {catalogue[code].title}") for code in missing]
        )
    changes = {"status": SubmissionStatus.submitted, "submitted_by": actor.name, "submitted_at": utcnow()}
    return writes.update(
        session=session,
        actor=actor,
        obj=submission,
        changes=changes,
        expected_version=version,
        label=SUBMISSION,
    )


def accept(*, session: Session, actor: Actor, submission: Submission, version: int | None) -> Submission:
    if submission.status != SubmissionStatus.submitted:
        raise ConflictError(
            f"Принять можно только отправленную форму (сейчас: {STATUS_LABELS[submission.status]})"
        )
    changes = {
        "status": SubmissionStatus.accepted,
        "reviewed_by": actor.name,
        "reviewed_at": utcnow(),
        "review_comment": None,
    }
    writes.update(
        session=session,
        actor=actor,
        obj=submission,
        changes=changes,
        expected_version=version,
        label=SUBMISSION,
    )
    feeds.push_submission(session=session, actor=actor, submission=submission)
    return submission


def return_for_rework(
    *, session: Session, actor: Actor, submission: Submission, comment: str, version: int | None
) -> Submission:
    if submission.status not in (SubmissionStatus.submitted, SubmissionStatus.accepted):
        raise ConflictError(
            f"Вернуть можно отправленную или принятую форму (сейчас: {STATUS_LABELS[submission.status]})"
        )
    comment = str(clean_text(comment))
    if not comment:
        raise ValidationFailed([FieldProblem("comment", "напишите, что исправить")])
    was_accepted = submission.status == SubmissionStatus.accepted
    changes = {
        "status": SubmissionStatus.returned,
        "reviewed_by": actor.name,
        "reviewed_at": utcnow(),
        "review_comment": comment,
    }
    writes.update(
        session=session,
        actor=actor,
        obj=submission,
        changes=changes,
        expected_version=version,
        label=SUBMISSION,
    )
    if was_accepted:
        feeds.retract_submission(session=session, actor=actor, submission=submission)
    return submission


# Reading -----------------------------------------------------------------------------------------------


def read(submission: Submission) -> SubmissionRead:
    return SubmissionRead(
        id=submission.id,
        version=submission.version,
        campaign_id=submission.campaign_id,
        organization_id=submission.organization_id,
        organization=submission.organization.short_name,
        status=submission.status,
        values=dict(submission.values),
        sources=dict(submission.sources),
        derived=derived_values(submission),
        counterparties=[
            CounterpartyRead(
                organization_id=c.organization_id,
                organization=c.organization.short_name,
                sales=c.sales,
                purchases=c.purchases,
                contracts=list(c.contracts),
            )
            for c in submission.counterparties
        ],
        submitted_by=submission.submitted_by,
        submitted_at=submission.submitted_at,
        reviewed_by=submission.reviewed_by,
        reviewed_at=submission.reviewed_at,
        review_comment=submission.review_comment,
        is_demo=submission.is_demo,
    )
