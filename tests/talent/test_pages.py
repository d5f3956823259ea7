"""The talent page as HTML: no API paths in its text; the program form lists only universities and colleges,
with no organisation chosen in advance; a program for a company is refused in Russian."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import SYSTEM
from clusterdesk.registry import service as registry
from clusterdesk.registry.models import Organization, OrganizationKind
from clusterdesk.registry.schemas import OrganizationCreate
from clusterdesk.talent.models import EducationalProgram
from tests.conftest import PASSWORD, Accounts


def _login(client: TestClient, username: str) -> None:
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303


def _school_options(html: str) -> list[tuple[str, str, bool]]:
    select_html = re.search(
        r'<select name="organization_id" aria-label="Вуз или колледж".*?</select>', html, re.S
    )
    assert select_html is not None, "no «Вуз или колледж» field"
    return [
        (value, label, "selected" in attrs)
        for value, attrs, label in re.findall(
            r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select_html.group(0)
        )
    ]


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_program_form_lists_only_schools_and_chooses_none(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    for short_name, kind in (
        ("ТУСУР", OrganizationKind.university),
        ("Томский политехнический техникум", OrganizationKind.university),
        ("АО «Завод»", OrganizationKind.enterprise),
    ):
        registry.create_organization(
            session=session,
            actor=SYSTEM,
            data=OrganizationCreate(short_name=short_name, name=short_name, kind=kind),
        )
    session.commit()

    anonymous = client.get("/talent")
    assert anonymous.status_code == 200
    text = _visible_text(anonymous.text)
    assert "/api/" not in text and "<code>" not in anonymous.text
    assert "после входа в систему" in text

    _login(client, "manager-user")
    page = client.get("/talent")
    assert "/api/" not in _visible_text(page.text)
    options = _school_options(page.text)
    assert sorted(label for value, label, _ in options if value) == [
        "ТУСУР",
        "Томский политехнический техникум",
    ]
    assert options[0][0] == "" and options[0][2]  # the placeholder is chosen, not a company or a school
    assert "АО «Тестовая фирма»" in page.text  # companies are still offered in the demand form

    company = session.scalar(select(Organization).where(Organization.short_name == "АО «Завод»"))
    assert company is not None
    refused = client.post(
        "/talent/programs",
        data={
            "organization_id": str(company.id),
            "specialty_code": "11.03.01",
            "specialty": "Радиотехника",
            "level": "bachelor",
        },
        follow_redirects=False,
    )
    assert refused.status_code == 422 and "«АО «Завод»» — не вуз и не колледж" in refused.text
    assert session.scalar(select(func.count(EducationalProgram.id))) == 0


def test_member_of_a_company_is_told_programs_come_from_schools(
    client: TestClient, accounts: Accounts
) -> None:
    _login(client, "member-user")
    page = client.get("/talent")
    assert page.status_code == 200
    assert 'aria-label="Вуз или колледж"' not in page.text
    assert "ваша организация в реестре — не вуз и не колледж" in page.text
