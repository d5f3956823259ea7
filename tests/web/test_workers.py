"""Several web worker processes share one database: what one process caches must notice what another one
changed (issue 15). Two application instances with engines of their own stand for two uvicorn workers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from clusterdesk.auth.models import Role, User
from clusterdesk.auth.security import issue_token
from clusterdesk.config import Settings
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.projects import documents
from clusterdesk.registry.models import Organization, OrganizationKind
from clusterdesk.web.app import create_app
from tests.conftest import TEST_SECRET

TEXT = (
    "Компания Квантрон представила в Томске новый лидар для беспилотных автомобилей. "
    "Квантрон начнёт серийный выпуск в следующем году."
)

OTHER = "В Новосибирске открылась лаборатория Квантрон. Квантрон набирает инженеров и студентов."


def _org(name: str) -> Organization:
    return Organization(
        short_name=name, name=f"ООО «{name}»", kind=OrganizationKind.enterprise, okved2=[], aliases=[]
    )


def test_news_posted_to_one_worker_links_an_organisation_another_worker_just_added(
    scratch_url: str,
    tmp_path,
    password_hash: str,  # type: ignore[no-untyped-def]
) -> None:
    settings = Settings(
        environment="test", data_dir=tmp_path, database_url=scratch_url, secret_key=TEST_SECRET
    )
    first_engine, second_engine = make_engine(scratch_url), make_engine(scratch_url)
    first = TestClient(create_app(settings, engine=first_engine))
    with make_session_factory(second_engine).begin() as session:
        manager = User(username="manager", password_hash=password_hash, role=Role.manager, is_active=True)
        session.add(manager)
        session.flush()
        token = issue_token(user_id=manager.id, secret_key=TEST_SECRET, ttl_minutes=10)
        headers = {"Authorization": f"Bearer {token}"}
    before = first.post("/api/v1/news", json={"text": TEXT, "source": "first"}, headers=headers)
    assert before.status_code == 201, before.text
    linked = [e for item in before.json()["items"] for e in item["entities"] if e["link"] is not None]
    assert linked == []  # nobody of that name in the registry yet
    with make_session_factory(second_engine).begin() as session:  # the other worker adds the organisation
        session.add(_org("Квантрон"))
    after = first.post("/api/v1/news", json={"text": OTHER, "source": "second"}, headers=headers)
    assert after.status_code == 201, after.text
    linked = [e for item in after.json()["items"] for e in item["entities"] if e["link"] is not None]
    assert [e["text"] for e in linked] == ["Квантрон", "Квантрон"]
    assert {e["link"]["name"] for e in linked} == {"Квантрон"}
    first_engine.dispose()
    second_engine.dispose()


def test_the_match_index_of_one_worker_sees_organisations_another_worker_added_renamed_and_deleted(
    scratch_url: str,
) -> None:
    first_engine, second_engine = make_engine(scratch_url), make_engine(scratch_url)
    one, two = make_session_factory(first_engine), make_session_factory(second_engine)
    with one() as session:
        index, _ = documents.current_index(session=session)
        empty = len(index)
    with two.begin() as session:
        org = _org("Лидартех")
        session.add(org)
        session.flush()
        org_id = org.id
    with one() as session:
        index, _ = documents.current_index(session=session)
        assert len(index) == empty + 1
    with two.begin() as session:
        session.get(Organization, org_id).short_name = "Лидартех-2"  # type: ignore[union-attr]
    with one() as session:
        index, _ = documents.current_index(session=session)
        assert len(index) == empty + 1
        assert index.search is not None
    with two.begin() as session:
        session.delete(session.get(Organization, org_id))
    with one() as session:
        index, _ = documents.current_index(session=session)
        assert len(index) == empty
    first_engine.dispose()
    second_engine.dispose()
