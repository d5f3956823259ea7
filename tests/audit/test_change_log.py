"""The readable change log: Russian type names, object names with links, «было → стало», filters, export."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from clusterdesk.audit.labels import OBJECT_TYPES, type_label
from clusterdesk.audit.models import ChangeRecord
from clusterdesk.db import Base
from tests.conftest import PASSWORD, Accounts


def _make_changes(client: TestClient, accounts: Accounts) -> dict[str, int]:
    manager = accounts.headers("manager")
    org = client.post(
        "/api/v1/organizations",
        json={"short_name": "ООО «ЛидарТех»", "name": "ООО «ЛидарТех»", "kind": "enterprise"},
        headers=manager,
    ).json()
    client.patch(f"/api/v1/organizations/{org['id']}", json={"city": "Томск", "version": 1}, headers=manager)
    person = client.post(
        "/api/v1/people", json={"full_name": "Иван Петрович Сидоров"}, headers=manager
    ).json()
    post = client.post(
        "/api/v1/posts",
        json={"person_id": person["id"], "organization_id": org["id"], "title": "директор"},
        headers=manager,
    )
    assert post.status_code == 201, post.text
    gone = client.post(
        "/api/v1/organizations",
        json={"short_name": "ООО «Временная»", "name": "ООО «Временная»", "kind": "enterprise"},
        headers=manager,
    ).json()
    assert (
        client.delete(
            f"/api/v1/organizations/{gone['id']}", params={"version": 1}, headers=manager
        ).status_code
        == 204
    )
    return {"org": org["id"], "person": person["id"], "gone": gone["id"]}


def test_every_table_has_a_russian_label() -> None:
    import clusterdesk.models  # noqa: F401  (every domain's tables in Base.metadata)

    missing = sorted(t for t in Base.metadata.tables if t not in OBJECT_TYPES)
    assert missing == [], "таблицы без русского названия"
    assert all(re.search("[а-я]", t.label) and re.search("[А-Я]", t.plural) for t in OBJECT_TYPES.values())
    assert type_label("no_such_table") == "прочий объект"


def test_api_rows_carry_russian_labels_links_and_filters(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    ids = _make_changes(client, accounts)
    manager = accounts.headers("manager")
    rows = client.get("/api/v1/audit", params={"organization_id": ids["org"]}, headers=manager).json()[
        "items"
    ]
    by_type = {(r["entity_type"], r["action"]): r for r in rows}
    assert by_type[("organization", "update")]["entity_label"] == "организация"
    assert by_type[("organization", "update")]["url"] == f"/organizations/{ids['org']}"
    assert by_type[("post", "create")]["entity_label"] == "должность"
    assert (
        by_type[("post", "create")]["url"] == f"/people/{ids['person']}"
    )  # a post lives on its person's card
    assert all(r["entity_type"] in ("organization", "post") for r in rows)

    deleted = client.get(
        "/api/v1/audit", params={"entity_type": "organization", "entity_id": ids["gone"]}, headers=manager
    )
    for row in deleted.json()["items"]:
        assert row["deleted"] is True and row["url"] is None and row["entity_name"] == "ООО «Временная»"

    by_user = client.get("/api/v1/audit", params={"user": "manager-user"}, headers=manager).json()
    assert by_user["total"] >= 6 and all(r["actor_name"] == "manager-user" for r in by_user["items"])
    assert client.get("/api/v1/audit", params={"user": "nobody"}, headers=manager).json()["total"] == 0
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert client.get("/api/v1/audit", params={"since": future}, headers=manager).json()["total"] == 0
    assert client.get("/api/v1/audit", params={"until": future}, headers=manager).json()["total"] >= 6
    old = session.get(ChangeRecord, rows[-1]["id"])
    old.at = datetime(2024, 3, 1, 12, tzinfo=UTC)
    session.flush()
    march = client.get(
        "/api/v1/audit",
        params={"since": "2024-03-01T00:00:00Z", "until": "2024-03-02T00:00:00Z"},
        headers=manager,
    ).json()
    assert [r["id"] for r in march["items"]] == [old.id]


def test_change_log_page_filters_and_exports(client: TestClient, accounts: Accounts) -> None:
    ids = _make_changes(client, accounts)
    assert client.post("/login", data={"username": "manager-user", "password": PASSWORD}).status_code in (
        200,
        303,
    )
    page = client.get("/audit")
    assert page.status_code == 200
    assert f'<a href="/organizations/{ids["org"]}">ООО «ЛидарТех»</a>' in page.text.replace("&#34;", '"')
    assert re.search(r"<del>—</del> → <ins>Томск</ins>", page.text)
    assert "удалён</span>" in page.text
    visible = re.sub(r"<[^>]+>", " ", page.text)
    for raw in ("organization", "person", "post #", "news_item", "user_account"):
        assert raw not in visible
    today = datetime.now(UTC).date()
    none = client.get("/audit", params={"until": (today - timedelta(days=400)).isoformat()})
    assert "Изменений нет." in none.text
    bad = client.get("/audit", params={"since": "вчера"})
    assert bad.status_code == 422 and "ожидается дата в виде дд.мм.гггг" in bad.text
    russian = client.get("/audit", params={"until": f"{today - timedelta(days=400):%d.%m.%Y}"})
    assert russian.status_code == 200 and "Изменений нет." in russian.text

    exported = client.get("/audit/export.csv", params={"organization_id": str(ids["org"])})
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Когда (UTC)", "Кто", "Действие", "Тип объекта"]
    assert any(
        r[3] == "организация" and r[4] == "ООО «ЛидарТех»" and "город: — → Томск" in r[6] for r in rows[1:]
    )
    assert any(r[5] == f"http://testserver/organizations/{ids['org']}" for r in rows[1:])
    xlsx = client.get("/audit/export.xlsx", params={"entity_type": "person"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values and all(v[3] == "человек" for v in values)
    assert client.get("/audit/export.pdf").status_code == 422
