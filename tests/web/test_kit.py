"""The web kit: transaction policy, the form flow, get-or-404, bounded query types, filters, labels."""

from __future__ import annotations

import enum
import gc
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk import labels
from clusterdesk.config import Settings
from clusterdesk.db import make_engine
from clusterdesk.errors import ConflictError, FieldProblem, ValidationFailed
from clusterdesk.registry.models import Organization, OrganizationKind
from clusterdesk.web.app import create_app
from clusterdesk.web.deps import SessionDep, TransactionRoute
from clusterdesk.web.errors import install as install_errors
from clusterdesk.web.filters import filter_from_query, page_number, query_int, read_filter_days
from clusterdesk.web.forms import submit_form
from clusterdesk.web.routing import ModelResponse, api_router
from clusterdesk.web.security import CSRF_COOKIE, CSRF_HEADER
from tests.conftest import TEST_CSRF_TOKEN, TEST_SECRET, Accounts


class Org(BaseModel):
    short_name: str = Field(min_length=2)


def _kit_app(url: str) -> FastAPI:
    """A small app on the kit alone: each route adds an organisation, then answers in its own way."""
    settings = Settings(environment="test", secret_key=TEST_SECRET, database_url=url)
    app = create_app(settings, engine=make_engine(url))
    probe = api_router(prefix="/probe", tags=["probe"])

    def add(session: Session, name: str) -> None:
        session.add(Organization(short_name=name, name=name, kind=OrganizationKind.other))
        session.flush()

    @probe.post("/ok")
    def ok(session: SessionDep) -> dict[str, str]:
        add(session, "Сохранённая")
        return {"ok": "yes"}

    @probe.post("/answer-422")
    def answer_422(session: SessionDep) -> Response:
        add(session, "Ответ 422")
        return HTMLResponse("<p>ошибка</p>", status_code=422)

    @probe.post("/raise")
    def raise_conflict(session: SessionDep) -> None:
        add(session, "Исключение")
        raise ConflictError("конфликт")

    @probe.post("/form")
    async def form(request: Request, session: SessionDep) -> Response:
        values = dict(await request.form())

        def save(data: Org) -> str:
            add(session, data.short_name)
            if data.short_name == "Повтор":
                session.add(Organization(short_name="x", name="x", kind=OrganizationKind.other, inn="1"))
                session.add(Organization(short_name="y", name="y", kind=OrganizationKind.other, inn="1"))
                try:
                    session.flush()  # a failed flush: the session needs a rollback before any commit
                except Exception as exc:
                    raise ConflictError("такой ИНН уже есть") from exc
            if data.short_name == "Плохое":
                raise ValidationFailed([FieldProblem("short_name", "не нравится")])
            return "/done"

        return submit_form(
            session=session,
            model=Org,
            values=values,
            save=save,
            show=lambda errors, code: HTMLResponse(repr(errors), status_code=code),
        )

    app.include_router(probe)
    install_errors(app)
    return app


def _kit_client(url: str) -> TestClient:
    """A browser-like client of the probe app: posts carry the CSRF cookie and header (web/security.py)."""
    client = TestClient(_kit_app(url))
    client.cookies.set(CSRF_COOKIE, TEST_CSRF_TOKEN)
    client.headers[CSRF_HEADER] = TEST_CSRF_TOKEN
    return client


