"""The periodic purge of uploads no post took, on the project's task backend.

Production runs it on the database backend (`manage.py db_worker`), queued once by
`manage.py purge_uploads --schedule`; each run queues the next. Development and
tests run tasks at once, where the command alone does the job.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

PURGE_INTERVAL = timedelta(hours=1)


@task()
def purge_uploads() -> None:
    """Purge unattached uploads older than a day, then schedule the next run."""
    from forum.attachments.services import purge_unattached_uploads

    try:
        purge_unattached_uploads()
    finally:
        # A failing run must not end the chain: the next one may well succeed.
        schedule_upload_purge(skip_if_queued=False)


def schedule_upload_purge(*, skip_if_queued: bool = True) -> bool:
    """Queue the next purge an hour from now, unless the backend cannot defer
    jobs or one is already queued; returns whether it queued one."""
    if not purge_uploads.get_backend().supports_defer:
        return False
    if skip_if_queued and _purge_queued():
        return False
    purge_uploads.using(run_after=timezone.now() + PURGE_INTERVAL).enqueue()
    return True


def _purge_queued() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another deferring backend: trust the caller
        return False
    from django_tasks import TaskResultStatus

    return DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        task_path=purge_uploads.module_path,
    ).exists()
