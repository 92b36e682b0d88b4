"""Sending one notification e-mail, with the checks made at the moment of sending."""

import logging

from django.db.models import F
from django.utils import timezone

from forum import permissions
from forum.notifications import emails
from forum.notifications.models import (
    DEFAULT_CHANNELS,
    Channel,
    EmailFrequency,
    EmailState,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
)
from forum.notifications.services.notify import _may_see

logger = logging.getLogger(__name__)


def enqueue_emails(notification_ids: list[int]) -> None:
    """Queue a delivery job per notification; a queue failure is logged, never
    raised (the notification is still in the site)."""
    from forum.notifications.tasks import send_notification_email

    for notification_id in notification_ids:
        try:
            send_notification_email.enqueue(notification_id)
        except Exception:
            logger.exception("Could not queue notification e-mail %s", notification_id)


def _load(notification_id: int) -> Notification:
    return Notification.objects.select_related(
        "recipient",
        "actor",
        "thread",
        "thread__board",
        "post",
        "post__thread",
        "article",
        "idea",
    ).get(pk=notification_id)


def wants_email_now(notification: Notification) -> bool:
    """Whether the recipient still wants this e-mail and may still see its subject:
    preferences or visibility may have changed since it was queued."""
    user = notification.recipient
    if not permissions.can_be_notified(user) or not user.email:
        return False
    preference = NotificationPreference.objects.filter(
        user=user, kind=notification.kind
    ).first()
    channel = preference.channel if preference else DEFAULT_CHANNELS[notification.kind]
    frequency = (
        NotificationSettings.objects.filter(user=user)
        .values_list("email_frequency", flat=True)
        .first()
    ) or EmailFrequency.IMMEDIATE
    if channel != Channel.EMAIL or frequency == EmailFrequency.NEVER:
        return False
    if notification.kind == NotificationKind.MODERATION:
        return True
    return _may_see(
        user,
        thread=notification.thread,
        post=notification.post,
        article=notification.article,
        idea=notification.idea,
    )


def deliver_notification_email(notification_id: int) -> str:
    """Send one queued notification e-mail; returns "sent" or "skipped" (already
    handled, or no longer wanted). Raises whatever the mail backend raises, leaving
    the e-mail queued for a retry."""
    claimed = Notification.objects.filter(
        pk=notification_id, email_state=EmailState.QUEUED
    ).update(email_state=EmailState.SENDING)
    if not claimed:
        return "skipped"
    notification = _load(notification_id)
    mine = Notification.objects.filter(pk=notification_id)
    if not wants_email_now(notification):
        mine.update(email_state=EmailState.SKIPPED)
        return "skipped"
    try:
        emails.notification_message(notification).send()
    except Exception:
        mine.update(
            email_state=EmailState.QUEUED, email_attempts=F("email_attempts") + 1
        )
        raise
    mine.update(
        email_state=EmailState.SENT,
        emailed_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
    )
    return "sent"


def give_up_email(notification_id: int) -> None:
    """Mark a queued e-mail failed after its last attempt (it stays in the site)."""
    Notification.objects.filter(
        pk=notification_id, email_state=EmailState.QUEUED
    ).update(email_state=EmailState.FAILED)
