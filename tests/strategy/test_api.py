"""The strategy API contract: programs, directions, roadmap, KPIs, targets, values, status and reports."""

from __future__ import annotations

import io
from datetime import date

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.conftest import Accounts

YEAR = date.today().year - 1  # a finished year: its facts are whole-year facts


def _post(client: TestClient, accounts: Accounts, path: str, body: dict, role: str = "manager") -> dict:
    response = client.post(f"/api/v1/{path}", json=body, headers=accounts.headers(role))
    assert response.status_code == 201, response.text
    return response.json()


def _program(client: TestClient, accounts: Accounts) -> tuple[int, int]:
    cluster = _post(client, accounts, "clusters", {"name": "Кластер БАС", "kind": "industrial"})
    program = _post(
        client,
        accounts,
        "programs",
        {"cluster_id": cluster["id"], "title": "Программа развития", "first_year": YEAR, "last_year": 2030},
    )
    return cluster["id"], program["id"]


def _kpi(client: TestClient, accounts: Accounts, program_id: int, code: str, **extra: object) -> dict:
    body = {"program_id": program_id, "code": code, "name": f"Показатель {code}", "unit": "ед."}
    return _post(client, accounts, "kpis", {**body, "kind": "manual", "computed_by": None, **extra})


def _status(client: TestClient, cluster_id: int, year: int = YEAR) -> dict[str, dict]:
    response = client.get(f"/api/v1/clusters/{cluster_id}/kpi-status", params={"year": year})
    assert response.status_code == 200, response.text
    return {row["code"]: row for row in response.json()}


def test_program_is_created_with_id_and_version_and_guarded_by_role(
    client: TestClient, accounts: Accounts
) -> None:
    cluster_id, program_id = _program(client, accounts)
    body = client.get(f"/api/v1/programs/{program_id}").json()
    assert body["version"] == 1 and body["cluster_id"] == cluster_id and body["first_year"] == YEAR
    new = {"cluster_id": cluster_id, "title": "Ещё одна", "first_year": 2025, "last_year": 2026}
    assert client.post("/api/v1/programs", json=new).status_code == 401
    for role in ("analyst", "member"):
        assert client.post("/api/v1/programs", json=new, headers=accounts.headers(role)).status_code == 403
    bad = client.post(
        "/api/v1/programs", json={**new, "last_year": 2020}, headers=accounts.headers("manager")
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "last_year"]
    stale = client.patch(
        f"/api/v1/programs/{program_id}",
        json={"title": "Новая", "version": 7},
        headers=accounts.headers("manager"),
    )
    assert stale.status_code == 409
    listed = client.get("/api/v1/programs", params={"cluster_id": cluster_id}).json()
    assert [p["id"] for p in listed["items"]] == [program_id]


def test_roadmap_dependencies_overdue_and_cycle_rejection(client: TestClient, accounts: Accounts) -> None:
    _, program_id = _program(client, accounts)
    direction = _post(client, accounts, "directions", {"program_id": program_id, "title": "Лидары"})
    first = _post(
        client,
        accounts,
        "roadmap",
        {
            "program_id": program_id,
            "direction_id": direction["id"],
            "title": "Опытный образец лидара",
            "start_date": "2020-01-10",
            "due_date": "2020-06-30",
            "status": "in_progress",
            "organization_ids": [accounts.member_org.id],
        },
    )
    assert first["overdue"] is True and first["organization_ids"] == [accounts.member_org.id]
    second = _post(
        client,
        accounts,
        "roadmap",
        {"program_id": program_id, "title": "Серийное производство", "depends_on": [first["id"]]},
    )
    assert second["depends_on"] == [first["id"]] and second["overdue"] is False
    cycle = client.patch(
        f"/api/v1/roadmap/{first['id']}",
        json={"depends_on": [second["id"]], "version": first["version"]},
        headers=accounts.headers("manager"),
    )
    assert cycle.status_code == 422
    assert "цикл" in cycle.json()["detail"] and "Серийное производство" in cycle.json()["detail"]
    done = client.patch(
        f"/api/v1/roadmap/{first['id']}",
        json={"status": "done", "version": first["version"]},
        headers=accounts.headers("manager"),
    )
    assert done.status_code == 200 and done.json()["overdue"] is False and done.json()["progress"] == 100
    overdue = client.get("/api/v1/roadmap", params={"program_id": program_id, "overdue": True}).json()
    assert overdue["total"] == 0
    by_direction = client.get("/api/v1/roadmap", params={"direction_id": direction["id"]}).json()
    assert [i["id"] for i in by_direction["items"]] == [first["id"]]
    bad_dates = client.post(
        "/api/v1/roadmap",
        json={"program_id": program_id, "title": "X", "start_date": "2025-05-01", "due_date": "2025-01-01"},
        headers=accounts.headers("manager"),
    )
    assert bad_dates.status_code == 422 and bad_dates.json()["detail"][0]["loc"] == ["body", "due_date"]


