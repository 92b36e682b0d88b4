"""Everything that writes notifications, preferences and follows."""

from forum.notifications.services.follows import (
    follow_board,
    follow_tag,
    unfollow_board,
    unfollow_tag,
)
from forum.notifications.services.inbox import mark_all_read, mark_read
from forum.notifications.services.jobs import send_accept_reminders, send_digests
from forum.notifications.services.notify import (
    notify,
    notify_badges,
    notify_kudos,
    notify_mentions,
    notify_moderator_action,
    notify_new_thread,
    notify_reply,
    notify_solution_accepted,
)
from forum.notifications.services.preferences import unsubscribe, update_preferences

__all__ = [
    "follow_board",
    "follow_tag",
    "mark_all_read",
    "mark_read",
    "notify",
    "notify_badges",
    "notify_kudos",
    "notify_mentions",
    "notify_moderator_action",
    "notify_new_thread",
    "notify_reply",
    "notify_solution_accepted",
    "send_accept_reminders",
    "send_digests",
    "unfollow_board",
    "unfollow_tag",
    "unsubscribe",
    "update_preferences",
]
