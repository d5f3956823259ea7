"""KPI report: XLSX cell values, determinism, PDF with Cyrillic; the CLI command; the demo strategy."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.examples import EXAMPLE, is_example
from clusterdesk.registry.demo import TASS, load_demo_registry
from clusterdesk.registry.models import Cluster
from clusterdesk.strategy import demo, kpis, report_pdf, reports, roadmap, status
from clusterdesk.strategy.models import Kpi, KpiTarget, KpiValue, Program, RoadmapItem
from clusterdesk.strategy.schemas import (
    KpiCreate,
    KpiTargetCreate,
    KpiValueCreate,
    NoteEvidence,
    RoadmapItemCreate,
)
from tests.strategy.conftest import Setup
from tests.test_cli import run

TODAY = date(2026, 5, 15)


def _fill(session: Session, setup: Setup) -> None:
    output = kpis.create_kpi(
        session=session,
        actor=SYSTEM,
        data=KpiCreate(program_id=setup.program.id, code="output", name="Выпуск продукции", unit="млн руб."),
    )
    kpis.set_target(
        session=session, actor=SYSTEM, kpi_id=output.id, data=KpiTargetCreate(year=2025, value=100)
    )
    evidence = NoteEvidence(kind="note", note="Сводка отчётов", document="письмо № 12")
    kpis.add_value(
        session=session,
        actor=SYSTEM,
        kpi_id=output.id,
        data=KpiValueCreate(year=2025, value=80, evidence=evidence),
    )
    roadmap.create_item(
        session=session,
        actor=SYSTEM,
        data=RoadmapItemCreate(
            program_id=setup.program.id, title="Опытный образец", due_date=date(2025, 3, 1)
        ),
    )
    session.expire_all()


def test_xlsx_report_holds_the_values_and_is_deterministic(session: Session, setup: Setup) -> None:
    _fill(session, setup)
    report = reports.build_report(session=session, cluster_id=setup.cluster.id, year=2025, today=TODAY)
    first = load_workbook(io.BytesIO(reports.report_xlsx(report)))
    again = reports.build_report(session=session, cluster_id=setup.cluster.id, year=2025, today=TODAY)
    second = load_workbook(io.BytesIO(reports.report_xlsx(again)))
    for name in ("Показатели", "Дорожная карта"):
        cells = [list(r) for r in first[name].iter_rows(values_only=True)]
        assert cells == [list(r) for r in second[name].iter_rows(values_only=True)]
    sheet = first["Показатели"]
    assert list(next(sheet.iter_rows(min_row=4, max_row=4, values_only=True))) == reports.KPI_HEADER
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Выпуск продукции")
    assert row == (
        "Выпуск продукции",
        "млн руб.",
        100,
        80,
        80,
        "отстаёт",
        "Сводка отчётов (документ: письмо № 12)",
    )
    roadmap_rows = [r for r in first["Дорожная карта"].iter_rows(min_row=5, values_only=True)]
    overdue = reports.ROADMAP_HEADER.index("Просрочен")
    assert roadmap_rows[0][1] == "Опытный образец" and roadmap_rows[0][overdue] == "да"  # overdue on TODAY
    assert roadmap_rows[0][-1] is None  # typed by a person: no source text


def test_pdf_report_embeds_dejavu_and_is_deterministic(session: Session, setup: Setup) -> None:
    _fill(session, setup)
    report = reports.build_report(session=session, cluster_id=setup.cluster.id, year=2025, today=TODAY)
    pdf = report_pdf.report_pdf(report)
    assert pdf.startswith(b"%PDF") and b"DejaVuSans" in pdf
    again = reports.build_report(session=session, cluster_id=setup.cluster.id, year=2025, today=TODAY)
    assert report_pdf.report_pdf(again) == pdf  # the same data: the same bytes


def _stamp(session: Session, setup: Setup, when: datetime) -> None:
    """Give every row of the report one known change time (the clock would differ between runs)."""
    for model in (Program, Kpi, KpiTarget, KpiValue, RoadmapItem):
        session.execute(update(model).values(updated_at=when))
    session.execute(update(Cluster).where(Cluster.id == setup.cluster.id).values(updated_at=when))
    session.expire_all()


def test_reports_name_kpis_date_their_data_and_keep_headers_whole(session: Session, setup: Setup) -> None:
    """No KPI code where a person reads; the PDF's creation date and the subtitles are the date of the data
    (not 2000-01-01, not the clock); no PDF column header is broken inside a word."""
    _fill(session, setup)
    _stamp(session, setup, datetime(2025, 11, 20, 9, 30, tzinfo=UTC))
    report = reports.build_report(session=session, cluster_id=setup.cluster.id, year=2025, today=TODAY)
    assert report.data_as_of == datetime(2025, 11, 20, 9, 30, tzinfo=UTC)

    workbook = load_workbook(io.BytesIO(reports.report_xlsx(report)))
    assert workbook.properties.created == datetime(2025, 11, 20, 9, 30)
    for sheet in workbook.worksheets:
        texts = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
        assert "Код" not in texts and "output" not in texts
        assert any("Данные на 20.11.2025" in t for t in texts)

    pdf = PdfReader(io.BytesIO(report_pdf.report_pdf(report)))
    assert pdf.metadata is not None
    assert pdf.metadata["/CreationDate"].startswith("D:20251120093000")
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Выпуск продукции" in text and "output" not in text and "Код" not in text
    assert "Данные на 20.11.2025" in text
    lines = text.splitlines()
    for header in (*reports.KPI_HEADER, *report_pdf.ROADMAP_HEADER):
        for word in header.split():
            assert word in lines or any(word in line.split() for line in lines), word  # whole, not split
    assert "Просроче" not in lines

    # a later change of the data moves the date (and only a change does)
    kpi = session.scalar(select(Kpi).where(Kpi.code == "output"))
    assert kpi is not None
    kpis.set_target(session=session, actor=SYSTEM, kpi_id=kpi.id, data=KpiTargetCreate(year=2026, value=120))
    session.expire_all()
    later = reports.build_report(session=session, cluster_id=setup.cluster.id, year=2025, today=TODAY)
    assert later.data_as_of > report.data_as_of


def test_cli_report_kpi_writes_xlsx_and_pdf(scratch_url: str, tmp_path: Path) -> None:
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as session:
        load_demo_registry(session=session)
        demo.load_demo(session=session)
        program = session.scalar(select(Program).where(Program.first_year == 2025))
        cluster_id = program.cluster_id
        kpi = session.scalar(select(Kpi).where(Kpi.program_id == program.id, Kpi.code == "output"))
        kpi_name = kpi.name
        kpis.set_target(  # 2027: a year the demo gives no example figures for
            session=session, actor=SYSTEM, kpi_id=kpi.id, data=KpiTargetCreate(year=2027, value=100)
        )
        kpis.add_value(session=session, actor=SYSTEM, kpi_id=kpi.id, data=KpiValueCreate(year=2027, value=80))
    engine.dispose()
    out = tmp_path / "kpi.xlsx"
    result = run(
        scratch_url,
        tmp_path,
        "report",
        "kpi",
        "--cluster",
        str(cluster_id),
        "--year",
        "2027",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    row = next(r for r in load_workbook(out)["Показатели"].iter_rows(values_only=True) if r[0] == kpi_name)
    assert row[2:6] == (100, 80, 80, "отстаёт") and row[6] == "без подтверждения: 1"
    pdf = tmp_path / "kpi.pdf"
    result = run(
        scratch_url,
        tmp_path,
        "report",
        "kpi",
        "--cluster",
        str(cluster_id),
        "--year",
        "2027",
        "--out",
        str(pdf),
    )
    assert result.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    bad = run(scratch_url, tmp_path, "report", "kpi", "--cluster", "999", "--year", "2025", "--out", str(out))
    assert bad.returncode == 1 and "не найден" in bad.stderr


def test_demo_strategy_is_idempotent_and_marks_every_example(session: Session) -> None:
    load_demo_registry(session=session)
    first = demo.load_demo(session=session)
    assert first["programs"] == 2 and first["kpis"] == 4 and first["kpi_values"] == 8
    assert set(demo.load_demo(session=session).values()) == {0}
    programs = session.scalars(select(Program)).all()
    assert all(p.is_demo and p.source for p in programs)
    targets = {(t.year, t.value): t.source for t in session.scalars(select(KpiTarget))}
    public = {year_value: source for year_value, source in targets.items() if not is_example(source)}
    assert public == {(2030, 1000.0): TASS, (2030, 6000.0): TASS}  # the public 2030 plans
    assert {source for key, source in targets.items() if key not in public} == {EXAMPLE}
    values = session.scalars(select(KpiValue)).all()
    assert values and all(v.evidence_note == EXAMPLE for v in values)  # no actual value is public
    industrial = next(p for p in programs if p.first_year == 2025)
    items = roadmap.get_items(session=session, program_id=industrial.id)
    assert len(items) == 5 and all(i.start_date or i.due_date for i in items)
    examples = [i for i in items if is_example(i.source)]
    assert len(examples) == 4 and all(i.start_date and i.due_date for i in examples)
    [public_item] = [i for i in items if not is_example(i.source)]
    assert public_item.due_date == date(2025, 8, 29) and public_item.source == TASS


def test_demo_kpi_cards_and_reports_carry_the_example_mark(session: Session) -> None:
    load_demo_registry(session=session)
    demo.load_demo(session=session)
    session.expire_all()
    industrial = session.scalar(select(Program).where(Program.first_year == 2025))
    found = status.cluster_status(session=session, cluster_id=industrial.cluster_id, year=2026, today=TODAY)
    rows = {r.code: r for r in found}
    assert (rows["investment_total"].plan, rows["investment_total"].fact) == (200, 95)
    assert rows["investment_total"].status == status.LAGGING  # 95 after three quarters, pace 150
    assert rows["output"].status == status.ON_TRACK  # 1 230 after three quarters, pace 1 125
    assert rows["participants"].plan == 8 and rows["participants"].fact is not None
    assert all(EXAMPLE in r.sources for r in rows.values())

    report = reports.build_report(session=session, cluster_id=industrial.cluster_id, year=2026, today=TODAY)
    book = load_workbook(io.BytesIO(reports.report_xlsx(report)))
    kpi_rows = [r for r in book["Показатели"].iter_rows(min_row=5, values_only=True)]
    assert len(kpi_rows) == 3 and all(EXAMPLE in r[-1] for r in kpi_rows)
    header, *items = list(book["Дорожная карта"].iter_rows(min_row=4, values_only=True))
    assert header[-1] == "Источник данных"
    assert sum(1 for r in items if r[-1] and "сроки и ход работ — пример" in r[-1]) == 4

    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(report_pdf.report_pdf(report))).pages
    )
    text = " ".join(text.split())
    assert text.count("пример, не из открытых источников") >= 3 + 4  # three KPI rows, four roadmap items
