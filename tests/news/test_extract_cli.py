"""`clusterdesk extract` as a user runs it: JSON lines, offsets, registry links with a database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.registry.demo import load_demo_registry


def _extract(tmp_path: Path, env: dict[str, str], *args: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "clusterdesk.cli", "extract", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_no_split_without_database_keeps_the_file_whole(tmp_path: Path, seed_000: Path) -> None:
    items = _extract(tmp_path, {"CLUSTERDESK_DATA_DIR": str(tmp_path)}, str(seed_000), "--no-split")
    source = seed_000.read_text("utf-8")
    assert len(items) == 1
    item = items[0]
    assert list(item) == [
        "source",
        "item",
        "offset",
        "title",
        "published",
        "text",
        "entities",
        "facts",
        "duplicate_of",
    ]
    assert item["offset"] == 0 and item["text"] == source
    assert all(e["link"] is None for e in item["entities"])
    for entity in item["entities"]:
        assert source[entity["start"] : entity["end"]] == entity["text"]


def test_links_point_into_the_configured_registry(scratch_url: str, tmp_path: Path, seed_004: Path) -> None:
    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as session:
        load_demo_registry(session=session)
    engine.dispose()
    items = _extract(tmp_path, {"CLUSTERDESK_DATABASE_URL": scratch_url}, str(seed_004))
    assert len(items) == 1
    links = {e["text"]: e["link"] for e in items[0]["entities"] if e["link"]}
    assert links["ТУСУРа"]["name"] == "ТУСУР" and isinstance(links["ТУСУРа"]["id"], int)
    assert links["НПФ «Микран»"]["name"] == "АО «НПФ «Микран»"
    assert links["Василий Потёмкин"]["name"] == "Василий Потёмкин"
    assert "Последние статьи" not in items[0]["text"] and "Ольга Шмырева" not in items[0]["text"]


# the installed `clusterdesk` command (clusterdesk.launcher:main), saying which heavy modules it loaded
_LAUNCHER = (
    "import atexit, sys\n"
    "heavy = ('scipy', 'sqlalchemy', 'pydantic_settings', 'clusterdesk.cli', 'clusterdesk.web',\n"
    "         'clusterdesk.registry')\n"
    "atexit.register(lambda: print('loaded:', *[m for m in heavy if m in sys.modules], file=sys.stderr))\n"
    "from clusterdesk.launcher import main\n"
    "main()\n"
)


def _run(tmp_path: Path, env: dict[str, str], command: list[str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **env}, cwd=tmp_path, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


def test_the_command_runs_extract_without_the_rest_of_the_cli(
    scratch_url: str, tmp_path: Path, seed_004: Path
) -> None:
    """`clusterdesk extract` loads only the news pipeline (no SciPy, no database layer without a database) and
    prints what the whole CLI prints, with and without a registry to link to."""
    plain = {"CLUSTERDESK_DATA_DIR": str(tmp_path)}
    alone = _run(tmp_path, plain, [sys.executable, "-c", _LAUNCHER, "extract", "--no-split", str(seed_004)])
    assert alone.stderr.strip().splitlines()[-1] == "loaded:"
    whole = _run(
        tmp_path, plain, [sys.executable, "-m", "clusterdesk.cli", "extract", "--no-split", str(seed_004)]
    )
    assert alone.stdout == whole.stdout and alone.stdout.count("\n") == 1

    engine = make_engine(scratch_url)
    with make_session_factory(engine).begin() as session:
        load_demo_registry(session=session)
    engine.dispose()
    registry = {"CLUSTERDESK_DATABASE_URL": scratch_url}
    linked = _run(tmp_path, registry, [sys.executable, "-c", _LAUNCHER, "extract", str(seed_004)])
    assert "scipy" not in linked.stderr.strip().splitlines()[-1]
    whole = _run(tmp_path, registry, [sys.executable, "-m", "clusterdesk.cli", "extract", str(seed_004)])
    assert linked.stdout == whole.stdout and '"link": {"' in linked.stdout
