"""Periodic work: daily digests and accept reminders. Both are idempotent, so a
scheduler may run them as often as it likes."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from forum import permissions
from forum.models import BoardKind, Post, Thread
from forum.notifications import emails
from forum.notifications.models import (
    AcceptReminder,
    EmailFrequency,
    EmailState,
    Notification,
    NotificationKind,
    NotificationSettings,
)
from forum.notifications.services.notify import _may_see, notify

logger = logging.getLogger(__name__)

# Threads whose first reply is older than this (beyond ACCEPT_REMINDER_DAYS) get no
# reminder: switching reminders on must not e-mail every asker of years past.
REMINDER_LOOKBACK_DAYS = 30


def _local_day(moment: datetime):
    return timezone.localtime(moment).date()


def send_digests(*, now: datetime | None = None) -> int:
    """E-mail each daily-digest member their pending notifications in one message, at
    most once per local day; returns how many digests went out. A failed send stays
    pending for the next run."""
    now = now or timezone.now()
    recipient_ids = list(
        Notification.objects.filter(email_state=EmailState.DIGEST, created_at__lte=now)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in recipient_ids:
        try:
            sent += _send_digest(user_id, now=now)
        except Exception:
            logger.exception("Digest for member %s failed; retried next run", user_id)
    return sent


@transaction.atomic
def _send_digest(user_id: int, *, now: datetime) -> bool:
    row, _ = NotificationSettings.objects.select_for_update().get_or_create(
        user_id=user_id
    )
    if row.last_digest_at and _local_day(row.last_digest_at) >= _local_day(now):
        return False
    pending = list(
        Notification.objects.filter(
            recipient_id=user_id, email_state=EmailState.DIGEST, created_at__lte=now
        )
        .select_related(
            "recipient", "actor", "thread", "thread__board", "post", "article", "idea"
        )
        .order_by("created_at", "id")
    )
    user = User.objects.get(pk=user_id)
    wanted = []
    if (
        permissions.can_be_notified(user)
        and user.email
        and row.email_frequency != EmailFrequency.NEVER
    ):
        wanted = [n for n in pending if n.read_at is None and _still_visible(n)]
    if wanted:
        # Raising here rolls the whole digest back: it stays pending for next run.
        emails.digest_message(user, wanted).send()
        Notification.objects.filter(pk__in=[n.pk for n in wanted]).update(
            email_state=EmailState.SENT, emailed_at=now
        )
        row.last_digest_at = now
        row.save(update_fields=["last_digest_at"])
    skipped = [n.pk for n in pending if n not in wanted]
    Notification.objects.filter(pk__in=skipped).update(email_state=EmailState.SKIPPED)
    return bool(wanted)


def _still_visible(notification: Notification) -> bool:
    if notification.kind == NotificationKind.MODERATION:
        return True
    return _may_see(
        notification.recipient,
        thread=notification.thread,
        post=notification.post,
        article=notification.article,
        idea=notification.idea,
    )


def send_accept_reminders(*, now: datetime | None = None) -> int:
    """Remind askers whose question has replies from others but no accepted solution
    ACCEPT_REMINDER_DAYS after the first reply; one reminder per thread, ever.
    Returns how many reminders were sent."""
    now = now or timezone.now()
    due_before = now - timedelta(days=getattr(settings, "ACCEPT_REMINDER_DAYS", 3))
    visitor = AnonymousUser()
    replies_by_others = permissions.posts_visible_to(
        visitor, Post.objects.filter(thread=OuterRef("pk"))
    ).exclude(author=OuterRef("author"))
    threads = (
        permissions.threads_visible_to(visitor)
        .filter(
            board__kind=BoardKind.QUESTIONS,
            solution_post__isnull=True,
            is_locked=False,
            author__isnull=False,
            first_response_at__lte=due_before,
            first_response_at__gt=due_before - timedelta(days=REMINDER_LOOKBACK_DAYS),
            accept_reminder__isnull=True,
        )
        .filter(Exists(replies_by_others))
        .select_related("board", "author")
        .order_by("first_response_at", "id")
    )
    return sum(_remind(thread, now=now) for thread in threads)


@transaction.atomic
def _remind(thread: Thread, *, now: datetime) -> bool:
    try:
        with transaction.atomic():
            AcceptReminder.objects.create(
                thread=thread, recipient=thread.author, sent_at=now
            )
    except IntegrityError:
        return False  # another run got here first
    visitor = AnonymousUser()
    first_reply = (
        permissions.posts_visible_to(visitor, thread.posts.all())
        .exclude(author_id=thread.author_id)
        .select_related("thread")
        .order_by("created_at", "id")
        .first()
    )
    notify(
        [thread.author],
        kind=NotificationKind.ACCEPT_REMINDER,
        thread=thread,
        post=first_reply,
    )
    return True
