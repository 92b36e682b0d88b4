"""The summaries' background job (django-tasks): queued by every periodic run of
the deflection jobs, it sends whatever is due; sending is idempotent, so running
it every few minutes costs one query when nothing is."""

from django_tasks import task

from community.jobs import run_once_at_a_time


@task()
def send_report_summaries() -> None:
    """Send every subscription the summary of its latest complete period (nothing
    while another run is sending them)."""
    from forum.reports.sending import send_due_summaries

    with run_once_at_a_time("send_report_summaries") as running:
        if running:
            send_due_summaries()
