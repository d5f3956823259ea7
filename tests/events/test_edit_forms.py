"""Event and agreement edit forms: the version travels in the form, 409 when stale, Russian messages."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.events import agreements, service
from clusterdesk.events.models import AgreementKind, EventKind
from clusterdesk.events.schemas import AgreementCreate, EventCreate
from tests.conftest import PASSWORD, Accounts
from tests.events.conftest import Registry


def _login(client: TestClient, username: str) -> None:
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303


def _audit(client: TestClient, accounts: Accounts, entity_type: str, entity_id: int) -> list[dict[str, Any]]:
    response = client.get(
        "/api/v1/audit",
        params={"entity_type": entity_type, "entity_id": entity_id},
        headers=accounts.headers("manager"),
    )
    assert response.status_code == 200
    return response.json()["items"]


def test_manager_edits_an_event_from_the_form(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    event = service.create_event(
        session=session,
        actor=SYSTEM,
        data=EventCreate(name="Форум U-Novus", kind=EventKind.forum, date_text="в мае"),
    )
    session.commit()
    url = f"/events/{event.id}"

    _login(client, "analyst-user")
    assert "/edit" not in client.get(url).text
    assert client.get(f"{url}/edit").status_code == 403
    assert client.post(f"{url}/edit", data={"name": "Чужая правка", "version": "1"}).status_code == 403

    _login(client, "manager-user")
    assert (
        f'href="{url}/edit" role="button" class="secondary outline small">Изменить</a>'
        in client.get(url).text
    )
    form = client.get(f"{url}/edit")
    assert form.status_code == 200 and "Форум U-Novus" in form.text
    assert 'name="version" value="1"' in form.text and "в мае" in form.text

    edited = client.post(
        f"{url}/edit",
        data={
            "name": "Форум U-Novus 2025",
            "kind": "forum",
            "start": "2025-05-20",
            "end": "2025-05-22",
            "date_text": "",
            "place": "Томск",
            "topics": "технологии\nкадры",
            "description": "Ежегодный форум",
            "cluster_id": "",
            "version": "1",
        },
        follow_redirects=False,
    )
    assert edited.status_code == 303 and edited.headers["location"] == f"{url}?saved=1"
    page = client.get(edited.headers["location"]).text
    assert "Форум U-Novus 2025" in page and "Томск" in page and "Изменения сохранены" in page
    [change] = [c for c in _audit(client, accounts, "event", event.id) if c["action"] == "update"]
    assert change["after"]["name"] == "Форум U-Novus 2025" and change["before"]["name"] == "Форум U-Novus"

    stale = client.post(f"{url}/edit", data={"name": "Другое название", "kind": "forum", "version": "1"})
    assert stale.status_code == 409
    assert 'role="alert"' in stale.text and "Другое название" in stale.text  # the user's input is kept
    assert "изменён другим пользователем (версия 2, у вас 1)" in stale.text
    assert "Форум U-Novus 2025" in client.get(url).text

    invalid = client.post(
        f"{url}/edit", data={"name": "Форум", "kind": "forum", "start": "двадцатое мая", "version": "2"}
    )
    assert invalid.status_code == 422
    assert 'id="start-error"' in invalid.text
    assert "ожидается дата в виде дд.мм.гггг: «двадцатое мая»" in invalid.text
    backwards = client.post(
        f"{url}/edit",
        data={"name": "Форум", "kind": "forum", "start": "2025-05-22", "end": "2025-05-20", "version": "2"},
    )
    assert backwards.status_code == 422 and "раньше" in backwards.text
    assert "Форум U-Novus 2025" in client.get(url).text


def test_manager_edits_an_agreement_from_the_form(
    client: TestClient, accounts: Accounts, session: Session, registry_rows: Registry
) -> None:
    agreement = agreements.create_agreement(
        session=session,
        actor=SYSTEM,
        data=AgreementCreate(
            party_ids=[registry_rows.tusur.id, registry_rows.mts.id],
            kind=AgreementKind(next(iter(AgreementKind)).value),
            subject="Сотрудничество в образовании",
        ),
    )
    session.commit()
    url = f"/agreements/{agreement.id}"

    _login(client, "analyst-user")
    assert client.get(f"{url}/edit").status_code == 403
    assert client.post(f"{url}/edit", data={"subject": "Чужая правка", "version": "1"}).status_code == 403

    _login(client, "manager-user")
    assert f'href="{url}/edit"' in client.get(url).text
    form = client.get(f"{url}/edit")
    assert form.status_code == 200 and "Сотрудничество в образовании" in form.text
    assert 'name="version" value="1"' in form.text and 'name="party_ids"' not in form.text

    kind = agreement.kind.value
    edited = client.post(
        f"{url}/edit",
        data={
            "date": "2025-03-01",
            "kind": kind,
            "subject": "Сотрудничество в подготовке кадров",
            "term_text": "3 года",
            "valid_until": "2028-03-01",
            "description": "",
            "version": "1",
        },
        follow_redirects=False,
    )
    assert edited.status_code == 303 and edited.headers["location"] == f"{url}?saved=1"
    page = client.get(edited.headers["location"]).text
    assert "Сотрудничество в подготовке кадров" in page and "3 года" in page and "Изменения сохранены" in page
    [change] = [c for c in _audit(client, accounts, "agreement", agreement.id) if c["action"] == "update"]
    assert change["after"]["subject"] == "Сотрудничество в подготовке кадров"

    stale = client.post(f"{url}/edit", data={"subject": "Другой предмет", "kind": kind, "version": "1"})
    assert stale.status_code == 409 and 'role="alert"' in stale.text and "Другой предмет" in stale.text
    assert "изменён другим пользователем (версия 2, у вас 1)" in stale.text
    assert "Сотрудничество в подготовке кадров" in client.get(url).text

    invalid = client.post(
        f"{url}/edit", data={"subject": "Предмет", "kind": kind, "date": "первое марта", "version": "2"}
    )
    assert invalid.status_code == 422
    assert 'id="date-error"' in invalid.text
    assert "ожидается дата в виде дд.мм.гггг: «первое марта»" in invalid.text
    assert "Input should be" not in invalid.text
    backwards = client.post(
        f"{url}/edit",
        data={
            "subject": "Предмет",
            "kind": kind,
            "date": "2025-03-01",
            "valid_until": "2024-01-01",
            "version": "2",
        },
    )
    assert backwards.status_code == 422 and 'id="valid_until-error"' in backwards.text
    assert "срок действия раньше даты подписания" in backwards.text


def test_a_member_sees_no_edit_button_on_an_agreement(
    client: TestClient, accounts: Accounts, session: Session, registry_rows: Registry
) -> None:
    agreement = agreements.create_agreement(
        session=session,
        actor=SYSTEM,
        data=AgreementCreate(
            party_ids=[accounts.member_org.id, registry_rows.mts.id],
            kind=next(iter(AgreementKind)),
            subject="Совместные проекты",
        ),
    )
    session.commit()
    _login(client, "member-user")
    url = f"/agreements/{agreement.id}"
    assert f'href="{url}/edit"' not in client.get(url).text
    assert client.get(f"{url}/edit").status_code == 403
    refused = client.post(
        f"{url}/edit", data={"subject": "Своя правка", "kind": agreement.kind.value, "version": "1"}
    )
    assert refused.status_code == 403
