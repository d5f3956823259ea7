"""The worker as a thread of the demo server: started by `clusterdesk demo`, stopped with it."""

from __future__ import annotations

import socket
import threading
import time

from clusterdesk.config import Settings
from clusterdesk.db import make_engine, make_session_factory
from clusterdesk.intake.worker import Worker, WorkerOptions
from clusterdesk.jobs import Job


def _wait_for_port(host: str, port: int, stop: threading.Event, limit: float = 60.0) -> None:
    """The demo sources are served by the server itself: poll only once it listens."""
    deadline = time.monotonic() + limit
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return
        except OSError:
            stop.wait(0.3)


def start_worker_thread(
    settings: Settings, host: str, port: int, jobs: list[Job]
) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()

    def run() -> None:
        _wait_for_port(host, port, stop)
        engine = make_engine(settings.effective_database_url)
        try:
            Worker(make_session_factory(engine), WorkerOptions(idle=15.0), jobs=jobs).run_forever(stop)
        finally:
            engine.dispose()

    thread = threading.Thread(target=run, name="clusterdesk-worker", daemon=True)
    thread.start()
    return thread, stop
