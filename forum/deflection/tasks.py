"""Background jobs (django-tasks): delivering the outbox.

Production runs them on the database backend (`manage.py db_worker`); development and
tests run them at once, in the process that enqueues them. The periodic work is not
a job here: the schedule runs it as a command (forum.deflection.services.periodic).
"""

from django_tasks import task


@task()
def deliver(delivery_id: int) -> None:
    """Try one outbox delivery (retries are enqueued by the attempt itself)."""
    from forum.deflection.services.outbox import attempt_delivery

    attempt_delivery(delivery_id)
