"""A news fact of type «project» becomes a project that keeps its news item as the source."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.errors import ValidationFailed
from clusterdesk.news.records import AcceptedFact
from clusterdesk.projects.from_news import create_project_from_fact
from clusterdesk.projects.models import ParticipantRole
from clusterdesk.registry import demo as registry_demo

SEED_FACT = {  # the shape `clusterdesk extract` prints for seed 004
    "type": "project",
    "organizations": ["АО «Когнитив»", "АО «НПФ «Микран»", "ООО «ЛЭМЗ–Т»", "АО «НПП Радар ММС»"],
    "subjects": ["спутниковая связь для беспилотников", "лидары", "беспилотный минитрактор"],
    "evidence": {"start": 812, "end": 1032},
}


def test_seed_fact_becomes_a_project_presented_by_four_companies(session: Session) -> None:
    registry_demo.load_demo(session=session)
    project = create_project_from_fact(
        session=session, actor=SYSTEM, fact=AcceptedFact.from_json(SEED_FACT, news_item_id=42)
    )
    assert project.news_item_id == 42 and project.source == "новость"
    assert project.title == "Спутниковая связь для беспилотников; лидары; беспилотный минитрактор"
    assert project.lead_organization_id is None  # the news does not say who leads
    assert len(project.participants) == 4
    assert {p.role for p in project.participants} == {ParticipantRole.presenter}


def test_linked_organisations_and_unknown_names(session: Session) -> None:
    registry_demo.load_demo(session=session)
    fact = {
        "type": "project",
        "organizations": [{"id": None, "name": "Микран"}, {"name": "ООО «Неизвестная»"}],
        "subject": "радары",
        "evidence": {"text": "Микран представил проект радаров"},
    }
    project = create_project_from_fact(
        session=session, actor=SYSTEM, fact=AcceptedFact.from_json(fact, news_item_id=None)
    )
    assert [p.organization.short_name for p in project.participants] == ["АО «НПФ «Микран»"]
    assert "ООО «Неизвестная»" in (project.description or "")
    assert "Микран представил проект радаров" in (project.description or "")
    with pytest.raises(ValidationFailed):
        create_project_from_fact(
            session=session, actor=SYSTEM, fact=AcceptedFact.from_json({"type": "event"}, news_item_id=1)
        )