def _count(url: str, name: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        found = session.scalar(select(func.count()).where(Organization.short_name == name)) or 0
    engine.dispose()
    return found


def test_commit_on_success_rollback_on_any_answer_of_400_or_more(scratch_url: str) -> None:
    with _kit_client(scratch_url) as client:
        assert client.post("/probe/ok").status_code == 200
        assert client.post("/probe/answer-422").status_code == 422
        assert client.post("/probe/raise").status_code == 409
    assert _count(scratch_url, "Сохранённая") == 1
    assert _count(scratch_url, "Ответ 422") == 0
    assert _count(scratch_url, "Исключение") == 0


def test_the_form_flow(scratch_url: str) -> None:
    with _kit_client(scratch_url) as client:
        invalid = client.post("/probe/form", data={"short_name": "x"})
        assert invalid.status_code == 422 and "слишком короткое значение" in invalid.text
        failed_flush = client.post("/probe/form", data={"short_name": "Повтор"})
        assert failed_flush.status_code == 409 and "такой ИНН уже есть" in failed_flush.text
        refused = client.post("/probe/form", data={"short_name": "Плохое"})
        assert refused.status_code == 422 and "'short_name': 'не нравится'" in refused.text
        done = client.post("/probe/form", data={"short_name": "Хорошее"}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"] == "/done"
    assert _count(scratch_url, "Повтор") == 0 and _count(scratch_url, "Плохое") == 0
    assert _count(scratch_url, "Хорошее") == 1


def test_every_route_of_the_app_has_the_transaction_policy(client: TestClient) -> None:
    routes = [r for r in client.app.routes if isinstance(r, APIRoute)]  # type: ignore[attr-defined]
    assert routes and all(isinstance(r, TransactionRoute) for r in routes if r.path != "/docs")


def test_get_or_404_names_the_object_in_russian_for_any_number(client: TestClient) -> None:
    for number in (9999, 3_000_000_000, 10**30):
        answer = client.get(f"/api/v1/organizations/{number}")
        assert answer.status_code == 404
        assert answer.json()["detail"] == f"Организация #{number} не найдена"
    event = client.get("/api/v1/events/3000000000")
    assert event.status_code == 404 and event.json()["detail"] == "Мероприятие #3000000000 не найдено"


def test_query_numbers_out_of_the_database_range_are_422_in_the_api_and_ignored_on_pages(
    client: TestClient, accounts: Accounts
) -> None:
    for query in ("page=0", "page=3000000000", "page_size=501", "cluster_id=3000000000", "cluster_id=0"):
        assert client.get(f"/api/v1/organizations?{query}").status_code == 422, query
    page = client.get("/organizations?cluster_id=3000000000&kind=nonsense&page=99999999999999999999")
    assert page.status_code == 200


class Colour(enum.StrEnum):
    red = "red"


@dataclass(frozen=True)
class Probe:
    q: str | None = None
    colour: Colour | None = None
    org_id: int | None = None
    since: date | None = None
    dated: bool | None = None


def test_filter_from_query_is_lenient_and_typed() -> None:
    assert filter_from_query(
        Probe, {"q": " лидар ", "colour": "red", "org_id": "7", "since": "2025-01-02", "dated": "1"}
    ) == Probe("лидар", Colour.red, 7, date(2025, 1, 2), True)
    assert (
        filter_from_query(
            Probe, {"q": "", "colour": "blue", "org_id": "3000000000", "since": "вчера", "dated": "?"}
        )
        == Probe()
    )
    assert filter_from_query(Probe, {"org_id": "5"}, q="fixed") == Probe(q="fixed", org_id=5)
    assert query_int("12") == 12 and query_int("-1") is None and query_int("1e3") is None
    assert page_number(0) == 1 and page_number(10**20) == 2**31 - 1


def test_labels_agree_in_gender_and_name_fields() -> None:
    assert labels.not_found("organization", 9) == "Организация #9 не найдена"
    assert labels.not_found("event", 9) == "Мероприятие #9 не найдено"
    assert labels.not_found("kpi", 9) == "Показатель #9 не найден"
    assert labels.label("agreement") == "Соглашение" and labels.plural_label("agreement") == "Соглашения"
    assert labels.genitive_plural("organization") == "организаций"
    assert labels.field_label("organization", "inn") == "ИНН"
    assert labels.field_label("agreement", "signed_on") == "дата подписания"
    assert labels.field_label("organization", "unknown_field") == "unknown_field"
    assert labels.label("some_new_table") == "Some new table"
    with pytest.raises(ValueError):
        labels.register("organization", labels.EntityLabel("Орг", "Орги", "оргов"))


def test_filter_days_read_russian_and_iso_dates_and_say_what_is_wrong() -> None:
    days = read_filter_days(
        (
            ("since", "С даты", " 5.4.2025 "),
            ("until", "По дату", "2025-02-31"),
            ("other", "Другая", "вчера\x00"),
            ("empty", "Пустая", "  "),
        )
    )
    assert days.values == {"since": date(2025, 4, 5), "until": None, "other": None, "empty": None}
    assert days.problems == {
        "until": "«По дату»: «2025-02-31» — нет такой даты. Фильтр по этой дате не применён.",
        "other": "«Другая»: «вчера» — ожидается дата в виде дд.мм.гггг. Фильтр по этой дате не применён.",
    }
    assert [days.text(name) for name in ("since", "until", "other", "empty")] == [
        "05.04.2025",
        "2025-02-31",
        "вчера",
        "",
    ]


def test_page_of_a_list_read_whole() -> None:
    from clusterdesk.web.query import page_of

    items = list(range(1, 8))
    assert page_of(items, 1, 3) == [1, 2, 3]
    assert page_of(items, 3, 3) == [7]
    assert page_of(items, 4, 3) == []


class _Child(BaseModel):
    when: date | None
    score: float


class _Answer(BaseModel):
    model_config = {"populate_by_name": True}

    kind: str = Field(alias="type")
    text: str
    children: list[_Child]


def test_model_response_writes_what_fastapi_would_write() -> None:
    """A route may answer with ModelResponse(model) (one pydantic-core pass): the JSON is FastAPI's own."""
    answer = _Answer(
        kind="событие",
        text='Кавычки «», "", перевод\nстроки и \\ — как есть',
        children=[_Child(when=date(2025, 4, 5), score=1.0), _Child(when=None, score=0.125)],
    )
    app = FastAPI()

    @app.get("/plain", response_model=_Answer)
    def plain() -> _Answer:
        return answer

    @app.get("/direct", response_model=_Answer)
    def direct() -> ModelResponse:
        return ModelResponse(answer)

    client = TestClient(app)
    plain_answer, direct_answer = client.get("/plain"), client.get("/direct")
    assert direct_answer.headers["content-type"] == plain_answer.headers["content-type"] == "application/json"
    assert direct_answer.json() == plain_answer.json()
    assert direct_answer.json()["type"] == "событие"  # by alias, as FastAPI writes it
    schema = client.get("/openapi.json").json()["paths"]
    assert schema["/direct"]["get"]["responses"] == schema["/plain"]["get"]["responses"]


def test_the_server_process_puts_what_start_up_built_out_of_the_collectors_sight(tmp_path: Path) -> None:
    settings = Settings(
        environment="test", data_dir=tmp_path, secret_key=TEST_SECRET, database_url="sqlite://"
    )
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    with TestClient(create_app(settings)) as client:
        assert gc.get_freeze_count() > 10_000  # the modules and objects of the started application
        assert client.get("/favicon.ico").status_code == 200  # and it serves
