"""Merging organisations and people on both databases: every reference moves, undo restores everything."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    insert,
    select,
)
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.service import Actor
from clusterdesk.errors import ConflictError, ValidationFailed
from clusterdesk.events.models import Agreement, AgreementKind, AgreementParty
from clusterdesk.news.models import MentionStatus, NewsItem, NewsMention
from clusterdesk.registry import merge, service
from clusterdesk.registry.duplicates import organization_duplicates
from clusterdesk.registry.models import Organization, OrganizationKind, Post
from clusterdesk.registry.schemas import OrganizationCreate, PersonCreate, PostCreate
from tests.conftest import load_all_demo_data

ACTOR = Actor(id=None, name="tester")


def _org(session: Session, short_name: str, name: str, **extra: Any) -> Organization:
    data = OrganizationCreate(short_name=short_name, name=name, kind=OrganizationKind.university, **extra)
    return service.create_organization(session=session, actor=ACTOR, data=data)


def _rows(session: Session, table_name: str) -> list[dict[str, Any]]:
    table = merge.Base.metadata.tables[table_name]
    rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
    skip = {"updated_at", "version"}
    return [{k: v for k, v in r._mapping.items() if k not in skip} for r in rows]


def test_tpu_pair_is_found_merged_with_its_post_news_link_and_agreement_party_and_undone(
    session: Session,
) -> None:
    load_all_demo_data(session)
    full = _org(
        session, "Томский политехнический университет", "Томский политехнический университет", city="Томск"
    )
    short = _org(session, "ТПУ", "ТПУ", city="Томск", website="https://tpu.ru")
    pairs = [p.as_dict() for p in organization_duplicates(session=session)]
    pair = next(p for p in pairs if {p["a"], p["b"]} == {full.id, short.id})
    assert any("сокращение" in r for r in pair["reasons"]) and pair["score"] >= 0.8

    person = service.create_person(
        session=session, actor=ACTOR, data=PersonCreate(full_name="Сёмкин Андрей Олегович")
    )
    post = service.create_post(
        session=session,
        actor=ACTOR,
        data=PostCreate(person_id=person.id, organization_id=short.id, title="ректор"),
    )
    item = NewsItem(fingerprint="tpu-merge-test", text="ТПУ подписал соглашение", search_text="")
    session.add(item)
    session.flush()
    mention = NewsMention(
        item_id=item.id,
        type="ORG",
        start=0,
        end=3,
        text="ТПУ",
        normal="ТПУ",
        organization_id=short.id,
        confidence=0.9,
        status=MentionStatus.linked,
    )
    agreement = Agreement(subject="О сотрудничестве", kind=next(iter(AgreementKind)))
    session.add_all([mention, agreement])
    session.flush()
    party = AgreementParty(agreement_id=agreement.id, organization_id=short.id)
    session.add(party)
    session.flush()
    tables = ("organization", "post", "news_mention", "agreement_party", "membership")
    before = {t: _rows(session, t) for t in tables}
    full_before = merge._read_row(session, Organization.__table__, {"id": full.id})

    full_id, short_id = full.id, short.id
    record = merge.merge(
        session=session,
        actor=ACTOR,
        entity_type="organization",
        keep_id=full_id,
        absorb_id=short_id,
        fields={"website": "absorb"},
    )
    session.expire_all()
    assert session.get(Organization, short_id) is None
    kept = session.get(Organization, full.id)
    assert kept is not None and "ТПУ" in kept.aliases and kept.website == "https://tpu.ru"
    assert session.get(Post, post.id).organization_id == full.id  # type: ignore[union-attr]
    assert session.get(NewsMention, mention.id).organization_id == full.id  # type: ignore[union-attr]
    assert session.get(AgreementParty, party.id).organization_id == full.id  # type: ignore[union-attr]
    audit = session.scalars(select(ChangeRecord).where(ChangeRecord.action == "merge")).all()
    assert len(audit) == 1 and audit[0].after["merge_id"] == record.id  # type: ignore[index]
    assert service.get_organizations  # the survivor is still found by the absorbed name
    assert " тпу " in kept.search_text

    merge.undo_merge(session=session, actor=ACTOR, merge_id=record.id)
    session.expire_all()
    after = {t: _rows(session, t) for t in tables}
    assert after == before
    full_after = merge._read_row(session, Organization.__table__, {"id": full.id})
    assert {k: v for k, v in full_after.items() if k not in ("version", "updated_at")} == {  # type: ignore[union-attr]
        k: v
        for k, v in full_before.items()
        if k not in ("version", "updated_at")  # type: ignore[union-attr]
    }
    with pytest.raises(ConflictError, match="уже отменено"):
        merge.undo_merge(session=session, actor=ACTOR, merge_id=record.id)


def test_merge_refuses_itself_unknown_ids_and_unknown_fields(session: Session) -> None:
    a = _org(session, "А", "Организация А")
    b = _org(session, "Б", "Организация Б")
    with pytest.raises(ValidationFailed, match="саму с собой"):
        merge.merge(session=session, actor=ACTOR, entity_type="organization", keep_id=a.id, absorb_id=a.id)
    with pytest.raises(ValidationFailed, match="не найден"):
        merge.merge(session=session, actor=ACTOR, entity_type="organization", keep_id=a.id, absorb_id=10**9)
    with pytest.raises(ValidationFailed, match="неизвестное поле"):
        merge.merge(
            session=session,
            actor=ACTOR,
            entity_type="organization",
            keep_id=a.id,
            absorb_id=b.id,
            fields={"password": "absorb"},
        )


def test_undo_is_refused_after_the_survivor_changed(session: Session) -> None:
    a = _org(session, "А", "Организация А")
    b = _org(session, "Б", "Организация Б")
    record = merge.merge(
        session=session, actor=ACTOR, entity_type="organization", keep_id=a.id, absorb_id=b.id
    )
    kept = session.get(Organization, a.id)
    assert kept is not None
    kept.city = "Северск"
    session.flush()
    with pytest.raises(ConflictError, match=r"Организация #\d+ изменена после объединения"):
        merge.undo_merge(session=session, actor=ACTOR, merge_id=record.id)


def test_clashing_rows_are_removed_and_come_back_on_undo(session: Session) -> None:
    """Both people hold the same open post: the survivor keeps one, undo returns the other."""
    org = _org(session, "Микран", "АО «НПФ «Микран»»")
    a = service.create_person(
        session=session, actor=ACTOR, data=PersonCreate(full_name="Петров Иван Иванович")
    )
    b = service.create_person(
        session=session, actor=ACTOR, data=PersonCreate(full_name="Петрова Ивана Ивановича")
    )
    for person in (a, b):
        service.create_post(
            session=session,
            actor=ACTOR,
            data=PostCreate(person_id=person.id, organization_id=org.id, title="директор"),
        )
    before = _rows(session, "post")
    record = merge.merge(session=session, actor=ACTOR, entity_type="person", keep_id=a.id, absorb_id=b.id)
    assert len(record.removed) == 1
    assert len(session.scalars(select(Post).where(Post.organization_id == org.id)).all()) == 1
    merge.undo_merge(session=session, actor=ACTOR, merge_id=record.id)
    session.expire_all()
    assert _rows(session, "post") == before


# Every table that references organisations or people -------------------------------------------------


def _value(column: Any, index: int) -> Any:
    kind = column.type
    if isinstance(kind, Enum):
        return next(iter(kind.enums))
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, DateTime):
        return datetime(2026, 1, 1, tzinfo=UTC)
    if isinstance(kind, Date):
        return date(2026, 1, 1)
    if isinstance(kind, JSON):
        return []
    if isinstance(kind, Integer):
        return index
    if isinstance(kind, Float | Numeric):
        return 1
    if isinstance(kind, LargeBinary):
        return b"x"
    length = getattr(kind, "length", None) or 20
    return f"v{index}"[:length]


def _fabricate(session: Session, table: Any, fixed: dict[str, Any], serial: list[int]) -> dict[str, Any]:
    """Insert a minimal valid row into any table; parents of other foreign keys are fabricated too."""
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.name in fixed:
            values[column.name] = fixed[column.name]
            continue
        if column.primary_key and not column.foreign_keys and isinstance(column.type, Integer):
            continue
        if column.nullable and not column.foreign_keys:
            continue
        serial[0] += 1
        fk = next(iter(column.foreign_keys), None)
        if fk is not None:
            if column.nullable:
                continue
            parent = fk.column.table
            existing = session.execute(select(parent.c.id).limit(1)).scalar()
            values[column.name] = (
                existing if existing is not None else _fabricate(session, parent, {}, serial)["id"]
            )
            continue
        values[column.name] = _value(column, serial[0])
        if column.default is not None and not callable(getattr(column.default, "arg", None)):
            values[column.name] = column.default.arg
    result = session.execute(insert(table).values(values))
    if "id" in table.c and "id" not in values:
        values["id"] = result.inserted_primary_key[0]
    return values


@pytest.mark.parametrize("entity_type", ["organization", "person"])
def test_every_reference_found_in_the_models_moves_and_comes_back(session: Session, entity_type: str) -> None:
    model = merge.MODELS[entity_type]
    serial = [0]
    keep = _fabricate(session, model.__table__, {}, serial)["id"]
    absorb = _fabricate(session, model.__table__, {}, serial)["id"]
    references = merge.references_to(entity_type)
    names = {r.name for r in references}
    expected = (
        {
            "post.organization_id",
            "membership.organization_id",
            "news_mention.organization_id",
            "agreement_party.organization_id",
            "news_fact_organization.organization_id",
        }
        if entity_type == "organization"
        else {"post.person_id", "news_mention.person_id"}
    )
    assert expected <= names
    made = []
    for ref in references:
        row = _fabricate(session, ref.table, {ref.column.name: absorb}, serial)
        key = {c.name: row[c.name] for c in ref.table.primary_key.columns}
        made.append((ref, key))
    session.expire_all()
    record = merge.merge(
        session=session, actor=ACTOR, entity_type=entity_type, keep_id=keep, absorb_id=absorb
    )
    assert not record.removed
    for ref, key in made:
        after_key = {k: (keep if k == ref.column.name else v) for k, v in key.items()}
        value = session.execute(
            select(ref.column).where(*(ref.table.c[k] == v for k, v in after_key.items()))
        ).scalar()
        assert value == keep, f"{ref.name} did not move"
    merge.undo_merge(session=session, actor=ACTOR, merge_id=record.id)
    for ref, key in made:
        value = session.execute(
            select(ref.column).where(*(ref.table.c[k] == v for k, v in key.items()))
        ).scalar()
        assert value == absorb, f"{ref.name} did not come back"
    assert session.get(model, absorb) is not None


def test_identifiers_taken_from_the_absorbed_record_go_back_on_undo(session: Session) -> None:
    a = _org(session, "Микран", "Микран")
    b = _org(session, "АО «НПФ «Микран»", "АО «НПФ «Микран»", inn="7707083893")
    a_id, b_id = a.id, b.id
    record = merge.merge(
        session=session, actor=ACTOR, entity_type="organization", keep_id=a_id, absorb_id=b_id
    )
    session.expire_all()
    kept = session.get(Organization, a_id)
    assert kept is not None and kept.inn == "7707083893" and "АО «НПФ «Микран»" in kept.aliases
    merge.undo_merge(session=session, actor=ACTOR, merge_id=record.id)
    session.expire_all()
    assert session.get(Organization, a_id).inn is None  # type: ignore[union-attr]
    assert session.get(Organization, b_id).inn == "7707083893"  # type: ignore[union-attr]
