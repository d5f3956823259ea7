"""The reporting API: campaigns, a member's form from draft to accepted, access, audit, 422s in Russian."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.models import ChangeRecord
from tests.reporting.conftest import PERIOD, World, forms_by_org, open_campaign


def _fill(client: TestClient, world: World, form: dict, who: str, counterparties: list[dict]) -> dict:
    body = {
        "values": {"revenue": 1500.5, "industrial_output": 1200, "headcount": 40, "special_territory": 0},
        "sources": {"revenue": "ОФР за 2025 г., стр. 2110"},
        "counterparties": counterparties,
        "version": form["version"],
    }
    response = client.patch(
        f"/api/v1/reporting/submissions/{form['id']}", json=body, headers=world.headers(who)
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_campaign_gives_every_participant_a_form_but_not_the_authority(
    client: TestClient, world: World
) -> None:
    campaign = open_campaign(client, world)
    assert campaign["year"] == 2025 and campaign["quarter"] is None
    forms = forms_by_org(client, world, campaign["id"])
    assert set(forms) == {o.id for o in world.orgs}
    assert {f["status"] for f in forms.values()} == {"not_started"}
    again = client.post(
        "/api/v1/reporting/campaigns",
        json={
            "cluster_id": world.cluster.id,
            "period": PERIOD,
            "indicators": ["revenue"],
            "deadline": "2026-03-31",
        },
        headers=world.headers("manager"),
    )
    assert again.status_code == 409 and "уже есть" in again.json()["detail"]
    quarter = open_campaign(client, world, period="2025-Q2", indicators=["revenue"])
    assert quarter["quarter"] == 2


def test_campaign_input_errors_are_russian_422_naming_the_field(client: TestClient, world: World) -> None:
    base = {
        "cluster_id": world.cluster.id,
        "period": "2025",
        "indicators": ["revenue"],
        "deadline": "2026-03-31",
    }
    cases = [
        ({"period": "2025-Q5"}, "period"),
        ({"indicators": ["revenue", "нет-такого"]}, "indicators"),
        ({"cluster_id": 999999}, "cluster_id"),
    ]
    for change, field in cases:
        response = client.post(
            "/api/v1/reporting/campaigns", json={**base, **change}, headers=world.headers("manager")
        )
        assert response.status_code == 422, response.text
        assert field in response.text
    for role in ("member", "analyst"):
        response = client.post("/api/v1/reporting/campaigns", json=base, headers=world.headers(role))
        assert response.status_code == 403
    assert client.post("/api/v1/reporting/campaigns", json=base).status_code == 401


def test_member_fills_submits_manager_accepts_everything_audited(
    client: TestClient, world: World, session: Session
) -> None:
    campaign = open_campaign(client, world)
    forms = forms_by_org(client, world, campaign["id"])
    own = forms[world.orgs[0].id]
    contract = {"number": "12/25-П", "date": "2025-03-01", "kind": "supply"}
    saved = _fill(
        client,
        world,
        own,
        "member",
        [
            {"organization_id": world.orgs[1].id, "sales": 300, "purchases": 0, "contracts": [contract]},
            {"organization_id": world.orgs[2].id, "sales": 0, "purchases": 120, "contracts": []},
        ],
    )
    assert saved["status"] == "draft"
    assert saved["derived"]["output_to_participants"] == 300
    assert [c["organization"] for c in saved["counterparties"]] == ["ООО «Бета»", "АО «Гамма»"]
    submitted = client.post(
        f"/api/v1/reporting/submissions/{own['id']}/submit", headers=world.headers("member")
    )
    assert submitted.status_code == 200 and submitted.json()["submitted_by"] == "member-user"
    locked = client.patch(
        f"/api/v1/reporting/submissions/{own['id']}",
        json={"values": {"revenue": 1}, "version": submitted.json()["version"]},
        headers=world.headers("member"),
    )
    assert locked.status_code == 409 and "вернёт" in locked.json()["detail"]
    # a member may not accept their own form
    path = f"/api/v1/reporting/submissions/{own['id']}"
    assert client.post(f"{path}/accept", headers=world.headers("member")).status_code == 403
    returned = client.post(
        f"{path}/return", json={"comment": "Уточните выручку"}, headers=world.headers("manager")
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    again = client.post(f"{path}/submit", headers=world.headers("member"))
    assert again.status_code == 200
    accepted = client.post(f"{path}/accept", headers=world.headers("manager"))
    assert accepted.status_code == 200 and accepted.json()["reviewed_by"] == "manager-user"
    records = session.scalars(
        select(ChangeRecord)
        .where(ChangeRecord.entity_type == "reporting_submission", ChangeRecord.entity_id == own["id"])
        .order_by(ChangeRecord.id)
    ).all()
    statuses = [r.after["status"] for r in records if r.after]
    assert statuses[-5:] == ["draft", "submitted", "returned", "submitted", "accepted"]
    assert session.scalars(
        select(ChangeRecord).where(ChangeRecord.entity_type == "reporting_counterparty")
    ).all()
    opened = session.scalars(
        select(ChangeRecord).where(
            ChangeRecord.entity_type == "reporting_campaign", ChangeRecord.entity_id == campaign["id"]
        )
    ).all()
    assert [(r.action, r.actor_name) for r in opened] == [("create", "manager-user")]


def test_submit_refuses_missing_values_naming_them(client: TestClient, world: World) -> None:
    campaign = open_campaign(client, world)
    own = forms_by_org(client, world, campaign["id"])[world.orgs[0].id]
    response = client.post(
        f"/api/v1/reporting/submissions/{own['id']}/submit", headers=world.headers("member")
    )
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["problems"]}
    assert fields == {
        "values.revenue",
        "values.industrial_output",
        "values.headcount",
        "values.special_territory",
    }
    assert "не заполнено: Выручка" in response.json()["detail"]


def test_bad_values_and_counterparties_are_422_naming_the_field(client: TestClient, world: World) -> None:
    campaign = open_campaign(client, world)
    own = forms_by_org(client, world, campaign["id"])[world.orgs[0].id]
    path = f"/api/v1/reporting/submissions/{own['id']}"
    cases = [
        ({"values": {"headcount": 10.5}}, "values.headcount", "целое"),
        ({"values": {"revenue": -1}}, "values.revenue", "отрицательным"),
        ({"values": {"special_territory": 2}}, "values.special_territory", "1 (да) или 0"),
        ({"values": {"export": 5}}, "values.export", "не входит"),
        ({"values": {"output_to_participants": 5}}, "values.output_to_participants", "Кооперация"),
        (
            {"counterparties": [{"organization_id": world.orgs[0].id}]},
            "counterparties[0].organization_id",
            "самой себе",
        ),
        (
            {"counterparties": [{"organization_id": 999999}]},
            "counterparties[0].organization_id",
            "не найдена",
        ),
    ]
    for body, field, words in cases:
        response = client.patch(
            path, json={**body, "version": own["version"]}, headers=world.headers("member")
        )
        assert response.status_code == 422, (body, response.text)
        problem = response.json()["problems"][0]
        assert problem["field"] == field and words in problem["message"], response.text
    bad_date = client.patch(
        path,
        json={
            "counterparties": [
                {"organization_id": world.orgs[1].id, "contracts": [{"number": "1", "date": "вчера"}]}
            ],
            "version": 1,
        },
        headers=world.headers("member"),
    )
    assert bad_date.status_code == 422
    stale = client.patch(
        path, json={"values": {"revenue": 1}, "version": 99}, headers=world.headers("member")
    )
    assert stale.status_code == 409


def test_members_cannot_see_or_edit_other_members_forms(client: TestClient, world: World) -> None:
    campaign = open_campaign(client, world)
    forms = forms_by_org(client, world, campaign["id"])
    own, other = forms[world.orgs[0].id], forms[world.orgs[1].id]
    mine = client.get(
        f"/api/v1/reporting/campaigns/{campaign['id']}/submissions", headers=world.headers("member")
    )
    assert [s["id"] for s in mine.json()["items"]] == [own["id"]]
    path = f"/api/v1/reporting/submissions/{other['id']}"
    assert client.get(path, headers=world.headers("member")).status_code == 403
    assert client.get(path).status_code == 401
    assert client.get(f"{path}/template.xlsx", headers=world.headers("member")).status_code == 403
    response = client.patch(
        path, json={"values": {"revenue": 1}, "version": 1}, headers=world.headers("member")
    )
    assert response.status_code == 403
    assert client.post(f"{path}/submit", headers=world.headers("member")).status_code == 403
    assert client.get(path, headers=world.headers("member-b")).status_code == 200
    assert client.get(path, headers=world.headers("analyst")).status_code == 200
    assert (
        client.patch(
            path, json={"values": {"revenue": 1}, "version": 1}, headers=world.headers("analyst")
        ).status_code
        == 403
    )
    compliance = f"/api/v1/clusters/{world.cluster.id}/compliance"
    assert (
        client.get(compliance, params={"period": PERIOD}, headers=world.headers("member")).status_code == 403
    )


def test_reminder_list_names_forms_not_sent_and_their_users(client: TestClient, world: World) -> None:
    campaign = open_campaign(client, world)
    response = client.get(
        f"/api/v1/reporting/campaigns/{campaign['id']}/reminders", headers=world.headers("manager")
    )
    rows = {r["organization"]: r for r in response.json()}
    assert set(rows) == {o.short_name for o in world.orgs}
    assert rows["ООО «Бета»"]["users"] == ["member-b"]
    assert rows["АО «Гамма»"]["users"] == []


def test_out_of_range_ids_are_404_and_control_characters_cleaned_not_500(
    client: TestClient, world: World
) -> None:
    # the kit's rule (web/errors.py): an id in the address that no row can have is «not found»
    headers = world.headers("manager")
    assert client.get("/api/v1/reporting/submissions/99999999999", headers=headers).status_code == 404
    assert client.get("/api/v1/reporting/campaigns/0", headers=headers).status_code == 404
    assert (
        client.get("/api/v1/clusters/99999999999/compliance?period=2025", headers=headers).status_code == 404
    )
    assert client.get("/api/v1/reporting/submissions/2147483647", headers=headers).status_code == 404
    campaign = open_campaign(client, world)
    own = forms_by_org(client, world, campaign["id"])[world.orgs[0].id]
    path = f"/api/v1/reporting/submissions/{own['id']}"
    body = {
        "values": {"revenue": 5},
        "sources": {"revenue": "ОФР\u0000 2025"},
        "counterparties": [
            {
                "organization_id": world.orgs[1].id,
                "contracts": [{"number": "7\u0000-А", "date": "2025-01-02"}],
            }
        ],
        "version": own["version"],
    }
    saved = client.patch(path, json=body, headers=world.headers("member"))
    assert saved.status_code == 200, saved.text
    assert saved.json()["sources"]["revenue"] == "ОФР 2025"
    assert saved.json()["counterparties"][0]["contracts"][0]["number"] == "7-А"


def test_closed_campaign_locks_forms_and_patch_checks_version(client: TestClient, world: World) -> None:
    campaign = open_campaign(client, world)
    path = f"/api/v1/reporting/campaigns/{campaign['id']}"
    stale = client.patch(path, json={"status": "closed", "version": 9}, headers=world.headers("manager"))
    assert stale.status_code == 409
    member = client.patch(path, json={"status": "closed", "version": 1}, headers=world.headers("member"))
    assert member.status_code == 403
    closed = client.patch(
        path,
        json={"status": "closed", "deadline": "2026-04-30", "version": 1},
        headers=world.headers("manager"),
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["deadline"] == "2026-04-30"
    own = forms_by_org(client, world, campaign["id"])[world.orgs[0].id]
    response = client.patch(
        f"/api/v1/reporting/submissions/{own['id']}",
        json={"values": {"revenue": 1}, "version": own["version"]},
        headers=world.headers("member"),
    )
    assert response.status_code == 409 and "закрыта" in response.json()["detail"]
