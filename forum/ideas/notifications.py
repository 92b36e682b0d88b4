"""What a notification about an idea says (forum.notifications.texts asks this for
every notification that names an idea)."""

from django.utils.translation import gettext as _

from forum.ideas.models import IdeaStatus
from forum.notifications.models import Notification, NotificationKind


def _status_name(detail: str) -> str:
    """The status's name in the reader's language; notifications written before
    the value was stored hold the English name, shown as it is."""
    if detail in IdeaStatus.values:
        return IdeaStatus(detail).label
    return detail


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
            "status": _status_name(notification.detail),
        }
    if notification.kind == NotificationKind.IDEA_COMMENT:
        return _("%(actor)s commented on the idea “%(title)s”") % {
            "actor": actor,
            "title": title,
        }
    return _("Something happened to the idea “%(title)s”") % {"title": title}
