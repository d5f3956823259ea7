"""A very large plain-text file through `clusterdesk ingest`: first item stored, throughput, memory.

The file is real news (tests/data/news gold and seed texts), each text under its own headline line, repeated
until the file has the asked size; the repeats are stored as reprints of the first copy, after the full
analysis. `clusterdesk ingest` runs as a user runs it, on a fresh SQLite database; the database is polled once
a second for the number of stored items (news items and their reprints). ``--max-seconds`` stops the run there
(ingest is crash-safe) and reports how far it got.

Usage: .venv/bin/python bench/ingest_stream.py [--mb 50] [--max-seconds 0]
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/data/news"


def build_file(path: Path, megabytes: float) -> tuple[int, int]:
    """Write the file; return (bytes, texts)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "gold").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((DATA / "seeds").glob("*.txt"))]
    target = int(megabytes * 1024 * 1024)
    written = count = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < target:
            text = texts[count % len(texts)].strip()
            first = text.split("\n", 1)[0][:120].rstrip(".!?…")
            chunk = f"{first}\n\n{text}\n\n"
            handle.write(chunk)
            written += len(chunk.encode("utf-8"))
            count += 1
    return written, count


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return int(connection.execute("select count(*) from news_occurrence").fetchone()[0])
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--max-seconds", type=float, default=0.0, help="stop the ingest after this long")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "news.txt"
        size, texts = build_file(source, args.mb)
        db = work / "bench.db"
        env = {
            **os.environ,
            "CLUSTERDESK_DATABASE_URL": f"sqlite:///{db}",
            "CLUSTERDESK_DATA_DIR": str(work),
            "CLUSTERDESK_ENVIRONMENT": "test",
            "NO_COLOR": "1",
        }
        # migrate first, so that the timed run starts with the analysis
        subprocess.run([sys.executable, "-m", "clusterdesk.cli", "db", "upgrade"], env=env, check=True)
        start = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "clusterdesk.cli", "ingest", str(source)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        first_at = None
        stopped = False
        while process.poll() is None:
            time.sleep(1)
            if first_at is None and stored(db) > 0:
                first_at = time.monotonic() - start
            if args.max_seconds and time.monotonic() - start > args.max_seconds:
                process.send_signal(signal.SIGINT)
                process.wait()
                stopped = True
        elapsed = time.monotonic() - start
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        items = stored(db)
    print(f"file: {size / 1024 / 1024:.1f} MB, {texts} texts; exit code {process.returncode}")
    print("| file | first item stored after | items stored | elapsed | items/s | peak RSS |")
    print("|---|---|---|---|---|---|")
    state = f"{elapsed:.0f} s (stopped)" if stopped else f"{elapsed:.0f} s (done)"
    print(
        f"| {size / 1024 / 1024:.0f} MB | {first_at or float('nan'):.1f} s | {items} of {texts} | {state} "
        f"| {items / elapsed:.1f} | {rss_mb:.0f} MB |"
    )


if __name__ == "__main__":
    main()
