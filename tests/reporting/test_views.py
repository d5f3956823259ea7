"""Reporting pages over HTTP: a member sees only their form; row errors; review; the compliance page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.auth.security import issue_token
from clusterdesk.web.deps import SESSION_COOKIE
from tests.conftest import TEST_SECRET, Accounts
from tests.reporting.conftest import World, forms_by_org, open_campaign


def _login(client: TestClient, user_id: int) -> None:
    client.cookies.set(SESSION_COOKIE, issue_token(user_id=user_id, secret_key=TEST_SECRET, ttl_minutes=10))


def test_member_sees_only_their_form_on_the_pages(
    client: TestClient, world: World, accounts: Accounts
) -> None:
    campaign = open_campaign(client, world)
    forms = forms_by_org(client, world, campaign["id"])
    _login(client, accounts.users["member"].id)
    page = client.get(f"/reporting/campaigns/{campaign['id']}")
    assert page.status_code == 200
    assert (
        world.orgs[0].short_name in page.text
        and "ООО «Бета»" not in page.text.split('data-testid="forms"')[1]
    )
    assert client.get(f"/reporting/forms/{forms[world.orgs[1].id]['id']}").status_code == 403
    posted = client.post(f"/reporting/forms/{forms[world.orgs[1].id]['id']}", data={"value__revenue": "1"})
    assert posted.status_code == 403
    assert client.get("/reporting/compliance").status_code == 403
    home = client.get("/reporting")
    assert home.status_code == 200 and "Формы моей организации" in home.text


def test_form_errors_name_the_row_and_column_and_keep_the_input(
    client: TestClient, world: World, accounts: Accounts
) -> None:
    campaign = open_campaign(client, world)
    form = forms_by_org(client, world, campaign["id"])[world.orgs[0].id]
    _login(client, accounts.users["member"].id)
    data = {
        "version": "1",
        "value__revenue": "1 000,5",
        "value__industrial_output": "абв",
        "value__headcount": "12",
        "value__special_territory": "0",
        "cp_org_0": str(world.orgs[1].id),
        "cp_sales_0": "100",
        "cp_number_0": "5-Д",
        "cp_date_0": "",
        "cp_kind_0": "supply",
        "action": "save",
    }
    bad = client.post(f"/reporting/forms/{form['id']}", data=data)
    assert bad.status_code == 422
    assert "строка 1, поле «Кооперация / Дата договора»: у договора нужна дата" in bad.text
    assert "поле «Отгружено промышленной продукции собственного производства»: введите число" in bad.text
    assert 'value="1 000,5"' in bad.text  # what was typed stays in the form
    good = client.post(
        f"/reporting/forms/{form['id']}",
        data={**data, "value__industrial_output": "800", "cp_date_0": "2025-02-03", "action": "submit"},
        follow_redirects=False,
    )
    assert good.status_code == 303, good.text
    shown = client.get(good.headers["location"])
    assert "Форма отправлена" in shown.text and "отправлена" in shown.text


def test_manager_reviews_and_sees_compliance(
    client: TestClient, world: World, accounts: Accounts, session: Session
) -> None:
    campaign = open_campaign(client, world)
    form = forms_by_org(client, world, campaign["id"])[world.orgs[0].id]
    body = {
        "values": {"revenue": 1, "industrial_output": 1, "headcount": 1, "special_territory": 0},
        "version": 1,
    }
    client.patch(f"/api/v1/reporting/submissions/{form['id']}", json=body, headers=world.headers("member"))
    client.post(f"/api/v1/reporting/submissions/{form['id']}/submit", headers=world.headers("member"))
    _login(client, accounts.users["manager"].id)
    empty = client.post(f"/reporting/forms/{form['id']}/review", data={"action": "return", "comment": " "})
    assert empty.status_code == 422 and "напишите, что исправить" in empty.text
    accepted = client.post(
        f"/reporting/forms/{form['id']}/review", data={"action": "accept"}, follow_redirects=False
    )
    assert accepted.status_code == 303
    page = client.get("/reporting/compliance", params={"cluster_id": world.cluster.id, "period": "2025"})
    assert page.status_code == 200
    assert "Требования к промышленным кластерам, подпункт «а»" in page.text and "нет данных" in page.text
    assert client.get("/reporting/compliance", params={"period": "двадцать"}).status_code == 422
    progress = client.get(f"/reporting/campaigns/{campaign['id']}")
    assert "Напоминания" in progress.text and "ООО «Бета» — не начата" in progress.text
    assert client.get("/reporting").status_code == 200


def test_odd_row_numbers_and_foreign_values_do_not_break_the_form(
    client: TestClient, world: World, accounts: Accounts
) -> None:
    campaign = open_campaign(client, world)
    form = forms_by_org(client, world, campaign["id"])[world.orgs[0].id]
    _login(client, accounts.users["member"].id)
    data = {
        "cp_org_999999999": str(world.orgs[1].id),
        "cp_sales_999999999": "10",
        "cp_org_5": "99999999999",
        "value__revenue": "1e400",
        "action": "save",
    }
    response = client.post(f"/reporting/forms/{form['id']}", data=data)
    assert response.status_code == 422
    problems = response.text.split('data-testid="problems"')[1].split("</div>")[0]
    assert "строка 1, поле «Кооперация / Контрагент»: выберите контрагента из списка" in problems, problems
    assert "введите число" in problems


def test_campaign_form_errors_are_russian_and_a_good_one_opens_the_campaign(
    client: TestClient, world: World, accounts: Accounts
) -> None:
    _login(client, accounts.users["manager"].id)
    data = {
        "cluster_id": str(world.cluster.id),
        "period": "2025-Q7",
        "deadline": "",
        "indicators": ["revenue"],
    }
    bad = client.post("/reporting/campaigns", data=data)
    assert bad.status_code == 422
    assert "Период: период в виде ГГГГ (год) или ГГГГ-QN (квартал)" in bad.text
    assert "Срок сдачи:" in bad.text
    good = client.post(
        "/reporting/campaigns",
        data={**data, "period": "2025-Q1", "deadline": "2025-04-20"},
        follow_redirects=False,
    )
    assert good.status_code == 303
    page = client.get(good.headers["location"])
    assert "Отчётность участников за 1 квартал 2025 года" in page.text
    _login(client, accounts.users["member"].id)
    assert client.post("/reporting/campaigns", data=data).status_code == 403
