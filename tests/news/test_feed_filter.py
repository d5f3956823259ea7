"""The feed's organisation filter read from any query string: a clear Russian message, never a 500."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.registry import service as registry_service
from clusterdesk.registry.models import Organization, OrganizationKind


def test_the_organisation_filter_reads_any_query_string(client: TestClient, session: Session) -> None:
    org = Organization(short_name="Ромашка", name="ООО «Ромашка»", kind=OrganizationKind.enterprise)
    org.search_text = registry_service._organization_search_text(org)
    session.add(org)
    session.flush()
    chosen = client.get("/news", params={"org": "ромашка"})
    assert chosen.status_code == 200 and 'value="Ромашка"' in chosen.text
    assert 'data-testid="org-problem"' not in chosen.text
    by_link = client.get(f"/news?org_id={org.id}")
    assert by_link.status_code == 200 and 'value="Ромашка"' in by_link.text
    missing = session.scalar(select(Organization.id).order_by(Organization.id.desc())) + 1000
    for query, problem in (
        (f"org_id={missing}", f"Организации #{missing} в реестре нет: показаны все новости"),
        ("org=!!!", "Организация «!!!» в реестре не найдена"),
        ("org=" + "я" * 5000, "Организация «" + "я" * 200 + "» в реестре не найдена"),
    ):
        page = client.get(f"/news?{query}")
        assert page.status_code == 200, query
        assert problem in page.text, query
    nul = client.get("/news?org=%D0%B0%00%D0%B1")
    assert nul.status_code == 422 and "недопустимый (управляющий) символ" in nul.text  # the web kit's answer
    for query in ("org_id=99999999999", "org_id=0", "org_id=-3", "org_id=abc", "org=", "org=+++"):
        page = client.get(f"/news?{query}")
        assert page.status_code == 200, query
        assert 'data-testid="org-problem"' not in page.text, query  # nothing chosen: all news, no message
