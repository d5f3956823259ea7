"""The talent demo: example programs, demand and an internship, each marked «пример», in the XLSX too."""

from __future__ import annotations

from io import BytesIO

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.events.demo import load_demo as load_demo_events
from clusterdesk.examples import EXAMPLE
from clusterdesk.registry.demo import load_demo_registry
from clusterdesk.talent import demo
from clusterdesk.talent.gaps import HEADERS
from clusterdesk.talent.models import EducationalProgram, SpecialistDemand, TargetedTraining


def _demo(session: Session) -> dict[str, int]:
    load_demo_registry(session=session)
    load_demo_events(session=session)
    return demo.load_demo(session=session)


def test_demo_is_idempotent_and_every_row_is_a_marked_example(session: Session) -> None:
    assert _demo(session) == {"programs": 4, "demand": 6, "trainings": 1}
    assert demo.load_demo(session=session) == {"programs": 0, "demand": 0, "trainings": 0}
    rows = [
        *session.scalars(select(EducationalProgram)),
        *session.scalars(select(SpecialistDemand)),
        *session.scalars(select(TargetedTraining)),
    ]
    assert len(rows) == 11 and all(r.is_demo and r.source == EXAMPLE for r in rows)
    [internship] = session.scalars(select(TargetedTraining))
    assert internship.agreement is not None and EXAMPLE in (internship.note or "")


def test_gap_page_and_xlsx_show_the_example_mark(client: TestClient, session: Session) -> None:
    _demo(session)
    session.commit()
    gaps = client.get("/api/v1/talent/gaps").json()
    assert len(gaps) == 6 and all(row["sources"] == [EXAMPLE] for row in gaps)
    assert sum(row["shortfall"] for row in gaps) == 7 + 6 + 5 + 3 + 2  # 11.03.01 has enough graduates

    page = client.get("/talent").text
    assert 'id="gap-chart"' in page
    assert f"Источник данных графика: {EXAMPLE}" in page and f"Источник данных таблицы: {EXAMPLE}" in page
    assert page.count('data-testid="example-mark"') >= 6 + 4 + 6 + 1  # gap rows, programs, demand, training

    sheet = load_workbook(BytesIO(client.get("/api/v1/talent/gaps.xlsx").content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == list(HEADERS) and header[-1] == "Источник данных"
    assert len(rows) == 6 and all(r[-1] == EXAMPLE for r in rows)
