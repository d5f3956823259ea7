"""Periodic jobs: the contract between the worker and the domains that want something done on a schedule.

A domain contributes jobs by having ``jobs.py`` with ``JOBS: list[Job]``; ``clusterdesk worker`` finds them
through ``domain_modules("jobs")`` and runs each when it is due. A job's ``run`` does its work inside the
session it is given (flush, never commit: the worker commits once the job returns and rolls back if it raises)
and returns how many things it did (items stored, e-mails sent, deliveries made), for the worker's log.
A job must be safe to run twice for the same moment: exactly-once effects are recorded by the job itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

JobRun = Callable[[Session, datetime], int]


@dataclass(frozen=True, slots=True)
class Job:
    """One periodic job: a stable name (also its key in the worker's records), how often, what to run."""

    name: str
    every: timedelta
    run: JobRun
    title: str = ""  # Russian, for the worker's status page