def test_target_100_fact_80_is_80_percent_and_lagging(client: TestClient, accounts: Accounts) -> None:
    cluster_id, program_id = _program(client, accounts)
    kpi = _kpi(client, accounts, program_id, "output", direction="higher")
    _post(client, accounts, f"kpis/{kpi['id']}/targets", {"year": YEAR, "value": 100})
    value = _post(client, accounts, f"kpis/{kpi['id']}/values", {"year": YEAR, "value": 80, "evidence": None})
    assert value["has_evidence"] is False and value["evidence"] is None
    row = _status(client, cluster_id)["output"]
    assert set(row) >= {"kpi_id", "code", "name", "unit", "plan", "fact", "percent", "status"}
    assert (row["plan"], row["fact"], row["percent"], row["status"]) == (100, 80, 80.0, "lagging")
    assert row["unsupported_values"] == 1
    client.patch(
        f"/api/v1/kpis/{kpi['id']}/values/{value['id']}",
        json={
            "value": 120,
            "evidence": {"kind": "note", "note": "Отчёт участников", "document": "№ 5"},
            "version": 1,
        },
        headers=accounts.headers("manager"),
    ).raise_for_status()
    row = _status(client, cluster_id)["output"]
    assert (row["percent"], row["status"], row["unsupported_values"]) == (120.0, "met", 0)
    assert "Отчёт участников" in row["evidence"]


def test_lower_is_better_uses_plan_over_fact(client: TestClient, accounts: Accounts) -> None:
    cluster_id, program_id = _program(client, accounts)
    kpi = _kpi(client, accounts, program_id, "import_share", direction="lower", unit="%")
    _post(client, accounts, f"kpis/{kpi['id']}/targets", {"year": YEAR, "value": 40})
    value = _post(
        client,
        accounts,
        f"kpis/{kpi['id']}/values",
        {"year": YEAR, "value": 50, "evidence": {"kind": "file", "file": "отчёт.xlsx", "row": 7}},
    )
    row = _status(client, cluster_id)["import_share"]
    assert (row["percent"], row["status"]) == (80.0, "lagging")
    assert "отчёт.xlsx, строка 7" in row["evidence"]
    client.patch(
        f"/api/v1/kpis/{kpi['id']}/values/{value['id']}",
        json={"value": 32, "version": value["version"]},
        headers=accounts.headers("manager"),
    ).raise_for_status()
    row = _status(client, cluster_id)["import_share"]
    assert (row["percent"], row["status"]) == (125.0, "met")


def test_no_target_or_no_fact_is_no_data(client: TestClient, accounts: Accounts) -> None:
    cluster_id, program_id = _program(client, accounts)
    _kpi(client, accounts, program_id, "patents")
    row = _status(client, cluster_id)["patents"]
    assert (row["plan"], row["fact"], row["percent"], row["status"]) == (None, None, None, "no_data")


