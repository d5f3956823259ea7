"""The XLSX form: downloaded pre-filled, read back with openpyxl, uploaded with row/column errors or clean."""

from __future__ import annotations

import io
from datetime import datetime

from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import load_workbook

from tests.reporting.conftest import World, forms_by_org, open_campaign


def _download(client: TestClient, world: World, form_id: int, who: str = "member-b") -> bytes:
    response = client.get(
        f"/api/v1/reporting/submissions/{form_id}/template.xlsx", headers=world.headers(who)
    )
    assert response.status_code == 200, response.text
    return response.content


def _upload(
    client: TestClient, world: World, form_id: int, content: bytes, who: str = "member-b"
) -> Response:
    files = {"file": ("forma.xlsx", content, "application/octet-stream")}
    return client.post(
        f"/api/v1/reporting/submissions/{form_id}/template", files=files, headers=world.headers(who)
    )


def _fill(content: bytes, world: World, *, headcount: object = 25, date: object = "05.03.2025") -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book["Показатели"]
    for row in sheet.iter_rows(min_row=5):
        code = row[0].value
        row[3].value = {
            "revenue": "1 250,5",
            "industrial_output": 900,
            "headcount": headcount,
            "special_territory": "нет",
        }.get(code, row[3].value)
        if code == "revenue":
            row[4].value = "Бухгалтерская отчётность 2025, ф. 2"
    coop = book["Кооперация"]
    coop.append(["", world.orgs[0].short_name, 200, None, "44-К", date, "поставка промышленной продукции"])
    coop.append(
        [
            "",
            world.orgs[0].short_name,
            50,
            10,
            "45-К",
            datetime(2025, 6, 1),
            "работы и услуги производственного характера",
        ]
    )
    coop.append(["", "АО «Гамма»", None, 30, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_template_is_prefilled_and_readable(client: TestClient, world: World) -> None:
    campaign = open_campaign(client, world)
    form = forms_by_org(client, world, campaign["id"])[world.orgs[1].id]
    book = load_workbook(io.BytesIO(_download(client, world, form["id"])))
    assert book.sheetnames == ["Показатели", "Кооперация", "Справочник"]
    sheet = book["Показатели"]
    assert "ООО «Бета»" in sheet["A1"].value
    assert [c.value for c in sheet[4]] == [
        "Код",
        "Показатель",
        "Ед. изм.",
        "Значение",
        "Источник (документ)",
        "Пояснение",
    ]
    assert [r[0] for r in sheet.iter_rows(min_row=5, values_only=True)] == campaign["indicators"]
    names = [r[1] for r in book["Справочник"].iter_rows(min_row=2, values_only=True) if r[1]]
    assert "ООО «Бета»" not in names and world.orgs[0].short_name in names


def test_bad_row_is_reported_by_sheet_row_and_column_then_the_fixed_file_goes_in(
    client: TestClient, world: World
) -> None:
    campaign = open_campaign(client, world)
    form = forms_by_org(client, world, campaign["id"])[world.orgs[1].id]
    template = _download(client, world, form["id"])
    bad = _upload(client, world, form["id"], _fill(template, world, headcount="много", date="31.02.2025"))
    assert bad.status_code == 422
    problems = {(p["row"], p["field"]) for p in bad.json()["problems"]}
    assert (8, "Показатели / Значение") in problems  # headcount is the 4th indicator: row 5 + 3
    assert (2, "Кооперация / Дата договора") in problems
    assert "строка 2, поле «Кооперация / Дата договора»: дата в формате ДД.ММ.ГГГГ" in bad.json()["detail"]
    stored = client.get(
        f"/api/v1/reporting/submissions/{form['id']}", headers=world.headers("member-b")
    ).json()
    assert stored["status"] == "not_started" and stored["values"] == {}  # nothing stored from a bad file
    good = _upload(client, world, form["id"], _fill(template, world))
    assert good.status_code == 200, good.text
    body = good.json()
    assert body["status"] == "draft"
    assert body["values"] == {
        "revenue": 1250.5,
        "industrial_output": 900,
        "headcount": 25,
        "special_territory": 0,
    }
    assert body["sources"]["revenue"] == "Бухгалтерская отчётность 2025, ф. 2"
    parties = {c["organization"]: c for c in body["counterparties"]}
    own = parties[world.orgs[0].short_name]
    assert (
        own["sales"] == 250
        and own["purchases"] == 10
        and [k["number"] for k in own["contracts"]] == ["44-К", "45-К"]
    )
    assert parties["АО «Гамма»"]["contracts"] == [] and parties["АО «Гамма»"]["purchases"] == 30
    # the downloaded form now carries what was uploaded, and a second upload of it changes nothing
    again = _download(client, world, form["id"])
    assert _upload(client, world, form["id"], again).json()["counterparties"] == body["counterparties"]
    submit = client.post(
        f"/api/v1/reporting/submissions/{form['id']}/submit", headers=world.headers("member-b")
    )
    assert submit.status_code == 200


def test_not_an_xlsx_and_someone_elses_form_are_refused(client: TestClient, world: World) -> None:
    campaign = open_campaign(client, world)
    forms = forms_by_org(client, world, campaign["id"])
    response = _upload(client, world, forms[world.orgs[1].id]["id"], b"not a spreadsheet")
    assert response.status_code == 422 and "XLSX" in response.text
    template = _download(client, world, forms[world.orgs[1].id]["id"])
    assert _upload(client, world, forms[world.orgs[0].id]["id"], template).status_code == 403


def test_campaign_export_has_a_row_per_participant_and_their_sources(
    client: TestClient, world: World
) -> None:
    campaign = open_campaign(client, world)
    form = forms_by_org(client, world, campaign["id"])[world.orgs[1].id]
    body = {
        "values": {"revenue": 1250.5, "headcount": 7},
        "sources": {"revenue": "ОФР 2025"},
        "counterparties": [
            {
                "organization_id": world.orgs[0].id,
                "sales": 30,
                "contracts": [{"number": "9", "date": "2025-05-05"}],
            }
        ],
        "version": form["version"],
    }
    assert client.patch(
        f"/api/v1/reporting/submissions/{form['id']}", json=body, headers=world.headers("member-b")
    )
    path = f"/api/v1/reporting/campaigns/{campaign['id']}/export.xlsx"
    assert client.get(path, headers=world.headers("member")).status_code == 403
    response = client.get(path, headers=world.headers("analyst"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = {r[0]: r for r in book["Формы"].iter_rows(min_row=5, values_only=True)}
    assert set(rows) == {o.short_name for o in world.orgs}
    header = [c.value for c in book["Формы"][4]]
    beta = dict(zip(header, rows["ООО «Бета»"], strict=True))
    assert beta["Статус"] == "черновик" and beta["Выручка от реализации (без НДС), тыс. руб."] == 1250.5
    assert beta["Промышленная продукция, поставленная другим участникам кластера, тыс. руб."] == 30
    assert list(book["Источники"].iter_rows(min_row=2, values_only=True)) == [
        ("ООО «Бета»", "Выручка от реализации (без НДС)", "ОФР 2025")
    ]
    coop = list(book["Кооперация"].iter_rows(min_row=2, values_only=True))
    assert coop[0][:5] == ("ООО «Бета»", world.orgs[0].short_name, 30, 0, "9")
