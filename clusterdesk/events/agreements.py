"""Agreement rules: parties, obligations checklist, documents, sources. Flush, never commit; all audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.audit.writes import changes_of, check_exists, get_or_404, refuse_empty
from clusterdesk.db import paginate
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.events.filters import AgreementFilter
from clusterdesk.events.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementSource,
    Obligation,
)
from clusterdesk.events.schemas import (
    AgreementCreate,
    AgreementUpdate,
    DocumentCreate,
    ObligationCreate,
    ObligationUpdate,
    PartyUpdate,
    SourceCreate,
)
from clusterdesk.registry.models import Cluster, Organization

AGREEMENT = "Соглашение"
PARTY = "Сторона соглашения"
OBLIGATION = "Обязательство"
DOCUMENT = "Документ соглашения"
SOURCE = "Источник"


def get_agreement(*, session: Session, agreement_id: int) -> Agreement:
    return get_or_404(session, Agreement, agreement_id)


def get_agreements(
    *, session: Session, filters: AgreementFilter, page: int = 1, page_size: int = 50
) -> tuple[list[Agreement], int]:
    query = filters.apply(select(Agreement))
    order = (Agreement.signed_on.is_(None), Agreement.signed_on.desc(), Agreement.id.desc())
    return paginate(session, query, page=page, page_size=page_size, order_by=order)


def _check_parties(session: Session, party_ids: list[int]) -> None:
    missing = [i for i in party_ids if session.get(Organization, i) is None]
    if missing:
        names = ", ".join(f"#{i}" for i in missing)
        raise ValidationFailed([FieldProblem("party_ids", f"организации не найдены: {names}")])


def _check_obligation_owner(agreement: Agreement, organization_id: int | None) -> None:
    if organization_id is not None and organization_id not in agreement.party_ids:
        raise ValidationFailed(
            [FieldProblem("organization_id", "обязательство может лежать только на стороне соглашения")]
        )


def create_agreement(
    *,
    session: Session,
    actor: Actor,
    data: AgreementCreate,
    is_demo: bool = False,
    source: str | None = None,
) -> Agreement:
    _check_parties(session, data.party_ids)
    check_exists(session, Cluster, data.cluster_id, "cluster_id")
    fields = data.model_dump(exclude={"party_ids", "obligations", "date"})
    agreement = Agreement(**fields, signed_on=data.date, is_demo=is_demo, source=source)
    writes.create(session=session, actor=actor, obj=agreement, label=AGREEMENT)
    for organization_id in data.party_ids:
        party = AgreementParty(agreement_id=agreement.id, organization_id=organization_id)
        writes.create(session=session, actor=actor, obj=party, label=PARTY)
    session.refresh(agreement, ["parties"])
    for item in data.obligations:
        add_obligation(session=session, actor=actor, agreement_id=agreement.id, data=item)
    return agreement


def _set_parties(session: Session, actor: Actor, agreement: Agreement, party_ids: list[int]) -> None:
    _check_parties(session, party_ids)
    for obligation in agreement.obligations:
        if obligation.organization_id is not None and obligation.organization_id not in party_ids:
            # the checklist line stays; it just no longer names a side that left the agreement
            writes.update(
                session=session,
                actor=actor,
                obj=obligation,
                changes={"organization_id": None},
                expected_version=None,
                label=OBLIGATION,
            )
    for party in list(agreement.parties):
        if party.organization_id not in party_ids:
            writes.delete(session=session, actor=actor, obj=party, expected_version=None, label=PARTY)
    present = set(agreement.party_ids)
    for organization_id in party_ids:
        if organization_id not in present:
            party = AgreementParty(agreement_id=agreement.id, organization_id=organization_id)
            writes.create(session=session, actor=actor, obj=party, label=PARTY)
    session.refresh(agreement, ["parties"])


def update_agreement(
    *, session: Session, actor: Actor, agreement_id: int, data: AgreementUpdate
) -> Agreement:
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True, exclude={"version", "party_ids"})
    refuse_empty(changes, "kind", "subject")
    if "date" in changes:
        changes["signed_on"] = changes.pop("date")
    check_exists(session, Cluster, changes.get("cluster_id"), "cluster_id")
    signed, until = (
        changes.get("signed_on", agreement.signed_on),
        changes.get("valid_until", agreement.valid_until),
    )
    if signed and until and until < signed:
        raise ValidationFailed([FieldProblem("valid_until", "срок действия раньше даты подписания")])
    writes.update(
        session=session,
        actor=actor,
        obj=agreement,
        changes=changes,
        expected_version=data.version,
        label=AGREEMENT,
    )
    if data.party_ids is not None:
        _set_parties(session, actor, agreement, data.party_ids)
    return agreement


def delete_agreement(*, session: Session, actor: Actor, agreement_id: int, version: int | None) -> None:
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    for children, label in (
        (agreement.obligations, OBLIGATION),
        (agreement.documents, DOCUMENT),
        (agreement.sources, SOURCE),
        (agreement.parties, PARTY),
    ):
        for child in list(children):
            writes.delete(session=session, actor=actor, obj=child, expected_version=None, label=label)
    writes.delete(session=session, actor=actor, obj=agreement, expected_version=version, label=AGREEMENT)


def get_party(*, session: Session, agreement_id: int, party_id: int) -> AgreementParty:
    return get_or_404(session, AgreementParty, party_id, within=("agreement_id", agreement_id))


def update_party(
    *, session: Session, actor: Actor, agreement_id: int, party_id: int, data: PartyUpdate
) -> AgreementParty:
    party = get_party(session=session, agreement_id=agreement_id, party_id=party_id)
    changes = changes_of(data)
    return writes.update(
        session=session, actor=actor, obj=party, changes=changes, expected_version=data.version, label=PARTY
    )


def get_obligation(*, session: Session, agreement_id: int, obligation_id: int) -> Obligation:
    return get_or_404(session, Obligation, obligation_id, within=("agreement_id", agreement_id))


def add_obligation(
    *, session: Session, actor: Actor, agreement_id: int, data: ObligationCreate
) -> Obligation:
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    _check_obligation_owner(agreement, data.organization_id)
    obligation = Obligation(agreement_id=agreement.id, **data.model_dump())
    writes.create(session=session, actor=actor, obj=obligation, label=OBLIGATION)
    session.refresh(agreement, ["obligations"])
    return obligation


def update_obligation(
    *, session: Session, actor: Actor, agreement_id: int, obligation_id: int, data: ObligationUpdate
) -> Obligation:
    obligation = get_obligation(session=session, agreement_id=agreement_id, obligation_id=obligation_id)
    changes = changes_of(data)
    refuse_empty(changes, "text", "status")
    if "organization_id" in changes:
        _check_obligation_owner(obligation.agreement, changes["organization_id"])
    return writes.update(
        session=session,
        actor=actor,
        obj=obligation,
        changes=changes,
        expected_version=data.version,
        label=OBLIGATION,
    )


def delete_obligation(*, session: Session, actor: Actor, agreement_id: int, obligation_id: int) -> None:
    obligation = get_obligation(session=session, agreement_id=agreement_id, obligation_id=obligation_id)
    writes.delete(session=session, actor=actor, obj=obligation, expected_version=None, label=OBLIGATION)


def add_document(
    *, session: Session, actor: Actor, agreement_id: int, data: DocumentCreate
) -> AgreementDocument:
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    document = AgreementDocument(agreement_id=agreement.id, **data.model_dump())
    writes.create(session=session, actor=actor, obj=document, label=DOCUMENT)
    session.refresh(agreement, ["documents"])
    return document


def add_source(*, session: Session, actor: Actor, agreement_id: int, data: SourceCreate) -> AgreementSource:
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    for present in agreement.sources:
        if data.news_item_id is not None and present.news_item_id == data.news_item_id:
            return present
    source = AgreementSource(agreement_id=agreement.id, **data.model_dump())
    writes.create(session=session, actor=actor, obj=source, label=SOURCE)
    session.refresh(agreement, ["sources"])
    return source


def agreements_of_organization(*, session: Session, organization_id: int) -> list[Agreement]:
    items, _ = get_agreements(
        session=session, filters=AgreementFilter(organization_id=organization_id), page_size=1000
    )
    return items


def agreement_edges(*, session: Session, cluster_id: int | None = None) -> list[tuple[int, int, int]]:
    """(organisation, organisation, agreement id) for every pair of parties: edges of a cooperation graph."""
    items, _ = get_agreements(
        session=session, filters=AgreementFilter(cluster_id=cluster_id), page_size=10**6
    )
    edges: list[tuple[int, int, int]] = []
    for agreement in items:
        ids = sorted(agreement.party_ids)
        edges.extend((a, b, agreement.id) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return edges
