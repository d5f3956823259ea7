"""Turn a news fact of type «project» into a project that keeps the news item as its source."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import Actor
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.lemmas import word_forms, words
from clusterdesk.news.records import AcceptedFact
from clusterdesk.projects import service
from clusterdesk.projects.models import ParticipantRole, Project
from clusterdesk.projects.schemas import ParticipantIn, ProjectCreate
from clusterdesk.registry.filters import OrganizationFilter
from clusterdesk.registry.models import Organization
from clusterdesk.registry.service import get_organizations


def _names_and_ids(fact: AcceptedFact) -> list[tuple[int | None, str]]:
    """Organisations as the pipeline gives them: plain names, or {"id"?, "name"} once linked."""
    found: list[tuple[int | None, str]] = []
    for item in _as_list(fact.get("organizations") or fact.get("parties")):
        if isinstance(item, dict):
            found.append((item.get("id"), str(item.get("name") or item.get("normal") or "")))
        elif item:
            found.append((None, str(item)))
    return found


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _subjects(fact: AcceptedFact) -> list[str]:
    subjects = _as_list(fact.get("subjects") or fact.get("subject"))
    return [str(s).strip() for s in subjects if str(s).strip()]


def resolve_organization(session: Session, org_id: int | None, name: str) -> Organization | None:
    """By id; else by exact short or full name (any case); else a single registry search hit."""
    if org_id is not None:
        return session.get(Organization, org_id)
    if not name.strip():
        return None
    folded = name.strip().casefold()  # compared in Python: SQLite's lower() folds only ASCII letters
    for org in session.scalars(select(Organization)):
        if any(key.casefold() == folded for key in (org.short_name, org.name, *(org.aliases or []))):
            return org
    hits, total = get_organizations(session=session, filters=OrganizationFilter(q=name), page_size=2)
    return hits[0] if total == 1 else None


def _covers(title: str, subject: str) -> bool:
    """Every word of the subject, in any case form, is in the title («беспилотный минитрактор» is in
    «Производство беспилотного минитрактора»)."""
    title_words = [word_forms(w) for w in words(title)]
    subject_words = [word_forms(w) for w in words(subject)]
    return bool(subject_words) and all(any(s & t for t in title_words) for s in subject_words)


def find_projects_for_fact(*, session: Session, fact: AcceptedFact) -> list[Project]:
    """The stored projects a project fact already names: one per subject found in a project's title, or the
    projects that came from the same news item."""
    if fact.type != "project":
        return []
    subjects = _subjects(fact)
    found: list[Project] = []
    for project in session.scalars(select(Project).order_by(Project.id)):
        same_item = fact.news_item_id is not None and project.news_item_id == fact.news_item_id
        if same_item or any(_covers(project.title, subject) for subject in subjects):
            found.append(project)
    return found


def create_project_from_fact(*, session: Session, actor: Actor, fact: AcceptedFact) -> Project:
    """One project per fact; the organisations that presented it become participants (role «presenter»).

    A fact does not say who leads the project, so the lead stays empty; names not found in the registry
    are kept in the description rather than guessed. The caller checks the user's right to create projects.
    """
    if fact.type != "project":
        raise ValidationFailed([FieldProblem("type", f"ожидался факт типа «project», получен «{fact.type}»")])
    news_item_id = fact.news_item_id
    existing = find_projects_for_fact(session=session, fact=fact)
    if existing:  # the projects are there: the fact links them to its news item, no copy is made
        for project in existing:
            if project.news_item_id is None and news_item_id is not None:
                writes.update(
                    session=session,
                    actor=actor,
                    obj=project,
                    changes={"news_item_id": news_item_id},
                    expected_version=None,
                    label="Проект",
                )
        return existing[0]
    subjects = _subjects(fact)
    participants: list[ParticipantIn] = []
    unknown: list[str] = []
    for org_id, name in _names_and_ids(fact):
        org = resolve_organization(session, org_id, name)
        if org is None:
            unknown.append(name)
        elif all(p.organization_id != org.id for p in participants):
            participants.append(ParticipantIn(organization_id=org.id, role=ParticipantRole.presenter))
    if not subjects and not participants:
        raise ValidationFailed([FieldProblem("subjects", "в факте нет ни предмета проекта, ни организаций")])
    title = "; ".join(subjects) if subjects else "Проект из новости"
    title = title[:1].upper() + title[1:]
    lines = []
    if fact.evidence_text:
        lines.append(f"Из новости: «{fact.evidence_text.strip()}»")
    if len(subjects) > 1:
        lines.append("В новости названы вместе: " + "; ".join(subjects) + ".")
    if unknown:
        lines.append("Не найдены в реестре: " + ", ".join(unknown) + ".")
    where = f"новость «{fact.title}»" if fact.title else "новость"
    data = ProjectCreate(
        title=title[:500],
        description="\n".join(lines) or None,
        participants=participants,
        source=where,
    )
    return service.create_project(session=session, actor=actor, data=data, news_item_id=news_item_id)
