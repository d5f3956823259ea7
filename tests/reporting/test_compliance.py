"""Decree 779 compliance: rules from data, per-participant contracts and shares, identical XLSX/PDF bytes."""

from __future__ import annotations

import io
import time
from datetime import date

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from clusterdesk.events.models import Agreement, AgreementKind, AgreementParty
from clusterdesk.reporting.catalogue import rulebook
from tests.reporting.conftest import PERIOD, World, forms_by_org, open_campaign


def _submit(
    client: TestClient, world: World, form: dict, who: str, values: dict, counterparties: list[dict]
) -> None:
    path = f"/api/v1/reporting/submissions/{form['id']}"
    body = {"values": values, "counterparties": counterparties, "version": form["version"]}
    assert client.patch(path, json=body, headers=world.headers(who)).status_code == 200
    assert client.post(f"{path}/submit", headers=world.headers(who)).status_code == 200
    assert client.post(f"{path}/accept", headers=world.headers("manager")).status_code == 200


def _values(output: float, territory: int = 0) -> dict:
    return {
        "revenue": output * 1.2,
        "industrial_output": output,
        "headcount": 10,
        "special_territory": territory,
    }


def _compliance(client: TestClient, world: World, **params: str) -> dict:
    response = client.get(
        f"/api/v1/clusters/{world.cluster.id}/compliance",
        params={"period": PERIOD, **params},
        headers=world.headers("manager"),
    )
    assert response.status_code == 200, response.text
    return response.json() if not params else response


def test_every_rule_names_its_clause_and_threshold_from_data(client: TestClient, world: World) -> None:
    report = _compliance(client, world)
    codes = [r["code"] for r in report["rules"]]
    assert codes == [r.code for r in rulebook().rules]
    contracts = report["rules"][0]
    assert contracts["clause"] == "Требования к промышленным кластерам, подпункт «а»"
    assert contracts["threshold"] == {"min_contracts_per_participant": 1}
    assert {r["status"] for r in report["rules"]} == {"no_data"}  # no campaign yet: nothing is judged
    dependence = report["rules"][1]
    assert dependence["threshold"]["share"] == 0.2 and dependence["threshold"]["reduced_share"] == 0.1
    assert [p["status"] for p in report["participants"]] == ["no_data"] * 4


def test_two_accepted_forms_meet_the_contract_rule_for_those_two_only(
    client: TestClient, world: World
) -> None:
    campaign = open_campaign(client, world)
    forms = forms_by_org(client, world, campaign["id"])
    a, b, c, _d = world.orgs
    contract = {"number": "7-П", "date": "2025-02-10", "kind": "supply"}
    _submit(
        client,
        world,
        forms[a.id],
        "member",
        _values(1000),
        [
            {"organization_id": b.id, "sales": 250, "contracts": [contract]},
            {
                "organization_id": world.authority.id,
                "sales": 999,
                "contracts": [contract],
            },  # not a participant
        ],
    )
    _submit(
        client,
        world,
        forms[b.id],
        "member-b",
        _values(500),
        [{"organization_id": a.id, "purchases": 250, "sales": 50}],
    )
    report = _compliance(client, world)
    people = {p["organization_id"]: p for p in report["participants"]}
    assert people[a.id]["status"] == "met" and people[b.id]["status"] == "met"  # B is a party to A's contract
    assert people[c.id]["status"] == "no_data"
    assert people[a.id]["contracts_with_participants"] == 1
    assert (
        people[a.id]["cooperation_share"] == 0.25
    )  # 250 to participants (the authority does not count) / 1000
    assert people[b.id]["cooperation_share"] == 0.1
    rule = {r["code"]: r for r in report["rules"]}
    assert rule["contracts"]["status"] == "no_data" and rule["contracts"]["value"] == "2 из 4"
    assert rule["functional_dependence"]["status"] == "no_data"  # two of four reported: never judged on part
    assert abs(rule["functional_dependence"]["value"] - 300 / 1500) < 1e-9
    evidence = rule["contracts"]["evidence"]
    assert {e["organization_id"] for e in evidence} == {a.id, b.id}
    assert "договор № 7-П от 10.02.2025" in evidence[0]["text"]


