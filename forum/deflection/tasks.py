"""Background jobs (django-tasks): delivering the outbox and the periodic build.

Production runs them on the database backend (`manage.py db_worker`); development and
tests run them at once, in the process that enqueues them.
"""

import logging

from django.utils import timezone
from django_tasks import task

from forum.deflection import conf

logger = logging.getLogger(__name__)


@task()
def deliver(delivery_id: int) -> None:
    """Try one outbox delivery (retries are enqueued by the attempt itself)."""
    from forum.deflection.services.outbox import attempt_delivery

    attempt_delivery(delivery_id)


@task()
def run_periodic_jobs() -> None:
    """Build the daily aggregates, sweep due deliveries and the care desk's intake
    queue, queue the report summaries that are due, then schedule the next run."""
    from forum.care.services.intake import file_queued
    from forum.deflection.services.aggregation import build_deflection_stats
    from forum.deflection.services.outbox import deliver_due

    try:
        build_deflection_stats()
        deliver_due()
        file_queued()
        _enqueue_report_summaries()
    finally:
        # A failing run must not end the chain: the next one may well succeed.
        schedule_periodic_jobs(skip_if_queued=False)


def _enqueue_report_summaries() -> None:
    """After the build, so a summary counts the period's last journeys; a job of
    its own, so a failing e-mail never holds up the aggregates."""
    from forum.reports.tasks import send_report_summaries

    send_report_summaries.enqueue()


def schedule_periodic_jobs(*, skip_if_queued: bool = True) -> bool:
    """Queue the next periodic run DEFLECTION_JOBS_INTERVAL_MINUTES from now, unless
    the backend cannot defer jobs or a run is already queued; returns whether queued."""
    backend = run_periodic_jobs.get_backend()
    if not backend.supports_defer:
        return False
    if skip_if_queued and _periodic_run_queued():
        return False
    run_after = timezone.now() + conf.jobs_interval()
    run_periodic_jobs.using(run_after=run_after).enqueue()
    return True


def _periodic_run_queued() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another deferring backend: trust the caller
        return False
    from django_tasks import TaskResultStatus

    # READY includes runs scheduled for later (ready() alone would not).
    return DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        task_path=run_periodic_jobs.module_path,
    ).exists()
