"""The organisation card lists the organisation's projects and capabilities."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Accounts


def test_card_shows_projects_and_capabilities(client: TestClient, accounts: Accounts) -> None:
    org = accounts.member_org
    manager = accounts.headers("manager")
    empty = client.get(f"/organizations/{org.id}").text
    assert "Проекты и возможности" in empty and "Возможности не указаны." in empty
    capability = client.post(
        "/api/v1/capabilities",
        headers=manager,
        json={
            "organization_id": org.id,
            "name": "Лидарные датчики",
            "description": "лидары для БПЛА",
            "okved2": "26.51",
        },
    )
    assert capability.status_code == 201, capability.text
    project = client.post(
        "/api/v1/projects",
        headers=manager,
        json={"title": "Лидар для беспилотника", "lead_organization_id": org.id},
    )
    assert project.status_code == 201, project.text
    card = client.get(f"/organizations/{org.id}").text
    assert "Лидарные датчики" in card and "26.51 — " in card
    assert f'href="/projects/{project.json()["id"]}"' in card
