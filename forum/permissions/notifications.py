"""Notifications and follows of boards and tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from forum.permissions.roles import _is_member

if TYPE_CHECKING:
    from accounts.models import User
    from forum.models import Board


def users_who_may_be_notified(queryset):
    """The members among ``queryset`` who may receive notifications: active accounts
    that are neither banned nor suspended (their banner already says why). Twin of
    ``can_be_notified``; change them together."""
    from django.utils import timezone

    return queryset.filter(is_active=True, is_banned=False).filter(
        Q(suspended_until__isnull=True) | Q(suspended_until__lte=timezone.now())
    )


def can_be_notified(user: User) -> bool:
    """Whether this member may receive notifications at all."""
    return bool(
        user is not None and user.pk and user.is_active and not user.is_suspended
    )


def can_view_notification(user: User, notification) -> bool:
    """A notification exists only for its recipient."""
    return _is_member(user) and notification.recipient_id == user.pk


def can_follow_board(user: User, board: Board) -> bool:
    """Any member may follow any board."""
    return _is_member(user)


def can_follow_tag(user: User, tag) -> bool:
    """Any member may follow any tag."""
    return _is_member(user)
