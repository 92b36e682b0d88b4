"""What the notification pages and the header read."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from taggit.models import Tag

from accounts.models import User
from forum import caching
from forum.models import Board, Post
from forum.notifications.models import (
    DEFAULT_CHANNELS,
    BoardFollow,
    EmailFrequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationSettings,
    TagFollow,
)
from forum.permissions import (
    articles_visible_to,
    ideas_visible_to,
    posts_visible_to,
    threads_visible_to,
)


def notifications_visible_to(user: User) -> QuerySet[Notification]:
    """A member's notifications, leaving out those about content they may no longer
    see (a moderator's notice about your post always stays)."""
    visible_content = (
        Q(thread__isnull=True) | Q(thread__in=threads_visible_to(user))
    ) & (Q(post__isnull=True) | Q(post__in=posts_visible_to(user, Post.objects.all())))
    visible_content &= Q(article__isnull=True) | Q(
        article__in=articles_visible_to(user)
    )
    visible_content &= Q(idea__isnull=True) | Q(idea__in=ideas_visible_to(user))
    return Notification.objects.filter(recipient=user).filter(
        visible_content | Q(kind=NotificationKind.MODERATION)
    )


def notification_list(user: User) -> QuerySet[Notification]:
    """The notification centre: newest activity first, with what each line names."""
    return notifications_visible_to(user).select_related(
        "actor", "thread", "thread__board", "article", "idea"
    )


def notification_detail(user: User, notification_id: int) -> Notification:
    """One of the member's own notifications; raises Http404 for anyone else's."""
    return get_object_or_404(notification_list(user), pk=notification_id)


def unread_count(user: User) -> int:
    """The header's number: one COUNT over the unread index, kept in the cache
    until the member gets or reads a notification (or for a minute)."""
    if not user.is_authenticated:
        return 0
    return caching.remember(
        *unread_count_entry(user),
        lambda: notifications_visible_to(user).filter(read_at__isnull=True).count(),
        timeout=caching.UNREAD_SECONDS,
    )


def unread_count_entry(user: User) -> tuple[list[str], tuple]:
    """Where the member's unread count is cached: (scope, name) for forum.caching."""
    return [caching.inbox_key(user.pk)], ("unread", user.pk)


def settings_for(user: User) -> NotificationSettings:
    """The member's settings row, or the defaults (unsaved) when they have none."""
    row = NotificationSettings.objects.filter(user=user).first()
    return row or NotificationSettings(user=user)


def channels_for(user: User) -> dict[str, str]:
    """The member's channel for every kind, defaults filled in."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "channel")
    )
    return {kind: chosen.get(kind, DEFAULT_CHANNELS[kind]) for kind in NotificationKind}


def wants_auto_follow(user: User) -> bool:
    """Whether the member follows threads they start or reply to (default yes)."""
    value = (
        NotificationSettings.objects.filter(user=user)
        .values_list("auto_follow", flat=True)
        .first()
    )
    return True if value is None else value


def emails_enabled(user: User) -> bool:
    """Whether the member gets any notification e-mail."""
    return settings_for(user).email_frequency != EmailFrequency.NEVER


def followed_boards(user: User) -> list[Board]:
    """Boards the member follows, in display order."""
    return list(Board.objects.filter(follows__user=user).order_by("position", "name"))


def followed_tags(user: User) -> list[Tag]:
    """Tags the member follows, by name."""
    return list(Tag.objects.filter(follows__user=user).order_by("name"))


def is_following_board(user: User, board: Board) -> bool:
    """Whether the member follows this board (no query for visitors)."""
    if not user.is_authenticated:
        return False
    return BoardFollow.objects.filter(user=user, board=board).exists()


def is_following_tag(user: User, tag: Tag) -> bool:
    """Whether the member follows this tag (no query for visitors)."""
    if not user.is_authenticated:
        return False
    return TagFollow.objects.filter(user=user, tag=tag).exists()