def test_computed_kpi_counts_members_and_refuses_typed_values(client: TestClient, accounts: Accounts) -> None:
    cluster_id, program_id = _program(client, accounts)
    unknown = client.post(
        "/api/v1/kpis",
        json={
            "program_id": program_id,
            "code": "x",
            "name": "X",
            "unit": "ед.",
            "kind": "computed",
            "computed_by": "no_such_indicator",
        },
        headers=accounts.headers("manager"),
    )
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "computed_by"]
    kpi = _kpi(
        client, accounts, program_id, "participants", kind="computed", computed_by="participants_total"
    )
    _post(client, accounts, f"kpis/{kpi['id']}/targets", {"year": YEAR, "value": 1})
    typed = client.post(
        f"/api/v1/kpis/{kpi['id']}/values",
        json={"year": YEAR, "value": 5},
        headers=accounts.headers("manager"),
    )
    assert typed.status_code == 422 and "не вводится вручную" in typed.json()["detail"]
    assert _status(client, cluster_id)["participants"]["fact"] == 0
    _post(
        client,
        accounts,
        "memberships",
        {
            "cluster_id": cluster_id,
            "organization_id": accounts.member_org.id,
            "role": "member",
            "since": f"{YEAR}-03-01",
        },
    )
    row = _status(client, cluster_id)["participants"]
    assert (row["fact"], row["percent"], row["status"]) == (1, 100.0, "met")
    assert "вычислено" in row["evidence"]
    names = {i["name"] for i in client.get("/api/v1/computed-indicators").json()}
    assert {"participants_total", "participants_enterprise", "organizations_joined"} <= names


def test_member_submits_only_their_organisations_values(client: TestClient, accounts: Accounts) -> None:
    _, program_id = _program(client, accounts)
    kpi = _kpi(client, accounts, program_id, "jobs")
    own = _post(client, accounts, f"kpis/{kpi['id']}/values", {"year": YEAR, "value": 12}, role="member")
    assert own["organization_id"] == accounts.member_org.id and own["entered_by"] == "member-user"
    other_org = _post(
        client,
        accounts,
        "organizations",
        {"short_name": "Другая", "name": "ООО «Другая»", "kind": "enterprise"},
    )
    foreign = client.post(
        f"/api/v1/kpis/{kpi['id']}/values",
        json={"year": YEAR, "value": 3, "organization_id": other_org["id"]},
        headers=accounts.headers("member"),
    )
    assert foreign.status_code == 403
    analyst = client.post(
        f"/api/v1/kpis/{kpi['id']}/values",
        json={"year": YEAR, "value": 3},
        headers=accounts.headers("analyst"),
    )
    assert analyst.status_code == 403
    assert client.post(f"/api/v1/kpis/{kpi['id']}/values", json={"year": YEAR, "value": 3}).status_code == 401
    duplicate = client.post(
        f"/api/v1/kpis/{kpi['id']}/values",
        json={"year": YEAR, "value": 1},
        headers=accounts.headers("member"),
    )
    assert duplicate.status_code == 409
    bad_quarter = client.post(
        f"/api/v1/kpis/{kpi['id']}/values",
        json={"year": YEAR, "quarter": 5, "value": 1},
        headers=accounts.headers("manager"),
    )
    assert bad_quarter.status_code == 422 and bad_quarter.json()["detail"][0]["loc"] == ["body", "quarter"]


def test_kpi_report_downloads_as_xlsx_and_pdf(client: TestClient, accounts: Accounts) -> None:
    cluster_id, program_id = _program(client, accounts)
    kpi = _kpi(client, accounts, program_id, "output")
    _post(client, accounts, f"kpis/{kpi['id']}/targets", {"year": YEAR, "value": 100})
    _post(client, accounts, f"kpis/{kpi['id']}/values", {"year": YEAR, "value": 80})
    xlsx = client.get(f"/api/v1/clusters/{cluster_id}/kpi-report", params={"year": YEAR})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content))["Показатели"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == kpi["name"]]  # named, not coded
    assert rows and rows[0][2:6] == (100, 80, 80, "отстаёт")
    pdf = client.get(f"/api/v1/clusters/{cluster_id}/kpi-report", params={"year": YEAR, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    catalogue = client.get("/api/v1/kpi-catalogue").json()
    assert any(e["code"] == "high_tech_exports" for e in catalogue)
