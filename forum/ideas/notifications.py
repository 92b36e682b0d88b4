"""What a notification about an idea says (forum.notifications.texts asks this for
every notification that names an idea)."""

from forum.notifications.models import Notification, NotificationKind


def idea_summary(notification: Notification) -> str:
    """One sentence saying what happened to the idea; ``detail`` holds the new
    status's name for status changes."""
    actor = notification.actor.name if notification.actor_id else "Someone"
    title = notification.idea.title
    if notification.kind == NotificationKind.IDEA_STATUS:
        if notification.action == "merged":
            return f"“{title}” was merged into another idea; your vote moved with it"
        return f"The idea “{title}” is now {notification.detail}"
    if notification.kind == NotificationKind.IDEA_COMMENT:
        return f"{actor} commented on the idea “{title}”"
    return f"Something happened to the idea “{title}”"
