"""What a notification about an idea says (forum.notifications.texts asks this for
every notification that names an idea)."""

from django.utils.translation import gettext as _

from forum.notifications.models import Notification, NotificationKind


def idea_summary(notification: Notification) -> str:
    """One sentence saying what happened to the idea; ``detail`` holds the new
    status's name for status changes."""
    actor = notification.actor.name if notification.actor_id else _("Someone")
    title = notification.idea.title
    if notification.kind == NotificationKind.IDEA_STATUS:
        if notification.action == "merged":
            return _(
                "“%(title)s” was merged into another idea; your vote moved with it"
            ) % {"title": title}
        return _("The idea “%(title)s” is now %(status)s") % {
            "title": title,
            "status": notification.detail,
        }
    if notification.kind == NotificationKind.IDEA_COMMENT:
        return _("%(actor)s commented on the idea “%(title)s”") % {
            "actor": actor,
            "title": title,
        }
    return _("Something happened to the idea “%(title)s”") % {"title": title}
