"""`clusterdesk ingest` as a user runs it: idempotent, crash-safe, bad items reported, workers agree."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.news.models import NewsFact, NewsItem, NewsMention, NewsOccurrence

TABLES = (NewsItem, NewsOccurrence, NewsMention, NewsFact)


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CLUSTERDESK_DATABASE_URL": url,
        "CLUSTERDESK_DATA_DIR": str(tmp_path),
        "CLUSTERDESK_ENVIRONMENT": "test",
        "COLUMNS": "200",
        "NO_COLOR": "1",
    }


def _ingest(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clusterdesk.cli", "ingest", *args],
        capture_output=True,
        text=True,
        env=_env(url, tmp_path),
        cwd=tmp_path,
        timeout=600,
    )


def _counts(url: str) -> tuple[int, ...]:
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        counts = tuple(session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES)
    engine.dispose()
    return counts


def _corpus(folder: Path, seed_000: Path, seed_004: Path, copies: int) -> Path:
    """Many small real news files: the seed items, each in several files with its own header line."""
    folder.mkdir()
    items = [p for p in seed_000.read_text("utf-8").split("\n") if len(p) > 200]
    items.append(seed_004.read_text("utf-8").split("Ранее мы сообщали")[0])
    for n in range(copies):
        for i, text in enumerate(items):
            (folder / f"{n:02d}_{i}.txt").write_text(text, encoding="utf-8")
    return folder


def test_rerun_stores_nothing_and_bad_items_do_not_stop_the_batch(
    scratch_url: str, tmp_path: Path, seed_000: Path, seed_004: Path
) -> None:
    corpus = _corpus(tmp_path / "news", seed_000, seed_004, copies=1)
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "empty.txt").write_bytes(b"")
    first = _ingest(scratch_url, tmp_path, str(corpus), str(seed_000))
    assert first.returncode == 3, first.stderr  # some inputs failed; the rest is stored
    assert "binary.txt" in first.stderr and "empty.txt" in first.stderr
    after_first = _counts(scratch_url)
    assert after_first[0] >= 5
    second = _ingest(scratch_url, tmp_path, str(corpus), str(seed_000))
    assert second.returncode == 3  # the same two bad files
    assert "Новых новостей: 0" in second.stdout
    assert _counts(scratch_url) == after_first
    missing = _ingest(scratch_url, tmp_path, str(tmp_path / "nope.txt"))
    assert missing.returncode == 3 and "nope.txt" in missing.stderr


def test_killed_ingest_resumes_without_loss_or_doubles(
    scratch_url: str,
    databases,
    backend: str,
    tmp_path: Path,
    seed_000: Path,
    seed_004: Path,  # type: ignore[no-untyped-def]
) -> None:
    corpus = _corpus(tmp_path / "news", seed_000, seed_004, copies=8)
    total_files = len(list(corpus.iterdir()))
    reference_url = databases.migrated_url(backend)
    assert _ingest(reference_url, tmp_path, str(corpus)).returncode == 0
    expected = _counts(reference_url)
    assert expected[1] == total_files  # one occurrence per file

    process = subprocess.Popen(
        [sys.executable, "-m", "clusterdesk.cli", "ingest", str(corpus)],
        env=_env(scratch_url, tmp_path),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        stored = _counts(scratch_url)[1]
        if stored >= 3:
            break
        time.sleep(0.02)
    assert process.poll() is None, "ingest finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = _counts(scratch_url)
    assert 3 <= partial[1] < total_files
    resumed = _ingest(scratch_url, tmp_path, str(corpus))
    assert resumed.returncode == 0, resumed.stderr
    assert _counts(scratch_url) == expected


@pytest.mark.slow
def test_two_workers_store_the_same_as_one(
    scratch_url: str,
    databases,
    backend: str,
    tmp_path: Path,
    seed_000: Path,
    seed_004: Path,  # type: ignore[no-untyped-def]
) -> None:
    corpus = _corpus(tmp_path / "news", seed_000, seed_004, copies=2)
    one_url = databases.migrated_url(backend)
    assert _ingest(one_url, tmp_path, str(corpus)).returncode == 0
    two = _ingest(scratch_url, tmp_path, str(corpus), "--workers", "2")
    assert two.returncode == 0, two.stderr
    assert _counts(scratch_url) == _counts(one_url)
