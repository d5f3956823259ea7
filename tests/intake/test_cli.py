"""`clusterdesk sources add|list|check`, `worker --once` and `reprocess` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.intake.site import ARTICLES, Site, rss
from tests.test_cli import run


def test_sources_commands_and_a_worker_round_with_a_failing_source(
    scratch_url: str, tmp_path: Path, site: Site
) -> None:
    site.set("/news/1", ARTICLES["/news/1"])
    site.set("/rss", rss([("/news/1", "ТУСУР")], site.base), content_type="application/rss+xml")
    site.set("/broken", "oops", status=500)
    added = run(
        scratch_url, tmp_path, "sources", "add", site.url("/rss"), "--name", "Лента", "--interval", "15"
    )
    assert added.returncode == 0, added.stderr
    feed_id = int(added.stdout.strip())
    broken = run(scratch_url, tmp_path, "sources", "add", site.url("/broken"), "--kind", "page")
    assert broken.returncode == 0, broken.stderr
    bad = run(scratch_url, tmp_path, "sources", "add", "ftp://example.ru/rss")
    assert bad.returncode == 1 and "поле «url»" in bad.stderr

    checked = run(scratch_url, tmp_path, "sources", "check", str(feed_id))
    assert checked.returncode == 0, checked.stderr
    assert "новых новостей: 1" in checked.stdout

    once = run(scratch_url, tmp_path, "worker", "--once", "--host-delay", "0", "--retries", "0")
    assert once.returncode == 0, once.stdout + once.stderr  # a failing source is reported, not fatal
    assert "ошибкой 500" in once.stdout and "источников 1 (с ошибкой 1)" in once.stdout

    listed = run(scratch_url, tmp_path, "sources", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    assert rows[feed_id]["items_new"] == 1 and rows[feed_id]["last_error"] is None and rows[feed_id]["active"]
    failing = next(row for row in rows.values() if row["id"] != feed_id)
    assert "ошибкой 500" in failing["last_error"] and failing["last_success"] is None
    assert set(rows[feed_id]) >= {
        "id",
        "url",
        "kind",
        "active",
        "last_success",
        "last_error",
        "next_run",
        "items_new",
    }

    redo = run(scratch_url, tmp_path, "reprocess", "--since", "2020-01-01", "--source", str(feed_id))
    assert redo.returncode == 0, redo.stderr
    assert "Переобработано документов: 1" in redo.stdout
    assert run(scratch_url, tmp_path, "reprocess", "--since", "вчера").returncode == 1


def test_worker_that_cannot_reach_its_database_exits_non_zero(tmp_path: Path) -> None:
    result = run("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path, "worker", "--once")
    assert result.returncode == 2 and "не может начать работу" in result.stderr
