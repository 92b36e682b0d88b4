"""Reading notifications: marking them read."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import caching, permissions
from forum.live import events as live
from forum.notifications.models import Notification


def mark_read(notification: Notification, *, by: User) -> Notification:
    """Mark one notification read (again is harmless). Raises PermissionDenied when it
    is someone else's."""
    if not permissions.can_view_notification(by, notification):
        raise PermissionDenied(_("That notification isn't yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        caching.forget_inboxes([notification.recipient_id])
        live.inbox_changed([notification.recipient_id])
    return notification


def mark_all_read(user: User) -> int:
    """Mark all of a member's notifications read; returns how many were unread."""
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    caching.forget_inboxes([user.pk])
    live.inbox_changed([user.pk])
    return marked
