"""A large upload is analysed in the background on a real server: progress first, then the items."""

from __future__ import annotations

import re
import time

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from clusterdesk.intake import uploads
from clusterdesk.intake.manual import read_upload
from clusterdesk.intake.models import RawDocument
from tests.conftest import BROWSER_MANAGER

PLACES = ["Томске", "Северске", "Асино", "Колпашеве", "Стрежевом", "Кедровом", "Белом Яре", "Мельникове",
          "Каргаске", "Зырянском"]  # fmt: skip


def digest_file() -> bytes:
    news = [
        f"Новость {n + 1}: в {place} открыли центр\n\n"
        f"{n + 3} ноября в {place} открыли молодёжный центр технического творчества номер {n + 1}. "
        f"В центре будут заниматься {10 * (n + 2)} школьников из {n + 4} районов области."
        for n, place in enumerate(PLACES)
    ]
    return "\n\n\n".join(news).encode("cp1251")


def test_a_large_upload_runs_in_the_background_with_progress(
    live_server: str, factory: sessionmaker[Session]
) -> None:
    body = digest_file()
    total = len(uploads.slices_of(read_upload("сводка.txt", body)))
    assert total > uploads.BACKGROUND_ITEMS
    with httpx.Client(base_url=live_server, timeout=60) as client:
        username, password = BROWSER_MANAGER
        # like a browser: the login page sets the CSRF cookie and carries its token in the form
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert found is not None
        token = found.group(1)
        login = {"username": username, "password": password, "csrf_token": token}
        assert client.post("/login", data=login).status_code in (200, 303)
        client.headers["X-CSRF-Token"] = token  # what htmx sends from every page (static/clusterdesk.js)
        files = {"file": ("сводка.txt", body, "text/plain")}
        response = client.post("/intake/add", data={"mode": "file"}, files=files)
        assert response.status_code == 303 and response.headers["location"].startswith("/intake/uploads/")
        page_url = response.headers["location"]
        first = client.get(page_url)
        assert first.status_code == 200 and 'data-testid="upload-progress"' in first.text
        deadline = time.monotonic() + 180
        while "Готово" not in (page := client.get(page_url)).text:
            assert time.monotonic() < deadline, page.text
            fragment = client.get(page_url, headers={"HX-Request": "true"})
            assert fragment.status_code == 200
            time.sleep(0.5)
        assert f"Разобрано новостей: <strong>{total}</strong> из {total}" in page.text
        assert page.text.count('data-testid="added-item"') == total
        again = client.post("/intake/add", data={"mode": "file"}, files=files)
        assert again.headers["location"] == page_url  # the same file again stores nothing
        assert client.get(page_url, headers={"HX-Request": "true"}).headers.get("HX-Refresh") == "true"
    with factory() as session:
        raw = session.scalars(select(RawDocument).where(RawDocument.url.like("file:%"))).one()
        assert raw.progress_done == raw.progress_total == total and raw.items_new == total
        assert (
            session.scalar(
                select(func.count()).select_from(RawDocument).where(RawDocument.url.like("file:%"))
            )
            == 1
        )
