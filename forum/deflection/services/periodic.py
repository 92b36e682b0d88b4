"""The deflection module's periodic run: `manage.py run_deflection_jobs`, which the
schedule (deploy/crontab) runs every DEFLECTION_JOBS_INTERVAL_MINUTES.

It runs in the scheduler's process rather than on a worker, so the run's log and
exit status are the schedule's, and nothing piles up in the task queue while the
workers are down; every step is incremental and idempotent, so the next run is
the retry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from community.jobs import run_once_at_a_time
from forum.care.services.intake import file_queued
from forum.deflection.services.aggregation import build_deflection_stats
from forum.deflection.services.outbox import deliver_due

logger = logging.getLogger(__name__)


@dataclass
class PeriodicRun:
    deliveries: int | None = None
    filed: int | None = None
    stats: dict | None = None
    failed: list[str] = field(default_factory=list)


def run_periodic_jobs() -> PeriodicRun | None:
    """Sweep the due deliveries and the care desk's intake queue, build the daily
    aggregates, then queue the report summaries that are due; None when another run
    is in progress. A failing step is logged and listed, and the others still run."""
    with run_once_at_a_time("run_deflection_jobs") as running:
        if not running:
            return None
        run = PeriodicRun()
        run.deliveries = _step(run, "deliver_due", deliver_due)
        run.filed = _step(run, "file_queued", file_queued)
        run.stats = _step(run, "build_deflection_stats", build_deflection_stats)
        if run.stats is not None:
            # Only after a build, so a summary counts the period's last journeys.
            _step(run, "send_report_summaries", _enqueue_report_summaries)
        return run


def _step(run: PeriodicRun, name: str, step: Callable):
    try:
        return step()
    except Exception:
        logger.exception("Periodic step %s failed; the next run tries again", name)
        run.failed.append(name)
        return None


def _enqueue_report_summaries() -> None:
    """A job of its own on the worker, so one slow mail server holds up neither
    this run nor the next."""
    from forum.reports.tasks import send_report_summaries

    send_report_summaries.enqueue()
