"""The summaries' background job (django-tasks): enqueued by every periodic run of
the deflection jobs, it sends whatever is due; sending is idempotent, so running
it every few minutes costs one query when nothing is."""

from django_tasks import task


@task()
def send_report_summaries() -> None:
    """Send every subscription the summary of its latest complete period."""
    from forum.reports.sending import send_due_summaries

    send_due_summaries()
