"""Background jobs (django-tasks): e-mail delivery with retries, digests, reminders."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from forum.notifications.services import delivery, jobs

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> timedelta:
    """Backoff after a failed attempt: 1, 5, 25, 125 minutes..."""
    return timedelta(minutes=5 ** (attempt - 1))


@task()
def send_notification_email(notification_id: int, attempt: int = 1) -> str:
    """Deliver one notification e-mail; on failure try again later, up to
    NOTIFICATIONS_EMAIL_MAX_ATTEMPTS times."""
    try:
        return delivery.deliver_notification_email(notification_id)
    except Exception:
        logger.warning(
            "Notification e-mail %s failed (attempt %s)",
            notification_id,
            attempt,
            exc_info=True,
        )
    return _retry(notification_id, attempt)


def _retry(notification_id: int, attempt: int) -> str:
    if attempt >= getattr(settings, "NOTIFICATIONS_EMAIL_MAX_ATTEMPTS", 5):
        delivery.give_up_email(notification_id)
        logger.error("Gave up on notification e-mail %s", notification_id)
        return "failed"
    retry = send_notification_email
    # The database backend runs the retry later; the immediate backend (development
    # and tests) can only run it at once.
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + retry_delay(attempt))
    retry.enqueue(notification_id, attempt + 1)
    return "retrying"


@task()
def send_digests() -> int:
    """The daily digest job (also `manage.py send_digests`)."""
    return jobs.send_digests()


@task()
def send_accept_reminders() -> int:
    """The accept-reminder job (also `manage.py send_accept_reminders`)."""
    return jobs.send_accept_reminders()
