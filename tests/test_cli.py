"""The CLI as a user runs it: a real process against a real database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.registry.models import Cluster, Organization


def run(url: str, tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLUSTERDESK_DATABASE_URL": url,
        "CLUSTERDESK_DATA_DIR": str(tmp_path),
        "CLUSTERDESK_ENVIRONMENT": "test",
        "COLUMNS": "200",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "clusterdesk.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )


def test_demo_no_serve_is_idempotent_and_marked(scratch_url: str, tmp_path: Path) -> None:
    first = run(scratch_url, tmp_path, "demo", "--no-serve")
    assert first.returncode == 0, first.stderr
    second = run(scratch_url, tmp_path, "demo", "--no-serve")
    assert second.returncode == 0, second.stderr
    assert "organizations: +0" in second.stdout
    engine = make_engine(scratch_url)
    with make_session_factory(engine)() as session:
        orgs = session.scalars(select(Organization)).all()
        assert {"ТУСУР", "АО «НПФ «Микран»", "ООО «ЛЭМЗ–Т»", "АО «НПП Радар ММС»", "АО «Когнитив»"} <= {
            o.short_name for o in orgs
        }
        assert all(o.is_demo and o.source for o in orgs)
        assert all(o.inn is None and o.ogrn is None for o in orgs)  # nothing invented
        clusters = session.scalars(select(Cluster)).all()
        assert len(clusters) == 2
        industrial = next(c for c in clusters if c.kind.value == "industrial")
        assert len(industrial.memberships) == 6
    engine.dispose()


def test_users_create_from_stdin_and_errors(scratch_url: str, tmp_path: Path) -> None:
    ok = run(
        scratch_url,
        tmp_path,
        "users",
        "create",
        "--username",
        "olga",
        "--role",
        "manager",
        "--password-stdin",
        stdin="s3cret-password\n",
    )
    assert ok.returncode == 0, ok.stderr
    again = run(
        scratch_url,
        tmp_path,
        "users",
        "create",
        "--username",
        "olga",
        "--role",
        "manager",
        "--password-stdin",
        stdin="s3cret-password\n",
    )
    assert again.returncode == 1 and "уже существует" in again.stderr
    member = run(
        scratch_url,
        tmp_path,
        "users",
        "create",
        "--username",
        "ivan",
        "--role",
        "member",
        "--password-stdin",
        stdin="s3cret-password\n",
    )
    assert member.returncode == 1 and "--org" in member.stderr
    listed = run(scratch_url, tmp_path, "users", "list")
    assert "olga" in listed.stdout and "ivan" not in listed.stdout


def test_import_bad_file_stores_nothing_then_export(scratch_url: str, tmp_path: Path) -> None:
    lines = ["Краткое наименование;Полное наименование;Тип;ИНН"]
    lines += [f"Фирма {i};ООО «Фирма {i}»;Предприятие;" for i in range(1, 50)]
    lines.insert(21, "Плохая;ООО «Плохая»;Предприятие;1234567890")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(scratch_url, tmp_path, "import", "organizations", str(bad))
    assert result.returncode == 1
    assert "строка 22" in result.stderr and "ИНН" in result.stderr
    engine = make_engine(scratch_url)
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Organization)) == 0
    good = tmp_path / "good.csv"
    good.write_text("\n".join(line for line in lines if "Плохая" not in line) + "\n", encoding="utf-8")
    assert run(scratch_url, tmp_path, "import", "organizations", str(good)).returncode == 0
    out = tmp_path / "orgs.xlsx"
    exported = run(scratch_url, tmp_path, "export", "organizations", "--out", str(out), "--q", "Фирмы")
    assert exported.returncode == 0, exported.stderr
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 50 and rows[0][0] == "Краткое наименование"
    wrong = run(scratch_url, tmp_path, "export", "organizations", "--out", str(tmp_path / "x.pdf"))
    assert wrong.returncode == 1 and ".xlsx" in wrong.stderr
    engine.dispose()
