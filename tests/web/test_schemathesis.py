"""Schemathesis over the whole OpenAPI inside the suite: every operation, both databases, signed in as an
admin so that writes run too; no generated request may get a server error (5xx).

Bounded: a few examples per operation (CLUSTERDESK_FUZZ_EXAMPLES, default 6), derandomized so that a failure
reproduces. Each failure is reported with the operation, the status and the request that caused it.
"""

from __future__ import annotations

import os
from pathlib import Path

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase

from clusterdesk.auth.models import Role, User
from clusterdesk.auth.security import issue_token
from clusterdesk.config import Settings
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.web.app import create_app
from tests.conftest import TEST_SECRET, load_all_demo_data

MAX_EXAMPLES = int(os.environ.get("CLUSTERDESK_FUZZ_EXAMPLES", "6"))


def _describe(case: schemathesis.Case) -> str:
    parts = [f"{case.method} {case.formatted_path}"]
    if case.query:
        parts.append(f"query={case.query!r}")
    if case.body is not None and not isinstance(case.body, schemathesis.core.NotSet):
        parts.append(f"body={str(case.body)[:300]!r}")
    return " ".join(parts)


def _fuzz_operation(
    operation: schemathesis.APIOperation, headers: dict[str, str], max_examples: int, failures: list[str]
) -> int:
    """Send generated cases of one operation; each distinct 5xx status is reported once."""
    sent = 0
    seen: set[int | str] = set()

    @hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy())
    def run(case: schemathesis.Case) -> None:
        nonlocal sent
        sent += 1
        try:
            response = case.call(headers=headers)
        except Exception as exc:  # the in-process client re-raises what the 500 handler logged
            if "exception" not in seen:
                seen.add("exception")
                failures.append(f"500 {_describe(case)}: {type(exc).__name__}: {exc}")
            return
        if response.status_code >= 500 and response.status_code not in seen:
            seen.add(response.status_code)
            failures.append(f"{response.status_code} {_describe(case)}: {response.text[:300]}")

    run()
    return sent


def fuzz(app: object, headers: dict[str, str], max_examples: int) -> tuple[int, list[str]]:
    """Run every operation of the app's OpenAPI; the number of requests sent and the server errors met."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    sent = 0
    failures: list[str] = []
    for result in schema.get_all_operations():
        sent += _fuzz_operation(result.ok(), headers, max_examples, failures)
    return sent, failures


def test_no_server_error_on_any_operation(scratch_url: str, tmp_path: Path, password_hash: str) -> None:
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as db:
        load_all_demo_data(db)
        admin = User(username="fuzz-admin", password_hash=password_hash, role=Role.admin, is_active=True)
        db.add(admin)
        db.flush()
        admin_id = admin.id
    settings = Settings(
        environment="test", data_dir=tmp_path, database_url=scratch_url, secret_key=TEST_SECRET
    )
    app = create_app(settings, engine=engine)
    token = issue_token(user_id=admin_id, secret_key=TEST_SECRET, ttl_minutes=60)
    try:
        sent, failures = fuzz(app, {"Authorization": f"Bearer {token}"}, MAX_EXAMPLES)
    finally:
        engine.dispose()
    assert sent > 100, f"only {sent} requests were generated"
    assert not failures, f"{len(failures)} server errors in {sent} requests:\n" + "\n".join(failures)


def test_fuzz_detects_a_server_error() -> None:
    """The harness itself can fail: an app with a route that crashes is reported."""
    from fastapi import FastAPI

    broken = FastAPI()

    @broken.get("/api/v1/crash")
    def crash(n: int) -> dict[str, int]:
        return {"n": 1 // (n - n)}

    sent, failures = fuzz(broken, {}, 3)
    assert sent >= 1 and failures and failures[0].startswith("500 GET /api/v1/crash")
