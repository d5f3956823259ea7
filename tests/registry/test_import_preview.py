"""Import preview and apply for people and posts on both databases (organisations: test_upkeep_api.py)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.audit.service import Actor
from clusterdesk.errors import ValidationFailed
from clusterdesk.registry import import_preview, service
from clusterdesk.registry.import_columns import parse_rows
from clusterdesk.registry.import_views import template_xlsx
from clusterdesk.registry.models import OrganizationKind, Person, Post
from clusterdesk.registry.schemas import OrganizationCreate, PersonCreate, PostCreate

ACTOR = Actor(id=None, name="tester")


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_people_preview_and_apply(session: Session) -> None:
    service.create_person(
        session=session,
        actor=ACTOR,
        data=PersonCreate(full_name="Рулевский Виктор Михайлович", description="ректор"),
    )
    content = _csv(
        [
            ["ФИО", "Описание"],
            ["Рулевский Виктор Михайлович", "ректор ТУСУР"],
            ["Шелупанов Александр Александрович", ""],
            ["", "без имени"],
            ["шелупанов александр александрович", ""],
        ]
    )
    preview = import_preview.preview_import(session=session, kind="people", content=content, filename="p.csv")
    assert [(r.row, r.changes[0].old, r.changes[0].new) for r in preview.update] == [
        (2, "ректор", "ректор ТУСУР")
    ]
    assert [r.label for r in preview.create] == ["Шелупанов Александр Александрович"]
    assert {(p.row, p.field) for p in preview.errors} == {(4, "ФИО"), (5, "ФИО")}
    with pytest.raises(ValidationFailed, match="ничего не сохранено"):
        import_preview.apply_import(
            session=session, actor=ACTOR, kind="people", content=content, filename="p.csv"
        )
    fixed = _csv(
        [
            ["ФИО", "Описание"],
            ["Рулевский Виктор Михайлович", "ректор ТУСУР"],
            ["Шелупанов Александр Александрович", ""],
        ]
    )
    before = _count(session, ChangeRecord)
    result = import_preview.apply_import(
        session=session, actor=ACTOR, kind="people", content=fixed, filename="p.csv"
    )
    assert (len(result.create), len(result.update)) == (1, 1)
    created = session.scalar(select(Person).where(Person.full_name == "Шелупанов Александр Александрович"))
    assert created is not None and created.surname == "Шелупанов" and " шелупанов " in created.search_text
    assert _count(session, ChangeRecord) == before + 3  # a create, an update, the import


def test_posts_preview_and_apply_create_people_and_close_periods(session: Session) -> None:
    org = service.create_organization(
        session=session,
        actor=ACTOR,
        data=OrganizationCreate(
            short_name="ТУСУР", name="ТУСУР", kind=OrganizationKind.university, inn="7707083893"
        ),
    )
    person = service.create_person(
        session=session, actor=ACTOR, data=PersonCreate(full_name="Рулевский Виктор Михайлович")
    )
    service.create_post(
        session=session,
        actor=ACTOR,
        data=PostCreate(person_id=person.id, organization_id=org.id, title="ректор"),
    )
    content = _csv(
        [
            ["ФИО", "Организация", "ИНН организации", "Должность", "С", "По"],
            ["Рулевский Виктор Михайлович", "ТУСУР", "", "ректор", "", "01.11.2026"],
            ["Шелупанов Александр Александрович", "", "7707083893", "ректор", "02.11.2026", ""],
            ["Иванов Иван", "Неизвестная", "", "директор", "", ""],
            ["Петров Пётр", "ТУСУР", "", "декан", "вчера", ""],
        ]
    )
    preview = import_preview.preview_import(
        session=session, kind="posts", content=content, filename="posts.csv"
    )
    assert [(c.field, c.old, c.new) for c in preview.update[0].changes] == [("По", "—", "01.11.2026")]
    assert preview.create[0].changes[0].new == "Шелупанов Александр Александрович (новый)"
    assert {(p.row, p.field) for p in preview.errors} == {(4, "Организация"), (5, "С")}
    good = _csv(
        [
            ["ФИО", "Организация", "ИНН организации", "Должность", "С", "По"],
            ["Рулевский Виктор Михайлович", "ТУСУР", "", "ректор", "", "01.11.2026"],
            ["Шелупанов Александр Александрович", "", "7707083893", "ректор", "02.11.2026", ""],
        ]
    )
    import_preview.apply_import(
        session=session, actor=ACTOR, kind="posts", content=good, filename="posts.csv"
    )
    session.expire_all()
    posts = {
        p.person.full_name: p for p in session.scalars(select(Post).where(Post.organization_id == org.id))
    }
    assert posts["Рулевский Виктор Михайлович"].until == date(2026, 11, 1)
    assert posts["Шелупанов Александр Александрович"].since == date(2026, 11, 2)


@pytest.mark.parametrize("kind", ["organizations", "people", "posts"])
def test_template_reads_back_as_a_valid_header(kind: str) -> None:
    rows, problems = parse_rows(kind, template_xlsx(kind), f"{kind}.xlsx")
    assert len(rows) == 1 and not problems