def test_all_reported_judges_dependence_and_no_production(client: TestClient, world: World) -> None:
    campaign = open_campaign(client, world)
    forms = forms_by_org(client, world, campaign["id"])
    a, b, c, d = world.orgs
    k = {"number": "1", "date": "2025-01-15", "kind": "works"}
    _submit(
        client,
        world,
        forms[a.id],
        "manager",
        _values(1000, 1),
        [{"organization_id": b.id, "sales": 150, "contracts": [k]}],
    )
    _submit(
        client,
        world,
        forms[b.id],
        "manager",
        _values(0),
        [{"organization_id": c.id, "purchases": 10, "contracts": [k]}],
    )
    _submit(client, world, forms[c.id], "manager", _values(1000), [{"organization_id": d.id, "sales": 0}])
    _submit(client, world, forms[d.id], "manager", _values(0), [])
    report = _compliance(client, world)
    rule = {r["code"]: r for r in report["rules"]}
    # 150 of 2000 = 7.5 % < 20 % (one of four participants on a special territory: 25 % < 30 %)
    assert rule["functional_dependence"]["status"] == "not_met"
    assert rule["functional_dependence"]["value"] == 0.075
    assert "применён порог 20%" in rule["functional_dependence"]["note"]
    assert rule["no_production"]["status"] == "met" and rule["no_production"]["value"] == 2
    people = {p["organization_id"]: p for p in report["participants"]}
    assert people[d.id]["status"] == "not_met"  # accepted form, no contract with anyone
    assert rule["contracts"]["status"] == "not_met"


def test_registry_agreements_are_indirect_evidence_not_contracts(
    client: TestClient, world: World, session: Session
) -> None:
    a, b = world.orgs[:2]
    agreement = Agreement(subject="Поставка плат", kind=AgreementKind.supply, signed_on=date(2025, 5, 1))
    session.add(agreement)
    session.flush()
    session.add_all([AgreementParty(agreement_id=agreement.id, organization_id=o.id) for o in (a, b)])
    session.commit()
    report = _compliance(client, world)
    people = {p["organization_id"]: p for p in report["participants"]}
    assert people[a.id]["status"] == "no_data"
    assert "Поставка плат" in people[a.id]["indirect"][0]["text"]


def test_report_files_are_identical_when_regenerated_and_name_clauses(
    client: TestClient, world: World
) -> None:
    campaign = open_campaign(client, world)
    forms = forms_by_org(client, world, campaign["id"])
    a, b = world.orgs[:2]
    k = {"number": "15/2025", "date": "2025-04-01", "kind": "supply"}
    _submit(
        client,
        world,
        forms[a.id],
        "member",
        _values(800),
        [{"organization_id": b.id, "sales": 80, "contracts": [k]}],
    )
    for fmt in ("xlsx", "pdf"):
        first = _compliance(client, world, format=fmt)
        time.sleep(1.1)  # the clock moves on: a timestamp written into the file would now differ
        second = _compliance(client, world, format=fmt)
        assert first.content == second.content and len(first.content) > 1000
    assert first.content.startswith(b"%PDF")
    book = load_workbook(io.BytesIO(_compliance(client, world, format="xlsx").content))
    sheet = book["Требования"]
    header = [c.value for c in sheet[4]]
    assert header[:2] == ["Код", "Основание (пункт Требований)"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == [r.code for r in rulebook().rules]
    assert all(r[1] for r in rows) and rows[0][1].startswith(
        "Требования к промышленным кластерам, подпункт «а»"
    )
    contracts = list(book["Договоры и сведения"].iter_rows(min_row=2, values_only=True))
    assert contracts[0][2] == "15/2025" and contracts[0][3].date() == date(2025, 4, 1)
    bad = client.get(
        f"/api/v1/clusters/{world.cluster.id}/compliance",
        params={"period": "2025-13"},
        headers=world.headers("manager"),
    )
    assert bad.status_code == 422 and "период" in bad.text
