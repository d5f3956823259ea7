"""Concurrent writers on a real uvicorn server: ten PATCHes of one organisation with the same version must
give exactly one 200 and nine 409 (optimistic locking), never a 500 «database is locked» — on SQLite (whose
write transactions now begin IMMEDIATE and queue on the busy timeout) and on PostgreSQL. Reads keep working
beside a writer that holds the lock (WAL)."""

from __future__ import annotations

import threading
from collections import Counter

import httpx
from sqlalchemy import select

from clusterdesk.db import make_engine, make_session_factory, writing
from clusterdesk.registry.models import Organization
from tests.conftest import BROWSER_MANAGER

WRITERS = 10


def _token(base_url: str) -> str:
    username, password = BROWSER_MANAGER
    response = httpx.post(f"{base_url}/api/v1/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def test_ten_concurrent_patches_one_wins_nine_conflict(live_server: str, scratch_url: str) -> None:
    headers = {"Authorization": f"Bearer {_token(live_server)}"}
    orgs = httpx.get(f"{live_server}/api/v1/organizations", params={"page_size": 1}).json()["items"]
    org_id, version = orgs[0]["id"], orgs[0]["version"]
    barrier = threading.Barrier(WRITERS)
    statuses: list[int] = []
    bodies: list[str] = []
    lock = threading.Lock()

    def patch(number: int) -> None:
        with httpx.Client(timeout=60) as client:
            barrier.wait()
            response = client.patch(
                f"{live_server}/api/v1/organizations/{org_id}",
                json={"description": f"правка №{number}", "version": version},
                headers=headers,
            )
        with lock:
            statuses.append(response.status_code)
            bodies.append(response.text)

    threads = [threading.Thread(target=patch, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert Counter(statuses) == Counter({200: 1, 409: WRITERS - 1}), bodies
    conflict = next(body for status, body in zip(statuses, bodies, strict=True) if status == 409)
    assert "изменён другим пользователем" in conflict
    final = httpx.get(f"{live_server}/api/v1/organizations/{org_id}").json()
    assert final["version"] == version + 1 and final["description"].startswith("правка №")


def test_reads_go_on_while_a_writer_holds_the_lock(live_server: str, scratch_url: str) -> None:
    engine = make_engine(scratch_url)
    try:
        with writing(), make_session_factory(engine).begin() as db:
            org = db.scalars(select(Organization).limit(1)).one()
            org.description = "пишется, ещё не сохранено"
            db.flush()  # the write lock is held until the block ends
            response = httpx.get(f"{live_server}/api/v1/organizations/{org.id}", timeout=30)
            assert response.status_code == 200
            assert response.json()["description"] != "пишется, ещё не сохранено"
    finally:
        engine.dispose()
