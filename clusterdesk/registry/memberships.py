"""Cluster membership changes made from the organisation form and the cluster page (all audited)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.errors import ConflictError, FieldProblem, ValidationFailed
from clusterdesk.registry import service
from clusterdesk.registry.import_columns import parse_date, parse_role
from clusterdesk.registry.models import Membership, MembershipRole
from clusterdesk.registry.schemas import MembershipCreate

REASON_LENGTH = 500


def _date(value: Any, field: str) -> date | None:
    try:
        return parse_date(str(value).strip() if value else None)
    except ValueError as exc:
        raise ValidationFailed([FieldProblem(field, str(exc))]) from exc


def join_from_form(
    *, session: Session, actor: Actor, organization_id: int, form: Mapping[str, Any]
) -> Membership | None:
    """The organisation form's «Кластер», «Роль в кластере», «В кластере с»: a membership, or nothing."""
    cluster_id = str(form.get("cluster_id") or "").strip()
    if not cluster_id:
        return None
    if not cluster_id.isdigit() or len(cluster_id) > 9:
        raise ValidationFailed([FieldProblem("cluster_id", "выберите кластер из списка")])
    try:
        role = parse_role(str(form.get("member_role") or MembershipRole.member.value))
    except ValueError as exc:
        raise ValidationFailed([FieldProblem("member_role", str(exc))]) from exc
    data = MembershipCreate(
        cluster_id=int(cluster_id),
        organization_id=organization_id,
        role=role,
        since=_date(form.get("member_since"), "member_since"),
    )
    return service.create_membership(session=session, actor=actor, data=data)


def end_membership(
    *, session: Session, actor: Actor, membership_id: int, until: Any, reason: str | None, version: int | None
) -> Membership:
    """Close a membership on a date, with the reason kept."""
    membership = service.get_membership(session=session, membership_id=membership_id)
    if membership.until is not None:
        raise ConflictError(f"Членство #{membership.id} уже завершено {membership.until:%d.%m.%Y}")
    end = _date(until, "until") or date.today()
    if membership.since and end < membership.since:
        raise ValidationFailed([FieldProblem("until", "дата окончания раньше даты вступления")])
    text = (reason or "").strip()
    if len(text) > REASON_LENGTH:
        raise ValidationFailed([FieldProblem("end_reason", f"не длиннее {REASON_LENGTH} знаков")])
    changes = {"until": end, "end_reason": text or None}
    return writes.update(
        session=session,
        actor=actor,
        obj=membership,
        changes=changes,
        expected_version=version,
        label="Членство",
    )


def change_role(
    *, session: Session, actor: Actor, membership_id: int, role: str, version: int | None
) -> Membership:
    membership = service.get_membership(session=session, membership_id=membership_id)
    try:
        new_role = parse_role(role)
    except ValueError as exc:
        raise ValidationFailed([FieldProblem("role", str(exc))]) from exc
    return writes.update(
        session=session,
        actor=actor,
        obj=membership,
        changes={"role": new_role},
        expected_version=version,
        label="Членство",
    )
